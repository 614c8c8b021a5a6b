package org.ntk4j.bench.experiments;

import org.ntk4j.Progress;
import org.ntk4j.data.Dataset;
import org.ntk4j.data.Splits;
import org.ntk4j.data.TrainTest;
import org.ntk4j.features.CntkSketch;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.kernel.KernelSpec;
import org.ntk4j.learn.MlpTrainer;
import org.ntk4j.model.Evaluation;
import org.ntk4j.model.MlpModel;
import org.ntk4j.model.ModelTrainer;
import org.ntk4j.model.TrainedModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methods an experiment compares, each run exactly as {@code ntk4j fit} would run it: the same
 * specs, preprocessing and default λ rule (GCV for exact kernels and linear ridge, a 20 % hold-out of
 * the training rows for random maps), so a row of results.csv can be
 * reproduced with one fit command.
 */
public final class Methods {
    /** Every method name the runner knows. */
    public static final List<String> ALL = List.of("ntk-sketch", "ntk-rf", "cntk-sketch", "cntk-sketch-pooled", "nystrom",
            "rff", "arccos-rf", "grad-rf", "linear", "mlp", "exact-ntk", "exact-cntk");

    /**
     * Paper settings the maps share (algorithms.md §7); pool is the grid of cntk-sketch-pooled (the
     * CNTK Sketch with its readout averaged per region instead of over the whole image).
     */
    public record Settings(int depth, int cntkDepth, int filter, int pool, int maxExactRows, long seed) {
        public static Settings defaults(long seed) {
            return new Settings(2, 3, 4, 4, 10_000, seed);
        }

        Settings withPool(int p) {
            return new Settings(depth, cntkDepth, filter, p, maxExactRows, seed);
        }
    }

    /** What one run measured. */
    public record Outcome(String metric, double error, double fitSeconds, double transformSeconds,
                          double predictSeconds, int nTrain, int nTest, String note) {
    }

    private Methods() {
    }

    /** Methods whose size is set by m; the others (exact kernels, linear) run once per split. */
    public static boolean hasDimension(String method) {
        return !method.equals("linear") && !method.equals("exact-ntk") && !method.equals("exact-cntk");
    }

    /** Methods that need image inputs (C×H×W). */
    public static boolean needsImages(String method) {
        return method.startsWith("cntk-sketch") || method.equals("exact-cntk");
    }

    /** The feature map of a ridge method at dimension m (the same spec `ntk4j fit --map` builds). */
    static FeatureMapSpec mapSpec(String method, int m, Settings s, long seed) {
        String depth = Integer.toString(s.depth());
        String dim = Integer.toString(m);
        return switch (method) {
            case "ntk-sketch" -> FeatureMapSpec.of("ntk-sketch", seed, "depth", depth, "dim", dim);
            case "ntk-rf" -> {
                // half ReLU features, half TensorSRHT: output dimension m1 + ms = m
                int m1 = m / 2;
                yield FeatureMapSpec.of("ntk-rf", seed, "depth", depth, "m1", Integer.toString(m1), "m0",
                        Integer.toString(m1), "ms", Integer.toString(m - m1), "leverage", "true", "shared-steps", "true");
            }
            case "cntk-sketch" -> FeatureMapSpec.of("cntk-sketch", seed, "depth", Integer.toString(s.cntkDepth()),
                    "filter", Integer.toString(s.filter()), "dim", dim);
            case "cntk-sketch-pooled" -> FeatureMapSpec.of("cntk-sketch", seed, "depth", Integer.toString(s.cntkDepth()),
                    "filter", Integer.toString(s.filter()), "dim", dim, "pool", Integer.toString(poolFor(m, s)));
            case "nystrom" -> FeatureMapSpec.of("nystrom", seed, "kernel", ntkSpec(s).toString(), "dim", dim,
                    "sampling", "rls");
            case "rff" -> FeatureMapSpec.of("rff", seed, "dim", dim);
            case "arccos-rf", "grad-rf" -> FeatureMapSpec.of(method, seed, "depth", depth, "dim", dim);
            case "linear" -> FeatureMapSpec.of("linear", seed);
            default -> throw new IllegalArgumentException("not a feature-map method: " + method);
        };
    }

    /**
     * The settings' pool, or the largest smaller one that leaves each region a width cntk-sketch
     * accepts (small m, as in --quick).
     */
    static int poolFor(int m, Settings s) {
        for (int p = s.pool(); p > 1; p--) {
            if (m % (p * p) == 0 && CntkSketch.acceptsWidth(m / (p * p), s.filter())) {
                return p;
            }
        }
        return 1;
    }

    /** Rows (or columns, the fewer) of the CNTK's last layer on images of shape {C, H, W}. */
    static int lastLayerSide(int[] shape, Settings s) {
        return Math.max(1, CntkSketch.lastLayerSide(Math.min(shape[1], shape[2]), s.cntkDepth(), s.filter()));
    }

    static KernelSpec ntkSpec(Settings s) {
        Map<String, String> p = new LinkedHashMap<>(); // ordered, so the spec text is stable
        p.put("depth", Integer.toString(s.depth()));
        p.put("convention", "paper");
        return new KernelSpec("ntk", p);
    }

    static KernelSpec cntkSpec(Settings s) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("variant", "valid");
        p.put("depth", Integer.toString(s.cntkDepth()));
        p.put("filter", Integer.toString(s.filter()));
        return new KernelSpec("cntk", p);
    }

    /**
     * Fits one method on the training rows and evaluates it on the test rows. The seed of the random
     * maps is the run's seed plus its split, so repetitions draw fresh maps.
     */
    static Outcome run(Task task, TrainTest data, Settings s) {
        long seed = s.seed() + task.split();
        Dataset train = data.train();
        String note = task.note();
        long t0 = System.nanoTime();
        TrainedModel model;
        double transformSeconds;
        switch (task.method()) {
            case "mlp" -> {
                model = MlpModel.fit(train, MlpTrainer.Config.defaults(s.depth(), task.m(), seed), Progress.NONE);
                transformSeconds = 0;
            }
            case "exact-ntk", "exact-cntk" -> {
                if (train.size() > s.maxExactRows()) {
                    note = join(note, "exact kernel on a seeded subsample of " + s.maxExactRows() + " of "
                            + train.size() + " training rows");
                    train = Splits.take(train, s.maxExactRows(), seed);
                }
                KernelSpec k = task.method().equals("exact-ntk") ? ntkSpec(s) : cntkSpec(s);
                model = ModelTrainer.fit(train, ModelTrainer.Config.kernel(k, ModelTrainer.defaultLambda(k, null, seed))
                        .withMaxExactRows(s.maxExactRows()));
                transformSeconds = model.summary().featureSeconds();
            }
            default -> {
                if (task.method().equals("nystrom") && task.m() > train.size()) {
                    note = join(note, "landmarks capped at the " + train.size() + " training rows");
                }
                Settings settings = s;
                if (task.method().equals("cntk-sketch-pooled")) {
                    // the grid cannot be finer than the last layer, nor leave a region too few features
                    settings = s.withPool(Math.min(s.pool(), lastLayerSide(train.sampleShape(), s)));
                    int pool = poolFor(task.m(), settings);
                    note = join(note, pool + "x" + pool + " regions" + (pool < s.pool() ? " (--pool " + s.pool()
                            + " does not fit m = " + task.m() + " on these images)" : ""));
                }
                FeatureMapSpec spec = mapSpec(task.method(), task.m(), settings, seed);
                // the CLI's default λ rule: GCV for exact kernels and linear ridge, hold-out for random maps
                model = ModelTrainer.fit(train, ModelTrainer.Config.map(spec, ModelTrainer.defaultLambda(null, spec, seed)));
                transformSeconds = model.summary().featureSeconds();
            }
        }
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        Evaluation e = Evaluation.of(model, data.test(), Progress.NONE);
        boolean classes = e.isClassification();
        return new Outcome(classes ? "accuracy" : "rmse", classes ? e.accuracy() : e.rmse(), fitSeconds,
                transformSeconds, e.seconds(), train.size(), data.test().size(), note);
    }

    static String join(String a, String b) {
        if (b == null || b.isEmpty()) {
            return a == null ? "" : a;
        }
        return a == null || a.isEmpty() ? b : a + "; " + b;
    }
}
