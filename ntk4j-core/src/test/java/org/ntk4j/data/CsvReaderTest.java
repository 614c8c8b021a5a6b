package org.ntk4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.linalg.DoubleMatrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {
    @TempDir
    Path dir;

    private DataFormatException fails(String content, CsvReader.Options options) throws IOException {
        Path f = TestData.write(dir, "bad.csv", content);
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvReader.read(f, options));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e;
    }

    private DataFormatException fails(String content) throws IOException {
        return fails(content, CsvReader.Options.defaults());
    }

    @Test
    void headerAndCommaWithLastColumnTarget() throws IOException {
        Path f = TestData.write(dir, "x.csv", "a,b,y\n1,2,3\n4,5.5,-6\n");
        Dataset d = CsvReader.read(f);
        assertEquals(2, d.size());
        assertArrayEquals(new double[]{1, 2, 4, 5.5}, ((DoubleMatrix) d.inputs()).data());
        assertArrayEquals(new double[]{3, -6}, d.targets().data());
        assertEquals(List.of("y"), d.targetNames());
        assertArrayEquals(new int[]{2}, d.sampleShape());
        assertEquals(f.toString(), d.source());
    }

    @Test
    void noHeaderWhitespaceTabsAndBlankLines() throws IOException {
        // the layout of the UCI data.txt files: tabs with spaces, a trailing blank line
        Path f = TestData.write(dir, "x.txt", "540.0 \t0.0 \t79.99 \n\n  1\t2\t3  \n\n");
        Dataset d = CsvReader.read(f);
        assertEquals(2, d.size());
        assertArrayEquals(new double[]{540, 0, 1, 2}, ((DoubleMatrix) d.inputs()).data());
        assertArrayEquals(new double[]{79.99, 3}, d.targets().data());
        assertEquals(List.of("column 3"), d.targetNames());
        Path g = TestData.write(dir, "y.txt", "1 2   3\n4    5 6\n");
        assertArrayEquals(new double[]{3, 6}, CsvReader.read(g).targets().data());
    }

    @Test
    void semicolonTabAndExplicitDelimiter() throws IOException {
        Path s = TestData.write(dir, "s.csv", "x;y\n1;2\n3;4\n");
        assertArrayEquals(new double[]{2, 4}, CsvReader.read(s).targets().data());
        Path t = TestData.write(dir, "t.tsv", "first col\tsecond col\n1\t2\n");
        Dataset d = CsvReader.read(t);
        assertEquals(List.of("second col"), d.targetNames());
        Path c = TestData.write(dir, "c.txt", "0 1\n1 2,3\n");
        // given delimiter wins over detection
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CsvReader.read(c, CsvReader.Options.defaults().withDelimiter(CsvReader.Delimiter.WHITESPACE)));
        assertTrue(e.getMessage().contains(":2: column 2: expected a number, found \"2,3\""), e.getMessage());
    }

    @Test
    void delimiterDetectedFromFirstDataLineWhenHeaderHasNone() throws IOException {
        Path f = TestData.write(dir, "one.csv", "value\n1,2\n3,4\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvReader.read(f));
        // "value" has one field, data rows have two (comma detected from line 2)
        assertTrue(e.getMessage().contains(":2: expected 1 fields (as on line 1), found 2"), e.getMessage());
    }

    @Test
    void targetsByNameNumberAndSeveral() throws IOException {
        Path f = TestData.write(dir, "x.csv", "a,b,c,d\n1,2,3,4\n5,6,7,8\n");
        Dataset byName = CsvReader.read(f, CsvReader.Options.defaults().withTargets("b"));
        assertArrayEquals(new double[]{1, 3, 4, 5, 7, 8}, ((DoubleMatrix) byName.inputs()).data());
        assertArrayEquals(new double[]{2, 6}, byName.targets().data());
        Dataset two = CsvReader.read(f, CsvReader.Options.defaults().withTargets("4", "a"));
        assertArrayEquals(new double[]{4, 1, 8, 5}, two.targets().data());
        assertEquals(List.of("d", "a"), two.targetNames());
        assertArrayEquals(new double[]{2, 3, 6, 7}, ((DoubleMatrix) two.inputs()).data());

        DataFormatException unknown = assertThrows(DataFormatException.class,
                () -> CsvReader.read(f, CsvReader.Options.defaults().withTargets("zz")));
        assertTrue(unknown.getMessage().contains("no column named \"zz\""), unknown.getMessage());
        DataFormatException range = assertThrows(DataFormatException.class,
                () -> CsvReader.read(f, CsvReader.Options.defaults().withTargets("5")));
        assertTrue(range.getMessage().contains("numbered 1..4"), range.getMessage());
        Path g = TestData.write(dir, "g.csv", "1,2\n3,4\n");
        DataFormatException byNameNoHeader = assertThrows(DataFormatException.class,
                () -> CsvReader.read(g, CsvReader.Options.defaults().withTargets("y")));
        assertTrue(byNameNoHeader.getMessage().contains("no header"), byNameNoHeader.getMessage());
        DataFormatException allTargets = assertThrows(DataFormatException.class,
                () -> CsvReader.read(g, CsvReader.Options.defaults().withTargets("1", "2")));
        assertTrue(allTargets.getMessage().contains("no input columns"), allTargets.getMessage());
    }

    @Test
    void noTargetMode() throws IOException {
        Path f = TestData.write(dir, "x.csv", "a,b\n1,2\n3,4\n");
        Dataset d = CsvReader.read(f, CsvReader.Options.defaults().withoutTarget());
        assertFalse(d.hasTargets());
        assertNull(d.targets());
        assertEquals(2, d.inputDim());
        assertArrayEquals(new double[]{1, 2, 3, 4}, ((DoubleMatrix) d.inputs()).data());
    }

    @Test
    void explicitHeaderModes() throws IOException {
        Path f = TestData.write(dir, "x.csv", "1,2\n3,4\n");
        assertEquals(1, CsvReader.read(f, CsvReader.Options.defaults().withHeader(CsvReader.Header.PRESENT)).size());
        assertEquals(List.of("2"), CsvReader.read(f, CsvReader.Options.defaults()
                .withHeader(CsvReader.Header.PRESENT)).targetNames());
        Path g = TestData.write(dir, "g.csv", "a,b\n3,4\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CsvReader.read(g, CsvReader.Options.defaults().withHeader(CsvReader.Header.ABSENT)));
        assertTrue(e.getMessage().contains(":1: column 1: expected a number, found \"a\""), e.getMessage());
    }

    @Test
    void quotesCommentsCrlfAndBom() throws IOException {
        Path f = dir.resolve("q.csv");
        Files.write(f, "\uFEFF\"a\",\"b, c\"\r\n# a comment\r\n\"1\", 2 \r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Dataset d = CsvReader.read(f);
        assertEquals(List.of("b, c"), d.targetNames());
        assertArrayEquals(new double[]{2}, d.targets().data());
        assertTrue(fails("a,b\n\"1,2\n").getMessage().contains(":2: column 1: unterminated quoted field"));
    }

    @Test
    void gzipIsDetected() throws IOException {
        Path f = dir.resolve("x.csv.gz");
        Files.write(f, TestData.gzip("a,b\n1,2\n".getBytes()));
        assertArrayEquals(new double[]{2}, CsvReader.read(f).targets().data());
    }

    @Test
    void errorsNameLineAndColumn() throws IOException {
        DataFormatException e = fails("a,b,c,d\n1,2,3,4\n1,2,3,abc\n");
        assertTrue(e.getMessage().endsWith(":3: column 4: expected a number, found \"abc\""), e.getMessage());
        assertEquals(3, e.line());
        assertEquals(4, e.column());
        assertTrue(fails("1,2\n3,nan\n").getMessage().contains(":2: column 2: found \"nan\": NaN and infinite"));
        assertTrue(fails("1,2\n3,-inf\n").getMessage().contains("NaN and infinite values are not allowed"));
        assertTrue(fails("1,2\n3,1e999\n").getMessage().contains(":2: column 2: number \"1e999\" is out of the range"));
        assertTrue(fails("1,2\n3,\n").getMessage().contains(":2: column 2: expected a number, found an empty field"));
        assertTrue(fails("1,2\n3,4,5\n").getMessage().contains(":2: expected 2 fields (as on line 1), found 3"));
        assertTrue(fails("1,2\n\n\n3\n").getMessage().contains(":4: expected 2 fields (as on line 1), found 1"));
    }

    @Test
    void emptyFilesAndHeaderOnly() throws IOException {
        assertTrue(fails("").getMessage().endsWith("file is empty"));
        assertTrue(fails("\n  \n# only a comment\n").getMessage().endsWith("no data rows"));
        assertTrue(fails("a,b,c\n").getMessage().contains("has a header (line 1) but no data rows"));
    }

    @Test
    void longTokensAreShortenedInMessages() throws IOException {
        String longToken = "x".repeat(5000);
        DataFormatException e = fails("1,2\n3," + longToken + "\n");
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void manyRowsAndWideRows() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append(i).append(',').append(i * 0.5).append(',').append(-i).append('\n');
        }
        Dataset d = CsvReader.read(TestData.write(dir, "big.csv", sb.toString()));
        assertEquals(20_000, d.size());
        assertEquals(-19_999, d.targets().get(19_999, 0));
        assertEquals(9_999.5, d.inputs().dense().get(19_999, 1));
        String wide = "1,".repeat(100_000) + "2\n";
        assertEquals(100_000, CsvReader.read(TestData.write(dir, "wide.csv", wide + wide)).inputDim());
    }
}
