package org.ntk4j.linalg;

import java.util.Arrays;

/**
 * Symmetric eigen-decomposition A = Z·diag(w)·Zᵀ in three O(n³) stages:
 * <ol>
 *   <li>blocked Householder reduction A = Q·T·Qᵀ to tridiagonal T (panel of NB reflectors, whose
 *       two-sided update is applied to the trailing matrix as one GEMM; {@link JavaTridiagonal}),</li>
 *   <li>implicit QL with Wilkinson shifts on T ({@link JavaTridiagonalQl}), whose plane rotations are
 *       recorded and applied to the eigenvector matrix in cache-sized batches,</li>
 *   <li>back-transformation Z = Q·Z_T with the reflectors grouped into compact WY blocks (GEMM).</li>
 * </ol>
 */
final class JavaEigen {
    private JavaEigen() {
    }

    /** {@link BlasBackend#dsyevd}: reads A's upper triangle, returns 0 or the QL failure index. */
    static int decompose(int n, double[] a, int lda, double[] w) {
        if (n <= 0) {
            return 0;
        }
        if (n == 1) {
            w[0] = a[0];
            a[0] = 1.0;
            return 0;
        }
        // Work on a dense copy whose lower triangle holds the matrix (from A's upper triangle).
        double[] work = new double[n * n];
        Parallel.forRanges(n, 64, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                for (int j = 0; j <= i; j++) {
                    work[i * n + j] = a[j * lda + i];
                }
            }
        });
        double[] d = new double[n];
        double[] e = new double[n];
        double[] tau = new double[n];
        JavaTridiagonal.reduce(n, work, d, e, tau);

        // Eigenvectors of T as rows of zt (zt[k·n + i] = component i of vector k), from the identity.
        double[] zt = new double[n * n];
        for (int i = 0; i < n; i++) {
            zt[i * n + i] = 1.0;
        }
        int info = JavaTridiagonalQl.solve(n, d, e, zt);
        if (info != 0) {
            return info;
        }

        // Ascending order; the stable sort keeps ties in QL order, so results are reproducible.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(d[x], d[y]));
        for (int j = 0; j < n; j++) {
            w[j] = d[order[j]];
        }
        // A's column j = vector order[j] of T, then Q applied from the left.
        Parallel.forRanges(n, 32, (j0, j1) -> {
            for (int i = 0; i < n; i++) {
                int dst = i * lda;
                for (int j = j0; j < j1; j++) {
                    a[dst + j] = zt[order[j] * n + i];
                }
            }
        });
        JavaTridiagonal.applyQ(n, work, tau, a, lda);
        return 0;
    }
}
