package org.ntk4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.bench.experiments.Experiments;
import org.ntk4j.bench.experiments.Methods;
import org.ntk4j.bench.experiments.ResultsCsv;
import org.ntk4j.bench.experiments.RunResult;
import org.ntk4j.bench.experiments.RunnerConfig;
import org.ntk4j.bench.experiments.Task;
import org.ntk4j.data.DataCatalog;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.ntk4j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ntk4j bench: the quick run's files (CSV, PNG plots, HTML report) and its option errors. */
class BenchCliTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    static Path tmp;
    static Path out;
    static CliRun quick;

    /** One quick run (the CI smoke run) shared by the file checks: it is the slow part. */
    @BeforeAll
    static void runQuick() {
        out = tmp.resolve("quick");
        quick = run("bench", "--quick", "--out", out.toString(), "--threads", "2");
    }

    @Test
    void quickRunSucceeds() {
        assertEquals(0, quick.code(), quick.err());
        assertTrue(quick.out().contains("report"), quick.out());
        // one progress line per finished run
        assertTrue(quick.err().lines().anyMatch(l -> l.matches("\\[1/\\d+ .*")), quick.err());
    }

    @Test
    void csvHasTheColumnsAndAFiniteRowPerMethodAndDataOfThePlan() throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("experiment,method,data,split,m,seed,metric,error,fit_seconds,transform_seconds,"
                + "predict_seconds,peak_heap_mib,n_train,n_test,note", lines.getFirst());
        List<RunResult> rows = ResultsCsv.read(out.resolve("results.csv"));
        Set<String> finite = rows.stream().filter(r -> Double.isFinite(r.error()))
                .map(r -> r.method() + " on " + r.data()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> planned = quickPlan().stream().map(t -> t.method() + " on " + t.data())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(planned.size() >= 5, "quick plan too small: " + planned);
        assertTrue(planned.stream().anyMatch(p -> p.startsWith("ntk-sketch on ")), planned.toString());
        assertEquals(planned, finite);
        for (RunResult r : rows) {
            if (r.metric().equals("accuracy")) {
                assertTrue(r.error() >= 0 && r.error() <= 1, r.toString());
            } else {
                assertEquals("rmse", r.metric());
                assertTrue(r.error() > 0, r.toString());
            }
            assertTrue(r.fitSeconds() >= 0 && r.predictSeconds() >= 0 && r.peakHeapMiB() > 0, r.toString());
            assertTrue(r.nTrain() > 1 && r.nTest() > 0, r.toString());
        }
    }

    private static List<Task> quickPlan() throws IOException {
        RunnerConfig c = new RunnerConfig(Experiments.quickDefaults(), null, null, null, null, 0, 0, 0, true,
                Methods.Settings.defaults(1));
        return Experiments.plan(c, new DataCatalog()).tasks();
    }

    @Test
    void plotsAreRealPngImages() throws IOException {
        List<Path> pngs;
        try (Stream<Path> s = Files.list(out.resolve("plots"))) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        long dataSets = ResultsCsv.read(out.resolve("results.csv")).stream()
                .map(r -> r.experiment() + r.data()).distinct().count();
        assertEquals(2 * dataSets, pngs.size(), "an error-vs-m and an error-vs-time plot per data set: " + pngs);
        for (Path p : pngs) {
            byte[] bytes = Files.readAllBytes(p);
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8), p.toString());
            assertTrue(bytes.length > 5_000, p + " is only " + bytes.length + " bytes");
            BufferedImage img = ImageIO.read(p.toFile());
            assertNotNull(img, p.toString());
            assertTrue(img.getWidth() >= 400 && img.getHeight() >= 300, p.toString());
        }
    }

    @Test
    void reportReferencesEveryPlotAndTheResults() throws IOException {
        String html = Files.readString(out.resolve("report.html"));
        try (Stream<Path> s = Files.list(out.resolve("plots"))) {
            for (Path p : s.toList()) {
                assertTrue(html.contains("src=\"plots/" + p.getFileName() + "\""), p.toString());
            }
        }
        assertTrue(html.contains("<table>") && html.contains("ntk-sketch") && html.contains("±"), html);
        assertTrue(html.contains("./ntk4j bench --quick") && !html.contains("bench bench"), "the command line is shown");
        assertTrue(html.contains("threads") && html.contains("BLAS"), "the machine is shown");
        assertTrue(Files.isRegularFile(out.resolve("summary.md")));
    }

    @Test
    void reportFromRebuildsThePlotsAndReportOfExistingResults() throws IOException {
        Path again = tmp.resolve("again");
        CliRun r = run("bench", "--report-from", out.resolve("results.csv").toString(), "--out", again.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readAllLines(out.resolve("results.csv")), Files.readAllLines(again.resolve("results.csv")));
        try (Stream<Path> a = Files.list(out.resolve("plots")); Stream<Path> b = Files.list(again.resolve("plots"))) {
            assertEquals(a.map(Path::getFileName).sorted().toList(), b.map(Path::getFileName).sorted().toList());
        }
        assertTrue(Files.readString(again.resolve("report.html")).contains("report rebuilt from"));
        CliRun noOut = run("bench", "--report-from", out.resolve("results.csv").toString());
        assertEquals(2, noOut.code(), noOut.err());
    }

    @Test
    void unknownExperimentIsAUsageError() {
        CliRun r = run("bench", "--experiment", "imagenet", "--out", tmp.resolve("never").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown --experiment 'imagenet'"), r.err());
        assertFalse(Files.exists(tmp.resolve("never")));
    }

    @Test
    void unknownMethodAndMissingExperimentAreUsageErrors() {
        CliRun method = run("bench", "--quick", "--methods", "svm", "--out", tmp.resolve("never2").toString());
        assertEquals(2, method.code());
        assertTrue(method.err().contains("unknown method 'svm'"), method.err());
        CliRun none = run("bench", "--out", tmp.resolve("never3").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("--experiment"), none.err());
    }

    @Test
    void existingOutputDirectoryIsNeverOverwritten() throws IOException {
        Path existing = Files.createDirectory(tmp.resolve("existing"));
        Files.writeString(existing.resolve("keep.txt"), "mine");
        CliRun r = run("bench", "--quick", "--out", existing.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("already exists"), r.err());
        assertEquals("mine", Files.readString(existing.resolve("keep.txt")));
        assertFalse(Files.exists(existing.resolve("results.csv")));
    }
}
