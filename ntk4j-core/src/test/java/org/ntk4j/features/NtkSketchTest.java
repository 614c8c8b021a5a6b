package org.ntk4j.features;

import org.junit.jupiter.api.Test;
import org.ntk4j.kernel.PolynomialFit;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntk4j.features.FeatureMapTestSupport.gaussian;

class NtkSketchTest {

    static FeatureMapSpec spec(int depth, int dim, long seed, String... extra) {
        String[] kv = new String[4 + extra.length];
        kv[0] = "depth";
        kv[1] = Integer.toString(depth);
        kv[2] = "dim";
        kv[3] = Integer.toString(dim);
        System.arraycopy(extra, 0, kv, 4, extra.length);
        return FeatureMapSpec.of("ntk-sketch", seed, kv);
    }

    @Test
    void approximatesTheExactNtkAtTheDefaultDegree() {
        // issue 3: m = 8192 and the default degree, n = 30 Gaussian points: ≤ 0.08 against the exact NTK
        DoubleMatrix x = gaussian(30, 16, 1);
        for (int depth = 1; depth <= 3; depth++) {
            FeatureMap map = FeatureMaps.build(spec(depth, 8192, 11), new int[]{16});
            assertEquals(8192, map.outputDim());
            double err = FeatureMapTestSupport.errorAgainstExact(map, x, depth, false);
            assertTrue(err <= 0.08, "depth " + depth + ": relative Frobenius error " + err);
        }
    }

    @Test
    void nngpOutputApproximatesTheNngp() {
        DoubleMatrix x = gaussian(30, 10, 2);
        FeatureMap map = FeatureMaps.build(spec(2, 8192, 3, "output", "nngp"), new int[]{10});
        assertTrue(FeatureMapTestSupport.errorAgainstExact(map, x, 2, true) <= 0.08);
    }

    @Test
    void unbiasedForItsPolynomial() {
        // averaged over seeds the estimate converges to ‖x‖‖y‖P(ρ), the polynomial it sketches
        DoubleMatrix x = gaussian(10, 8, 4);
        NtkSketch probe = (NtkSketch) FeatureMaps.build(spec(2, 256, 0, "degree", "4"), new int[]{8});
        PolynomialFit p = probe.polynomial();
        DoubleMatrix target = new DoubleMatrix(10, 10);
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                double xy = 0;
                double xx = 0;
                double yy = 0;
                for (int k = 0; k < 8; k++) {
                    xy += x.get(i, k) * x.get(j, k);
                    xx += x.get(i, k) * x.get(i, k);
                    yy += x.get(j, k) * x.get(j, k);
                }
                double r = Math.sqrt(xx * yy);
                target.set(i, j, r * p.evaluate(Math.max(-1, Math.min(1, xy / r))));
            }
        }
        double[] e = FeatureMapTestSupport.averagedErrors(
                seed -> FeatureMaps.build(spec(2, 256, seed, "degree", "4"), new int[]{8}), x, target, new int[]{4, 64});
        assertTrue(e[1] < 0.5 * e[0], "errors " + e[0] + " -> " + e[1]);
    }

    @Test
    void higherDegreeRemovesTheReferenceBias() {
        // degree 2 (the reference's UCI setting) misses the depth-2 NTK by ~11 %; the default does not
        DoubleMatrix x = gaussian(30, 16, 5);
        double deg2 = FeatureMapTestSupport.errorAgainstExact(
                FeatureMaps.build(spec(2, 16384, 6, "degree", "2"), new int[]{16}), x, 2, false);
        double dflt = FeatureMapTestSupport.errorAgainstExact(
                FeatureMaps.build(spec(2, 16384, 6), new int[]{16}), x, 2, false);
        assertTrue(dflt < deg2, "default " + dflt + " vs degree 2 " + deg2);
        assertTrue(deg2 > 0.08, "degree 2 is biased: " + deg2);
    }

    @Test
    void anyDegreeWorks() {
        DoubleMatrix x = gaussian(20, 6, 7);
        // not only powers of 2; degree 1 is a linear kernel, whose bias alone is about 30 %
        int[] degrees = {1, 3, 5, 6};
        double[] bound = {0.45, 0.2, 0.15, 0.15};
        for (int i = 0; i < degrees.length; i++) {
            FeatureMap map = FeatureMaps.build(spec(1, 4096, 8, "degree", Integer.toString(degrees[i])), new int[]{6});
            double err = FeatureMapTestSupport.errorAgainstExact(map, x, 1, false);
            assertTrue(err < bound[i], "degree " + degrees[i] + ": " + err);
        }
    }

    @Test
    void deterministicSparseEqualsDenseZeroToZero() {
        DoubleMatrix x = gaussian(13, 30, 9);
        for (int i = 0; i < x.data().length; i++) {
            if (i % 4 != 0) {
                x.data()[i] = 0;
            }
        }
        FeatureMapTestSupport.assertDeterministic(spec(2, 512, 10), x);
        FeatureMap map = FeatureMaps.build(spec(2, 512, 10), new int[]{30});
        FloatMatrix dense = map.transform(x);
        assertArrayEquals(dense.data(), map.transform(CsrMatrix.fromDense(x)).data());
        FeatureMapTestSupport.assertZeroInputGivesZeroFeatures(map);
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(spec(2, 1, 1), new int[]{3}));
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(spec(2, 64, 1, "degree", "0"), new int[]{3}));
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(spec(-1, 64, 1), new int[]{3}));
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(spec(2, 64, 1, "output", "x"), new int[]{3}));
    }

}
