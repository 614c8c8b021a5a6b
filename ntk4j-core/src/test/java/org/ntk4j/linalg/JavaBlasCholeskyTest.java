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
import static org.ntk4j.linalg.LinalgTestSupport.embed;
import static org.ntk4j.linalg.LinalgTestSupport.gaussian;
import static org.ntk4j.linalg.LinalgTestSupport.gram;
import static org.ntk4j.linalg.LinalgTestSupport.nativeOrNull;

/** dpotrf/dpotrs of the Java backend: L·Lᵀ = A, solve residuals, failure index, against OpenBLAS. */
class JavaBlasCholeskyTest {
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

    /** Sizes around the panel width 128 and the trailing tiles. */
    @ParameterizedTest(name = "dpotrf n={0}")
    @ValueSource(ints = {1, 2, 37, 128, 129, 300, 520})
    void factorReproducesMatrix(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        double[] a = gram(rnd, n, n + 3, 0.1 * n);
        int lda = n + 5;
        // The strict upper triangle is garbage: it must be neither read nor written.
        double[] work = embed(a, n, n, 0, lda, Double.NaN);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                work[i * lda + j] = Double.NaN;
            }
        }
        assertEquals(0, java.dpotrf(n, work, lda));

        double norm = LinalgTestSupport.frobenius(a, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j > i) {
                    assertTrue(Double.isNaN(work[i * lda + j]), "upper element (" + i + "," + j + ") written");
                    continue;
                }
                double s = 0;
                for (int p = 0; p <= j; p++) {
                    s += work[i * lda + p] * work[j * lda + p];
                }
                worst = Math.max(worst, Math.abs(s - a[i * n + j]));
            }
        }
        assertTrue(worst <= 8 * n * EPS64 * norm, "max |L·Lᵀ − A| = " + worst);
        assertTrue(Double.isNaN(work[work.length - 1]), "padding after the matrix written");

        BlasBackend nat = nativeOrNull();
        if (nat != null) {
            double[] ln = embed(a, n, n, 0, lda, 0.0);
            assertEquals(0, nat.dpotrf(n, ln, lda));
            double lmax = 0;
            double diff = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    lmax = Math.max(lmax, Math.abs(ln[i * lda + j]));
                    diff = Math.max(diff, Math.abs(ln[i * lda + j] - work[i * lda + j]));
                }
            }
            // The Gram matrix is well conditioned (shift 0.1·n), so the factors agree closely.
            assertTrue(diff <= 1e3 * n * EPS64 * lmax, "max |L_java − L_native| = " + diff);
        }
    }

    @ParameterizedTest(name = "dpotrs nrhs={0}")
    @ValueSource(ints = {1, 3, 300})
    void solveHasSmallResidual(int nrhs) {
        int n = 277;
        SplittableRandom rnd = new SplittableRandom(nrhs);
        double[] a = gram(rnd, n, 40, 1.0); // PSD rank 40 plus I: condition number in the hundreds
        double[] b = gaussian(rnd, n * nrhs);
        double[] l = a.clone();
        assertEquals(0, java.dpotrf(n, l, n));
        double[] x = b.clone();
        java.dpotrs(n, nrhs, l, n, x, nrhs);

        double anorm = LinalgTestSupport.frobenius(a, n);
        for (int c = 0; c < nrhs; c++) {
            double res = 0;
            double xnorm = 0;
            double bnorm = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += a[i * n + j] * x[j * nrhs + c];
                }
                res += (s - b[i * nrhs + c]) * (s - b[i * nrhs + c]);
                xnorm += x[i * nrhs + c] * x[i * nrhs + c];
                bnorm += b[i * nrhs + c] * b[i * nrhs + c];
            }
            double rel = Math.sqrt(res) / (anorm * Math.sqrt(xnorm) + Math.sqrt(bnorm));
            assertTrue(rel <= 10 * n * EPS64, "column " + c + ": backward error " + rel);
        }

        BlasBackend nat = nativeOrNull();
        if (nat != null) {
            double[] ln = a.clone();
            assertEquals(0, nat.dpotrf(n, ln, n));
            double[] xn = b.clone();
            nat.dpotrs(n, nrhs, ln, n, xn, nrhs);
            double diff = 0;
            double scale = 0;
            for (int i = 0; i < xn.length; i++) {
                diff = Math.max(diff, Math.abs(xn[i] - x[i]));
                scale = Math.max(scale, Math.abs(xn[i]));
            }
            assertTrue(diff <= 1e-9 * scale, "max |x_java − x_native| = " + diff + " (scale " + scale + ")");
        }
    }

    @Test
    void solveWithPaddedRightHandSide() {
        int n = 150;
        int nrhs = 2;
        int ldb = 5;
        SplittableRandom rnd = new SplittableRandom(3);
        double[] a = gram(rnd, n, n, 5.0);
        double[] l = a.clone();
        assertEquals(0, java.dpotrf(n, l, n));
        double[] b = gaussian(rnd, n * ldb);
        double[] x = b.clone();
        java.dpotrs(n, nrhs, l, n, x, ldb);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < ldb; c++) {
                if (c >= nrhs) {
                    assertEquals(b[i * ldb + c], x[i * ldb + c], "padding column changed");
                    continue;
                }
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += a[i * n + j] * x[j * ldb + c];
                }
                assertEquals(b[i * ldb + c], s, 1e-10 * (1 + Math.abs(b[i * ldb + c])) * n);
            }
        }
    }

    @Test
    void indefiniteMatrixReportsFirstBadMinor() {
        // Leading minors 1, 2, then negative: order 3 fails.
        double[] a = {
            1, 0, 0, 0,
            0, 2, 0, 0,
            0, 0, -1, 0,
            0, 0, 0, 4};
        assertEquals(3, java.dpotrf(4, a.clone(), 4));
        BlasBackend nat = nativeOrNull();
        if (nat != null) {
            assertEquals(3, nat.dpotrf(4, a.clone(), 4));
        }
        double[] zero = new double[9];
        assertEquals(1, java.dpotrf(3, zero, 3));
        double[] nan = {Double.NaN};
        assertEquals(1, java.dpotrf(1, nan, 1));
    }

    @Test
    void indefiniteLargeMatrixAgreesWithNative() {
        int n = 400;
        SplittableRandom rnd = new SplittableRandom(11);
        double[] a = gram(rnd, n, n, 0.0);
        // Break positive definiteness deep inside the second panel.
        a[260 * n + 260] = -1e6;
        int info = java.dpotrf(n, a.clone(), n);
        assertEquals(261, info);
        BlasBackend nat = nativeOrNull();
        if (nat != null) {
            assertEquals(info, nat.dpotrf(n, a.clone(), n));
        }
    }

    @Test
    void factorDoesNotDependOnThreadCount() {
        int n = 600;
        double[] a = gram(new SplittableRandom(8), n, n, 1.0);
        double[][] out = new double[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            double[] l = a.clone();
            assertEquals(0, java.dpotrf(n, l, n));
            double[] b = gaussian(new SplittableRandom(9), n * 20);
            java.dpotrs(n, 20, l, n, b, 20);
            out[threads - 1] = concat(l, b);
        }
        assertTrue(Arrays.equals(out[0], out[1]), "dpotrf/dpotrs bits differ between 1 and 2 threads");
    }

    private static double[] concat(double[] x, double[] y) {
        double[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
