package org.ntk4j.sketch;

import org.ntk4j.random.RandomStream;

/**
 * Real subsampled randomised Hadamard transform from R^d to R^k:
 * S(v) = √(1/k)·[H·D·v]_P, with v zero-padded to n = the next power of 2 ≥ d, H the unnormalised
 * ±1 Hadamard matrix ({@link Fwht}), D random signs and P k sampled rows.
 *
 * <p><b>Blocks and sampling.</b> There are B = ⌈k/n⌉ independent sign vectors D_1..D_B; the k
 * output rows are drawn <em>without replacement</em> from the B·n candidates (b, p) ↦
 * (H·D_b·v)_p, and kept in increasing order of (b, p) (the order of coordinates does not matter
 * to inner products). So k ≤ n uses one transform, and k = B·n keeps every candidate.
 *
 * <p><b>Unbiased.</b> For every D, Σ_p (HD_bu)_p(HD_bv)_p = n⟨u,v⟩ since HᵀH = nI, so the B·n
 * candidates z = (HD_bu)_p(HD_bv)_p have mean exactly ⟨u,v⟩ and ⟨S(u),S(v)⟩, the mean of k of
 * them drawn without replacement, has E⟨S(u),S(v)⟩ = ⟨u,v⟩.
 *
 * <p><b>Variance</b> (exact, with N = B·n): Var⟨S(u),S(v)⟩ = (1/k)·(N−k)/(N−1)·
 * (‖u‖²‖v‖² + ⟨u,v⟩² − 2Σ_i u_i²v_i²). Sampling with replacement would lack the factor
 * (N−k)/(N−1); at k = N the estimate is exact.
 *
 * <p><b>Cost</b> per vector: B transforms of length n, O(B·n log n + k); scratch n floats.
 * Immutable and thread-safe; {@link #apply(float[], int, float[], int)} uses a thread-local
 * scratch and allocates nothing after the first call on a thread.
 */
public final class Srht {
    private final int inputDim;
    private final int outputDim;
    private final int padded;
    private final int blocks;
    private final float[] signs;      // block b's signs at [b·d, (b+1)·d)
    private final int[] rows;         // sampled row p of each output, grouped by block
    private final int[] blockStart;   // outputs [blockStart[b], blockStart[b+1]) come from block b
    private final float scale;
    private final ThreadLocal<float[]> scratch;

    /**
     * Draws the signs from rng.child("signs") and the rows from rng.child("indices").
     *
     * @param inputDim  d ≥ 1
     * @param outputDim k ≥ 1
     */
    public Srht(int inputDim, int outputDim, RandomStream rng) {
        if (inputDim < 1 || outputDim < 1) {
            throw new IllegalArgumentException("SRHT dimensions must be positive, got " + inputDim + " -> " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.padded = Fwht.nextPowerOfTwo(inputDim);
        this.blocks = (int) ((outputDim + (long) padded - 1) / padded);
        this.signs = Sampling.signs(rng.child("signs"), Math.multiplyExact(blocks, inputDim));
        long[] picks = Sampling.distinctSorted(rng.child("indices"), (long) blocks * padded, outputDim);
        this.rows = new int[outputDim];
        this.blockStart = new int[blocks + 1];
        for (int j = 0; j < outputDim; j++) {
            rows[j] = (int) (picks[j] % padded);
            blockStart[(int) (picks[j] / padded) + 1]++;
        }
        for (int b = 0; b < blocks; b++) {
            blockStart[b + 1] += blockStart[b];
        }
        this.scale = (float) (1 / Math.sqrt(outputDim));
        this.scratch = ThreadLocal.withInitial(() -> new float[padded]);
    }

    public int inputDim() {
        return inputDim;
    }

    public int outputDim() {
        return outputDim;
    }

    /** n, the padded transform length. */
    public int paddedDim() {
        return padded;
    }

    /** B = ⌈k/n⌉, the number of independent sign blocks (transforms per vector). */
    public int blocks() {
        return blocks;
    }

    /** out[outOff .. outOff+k) ← S(x[xOff .. xOff+d)). */
    public void apply(float[] x, int xOff, float[] out, int outOff) {
        apply(x, xOff, out, outOff, scratch.get());
    }

    /** As {@link #apply(float[], int, float[], int)} with a caller-provided scratch of length ≥ {@link #paddedDim()}. */
    public void apply(float[] x, int xOff, float[] out, int outOff, float[] work) {
        for (int b = 0; b < blocks; b++) {
            int from = blockStart[b];
            int to = blockStart[b + 1];
            if (from == to) {
                continue;
            }
            VecOps.signMulPad(x, xOff, signs, b * inputDim, work, 0, inputDim, padded);
            Fwht.transform(work, 0, padded);
            for (int j = from; j < to; j++) {
                out[outOff + j] = scale * work[rows[j]];
            }
        }
    }
}
