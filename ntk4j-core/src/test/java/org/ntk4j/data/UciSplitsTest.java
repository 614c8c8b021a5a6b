package org.ntk4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.linalg.DoubleMatrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UciSplitsTest {
    @TempDir
    Path dir;

    /** A 5-row folder: columns 0,1 features, 2 target; split 0 = train {0,2,4}, test {1,3}. */
    static Path folder(Path parent) throws IOException {
        Path f = Files.createDirectories(parent.resolve("tiny"));
        TestData.write(f, "data.txt", "1.0 \t10 \t100\n2\t20\t200\n3 30 300\n4\t40\t400 \n5\t50\t500\n\n");
        TestData.write(f, "index_features.txt", "0\n1\n");
        TestData.write(f, "index_target.txt", "2\n");
        TestData.write(f, "n_splits.txt", "2\n");
        TestData.write(f, "index_train_0.txt", "0\n2\n4\n");
        TestData.write(f, "index_test_0.txt", "1\n3\n");
        TestData.write(f, "index_train_1.txt", "1\n2\n3\n4\n");
        TestData.write(f, "index_test_1.txt", "0\n");
        return f;
    }

    @Test
    void readsASplit() throws IOException {
        Path f = folder(dir);
        assertEquals(2, UciSplits.splitCount(f));
        TrainTest t = UciSplits.read(f, 0);
        assertArrayEquals(new double[]{1, 10, 3, 30, 5, 50}, ((DoubleMatrix) t.train().inputs()).data());
        assertArrayEquals(new double[]{100, 300, 500}, t.train().targets().data());
        assertArrayEquals(new double[]{2, 20, 4, 40}, ((DoubleMatrix) t.test().inputs()).data());
        assertArrayEquals(new double[]{200, 400}, t.test().targets().data());
        assertEquals("uci/tiny split 0 train", t.train().source());
        assertTrue(t.description().contains("split 0 of 2"), t.description());
        assertEquals(1, UciSplits.read(f, 1).test().size());
    }

    private String fails(Path f, int split) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> UciSplits.read(f, split));
        return e.getMessage();
    }

    @Test
    void validatesSplitsAndIndices() throws IOException {
        Path f = folder(dir);
        String m = fails(f, 2);
        assertTrue(m.contains("n_splits.txt: split 2 does not exist; valid splits are 0..1"), m);
        assertTrue(fails(f, -1).contains("valid splits are 0..1"));

        TestData.write(f, "index_test_0.txt", "1\n7\n");
        m = fails(f, 0);
        assertTrue(m.contains("index_test_0.txt: row index 7 (entry 2) is out of range; data.txt has 5 rows (valid 0..4)"), m);
        TestData.write(f, "index_test_0.txt", "1\n2\n");
        assertTrue(fails(f, 0).contains("index_test_0.txt: row 2 is also listed in index_train_0.txt"));
        TestData.write(f, "index_test_0.txt", "1\n1\n");
        assertTrue(fails(f, 0).contains("row index 1 is listed twice"));
        TestData.write(f, "index_test_0.txt", "1\nx\n");
        assertTrue(fails(f, 0).contains("index_test_0.txt:2: column 1: expected a non-negative integer index, found \"x\""));
        TestData.write(f, "index_test_0.txt", "1\n3\n");
        TestData.write(f, "index_target.txt", "1\n");
        assertTrue(fails(f, 0).contains("index_target.txt: column 1 is also listed in index_features.txt"));
        TestData.write(f, "index_target.txt", "3\n");
        assertTrue(fails(f, 0).contains("column index 3 (entry 1) is out of range"));
        TestData.write(f, "index_target.txt", "2\n");
        Files.delete(f.resolve("index_train_1.txt"));
        assertTrue(fails(f, 1).contains("index_train_1.txt: file is missing"));
        TestData.write(f, "data.txt", "1 2 3\n4 5\n");
        assertTrue(fails(f, 0).contains("data.txt:2: expected 3 fields (as on line 1), found 2"));
        TestData.write(f, "n_splits.txt", "");
        assertTrue(fails(f, 0).contains("n_splits.txt: file is empty"));
    }

    @Test
    void embeddedConcreteIsTheSharedCopy() throws IOException {
        Path shared = TestData.sharedData().resolve("uci-gal/concrete/data.txt");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(shared), "shared data absent");
        try (java.io.InputStream in = UciSplits.class.getResourceAsStream("/org/ntk4j/data/concrete/data.txt")) {
            assertArrayEquals(Files.readAllBytes(shared), in.readAllBytes());
        }
    }
}
