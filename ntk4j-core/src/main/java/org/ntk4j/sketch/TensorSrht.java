package org.ntk4j.sketch;

import org.ntk4j.random.RandomStream;

/**
 * Real degree-2 TensorSRHT from R^{d1} × R^{d2} to R^k:
 * T(u,v)_j = √(1/k)·(H·D1_b·u)_{p1}·(H·D2_b·v)_{p2} for the j-th sampled cell (b, p1, p2).
 * u and v are zero-padded to n1, n2 (next powers of 2), H is the unnormalised ±1 Hadamard
 * matrix, D1_b and D2_b independent random signs.
 *
 * <p><b>Sampling.</b> The k cells are drawn without replacement from the B·n1·n2 cells of
 * B = ⌈k/(n1·n2)⌉ independent blocks (b, p1, p2), and kept in increasing order. B = 1 unless
 * k exceeds the grid.
 *
 * <p><b>Why unbiased.</b> For any fixed cell, D1 and D2 are independent and
 * E_D[(HDu)_p (HDu')_p] = Σ_i H_pi² u_i u'_i = ⟨u,u'⟩ (E[D_i D_i'] = δ_ii'), so
 * E_D[(HD1u)_{p1}(HD1u')_{p1}(HD2v)_{p2}(HD2v')_{p2}] = ⟨u,u'⟩⟨v,v'⟩, whatever cells are
 * sampled; hence E⟨T(u,v),T(u',v')⟩ = ⟨u,u'⟩⟨v,v'⟩ = ⟨u⊗v, u'⊗v'⟩. (Even more: for every D the
 * mean over all cells of a block is exactly ⟨u,u'⟩⟨v,v'⟩, because HᵀH = nI on each side.)
 *
 * <p><b>Variance</b> (exact, N = B·n1·n2): (1/k)·(N−k)/(N−1)·(M_u·M_v − ⟨u,u'⟩²⟨v,v'⟩²) with
 * M_u = ‖u‖²‖u'‖² + 2⟨u,u'⟩² − 2Σu_i²u'_i² (the fourth moment of one transformed coordinate),
 * M_v likewise. For unit vectors this is below 9/k.
 *
 * <p><b>Cost</b>: B transforms of length n1 and of n2, plus k products: O(B(n1 log n1 + n2 log n2) + k).
 * The transforms are exposed ({@link #transformLeft}, {@link #transformRight}, {@link #combine})
 * so that a caller who sketches the same u against several v (PolySketch does) transforms it once.
 * Immutable and thread-safe; the one-call {@link #apply} uses thread-local scratch.
 */
public final class TensorSrht {
    private final int leftDim;
    private final int rightDim;
    private final int outputDim;
    private final int n1;
    private final int n2;
    private final int blocks;
    private final float[] signs1;    // block b at [b·d1, (b+1)·d1)
    private final float[] signs2;
    private final int[] leftIndex;   // b·n1 + p1 of output j: position in the left transform
    private final int[] rightIndex;  // b·n2 + p2
    private final float scale;
    private final ThreadLocal<float[][]> scratch;

    /** Signs from rng.child("signs1") and rng.child("signs2"), cells from rng.child("indices"). */
    public TensorSrht(int leftDim, int rightDim, int outputDim, RandomStream rng) {
        if (leftDim < 1 || rightDim < 1 || outputDim < 1) {
            throw new IllegalArgumentException("TensorSRHT dimensions must be positive, got "
                    + leftDim + " x " + rightDim + " -> " + outputDim);
        }
        this.leftDim = leftDim;
        this.rightDim = rightDim;
        this.outputDim = outputDim;
        this.n1 = Fwht.nextPowerOfTwo(leftDim);
        this.n2 = Fwht.nextPowerOfTwo(rightDim);
        long grid = (long) n1 * n2;
        this.blocks = Math.toIntExact((outputDim + grid - 1) / grid);
        this.signs1 = Sampling.signs(rng.child("signs1"), Math.multiplyExact(blocks, leftDim));
        this.signs2 = Sampling.signs(rng.child("signs2"), Math.multiplyExact(blocks, rightDim));
        if ((long) blocks * Math.max(n1, n2) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("TensorSRHT transform buffers would exceed an array: "
                    + blocks + " blocks of " + Math.max(n1, n2));
        }
        long[] cells = Sampling.distinctSorted(rng.child("indices"), blocks * grid, outputDim);
        this.leftIndex = new int[outputDim];
        this.rightIndex = new int[outputDim];
        for (int j = 0; j < outputDim; j++) {
            long b = cells[j] / grid;
            long r = cells[j] % grid;
            leftIndex[j] = (int) (b * n1 + r / n2);
            rightIndex[j] = (int) (b * n2 + r % n2);
        }
        this.scale = (float) (1 / Math.sqrt(outputDim));
        this.scratch = ThreadLocal.withInitial(() -> new float[][] {
            new float[leftTransformLength()], new float[rightTransformLength()]});
    }

    public int leftDim() {
        return leftDim;
    }

    public int rightDim() {
        return rightDim;
    }

    public int outputDim() {
        return outputDim;
    }

    /** B, the number of independent sign blocks. */
    public int blocks() {
        return blocks;
    }

    /** B·n1, the length of {@link #transformLeft}'s output. */
    public int leftTransformLength() {
        return blocks * n1;
    }

    /** B·n2, the length of {@link #transformRight}'s output. */
    public int rightTransformLength() {
        return blocks * n2;
    }

    /** hu[huOff + b·n1 + p] ← (H·D1_b·u)_p for every block b: the left operand's transforms. */
    public void transformLeft(float[] u, int uOff, float[] hu, int huOff) {
        for (int b = 0; b < blocks; b++) {
            VecOps.signMulPad(u, uOff, signs1, b * leftDim, hu, huOff + b * n1, leftDim, n1);
            Fwht.transform(hu, huOff + b * n1, n1);
        }
    }

    /** hv[hvOff + b·n2 + p] ← (H·D2_b·v)_p for every block b: the right operand's transforms. */
    public void transformRight(float[] v, int vOff, float[] hv, int hvOff) {
        for (int b = 0; b < blocks; b++) {
            VecOps.signMulPad(v, vOff, signs2, b * rightDim, hv, hvOff + b * n2, rightDim, n2);
            Fwht.transform(hv, hvOff + b * n2, n2);
        }
    }

    /** out[outOff + j] ← √(1/k)·hu[cell j's left position]·hv[cell j's right position]. */
    public void combine(float[] hu, int huOff, float[] hv, int hvOff, float[] out, int outOff) {
        if (huOff < 0 || huOff > hu.length - leftTransformLength()
                || hvOff < 0 || hvOff > hv.length - rightTransformLength()
                || outOff < 0 || outOff > out.length - outputDim) {
            throw new IndexOutOfBoundsException("transform or output range outside its array");
        }
        int[] li = leftIndex;
        int[] ri = rightIndex;
        float s = scale;
        for (int j = 0; j < outputDim; j++) {
            out[outOff + j] = s * hu[huOff + li[j]] * hv[hvOff + ri[j]];
        }
    }

    /** out[outOff .. outOff+k) ← T(u, v). */
    public void apply(float[] u, int uOff, float[] v, int vOff, float[] out, int outOff) {
        float[][] w = scratch.get();
        transformLeft(u, uOff, w[0], 0);
        transformRight(v, vOff, w[1], 0);
        combine(w[0], 0, w[1], 0, out, outOff);
    }

    /** out ← T(u, v) given hu = {@link #transformLeft}(u), so u's transforms are reused. */
    public void applyWithLeftTransform(float[] hu, int huOff, float[] v, int vOff, float[] out, int outOff) {
        float[] hv = scratch.get()[1];
        transformRight(v, vOff, hv, 0);
        combine(hu, huOff, hv, 0, out, outOff);
    }

    /** out ← T(u, v) given hv = {@link #transformRight}(v), so v's transforms are reused. */
    public void applyWithRightTransform(float[] u, int uOff, float[] hv, int hvOff, float[] out, int outOff) {
        float[] hu = scratch.get()[0];
        transformLeft(u, uOff, hu, 0);
        combine(hu, 0, hv, hvOff, out, outOff);
    }
}
