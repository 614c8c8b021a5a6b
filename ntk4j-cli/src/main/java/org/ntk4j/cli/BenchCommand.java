package org.ntk4j.cli;

import org.ntk4j.bench.experiments.ExperimentRunner;
import org.ntk4j.bench.experiments.Experiments;
import org.ntk4j.bench.experiments.Methods;
import org.ntk4j.bench.experiments.Plan;
import org.ntk4j.bench.experiments.RunResult;
import org.ntk4j.bench.experiments.RunnerConfig;
import org.ntk4j.bench.experiments.Task;
import org.ntk4j.data.DataCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench", sortOptions = false,
        description = {"Runs named experiments (the paper's setups on the data available) and writes results.csv, "
                + "PNG plots, summary.md and report.html into a new directory.",
                "Experiments: uci (regression on the UCI sets, every map and the MLP against m, exact NTK), "
                        + "mnist and fashion-mnist (accuracy against m), cifar-subset (CNTK Sketch against the exact "
                        + "CNTK on 2,000/1,000 CIFAR-10 images), sparse (ntk-sketch on LIBSVM a8a/w8a as CSR)."},
        footer = {"", "Examples:",
                "  ./ntk4j bench --quick                                   # ~1-2 minutes: the CI smoke run",
                "  ./ntk4j bench --experiment uci --splits 3 --dims 1024,2048,4096",
                "  ./ntk4j bench --experiment fashion-mnist --dims 1024,4096 --train-size 10000"})
final class BenchCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", split = ",",
            description = "uci, mnist, fashion-mnist, cifar-subset, sparse or all (repeatable; default with --quick: uci, fashion-mnist, sparse).")
    List<String> experiments;

    @Option(names = "--dims", paramLabel = "M,...", split = ",",
            description = "Feature dimensions m (default: 1024,2048,4096,8192,16384; --quick: 256,512).")
    List<Integer> dims;

    @Option(names = "--splits", paramLabel = "N",
            description = "UCI: the first N published splits (default: 5; --quick: 2). Other sets: N repetitions with fresh random maps (default: 1).")
    Integer splits;

    @Option(names = "--methods", paramLabel = "M,...", split = ",",
            description = "Keep only these methods: ntk-sketch, ntk-rf, cntk-sketch, nystrom, rff, arccos-rf, grad-rf, linear, mlp, exact-ntk, exact-cntk (default: each experiment's own list).")
    List<String> methods;

    @Option(names = "--data", paramLabel = "NAME", split = ",",
            description = "Keep only these data sets of the experiments, e.g. uci/yacht,uci/energy.")
    List<String> data;

    @Option(names = "--train-size", defaultValue = "0", paramLabel = "N",
            description = "Image and sparse sets: seeded training subset (default: all; cifar-subset 2000).")
    int trainSize;

    @Option(names = "--test-size", defaultValue = "0", paramLabel = "N",
            description = "Image and sparse sets: seeded test subset (default: all; cifar-subset 1000).")
    int testSize;

    @Option(names = "--exact-cntk-train", defaultValue = "0", paramLabel = "N",
            description = "cifar-subset: also fit the exact CNTK ridge on N training images (hours for N = 2000; "
                    + "default 0: only its time per pair is measured and extrapolated).")
    int exactCntkTrain;

    @Option(names = "--max-exact-rows", defaultValue = "10000", paramLabel = "N",
            description = "Exact kernels train on a seeded subsample of N rows when there are more (default: "
                    + "${DEFAULT-VALUE}; its O(N³) eigen-decomposition takes ~20 min at N = 8,600 on one busy core).")
    int maxExactRows;

    @Option(names = "--depth", defaultValue = "2", paramLabel = "L",
            description = "Hidden layers of the fully connected NTK maps, exact NTK and MLP (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--pool", defaultValue = "4", paramLabel = "G",
            description = "Readout grid of cntk-sketch-pooled: the last layer's GxG regions each get dim/G² features "
                    + "(smaller when m is too small for G; default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--out", paramLabel = "DIR",
            description = "New directory for the results (default: runs/<experiment>-<timestamp>); never overwritten.")
    Path out;

    @Option(names = "--report-from", paramLabel = "CSV", split = ",",
            description = "Run nothing: draw the plots and report of existing results.csv files (e.g. of an "
                    + "interrupted run, or several runs merged) into the new --out directory.")
    List<Path> reportFrom;

    @Option(names = "--quick", description = "Tiny sizes, so everything finishes in a minute or two (CI).")
    boolean quick;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Threads for Java work and native BLAS alike (default: all cores).")
    Integer threads;

    @Option(names = "--blas", defaultValue = "auto", description = "auto, native or java (default: ${DEFAULT-VALUE}).")
    String blas;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Stack traces of failed runs.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommonOptions.verbose = verbose;
        if (reportFrom != null) {
            return reportOnly();
        }
        RunnerConfig config = config();
        CommonOptions.applyRuntime(threads, blas);
        Path dir = out != null ? out : Path.of("runs", String.join("+", quick && experiments == null
                ? List.of("quick") : config.experiments()) + "-" + LocalDateTime.now().format(STAMP));
        if (Files.exists(dir)) {
            throw new IOException("output directory " + dir + " already exists; results are never overwritten, "
                    + "choose another --out");
        }
        PrintWriter outStream = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExperimentRunner.Output o = ExperimentRunner.run(config, new DataCatalog(), dir, commandLine(),
                quiet ? new Silent() : new Lines(err));
        outStream.printf(Locale.ROOT, "%d runs (%d failed) written to %s%n", o.runs(), o.failures(), o.directory());
        outStream.println("results   " + o.csv());
        outStream.println("plots     " + o.plots().size() + " PNG files in " + dir.resolve("plots"));
        outStream.println("report    " + o.report());
        if (o.failures() > 0) {
            err.println("ntk4j: error: " + o.failures() + " runs failed; see the notes in " + o.report());
            return Main.RUNTIME_ERROR;
        }
        return Main.OK;
    }

    private Integer reportOnly() throws IOException {
        if (out == null) {
            throw new UsageError("--report-from needs --out (a new directory for the report)");
        }
        if (experiments != null || quick) {
            throw new UsageError("--report-from runs nothing: leave out --experiment and --quick");
        }
        if (Files.exists(out)) {
            throw new IOException("output directory " + out + " already exists; results are never overwritten, "
                    + "choose another --out");
        }
        ExperimentRunner.Output o = ExperimentRunner.report(reportFrom, out, commandLine());
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%d runs from %d files: %d PNG plots, report %s%n", o.runs(), reportFrom.size(),
                o.plots().size(), o.report());
        return Main.OK;
    }

    private RunnerConfig config() {
        List<String> exps;
        if (experiments == null || experiments.isEmpty()) {
            if (!quick) {
                throw new UsageError("name an --experiment (" + String.join(", ", Experiments.NAMES)
                        + ", all) or give --quick");
            }
            exps = Experiments.quickDefaults();
        } else {
            LinkedHashSet<String> set = new LinkedHashSet<>();
            for (String e : experiments) {
                if (e.equals("all")) {
                    set.addAll(Experiments.NAMES);
                } else if (Experiments.NAMES.contains(e)) {
                    set.add(e);
                } else {
                    throw new UsageError("unknown --experiment '" + e + "' (known: " + String.join(", ", Experiments.NAMES)
                            + ", all)");
                }
            }
            exps = List.copyOf(set);
        }
        int[] m = null;
        if (dims != null) {
            m = dims.stream().mapToInt(Integer::intValue).toArray();
            for (int v : m) {
                if (v < 2) {
                    throw new UsageError("--dims must all be at least 2, got " + v);
                }
            }
        }
        if (methods != null) {
            for (String s : methods) {
                if (!Methods.ALL.contains(s)) {
                    throw new UsageError("unknown method '" + s + "' in --methods (known: " + String.join(", ", Methods.ALL) + ")");
                }
            }
        }
        if (data != null) {
            List<String> known = new ArrayList<>(new DataCatalog().names());
            for (String d : data) {
                if (!known.contains(d)) {
                    throw new UsageError("unknown data set '" + d + "' in --data (known: " + String.join(", ", known) + ")");
                }
            }
        }
        if (splits != null && splits < 1) {
            throw new UsageError("--splits must be at least 1, got " + splits);
        }
        if (trainSize < 0 || testSize < 0 || exactCntkTrain < 0) {
            throw new UsageError("--train-size, --test-size and --exact-cntk-train must be >= 0");
        }
        if (maxExactRows < 2) {
            throw new UsageError("--max-exact-rows must be at least 2, got " + maxExactRows);
        }
        if (depth < 1 || depth > 100) {
            throw new UsageError("--depth must be between 1 and 100, got " + depth);
        }
        Methods.Settings base = Methods.Settings.defaults(seed);
        if (pool < 1) {
            throw new UsageError("--pool must be at least 1, got " + pool);
        }
        Methods.Settings settings = new Methods.Settings(depth, base.cntkDepth(), base.filter(), pool, maxExactRows, seed);
        return new RunnerConfig(exps, m, splits, methods, data, trainSize, testSize, exactCntkTrain, quick, settings);
    }

    /** The command as typed, for the report: "./ntk4j" and the arguments, shell-quoted where needed. */
    private String commandLine() {
        StringBuilder sb = new StringBuilder("./ntk4j"); // the parse result's arguments start with "bench"
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./,=:+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** One line per finished run on stderr, like the other commands' progress. */
    private static final class Lines implements ExperimentRunner.Listener {
        private final PrintWriter err;

        Lines(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void planned(Plan plan) {
            err.printf(Locale.ROOT, "bench: %d runs planned%n", plan.tasks().size());
            err.flush();
        }

        @Override
        public void finished(RunResult r, int done, int total, double elapsed) {
            err.printf(Locale.ROOT, "[%d/%d %s] %s %s split %d %s%s: %s %.4g, fit %.2f s (features %.2f s), "
                            + "predict %.2f s, heap %.0f MiB%n", done, total, clock(elapsed), r.experiment(), r.data(),
                    r.split(), r.method(), r.m() > 0 ? " m=" + r.m() : "", r.metric(), r.error(), r.fitSeconds(),
                    r.transformSeconds(), r.predictSeconds(), r.peakHeapMiB());
            err.flush();
        }

        @Override
        public void failed(Task t, Throwable e, int done, int total) {
            err.printf(Locale.ROOT, "[%d/%d] FAILED %s %s split %d %s m=%d: %s%n", done, total, t.experiment(), t.data(),
                    t.split(), t.method(), t.m(), Errors.describe(e));
            if (CommonOptions.verbose) {
                e.printStackTrace(err);
            }
            err.flush();
        }

        @Override
        public void note(String text) {
            err.println("bench: " + text);
            err.flush();
        }

        private static String clock(double s) {
            long t = Math.round(s);
            return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
                    : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
        }
    }

    private static final class Silent implements ExperimentRunner.Listener {
        @Override
        public void planned(Plan plan) {
        }

        @Override
        public void finished(RunResult r, int done, int total, double elapsed) {
        }

        @Override
        public void failed(Task t, Throwable e, int done, int total) {
        }

        @Override
        public void note(String text) {
        }
    }
}
