package org.ntk4j.sketch;

import java.util.Arrays;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.random.RandomStream;

/**
 * CountSketch from R^n to R^k: CS(u)_j = Σ_{i: h(i)=j} s_i·u_i, with a fully random hash
 * h: [n]→[k] and signs s (stored tables, not a hash family).
 *
 * <p>Unbiased: E⟨CS(u),CS(v)⟩ = ⟨u,v⟩, since a pair i ≠ i' contributes s_i s_i' u_i v_i' only
 * when h(i)=h(i'), and E[s_i s_i'] = 0. Variance: (1/k)·(‖u‖²‖v‖² + ⟨u,v⟩² − 2Σ_i u_i²v_i²).
 *
 * <p>Cost: O(n) dense, O(nnz) sparse (plus zeroing k outputs). Immutable and thread-safe.
 * Sparse and dense inputs of the same vector give bit-identical outputs: both add the nonzero
 * entries in increasing index order, in float.
 */
public final class CountSketch {
    private final int inputDim;
    private final int outputDim;
    private final int[] bucket;
    private final float[] sign;

    /** Draws h from rng.child("indices") and s from rng.child("signs"). */
    public CountSketch(int inputDim, int outputDim, RandomStream rng) {
        if (inputDim < 1 || outputDim < 1) {
            throw new IllegalArgumentException("CountSketch dimensions must be positive, got " + inputDim + " -> " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.bucket = new int[inputDim];
        RandomStream idx = rng.child("indices");
        for (int i = 0; i < inputDim; i++) {
            bucket[i] = idx.nextInt(outputDim);
        }
        this.sign = Sampling.signs(rng.child("signs"), inputDim);
    }

    public int inputDim() {
        return inputDim;
    }

    public int outputDim() {
        return outputDim;
    }

    /** h(i). */
    public int bucket(int i) {
        return bucket[i];
    }

    /** s_i = ±1. */
    public float sign(int i) {
        return sign[i];
    }

    /** out[outOff .. outOff+k) ← CS(x[xOff .. xOff+n)) (overwritten, not accumulated). */
    public void apply(float[] x, int xOff, float[] out, int outOff) {
        Arrays.fill(out, outOff, outOff + outputDim, 0f);
        for (int i = 0; i < inputDim; i++) {
            float v = x[xOff + i];
            if (v != 0f) {
                out[outOff + bucket[i]] += sign[i] * v;
            }
        }
    }

    /**
     * Sparse input: the entries (index[p], value[p]) for p in [from, to), indices in [0, n) and
     * increasing; values are rounded to float. out[outOff .. outOff+k) is overwritten.
     */
    public void apply(int[] index, double[] value, int from, int to, float[] out, int outOff) {
        Arrays.fill(out, outOff, outOff + outputDim, 0f);
        for (int p = from; p < to; p++) {
            int i = index[p];
            if (i < 0 || i >= inputDim) {
                throw new IndexOutOfBoundsException("sparse index " + i + " outside [0, " + inputDim + ")");
            }
            float v = (float) value[p];
            if (v != 0f) {
                out[outOff + bucket[i]] += sign[i] * v;
            }
        }
    }

    /** Row {@code row} of a CSR matrix with {@code cols() == inputDim()}. */
    public void apply(CsrMatrix m, int row, float[] out, int outOff) {
        checkCols(m, inputDim);
        apply(m.colIndex(), m.values(), m.rowStart()[row], m.rowStart()[row + 1], out, outOff);
    }

    static void checkCols(CsrMatrix m, int dim) {
        if (m.cols() != dim) {
            throw new IllegalArgumentException("sparse rows have " + m.cols() + " columns, the sketch expects " + dim);
        }
    }
}
