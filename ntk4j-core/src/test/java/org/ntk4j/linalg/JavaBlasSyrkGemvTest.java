package org.ntk4j.linalg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.ntk4j.linalg.LinalgTestSupport.EPS64;
import static org.ntk4j.linalg.LinalgTestSupport.gaussian;
import static org.ntk4j.linalg.LinalgTestSupport.nativeOrNull;
import static org.ntk4j.linalg.LinalgTestSupport.op;

/** dsyrk and dgemv of the Java backend against naive loops and OpenBLAS. */
class JavaBlasSyrkGemvTest {
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

    /** n, k: single tile, several 128-tiles with a ragged edge, 256-tiles past n = 1024. */
    static Stream<Arguments> syrkCases() {
        int[][] shapes = {{1, 1}, {37, 29}, {5, 300}, {300, 7}, {257, 64}, {1030, 5}};
        double[][] scalars = {{1, 0}, {-1, 1}, {0.5, -2}};
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            for (boolean trans : new boolean[] {false, true}) {
                double[] ab = scalars[(i + (trans ? 1 : 0)) % scalars.length];
                out.add(Arguments.of(shapes[i][0], shapes[i][1], trans, ab[0], ab[1]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "dsyrk n={0} k={1} trans={2} alpha={3} beta={4}")
    @MethodSource("syrkCases")
    void dsyrkUpdatesUpperTriangleOnly(int n, int k, boolean trans, double alpha, double beta) {
        SplittableRandom rnd = new SplittableRandom(n * 1000L + k + (trans ? 7 : 0));
        int aRows = trans ? k : n;
        int aCols = trans ? n : k;
        int aOff = 3;
        int lda = aCols + 5;
        int cOff = 2;
        int ldc = n + 3;
        double[] a = gaussian(rnd, aOff + aRows * lda);
        double[] c0 = gaussian(rnd, cOff + n * ldc);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j < i) {
                    c0[cOff + i * ldc + j] = Double.NaN; // the strict lower triangle must stay as it is
                } else if (beta == 0) {
                    c0[cOff + i * ldc + j] = Double.NaN; // beta == 0: C is not read
                }
            }
        }
        double[] c = c0.clone();
        java.dsyrk(trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);

        double tol = 4 * (k + 2) * EPS64;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int idx = cOff + i * ldc + j;
                if (j < i) {
                    assertTrue(Double.isNaN(c[idx]), "lower element (" + i + "," + j + ") written");
                    continue;
                }
                double sum = 0;
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    // op(A) = Aᵀ when trans (A k×n), A otherwise (n×k): C_ij = Σ op(A)_ip op(A)_jp.
                    double x = op(a, aOff, lda, trans, i, p) * op(a, aOff, lda, trans, j, p);
                    sum += x;
                    mag += Math.abs(x);
                }
                double old = beta == 0 ? 0 : c0[idx];
                double expected = alpha * sum + beta * old;
                double bound = tol * (Math.abs(alpha) * mag + Math.abs(beta * old)) + Double.MIN_NORMAL;
                if (!(Math.abs(c[idx] - expected) <= bound)) {
                    fail("C[" + i + "][" + j + "] = " + c[idx] + ", expected " + expected);
                }
            }
        }
        BlasBackend nat = nativeOrNull();
        if (nat != null) {
            double[] cn = c0.clone();
            nat.dsyrk(trans, n, k, alpha, a, aOff, lda, beta, cn, cOff, ldc);
            double scale = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    scale = Math.max(scale, Math.abs(cn[cOff + i * ldc + j]));
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    int idx = cOff + i * ldc + j;
                    assertEquals(cn[idx], c[idx], 2 * tol * scale, "vs native at (" + i + "," + j + ")");
                }
            }
        }
    }

    @Test
    void dsyrkDoesNotDependOnThreadCount() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 700;
        int k = 300;
        double[] a = gaussian(rnd, k * n);
        double[] c0 = gaussian(rnd, n * n);
        double[][] out = new double[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            double[] c = c0.clone();
            java.dsyrk(true, n, k, 0.7, a, 0, n, 0.3, c, 0, n);
            out[threads - 1] = c;
        }
        assertTrue(Arrays.equals(out[0], out[1]), "dsyrk bits differ between 1 and 2 threads");
    }

    static Stream<Arguments> gemvCases() {
        int[][] shapes = {{1, 1}, {37, 53}, {1000, 3}, {3, 1000}, {300, 250}, {2, 20000}};
        List<Arguments> out = new ArrayList<>();
        for (int[] s : shapes) {
            out.add(Arguments.of(s[0], s[1], false, 1.0, 0.0));
            out.add(Arguments.of(s[0], s[1], true, -0.5, 2.0));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "dgemv m={0} n={1} trans={2} alpha={3} beta={4}")
    @MethodSource("gemvCases")
    void dgemvMatchesReference(int m, int n, boolean trans, double alpha, double beta) {
        SplittableRandom rnd = new SplittableRandom(m * 31L + n + (trans ? 1 : 0));
        int aOff = 4;
        int lda = n + 3;
        int xLen = trans ? m : n;
        int yLen = trans ? n : m;
        double[] a = gaussian(rnd, aOff + m * lda);
        double[] x = gaussian(rnd, 2 + xLen);
        double[] y0 = gaussian(rnd, 5 + yLen + 2);
        if (beta == 0) {
            Arrays.fill(y0, 5, 5 + yLen, Double.NaN);
        }
        double[] y = y0.clone();
        java.dgemv(trans, m, n, alpha, a, aOff, lda, x, 2, beta, y, 5);
        int inner = trans ? m : n;
        double tol = 4 * (inner + 2) * EPS64;
        for (int i = 0; i < yLen; i++) {
            double sum = 0;
            double mag = 0;
            for (int p = 0; p < inner; p++) {
                double v = (trans ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * x[2 + p];
                sum += v;
                mag += Math.abs(v);
            }
            double old = beta == 0 ? 0 : y0[5 + i];
            double expected = alpha * sum + beta * old;
            double bound = tol * (Math.abs(alpha) * mag + Math.abs(beta * old)) + Double.MIN_NORMAL;
            if (!(Math.abs(y[5 + i] - expected) <= bound)) {
                fail("y[" + i + "] = " + y[5 + i] + ", expected " + expected);
            }
        }
        for (int i = 0; i < y.length; i++) {
            if (i < 5 || i >= 5 + yLen) {
                assertEquals(y0[i], y[i], "y outside the range changed at " + i);
            }
        }
        BlasBackend nat = nativeOrNull();
        if (nat != null) {
            double[] yn = y0.clone();
            nat.dgemv(trans, m, n, alpha, a, aOff, lda, x, 2, beta, yn, 5);
            double scale = 0;
            for (int i = 0; i < yLen; i++) {
                scale = Math.max(scale, Math.abs(yn[5 + i]));
            }
            for (int i = 0; i < yLen; i++) {
                assertEquals(yn[5 + i], y[5 + i], 2 * tol * scale, "vs native at " + i);
            }
        }
    }

    @Test
    void dgemvWithZeroAlphaScalesY() {
        double[] y = {1, 2, Double.NaN};
        java.dgemv(false, 2, 2, 0.0, new double[] {Double.NaN, 1, 1, 1}, 0, 2, new double[] {1, 1}, 0, 3.0, y, 0);
        assertArrayEquals(new double[] {3, 6, Double.NaN}, y);
    }
}
