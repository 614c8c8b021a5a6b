package org.ntk4j.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 GEMM: the twin of {@link JavaDgemm} (same BLIS blocking, packing, thread split and
 * determinism argument) with twice the lanes per vector, so the micro-tile is 4×16 on AVX2.
 */
final class JavaSgemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 4;
    static final int NR = 2 * L;
    /** Blocking: a kc×NR B micro-panel (16 KiB) stays in L1, an MC×KC A block in L2. */
    static final int KC = 256;
    static final int MC = 144;
    static final int NC = 4096;

    private static final ThreadLocal<float[]> PACKED_A = new ThreadLocal<>();
    private static final ThreadLocal<float[]> PACKED_B = new ThreadLocal<>();

    private JavaSgemm() {
    }

    /** C = alpha·op(A)·op(B) + beta·C; the {@link BlasBackend#sgemm} contract. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
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
        float[] bt = buffer(PACKED_B, kcMax * roundUp(ncMax, NR));
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
                    float[] at = buffer(PACKED_A, aSize);
                    packA(transA, a, aOff, lda, ic, mcb, pc0, kc, at);
                    int q0 = (int) ((long) panels * js / nSplit);
                    int q1 = (int) ((long) panels * (js + 1) / nSplit);
                    macroKernel(kc, at, ic, mcb, bt, jc0, nc, q0, q1, alpha, c, cOff, ldc);
                });
            }
        }
    }

    /** C = beta·C; beta == 0 writes zeros without reading C, so NaN garbage is cleared. */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1) {
            return;
        }
        Parallel.forRanges(m, Math.max(1, (1 << 16) / n), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int o = cOff + i * ldc;
                if (beta == 0) {
                    java.util.Arrays.fill(c, o, o + n, 0f);
                } else {
                    for (int j = 0; j < n; j++) {
                        c[o + j] *= beta;
                    }
                }
            }
        });
    }

    /** Micro-panels q0..q1 of op(B)[pc:pc+kc, jc:jc+nc], each kc×NR with zero columns past n. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              int q0, int q1, float[] bt) {
        for (int q = q0; q < q1; q++) {
            int j = jc + q * NR;
            int w = Math.min(NR, jc + nc - j);
            int dst = q * kc * NR;
            if (!transB) {
                int src = bOff + pc * ldb + j;
                if (w == NR) {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                        FloatVector.fromArray(S, b, src).intoArray(bt, dst);
                        FloatVector.fromArray(S, b, src + L).intoArray(bt, dst + L);
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
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                              float[] at) {
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

    private static void macroKernel(int kc, float[] at, int ic, int mc, float[] bt, int jc, int nc,
                                    int q0, int q1, float alpha, float[] c, int cOff, int ldc) {
        float[] edge = null;
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
                        edge = new float[MR * NR];
                    }
                    java.util.Arrays.fill(edge, 0f);
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
    private static void kernel(int kc, float[] at, int ai, float[] bt, int bi, float alpha,
                                  float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            int ao = ai + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bt, bo);
            FloatVector b1 = FloatVector.fromArray(S, bt, bo + L);
            FloatVector x = FloatVector.broadcast(S, at[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, at[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, at[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, at[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        update(c00, c01, va, c, ci);
        update(c10, c11, va, c, ci + ldc);
        update(c20, c21, va, c, ci + 2 * ldc);
        update(c30, c31, va, c, ci + 3 * ldc);
    }

    private static void update(FloatVector v0, FloatVector v1, FloatVector alpha, float[] c, int o) {
        v0.fma(alpha, FloatVector.fromArray(S, c, o)).intoArray(c, o);
        v1.fma(alpha, FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
    }

    static float[] buffer(ThreadLocal<float[]> cache, int size) {
        float[] buf = cache.get();
        if (buf == null || buf.length < size) {
            buf = new float[size];
            cache.set(buf);
        }
        return buf;
    }

    private static int ceilDiv(int a, int b) {
        return JavaDgemm.ceilDiv(a, b);
    }

    private static int roundUp(int a, int b) {
        return JavaDgemm.roundUp(a, b);
    }
}
