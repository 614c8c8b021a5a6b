package org.ntk4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.random.RandomStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {
    @TempDir
    Path dir;

    private static DoubleMatrix random(int rows, int cols, long seed) {
        DoubleMatrix m = new DoubleMatrix(rows, cols);
        RandomStream.of(seed).fillGaussian(m.data());
        return m;
    }

    /** A .npy file written by hand (not by the writer under test): version, dict text, raw data. */
    static byte[] npy(int major, String dict, byte[] data) {
        int pre = major == 1 ? 10 : 12;
        byte[] h = dict.getBytes(StandardCharsets.UTF_8);
        int total = (pre + h.length + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) (total - pre));
        } else {
            b.putInt(total - pre);
        }
        b.put(h);
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').put(data);
        return b.array();
    }

    static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    @Test
    void float64And32RoundTrips2d() throws IOException {
        DoubleMatrix m = random(7, 5, 1);
        Path f64 = dir.resolve("m64.npy");
        Npy.write(f64, m, Npy.DType.FLOAT64);
        Npy.Data d = Npy.read(f64);
        assertEquals("<f8", d.dtype());
        assertArrayEquals(new int[]{7, 5}, d.shape());
        assertArrayEquals(m.data(), d.rows().data());
        assertEquals(0, Files.size(f64) % 8);
        assertEquals(128, Files.size(f64) - 7 * 5 * 8, "header padded to 64 bytes");

        Path f32 = dir.resolve("m32.npy");
        Npy.write(f32, m, Npy.DType.FLOAT32);
        DoubleMatrix back = Npy.readMatrix(f32);
        assertEquals(m.toFloat().toDouble().maxAbsDiff(back), 0.0);
        FloatMatrix fm = m.toFloat();
        Path ff = dir.resolve("f.npy");
        Npy.write(ff, fm);
        assertArrayEquals(back.data(), Npy.readMatrix(ff).data());
    }

    @Test
    void fourDimensionalImagesRoundTrip() throws IOException {
        DoubleMatrix m = random(4, 3 * 2 * 5, 2);
        Path f = dir.resolve("img.npy");
        Npy.write(f, m, Npy.DType.FLOAT64, new int[]{4, 3, 2, 5});
        Dataset d = Npy.readDataset(f);
        assertArrayEquals(new int[]{3, 2, 5}, d.sampleShape());
        assertArrayEquals(m.data(), ((DoubleMatrix) d.inputs()).data());
        assertTrue(Files.readString(f, StandardCharsets.ISO_8859_1).contains("'shape': (4, 3, 2, 5)"));
        Npy.write(f, m, Npy.DType.FLOAT32, new int[]{4, 3, 2, 5});
        assertArrayEquals(new int[]{3, 2, 5}, Npy.read(f).sampleShape());
        assertThrows(IllegalArgumentException.class, () -> Npy.write(f, m, Npy.DType.FLOAT64, new int[]{4, 3, 2, 4}));
    }

    @Test
    void versions2And3AndOtherDtypes() throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
        for (int major : new int[]{1, 2, 3}) {
            Path f = Files.write(dir.resolve("v" + major + ".npy"), npy(major, dict, doubles(1, 2, 3, 4)));
            assertArrayEquals(new double[]{1, 2, 3, 4}, Npy.readMatrix(f).data(), "version " + major);
        }
        Path oneD = Files.write(dir.resolve("1d.npy"),
                npy(1, "{\"descr\":\"<f8\",\"fortran_order\":False,\"shape\":(3,)}", doubles(1, 2, 3)));
        DoubleMatrix v = Npy.readMatrix(oneD);
        assertEquals(3, v.rows());
        assertEquals(1, v.cols());

        Path u1 = Files.write(dir.resolve("u1.npy"), npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 3), }",
                new byte[]{0, (byte) 200, (byte) 255}));
        assertArrayEquals(new double[]{0, 200, 255}, Npy.readMatrix(u1).data());
        ByteBuffer i4 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-7).putInt(1 << 30);
        Path fi4 = Files.write(dir.resolve("i4.npy"), npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", i4.array()));
        assertArrayEquals(new double[]{-7, 1 << 30}, Npy.readMatrix(fi4).data());
        ByteBuffer i8 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-123456789012L);
        Path fi8 = Files.write(dir.resolve("i8.npy"), npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1, 1), }", i8.array()));
        assertArrayEquals(new double[]{-123456789012.0}, Npy.readMatrix(fi8).data());
        Path gray = Files.write(dir.resolve("gray.npy"), npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 2), }",
                doubles(1, 2, 3, 4)));
        assertArrayEquals(new int[]{1, 2, 2}, Npy.read(gray).sampleShape());
    }

    private String fails(byte[] content) throws IOException {
        Path f = Files.write(dir.resolve("bad.npy"), content);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void clearErrors() throws IOException {
        String ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
        assertTrue(fails(npy(1, ok.replace("False", "True"), doubles(1, 2, 3, 4))).contains("Fortran order"));
        assertTrue(fails(npy(1, ok.replace("<f8", ">f8"), doubles(1, 2, 3, 4))).contains("big-endian"));
        assertTrue(fails(npy(1, ok.replace("<f8", "<c16"), doubles(1, 2, 3, 4))).contains("dtype '<c16' is not supported"));
        assertTrue(fails(npy(1, ok, doubles(1, 2, 3))).contains("needs 32 data bytes but the file has 24 (truncated?)"));
        assertTrue(fails(npy(1, ok, doubles(1, 2, 3, 4, 5))).contains("(unexpected trailing data)"));
        assertTrue(fails(npy(1, ok, doubles(1, Double.NaN, 3, 4))).contains("element 1 is NaN"));
        assertTrue(fails(npy(1, ok, doubles(1, 2, Double.POSITIVE_INFINITY, 4))).contains("NaN and infinite values"));
        assertTrue(fails(npy(1, ok.replace("(2, 2)", "(0, 2)"), new byte[0])).contains("no data rows"));
        assertTrue(fails(npy(1, ok.replace("(2, 2)", "()"), doubles(1))).contains("0 dimensions"));
        assertTrue(fails(npy(1, ok.replace("(2, 2)", "(99999999999, 99999999999)"), doubles(1))).contains("dimension 1 = 99999999999"));
        assertTrue(fails(npy(1, ok.replace("(2, 2)", "(2000000000, 2000000000)"), doubles(1))).contains("(truncated?)"));
        assertTrue(fails(npy(1, ok.replace("'shape'", "'shap'"), doubles(1, 2, 3, 4))).contains("no 'shape' tuple"));
        assertTrue(fails(npy(1, ok.replace("}", ""), doubles(1, 2, 3, 4))).contains("malformed .npy header"));
        assertTrue(fails(npy(4, ok, doubles(1, 2, 3, 4))).contains("byte 6: unsupported .npy format version 4.0"));
        assertTrue(fails("not numpy at all".getBytes()).contains("byte 0: not a .npy file"));
        assertTrue(fails(new byte[0]).endsWith("file is empty"));
        byte[] lying = npy(2, ok, doubles(1, 2, 3, 4));
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2_000_000_000);
        assertTrue(fails(lying).contains("implausibly large"));
    }

    @Test
    void failedWriteLeavesNoFileAndKeepsTheOldOne() throws IOException {
        Path f = dir.resolve("out.npy");
        DoubleMatrix bad = random(100_000, 3, 3); // several chunks: the NaN is met after data was written
        bad.set(90_000, 1, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> Npy.write(f, bad, Npy.DType.FLOAT64));
        assertFalse(Files.exists(f));
        DoubleMatrix good = random(2, 2, 4);
        Npy.write(f, good, Npy.DType.FLOAT64);
        assertThrows(IllegalArgumentException.class, () -> Npy.write(f, bad, Npy.DType.FLOAT32));
        assertArrayEquals(good.data(), Npy.readMatrix(f).data(), "old file untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(java.util.List.of("out.npy"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary files left");
        }
    }

    @Test
    void headerIsValidNumpyFormat() {
        byte[] h = Npy.header(Npy.DType.FLOAT32, new int[]{5});
        assertEquals(0, h.length % 64);
        assertEquals('\n', h[h.length - 1]);
        String text = new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }"), text);
        int len = (h[8] & 0xFF) | (h[9] & 0xFF) << 8;
        assertEquals(h.length - 10, len);
        assertTrue(Arrays.equals(Arrays.copyOf(h, 6), new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}));
    }
}
