package org.ntk4j.features;

import org.junit.jupiter.api.Test;
import org.ntk4j.kernel.FullyConnectedNtk;
import org.ntk4j.linalg.DoubleMatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntk4j.features.FeatureMapTestSupport.gaussian;
import static org.ntk4j.features.FeatureMapTestSupport.gram;

class NtkLayerwiseSketchTest {

    static FeatureMapSpec spec(int depth, int dim, long seed, String... extra) {
        String[] kv = new String[6 + extra.length];
        kv[0] = "variant";
        kv[1] = "layerwise";
        kv[2] = "depth";
        kv[3] = Integer.toString(depth);
        kv[4] = "dim";
        kv[5] = Integer.toString(dim);
        System.arraycopy(extra, 0, kv, 6, extra.length);
        return FeatureMapSpec.of("ntk-sketch", seed, kv);
    }

    @Test
    void approximatesThePaperNtk() {
        // algorithms.md §3.3 measured 6 % (L=1) and 8–11 % (L=2–3) at m = 8192 for the reference-style
        // recursion; this one has exact norms and true-range fits
        DoubleMatrix x = gaussian(30, 16, 1);
        double[] bound = {0.08, 0.12, 0.15};
        for (int depth = 1; depth <= 3; depth++) {
            FeatureMap map = FeatureMaps.build(spec(depth, 8192, 3), new int[]{16});
            double err = FeatureMapTestSupport.errorAgainstExact(map, x, depth, false);
            assertTrue(err <= bound[depth - 1], "depth " + depth + ": " + err);
        }
    }

    @Test
    void supportsBiasesInTheNeuralTangentsParameterisation() {
        DoubleMatrix x = gaussian(30, 10, 2);
        for (boolean nngp : new boolean[]{false, true}) {
            FeatureMap map = FeatureMaps.build(spec(2, 8192, 4, "w-std", "1.5", "b-std", "0.5",
                    "output", nngp ? "nngp" : "ntk"), new int[]{10});
            DoubleMatrix exact = FullyConnectedNtk.neuralTangents(2, 1.5, 0.5, nngp).gram(x);
            double err = gram(map.transform(x)).relativeFrobeniusError(exact);
            assertTrue(err <= 0.1, (nngp ? "NNGP" : "NTK") + " with bias: " + err);
        }
    }

    @Test
    void unbiasedUpToTheFitsAsSeedsAverage() {
        DoubleMatrix x = gaussian(10, 6, 5);
        DoubleMatrix exact = FullyConnectedNtk.paper(2, false).gram(x);
        double[] e = FeatureMapTestSupport.averagedErrors(
                seed -> FeatureMaps.build(spec(2, 256, seed), new int[]{6}), x, exact, new int[]{2, 32});
        assertTrue(e[1] < 0.6 * e[0], "errors " + e[0] + " -> " + e[1]);
    }

    @Test
    void deterministicAndZeroMapsToZeroWithoutBias() {
        DoubleMatrix x = gaussian(9, 7, 6);
        FeatureMapTestSupport.assertDeterministic(spec(2, 128, 7), x);
        FeatureMap map = FeatureMaps.build(spec(2, 128, 7), new int[]{7});
        assertEquals(128, map.outputDim());
        FeatureMapTestSupport.assertZeroInputGivesZeroFeatures(map);
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(spec(0, 128, 1), new int[]{3}));
        assertThrows(IllegalArgumentException.class,
                () -> FeatureMaps.build(spec(1, 128, 1, "b-std", "-1"), new int[]{3}));
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(FeatureMapSpec.of("ntk-sketch", 1,
                "variant", "sideways", "depth", "1", "dim", "64"), new int[]{3}));
    }
}
