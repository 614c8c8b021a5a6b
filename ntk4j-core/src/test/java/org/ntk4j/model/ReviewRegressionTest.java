package org.ntk4j.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.Progress;
import org.ntk4j.data.Dataset;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.features.FeatureMaps;
import org.ntk4j.kernel.FullyConnectedNtk;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defects found in review, each pinned by the scenario that exposed it. */
class ReviewRegressionTest {
    @TempDir
    Path dir;

    @Test
    void sparseRowsGetTheSameCentringAsDenseRows() {
        Dataset train = ModelFileTest.regression(60, 3, 1);
        DoubleMatrix test = ModelFileTest.regression(5, 3, 2).inputs().dense();
        for (ModelTrainer.Config config : List.of(
                ModelTrainer.Config.map(FeatureMapSpec.of("linear", 0), LambdaSelection.gcv()),
                ModelTrainer.Config.kernel(FullyConnectedNtk.paper(2, false).spec(), LambdaSelection.gcv()))) {
            TrainedModel m = ModelTrainer.fit(train, config);
            DoubleMatrix dense = m.predict(test, Progress.NONE);
            DoubleMatrix sparse = m.predict(CsrMatrix.fromDense(test), Progress.NONE);
            assertEquals(0, dense.maxAbsDiff(sparse), 1e-9, config.toString());
        }
    }

    @Test
    void featuresWithoutVarianceLearnOnlyTheIntercept() {
        DoubleMatrix x = new DoubleMatrix(20, 2);
        DoubleMatrix y = new DoubleMatrix(20, 1);
        for (int i = 0; i < 20; i++) {
            x.set(i, 0, 3.0);
            x.set(i, 1, -1.0);
            y.set(i, 0, i);
        }
        Dataset train = Dataset.regression("constant inputs", x, y, List.of("y"));
        for (ModelTrainer.Config config : List.of(
                ModelTrainer.Config.map(FeatureMapSpec.of("rff", 1, "dim", "64"), LambdaSelection.gcv()),
                ModelTrainer.Config.map(FeatureMapSpec.of("rff", 1, "dim", "8"), LambdaSelection.holdout(0.25, 1)),
                ModelTrainer.Config.kernel(FullyConnectedNtk.neuralTangents(1, 1.4, 0.5, false).spec(),
                        LambdaSelection.gcv()))) {
            TrainedModel m = ModelTrainer.fit(train, config);
            DoubleMatrix p = m.predict(x.rowRange(0, 3), Progress.NONE);
            for (double v : p.data()) {
                assertEquals(9.5, v, 1e-6, "the mean target, for " + config);
            }
        }
    }

    @Test
    void aForeignHeaderKeyIsAFormatErrorNamingTheFile() throws IOException {
        TrainedModel m = ModelTrainer.fit(ModelFileTest.regression(30, 2, 3),
                ModelTrainer.Config.map(FeatureMapSpec.of("linear", 0), LambdaSelection.gcv()));
        Path f = dir.resolve("m.ntk4j");
        m.save(f);
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).replace("model-type:", "model_type:");
        Files.write(f, text.getBytes(StandardCharsets.ISO_8859_1));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TrainedModel.load(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        IOException d = assertThrows(IOException.class, () -> TrainedModel.load(dir));
        assertTrue(d.getMessage().contains("not a regular file"), d.getMessage());
    }

    @Test
    void ntkRandomFeaturesWithoutTheProductPartMustAskForTheNngp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(
                FeatureMapSpec.of("ntk-rf", 1, "depth", "2", "m1", "16", "m0", "16", "ms", "0"), new int[]{3}));
        assertTrue(e.getMessage().contains("nngp"), e.getMessage());
        assertEquals(16, FeatureMaps.build(FeatureMapSpec.of("ntk-rf", 1, "depth", "2", "m1", "16", "m0", "16",
                "ms", "0", "output", "nngp"), new int[]{3}).outputDim());
    }
}
