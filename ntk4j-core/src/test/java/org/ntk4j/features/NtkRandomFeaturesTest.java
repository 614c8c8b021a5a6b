package org.ntk4j.features;

import org.junit.jupiter.api.Test;
import org.ntk4j.kernel.FullyConnectedNtk;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntk4j.features.FeatureMapTestSupport.gaussian;

class NtkRandomFeaturesTest {

    static FeatureMapSpec spec(int depth, int m1, int m0, int ms, boolean leverage, long seed) {
        return FeatureMapSpec.of("ntk-rf", seed, "depth", Integer.toString(depth), "m1", Integer.toString(m1),
                "m0", Integer.toString(m0), "ms", Integer.toString(ms), "leverage", Boolean.toString(leverage));
    }

    @Test
    void approximatesTheExactNtkWithinTheSpecTolerance() {
        // algorithms.md §8 item 4: m0 = m1 = 4096, ms = 8192, n = 30 → relative Frobenius error ≤ 0.08
        DoubleMatrix x = gaussian(30, 16, 1);
        for (int depth = 1; depth <= 3; depth++) {
            for (boolean leverage : new boolean[]{true, false}) {
                FeatureMap map = FeatureMaps.build(spec(depth, 4096, 4096, 8192, leverage, 7), new int[]{16});
                assertEquals(4096 + 8192, map.outputDim());
                double err = FeatureMapTestSupport.errorAgainstExact(map, x, depth, false);
                assertTrue(err <= 0.08, "depth " + depth + " leverage " + leverage + ": error " + err);
            }
        }
    }

    @Test
    void sharedStepDirectionsApproximateAsWellAndAreOptIn() {
        DoubleMatrix x = gaussian(30, 16, 1);
        for (int depth = 1; depth <= 3; depth++) {
            FeatureMapSpec shared = FeatureMapSpec.of("ntk-rf", 7, "depth", Integer.toString(depth), "m1", "4096",
                    "m0", "4096", "ms", "8192", "shared-steps", "true");
            double err = FeatureMapTestSupport.errorAgainstExact(FeatureMaps.build(shared, new int[]{16}), x, depth, false);
            assertTrue(err <= 0.08, "depth " + depth + ": error " + err);
        }
        // absent means independent directions, so specs saved before the option rebuild the same features
        FeatureMapSpec old = spec(2, 64, 32, 64, true, 5);
        FeatureMapSpec explicit = FeatureMapSpec.of("ntk-rf", 5, "depth", "2", "m1", "64", "m0", "32", "ms", "64",
                "leverage", "true", "shared-steps", "false");
        assertArrayEquals(FeatureMaps.build(old, new int[]{16}).transform(x).data(),
                FeatureMaps.build(explicit, new int[]{16}).transform(x).data());
        FeatureMapTestSupport.assertDeterministic(FeatureMapSpec.of("ntk-rf", 5, "depth", "2", "m1", "300", "m0", "200",
                "ms", "500", "shared-steps", "true"), gaussian(19, 9, 4));
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(FeatureMapSpec.of("ntk-rf", 5, "depth", "1",
                "m1", "16", "m0", "32", "ms", "16", "shared-steps", "true"), new int[]{4}));
    }

    @Test
    void symmetrisedStepsAndNngpOutputAlsoApproximate() {
        DoubleMatrix x = gaussian(30, 12, 2);
        FeatureMapSpec sym = FeatureMapSpec.of("ntk-rf", 3, "depth", "2", "m1", "4096", "m0", "4096", "ms", "8192",
                "symmetric-step", "true");
        assertTrue(FeatureMapTestSupport.errorAgainstExact(FeatureMaps.build(sym, new int[]{12}), x, 2, false) <= 0.08);
        FeatureMapSpec nngp = FeatureMapSpec.of("ntk-rf", 3, "depth", "2", "m1", "4096", "m0", "64", "ms", "64",
                "output", "nngp");
        FeatureMap map = FeatureMaps.build(nngp, new int[]{12});
        assertEquals(4096, map.outputDim());
        assertTrue(FeatureMapTestSupport.errorAgainstExact(map, x, 2, true) <= 0.06);
    }

    @Test
    void unbiasedErrorShrinksLikeOneOverRootR() {
        DoubleMatrix x = gaussian(12, 6, 3);
        DoubleMatrix exact = FullyConnectedNtk.paper(2, false).gram(x);
        double[] e = FeatureMapTestSupport.averagedErrors(
                seed -> FeatureMaps.build(spec(2, 128, 128, 256, true, seed), new int[]{6}), x, exact, new int[]{4, 64});
        // 16× more draws: 4× smaller error if unbiased; allow a generous factor for the randomness
        assertTrue(e[1] < 0.5 * e[0], "errors " + e[0] + " -> " + e[1]);
    }

    @Test
    void deterministicAcrossBlocksAndThreadsAndZeroMapsToZero() {
        DoubleMatrix x = gaussian(19, 9, 4);
        FeatureMapTestSupport.assertDeterministic(spec(2, 300, 200, 500, true, 5), x);
        FeatureMapTestSupport.assertZeroInputGivesZeroFeatures(FeatureMaps.build(spec(3, 64, 64, 64, true, 5), new int[]{9}));
    }

    @Test
    void sparseAndDenseInputGiveIdenticalFeatures() {
        DoubleMatrix x = gaussian(10, 40, 6);
        for (int i = 0; i < x.data().length; i++) {
            if (i % 3 != 0) {
                x.data()[i] = 0;
            }
        }
        FeatureMap map = FeatureMaps.build(spec(2, 256, 256, 512, true, 8), new int[]{40});
        FloatMatrix dense = map.transform(x);
        FloatMatrix sparse = map.transform(CsrMatrix.fromDense(x));
        assertArrayEquals(dense.data(), sparse.data());
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(spec(0, 8, 8, 8, true, 1), new int[]{3}));
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(spec(1, 0, 8, 8, true, 1), new int[]{3}));
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(FeatureMapSpec.of("ntk-rf", 1, "depth", "1",
                "m1", "8", "m0", "7", "ms", "8", "symmetric-step", "true"), new int[]{3}));
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(FeatureMapSpec.of("ntk-rf", 1, "depth", "1",
                "m1", "8", "m0", "8", "ms", "8", "output", "both"), new int[]{3}));
    }
}
