package org.ntk4j.model;

import org.ntk4j.HeapSpace;
import org.ntk4j.Progress;
import org.ntk4j.Version;
import org.ntk4j.data.Dataset;
import org.ntk4j.data.ImageAugmentation;
import org.ntk4j.features.FeatureMap;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.features.FeatureMaps;
import org.ntk4j.kernel.Kernel;
import org.ntk4j.kernel.KernelSpec;
import org.ntk4j.kernel.Kernels;
import org.ntk4j.learn.DualRidge;
import org.ntk4j.learn.GramStats;
import org.ntk4j.learn.IterativeRidge;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.learn.LinearPredictor;
import org.ntk4j.learn.PrimalRidge;
import org.ntk4j.learn.RowGroups;
import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Fits a model end to end: preprocessing on the training data, then exact kernel ridge (dual) or
 * ridge on a feature map. Feature ridge streams row blocks through the map into Gram statistics
 * (primal, memory O(m²)) when there are at least as many rows as features, and solves in the dual
 * on the explicit n×m features otherwise.
 */
public final class ModelTrainer {
    private ModelTrainer() {
    }

    /**
     * What to fit. Exactly one of kernel and map is set.
     *
     * @param maxExactRows exact kernel ridge refuses more training rows than this
     * @param blockRows    rows per streamed block of features
     * @param augment      copies of each training image added to the feature-map fit (never to the test rows)
     * @param store        how the conjugate-gradient solver stores the features
     */
    public record Config(KernelSpec kernel, FeatureMapSpec map, LambdaSelection lambda, boolean doublePrecision,
                         int maxExactRows, int blockRows, Progress progress, Solver solver, ImageAugmentation augment,
                         FeatureStore store) {
        public Config {
            if ((kernel == null) == (map == null)) {
                throw new IllegalArgumentException("give either an exact kernel or a feature map");
            }
            if (blockRows < 1) {
                throw new IllegalArgumentException("block size must be positive");
            }
            if (kernel != null && !augment.isNone()) {
                throw new IllegalArgumentException("augmentation applies to ridge on a feature map, not to exact kernel ridge "
                        + "(its n×n kernel matrix would grow by the square of the copies)");
            }
        }

        public static Config kernel(KernelSpec kernel, LambdaSelection lambda) {
            return new Config(kernel, null, lambda, true, 10_000, 1024, Progress.NONE, Solver.AUTO, ImageAugmentation.NONE,
                    FeatureStore.AUTO);
        }

        public static Config map(FeatureMapSpec map, LambdaSelection lambda) {
            return new Config(null, map, lambda, false, 10_000, 1024, Progress.NONE, Solver.AUTO, ImageAugmentation.NONE,
                    FeatureStore.AUTO);
        }

        public Config withProgress(Progress p) {
            return new Config(kernel, map, lambda, doublePrecision, maxExactRows, blockRows, p, solver, augment, store);
        }

        public Config withMaxExactRows(int rows) {
            return new Config(kernel, map, lambda, doublePrecision, rows, blockRows, progress, solver, augment, store);
        }

        public Config withPrecision(boolean dbl) {
            return new Config(kernel, map, lambda, dbl, maxExactRows, blockRows, progress, solver, augment, store);
        }

        public Config withSolver(Solver s) {
            return new Config(kernel, map, lambda, doublePrecision, maxExactRows, blockRows, progress, s, augment, store);
        }

        public Config withStore(FeatureStore f) {
            return new Config(kernel, map, lambda, doublePrecision, maxExactRows, blockRows, progress, solver, augment, f);
        }

        public Config withAugmentation(ImageAugmentation a) {
            return new Config(kernel, map, lambda, doublePrecision, maxExactRows, blockRows, progress, solver, a, store);
        }
    }

    /**
     * How ridge on features is solved. DIRECT: the m×m Gram matrix (primal, n ≥ m) or the n×n kernel
     * (dual). CG: conjugate gradients on the stored n×m float32 or float16 features
     * ({@link IterativeRidge}), for sizes beyond what m×m or n×n matrices allow. AUTO: CG when both n and m exceed
     * {@link #AUTO_CG_ABOVE} (so the direct path, primal or dual, would need a matrix that large) and
     * λ is chosen by a hold-out or fixed (the rules CG supports), direct otherwise.
     */
    public enum Solver { AUTO, DIRECT, CG }

    /**
     * How the conjugate-gradient solver stores the features: float32, float16 (half the memory, about
     * 3 significant digits: {@link IterativeRidge.Store}), or AUTO: float32 when it fits in the
     * heap's old generation ({@link HeapSpace}), float16 when only that fits.
     */
    public enum FeatureStore { AUTO, FLOAT32, FLOAT16 }

    /**
     * Above this min(n, m), AUTO solves by conjugate gradients: the direct hold-out at m = 16384
     * already peaks at 23 GB (two m×m Gram matrices and an m×m eigen-decomposition), and the dual
     * path's n×n kernel is no smaller when n < m.
     */
    public static final int AUTO_CG_ABOVE = 16384;

    /**
     * Whether a fit of n rows on m features with this solver, λ rule and precision runs conjugate
     * gradients (AUTO falls back to direct for what CG cannot do: GCV, k-fold, double precision).
     */
    static boolean usesConjugateGradients(Solver solver, LambdaSelection.Rule rule, boolean doublePrecision, long n, int m) {
        return solver == Solver.CG
                || solver == Solver.AUTO && conjugateGradientsSupport(rule) && !doublePrecision
                        && Math.min(n, m) > AUTO_CG_ABOVE;
    }

    /** The λ rules the conjugate-gradient solver runs: a hold-out or a fixed λ. */
    private static boolean conjugateGradientsSupport(LambdaSelection.Rule rule) {
        return rule == LambdaSelection.Rule.HOLDOUT || rule == LambdaSelection.Rule.FIXED;
    }

    /**
     * The λ rule used when none is given: GCV for exact kernels and plain linear ridge, a 20 %
     * hold-out for random feature maps. GCV is an in-sample criterion: it cannot see the sketch's
     * noise on new points, and on random features it picks λ far too small (protein split 1,
     * ntk-sketch at m = 8192: test RMSE 10.7 with GCV, 4.2 with the hold-out).
     */
    public static LambdaSelection defaultLambda(KernelSpec kernel, FeatureMapSpec map, long seed) {
        boolean exact = kernel != null && map == null || map != null && map.kind().equals("linear");
        return exact ? LambdaSelection.gcv() : LambdaSelection.holdout(0.2, seed);
    }

    public static TrainedModel fit(Dataset train, Config config) {
        if (!train.hasTargets()) {
            throw new IllegalArgumentException("training data " + train.source() + " has no targets");
        }
        if (train.size() < 2) {
            throw new IllegalArgumentException("training data " + train.source() + " has " + train.size()
                    + " rows; at least 2 are needed");
        }
        Preprocessing pre = Preprocessing.fit(train);
        Rows x = pre.transformInputs(train.inputs(), train.source());
        DoubleMatrix y = pre.learnerTargets(train);
        return config.kernel() != null ? fitKernel(train, pre, x, y, config) : fitFeatures(train, pre, x, y, config);
    }

    /**
     * Fits ridge on each of {@code draws} independent draws of the config's feature map (seeds S,
     * S+1, …, S = the spec's seed), one after another so memory stays that of one draw, and returns
     * their mean. afterEach sees every member as soon as it is fitted (e.g. to report progress).
     */
    public static EnsembleModel fitDraws(Dataset train, Config config, int draws,
                                         java.util.function.Consumer<FeatureRidgeModel> afterEach) {
        if (config.map() == null) {
            throw new IllegalArgumentException("draws apply to random feature maps, not to an exact kernel");
        }
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be at least 1, got " + draws);
        }
        if (draws > 1 && config.map().kind().equals("linear")) {
            throw new IllegalArgumentException("the linear map has no random draw: its draws would all be the same model");
        }
        FeatureMapSpec base = config.map();
        java.util.List<FeatureRidgeModel> members = new java.util.ArrayList<>();
        double featureSeconds = 0;
        double solveSeconds = 0;
        for (int i = 0; i < draws; i++) {
            FeatureMapSpec spec = new FeatureMapSpec(base.kind(), base.params(), base.seed() + i);
            Config c = new Config(null, spec, config.lambda(), config.doublePrecision(), config.maxExactRows(),
                    config.blockRows(), config.progress(), config.solver(), config.augment(), config.store());
            FeatureRidgeModel m = (FeatureRidgeModel) fit(train, c);
            members.add(m);
            featureSeconds += m.summary().featureSeconds();
            solveSeconds += m.summary().solveSeconds();
            afterEach.accept(m);
        }
        FitSummary first = members.getFirst().summary();
        FitSummary s = new FitSummary(first.data(), first.trainRows(), first.created(), first.ntk4jVersion(),
                first.lambda(), first.relativeLambda(), first.lambdaRule(), first.curve(), Double.NaN,
                featureSeconds, solveSeconds);
        return new EnsembleModel(members, s);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static TrainedModel fitKernel(Dataset train, Preprocessing pre, Rows x, DoubleMatrix y, Config config) {
        int n = train.size();
        if (n > config.maxExactRows()) {
            double gib = (double) n * n * 8 / (1L << 30);
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "exact kernel ridge on %,d rows needs a %,d x %,d kernel matrix (%.1f GiB) and O(n^3) time; "
                            + "the limit is %,d rows (--max-exact-rows). Use a feature map instead "
                            + "(--map ntk-sketch or --map ntk-rf), or subsample with --train-size.",
                    n, n, n, gib, config.maxExactRows()));
        }
        Kernel kernel = Kernels.build(shaped(config.kernel(), pre.inputShape()));
        DoubleMatrix xd = x.dense();
        long t0 = System.nanoTime();
        config.progress().start("kernel matrix", n);
        DoubleMatrix k = kernel.gram(xd);
        config.progress().advance(n);
        config.progress().finish();
        double kernelSeconds = seconds(t0);
        long t1 = System.nanoTime();
        DualRidge.Result r = DualRidge.fit(k, y, config.lambda());
        double solveSeconds = seconds(t1);
        double rmse = trainRmse(pre, y, r.predictor().predict(k));
        FitSummary s = new FitSummary(train.source(), n, now(), Version.get(), r.lambda(), r.relativeLambda(),
                config.lambda().toString(), r.curve(), rmse, kernelSeconds, solveSeconds);
        return new KernelRidgeModel(pre, kernel, xd, r.predictor(), s);
    }

    /** Image kernels take their C×H×W shape from the data. */
    static KernelSpec shaped(KernelSpec spec, int[] inputShape) {
        return spec.kind().equals("cntk") ? org.ntk4j.kernel.ConvolutionalNtk.withShape(spec, inputShape) : spec;
    }

    private static TrainedModel fitFeatures(Dataset train, Preprocessing pre, Rows x, DoubleMatrix y, Config config) {
        long t0 = System.nanoTime();
        FeatureMap map = FeatureMaps.fit(config.map(), pre.inputShape(), x); // data-dependent maps (Nyström) fit here
        ImageAugmentation aug = config.augment();
        aug.checkShape(pre.inputShape(), train.source());
        int n = train.size();
        int perImage = 1 + aug.copies();    // feature rows per training image: the original and its copies
        long rows = (long) n * perImage;
        int m = map.outputDim();
        double featureSeconds;
        double solveSeconds;
        LinearPredictor predictor;
        PrimalRidge.Result pr = null;
        DualRidge.Result dr = null;
        double rmse;
        // with copies, the dual path's n×n kernel would split an image's copies between fit and hold-out: CG keeps them together
        boolean dualWithCopies = perImage > 1 && rows < m;
        if (usesConjugateGradients(config.solver(), config.lambda().rule(), config.doublePrecision(), rows, m)
                || dualWithCopies && config.solver() == Solver.AUTO) {
            return fitIterative(train, pre, x, y, config, map, t0);
        }
        if (dualWithCopies) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the direct solver with augmentation needs "
                    + "at least as many feature rows as features (%,d images × %d < %,d); use --solver cg (or auto)", n, perImage, m));
        }
        if (rows >= m) {
            int[] group = RowGroups.assign(config.lambda(), n);
            GramStats[] stats = new GramStats[config.lambda().groups()];
            for (int g = 0; g < stats.length; g++) {
                stats[g] = new GramStats(m, y.cols());
            }
            config.progress().start("features and Gram matrix", n);
            for (int from = 0; from < n; from += config.blockRows()) {
                int to = Math.min(n, from + config.blockRows());
                DoubleMatrix yb = aug.repeatRows(y.rowRange(from, to));
                addByGroup(stats, group, from, to - from, perImage, heldOriginalsOnly(config.lambda()),
                        map, inputBlock(x, from, to, pre, aug), config.doublePrecision(), yb);
                config.progress().advance(to - from);
            }
            config.progress().finish();
            featureSeconds = seconds(t0);
            long t1 = System.nanoTime();
            pr = PrimalRidge.fit(stats, config.lambda());
            solveSeconds = seconds(t1);
            predictor = pr.predictor();
            rmse = trainRmse(pre, pr.trainSse(), rows);
        } else {
            if ((long) n * m > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the direct solver with more "
                        + "features than rows keeps all %,d x %,d features in one array, past the 2^31 elements Java "
                        + "allows; use --solver cg (or auto), or a smaller --dim", n, m));
            }
            config.progress().start("features", n);
            DoubleMatrix phi = new DoubleMatrix(n, m);
            for (int from = 0; from < n; from += config.blockRows()) {
                int to = Math.min(n, from + config.blockRows());
                DoubleMatrix block = features(map, x.rowRange(from, to), config.doublePrecision());
                System.arraycopy(block.data(), 0, phi.data(), from * m, block.data().length);
                config.progress().advance(to - from);
            }
            config.progress().finish();
            featureSeconds = seconds(t0);
            long t1 = System.nanoTime();
            DoubleMatrix k = Blas.multiply(phi, false, phi, true);
            dr = DualRidge.fit(k, y, config.lambda());
            // Σα = 0, so the primal weights are Φᵀα and the intercept is the dual offset
            predictor = new LinearPredictor(Blas.multiply(phi, true, dr.predictor().alpha(), false), dr.predictor().offset());
            solveSeconds = seconds(t1);
            rmse = trainRmse(pre, y, dr.predictor().predict(k));
        }
        double lambda = pr != null ? pr.lambda() : dr.lambda();
        double rel = pr != null ? pr.relativeLambda() : dr.relativeLambda();
        FitSummary s = new FitSummary(describe(train, aug), n, now(), Version.get(), lambda, rel, config.lambda().toString(),
                pr != null ? pr.curve() : dr.curve(), rmse, featureSeconds, solveSeconds);
        return new FeatureRidgeModel(pre, map, config.doublePrecision(), predictor, s);
    }

    /** The training data's source, with the augmentation when there is one (recorded in the model). */
    private static String describe(Dataset train, ImageAugmentation aug) {
        return aug.isNone() ? train.source() : train.source() + ", " + aug.describe();
    }

    /** Rows [from, to) of the preprocessed training inputs, each image followed by its augmented copies. */
    private static Rows inputBlock(Rows x, int from, int to, Preprocessing pre, ImageAugmentation aug) {
        Rows b = x.rowRange(from, to);
        return aug.isNone() ? b : aug.expand(b.dense(), pre.inputShape(), from);
    }

    /** Ridge by conjugate gradients on the stored float32 or float16 features (hold-out or fixed λ). */
    private static TrainedModel fitIterative(Dataset train, Preprocessing pre, Rows x, DoubleMatrix y, Config config,
                                             FeatureMap map, long t0) {
        ImageAugmentation aug = config.augment();
        int n = train.size();
        int perImage = 1 + aug.copies();
        long rows = (long) n * perImage;
        int m = map.outputDim();
        LambdaSelection sel = config.lambda();
        if (!conjugateGradientsSupport(sel.rule())) {
            throw new IllegalArgumentException("the conjugate-gradient solver chooses λ by a hold-out or takes a fixed λ, not "
                    + sel + " (use --lambda holdout[:F] or a number, or --solver direct)");
        }
        if (config.doublePrecision()) {
            throw new IllegalArgumentException("the conjugate-gradient solver stores float32 or float16 features; double-precision "
                    + "features need the direct solver (--solver direct)");
        }
        int rank = Math.min(1024, Math.max(1, m / 4));
        long space = HeapSpace.longLived();
        IterativeRidge.Store store = store(config.store(), rows, m, rank, space);
        long bytes = conjugateGradientBytes(rows, m, rank, store);
        String storeName = store.name().toLowerCase(java.util.Locale.ROOT);
        if (!fits(bytes, space)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the conjugate-gradient solver needs the %,d x %,d %s features and its preconditioner (%.1f GiB), "
                            + "more than 90 %% of the %s; use a smaller --dim, fewer rows (--train-size)%s%s or a "
                            + "larger heap (NTK4J_HEAP)", rows, m, storeName,
                    bytes / 1073741824.0, HeapSpace.describe(space), perImage > 1 ? ", fewer augmented copies" : "",
                    store == IterativeRidge.Store.FLOAT32 ? ", --feature-store float16" : ""));
        }
        int[] group = RowGroups.assign(sel, n);
        IterativeRidge.Rows fit = new IterativeRidge.Rows(store);
        IterativeRidge.Rows held = sel.rule() == LambdaSelection.Rule.HOLDOUT ? new IterativeRidge.Rows(store) : null;
        IterativeRidge.Rows heldCopies = new IterativeRidge.Rows(store);   // join the final solve only
        config.progress().start("features (stored as " + storeName + " for conjugate gradients)", n);
        for (int from = 0; from < n; from += config.blockRows()) {
            int to = Math.min(n, from + config.blockRows());
            org.ntk4j.linalg.FloatMatrix phi = map.transform(inputBlock(x, from, to, pre, aug));
            DoubleMatrix yb = aug.repeatRows(y.rowRange(from, to));
            if (held == null) {
                fit.add(phi, yb);
            } else {
                int b = to - from;
                addRows(fit, phi, yb, rowsOfGroup(group, from, b, 0, perImage, 0, perImage));
                addRows(held, phi, yb, rowsOfGroup(group, from, b, 1, perImage, 0, 1));
                addRows(heldCopies, phi, yb, rowsOfGroup(group, from, b, 1, perImage, 1, perImage));
            }
            config.progress().advance(to - from);
        }
        config.progress().finish();
        double featureSeconds = seconds(t0);
        long t1 = System.nanoTime();
        IterativeRidge.Result r = IterativeRidge.fit(fit, held, heldCopies, sel.rule() == LambdaSelection.Rule.FIXED ? sel.fixedLambda()
                : Double.NaN, rank, 1e-5, 500, config.progress());
        double solveSeconds = seconds(t1);
        FitSummary s = new FitSummary(describe(train, aug), n, now(), Version.get(), r.lambda(), r.relativeLambda(),
                sel + " (conjugate gradients on " + storeName + " features, "
                        + r.iterations() + " iterations, preconditioner rank " + r.preconditioner()
                        + (r.converged() ? "" : ", NOT converged to 1e-5 within 500 per λ") + ")", r.curve(), Double.NaN, featureSeconds,
                solveSeconds);
        return new FeatureRidgeModel(pre, map, false, r.predictor(), s);
    }

    private static DoubleMatrix features(FeatureMap map, Rows block, boolean dbl) {
        return dbl ? map.transformDouble(block) : map.transform(block).toDouble();
    }

    /**
     * The store asked for, or for AUTO float32 when it fits in 90 % of the space for long-lived data
     * ({@link HeapSpace#longLived()}) and float16 otherwise.
     */
    static IterativeRidge.Store store(FeatureStore asked, long rows, int m, int rank, long space) {
        return switch (asked) {
            case FLOAT32 -> IterativeRidge.Store.FLOAT32;
            case FLOAT16 -> IterativeRidge.Store.FLOAT16;
            case AUTO -> fits(conjugateGradientBytes(rows, m, rank, IterativeRidge.Store.FLOAT32), space)
                    ? IterativeRidge.Store.FLOAT32 : IterativeRidge.Store.FLOAT16;
        };
    }

    /** Whether a store fits in 90 % of the space for long-lived data (the rest for inputs and the model). */
    private static boolean fits(long bytes, long space) {
        return bytes <= 0.9 * space;
    }

    /** The stored features and the preconditioner's m×r work arrays (basis, products, eigenvectors). */
    private static long conjugateGradientBytes(long rows, int m, int rank, IterativeRidge.Store store) {
        return (long) store.bytes() * rows * m + 40L * m * rank;
    }

    private static void addRows(IterativeRidge.Rows rows, org.ntk4j.linalg.FloatMatrix phi, DoubleMatrix y, int[] idx) {
        if (idx.length > 0) {
            rows.add(phi.selectRows(idx), y.selectRows(idx));
        }
    }

    /**
     * Whether the hold-out part (group 1) keeps only the original images: the test rows are never
     * augmented, so λ is scored on originals, as the test will judge it. The copies must not move to
     * the fit part, which would then see copies of held images. Conjugate gradients add them to the
     * final all-rows solve; the direct solver drops them (keeping them apart would take one more
     * m×m Gram matrix). K-fold groups take turns as hold-out and fit part, so they keep every copy.
     */
    private static boolean heldOriginalsOnly(LambdaSelection sel) {
        return sel.rule() == LambdaSelection.Rule.HOLDOUT;
    }

    /**
     * Adds the features of one block's input rows to the Gram statistics of their row groups. When
     * the held images' copies are dropped, each group's rows are selected before the feature map, so
     * the dropped copies are never transformed (the map is row-wise, so the features are the same).
     */
    static void addByGroup(GramStats[] stats, int[] group, int offset, int images, int perImage,
                           boolean heldOriginalsOnly, FeatureMap map, Rows input, boolean dbl, DoubleMatrix y) {
        if (stats.length == 1) {
            stats[0].add(features(map, input, dbl), y);
            return;
        }
        boolean dropsCopies = heldOriginalsOnly && perImage > 1;
        DoubleMatrix phi = dropsCopies ? null : features(map, input, dbl);
        for (int g = 0; g < stats.length; g++) {
            int[] idx = rowsOfGroup(group, offset, images, g, perImage, 0, g == 1 && heldOriginalsOnly ? 1 : perImage);
            if (idx.length > 0) {
                stats[g].add(dropsCopies ? features(map, input.selectRows(idx), dbl) : phi.selectRows(idx), y.selectRows(idx));
            }
        }
    }

    /**
     * Positions within a block of the feature rows of training rows [offset, offset + images) —
     * perImage per image, the original and then its copies — of the images in row group g, rows
     * [first, last) of each: [0, perImage) all, [0, 1) the original, [1, perImage) the copies.
     */
    static int[] rowsOfGroup(int[] group, int offset, int images, int g, int perImage, int first, int last) {
        int count = 0;
        for (int i = 0; i < images; i++) {
            count += group[offset + i] == g ? last - first : 0;
        }
        int[] idx = new int[count];
        for (int i = 0, p = 0; i < images; i++) {
            if (group[offset + i] == g) {
                for (int j = first; j < last; j++) {
                    idx[p++] = i * perImage + j;
                }
            }
        }
        return idx;
    }

    /** Training RMSE in target units (NaN for classifiers, whose training error is not reported). */
    private static double trainRmse(Preprocessing pre, DoubleMatrix y, DoubleMatrix fitted) {
        if (pre.isClassification()) {
            return Double.NaN;
        }
        return org.ntk4j.learn.Metrics.rmse(pre.outputsToTargets(fitted), pre.outputsToTargets(y));
    }

    /** Training RMSE in target units from the per-output residual sums of squares in learner units. */
    private static double trainRmse(Preprocessing pre, double[] sse, long rows) {
        if (pre.isClassification()) {
            return Double.NaN;
        }
        double[] scale = pre.targets().scale();
        double total = 0;
        for (int o = 0; o < sse.length; o++) {
            total += sse[o] * scale[o] * scale[o];
        }
        return Math.sqrt(total / ((double) rows * sse.length));
    }
}
