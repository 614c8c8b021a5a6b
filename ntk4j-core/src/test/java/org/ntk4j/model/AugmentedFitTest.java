package org.ntk4j.model;

import org.junit.jupiter.api.Test;
import org.ntk4j.Progress;
import org.ntk4j.data.Dataset;
import org.ntk4j.data.ImageAugmentation;
import org.ntk4j.features.FeatureMap;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.features.LinearFeatures;
import org.ntk4j.kernel.KernelSpec;
import org.ntk4j.learn.GramStats;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Rows;
import org.ntk4j.random.RandomStream;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ridge on features of augmented training images (ModelTrainer.Config.augment). */
class AugmentedFitTest {
    private static final int[] SHAPE = {1, 5, 5};
    private static final ImageAugmentation FLIP = ImageAugmentation.parse("flip", 1);

    /** n random 1×5×5 images; the label says which of three pixel sums is largest. */
    static Dataset images(int n, long seed) {
        RandomStream rng = RandomStream.of(seed);
        DoubleMatrix x = new DoubleMatrix(n, 25);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 25; j++) {
                x.set(i, j, rng.nextGaussian());
            }
            double a = x.get(i, 0) + x.get(i, 6);
            double b = x.get(i, 12) + x.get(i, 18);
            double c = x.get(i, 24) + x.get(i, 4);
            labels[i] = a > b && a > c ? 0 : b > c ? 1 : 2;
        }
        return Dataset.classification("images " + seed, x, SHAPE, labels, List.of("a", "b", "c"));
    }

    /** The images of d each followed by its mirror image, as plain training rows. */
    private static Dataset withMirrorsAsRows(Dataset d) {
        DoubleMatrix x = FLIP.expand(d.inputs().dense(), SHAPE, 0);
        int[] labels = new int[2 * d.size()];
        for (int i = 0; i < d.size(); i++) {
            labels[2 * i] = d.labels()[i];
            labels[2 * i + 1] = d.labels()[i];
        }
        return Dataset.classification(d.source() + " mirrored", x, SHAPE, labels, d.classNames());
    }

    private static TrainedModel fit(Dataset train, FeatureMapSpec map, LambdaSelection sel, ModelTrainer.Solver solver,
                                    ImageAugmentation aug) {
        return ModelTrainer.fit(train, ModelTrainer.Config.map(map, sel).withSolver(solver).withAugmentation(aug));
    }

    @Test
    void flippedCopiesFitLikeTheMirroredImagesGivenAsRows() {
        // a mirror permutes the pixels of each channel, so the standardisation statistics are the same either way
        Dataset train = images(150, 3);
        Dataset test = images(40, 4);
        FeatureMapSpec map = FeatureMapSpec.of("ntk-sketch", 5, "depth", "2", "dim", "128");
        LambdaSelection fixed = LambdaSelection.fixed(0.3);
        for (ModelTrainer.Solver solver : new ModelTrainer.Solver[]{ModelTrainer.Solver.DIRECT, ModelTrainer.Solver.CG}) {
            TrainedModel augmented = fit(train, map, fixed, solver, FLIP);
            TrainedModel explicit = fit(withMirrorsAsRows(train), map, fixed, solver, ImageAugmentation.NONE);
            double d = IterativeSolverTest.relativeDifference(augmented.predict(test.inputs(), Progress.NONE),
                    explicit.predict(test.inputs(), Progress.NONE));
            assertTrue(d < 1e-6, solver + ": relative difference of predictions " + d);
            TrainedModel plain = fit(train, map, fixed, solver, ImageAugmentation.NONE);
            double e = IterativeSolverTest.relativeDifference(plain.predict(test.inputs(), Progress.NONE),
                    explicit.predict(test.inputs(), Progress.NONE));
            assertTrue(e > 1e-3, solver + ": the copies changed the model (relative difference " + e + ")");
            assertTrue(augmented.summary().data().contains("augmented flip (2 feature rows per image)"),
                    augmented.summary().data());
        }
    }

    @Test
    void theDirectHoldOutFitsHeldImagesWithoutTheirCopies() {
        // each image has pixel mean 0 and sd 1, so any multiset of images and mirrors standardises alike
        Dataset train = perImageStandardised(images(150, 6));
        Dataset test = images(40, 7);
        FeatureMapSpec map = FeatureMapSpec.of("ntk-sketch", 5, "depth", "2", "dim", "64");
        LambdaSelection holdout = LambdaSelection.holdout(0.2, 1);
        TrainedModel augmented = fit(train, map, holdout, ModelTrainer.Solver.DIRECT, FLIP);
        // the same fit written out: every image, followed by its mirror unless the hold-out drew it
        int[] group = org.ntk4j.learn.RowGroups.assign(holdout, train.size());
        DoubleMatrix mirrors = FLIP.expand(train.inputs().dense(), SHAPE, 0);
        int held = 0;
        for (int g : group) {
            held += g;
        }
        assertTrue(held > 10 && held < 60, held + " held images");
        int rows = 2 * train.size() - held;
        DoubleMatrix x = new DoubleMatrix(rows, 25);
        int[] labels = new int[rows];
        for (int i = 0, r = 0; i < train.size(); i++) {
            for (int c = 0; c < (group[i] == 1 ? 1 : 2); c++, r++) {
                System.arraycopy(mirrors.data(), (2 * i + c) * 25, x.data(), r * 25, 25);
                labels[r] = train.labels()[i];
            }
        }
        Dataset explicit = Dataset.classification("explicit", x, SHAPE, labels, train.classNames());
        TrainedModel written = fit(explicit, map, LambdaSelection.fixed(augmented.summary().lambda()),
                ModelTrainer.Solver.DIRECT, ImageAugmentation.NONE);
        double d = IterativeSolverTest.relativeDifference(augmented.predict(test.inputs(), Progress.NONE),
                written.predict(test.inputs(), Progress.NONE));
        assertTrue(d < 1e-6, "relative difference of predictions " + d);
    }

    @Test
    void theDirectHoldOutNeverTransformsTheHeldImagesCopies() {
        int[] group = {0, 1, 0, 0, 1, 0};        // images 1 and 4 held out
        int perImage = 3;                          // each image, then two copies
        DoubleMatrix input = new DoubleMatrix(18, 25);
        RandomStream.of(8).fillGaussian(input.data());
        DoubleMatrix y = new DoubleMatrix(18, 1);
        for (int i = 0; i < 18; i++) {
            y.set(i, 0, i);
        }
        CountingMap map = new CountingMap(new LinearFeatures(SHAPE));
        GramStats[] stats = {new GramStats(25, 1), new GramStats(25, 1)};
        ModelTrainer.addByGroup(stats, group, 0, 6, perImage, true, map, input, false, y);
        assertEquals(18 - 2 * 2, map.rows, "rows transformed");
        assertEquals(12, stats[0].count());
        assertEquals(2, stats[1].count());
        GramStats heldOriginals = new GramStats(25, 1);
        heldOriginals.add(new LinearFeatures(SHAPE).transform(input.selectRows(new int[]{3, 12})), y.selectRows(new int[]{3, 12}));
        assertArrayEquals(heldOriginals.targetMean(), stats[1].targetMean());
        assertArrayEquals(heldOriginals.featureMean(), stats[1].featureMean());
        // k-fold groups keep every copy: one transform of the whole block
        CountingMap all = new CountingMap(new LinearFeatures(SHAPE));
        ModelTrainer.addByGroup(new GramStats[]{new GramStats(25, 1), new GramStats(25, 1)}, group, 0, 6, perImage, false,
                all, input, false, y);
        assertEquals(18, all.rows);
    }

    /** A feature map that counts the rows it transforms. */
    private static final class CountingMap implements FeatureMap {
        private final FeatureMap inner;
        int rows;

        CountingMap(FeatureMap inner) {
            this.inner = inner;
        }

        @Override
        public FeatureMapSpec spec() {
            return inner.spec();
        }

        @Override
        public int[] inputShape() {
            return inner.inputShape();
        }

        @Override
        public int outputDim() {
            return inner.outputDim();
        }

        @Override
        public FloatMatrix transform(Rows block) {
            rows += block.rows();
            return inner.transform(block);
        }
    }

    /** d with each image shifted and scaled to pixel mean 0 and (population) sd 1. */
    private static Dataset perImageStandardised(Dataset d) {
        DoubleMatrix x = d.inputs().dense().copy();
        for (int i = 0; i < d.size(); i++) {
            double sum = 0;
            double ss = 0;
            for (int j = 0; j < 25; j++) {
                sum += x.get(i, j);
            }
            double mean = sum / 25;
            for (int j = 0; j < 25; j++) {
                ss += (x.get(i, j) - mean) * (x.get(i, j) - mean);
            }
            double sd = Math.sqrt(ss / 25);
            for (int j = 0; j < 25; j++) {
                x.set(i, j, (x.get(i, j) - mean) / sd);
            }
        }
        return Dataset.classification(d.source(), x, SHAPE, d.labels(), d.classNames());
    }

    @Test
    void aHoldOutKeepsEveryCopyWithItsImage() {
        int[] group = {0, 1, 1, 0, 1};
        // images 1..3 of the block, three feature rows each: images 1 and 2 are held out, image 3 is fitted
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5}, ModelTrainer.rowsOfGroup(group, 1, 3, 1, 3, 0, 3));
        assertArrayEquals(new int[]{6, 7, 8}, ModelTrainer.rowsOfGroup(group, 1, 3, 0, 3, 0, 3));
        assertArrayEquals(new int[]{1, 2, 4}, ModelTrainer.rowsOfGroup(group, 0, 5, 1, 1, 0, 1));
        // the hold-out scores the held images' originals; their copies go to the final solve only
        assertArrayEquals(new int[]{0, 3}, ModelTrainer.rowsOfGroup(group, 1, 3, 1, 3, 0, 1));
        assertArrayEquals(new int[]{1, 2, 4, 5}, ModelTrainer.rowsOfGroup(group, 1, 3, 1, 3, 1, 3));
    }

    @Test
    void moreFeaturesThanAugmentedRowsGoesToConjugateGradients() {
        Dataset train = images(60, 5);
        FeatureMapSpec wide = FeatureMapSpec.of("ntk-sketch", 5, "depth", "2", "dim", "256");
        LambdaSelection holdout = LambdaSelection.holdout(0.2, 1);
        TrainedModel auto = fit(train, wide, holdout, ModelTrainer.Solver.AUTO, ImageAugmentation.parse("shift:2", 1));
        assertTrue(auto.summary().lambdaRule().contains("conjugate gradients"), auto.summary().lambdaRule());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fit(train, wide, holdout, ModelTrainer.Solver.DIRECT, ImageAugmentation.parse("shift:2", 1)));
        assertTrue(e.getMessage().contains("60 images × 3 < 256") && e.getMessage().contains("--solver cg"), e.getMessage());
    }

    @Test
    void refusesDataThatIsNotImagesAndExactKernels() {
        Dataset table = ModelFileTest.classification(50, 4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fit(table,
                FeatureMapSpec.of("ntk-sketch", 5, "depth", "2", "dim", "32"), LambdaSelection.fixed(1),
                ModelTrainer.Solver.AUTO, FLIP));
        assertTrue(e.getMessage().contains("needs images") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelTrainer.Config.kernel(KernelSpec.parse("ntk(depth=2)"),
                LambdaSelection.gcv()).withAugmentation(FLIP));
    }
}
