package org.ntk4j.cli;

import org.ntk4j.learn.MlpTrainer;
import picocli.CommandLine.Option;

/** --model mlp and its training options: the trained-network baseline. */
final class MlpOptions {
    @Option(names = "--model", paramLabel = "KIND",
            description = "Train a network instead of ridge: mlp (fully connected ReLU net of --depth hidden layers, "
                    + "width so its parameter count ≈ --dim, Adam on squared loss, early stopping on a seeded 10%% of the training rows).")
    String model;

    @Option(names = "--epochs", paramLabel = "E", description = "mlp: at most this many epochs (default: 200; stops after 20 without validation improvement).")
    Integer epochs;

    @Option(names = "--learning-rate", paramLabel = "R", description = "mlp: Adam step size (default: 0.001).")
    Double learningRate;

    @Option(names = "--batch-size", paramLabel = "B", description = "mlp: rows per minibatch (default: 64).")
    Integer batchSize;

    boolean given() {
        return model != null;
    }

    MlpTrainer.Config config(long seed, MapOptions map, KernelOptions kernel) {
        if (!"mlp".equals(model)) {
            throw new UsageError("unknown --model '" + model + "' (known: mlp)");
        }
        if (kernel.nngp || kernel.wStd != null || kernel.bStd != null) {
            throw new UsageError("--nngp/--w-std/--b-std describe kernels, not --model mlp");
        }
        int depth = kernel.depthOr(2);
        int m = map.dim == null ? 8192 : map.dim;
        if (depth < 1 || depth > 100 || m < 1) {
            throw new UsageError("--model mlp needs 1 <= --depth <= 100 and --dim >= 1, got " + depth + " and " + m);
        }
        try {
            MlpTrainer.Config c = MlpTrainer.Config.defaults(depth, m, seed);
            if (epochs != null) {
                c = c.withEpochs(epochs);
            }
            if (learningRate != null) {
                c = c.withLearningRate(learningRate);
            }
            if (batchSize != null) {
                c = c.withBatchSize(batchSize);
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new UsageError("--model mlp: " + e.getMessage());
        }
    }

    /** Training options given without --model. */
    boolean trainingOptionsGiven() {
        return epochs != null || learningRate != null || batchSize != null;
    }
}
