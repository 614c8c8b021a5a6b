package org.ntk4j.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 GEMM in the BLIS layout: C is cut into NC-wide column blocks and the k dimension into
 * KC-deep slices; each slice of op(B) is packed once into NR-wide micro-panels (kept in L3 and
 * streamed into L1), each MC×KC block of op(A) into MR-high micro-panels (kept in L2), and a
 * register-blocked MR×NR micro-kernel accumulates one tile of C with FMAs.
 *
 * <p>Threads split the MC blocks (and, when there are few of them, the NR panels) of each
 * k-slice, so each task owns distinct tiles of C; every element of C sees the same k-slices in the
 * same order whatever the split, which makes results independent of the thread count.
 */
final class JavaDgemm {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 4;
    static final int NR = 2 * L;
    /** Blocking: a kc×NR B micro-panel (16 KiB) stays in L1, an MC×KC A block (288 KiB) in L2. */
    static final int KC = 256;
    static final int MC = 144;
    static final int NC = 4096;

    private static final ThreadLocal<double[]> PACKED_A = new ThreadLocal<>();
    private static final ThreadLocal<double[]> PACKED_B = new ThreadLocal<>();

    private JavaDgemm() {
    }

    /** C = alpha·op(A)·op(B) + beta·C; the {@link BlasBackend#dgemm} contract. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        scale(m, n, beta, c, cOff, ldc);
        if (alpha == 0 || k <= 0) {
            return;
        }
        int threads = Parallel.threads();
        // Even k-slices (never a thin last one); fixed by k alone so the summation order is too.
        int kBlocks = ceilDiv(k, KC);
        int kcMax = ceilDiv(k, kBlocks);
        // Round the MC block count up to a multiple of the thread count, so threads finish together.
        int mBlocks = roundUp(ceilDiv(m, MC), threads);
        int mc = Math.min(roundUp(ceilDiv(m, mBlocks), MR), roundUp(m, MR));
        mBlocks = ceilDiv(m, mc);
        int ncMax = Math.min(NC, n);
        double[] bt = buffer(PACKED_B, kcMax * roundUp(ncMax, NR));
        int aSize = kcMax * mc;

        for (int jc = 0; jc < n; jc += NC) {
            final int jc0 = jc;
            final int nc = Math.min(NC, n - jc);
            final int panels = ceilDiv(nc, NR);
            // Few row blocks: also split the column panels so every thread gets work.
            final int nSplit = Math.min(panels, Math.max(1, ceilDiv(4 * threads, mBlocks)));
            final int mBlocksF = mBlocks;
            for (int pc = 0; pc < k; pc += kcMax) {
                final int pc0 = pc;
                final int kc = Math.min(kcMax, k - pc);
                Parallel.forRanges(panels, 8, (q0, q1) ->
                        packB(transB, b, bOff, ldb, pc0, kc, jc0, nc, q0, q1, bt));
                Parallel.forEach(mBlocksF * nSplit, t -> {
                    int ib = t / nSplit;
                    int js = t % nSplit;
                    int ic = ib * mc;
                    int mcb = Math.min(mc, m - ic);
                    double[] at = buffer(PACKED_A, aSize);
                    packA(transA, a, aOff, lda, ic, mcb, pc0, kc, at);
                    int q0 = (int) ((long) panels * js / nSplit);
                    int q1 = (int) ((long) panels * (js + 1) / nSplit);
                    macroKernel(kc, at, ic, mcb, bt, jc0, nc, q0, q1, alpha, c, cOff, ldc);
                });
            }
        }
    }

    /**
     * The upper (or lower) triangle, diagonal included, of the n×n C = alpha·op(A)·op(B) + beta·C,
     * with op(A) n×k and op(B) k×n; the other strict triangle is not touched. Tiles strictly inside
     * the triangle are plain GEMMs, run in parallel; a diagonal tile is computed whole into scratch
     * and only its triangle merged. The tiling depends on n alone, so results do not depend on
     * the thread count.
     */
    static void triangle(boolean upper, boolean transA, boolean transB, int n, int k, double alpha,
                         double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                         double beta, double[] c, int cOff, int ldc) {
        if (n <= 0) {
            return;
        }
        int nb = n <= 256 ? n : n <= 1024 ? 128 : 256;
        int tiles = ceilDiv(n, nb);
        int count = tiles * (tiles + 1) / 2;
        int[] tileI = new int[count];
        int[] tileJ = new int[count];
        int t = 0;
        for (int bi = 0; bi < tiles; bi++) {
            for (int bj = upper ? bi : 0; bj < (upper ? tiles : bi + 1); bj++) {
                tileI[t] = bi;
                tileJ[t] = bj;
                t++;
            }
        }
        Parallel.forEach(count, task -> {
            int i0 = tileI[task] * nb;
            int j0 = tileJ[task] * nb;
            int mi = Math.min(nb, n - i0);
            int nj = Math.min(nb, n - j0);
            int ao = transA ? aOff + i0 : aOff + i0 * lda;
            int bo = transB ? bOff + j0 * ldb : bOff + j0;
            if (i0 != j0) {
                gemm(transA, transB, mi, nj, k, alpha, a, ao, lda, b, bo, ldb, beta, c, cOff + i0 * ldc + j0, ldc);
                return;
            }
            double[] tmp = new double[mi * nj];
            gemm(transA, transB, mi, nj, k, alpha, a, ao, lda, b, bo, ldb, 0.0, tmp, 0, nj);
            for (int i = 0; i < mi; i++) {
                int from = upper ? i : 0;
                int to = upper ? nj : i + 1;
                int co = cOff + (i0 + i) * ldc + j0;
                for (int j = from; j < to; j++) {
                    c[co + j] = beta == 0 ? tmp[i * nj + j] : beta * c[co + j] + tmp[i * nj + j];
                }
            }
        });
    }

    /** C = beta·C; beta == 0 writes zeros without reading C, so NaN garbage is cleared. */
    static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1) {
            return;
        }
        Parallel.forRanges(m, Math.max(1, (1 << 16) / n), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int o = cOff + i * ldc;
                if (beta == 0) {
                    java.util.Arrays.fill(c, o, o + n, 0.0);
                } else {
                    for (int j = 0; j < n; j++) {
                        c[o + j] *= beta;
                    }
                }
            }
        });
    }

    /** Micro-panels q0..q1 of op(B)[pc:pc+kc, jc:jc+nc], each kc×NR with zero columns past n. */
    private static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              int q0, int q1, double[] bt) {
        for (int q = q0; q < q1; q++) {
            int j = jc + q * NR;
            int w = Math.min(NR, jc + nc - j);
            int dst = q * kc * NR;
            if (!transB) {
                int src = bOff + pc * ldb + j;
                if (w == NR) {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                        DoubleVector.fromArray(S, b, src).intoArray(bt, dst);
                        DoubleVector.fromArray(S, b, src + L).intoArray(bt, dst + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                        for (int x = 0; x < w; x++) {
                            bt[dst + x] = b[src + x];
                        }
                        for (int x = w; x < NR; x++) {
                            bt[dst + x] = 0;
                        }
                    }
                }
            } else {
                // op(B)[p][j+x] = B[j+x][p]: walk each stored row along p.
                for (int x = 0; x < w; x++) {
                    int src = bOff + (j + x) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        bt[dst + p * NR + x] = b[src + p];
                    }
                }
                for (int x = w; x < NR; x++) {
                    for (int p = 0; p < kc; p++) {
                        bt[dst + p * NR + x] = 0;
                    }
                }
            }
        }
    }

    /** op(A)[ic:ic+mc, pc:pc+kc] as MR-high micro-panels (kc×MR each, rows past m are zero). */
    private static void packA(boolean transA, double[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                              double[] at) {
        for (int r = 0; r < mc; r += MR) {
            int h = Math.min(MR, mc - r);
            int dst = r * kc;
            if (!transA) {
                for (int y = 0; y < h; y++) {
                    int src = aOff + (ic + r + y) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        at[dst + p * MR + y] = a[src + p];
                    }
                }
                for (int y = h; y < MR; y++) {
                    for (int p = 0; p < kc; p++) {
                        at[dst + p * MR + y] = 0;
                    }
                }
            } else {
                // op(A)[i][p] = A[p][i]: MR consecutive values of one stored row per step.
                int src = aOff + pc * lda + ic + r;
                for (int p = 0; p < kc; p++, src += lda, dst += MR) {
                    for (int y = 0; y < h; y++) {
                        at[dst + y] = a[src + y];
                    }
                    for (int y = h; y < MR; y++) {
                        at[dst + y] = 0;
                    }
                }
            }
        }
    }

    private static void macroKernel(int kc, double[] at, int ic, int mc, double[] bt, int jc, int nc,
                                    int q0, int q1, double alpha, double[] c, int cOff, int ldc) {
        double[] edge = null;
        for (int q = q0; q < q1; q++) {
            int j = jc + q * NR;
            int w = Math.min(NR, jc + nc - j);
            int bi = q * kc * NR;
            for (int r = 0; r < mc; r += MR) {
                int h = Math.min(MR, mc - r);
                int ai = r * kc;
                int ci = cOff + (ic + r) * ldc + j;
                if (h == MR && w == NR) {
                    kernel(kc, at, ai, bt, bi, alpha, c, ci, ldc);
                } else {
                    // Partial tile: run the same kernel on a copy, so edge elements get identical arithmetic.
                    if (edge == null) {
                        edge = new double[MR * NR];
                    }
                    java.util.Arrays.fill(edge, 0.0);
                    for (int y = 0; y < h; y++) {
                        System.arraycopy(c, ci + y * ldc, edge, y * NR, w);
                    }
                    kernel(kc, at, ai, bt, bi, alpha, edge, 0, NR);
                    for (int y = 0; y < h; y++) {
                        System.arraycopy(edge, y * NR, c, ci + y * ldc, w);
                    }
                }
            }
        }
    }

    /**
     * C[MR×NR tile] += alpha·Ã·B̃ over kc steps. 4 rows × 2 vectors = 8 accumulators in registers;
     * measured faster under C2 than 6×2 or 4×3 tiles, whose 12 accumulators made it spill.
     */
    private static void kernel(int kc, double[] at, int ai, double[] bt, int bi, double alpha,
                                  double[] c, int ci, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            int ao = ai + p * MR;
            DoubleVector b0 = DoubleVector.fromArray(S, bt, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bt, bo + L);
            DoubleVector x = DoubleVector.broadcast(S, at[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, at[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, at[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, at[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        update(c00, c01, va, c, ci);
        update(c10, c11, va, c, ci + ldc);
        update(c20, c21, va, c, ci + 2 * ldc);
        update(c30, c31, va, c, ci + 3 * ldc);
    }

    private static void update(DoubleVector v0, DoubleVector v1, DoubleVector alpha, double[] c, int o) {
        v0.fma(alpha, DoubleVector.fromArray(S, c, o)).intoArray(c, o);
        v1.fma(alpha, DoubleVector.fromArray(S, c, o + L)).intoArray(c, o + L);
    }

    static double[] buffer(ThreadLocal<double[]> cache, int size) {
        double[] buf = cache.get();
        if (buf == null || buf.length < size) {
            buf = new double[size];
            cache.set(buf);
        }
        return buf;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }
}
