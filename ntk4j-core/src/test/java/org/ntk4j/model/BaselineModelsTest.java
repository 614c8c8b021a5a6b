package org.ntk4j.model;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.Progress;
import org.ntk4j.data.Dataset;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.learn.MlpTrainer;
import org.ntk4j.linalg.Parallel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntk4j.model.ModelFileTest.classification;
import static org.ntk4j.model.ModelFileTest.regression;

/** Baseline models end to end: fit, save, load, predict. */
class BaselineModelsTest {
    @TempDir
    Path dir;

    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    static final FeatureMapSpec NYSTROM = FeatureMapSpec.of("nystrom", 2, "kernel", "ntk(depth=2,convention=paper)",
            "dim", "60");

    static double testRmse(TrainedModel m, Dataset test) {
        return Evaluation.of(m, test, Progress.NONE).rmse();
    }

    @Test
    void nystromModelRestoresItsLandmarks() throws IOException {
        Dataset train = regression(300, 4, 1);
        Dataset test = regression(50, 4, 2);
        TrainedModel m = ModelTrainer.fit(train, ModelTrainer.Config.map(NYSTROM, LambdaSelection.gcv()));
        Path f = dir.resolve("nystrom.ntk4j");
        m.save(f);
        assertTrue(ModelFile.load(f).arrays().keySet().containsAll(List.of("map.landmarks", "map.projection")));
        TrainedModel back = TrainedModel.load(f);
        assertArrayEquals(m.predict(test.inputs(), Progress.NONE).data(), back.predict(test.inputs(), Progress.NONE).data());
        assertEquals(m.describeMap(), back.describeMap());
        assertTrue(back.describeMap().startsWith("nystrom(kernel=ntk(depth=2,convention=paper),dim=60"), back.describeMap());
    }

    @Test
    void nystromModelWithoutItsStateIsRejected() throws IOException {
        TrainedModel m = ModelTrainer.fit(regression(100, 3, 1), ModelTrainer.Config.map(NYSTROM, LambdaSelection.gcv()));
        Path f = dir.resolve("n.ntk4j");
        m.save(f);
        ModelFile full = ModelFile.load(f);
        java.util.Map<String, org.ntk4j.linalg.DoubleMatrix> arrays = new java.util.LinkedHashMap<>(full.arrays());
        arrays.remove("map.projection");
        Path broken = dir.resolve("broken.ntk4j");
        new ModelFile(full.header(), arrays).save(broken);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TrainedModel.load(broken));
        assertTrue(e.getMessage().contains("nystrom"), e.getMessage());
    }

    /** y has an interaction and a kink, out of a linear model's reach: every nonlinear baseline must do far better (measured 0.24–0.34 of linear's RMSE). */
    @Test
    void everyBaselineMapBeatsLinearRidge() {
        Dataset train = regression(600, 4, 3);
        Dataset test = regression(200, 4, 4);
        double linear = testRmse(ModelTrainer.fit(train, ModelTrainer.Config.map(FeatureMapSpec.of("linear", 0),
                LambdaSelection.gcv())), test);
        for (FeatureMapSpec spec : List.of(NYSTROM,
                FeatureMapSpec.of("nystrom", 2, "kernel", "ntk(depth=2,convention=paper)", "dim", "60", "sampling", "uniform"),
                FeatureMapSpec.of("rff", 2, "dim", "400"),
                FeatureMapSpec.of("arccos-rf", 2, "depth", "2", "dim", "400"),
                FeatureMapSpec.of("grad-rf", 2, "depth", "1", "dim", "400"))) {
            double rmse = testRmse(ModelTrainer.fit(train, ModelTrainer.Config.map(spec, LambdaSelection.gcv())), test);
            assertTrue(rmse < 0.5 * linear, spec + ": test RMSE " + rmse + ", linear " + linear);
        }
    }

    static MlpTrainer.Config mlpConfig(int depth, int parameters, long seed) {
        return MlpTrainer.Config.defaults(depth, parameters, seed).withEpochs(150);
    }

    @Test
    void mlpLearnsANonlinearFunctionBetterThanLinearRidge() {
        Dataset train = regression(800, 4, 5);
        Dataset test = regression(200, 4, 6);
        double linear = testRmse(ModelTrainer.fit(train, ModelTrainer.Config.map(FeatureMapSpec.of("linear", 0),
                LambdaSelection.gcv())), test);
        MlpModel mlp = MlpModel.fit(train, mlpConfig(2, 1000, 1), Progress.NONE);
        double rmse = testRmse(mlp, test);
        assertTrue(rmse < 0.5 * linear, "MLP test RMSE " + rmse + ", linear " + linear);
        assertTrue(Math.abs(mlp.network().parameterCount() - 1000) < 60, "parameters " + mlp.network().parameterCount());
    }

    @Test
    void mlpModelsRoundTrip() throws IOException {
        Dataset train = regression(200, 3, 7);
        Dataset test = regression(40, 3, 8);
        MlpModel m = MlpModel.fit(train, mlpConfig(2, 300, 3).withEpochs(20), Progress.NONE);
        Path f = dir.resolve("mlp.ntk4j");
        m.save(f);
        MlpModel back = assertInstanceOf(MlpModel.class, TrainedModel.load(f));
        assertArrayEquals(m.predict(test.inputs(), Progress.NONE).data(), back.predict(test.inputs(), Progress.NONE).data());
        assertEquals(m.describeMap(), back.describeMap());
        assertEquals(m.training(), back.training());
        assertTrue(Double.isNaN(back.summary().lambda()));

        Dataset classes = classification(300, 3, 9);
        Dataset classTest = classification(60, 3, 10);
        MlpModel c = MlpModel.fit(classes, mlpConfig(1, 200, 4), Progress.NONE);
        Path cf = dir.resolve("mlp-classes.ntk4j");
        c.save(cf);
        TrainedModel cb = TrainedModel.load(cf);
        assertArrayEquals(c.predictLabels(classTest.inputs(), Progress.NONE), cb.predictLabels(classTest.inputs(), Progress.NONE));
        // the classes are split by a line: a trained net must find it
        assertTrue(Evaluation.of(cb, classTest, Progress.NONE).accuracy() > 0.9);
    }

    @Test
    void mlpTrainingIsDeterministicForASeedAndThreadCount() {
        Dataset train = regression(150, 3, 11);
        Dataset test = regression(30, 3, 12);
        Parallel.setThreads(1);
        double[] one = MlpModel.fit(train, mlpConfig(2, 200, 5).withEpochs(10), Progress.NONE)
                .predict(test.inputs(), Progress.NONE).data();
        Parallel.setThreads(2);
        double[] two = MlpModel.fit(train, mlpConfig(2, 200, 5).withEpochs(10), Progress.NONE)
                .predict(test.inputs(), Progress.NONE).data();
        assertArrayEquals(one, two);
        double[] other = MlpModel.fit(train, mlpConfig(2, 200, 6).withEpochs(10), Progress.NONE)
                .predict(test.inputs(), Progress.NONE).data();
        assertTrue(!java.util.Arrays.equals(one, other), "another seed trains another network");
    }

    @Test
    void mlpWidthGivesTheParameterCountClosestToM() {
        // one hidden layer: (d+1)w + (w+1)k ≈ m, i.e. w ≈ (m−k)/(d+1+k), §6's m/(d+1) for one output
        assertEquals(93, MlpTrainer.width(1024, 9, 1, 1));
        for (int depth = 1; depth <= 3; depth++) {
            for (int m : new int[]{100, 1024, 16384}) {
                int w = MlpTrainer.width(m, 784, depth, 10);
                long[] counts = new long[3];
                for (int i = -1; i <= 1; i++) {
                    int[] sizes = new int[depth + 2];
                    java.util.Arrays.fill(sizes, Math.max(1, w + i));
                    sizes[0] = 784;
                    sizes[depth + 1] = 10;
                    counts[i + 1] = new org.ntk4j.learn.Mlp(zeros(sizes), biases(sizes)).parameterCount();
                }
                assertTrue(Math.abs(counts[1] - m) <= Math.abs(counts[2] - m), "depth " + depth + " m " + m);
                assertTrue(w == 1 || Math.abs(counts[1] - m) <= Math.abs(counts[0] - m), "depth " + depth + " m " + m);
            }
        }
    }

    private static List<org.ntk4j.linalg.DoubleMatrix> zeros(int[] sizes) {
        List<org.ntk4j.linalg.DoubleMatrix> out = new java.util.ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            out.add(new org.ntk4j.linalg.DoubleMatrix(sizes[l], sizes[l + 1]));
        }
        return out;
    }

    private static List<double[]> biases(int[] sizes) {
        List<double[]> out = new java.util.ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            out.add(new double[sizes[l + 1]]);
        }
        return out;
    }
}
