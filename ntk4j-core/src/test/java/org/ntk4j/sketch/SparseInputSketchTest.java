package org.ntk4j.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.ntk4j.sketch.Unbiased.dot;
import static org.ntk4j.sketch.Unbiased.trialRng;

import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.random.RandomStream;

class SparseInputSketchTest {

    @Test
    void sparseAndDenseInputsGiveIdenticalOutputs() {
        int d = 5000;
        SparseInputSketch s = new SparseInputSketch(d, 256, 100, RandomStream.of(1));
        float[][] dense = new float[3][];
        CsrMatrix m = CountSketchTest.sparseRows(RandomStream.of(2), 3, d, 0.01, dense);
        for (int r = 0; r < 3; r++) {
            float[] a = new float[100];
            float[] b = new float[100];
            s.apply(dense[r], 0, a, 0);
            s.apply(m, r, b, 0);
            assertArrayEquals(a, b);
        }
    }

    @Test
    void sparsePathIsUnbiased() {
        int d = 3000;
        float[][] dense = new float[2][];
        CsrMatrix m = CountSketchTest.sparseRows(RandomStream.of(3), 2, d, 0.01, dense);
        // correlate the two rows so that the target is not near zero
        float[] u = dense[0];
        float[] v = dense[1].clone();
        for (int i = 0; i < d; i++) {
            v[i] += u[i];
        }
        CsrMatrix mv = CsrMatrix.fromDense(new org.ntk4j.linalg.DoubleMatrix(1, d, toDouble(v)));
        Unbiased.assertUnbiased("sparse input sketch", i -> {
            SparseInputSketch s = new SparseInputSketch(d, 64, 32, trialRng("osnap", i));
            float[] a = new float[32];
            float[] b = new float[32];
            s.apply(m, 0, a, 0);
            s.apply(mv, 0, b, 0);
            return new double[] {dot(a, b)};
        }, dot(u, v));
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
