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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.ntk4j.linalg.LinalgTestSupport.EPS32;
import static org.ntk4j.linalg.LinalgTestSupport.EPS64;
import static org.ntk4j.linalg.LinalgTestSupport.gaussian;
import static org.ntk4j.linalg.LinalgTestSupport.nativeOrNull;
import static org.ntk4j.linalg.LinalgTestSupport.op;
import static org.ntk4j.linalg.LinalgTestSupport.toFloat;

/**
 * dgemm/sgemm of the Java backend against a naive triple loop (always) and OpenBLAS (when it loads),
 * on shapes that hit every edge of the blocking: 1×1, primes, just past MR/NR/KC/MC/NC, with
 * offsets, padded leading dimensions, all four transpose combinations and the alpha/beta cases.
 */
class JavaBlasGemmTest {
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

    /** m, n, k: awkward sizes around the micro-tile (4×2L), KC (256 / 384) and MC (144). */
    static List<int[]> shapes() {
        return List.of(
                new int[] {1, 1, 1},
                new int[] {37, 53, 29},
                new int[] {4, 8, 256},
                new int[] {3, 7, 2},
                new int[] {5, 17, 257},
                new int[] {145, 33, 385},
                new int[] {150, 97, 600},
                new int[] {1, 300, 31},
                new int[] {301, 1, 13},
                new int[] {6, 4100, 3});
    }

    /** alpha, beta; beta == 0 runs with a NaN-filled C to prove C is not read. */
    static final double[][] SCALARS = {{1, 0}, {-0.5, 2}, {2, 1}, {0.75, -1.25}};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<int[]> shapes = shapes();
        for (int si = 0; si < shapes.size(); si++) {
            int[] s = shapes.get(si);
            for (int t = 0; t < 4; t++) {
                double[] ab = SCALARS[(si + t) % SCALARS.length];
                out.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, ab[0], ab[1]));
            }
        }
        return out.stream();
    }

    /** One case's operands, stored at offsets with leading dimensions larger than the row length. */
    private record Operands(int m, int n, int k, boolean ta, boolean tb, double[] a, int aOff, int lda,
                            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        static Operands random(SplittableRandom rnd, int m, int n, int k, boolean ta, boolean tb, boolean nanC) {
            int aRows = ta ? k : m;
            int aCols = ta ? m : k;
            int bRows = tb ? n : k;
            int bCols = tb ? k : n;
            int aOff = 5;
            int lda = aCols + 3;
            int bOff = 7;
            int ldb = bCols + 2;
            int cOff = 3;
            int ldc = n + 4;
            double[] a = gaussian(rnd, aOff + aRows * lda);
            double[] b = gaussian(rnd, bOff + bRows * ldb);
            double[] c = gaussian(rnd, cOff + m * ldc + 2);
            if (nanC) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, Double.NaN);
                }
            }
            return new Operands(m, n, k, ta, tb, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }
    }

    @ParameterizedTest(name = "dgemm m={0} n={1} k={2} transA={3} transB={4} alpha={5} beta={6}")
    @MethodSource("cases")
    void dgemmMatchesReference(int m, int n, int k, boolean ta, boolean tb, double alpha, double beta) {
        SplittableRandom rnd = new SplittableRandom(31L * m + 17L * n + k + (ta ? 1000 : 0) + (tb ? 2000 : 0));
        Operands o = Operands.random(rnd, m, n, k, ta, tb, beta == 0);
        double[] c = o.c.clone();
        java.dgemm(ta, tb, m, n, k, alpha, o.a, o.aOff, o.lda, o.b, o.bOff, o.ldb, beta, c, o.cOff, o.ldc);

        double tol = 4 * (k + 2) * EPS64;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    double x = op(o.a, o.aOff, o.lda, ta, i, p) * op(o.b, o.bOff, o.ldb, tb, p, j);
                    sum += x;
                    mag += Math.abs(x);
                }
                int idx = o.cOff + i * o.ldc + j;
                double c0 = beta == 0 ? 0 : o.c[idx];
                double expected = alpha * sum + beta * c0;
                double bound = tol * (Math.abs(alpha) * mag + Math.abs(beta * c0)) + Double.MIN_NORMAL;
                if (!(Math.abs(c[idx] - expected) <= bound)) {
                    fail("C[" + i + "][" + j + "] = " + c[idx] + ", expected " + expected + " ± " + bound);
                }
            }
        }
        assertOutsideUntouched(o.c, c, m, n, o.cOff, o.ldc);

        BlasBackend nat = nativeOrNull();
        if (nat != null) {
            double[] cn = o.c.clone();
            nat.dgemm(ta, tb, m, n, k, alpha, o.a, o.aOff, o.lda, o.b, o.bOff, o.ldb, beta, cn, o.cOff, o.ldc);
            assertClose(cn, c, m, n, o.cOff, o.ldc, 2 * tol);
        }
    }

    @ParameterizedTest(name = "sgemm m={0} n={1} k={2} transA={3} transB={4} alpha={5} beta={6}")
    @MethodSource("cases")
    void sgemmMatchesReference(int m, int n, int k, boolean ta, boolean tb, double alpha, double beta) {
        SplittableRandom rnd = new SplittableRandom(7L * m + 13L * n + k + (ta ? 1000 : 0) + (tb ? 2000 : 0));
        Operands o = Operands.random(rnd, m, n, k, ta, tb, beta == 0);
        float[] a = toFloat(o.a);
        float[] b = toFloat(o.b);
        float[] c0 = toFloat(o.c);
        float[] c = c0.clone();
        java.sgemm(ta, tb, m, n, k, (float) alpha, a, o.aOff, o.lda, b, o.bOff, o.ldb, (float) beta, c, o.cOff, o.ldc);

        double tol = 4 * (k + 2) * EPS32;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    double x = op(a, o.aOff, o.lda, ta, i, p) * op(b, o.bOff, o.ldb, tb, p, j);
                    sum += x;
                    mag += Math.abs(x);
                }
                int idx = o.cOff + i * o.ldc + j;
                double cOld = beta == 0 ? 0 : c0[idx];
                double expected = (float) alpha * sum + (float) beta * cOld;
                double bound = tol * (Math.abs(alpha) * mag + Math.abs(beta * cOld)) + Float.MIN_NORMAL;
                if (!(Math.abs(c[idx] - expected) <= bound)) {
                    fail("C[" + i + "][" + j + "] = " + c[idx] + ", expected " + expected + " ± " + bound);
                }
            }
        }
        for (int i = 0; i < c.length; i++) {
            int row = (i - o.cOff) / o.ldc;
            int col = (i - o.cOff) % o.ldc;
            boolean inside = i >= o.cOff && row < m && col < n;
            if (!inside) {
                assertEquals(Float.floatToRawIntBits(c0[i]), Float.floatToRawIntBits(c[i]), "element " + i + " outside C changed");
            }
        }

        BlasBackend nat = nativeOrNull();
        if (nat != null) {
            float[] cn = c0.clone();
            nat.sgemm(ta, tb, m, n, k, (float) alpha, a, o.aOff, o.lda, b, o.bOff, o.ldb, (float) beta, cn, o.cOff, o.ldc);
            double[] cnd = new double[cn.length];
            double[] cjd = new double[c.length];
            for (int i = 0; i < cn.length; i++) {
                cnd[i] = cn[i];
                cjd[i] = c[i];
            }
            assertClose(cnd, cjd, m, n, o.cOff, o.ldc, 2 * tol);
        }
    }

    @Test
    void zeroInnerDimensionOnlyScalesC() {
        double[] c = {1, 2, 3, 4, 5, 6};
        java.dgemm(false, false, 2, 3, 0, 1.0, new double[0], 0, 1, new double[0], 0, 3, 2.0, c, 0, 3);
        assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, c);
        double[] nan = {Double.NaN, Double.NaN};
        java.dgemm(false, false, 1, 2, 0, 1.0, new double[0], 0, 1, new double[0], 0, 2, 0.0, nan, 0, 2);
        assertArrayEquals(new double[] {0, 0}, nan);
        float[] f = {Float.NaN, 3f};
        java.sgemm(true, true, 1, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 1, 0f, f, 0, 2);
        assertArrayEquals(new float[] {0f, 0f}, f);
    }

    @Test
    void alphaZeroDoesNotReadAOrB() {
        double[] a = {Double.NaN, Double.NaN};
        double[] b = {Double.NaN, Double.NaN};
        double[] c = {1, 2, 3, 4};
        java.dgemm(false, false, 2, 2, 1, 0.0, a, 0, 1, b, 0, 2, 0.5, c, 0, 2);
        assertArrayEquals(new double[] {0.5, 1, 1.5, 2}, c);
    }

    @Test
    void emptyShapesAreNoOps() {
        double[] c = {42};
        java.dgemm(false, false, 0, 1, 3, 1, new double[3], 0, 3, new double[3], 0, 1, 0, c, 0, 1);
        java.dgemm(false, false, 1, 0, 3, 1, new double[3], 0, 3, new double[3], 0, 1, 0, c, 0, 1);
        assertEquals(42, c[0]);
    }

    /** Same inputs with 1 and 2 threads must give identical bits, for every transpose combination. */
    @Test
    void resultsDoNotDependOnThreadCount() {
        SplittableRandom rnd = new SplittableRandom(99);
        int m = 333;
        int n = 517;
        int k = 611;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            Operands o = Operands.random(rnd, m, n, k, ta, tb, false);
            double[][] results = new double[2][];
            float[][] fresults = new float[2][];
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                double[] c = o.c.clone();
                java.dgemm(ta, tb, m, n, k, 1.5, o.a, o.aOff, o.lda, o.b, o.bOff, o.ldb, 0.5, c, o.cOff, o.ldc);
                results[threads - 1] = c;
                float[] cf = toFloat(o.c);
                java.sgemm(ta, tb, m, n, k, 1.5f, toFloat(o.a), o.aOff, o.lda, toFloat(o.b), o.bOff, o.ldb, 0.5f,
                        cf, o.cOff, o.ldc);
                fresults[threads - 1] = cf;
            }
            assertTrue(Arrays.equals(results[0], results[1]), "dgemm bits differ between 1 and 2 threads, case " + t);
            assertTrue(Arrays.equals(fresults[0], fresults[1]), "sgemm bits differ between 1 and 2 threads, case " + t);
            assertFalse(Arrays.equals(results[0], o.c), "C was not computed");
        }
    }

    private static void assertOutsideUntouched(double[] before, double[] after, int m, int n, int cOff, int ldc) {
        for (int i = 0; i < after.length; i++) {
            int row = (i - cOff) / ldc;
            int col = (i - cOff) % ldc;
            boolean inside = i >= cOff && row < m && col < n;
            if (!inside) {
                assertEquals(Double.doubleToRawLongBits(before[i]), Double.doubleToRawLongBits(after[i]),
                        "element " + i + " outside C changed");
            }
        }
    }

    /** Relative to the largest reference magnitude, so cancellation in single elements is fine. */
    private static void assertClose(double[] ref, double[] got, int m, int n, int off, int ld, double tol) {
        double scale = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                scale = Math.max(scale, Math.abs(ref[off + i * ld + j]));
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int idx = off + i * ld + j;
                if (!(Math.abs(ref[idx] - got[idx]) <= tol * Math.max(scale, 1e-300))) {
                    fail("vs native: C[" + i + "][" + j + "] = " + got[idx] + ", native " + ref[idx]);
                }
            }
        }
    }
}
