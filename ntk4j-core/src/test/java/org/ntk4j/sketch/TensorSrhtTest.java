package org.ntk4j.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ntk4j.sketch.Unbiased.dot;
import static org.ntk4j.sketch.Unbiased.gaussian;
import static org.ntk4j.sketch.Unbiased.trialRng;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ntk4j.random.RandomStream;

class TensorSrhtTest {

    private static double fourthMoment(float[] a, float[] b) {
        return dot(a, a) * dot(b, b) + 2 * dot(a, b) * dot(a, b) - 2 * Unbiased.sumSqProducts(a, b);
    }

    static double theorySd(float[] u, float[] u2, float[] v, float[] v2, int k, long population) {
        double fpc = (double) (population - k) / (population - 1);
        double target = dot(u, u2) * dot(v, v2);
        return Math.sqrt(fpc * (fourthMoment(u, u2) * fourthMoment(v, v2) - target * target) / k);
    }

    private static double estimate(TensorSrht t, float[] u, float[] v, float[] u2, float[] v2) {
        float[] a = new float[t.outputDim()];
        float[] b = new float[t.outputDim()];
        t.apply(u, 0, v, 0, a, 0);
        t.apply(u2, 0, v2, 0, b, 0);
        return dot(a, b);
    }

    /** pattern[j][i·d2 + i2] = T(e_i, e_i2)_j. */
    private static float[][] basisPatterns(TensorSrht t, int d1, int d2) {
        int k = t.outputDim();
        float[][] pattern = new float[k][d1 * d2];
        float[] out = new float[k];
        for (int i = 0; i < d1; i++) {
            for (int i2 = 0; i2 < d2; i2++) {
                float[] e = new float[d1];
                float[] f = new float[d2];
                e[i] = 1;
                f[i2] = 1;
                t.apply(e, 0, f, 0, out, 0);
                for (int j = 0; j < k; j++) {
                    pattern[j][i * d2 + i2] = out[j];
                }
            }
        }
        return pattern;
    }

    @Test
    void outputsAreScaledSignProducts() {
        // (H D e_i)_p = ±1, so every output of T(e_i, e_i') is ±1/√k, also with several blocks.
        TensorSrht t = new TensorSrht(3, 2, 20, RandomStream.of(1)); // n1 = 4, n2 = 2: 3 blocks of 8 cells
        assertEquals(3, t.blocks());
        assertEquals(12, t.leftTransformLength());
        assertEquals(6, t.rightTransformLength());
        for (float[] p : basisPatterns(t, 3, 2)) {
            for (float x : p) {
                assertEquals(1 / Math.sqrt(20), Math.abs(x), 1e-7);
            }
        }
    }

    @Test
    void cellsAreSampledWithoutReplacement() {
        // Unpadded 4×2 grid, k = 8 takes every cell once: the 8 outputs' patterns over the basis
        // inputs are the 8 distinct rows of (H D1) ⊗ (H D2). With replacement, a repeat would be
        // almost certain (all distinct with probability 8!/8^8 = 0.24 %).
        for (int seed = 0; seed < 5; seed++) {
            TensorSrht t = new TensorSrht(4, 2, 8, RandomStream.of(seed));
            Set<String> seen = new HashSet<>();
            for (float[] p : basisPatterns(t, 4, 2)) {
                seen.add(java.util.Arrays.toString(p));
            }
            assertEquals(8, seen.size(), "seed " + seed);
        }
    }

    @Test
    void keepingTheWholeGridIsExact() {
        RandomStream rng = RandomStream.of(2);
        float[] u = gaussian(rng, 5);
        float[] u2 = gaussian(rng, 5);
        float[] v = gaussian(rng, 7);
        float[] v2 = gaussian(rng, 7);
        TensorSrht t = new TensorSrht(5, 7, 8 * 8 * 2, RandomStream.of(3)); // 2 full blocks of the 8×8 grid
        assertEquals(dot(u, u2) * dot(v, v2), estimate(t, u, v, u2, v2),
                1e-5 * Math.sqrt(dot(u, u) * dot(u2, u2) * dot(v, v) * dot(v2, v2)));
    }

    @Test
    void splitCallsEqualOneCall() {
        RandomStream rng = RandomStream.of(4);
        float[] u = gaussian(rng, 30);
        float[] v = gaussian(rng, 70);
        TensorSrht t = new TensorSrht(30, 70, 500, RandomStream.of(5));
        float[] whole = new float[500];
        t.apply(u, 0, v, 0, whole, 0);
        float[] hu = new float[t.leftTransformLength() + 1];
        float[] hv = new float[t.rightTransformLength() + 2];
        t.transformLeft(u, 0, hu, 1);
        t.transformRight(v, 0, hv, 2);
        float[] a = new float[500];
        float[] b = new float[500];
        float[] c = new float[501];
        t.combine(hu, 1, hv, 2, a, 0);
        t.applyWithLeftTransform(hu, 1, v, 0, b, 0);
        t.applyWithRightTransform(u, 0, hv, 2, c, 1);
        assertArrayEquals(whole, a);
        assertArrayEquals(whole, b);
        assertArrayEquals(whole, java.util.Arrays.copyOfRange(c, 1, 501));
    }

    @Test
    void unbiasedWithExactVarianceOnASmallGrid() {
        // d1 = d2 = 4: a 16-cell grid, k = 8 without replacement (finite-population factor 8/15).
        RandomStream rng = RandomStream.of(6);
        float[] u = gaussian(rng, 4);
        float[] u2 = gaussian(rng, 4);
        float[] v = gaussian(rng, 3);
        float[] v2 = gaussian(rng, 3);
        for (int i = 0; i < 4; i++) {
            u2[i] += u[i];
        }
        for (int i = 0; i < 3; i++) {
            v2[i] += v[i];
        }
        Unbiased.assertUnbiasedWithSd("tensor srht small grid",
                i -> new double[] {estimate(new TensorSrht(4, 3, 8, trialRng("tsrht1", i)), u, v, u2, v2)},
                dot(u, u2) * dot(v, v2), theorySd(u, u2, v, v2, 8, 16));
    }

    @Test
    void unbiasedWithExactVarianceForDifferentLengthsAndSeveralBlocks() {
        // n1 = 8, n2 = 2: 16 cells per block; k = 40 uses 3 blocks (48 candidates).
        RandomStream rng = RandomStream.of(7);
        float[] u = gaussian(rng, 6);
        float[] u2 = gaussian(rng, 6);
        float[] v = gaussian(rng, 2);
        float[] v2 = gaussian(rng, 2);
        for (int i = 0; i < 6; i++) {
            u2[i] += 0.7f * u[i];
        }
        v2[0] += v[0];
        v2[1] += v[1];
        Unbiased.assertUnbiasedWithSd("tensor srht blocks",
                i -> new double[] {estimate(new TensorSrht(6, 2, 40, trialRng("tsrht2", i)), u, v, u2, v2)},
                dot(u, u2) * dot(v, v2), theorySd(u, u2, v, v2, 40, 48));
    }

    @Test
    void unbiasedAtPolySketchSizes() {
        RandomStream rng = RandomStream.of(8);
        float[] u = Unbiased.unit(gaussian(rng, 100));
        float[] u2 = Unbiased.atCorrelation(u, gaussian(rng, 100), 0.7);
        float[] v = Unbiased.unit(gaussian(rng, 64));
        float[] v2 = Unbiased.atCorrelation(v, gaussian(rng, 64), -0.5);
        Unbiased.assertUnbiasedWithSd("tensor srht 100x64->64",
                i -> new double[] {estimate(new TensorSrht(100, 64, 64, trialRng("tsrht3", i)), u, v, u2, v2)},
                dot(u, u2) * dot(v, v2), theorySd(u, u2, v, v2, 64, 128L * 64));
    }
}
