package org.ntk4j.linalg;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntk4j.linalg.LinalgTestSupport.EPS64;
import static org.ntk4j.linalg.LinalgTestSupport.frobenius;
import static org.ntk4j.linalg.LinalgTestSupport.gram;
import static org.ntk4j.linalg.LinalgTestSupport.nativeOrNull;
import static org.ntk4j.linalg.LinalgTestSupport.symmetric;
import static org.ntk4j.linalg.LinalgTestSupport.withEigenvalues;

/**
 * dsyevd of the Java backend: A·V = V·diag(w), VᵀV = I, ascending w equal to OpenBLAS's, on random,
 * repeated-eigenvalue, diagonal, zero and rank-deficient Gram matrices; only the upper triangle read.
 */
class JavaBlasEigenTest {
    private final JavaBlas java = new JavaBlas();
    private int savedThreads;

    @BeforeEach
    void saveThreads() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** Sizes around the panel (32), the WY block (64), the serial/parallel product switch (384). */
    @ParameterizedTest(name = "random symmetric n={0}")
    @ValueSource(ints = {1, 2, 3, 17, 33, 64, 65, 130, 257, 450})
    void randomSymmetric(int n) {
        double[] a = symmetric(new SplittableRandom(n), n);
        check(a, n, true);
    }

    @Test
    void repeatedEigenvalues() {
        double[] values = new double[60];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 20 ? 1.0 : i < 45 ? -2.0 : i < 50 ? 3.5 : 0.0;
        }
        double[] a = withEigenvalues(new SplittableRandom(4), values);
        double[] w = check(a, values.length, true);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < w.length; i++) {
            assertEquals(sorted[i], w[i], 1e-12 * 60, "eigenvalue " + i);
        }
    }

    @Test
    void diagonalIdentityAndZero() {
        int n = 40;
        double[] diag = new double[n * n];
        for (int i = 0; i < n; i++) {
            diag[i * n + i] = (i % 3) - 1.0; // -1, 0, 1 repeated: already diagonal, many ties
        }
        double[] w = check(diag, n, false);
        assertEquals(-1.0, w[0]);
        assertEquals(1.0, w[n - 1]);
        double[] identity = new double[n * n];
        for (int i = 0; i < n; i++) {
            identity[i * n + i] = 1;
        }
        for (double v : check(identity, n, false)) {
            assertEquals(1.0, v);
        }
        for (double v : check(new double[n * n], n, false)) {
            assertEquals(0.0, v);
        }
    }

    /** A kernel-like PSD matrix of rank 30 out of 200: 170 eigenvalues at rounding level. */
    @Test
    void rankDeficientGram() {
        int n = 200;
        double[] g = gram(new SplittableRandom(12), n, 30, 0.0);
        double[] w = check(g, n, true);
        double norm = frobenius(g, n);
        for (int i = 0; i < n - 30; i++) {
            assertTrue(Math.abs(w[i]) <= 100 * n * EPS64 * norm, "eigenvalue " + i + " = " + w[i] + " should be ~0");
        }
        assertTrue(w[n - 30] > 1, "the 30 nonzero eigenvalues are well above zero");
    }

    @Test
    void gradedAndTinyMatrices() {
        int n = 50;
        double[] graded = new double[n * n];
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = LinalgTestSupport.gaussian(rnd) * Math.pow(10, -(i + j) / 8.0);
                graded[i * n + j] = v;
                graded[j * n + i] = v;
            }
        }
        check(graded, n, true);
        double[] tiny = symmetric(new SplittableRandom(3), 20);
        for (int i = 0; i < tiny.length; i++) {
            tiny[i] *= 1e-200;
        }
        check(tiny, 20, true);
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        int n = 420;
        double[] a = symmetric(new SplittableRandom(21), n);
        double[][] out = new double[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            double[] v = a.clone();
            double[] w = new double[n];
            assertEquals(0, java.dsyevd(n, v, n, w));
            double[] both = Arrays.copyOf(v, v.length + n);
            System.arraycopy(w, 0, both, v.length, n);
            out[threads - 1] = both;
        }
        assertTrue(Arrays.equals(out[0], out[1]), "dsyevd bits differ between 1 and 2 threads");
    }

    /**
     * Runs dsyevd with garbage in the strict lower triangle and in the lda padding, checks the
     * residual, orthogonality, ordering and (optionally) the eigenvalues against OpenBLAS.
     */
    private double[] check(double[] a, int n, boolean compareNative) {
        int lda = n + 3;
        double[] v = new double[n * lda];
        Arrays.fill(v, Double.NaN);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                v[i * lda + j] = a[i * n + j];
            }
        }
        double[] w = new double[n];
        assertEquals(0, java.dsyevd(n, v, lda, w));

        double norm = Math.max(frobenius(a, n), Double.MIN_NORMAL);
        double tol = 20 * Math.max(n, 4) * EPS64;
        for (int i = 1; i < n; i++) {
            assertTrue(w[i - 1] <= w[i], "eigenvalues not ascending at " + i);
        }
        double resid = 0;
        double orth = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double av = 0;
                double vv = 0;
                for (int k = 0; k < n; k++) {
                    av += a[i * n + k] * v[k * lda + j];
                    vv += v[k * lda + i] * v[k * lda + j];
                }
                resid = Math.max(resid, Math.abs(av - v[i * lda + j] * w[j]));
                orth = Math.max(orth, Math.abs(vv - (i == j ? 1 : 0)));
            }
        }
        assertTrue(resid <= tol * norm, "max |A·V − V·diag(w)| = " + resid + " for ‖A‖ = " + norm);
        assertTrue(orth <= tol, "max |VᵀV − I| = " + orth);

        BlasBackend nat = nativeOrNull();
        if (compareNative && nat != null) {
            double[] an = a.clone();
            double[] wn = new double[n];
            assertEquals(0, nat.dsyevd(n, an, n, wn));
            for (int i = 0; i < n; i++) {
                assertEquals(wn[i], w[i], tol * norm, "eigenvalue " + i + " vs native");
            }
        }
        return w;
    }
}
