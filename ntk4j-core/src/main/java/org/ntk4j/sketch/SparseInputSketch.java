package org.ntk4j.sketch;

import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.random.RandomStream;

/**
 * An input-sparsity-time sketch from R^d to R^k for sparse rows (OSNAP-style two levels): a
 * {@link CountSketch} from d to a fixed d' (a parameter independent of d), then an {@link Srht}
 * from d' to k. A row with nnz nonzeros costs O(nnz + B·n' log n') with n' the next power of 2
 * ≥ d' and B = ⌈k/n'⌉, instead of O(d log d) for an SRHT of the raw row.
 *
 * <p>Unbiased: the two levels have independent randomness and each is unbiased, so
 * E⟨S(u),S(v)⟩ = E_CS⟨CS u, CS v⟩ = ⟨u,v⟩. Variance: the CountSketch adds
 * (1/d')(‖u‖²‖v‖² + ⟨u,v⟩² − 2Σu_i²v_i²) to the SRHT's (1/k)(N−k)/(N−1)(…) term
 * (N = B·n'), so about (1/d' + (N−k)/(k(N−1)))·(‖u‖²‖v‖² + ⟨u,v⟩²). Choose d' ≥ k, e.g. a few
 * times k, so that the first level costs little accuracy. Dense and sparse inputs of the same
 * vector give bit-identical outputs (same algorithm, same summation order).
 *
 * <p>Immutable and thread-safe; per-row scratch is thread-local (d' + n' floats).
 */
public final class SparseInputSketch {
    private final CountSketch countSketch;
    private final Srht srht;
    private final ThreadLocal<float[]> hashed;

    /** The CountSketch draws from rng.child("countsketch"), the SRHT from rng.child("srht"). */
    public SparseInputSketch(int inputDim, int hashDim, int outputDim, RandomStream rng) {
        this.countSketch = new CountSketch(inputDim, hashDim, rng.child("countsketch"));
        this.srht = new Srht(hashDim, outputDim, rng.child("srht"));
        this.hashed = ThreadLocal.withInitial(() -> new float[hashDim]);
    }

    public int inputDim() {
        return countSketch.inputDim();
    }

    public int hashDim() {
        return countSketch.outputDim();
    }

    public int outputDim() {
        return srht.outputDim();
    }

    /** out[outOff .. outOff+k) ← S(x[xOff .. xOff+d)). */
    public void apply(float[] x, int xOff, float[] out, int outOff) {
        float[] h = hashed.get();
        countSketch.apply(x, xOff, h, 0);
        srht.apply(h, 0, out, outOff);
    }

    /** Sparse entries (index[p], value[p]), p in [from, to), increasing indices. */
    public void apply(int[] index, double[] value, int from, int to, float[] out, int outOff) {
        float[] h = hashed.get();
        countSketch.apply(index, value, from, to, h, 0);
        srht.apply(h, 0, out, outOff);
    }

    /** Row {@code row} of a CSR matrix with d columns. */
    public void apply(CsrMatrix m, int row, float[] out, int outOff) {
        CountSketch.checkCols(m, inputDim());
        apply(m.colIndex(), m.values(), m.rowStart()[row], m.rowStart()[row + 1], out, outOff);
    }
}
