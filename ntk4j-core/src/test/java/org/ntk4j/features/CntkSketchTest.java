package org.ntk4j.features;

import org.junit.jupiter.api.Test;
import org.ntk4j.kernel.ConvolutionalNtk;
import org.ntk4j.kernel.PolynomialFits;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.random.RandomStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntk4j.features.FeatureMapTestSupport.gram;

class CntkSketchTest {
    static final int[] SHAPE = {3, 9, 9};

    static DoubleMatrix images(int n, long seed) {
        DoubleMatrix x = new DoubleMatrix(n, 3 * 9 * 9);
        RandomStream.of(seed).fillGaussian(x.data());
        return x;
    }

    static FeatureMapSpec spec(int dim, long seed, String... extra) {
        String[] kv = new String[6 + extra.length];
        kv[0] = "depth";
        kv[1] = "3";
        kv[2] = "filter";
        kv[3] = "3";
        kv[4] = "dim";
        kv[5] = Integer.toString(dim);
        System.arraycopy(extra, 0, kv, 6, extra.length);
        return FeatureMapSpec.of("cntk-sketch", seed, kv);
    }

    /**
     * Relative Frobenius errors against target of three independent draws (seeds 2, 3, 4), sorted:
     * element 1 is the median. A single draw's error varies with the seed (all features of
     * post-ReLU layers point in similar directions, so a sketch's distortion of that direction
     * rescales every entry alike), so the median is what the bounds apply to.
     */
    static double[] errorsOfThreeDraws(DoubleMatrix target, DoubleMatrix x, int dim, String... extra) {
        double[] e = new double[3];
        for (int s = 0; s < 3; s++) {
            e[s] = gram(FeatureMaps.build(spec(dim, 2 + s, extra), SHAPE).transform(x)).relativeFrobeniusError(target);
        }
        java.util.Arrays.sort(e);
        return e;
    }

    @Test
    void approximatesTheExactValidCntkWithinTheIssueTolerances() {
        // issue 4: 9×9×3 images, f = 3, L = 3: m = 4096 ≤ 0.06, m = 16384 ≤ 0.03 (median of three draws)
        DoubleMatrix x = images(12, 1);
        DoubleMatrix exact = ConvolutionalNtk.valid(3, 3, 3, 9, 9).gram(x);
        double[] e4096 = errorsOfThreeDraws(exact, x, 4096);
        double[] e16384 = errorsOfThreeDraws(exact, x, 16384);
        assertTrue(e4096[1] <= 0.06, "m=4096: " + java.util.Arrays.toString(e4096));
        assertTrue(e16384[1] <= 0.03, "m=16384: " + java.util.Arrays.toString(e16384));
    }

    /**
     * Pooled readout (pool = 2 on the 3×3 last layer: regions of 4, 2, 2 and 1 pixels), each region
     * with dim/4 features, against the exact pooled VALID CNTK with the sketch's degree-4
     * polynomials in place of κ0, κ1: the same bounds as the global average at the same m per
     * region, so pooling adds no sketching error. (Against the true κ the polynomial bias is larger
     * pooled than averaged globally, measured 4.4 % against 1.6 %: fewer pixel pairs average it out.)
     */
    @Test
    void pooledReadoutApproximatesThePooledCntkOfItsPolynomials() {
        DoubleMatrix x = images(12, 1);
        int depth = 3;
        java.util.function.DoubleUnaryOperator[] k1 = new java.util.function.DoubleUnaryOperator[depth];
        java.util.function.DoubleUnaryOperator[] k0 = new java.util.function.DoubleUnaryOperator[depth];
        for (int h = 0; h < depth; h++) {
            k1[h] = ConvolutionalNtk.polynomial(PolynomialFits.kappa1(4, h, PolynomialFits.LayerRange.CONVOLUTIONAL).coefficients());
            k0[h] = ConvolutionalNtk.polynomial(PolynomialFits.kappa0(4, h, PolynomialFits.LayerRange.CONVOLUTIONAL).coefficients());
        }
        DoubleMatrix target = ConvolutionalNtk.validWithDuals(depth, 3, 3, 9, 9, k1, k0).withPool(2).gram(x);
        assertEquals(4 * 4096, FeatureMaps.build(spec(4 * 4096, 2, "pool", "2"), SHAPE).outputDim());
        double[] e4096 = errorsOfThreeDraws(target, x, 4 * 4096, "pool", "2");
        double[] e16384 = errorsOfThreeDraws(target, x, 4 * 16384, "pool", "2");
        assertTrue(e4096[1] <= 0.06, "pool=2, 4096 per region: " + java.util.Arrays.toString(e4096));
        assertTrue(e16384[1] <= 0.03, "pool=2, 16384 per region: " + java.util.Arrays.toString(e16384));
    }

    @Test
    void poolOneIsTheGlobalAverageBitForBit() {
        DoubleMatrix x = images(3, 8);
        FloatMatrix gap = FeatureMaps.build(spec(256, 3), SHAPE).transform(x);
        FloatMatrix pooled = FeatureMaps.build(spec(256, 3, "pool", "1"), SHAPE).transform(x);
        assertTrue(java.util.Arrays.equals(gap.data(), pooled.data()));
    }

    @Test
    void errorShrinksWithAveragingOverSeeds() {
        DoubleMatrix x = images(6, 4);
        DoubleMatrix exact = ConvolutionalNtk.valid(3, 3, 3, 9, 9).gram(x);
        double[] e = FeatureMapTestSupport.averagedErrors(seed -> FeatureMaps.build(spec(256, seed), SHAPE), x, exact,
                new int[]{2, 32});
        assertTrue(e[1] < 0.6 * e[0], "errors " + e[0] + " -> " + e[1]);
    }

    @Test
    void deterministicAcrossThreadsAndBlocks() {
        DoubleMatrix x = images(5, 5);
        int previous = org.ntk4j.linalg.Parallel.threads();
        try {
            org.ntk4j.linalg.Parallel.setThreads(2);
            FloatMatrix all = FeatureMaps.build(spec(128, 6), SHAPE).transform(x);
            org.ntk4j.linalg.Parallel.setThreads(1);
            FeatureMap again = FeatureMaps.build(spec(128, 6), SHAPE);
            for (int r = 0; r < 5; r++) {
                FloatMatrix one = again.transform(x.rowRange(r, r + 1));
                for (int c = 0; c < 128; c++) {
                    assertEquals(all.get(r, c), one.get(0, c), 0f);
                }
            }
        } finally {
            org.ntk4j.linalg.Parallel.setThreads(previous);
        }
    }

    @Test
    void badShapesAndParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(spec(256, 1), new int[]{243}));
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(spec(256, 1, "filter", "5"), SHAPE));
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(spec(16, 1), SHAPE));
        assertThrows(IllegalArgumentException.class, () -> FeatureMaps.build(spec(256, 1, "depth", "1"), SHAPE));
        var notMultiple = assertThrows(IllegalArgumentException.class,
                () -> FeatureMaps.build(spec(1000, 1, "pool", "3"), SHAPE));
        assertTrue(notMultiple.getMessage().contains("multiple of pool² = 9"), notMultiple.getMessage());
        var tooFine = assertThrows(IllegalArgumentException.class,
                () -> FeatureMaps.build(spec(1024, 1, "pool", "4"), SHAPE));
        assertTrue(tooFine.getMessage().contains("3x3"), tooFine.getMessage());
    }
}
