package org.ntk4j.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real shared data sets, when present (skipped otherwise). Timings go to the test output. */
class SharedDataTest {

    private static void time(String what, long start) {
        System.out.printf("%s: %.0f ms%n", what, (System.nanoTime() - start) / 1e6);
    }

    /** Counts "index:value" pairs by scanning for ':' (independent of the reader). */
    private static long colons(Path file) throws IOException {
        long n = 0;
        for (byte b : Files.readAllBytes(file)) {
            if (b == ':') {
                n++;
            }
        }
        return n;
    }

    @Test
    void proteinSplit0() throws IOException {
        Path folder = TestData.sharedData().resolve("uci-gal/protein-tertiary-structure");
        long t0 = System.nanoTime();
        TrainTest t = UciSplits.read(folder, 0);
        time("protein split 0", t0);
        assertEquals(41_157, t.train().size());
        assertEquals(4_573, t.test().size());
        assertEquals(9, t.train().inputDim());
        assertEquals(5, UciSplits.splitCount(folder));
        // cross-check one row against the text, parsed independently
        List<String> lines = Files.readAllLines(folder.resolve("data.txt"));
        int row = Integer.parseInt(Files.readAllLines(folder.resolve("index_test_0.txt")).get(0).strip());
        double[] raw = Arrays.stream(lines.get(row).strip().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        assertArrayEquals(Arrays.copyOf(raw, 9), ((DoubleMatrix) t.test().inputs()).row(0));
        assertEquals(raw[9], t.test().targets().get(0, 0));
    }

    @Test
    void a8a() throws IOException {
        Path f = TestData.sharedData().resolve("libsvm/a8a");
        long t0 = System.nanoTime();
        Dataset d = LibsvmReader.read(f);
        time("a8a", t0);
        assertEquals(22_696, d.size());
        assertEquals(123, d.inputDim());
        assertEquals(colons(f), ((CsrMatrix) d.inputs()).nnz());
        Dataset c = d.asClassification();
        assertEquals(List.of("-1", "1"), c.classNames());
        assertEquals(5_506, Arrays.stream(c.labels()).filter(l -> l == 1).count());
        TestData.assertConsistent(d);
    }

    @Test
    void w8a() throws IOException {
        Path f = TestData.sharedData().resolve("libsvm/w8a");
        long t0 = System.nanoTime();
        Dataset d = LibsvmReader.read(f);
        time("w8a", t0);
        CsrMatrix x = (CsrMatrix) d.inputs();
        assertEquals(49_749, d.size());
        assertEquals(300, d.inputDim());
        assertEquals(colons(f), x.nnz());
        int empty = 0;
        for (int i = 0; i < x.rows(); i++) {
            if (x.rowStart()[i] == x.rowStart()[i + 1]) {
                empty++;
            }
        }
        assertTrue(empty > 0, "w8a has rows without features");
        assertEquals(1_479, Arrays.stream(d.asClassification().labels()).filter(l -> l == 1).count());
    }

    @Test
    void cifarSubsetOf100() throws IOException {
        Path zip = TestData.sharedData().resolve("cifar10-jpg/train.zip");
        long t0 = System.nanoTime();
        Dataset d = ImageZipReader.read(zip, new ImageZipReader.Options(ImageZipReader.CIFAR10_CLASSES, 100, true, 0));
        time("CIFAR-10 100 images", t0);
        assertEquals(100, d.size());
        assertArrayEquals(new int[]{3, 32, 32}, d.sampleShape());
        assertEquals(ImageZipReader.CIFAR10_CLASSES, d.classNames());
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : ((DoubleMatrix) d.inputs()).data()) {
            assertEquals(Math.rint(v), v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= 0 && max <= 255 && max > 200, min + " " + max);
        assertTrue(Arrays.stream(d.labels()).distinct().count() >= 5, "a shuffled subset mixes classes");
    }

    @Test
    void catalogOnSharedData() throws IOException {
        DataCatalog c = new DataCatalog(TestData.sharedData());
        long t0 = System.nanoTime();
        TrainTest a = c.load("libsvm/a8a");
        time("catalog libsvm/a8a", t0);
        assertEquals(22_696 - 4_539, a.train().size());
        assertEquals(4_539, a.test().size());
        assertTrue(a.train().isClassification());
        TrainTest w = c.load("libsvm/w8a", 3, 1000, 500, 1);
        assertEquals(1000, w.train().size());
        assertEquals(300, w.test().inputDim());
        t0 = System.nanoTime();
        TrainTest cifar = c.load("cifar10", 0, 200, 100, 7);
        time("catalog cifar10 200+100", t0);
        assertEquals(200, cifar.train().size());
        assertEquals(100, cifar.test().size());
        TrainTest y = c.load("uci/yacht", 19, 0, 0, 0);
        assertEquals(308, y.train().size() + y.test().size());
        assertTrue(c.list().stream().filter(e -> !e.name().contains("mnist")).allMatch(DataCatalog.Entry::available));
    }

    @Test
    void fashionMnistWhenInstalled() throws IOException {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST not installed (apt-get install -y dataset-fashion-mnist)");
        long t0 = System.nanoTime();
        Dataset test = IdxReader.readClassification(dir.resolve("t10k-images-idx3-ubyte.gz"),
                dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxReader.FASHION_MNIST_CLASSES);
        time("Fashion-MNIST test (10,000, gzip)", t0);
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[]{1, 28, 28}, test.sampleShape());
        int[] perClass = new int[10];
        for (int l : test.labels()) {
            perClass[l]++;
        }
        int[] thousand = new int[10];
        Arrays.fill(thousand, 1000);
        assertArrayEquals(thousand, perClass);
        t0 = System.nanoTime();
        TrainTest sub = new DataCatalog().load("fashion-mnist", 0, 2000, 500, 3);
        time("catalog fashion-mnist 2000+500", t0);
        assertEquals(2000, sub.train().size());
        assertEquals(IdxReader.FASHION_MNIST_CLASSES, sub.train().classNames());
        TestData.assertConsistent(sub.train());
    }

    @Test
    void everyUciFolderReads() throws IOException {
        Path root = TestData.sharedData().resolve("uci-gal");
        try (var dirs = Files.list(root)) {
            for (Path f : dirs.filter(Files::isDirectory).sorted().toList()) {
                TrainTest t = UciSplits.read(f, 0);
                TestData.assertConsistent(t.train());
                TestData.assertConsistent(t.test());
                int n = Files.readAllLines(f.resolve("data.txt"), StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank()).toList().size();
                assertEquals(n, t.train().size() + t.test().size(), f.toString());
            }
        }
    }
}
