package org.ntk4j.linalg;

/** Matrix-vector product y = alpha·op(A)·x + beta·y on a row-major A; memory bound, so kept simple. */
final class JavaGemv {
    /** Below this many elements of A, threads cost more than they save. */
    private static final int PARALLEL_MIN = 1 << 15;

    private JavaGemv() {
    }

    static void gemv(boolean trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        int rows = trans ? n : m;   // length of y
        int inner = trans ? m : n;  // length of x
        if (rows <= 0) {
            return;
        }
        if (alpha == 0 || inner <= 0) {
            for (int i = 0; i < rows; i++) {
                y[yOff + i] = beta == 0 ? 0 : beta * y[yOff + i];
            }
            return;
        }
        int minChunk = (long) m * n < PARALLEL_MIN ? rows : Math.max(64, PARALLEL_MIN / Math.max(1, inner));
        if (!trans) {
            // y_i: one dot product per row of A.
            Parallel.forRanges(rows, minChunk, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    double s = VecOps.dot(a, aOff + i * lda, x, xOff, n);
                    y[yOff + i] = beta == 0 ? alpha * s : Math.fma(alpha, s, beta * y[yOff + i]);
                }
            });
        } else {
            // y_j = Σ_i A_ij·x_i: each task owns a range of y and streams that column strip of every row.
            Parallel.forRanges(rows, Math.max(minChunk, 64), (j0, j1) -> {
                int len = j1 - j0;
                double[] acc = new double[len];
                for (int i = 0; i < m; i++) {
                    VecOps.axpy(x[xOff + i], a, aOff + i * lda + j0, acc, 0, len);
                }
                for (int j = 0; j < len; j++) {
                    int o = yOff + j0 + j;
                    y[o] = beta == 0 ? alpha * acc[j] : Math.fma(alpha, acc[j], beta * y[o]);
                }
            });
        }
    }
}
