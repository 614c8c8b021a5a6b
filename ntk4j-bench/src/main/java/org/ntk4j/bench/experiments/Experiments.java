package org.ntk4j.bench.experiments;

import org.ntk4j.data.DataCatalog;
import org.ntk4j.data.UciSplits;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The named experiments (the paper's setups, algorithms.md §7, on the data this project has) and
 * their quick variants for CI. Turns a {@link RunnerConfig} into a {@link Plan}.
 */
public final class Experiments {
    public static final List<String> NAMES = List.of("uci", "mnist", "fashion-mnist", "cifar-subset", "sparse");

    static final List<String> UCI_SETS = List.of("uci/protein-tertiary-structure", "uci/power-plant",
            "uci/naval-propulsion-plant", "uci/kin8nm", "uci/concrete", "uci/energy", "uci/wine-quality-red",
            "uci/yacht");
    static final List<String> UCI_METHODS = List.of("ntk-sketch", "ntk-rf", "nystrom", "rff", "arccos-rf", "grad-rf",
            "linear", "mlp", "exact-ntk");
    static final List<String> IMAGE_METHODS = List.of("cntk-sketch", "cntk-sketch-pooled", "ntk-sketch", "ntk-rf", "rff",
            "mlp");
    static final List<String> QUICK_UCI_METHODS = List.of("ntk-sketch", "ntk-rf", "nystrom", "rff", "linear", "mlp",
            "exact-ntk");
    static final List<String> SPARSE_METHODS = List.of("ntk-sketch", "linear");

    static final int[] DIMS = {1024, 2048, 4096, 8192, 16384};
    static final int[] QUICK_DIMS = {256, 512};
    static final int DEFAULT_UCI_SPLITS = 5;
    static final int CIFAR_TRAIN = 2000;
    static final int CIFAR_TEST = 1000;

    private Experiments() {
    }

    /** The experiments a --quick run does when none is named. */
    public static List<String> quickDefaults() {
        return List.of("uci", "fashion-mnist", "sparse");
    }

    public static Plan plan(RunnerConfig c, DataCatalog catalog) throws IOException {
        List<Task> tasks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Plan.Probe> probes = new ArrayList<>();
        Map<String, DataCatalog.Entry> entries = new LinkedHashMap<>();
        catalog.list().forEach(e -> entries.put(e.name(), e));
        for (String exp : c.experiments()) {
            switch (exp) {
                case "uci" -> uci(c, catalog, entries, tasks, notes);
                case "mnist", "fashion-mnist" -> images(c, exp, exp, entries, tasks, notes);
                case "cifar-subset" -> {
                    if (images(c, exp, "cifar10", entries, tasks, notes)) {
                        probes.add(new CntkPairTiming(catalog, c.settings(), c.quick() ? 3 : 8,
                                trainSize(c, CIFAR_TRAIN, 200), testSize(c, CIFAR_TEST, 100)));
                    }
                }
                case "sparse" -> sparse(c, entries, tasks, notes);
                default -> throw new IllegalArgumentException("unknown experiment '" + exp + "' (known: "
                        + String.join(", ", NAMES) + ", all)");
            }
        }
        return new Plan(List.copyOf(tasks), List.copyOf(notes), List.copyOf(probes));
    }

    private static void uci(RunnerConfig c, DataCatalog catalog, Map<String, DataCatalog.Entry> entries,
                            List<Task> tasks, List<String> notes) throws IOException {
        List<String> sets = c.quick() ? List.of("uci/concrete", "uci/yacht") : UCI_SETS;
        for (String data : selected(c, sets)) {
            DataCatalog.Entry e = entries.get(data);
            if ((e == null || !e.available()) && c.quick() && data.equals("uci/concrete")) {
                // CI without the shared folder still exercises the runner on the embedded copy
                notes.add("uci: uci/concrete is not installed; used the embedded concrete set (seeded 90/10 splits)");
                addRuns(tasks, c, "uci", DataCatalog.DEFAULT, 2, methods(c, QUICK_UCI_METHODS, false, "uci", notes), 0, 0, "");
                continue;
            }
            if (e == null || !e.available()) {
                notes.add("uci: skipped " + data + ": not installed (" + (e == null ? "unknown" : e.howToGet()) + ")");
                continue;
            }
            int published = UciSplits.splitCount(catalog.sharedRoot().resolve("uci-gal").resolve(data.substring(4)));
            int splits = Math.min(published, c.splits() != null ? c.splits() : c.quick() ? 2 : DEFAULT_UCI_SPLITS);
            if (splits < published) {
                notes.add(String.format(Locale.ROOT, "uci: %s: splits 0..%d of the %d published", data, splits - 1,
                        published));
            }
            addRuns(tasks, c, "uci", data, splits, methods(c, c.quick() ? QUICK_UCI_METHODS : UCI_METHODS, false, "uci",
                    notes), 0, 0, "");
        }
    }

    /** Fashion-MNIST, MNIST or the CIFAR-10 subset; false when the set is not installed. */
    private static boolean images(RunnerConfig c, String exp, String data, Map<String, DataCatalog.Entry> entries,
                                  List<Task> tasks, List<String> notes) {
        if (c.data() != null && !c.data().contains(data)) {
            return false;
        }
        DataCatalog.Entry e = entries.get(data);
        if (e == null || !e.available()) {
            notes.add(exp + ": skipped: " + data + " is not installed (get it with: "
                    + (e == null ? "?" : e.howToGet()) + ")");
            return false;
        }
        boolean cifar = exp.equals("cifar-subset");
        int train = cifar ? trainSize(c, CIFAR_TRAIN, 200) : trainSize(c, 0, 300);
        int test = cifar ? testSize(c, CIFAR_TEST, 100) : testSize(c, 0, 200);
        List<String> methods = cifar ? List.of("cntk-sketch", "cntk-sketch-pooled") : IMAGE_METHODS;
        if (c.quick() && !cifar) {
            methods = List.of("cntk-sketch", "cntk-sketch-pooled", "ntk-sketch", "rff");
        }
        int reps = c.splits() != null ? c.splits() : 1;
        String note = train > 0 || test > 0 ? "seeded subset" : "";
        addRuns(tasks, c, exp, data, reps, methods(c, methods, true, exp, notes), train, test, note);
        if (cifar && c.exactCntkTrain() > 0 && (c.methods() == null || c.methods().contains("exact-cntk"))) {
            for (int r = 0; r < reps; r++) {
                tasks.add(new Task(exp, "exact-cntk", data, r, 0, c.exactCntkTrain(), test,
                        "exact CNTK on " + c.exactCntkTrain() + " training images"));
            }
        } else if (cifar) {
            notes.add("cifar-subset: exact CNTK ridge not run (opt in with --exact-cntk-train N); its cost per pair "
                    + "was timed instead, see below");
        }
        return true;
    }

    private static void sparse(RunnerConfig c, Map<String, DataCatalog.Entry> entries, List<Task> tasks,
                               List<String> notes) {
        List<String> sets = c.quick() ? List.of("libsvm/a8a") : List.of("libsvm/a8a", "libsvm/w8a");
        int train = trainSize(c, 0, 2000);
        int test = testSize(c, 0, 500);
        for (String data : selected(c, sets)) {
            DataCatalog.Entry e = entries.get(data);
            if (e == null || !e.available()) {
                notes.add("sparse: skipped " + data + ": not installed (" + (e == null ? "?" : e.howToGet()) + ")");
                continue;
            }
            int reps = c.splits() != null ? c.splits() : 1;
            addRuns(tasks, c, "sparse", data, reps, methods(c, SPARSE_METHODS, false, "sparse", notes), train, test,
                    "CSR input");
        }
    }

    private static int trainSize(RunnerConfig c, int full, int quick) {
        return c.trainSize() > 0 ? c.trainSize() : c.quick() ? quick : full;
    }

    private static int testSize(RunnerConfig c, int full, int quick) {
        return c.testSize() > 0 ? c.testSize() : c.quick() ? quick : full;
    }

    private static List<String> selected(RunnerConfig c, List<String> sets) {
        return c.data() == null ? sets : sets.stream().filter(c.data()::contains).toList();
    }

    /** The experiment's methods, or the requested ones that make sense for its data. */
    private static List<String> methods(RunnerConfig c, List<String> defaults, boolean images, String exp,
                                        List<String> notes) {
        if (c.methods() == null) {
            return defaults;
        }
        List<String> out = new ArrayList<>();
        for (String m : c.methods()) {
            if (m.equals("exact-cntk")) {
                continue; // cifar-subset adds it itself (opt-in)
            }
            if (Methods.needsImages(m) && !images) {
                notes.add(exp + ": " + m + " left out: it needs image inputs");
            } else {
                out.add(m);
            }
        }
        return out;
    }

    private static void addRuns(List<Task> tasks, RunnerConfig c, String exp, String data, int splits,
                                List<String> methods, int train, int test, String note) {
        int[] dims = c.dims() != null ? c.dims() : c.quick() ? QUICK_DIMS : DIMS;
        for (int split = 0; split < splits; split++) {
            for (String method : methods) {
                if (!Methods.hasDimension(method)) {
                    tasks.add(new Task(exp, method, data, split, 0, train, test, note));
                    continue;
                }
                for (int m : dims) {
                    tasks.add(new Task(exp, method, data, split, m, train, test, note));
                }
            }
        }
    }
}
