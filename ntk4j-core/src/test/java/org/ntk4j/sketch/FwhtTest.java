package org.ntk4j.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.ntk4j.random.RandomStream;

class FwhtTest {

    private static int hadamard(int i, int j) {
        return Integer.bitCount(i & j) % 2 == 0 ? 1 : -1;
    }

    @Test
    void matchesExplicitHadamardForEveryPowerOfTwoUpTo4096() {
        RandomStream rng = RandomStream.of(1).child("fwht");
        for (int n = 1; n <= 4096; n <<= 1) {
            int off = 3;
            float[] f = new float[n + 2 * off];
            double[] d = new double[n + 2 * off];
            for (int i = 0; i < f.length; i++) {
                d[i] = rng.nextGaussian();
                f[i] = (float) d[i];
            }
            double[] expected = new double[n];
            for (int p = 0; p < n; p++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += hadamard(p, i) * d[off + i];
                }
                expected[p] = s;
            }
            float[] fBefore = f.clone();
            double[] dBefore = d.clone();
            Fwht.transform(f, off, n);
            Fwht.transform(d, off, n);
            // float error grows like eps·√n·log n relative to the entries' scale √n
            double tolF = 1e-6 * Math.sqrt(n) * (1 + Math.log(n)) * 4;
            for (int p = 0; p < n; p++) {
                assertEquals(expected[p], d[off + p], 1e-12 * Math.sqrt(n) * (1 + Math.log(n)), "double n=" + n + " p=" + p);
                assertEquals(expected[p], f[off + p], tolF, "float n=" + n + " p=" + p);
            }
            // entries outside the range are untouched
            for (int i = 0; i < off; i++) {
                assertEquals(fBefore[i], f[i]);
                assertEquals(fBefore[off + n + i], f[off + n + i]);
                assertEquals(dBefore[i], d[i]);
                assertEquals(dBefore[off + n + i], d[off + n + i]);
            }
        }
    }

    @Test
    void appliedTwiceGivesNTimesTheInput() {
        RandomStream rng = RandomStream.of(2).child("fwht");
        for (int n = 1; n <= (1 << 15); n <<= 1) {
            double[] d = new double[n];
            rng.fillGaussian(d);
            double[] x = d.clone();
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) d[i];
            }
            float[] fx = f.clone();
            Fwht.transform(d, 0, n);
            Fwht.transform(d, 0, n);
            Fwht.transform(f, 0, n);
            Fwht.transform(f, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(n * x[i], d[i], 1e-11 * n, "double n=" + n);
                assertEquals(n * fx[i], f[i], 2e-5 * n * (1 + Math.log(n)), "float n=" + n);
            }
        }
    }

    @Test
    void integerInputsAreTransformedExactly() {
        // small integers stay exact in float, so the vector and scalar paths must agree bit for bit with H·x
        int n = 1024;
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (i * 7919) % 13 - 6;
        }
        float[] g = f.clone();
        Fwht.transform(f, 0, n);
        for (int p = 0; p < n; p += 37) {
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += hadamard(p, i) * (long) g[i];
            }
            assertEquals((float) s, f[p]);
        }
    }

    @Test
    void rejectsBadLengthsAndRanges() {
        assertThrows(IllegalArgumentException.class, () -> Fwht.transform(new float[12], 0, 12));
        assertThrows(IllegalArgumentException.class, () -> Fwht.transform(new double[0], 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Fwht.transform(new float[16], 4, 16));
        assertEquals(8, Fwht.nextPowerOfTwo(5));
        assertEquals(1, Fwht.nextPowerOfTwo(1));
        assertEquals(4096, Fwht.nextPowerOfTwo(4096));
    }
}
