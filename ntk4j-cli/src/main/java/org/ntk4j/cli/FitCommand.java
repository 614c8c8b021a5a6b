package org.ntk4j.cli;

import org.ntk4j.data.ImageAugmentation;
import org.ntk4j.data.TrainTest;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.learn.MlpTrainer;
import org.ntk4j.model.Evaluation;
import org.ntk4j.model.MlpModel;
import org.ntk4j.model.ModelTrainer;
import org.ntk4j.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "fit", sortOptions = false,
        description = {"Fits exact kernel ridge (--kernel), ridge on a feature map (--map), or a trained network (--model mlp).",
                "λ is chosen on the training rows only; a named set's test split is evaluated after the fit."})
final class FitCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;
    @Mixin
    KernelOptions kernel;
    @Mixin
    MapOptions map;
    @Mixin
    MlpOptions mlp;

    @Option(names = {"-o", "--output"}, paramLabel = "MODEL", description = "Where to save the model (e.g. model.ntk4j).")
    Path output;

    @Option(names = "--lambda", defaultValue = "auto", paramLabel = "RULE",
            description = {"How λ is chosen on the training rows: gcv, holdout[:FRACTION], kfold[:K], or a fixed positive number.",
                    "Default auto: gcv for exact kernels and linear ridge, holdout:0.2 for random feature maps (GCV cannot see their noise on new points)."})
    String lambda;

    @Option(names = "--max-exact-rows", defaultValue = "10000", paramLabel = "N",
            description = "Exact kernel ridge refuses more training rows than this (default: ${DEFAULT-VALUE}).")
    int maxExactRows;

    @Option(names = "--draws", defaultValue = "1", paramLabel = "K",
            description = {"Fit ridge on K independent draws of the feature map (seeds S..S+K-1) and average their predictions "
                    + "(default: ${DEFAULT-VALUE}).",
                    "Costs K fits of m features, one after another (the m×m ridge work space once); averages out part of the random-feature noise."})
    int draws;

    @Option(names = "--solver", defaultValue = "auto", paramLabel = "S",
            description = {"How ridge on features is solved: direct (m×m Gram matrix or n×n kernel), cg (conjugate gradients on "
                    + "the stored features, float32 or float16 by --feature-store, instead of an m×m or n×n matrix), or auto "
                    + "(default: cg when both n and m exceed "
                    + ModelTrainer.AUTO_CG_ABOVE + " and λ is by hold-out or fixed)."})
    String solver;

    @Option(names = "--feature-store", defaultValue = "auto", paramLabel = "P",
            description = {"How --solver cg stores the features: float32, float16 (half the memory and half the bytes per CG "
                    + "step, about 3 significant digits per feature), or auto (default: float32 when it fits in the "
                    + "heap's old generation, else float16)."})
    String featureStore;

    @Option(names = "--augment", defaultValue = "none", paramLabel = "A",
            description = {"Copies of every training image fitted next to it (image sets, --map only): none (default), flip "
                    + "(horizontal mirror), shift[:K] (K of the four 1-pixel shifts per image, drawn from --seed; default all 4), "
                    + "or both, e.g. flip,shift:2.",
                    "Multiplies the feature rows (time and, with --solver cg, memory) by 1 + copies; test rows are never augmented."})
    String augment;

    @Option(names = "--block-rows", defaultValue = "1024", paramLabel = "N", description = "Rows per streamed block (default: ${DEFAULT-VALUE}).")
    int blockRows;

    @Mixin
    OutputFile outputFile;
    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.apply();
        // with --map nystrom, --kernel names the kernel whose landmarks are taken, not a third method
        boolean exact = kernel.given() && !map.takesKernel();
        int methods = (exact ? 1 : 0) + (map.given() ? 1 : 0) + (mlp.given() ? 1 : 0);
        if (methods != 1) {
            throw new UsageError("give either --kernel (exact kernel ridge), --map (ridge on features) or --model mlp "
                    + "(a trained network)" + (methods > 1 ? ", not several" : ""));
        }
        if (!mlp.given() && mlp.trainingOptionsGiven()) {
            throw new UsageError("--epochs, --learning-rate and --batch-size apply to --model mlp");
        }
        if (blockRows < 1) {
            throw new UsageError("--block-rows must be at least 1, got " + blockRows);
        }
        if (maxExactRows < 2) {
            throw new UsageError("--max-exact-rows must be at least 2, got " + maxExactRows);
        }
        if (draws < 1 || draws > 1000) {
            throw new UsageError("--draws must be between 1 and 1000, got " + draws);
        }
        if (draws > 1 && !map.given()) {
            throw new UsageError("--draws applies to random feature maps (--map), not to "
                    + (mlp.given() ? "--model mlp" : "an exact kernel"));
        }
        if (!solver.equalsIgnoreCase("auto") && !map.given()) {
            throw new UsageError("--solver applies to ridge on a feature map (--map), not to "
                    + (mlp.given() ? "--model mlp" : "an exact kernel"));
        }
        ModelTrainer.Solver chosenSolver = solver();
        ImageAugmentation augmentation = augmentation();
        if (output != null) {
            outputFile.check(output);
        }
        if (mlp.given()) {
            return fitNetwork();
        }
        org.ntk4j.kernel.KernelSpec kernelSpec = exact ? kernel.spec() : null;
        org.ntk4j.features.FeatureMapSpec mapSpec = exact ? null : map.spec(common.seed, kernel);
        LambdaSelection selection;
        try {
            selection = lambda.equalsIgnoreCase("auto") ? ModelTrainer.defaultLambda(kernelSpec, mapSpec, common.seed)
                    : LambdaSelection.parse(lambda, common.seed);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--lambda: " + e.getMessage());
        }
        ModelTrainer.Config config = exact
                ? ModelTrainer.Config.kernel(kernelSpec, selection)
                : ModelTrainer.Config.map(mapSpec, selection);
        config = new ModelTrainer.Config(config.kernel(), config.map(), selection, common.doublePrecision(),
                maxExactRows, blockRows, common.progress(), chosenSolver, augmentation, featureStore());
        TrainTest tt = data.load(common.seed);
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        TrainedModel model;
        Evaluation test;
        if (draws > 1) {
            DrawReporter reporter = new DrawReporter(out, tt.test(), draws, common.progress(), t0);
            model = ModelTrainer.fitDraws(tt.train(), config, draws, reporter::add);
            test = reporter.evaluation(model.preprocessing());
        } else {
            model = ModelTrainer.fit(tt.train(), config);
            test = null;
        }
        double fitSeconds = (System.nanoTime() - t0) / 1e9 - (test != null ? test.seconds() : 0);
        if (test == null && tt.test().size() > 0) {
            test = Evaluation.of(model, tt.test(), common.progress());
        }
        String data = augmentation.isNone() ? tt.description() : tt.description() + "; training " + augmentation.describe();
        ModelReport.print(out, data, model, fitSeconds, test);
        if (output != null) {
            model.save(output);
            out.println("saved       " + output);
        }
        return Main.OK;
    }

    private ModelTrainer.Solver solver() {
        return switch (solver.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> ModelTrainer.Solver.AUTO;
            case "direct" -> ModelTrainer.Solver.DIRECT;
            case "cg" -> ModelTrainer.Solver.CG;
            default -> throw new UsageError("--solver must be auto, direct or cg, got '" + solver + "'");
        };
    }

    private ModelTrainer.FeatureStore featureStore() {
        return switch (featureStore.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> ModelTrainer.FeatureStore.AUTO;
            case "float32" -> ModelTrainer.FeatureStore.FLOAT32;
            case "float16" -> ModelTrainer.FeatureStore.FLOAT16;
            default -> throw new UsageError("--feature-store must be auto, float32 or float16, got '" + featureStore + "'");
        };
    }

    private ImageAugmentation augmentation() {
        ImageAugmentation a;
        try {
            a = ImageAugmentation.parse(augment, common.seed);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--augment: " + e.getMessage());
        }
        if (!a.isNone() && !map.given()) {
            throw new UsageError("--augment applies to ridge on a feature map (--map), not to "
                    + (mlp.given() ? "--model mlp" : "an exact kernel"));
        }
        return a;
    }

    private Integer fitNetwork() throws Exception {
        MlpTrainer.Config config = mlp.config(common.seed, map, kernel);
        if (!"auto".equals(lambda)) {
            throw new UsageError("--lambda does not apply to --model mlp (it stops early on a validation split instead)");
        }
        TrainTest tt = data.load(common.seed);
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        MlpModel model = MlpModel.fit(tt.train(), config, common.progress());
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        Evaluation test = tt.test().size() > 0 ? Evaluation.of(model, tt.test(), common.progress()) : null;
        ModelReport.print(out, tt.description(), model, fitSeconds, test);
        if (output != null) {
            model.save(output);
            out.println("saved       " + output);
        }
        return Main.OK;
    }
}
