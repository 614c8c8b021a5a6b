package org.ntk4j.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.Progress;
import org.ntk4j.data.Dataset;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.kernel.FullyConnectedNtk;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    static Dataset regression(int n, int d, long seed) {
        RandomStream rng = RandomStream.of(seed);
        DoubleMatrix x = new DoubleMatrix(n, d);
        rng.child("x").fillGaussian(x.data());
        DoubleMatrix y = new DoubleMatrix(n, 1);
        RandomStream noise = rng.child("noise");
        for (int i = 0; i < n; i++) {
            // an interaction and a kink: out of reach of a linear model
            double s = 10 + x.get(i, 0) + 3 * x.get(i, 0) * x.get(i, d - 1) + 2 * Math.abs(x.get(i, d / 2));
            y.set(i, 0, s + 0.1 * noise.nextGaussian());
        }
        return Dataset.regression("synthetic", x, y, List.of("y"));
    }

    static Dataset classification(int n, int d, long seed) {
        Dataset r = regression(n, d, seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.inputs().dense().get(i, 0) + r.inputs().dense().get(i, 1) > 0 ? 1 : 0;
        }
        return Dataset.classification("synthetic classes", r.inputs(), new int[]{d}, labels, List.of("neg", "pos"));
    }

    @Test
    void kernelModelRoundTripsWithIdenticalPredictions() throws IOException {
        Dataset train = regression(80, 4, 1);
        Dataset test = regression(20, 4, 2);
        TrainedModel m = ModelTrainer.fit(train, ModelTrainer.Config.kernel(FullyConnectedNtk.paper(2, false).spec(),
                LambdaSelection.gcv()));
        Path f = dir.resolve("k.ntk4j");
        m.save(f);
        TrainedModel back = TrainedModel.load(f);
        assertArrayEquals(m.predict(test.inputs(), Progress.NONE).data(), back.predict(test.inputs(), Progress.NONE).data());
        assertEquals(m.summary().lambda(), back.summary().lambda());
        assertEquals(m.describeMap(), back.describeMap());
        String header = Files.readString(f, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("NTK4J-MODEL 1\n"));
        assertTrue(header.contains("kernel: ntk(depth=2,convention=paper)"));
        assertTrue(header.contains("data: synthetic"));
    }

    @Test
    void featureModelAndClassifierRoundTrip() throws IOException {
        Dataset train = classification(120, 3, 3);
        Dataset test = classification(30, 3, 4);
        TrainedModel m = ModelTrainer.fit(train, ModelTrainer.Config.map(FeatureMapSpec.of("linear", 0),
                LambdaSelection.kfold(3, 1)));
        Path f = dir.resolve("c.ntk4j");
        m.save(f);
        TrainedModel back = TrainedModel.load(f);
        assertArrayEquals(m.predictLabels(test.inputs(), Progress.NONE), back.predictLabels(test.inputs(), Progress.NONE));
        assertEquals(List.of("neg", "pos"), back.preprocessing().classNames());
        Evaluation e = Evaluation.of(back, test, Progress.NONE);
        assertTrue(e.accuracy() > 0.8, "a linear boundary is learnable: accuracy " + e.accuracy());
    }

    @Test
    void exactNtkBeatsLinearRidgeOnANonlinearTarget() {
        Dataset train = regression(300, 3, 5);
        Dataset test = regression(200, 3, 6);
        double ntk = Evaluation.of(ModelTrainer.fit(train, ModelTrainer.Config.kernel(
                FullyConnectedNtk.paper(2, false).spec(), LambdaSelection.gcv())), test, Progress.NONE).rmse();
        double linear = Evaluation.of(ModelTrainer.fit(train, ModelTrainer.Config.map(
                FeatureMapSpec.of("linear", 0), LambdaSelection.gcv())), test, Progress.NONE).rmse();
        assertTrue(ntk < 0.6 * linear, "NTK " + ntk + " vs linear " + linear);
    }

    @Test
    void exactKernelRefusesTooManyRowsAndPointsToFeatureMaps() {
        Dataset train = regression(50, 2, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelTrainer.fit(train,
                ModelTrainer.Config.kernel(FullyConnectedNtk.paper(1, false).spec(), LambdaSelection.gcv())
                        .withMaxExactRows(40)));
        assertTrue(e.getMessage().contains("--map"), e.getMessage());
    }

    @Test
    void corruptForeignTruncatedAndFutureFilesAreRejected() throws IOException {
        Dataset train = regression(40, 2, 8);
        TrainedModel m = ModelTrainer.fit(train, ModelTrainer.Config.kernel(FullyConnectedNtk.paper(1, false).spec(),
                LambdaSelection.gcv()));
        Path good = dir.resolve("good.ntk4j");
        m.save(good);
        byte[] bytes = Files.readAllBytes(good);

        Path flipped = dir.resolve("flipped.ntk4j");
        byte[] b = bytes.clone();
        b[b.length - 5] ^= 0x10;
        Files.write(flipped, b);
        assertRejected(flipped, "checksum");

        Path edited = dir.resolve("edited.ntk4j");
        Files.write(edited, new String(bytes, StandardCharsets.ISO_8859_1).replace("depth=1", "depth=2")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertRejected(edited, "checksum");

        Path truncated = dir.resolve("truncated.ntk4j");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertRejected(truncated, "truncated");

        Path foreign = dir.resolve("foreign.ntk4j");
        Files.writeString(foreign, "PK\u0003\u0004 definitely a zip");
        assertRejected(foreign, "not an ntk4j model");

        Path future = dir.resolve("future.ntk4j");
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replaceFirst("NTK4J-MODEL 1", "NTK4J-MODEL 9");
        Files.write(future, text.getBytes(StandardCharsets.ISO_8859_1));
        assertRejected(future, "version 9");

        Path noKernel = dir.resolve("nokernel.ntk4j");
        String stripped = new String(bytes, StandardCharsets.ISO_8859_1).replaceFirst("kernel: [^\n]*\n", "");
        Files.write(noKernel, stripped.getBytes(StandardCharsets.ISO_8859_1));
        assertRejected(noKernel, "checksum");

        Path empty = dir.resolve("empty.ntk4j");
        Files.write(empty, new byte[0]);
        assertRejected(empty, "not an ntk4j model");
    }

    private static void assertRejected(Path file, String fragment) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TrainedModel.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void savingNeverLeavesAPartialFile() throws IOException {
        Path target = dir.resolve("sub").resolve("m.ntk4j");
        TrainedModel m = ModelTrainer.fit(regression(30, 2, 9), ModelTrainer.Config.map(FeatureMapSpec.of("linear", 0),
                LambdaSelection.gcv()));
        m.save(target);
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
