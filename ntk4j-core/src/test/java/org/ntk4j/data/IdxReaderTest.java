package org.ntk4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.linalg.DoubleMatrix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes with the given dimensions; pixel k has value k mod 256. */
    static byte[] idx(int... dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + (int) n);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        for (int k = 0; k < n; k++) {
            b.put((byte) k);
        }
        return b.array();
    }

    static byte[] labels(int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length);
        b.put(new byte[]{0, 0, 8, 1}).putInt(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private String fails(byte[] content, boolean images) throws IOException {
        Path f = file("bad-idx", content);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> {
                    if (images) {
                        IdxReader.readImages(f);
                    } else {
                        IdxReader.readLabels(f);
                    }
                });
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void imagesRawAndGzip() throws IOException {
        byte[] raw = idx(3, 2, 4);
        for (Path f : List.of(file("img", raw), file("img.gz", TestData.gzip(raw)))) {
            Dataset d = IdxReader.readImages(f);
            assertEquals(3, d.size());
            assertArrayEquals(new int[]{1, 2, 4}, d.sampleShape());
            double[] expected = new double[24];
            Arrays.setAll(expected, k -> k);
            assertArrayEquals(expected, ((DoubleMatrix) d.inputs()).data());
            assertEquals(3, IdxReader.count(f));
        }
        // pixel values above 127 are unsigned
        Dataset big = IdxReader.readImages(file("big", idx(1, 16, 16)));
        assertEquals(255.0, big.inputs().dense().get(0, 255));
    }

    @Test
    void selectedRowsOnly() throws IOException {
        Path f = file("img", idx(4, 1, 2));
        Dataset d = IdxReader.readImages(f, new int[]{3, 0});
        assertArrayEquals(new double[]{6, 7, 0, 1}, ((DoubleMatrix) d.inputs()).data());
        assertArrayEquals(new int[]{2, 9}, IdxReader.readLabels(file("lab", labels(9, 1, 2, 2)), new int[]{2, 0}));
    }

    @Test
    void classificationPairsImagesAndLabels() throws IOException {
        Path img = file("train-images-idx3-ubyte.gz", TestData.gzip(idx(3, 2, 2)));
        Path lab = file("train-labels-idx1-ubyte", labels(9, 0, 4));
        Dataset d = IdxReader.readClassification(img, lab, IdxReader.FASHION_MNIST_CLASSES);
        assertArrayEquals(new int[]{9, 0, 4}, d.labels());
        assertEquals("Ankle boot", d.classNames().get(d.labels()[0]));
        assertEquals(IdxReader.DIGIT_CLASSES, IdxReader.readClassification(img, lab, IdxReader.DIGIT_CLASSES).classNames());

        DataFormatException range = assertThrows(DataFormatException.class,
                () -> IdxReader.readClassification(img, lab, List.of("a", "b", "c")));
        assertTrue(range.getMessage().contains(lab + ": byte 8: label 9 is outside 0..2"), range.getMessage());
        Path fewer = file("fewer", labels(1, 2));
        DataFormatException count = assertThrows(DataFormatException.class,
                () -> IdxReader.readClassification(img, fewer, IdxReader.DIGIT_CLASSES));
        assertTrue(count.getMessage().contains("has 2 labels but"), count.getMessage());
    }

    @Test
    void validatesHeaderAndLength() throws IOException {
        assertTrue(fails(new byte[0], true).contains("byte 0: file ends inside the magic number (empty file)"));
        assertTrue(fails(new byte[]{1, 0, 8, 3}, true).contains("not an IDX file"));
        assertTrue(fails(new byte[]{0, 0, 0x0D, 3}, true).contains("byte 2: IDX data type 0x0D is not supported"));
        assertTrue(fails(labels(1, 2), true).contains("byte 3: IDX file has 1 dimension(s), expected 3"));
        assertTrue(fails(idx(2, 2, 2), false).contains("expected 1 (one label per item)"));
        byte[] ok = idx(2, 3, 3);
        assertTrue(fails(Arrays.copyOf(ok, ok.length - 1), true).contains("need 34 bytes but the file has 33 (truncated?)"));
        assertTrue(fails(Arrays.copyOf(ok, ok.length + 5), true).contains("(unexpected trailing data)"));
        assertTrue(fails(Arrays.copyOf(ok, 10), true).contains("file ends inside the dimension sizes"));
        byte[] zero = idx(2, 3, 3);
        ByteBuffer.wrap(zero).putInt(4, 0);
        assertTrue(fails(zero, true).contains("byte 4: dimension 1 has size 0 (no data rows)"));
        byte[] negative = idx(2, 3, 3);
        ByteBuffer.wrap(negative).putInt(8, -5);
        assertTrue(fails(negative, true).contains("dimension 2 has size 4294967291"));
        byte[] huge = idx(2, 3, 3);
        ByteBuffer.wrap(huge).putInt(4, 2_000_000_000);
        assertTrue(fails(huge, true).contains("more than 2^31 bytes"));
    }

    @Test
    void gzipWithLyingHeaderIsRejectedBeforeAllocating() throws IOException {
        byte[] raw = idx(2, 3, 3);
        ByteBuffer.wrap(raw).putInt(4, 20_000_000); // 180 MB claimed by a file of a few dozen bytes
        Path f = file("lie.gz", TestData.gzip(raw));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(f));
        assertTrue(e.getMessage().contains("gzip file can hold"), e.getMessage());
        byte[] truncated = TestData.gzip(idx(50, 28, 28));
        Path g = file("trunc.gz", Arrays.copyOf(truncated, truncated.length / 2));
        DataFormatException t = assertThrows(DataFormatException.class, () -> IdxReader.readImages(g));
        assertTrue(t.getMessage().startsWith(g.toString()), t.getMessage());
    }
}
