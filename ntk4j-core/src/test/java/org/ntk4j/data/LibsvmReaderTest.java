package org.ntk4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.linalg.CsrMatrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibsvmReaderTest {
    @TempDir
    Path dir;

    private String fails(String content, int dimension) throws IOException {
        Path f = TestData.write(dir, "bad.svm", content);
        DataFormatException e = assertThrows(DataFormatException.class, () -> LibsvmReader.read(f, dimension));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void sparseRowsIncludingEmptyOnes() throws IOException {
        Path f = TestData.write(dir, "x.svm", "+1 1:0.5 3:2\n-1 \n-1\n\n+1 qid:7 2:-1.5 # comment 9:9\n# only a comment\n");
        Dataset d = LibsvmReader.read(f);
        CsrMatrix x = (CsrMatrix) d.inputs();
        assertEquals(4, x.rows());
        assertEquals(3, x.cols());
        assertArrayEquals(new int[]{0, 2, 2, 2, 3}, x.rowStart());
        assertArrayEquals(new int[]{0, 2, 1}, x.colIndex());
        assertArrayEquals(new double[]{0.5, 2, -1.5}, x.values());
        assertArrayEquals(new double[]{1, -1, -1, 1}, d.targets().data());
        Dataset c = d.asClassification();
        assertEquals(java.util.List.of("-1", "1"), c.classNames());
        assertArrayEquals(new int[]{1, 0, 0, 1}, c.labels());
    }

    @Test
    void givenDimensionWidensAndBounds() throws IOException {
        Path f = TestData.write(dir, "x.svm", "1 2:1\n0 5:1\n");
        assertEquals(5, LibsvmReader.read(f).inputDim());
        assertEquals(300, LibsvmReader.read(f, 300).inputDim());
        assertTrue(fails("1 2:1\n0 5:1\n", 4).contains(":2: column 2: feature index 5 exceeds the given dimension 4"));
    }

    @Test
    void hugeIndicesNeedAnExplicitDimension() throws IOException {
        String m = fails("1 99999999999:1\n", 0);
        assertTrue(m.contains("feature index 99999999999 is larger than 100000000"), m);
        assertTrue(fails("1 200000000:1\n", 0).contains("give the dimension explicitly"));
        Path f = TestData.write(dir, "ok.svm", "1 200000000:1\n");
        Dataset d = LibsvmReader.read(f, 200_000_000);
        assertEquals(200_000_000, d.inputDim());
        assertArrayEquals(new int[]{199_999_999}, ((CsrMatrix) d.inputs()).colIndex());
        assertTrue(fails("1 99999999999:1\n", LibsvmReader.MAX_DIMENSION).contains("exceeds the given dimension"));
    }

    @Test
    void malformedLines() throws IOException {
        assertTrue(fails("1 1:1\n1 3:1 2:1\n", 0).contains(":2: column 3: feature index 2 is not greater than the previous index 3"));
        assertTrue(fails("1 1:1 1:2\n", 0).contains("feature index 1 is not greater than the previous index 1"));
        assertTrue(fails("1 0:1\n", 0).contains(":1: column 2: feature index 0: LIBSVM indices are 1-based"));
        assertTrue(fails("1 -3:1\n", 0).contains("expected a feature index"));
        assertTrue(fails("1 3\n", 0).contains(":1: column 2: expected <index>:<value>, found \"3\""));
        assertTrue(fails("1 3:abc\n", 0).contains(":1: column 2: value of feature 3: expected a number, found \"abc\""));
        assertTrue(fails("1 3:nan\n", 0).contains("NaN and infinite values are not allowed"));
        assertTrue(fails("1 3:1e999\n", 0).contains("out of the range"));
        assertTrue(fails("abc 3:1\n", 0).contains(":1: column 1: label: expected a number, found \"abc\""));
        assertTrue(fails("1,2 3:1\n", 0).contains("multi-label rows are not supported"));
        assertTrue(fails("3:1 4:1\n", 0).contains("expected a label before the features"));
        assertTrue(fails("1 qid:x 3:1\n", 0).contains("expected qid:<integer>"));
    }

    @Test
    void emptyInputs() throws IOException {
        assertTrue(fails("", 0).endsWith("file is empty"));
        assertTrue(fails("# nothing\n\n", 0).endsWith("no data rows"));
        assertTrue(fails("1\n-1\n", 0).contains("no row has any features"));
        Path f = TestData.write(dir, "labels.svm", "1\n-1\n");
        assertEquals(0, ((CsrMatrix) LibsvmReader.read(f, 7).inputs()).nnz());
    }

    @Test
    void gzipIsDetected() throws IOException {
        Path f = dir.resolve("x.svm.gz");
        Files.write(f, TestData.gzip("1 1:1 4:2\n".getBytes()));
        assertEquals(4, LibsvmReader.read(f).inputDim());
    }
}
