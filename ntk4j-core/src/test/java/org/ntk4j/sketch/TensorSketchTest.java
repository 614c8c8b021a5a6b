package org.ntk4j.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ntk4j.sketch.Unbiased.dot;
import static org.ntk4j.sketch.Unbiased.gaussian;
import static org.ntk4j.sketch.Unbiased.trialRng;

import org.junit.jupiter.api.Test;
import org.ntk4j.random.RandomStream;

class TensorSketchTest {

    @Test
    void equalsTheCountSketchOfTheOuterProductWithTheSummedHash() {
        // Every length parity and kind: 1, even, odd, prime, power of 2 (FFT packing differs).
        int n1 = 9;
        int n2 = 14;
        RandomStream data = RandomStream.of(1);
        float[] u = gaussian(data, n1);
        float[] v = gaussian(data, n2);
        for (int k : new int[] {1, 2, 3, 7, 8, 12, 13, 64, 97, 100}) {
            RandomStream rng = RandomStream.of(2).child(k);
            TensorSketch ts = new TensorSketch(n1, n2, k, rng);
            CountSketch c1 = new CountSketch(n1, k, rng.child("left"));
            CountSketch c2 = new CountSketch(n2, k, rng.child("right"));
            double[] expected = new double[k];
            for (int a = 0; a < n1; a++) {
                for (int b = 0; b < n2; b++) {
                    expected[(c1.bucket(a) + c2.bucket(b)) % k] += c1.sign(a) * c2.sign(b) * u[a] * v[b];
                }
            }
            float[] out = new float[k + 3];
            ts.apply(u, 0, v, 0, out, 3);
            for (int j = 0; j < k; j++) {
                assertEquals(expected[j], out[3 + j], 1e-4 * Math.sqrt(dot(u, u) * dot(v, v)), "k=" + k + " j=" + j);
            }
        }
    }

    @Test
    void unbiasedForTheProductOfInnerProducts() {
        RandomStream data = RandomStream.of(3);
        float[] u = gaussian(data, 10);
        float[] u2 = gaussian(data, 10);
        float[] v = gaussian(data, 6);
        float[] v2 = gaussian(data, 6);
        for (int i = 0; i < 10; i++) {
            u2[i] += u[i];
        }
        for (int i = 0; i < 6; i++) {
            v2[i] += v[i];
        }
        int k = 24;
        Unbiased.assertUnbiased("tensorsketch", i -> {
            TensorSketch ts = new TensorSketch(10, 6, k, trialRng("ts", i));
            float[] a = new float[k];
            float[] b = new float[k];
            ts.apply(u, 0, v, 0, a, 0);
            ts.apply(u2, 0, v2, 0, b, 0);
            return new double[] {dot(a, b)};
        }, dot(u, u2) * dot(v, v2));
    }
}
