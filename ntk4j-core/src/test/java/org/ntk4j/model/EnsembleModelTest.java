package org.ntk4j.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntk4j.Progress;
import org.ntk4j.data.Dataset;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.kernel.FullyConnectedNtk;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.learn.Metrics;
import org.ntk4j.linalg.DoubleMatrix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnsembleModelTest {
    @TempDir
    Path dir;

    static final FeatureMapSpec MAP = FeatureMapSpec.of("ntk-sketch", 5, "depth", "2", "dim", "64");

    static ModelTrainer.Config config(FeatureMapSpec map) {
        return ModelTrainer.Config.map(map, LambdaSelection.holdout(0.2, 3));
    }

    @Test
    void membersAreTheSingleFitsOfConsecutiveSeedsAndThePredictionIsTheirMean() {
        Dataset train = ModelFileTest.regression(150, 5, 1);
        Dataset test = ModelFileTest.regression(40, 5, 2);
        List<FeatureRidgeModel> seen = new ArrayList<>();
        EnsembleModel e = ModelTrainer.fitDraws(train, config(MAP), 3, seen::add);
        assertEquals(e.members(), seen);
        DoubleMatrix mean = new DoubleMatrix(test.size(), 1);
        for (int i = 0; i < 3; i++) {
            FeatureMapSpec seeded = new FeatureMapSpec(MAP.kind(), MAP.params(), MAP.seed() + i);
            TrainedModel single = ModelTrainer.fit(train, config(seeded));
            DoubleMatrix p = single.predict(test.inputs(), Progress.NONE);
            assertArrayEquals(p.data(), e.members().get(i).predict(test.inputs(), Progress.NONE).data(), "draw " + i);
            EnsembleModel.add(mean, p);
        }
        EnsembleModel.scale(mean, 1.0 / 3);
        assertArrayEquals(mean.data(), e.predict(test.inputs(), Progress.NONE).data(), 1e-12);
        assertEquals(3, e.memberLambdas().length);
        assertTrue(e.describeMap().contains("mean of 3 draws") && e.describeMap().contains("seeds 5..7"), e.describeMap());
    }

    @Test
    void theMeanIsNeverWorseThanTheAverageMemberInSquaredError() {
        // convexity of the squared error: MSE(mean of predictions) ≤ mean of the members' MSEs, with
        // equality only when the members agree; independent draws disagree, so strictly less
        Dataset train = ModelFileTest.regression(200, 5, 3);
        Dataset test = ModelFileTest.regression(100, 5, 4);
        EnsembleModel e = ModelTrainer.fitDraws(train, config(MAP), 4, m -> { });
        double members = 0;
        for (FeatureRidgeModel m : e.members()) {
            members += Metrics.mse(m.predict(test.inputs(), Progress.NONE), test.targets()) / 4;
        }
        double ensemble = Metrics.mse(e.predict(test.inputs(), Progress.NONE), test.targets());
        assertTrue(ensemble < members, "ensemble MSE " + ensemble + ", mean member MSE " + members);
    }

    @Test
    void roundTripsThroughAModelFileWithIdenticalPredictions() throws IOException {
        Dataset train = ModelFileTest.classification(160, 4, 5);
        Dataset test = ModelFileTest.classification(50, 4, 6);
        EnsembleModel e = ModelTrainer.fitDraws(train, config(MAP), 2, m -> { });
        Path f = dir.resolve("e.ntk4j");
        e.save(f);
        TrainedModel back = TrainedModel.load(f);
        assertTrue(back instanceof EnsembleModel, back.getClass().toString());
        assertArrayEquals(e.predict(test.inputs(), Progress.NONE).data(), back.predict(test.inputs(), Progress.NONE).data());
        assertArrayEquals(e.memberLambdas(), ((EnsembleModel) back).memberLambdas());
        assertEquals(e.describeMap(), back.describeMap());
    }

    /** Saves the model's file with its header edited (the CRC is computed after the edit). */
    private Path savedWithEdit(TrainedModel model, String name, java.util.function.Consumer<Map<String, String>> edit)
            throws IOException {
        ModelFile file = model.toModelFile();
        Map<String, String> header = new LinkedHashMap<>(file.header());
        edit.accept(header);
        Path f = dir.resolve(name);
        new ModelFile(header, file.arrays()).save(f);
        return f;
    }

    @Test
    void aMissingDrawIsAFormatError() throws IOException {
        EnsembleModel e = ModelTrainer.fitDraws(ModelFileTest.regression(100, 3, 7), config(MAP), 2, m -> { });
        Path f = savedWithEdit(e, "broken.ntk4j", header -> header.put("draws", "3"));
        var err = assertThrows(ModelFormatException.class, () -> TrainedModel.load(f));
        assertTrue(err.getMessage().contains("draw 2 of 3 is missing"), err.getMessage());
    }

    @Test
    void aMemberThatIsNotTheNextDrawIsAFormatErrorNamingTheDraw() throws IOException {
        EnsembleModel e = ModelTrainer.fitDraws(ModelFileTest.regression(100, 3, 9), config(MAP), 2, m -> { });
        Path f = savedWithEdit(e, "swapped.ntk4j",
                header -> header.put("draw.1.feature-map", header.get("draw.1.feature-map").replace("seed=6", "seed=9")));
        var err = assertThrows(ModelFormatException.class, () -> TrainedModel.load(f));
        assertTrue(err.getMessage().contains("draw 1:") && err.getMessage().contains("is not draw 1"), err.getMessage());
    }

    @Test
    void badDrawCountsAndExactKernelsAreRefused() {
        Dataset train = ModelFileTest.regression(50, 3, 8);
        assertThrows(IllegalArgumentException.class, () -> ModelTrainer.fitDraws(train, config(MAP), 0, m -> { }));
        var exact = assertThrows(IllegalArgumentException.class, () -> ModelTrainer.fitDraws(train,
                ModelTrainer.Config.kernel(FullyConnectedNtk.paper(2, false).spec(), LambdaSelection.gcv()), 2, m -> { }));
        assertTrue(exact.getMessage().contains("exact kernel"), exact.getMessage());
        var linear = assertThrows(IllegalArgumentException.class, () -> ModelTrainer.fitDraws(train,
                config(FeatureMapSpec.of("linear", 1)), 2, m -> { }));
        assertTrue(linear.getMessage().contains("no random draw"), linear.getMessage());
    }
}
