package org.ntk4j.data;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Parallel;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageZipReaderTest {
    @TempDir
    Path dir;
    private final int threads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threads);
    }

    /** A w×h RGB image whose pixel (x, y) is (r, x*10, y*10). */
    static BufferedImage rgb(int w, int h, int r) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r << 16 | (x * 10) << 8 | y * 10);
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, bos), format);
        return bos.toByteArray();
    }

    static Path zip(Path file, List<String> names, List<byte[]> contents) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
            for (int i = 0; i < names.size(); i++) {
                z.putNextEntry(new ZipEntry(names.get(i)));
                if (contents.get(i) != null) {
                    z.write(contents.get(i));
                }
                z.closeEntry();
            }
        }
        return file;
    }

    /** 12 PNG images, 4 per class "cat", "ant", "bee"; red channel = 10 * class position + index. */
    Path smallZip() throws IOException {
        List<String> names = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        names.add("train/");
        data.add(null);
        String[] classes = {"cat", "ant", "bee"};
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < 4; i++) {
                names.add("train/" + classes[c] + "/" + i + ".png");
                data.add(encode(rgb(3, 2, 10 * c + i), "png"));
            }
        }
        names.add("train/README.txt");
        data.add("not an image".getBytes());
        return zip(dir.resolve("small.zip"), names, data);
    }

    @Test
    void decodesChannelMajorWithSortedClasses() throws IOException {
        Dataset d = ImageZipReader.read(smallZip());
        assertEquals(12, d.size());
        assertArrayEquals(new int[]{3, 2, 3}, d.sampleShape());
        assertEquals(List.of("ant", "bee", "cat"), d.classNames());
        // name order: ant/0..3, bee/0..3, cat/0..3
        assertArrayEquals(new int[]{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, d.labels());
        DoubleMatrix x = (DoubleMatrix) d.inputs();
        double[] first = x.row(0); // ant/0.png: r = 10, g = x*10, b = y*10
        assertArrayEquals(new double[]{10, 10, 10, 10, 10, 10, 0, 10, 20, 0, 10, 20, 0, 0, 0, 10, 10, 10}, first);
        assertEquals(3, x.get(11, 0)); // cat/3.png: cat is generated first, r = 0 + 3
        assertEquals(23, x.get(7, 0)); // bee/3.png: bee is generated third, r = 20 + 3
    }

    @Test
    void explicitClassOrderAndUnknownClass() throws IOException {
        Path z = smallZip();
        Dataset d = ImageZipReader.read(z, ImageZipReader.Options.defaults().withClassOrder(List.of("cat", "bee", "ant", "dog")));
        assertEquals(List.of("cat", "bee", "ant", "dog"), d.classNames());
        assertEquals(2, d.labels()[0]);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageZipReader.read(z, ImageZipReader.Options.defaults().withClassOrder(List.of("cat", "bee"))));
        assertTrue(e.getMessage().contains("entry train/ant/0.png: class folder \"ant\" is not among the given classes"),
                e.getMessage());
    }

    @Test
    void seededSubsetIsDeterministicAndIndependentOfThreads() throws IOException {
        Path z = smallZip();
        ImageZipReader.Options opt = ImageZipReader.Options.defaults().withLimit(5).withShuffle(42);
        Parallel.setThreads(1);
        Dataset one = ImageZipReader.read(z, opt);
        Parallel.setThreads(2);
        Dataset two = ImageZipReader.read(z, opt);
        assertEquals(5, one.size());
        assertArrayEquals(one.labels(), two.labels());
        assertArrayEquals(((DoubleMatrix) one.inputs()).data(), ((DoubleMatrix) two.inputs()).data());
        Dataset other = ImageZipReader.read(z, ImageZipReader.Options.defaults().withLimit(5).withShuffle(43));
        assertNotEquals(java.util.Arrays.toString(((DoubleMatrix) one.inputs()).column(0)),
                java.util.Arrays.toString(((DoubleMatrix) other.inputs()).column(0)));
        // the subset is the shuffle's first five: the same rows as the full shuffled read's first five
        Dataset all = ImageZipReader.read(z, ImageZipReader.Options.defaults().withShuffle(42));
        assertEquals(12, all.size());
        assertArrayEquals(((DoubleMatrix) one.inputs()).data(), ((DoubleMatrix) all.inputs()).rowRange(0, 5).data());
        assertEquals(3, ImageZipReader.read(z, ImageZipReader.Options.defaults().withLimit(3)).size());
    }

    @Test
    void manyImagesInParallelMatchSerial() throws IOException {
        List<String> names = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            names.add("set/c" + (i % 3) + "/" + String.format("%04d", i) + ".png");
            data.add(encode(rgb(4, 4, i % 256), "png"));
        }
        Path z = zip(dir.resolve("many.zip"), names, data);
        Parallel.setThreads(1);
        Dataset serial = ImageZipReader.read(z);
        Parallel.setThreads(2);
        Dataset parallel = ImageZipReader.read(z);
        assertArrayEquals(((DoubleMatrix) serial.inputs()).data(), ((DoubleMatrix) parallel.inputs()).data());
        assertArrayEquals(serial.labels(), parallel.labels());
    }

    @Test
    void grayscaleAndJpeg() throws IOException {
        BufferedImage g = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSamples(0, 0, 2, 2, 0, new int[]{0, 100, 200, 255});
        Path z = zip(dir.resolve("gray.zip"), List.of("a/x/1.png", "a/y/2.png"), List.of(encode(g, "png"), encode(g, "png")));
        Dataset d = ImageZipReader.read(z);
        assertArrayEquals(new int[]{1, 2, 2}, d.sampleShape());
        assertArrayEquals(new double[]{0, 100, 200, 255}, ((DoubleMatrix) d.inputs()).row(1));

        BufferedImage flat = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                flat.setRGB(x, y, 200 << 16 | 100 << 8 | 50);
            }
        }
        Path j = zip(dir.resolve("jpg.zip"), List.of("t/k/0.jpg"), List.of(encode(flat, "jpg")));
        DoubleMatrix x = (DoubleMatrix) ImageZipReader.read(j).inputs();
        assertEquals(3 * 64, x.cols());
        // lossy, but a flat colour survives within a few levels
        assertEquals(200, x.get(0, 0), 4);
        assertEquals(100, x.get(0, 64), 4);
        assertEquals(50, x.get(0, 128), 4);
    }

    @Test
    void errorsNameTheEntry() throws IOException {
        Path sizes = zip(dir.resolve("sizes.zip"), List.of("d/a/0.png", "d/a/1.png"),
                List.of(encode(rgb(3, 2, 0), "png"), encode(rgb(2, 2, 0), "png")));
        DataFormatException e = assertThrows(DataFormatException.class, () -> ImageZipReader.read(sizes));
        assertTrue(e.getMessage().contains("entry d/a/1.png is 2x2 pixels but the first image is 3x2"), e.getMessage());
        Path broken = zip(dir.resolve("broken.zip"), List.of("d/a/0.png", "d/a/1.jpg"),
                List.of(encode(rgb(3, 2, 0), "png"), "garbage".getBytes()));
        e = assertThrows(DataFormatException.class, () -> ImageZipReader.read(broken));
        assertTrue(e.getMessage().contains("entry d/a/1.jpg"), e.getMessage());
        Path top = zip(dir.resolve("top.zip"), List.of("0.png"), List.of(encode(rgb(3, 2, 0), "png")));
        e = assertThrows(DataFormatException.class, () -> ImageZipReader.read(top));
        assertTrue(e.getMessage().contains("entry 0.png is not inside a class folder"), e.getMessage());
        Path none = zip(dir.resolve("none.zip"), List.of("a/b.txt"), List.of("x".getBytes()));
        assertTrue(assertThrows(DataFormatException.class, () -> ImageZipReader.read(none)).getMessage()
                .contains("contains no image entries"));
        Path notZip = Files.write(dir.resolve("not.zip"), "hello".getBytes());
        assertTrue(assertThrows(DataFormatException.class, () -> ImageZipReader.read(notZip)).getMessage()
                .contains("not a readable ZIP file"));
    }
}
