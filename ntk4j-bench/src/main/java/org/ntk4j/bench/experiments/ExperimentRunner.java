package org.ntk4j.bench.experiments;

import org.ntk4j.data.DataCatalog;
import org.ntk4j.data.TrainTest;
import org.ntk4j.linalg.CsrMatrix;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs a {@link Plan}: loads each data split once, runs its methods one after another (each run has
 * the whole machine, so its times are comparable), appends every finished run to results.csv, then
 * draws the plots and writes report.html from what the CSV holds.
 */
public final class ExperimentRunner {
    private static final Set<String> FIXED_SPLIT = Set.of("mnist", "fashion-mnist", "cifar10");

    /** Where a run's progress goes. */
    public interface Listener {
        void planned(Plan plan);

        void finished(RunResult result, int done, int total, double elapsedSeconds);

        void failed(Task task, Throwable error, int done, int total);

        void note(String text);
    }

    /** What a benchmark wrote. */
    public record Output(Path directory, Path csv, Path report, List<Path> plots, int runs, int failures) {
    }

    private ExperimentRunner() {
    }

    /**
     * Creates {@code out} (which must not exist), runs the plan of {@code config} and writes
     * results.csv, plots/*.png, summary.md and report.html there.
     */
    public static Output run(RunnerConfig config, DataCatalog catalog, Path out, String commandLine, Listener listener)
            throws IOException {
        Plan plan = Experiments.plan(config, catalog);
        createFresh(out);
        long started = System.nanoTime();
        String startedAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Machine machine = Machine.describe();
        ResultsCsv csv = ResultsCsv.create(out.resolve("results.csv"));
        listener.planned(plan);
        plan.notes().forEach(listener::note);
        List<String> notes = new ArrayList<>(plan.notes());
        int done = 0;
        int failures = 0;
        String loadedKey = null;
        TrainTest data = null;
        String dataNote = "";
        Throwable loadError = null;
        for (Task task : plan.tasks()) {
            if (!task.dataKey().equals(loadedKey)) {
                loadedKey = task.dataKey();
                data = null;
                loadError = null;
                try {
                    data = load(catalog, task, config.settings().seed());
                    dataNote = sparsityNote(data);
                } catch (IOException | RuntimeException e) {
                    loadError = e;
                }
            }
            done++;
            if (loadError != null) {
                failures++;
                listener.failed(task, loadError, done, plan.tasks().size());
                notes.add(task.data() + " split " + task.split() + " could not be loaded: " + loadError.getMessage());
                continue;
            }
            try {
                PeakHeap.reset();
                Task withNote = new Task(task.experiment(), task.method(), task.data(), task.split(), task.m(),
                        task.trainSize(), task.testSize(), Methods.join(task.note(), dataNote));
                Methods.Outcome o = Methods.run(withNote, data, config.settings());
                RunResult r = new RunResult(task.experiment(), task.method(), task.data(), task.split(), task.m(),
                        config.settings().seed() + task.split(), o.metric(), o.error(), o.fitSeconds(),
                        o.transformSeconds(), o.predictSeconds(), PeakHeap.peakMiB(), o.nTrain(), o.nTest(), o.note());
                csv.append(r);
                listener.finished(r, done, plan.tasks().size(), (System.nanoTime() - started) / 1e9);
            } catch (IOException e) {
                throw e; // the results file itself failed: stop rather than lose runs silently
            } catch (RuntimeException | OutOfMemoryError e) {
                failures++;
                listener.failed(task, e, done, plan.tasks().size());
                notes.add(String.format(Locale.ROOT, "%s %s on %s split %d at m=%d failed: %s", task.experiment(),
                        task.method(), task.data(), task.split(), task.m(), e));
            }
        }
        for (Plan.Probe probe : plan.probes()) {
            try {
                String text = probe.run();
                notes.add(text);
                listener.note(text);
            } catch (Exception | OutOfMemoryError e) {
                notes.add("a side measurement failed: " + e);
                listener.note("a side measurement failed: " + e);
            }
        }
        double wall = (System.nanoTime() - started) / 1e9;
        return render(out, csv.file(), commandLine, machine, startedAt, wall, notes, failures);
    }

    /**
     * Draws the plots and writes summary.md and report.html for results that already exist: the
     * results.csv files of earlier (possibly interrupted) runs, concatenated into a new directory.
     * The machine shown is this one; the note says where the rows came from.
     */
    public static Output report(List<Path> csvs, Path out, String commandLine) throws IOException {
        List<RunResult> rows = new ArrayList<>();
        for (Path p : csvs) {
            rows.addAll(ResultsCsv.read(p));
        }
        createFresh(out);
        ResultsCsv csv = ResultsCsv.create(out.resolve("results.csv"));
        for (RunResult r : rows) {
            csv.append(r);
        }
        String at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        List<String> notes = List.of("report rebuilt from " + csvs + " (" + rows.size() + " runs); the machine "
                + "line describes the machine that drew the report, the wall time is the sum of the runs' fit and "
                + "predict times");
        double wall = rows.stream().mapToDouble(RunResult::totalSeconds).sum();
        return render(out, csv.file(), commandLine, Machine.describe(), at, wall, notes, 0);
    }

    private static Output render(Path out, Path csvFile, String commandLine, Machine machine, String startedAt,
                                 double wall, List<String> notes, int failures) throws IOException {
        List<RunResult> results = ResultsCsv.read(csvFile);
        List<Summary.Cell> cells = Summary.of(results);
        List<Path> plots = Plots.write(cells, out.resolve("plots"));
        Files.writeString(out.resolve("summary.md"), "## Overview\n" + Summary.pivotMarkdown(cells)
                + "\n## All results\n" + Summary.markdown(cells));
        Path report = out.resolve("report.html");
        HtmlReport.write(report, new HtmlReport.Content(commandLine, machine, startedAt, wall, cells, notes,
                plots.stream().map(p -> out.relativize(p).toString()).toList(), results.size(), failures));
        return new Output(out, csvFile, report, plots, results.size(), failures);
    }

    /** The named set's split; the image sets have one split, so their "split" is a repetition with a new seed. */
    static TrainTest load(DataCatalog catalog, Task task, long seed) throws IOException {
        int split = FIXED_SPLIT.contains(task.data()) ? 0 : task.split();
        return catalog.load(task.data(), split, task.trainSize(), task.testSize(), seed);
    }

    private static String sparsityNote(TrainTest data) {
        if (data.train().inputs() instanceof CsrMatrix csr) {
            return String.format(Locale.ROOT, "nnz/row %.1f of %d", csr.nnz() / (double) Math.max(1, csr.rows()),
                    csr.cols());
        }
        return "";
    }

    private static void createFresh(Path out) throws IOException {
        if (Files.exists(out)) {
            throw new FileAlreadyExistsException(out.toString(), null, "exists");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.createDirectory(out); // atomic: a directory created meanwhile by another run is not reused
    }
}
