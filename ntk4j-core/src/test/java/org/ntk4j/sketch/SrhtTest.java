package org.ntk4j.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.ntk4j.sketch.Unbiased.dot;
import static org.ntk4j.sketch.Unbiased.gaussian;
import static org.ntk4j.sketch.Unbiased.trialRng;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ntk4j.random.RandomStream;

class SrhtTest {

    /** Exact variance of ⟨S(u),S(v)⟩ (see the class javadoc). */
    static double theorySd(float[] u, float[] v, int k, long population) {
        double fpc = population == 1 ? 0 : (double) (population - k) / (population - 1);
        double m = dot(u, u) * dot(v, v) + dot(u, v) * dot(u, v) - 2 * Unbiased.sumSqProducts(u, v);
        return Math.sqrt(fpc * m / k);
    }

    private static double estimate(Srht s, float[] u, float[] v) {
        float[] a = new float[s.outputDim()];
        float[] b = new float[s.outputDim()];
        s.apply(u, 0, a, 0);
        s.apply(v, 0, b, 0);
        return dot(a, b);
    }

    @Test
    void shapes() {
        Srht s = new Srht(100, 300, RandomStream.of(1));
        assertEquals(128, s.paddedDim());
        assertEquals(3, s.blocks());
        assertEquals(1, new Srht(100, 128, RandomStream.of(1)).blocks());
        assertEquals(1, new Srht(1, 1, RandomStream.of(1)).blocks());
    }

    @Test
    void keepingEveryCandidateIsExact() {
        // d = 100 pads to 128; k = 256 = 2 blocks · 128 keeps all candidates, so ⟨S u, S v⟩ = ⟨u, v⟩.
        RandomStream rng = RandomStream.of(2);
        float[] u = gaussian(rng, 100);
        float[] v = gaussian(rng, 100);
        Srht s = new Srht(100, 256, RandomStream.of(3));
        assertEquals(dot(u, v), estimate(s, u, v), 1e-4 * Math.sqrt(dot(u, u) * dot(v, v)));
        assertEquals(dot(u, u), estimate(s, u, u), 1e-4 * dot(u, u));
    }

    @Test
    void basisVectorsMapToScaledSigns() {
        // H·D·e_i is ±(column i of H), so every output of S(e_i) is ±1/√k.
        int d = 37;
        int k = 90;
        Srht s = new Srht(d, k, RandomStream.of(4));
        float[] out = new float[k];
        for (int i = 0; i < d; i++) {
            float[] e = new float[d];
            e[i] = 1;
            s.apply(e, 0, out, 0);
            for (float o : out) {
                assertEquals(1 / Math.sqrt(k), Math.abs(o), 1e-7);
            }
        }
    }

    @Test
    void isLinearAndHonoursOffsets() {
        RandomStream rng = RandomStream.of(5);
        int d = 50;
        int k = 40;
        Srht s = new Srht(d, k, RandomStream.of(6));
        float[] u = gaussian(rng, d);
        float[] v = gaussian(rng, d);
        float[] w = new float[d + 3];
        for (int i = 0; i < d; i++) {
            w[i + 3] = 2 * u[i] - 3 * v[i];
        }
        float[] su = new float[k];
        float[] sv = new float[k];
        float[] sw = new float[k + 5];
        s.apply(u, 0, su, 0);
        s.apply(v, 0, sv, 0);
        s.apply(w, 3, sw, 5, new float[s.paddedDim()]);
        for (int j = 0; j < k; j++) {
            assertEquals(2 * su[j] - 3 * sv[j], sw[5 + j], 1e-4);
        }
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherOutput() {
        float[] u = gaussian(RandomStream.of(7), 300);
        float[] a = new float[200];
        float[] b = new float[200];
        float[] c = new float[200];
        new Srht(300, 200, RandomStream.of(8).child("x")).apply(u, 0, a, 0);
        new Srht(300, 200, RandomStream.of(8).child("x")).apply(u, 0, b, 0);
        new Srht(300, 200, RandomStream.of(9).child("x")).apply(u, 0, c, 0);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void unbiasedWithExactVarianceOneBlock() {
        // n = 16, k = 8: sampling without replacement shrinks the variance by (16−8)/15;
        // with replacement the sd would be 37 % larger and the check would fail.
        RandomStream rng = RandomStream.of(10);
        float[] u = gaussian(rng, 13);
        float[] v = gaussian(rng, 13);
        Unbiased.assertUnbiasedWithSd("srht one block",
                i -> new double[] {estimate(new Srht(13, 8, trialRng("srht1", i)), u, v)},
                dot(u, v), theorySd(u, v, 8, 16));
    }

    @Test
    void unbiasedWithExactVarianceSeveralBlocks() {
        // d = 20 pads to 32; k = 50 needs 2 blocks, 64 candidates.
        RandomStream rng = RandomStream.of(11);
        float[] u = gaussian(rng, 20);
        float[] v = gaussian(rng, 20);
        for (int i = 0; i < 20; i++) {
            v[i] += 0.5f * u[i];
        }
        Unbiased.assertUnbiasedWithSd("srht two blocks",
                i -> new double[] {estimate(new Srht(20, 50, trialRng("srht2", i)), u, v)},
                dot(u, v), theorySd(u, v, 50, 64));
    }

    @Test
    void theCheckerRejectsABiasedSketch() {
        // The statistical check can fail: a 10 % scale error in a squared-norm estimate (a quarter
        // of one draw's standard deviation) is caught, while the unscaled estimate passes.
        float[] u = gaussian(RandomStream.of(12), 13);
        Unbiased.assertUnbiased("unscaled",
                i -> new double[] {estimate(new Srht(13, 8, trialRng("srht1", i)), u, u)}, dot(u, u));
        org.junit.jupiter.api.Assertions.assertThrows(org.opentest4j.AssertionFailedError.class,
                () -> Unbiased.assertUnbiased("biased",
                        i -> new double[] {1.1 * estimate(new Srht(13, 8, trialRng("srht1", i)), u, u)},
                        dot(u, u)));
    }
}
