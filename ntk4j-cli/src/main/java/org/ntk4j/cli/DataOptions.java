package org.ntk4j.cli;

import org.ntk4j.data.DataCatalog;
import org.ntk4j.data.Dataset;
import org.ntk4j.data.Splits;
import org.ntk4j.data.TrainTest;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * --data and its companions: a file (CSV, LIBSVM, .npy) or a named set from the catalog, with
 * its split and optional seeded subsets.
 */
final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "A data file (CSV, LIBSVM, .npy) or a named set, e.g. concrete, uci/protein-tertiary-structure, libsvm/a8a (see 'ntk4j datasets').")
    String data;

    @Option(names = "--split", defaultValue = "0", description = "Split of a named set (UCI: the published split K; default: ${DEFAULT-VALUE}).")
    int split;

    @Option(names = "--train-size", defaultValue = "0", paramLabel = "N", description = "Use a seeded subset of N training rows (default: all).")
    int trainSize;

    @Option(names = "--test-size", defaultValue = "0", paramLabel = "N", description = "Use a seeded subset of N test rows (default: all).")
    int testSize;

    @Option(names = "--target", paramLabel = "COLUMN",
            description = "CSV target column by header name or 1-based number (default: the last column).")
    String target;

    @Option(names = "--task", defaultValue = "auto",
            description = "regression, classification or auto (LIBSVM labels and image sets are classes; default: ${DEFAULT-VALUE}).")
    Task task;

    enum Task { AUTO, REGRESSION, CLASSIFICATION }

    boolean isFile() {
        return Files.exists(Path.of(data)) || InputFiles.looksLikePath(data);
    }

    /** Train and test sets: for a named set its split, for a file all rows as training and no test set. */
    TrainTest load(long seed) throws IOException {
        if (split < 0) {
            throw new UsageError("--split must be >= 0, got " + split);
        }
        if (trainSize < 0 || testSize < 0) {
            throw new UsageError("--train-size and --test-size must be >= 0");
        }
        if (isFile()) {
            Dataset all = applyTask(InputFiles.readLabeled(Path.of(data), target));
            Dataset train = trainSize > 0 ? subset(all, trainSize, seed) : all;
            return new TrainTest(train, train.subset(new int[0], "(no test rows)"), all.source());
        }
        if (target != null) {
            throw new UsageError("--target applies to CSV files, not to the named set " + data);
        }
        TrainTest t = new DataCatalog().load(data, split, trainSize, testSize, seed);
        return new TrainTest(applyTask(t.train()), applyTask(t.test()), t.description());
    }

    /** The rows to evaluate on: the test split of a named set, or every row of a file. */
    Dataset loadEvaluation(long seed) throws IOException {
        if (isFile()) {
            Dataset all = applyTask(InputFiles.readLabeled(Path.of(data), target));
            return testSize > 0 ? subset(all, testSize, seed) : all;
        }
        return load(seed).test();
    }

    private static Dataset subset(Dataset all, int size, long seed) {
        if (size > all.size()) {
            throw new IllegalArgumentException("asked for " + size + " rows but " + all.source() + " has " + all.size());
        }
        return Splits.take(all, size, seed);
    }

    private Dataset applyTask(Dataset d) {
        return switch (task) {
            case CLASSIFICATION -> d.asClassification();
            case REGRESSION -> {
                if (d.isClassification()) {
                    throw new UsageError("--task regression: " + d.source() + " has class labels");
                }
                yield d;
            }
            case AUTO -> d;
        };
    }
}
