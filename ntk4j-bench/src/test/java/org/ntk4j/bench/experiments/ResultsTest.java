package org.ntk4j.bench.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** results.csv round trip and the summary statistics the report shows. */
class ResultsTest {
    @TempDir
    Path dir;

    static RunResult row(String method, int split, int m, double error, double fit) {
        return new RunResult("uci", method, "uci/yacht", split, m, 1 + split, "rmse", error, fit, fit / 2, 0.01, 50,
                277, 31, "");
    }

    @Test
    void csvRoundTripsQuotedNotesAndIsAppendOnly() throws IOException {
        ResultsCsv csv = ResultsCsv.create(dir.resolve("results.csv"));
        RunResult quoted = new RunResult("sparse", "ntk-sketch", "libsvm/a8a", 0, 256, 1, "accuracy", 0.82, 1.5, 0.5,
                0.1, 20, 2000, 500, "CSR input; nnz/row 13.9, \"sparse\"");
        csv.append(quoted);
        csv.append(row("rff", 1, 512, Double.NaN, 2));
        List<RunResult> back = ResultsCsv.read(csv.file());
        assertEquals(2, back.size());
        assertEquals(quoted.note(), back.get(0).note());
        assertEquals(0.82, back.get(0).error(), 1e-12);
        assertTrue(Double.isNaN(back.get(1).error()));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> ResultsCsv.create(csv.file()));
    }

    @Test
    void readRejectsAForeignFile() throws IOException {
        Path f = Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n");
        assertThrows(IOException.class, () -> ResultsCsv.read(f));
    }

    @Test
    void summaryGivesMeanSampleSdAndMedianTimesPerMethodAndM() {
        List<Summary.Cell> cells = Summary.of(List.of(row("rff", 0, 512, 1.0, 1), row("rff", 1, 512, 3.0, 9),
                row("rff", 2, 512, 2.0, 2), row("linear", 0, 0, 9.0, 0.1)));
        assertEquals(2, cells.size());
        Summary.Cell linear = cells.get(0);
        Summary.Cell rff = cells.get(1);
        assertEquals("linear", linear.method());
        assertEquals(0, linear.sd());
        assertEquals(3, rff.runs());
        assertEquals(2.0, rff.mean(), 1e-12);
        assertEquals(1.0, rff.sd(), 1e-12);
        assertEquals(2.0, rff.fitMedian(), 1e-12); // the median ignores the 9 s outlier
        assertTrue(Summary.markdown(cells).contains("| uci/yacht | rff | 512 | 3 | 2.000 ± 1.000 |"),
                Summary.markdown(cells));
    }

    @Test
    void failedRunsCountOnlyTheirFiniteErrors() {
        List<Summary.Cell> cells = Summary.of(List.of(row("mlp", 0, 256, 4.0, 1), row("mlp", 1, 256, Double.NaN, 1)));
        assertEquals(1, cells.getFirst().runs());
        assertEquals(4.0, cells.getFirst().mean(), 1e-12);
    }
}
