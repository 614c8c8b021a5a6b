package org.ntk4j.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ntk4j.sketch.Unbiased.dot;
import static org.ntk4j.sketch.Unbiased.gaussian;
import static org.ntk4j.sketch.Unbiased.trialRng;

import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

class CountSketchTest {

    @Test
    void matchesTheDefinition() {
        int n = 50;
        int k = 7;
        CountSketch cs = new CountSketch(n, k, RandomStream.of(1));
        float[] u = gaussian(RandomStream.of(2), n);
        float[] out = new float[k + 2];
        cs.apply(u, 0, out, 2);
        double[] expected = new double[k];
        for (int i = 0; i < n; i++) {
            assertEquals(1, Math.abs(cs.sign(i)));
            expected[cs.bucket(i)] += cs.sign(i) * u[i];
        }
        for (int j = 0; j < k; j++) {
            assertEquals(expected[j], out[2 + j], 1e-5);
        }
    }

    /** A sparse vector with the given density, as a dense float row and as CSR with float-exact values. */
    static CsrMatrix sparseRows(RandomStream rng, int rows, int cols, double density, float[][] denseOut) {
        DoubleMatrix m = new DoubleMatrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            denseOut[r] = new float[cols];
            for (int c = 0; c < cols; c++) {
                if (rng.nextDouble() < density) {
                    float v = (float) rng.nextGaussian();
                    denseOut[r][c] = v;
                    m.set(r, c, v);
                }
            }
        }
        return CsrMatrix.fromDense(m);
    }

    @Test
    void sparseAndDenseInputsGiveIdenticalOutputs() {
        int n = 1000;
        int k = 64;
        CountSketch cs = new CountSketch(n, k, RandomStream.of(3));
        float[][] dense = new float[4][];
        CsrMatrix m = sparseRows(RandomStream.of(4), 4, n, 0.03, dense);
        for (int r = 0; r < 4; r++) {
            float[] a = new float[k];
            float[] b = new float[k];
            cs.apply(dense[r], 0, a, 0);
            cs.apply(m, r, b, 0);
            assertArrayEquals(a, b);
        }
        assertThrows(IllegalArgumentException.class, () -> cs.apply(m.withCols(n + 1), 0, new float[k], 0));
    }

    @Test
    void unbiasedWithExactVariance() {
        int n = 40;
        int k = 10;
        RandomStream rng = RandomStream.of(5);
        float[] u = gaussian(rng, n);
        float[] v = gaussian(rng, n);
        double sd = Math.sqrt((dot(u, u) * dot(v, v) + dot(u, v) * dot(u, v) - 2 * Unbiased.sumSqProducts(u, v)) / k);
        Unbiased.assertUnbiasedWithSd("countsketch", i -> {
            CountSketch cs = new CountSketch(n, k, trialRng("cs", i));
            float[] a = new float[k];
            float[] b = new float[k];
            cs.apply(u, 0, a, 0);
            cs.apply(v, 0, b, 0);
            return new double[] {dot(a, b)};
        }, dot(u, v), sd);
    }
}
