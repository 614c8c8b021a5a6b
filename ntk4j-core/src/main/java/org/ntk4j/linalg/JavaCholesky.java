package org.ntk4j.linalg;

/**
 * Blocked Cholesky A = L·Lᵀ (lower, row-major) and the two triangular solves that use it.
 * Right-looking: factor an NB-wide diagonal block, solve the panel below it, then subtract the
 * panel's Gram matrix from the trailing lower triangle with GEMM, where almost all flops land.
 */
final class JavaCholesky {
    /** Panel width: the panel solve is dot-product bound, the trailing update wants a deep k. */
    private static final int NB = 128;
    /** Row block of the triangular solves. */
    private static final int SOLVE_NB = 128;

    private JavaCholesky() {
    }

    /** {@link BlasBackend#dpotrf}: 0, or the order of the first leading minor that is not positive. */
    static int factor(int n, double[] a, int lda) {
        for (int j = 0; j < n; j += NB) {
            int jb = Math.min(NB, n - j);
            int info = factorDiagonal(jb, a, j * lda + j, lda);
            if (info != 0) {
                return j + info;
            }
            int rest = n - j - jb;
            if (rest > 0) {
                int panel = (j + jb) * lda + j;
                int diagBlock = j * lda + j;
                int width = jb;
                // A21 ← A21·L11⁻ᵀ, row by row (each row is an independent forward substitution).
                Parallel.forRanges(rest, 32, (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        forwardRow(width, a, diagBlock, lda, a, panel + r * lda);
                    }
                });
                // A22 ← A22 − A21·A21ᵀ on the lower triangle.
                int diag = (j + jb) * lda + (j + jb);
                JavaDgemm.triangle(false, false, true, rest, jb, -1.0, a, panel, lda, a, panel, lda,
                        1.0, a, diag, lda);
            }
        }
        return 0;
    }

    /** Unblocked dot-product Cholesky of the b×b lower block at off; 0 or the failing order. */
    private static int factorDiagonal(int b, double[] a, int off, int lda) {
        for (int j = 0; j < b; j++) {
            int rowJ = off + j * lda;
            double d = a[rowJ + j] - VecOps.dot(a, rowJ, a, rowJ, j);
            if (!(d > 0)) { // also catches NaN
                return j + 1;
            }
            double ljj = Math.sqrt(d);
            a[rowJ + j] = ljj;
            for (int i = j + 1; i < b; i++) {
                int rowI = off + i * lda;
                a[rowI + j] = (a[rowI + j] - VecOps.dot(a, rowI, a, rowJ, j)) / ljj;
            }
        }
        return 0;
    }

    /** Solves x·L11ᵀ = row in place, i.e. L11·xᵀ = rowᵀ by forward substitution. */
    private static void forwardRow(int b, double[] l, int lOff, int ldl, double[] x, int xOff) {
        for (int c = 0; c < b; c++) {
            int rowC = lOff + c * ldl;
            x[xOff + c] = (x[xOff + c] - VecOps.dot(l, rowC, x, xOff, c)) / l[rowC + c];
        }
    }

    /** {@link BlasBackend#dpotrs}: B ← A⁻¹B with A = L·Lᵀ, as L·Y = B then Lᵀ·X = Y. */
    static void solve(int n, int nrhs, double[] l, int ldl, double[] b, int ldb) {
        if (n <= 0 || nrhs <= 0) {
            return;
        }
        // Forward: Y_I = L_II⁻¹ (B_I − L_I,<I · Y_<I), block rows top to bottom.
        for (int i0 = 0; i0 < n; i0 += SOLVE_NB) {
            int i1 = Math.min(n, i0 + SOLVE_NB);
            if (i0 > 0) {
                update(false, i1 - i0, nrhs, i0, l, i0 * ldl, ldl, b, 0, ldb, i0 * ldb);
            }
            int first = i0;
            int last = i1;
            columns(nrhs, (c0, c1) -> {
                for (int i = first; i < last; i++) {
                    int rowI = i * ldb;
                    for (int t = first; t < i; t++) {
                        VecOps.axpy(-l[i * ldl + t], b, t * ldb + c0, b, rowI + c0, c1 - c0);
                    }
                    VecOps.scal(1.0 / l[i * ldl + i], b, rowI + c0, c1 - c0);
                }
            });
        }
        // Backward: X_I = L_II⁻ᵀ (Y_I − (L_>I,I)ᵀ · X_>I), block rows bottom to top.
        int blocks = (n + SOLVE_NB - 1) / SOLVE_NB;
        for (int blk = blocks - 1; blk >= 0; blk--) {
            int i0 = blk * SOLVE_NB;
            int i1 = Math.min(n, i0 + SOLVE_NB);
            if (i1 < n) {
                update(true, i1 - i0, nrhs, n - i1, l, i1 * ldl + i0, ldl, b, i1 * ldb, ldb, i0 * ldb);
            }
            int first = i0;
            int last = i1;
            columns(nrhs, (c0, c1) -> {
                for (int i = last - 1; i >= first; i--) {
                    int rowI = i * ldb;
                    VecOps.scal(1.0 / l[i * ldl + i], b, rowI + c0, c1 - c0);
                    for (int t = first; t < i; t++) {
                        VecOps.axpy(-l[i * ldl + t], b, rowI + c0, b, t * ldb + c0, c1 - c0);
                    }
                }
            });
        }
    }

    /** B[dst rows] −= op(Lblock)·B[src rows], with GEMV for a single right-hand side. */
    private static void update(boolean trans, int rows, int nrhs, int k, double[] l, int lOff, int ldl,
                               double[] b, int src, int ldb, int dst) {
        if (nrhs == 1 && ldb == 1) {
            // op(Lblock) is rows×k: stored k×rows when transposed.
            JavaGemv.gemv(trans, trans ? k : rows, trans ? rows : k, -1.0, l, lOff, ldl, b, src, 1.0, b, dst);
        } else {
            JavaDgemm.gemm(trans, false, rows, nrhs, k, -1.0, l, lOff, ldl, b, src, ldb, 1.0, b, dst, ldb);
        }
    }

    /** Splits the right-hand-side columns across threads when there are many. */
    private static void columns(int nrhs, Parallel.RangeBody body) {
        if (nrhs < 256) {
            body.run(0, nrhs);
        } else {
            Parallel.forRanges(nrhs, 64, body);
        }
    }
}
