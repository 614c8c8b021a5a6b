package org.ntk4j.sketch;

import java.util.Arrays;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.random.RandomStream;

/**
 * PolySketch: sketches of x^{⊗j} for every degree j = 1..q in one pass, each of size s, with
 * E⟨out_j(x), out_j(y)⟩ = ⟨x,y⟩^j for any x, y (no unit-norm assumption).
 *
 * <p><b>Tree.</b> Q = the next power of 2 ≥ q leaves and log₂Q levels of {@link TensorSrht}s:
 * level 0 has Q/2 nodes T(x, x) of size d×d→s, level ℓ ≥ 1 has Q/2^{ℓ+1} nodes of size s×s→s
 * combining children 2p and 2p+1; the root sketches x^{⊗Q}. Every node has its own independent
 * randomness.
 *
 * <p><b>Lower degrees.</b> Replacing leaf x by a unit vector e1 leaves the other factors' inner
 * products unchanged (⟨e1,e1⟩ = 1), so the root with the t left-most leaves replaced by e1
 * sketches x^{⊗(Q−t)}. Pass t = Q−q, Q−q+1, …, Q−1 gives degree Q−t; pass t+1 turns leaf t into
 * e1, so only the nodes on that leaf's path to the root change (p ← ⌊p/2⌋ at every level):
 * <ul>
 *   <li>a level-0 node whose two leaves are e1 becomes "all-e1" (never computed);</li>
 *   <li>a level-0 node with left leaf e1 and right leaf x is an unbiased sketch of x alone: it
 *       uses its own single-input {@link Srht} d→s (independent signs, rows sampled without
 *       replacement over ⌈s/n⌉ sign blocks — lower variance than T(e1, x), which would sample
 *       only n distinct values);</li>
 *   <li>a node of level ≥ 1 with an all-e1 left child takes its right child's sketch unchanged
 *       (e1⊗…⊗e1 contributes the factor 1 exactly);</li>
 *   <li>any other node on the path is recombined, re-transforming only the child that changed:
 *       the other child's Hadamard transform is kept from the previous pass.</li>
 * </ul>
 * Passes for degrees above q are never run: the first pass starts from the e1-filled tree.
 *
 * <p><b>Unbiasedness.</b> Conditional on its children, a node is unbiased for the product of
 * its children's inner products, and different subtrees have independent randomness, so by the
 * tower rule each degree's output is unbiased. The degrees share randomness, so their errors are
 * correlated — harmless for sums Σ c_j⟨out_j(x), out_j(y)⟩, whose expectation is still exact.
 * Variance: one TensorSRHT node on unit vectors has relative variance below 9/s (see
 * {@link TensorSrht}); up the tree these compound, roughly in proportion to the degree. Measured
 * relative standard deviation of ‖out_j(x)‖² for a unit x: s = 1024: 0.085 (j = 2), 0.14 (j = 4),
 * 0.24 (j = 8); s = 4096: 0.042, 0.073, 0.115. Degree 1 is a plain SRHT (exact when s ≥ the
 * padded d, since every candidate is kept).
 *
 * <p><b>Sparse input.</b> With {@code leafHashDim > 0} every leaf i first maps the input by its
 * own, independent {@link CountSketch} CS_i: R^d → R^{leafHashDim} (rng.child("leafHash").child(i)),
 * so the leaves of a sparse row cost O(q·(nnz + n' log n')) with n' the padded leafHashDim,
 * instead of O(q·d log d) for the padded d. Independence across
 * leaves keeps every degree unbiased: E Π_i⟨CS_i x, CS_i y⟩ = ⟨x,y⟩^j. (One hash shared by all
 * leaves would not: E⟨CSx,CSy⟩² = ⟨x,y⟩² + Var.) Each hashed leaf adds a relative variance of
 * about 1/leafHashDim per factor, so choose leafHashDim of a few times s. Dense and sparse inputs
 * of the same vector give bit-identical outputs in either mode.
 *
 * <p><b>Cost</b> per row (n0 = padded leaf length, ns = next power of 2 ≥ s): the first pass
 * transforms each leaf holding x once (length n0) and recombines the upper nodes (two transforms
 * of length ns each); every later pass computes at most one level-0 single-input SRHT
 * (⌈s/n0⌉ transforms of length n0) and, per level, one transform of length ns plus s products.
 * No allocation per row. Measured on one Zen 3 core, d = 384, s = 4096: about 10 µs (q = 2) and
 * 100 µs (q = 8) per row; {@link #expand} to 8192 adds about 40 µs at q = 8.
 *
 * <p>Random streams: node (ℓ, p) uses rng.child("node").child(ℓ).child(p); the single-input
 * SRHT of level-0 node p uses rng.child("single").child(p) (for q = 1: p = 0). Sketches built
 * for q and q' with the same next power of 2 produce identical outputs for common degrees.
 */
public final class PolySketch {
    private final int inputDim;
    private final int degree;
    private final int sketchDim;
    private final int leaves;
    private final int levels;
    private final int firstPass;
    private final CountSketch[] leafHash; // one per leaf, null entries for leaves that are always e1; null array without hashing
    private final int leafDim;
    private final TensorSrht[][] nodes;   // [level][p]; null where the node is never recombined
    private final Srht[] single;          // level-0 single-input SRHTs; null where never needed
    private final ThreadLocal<Workspace> workspaces;

    /** A dense-input PolySketch of degree q ≥ 1 from R^d, per-degree size s. */
    public PolySketch(int inputDim, int degree, int sketchDim, RandomStream rng) {
        this(inputDim, degree, sketchDim, 0, rng);
    }

    /**
     * @param leafHashDim 0 for none; otherwise every leaf first maps the input by its own
     *                    CountSketch to this size (for sparse, high-dimensional rows)
     */
    public PolySketch(int inputDim, int degree, int sketchDim, int leafHashDim, RandomStream rng) {
        if (inputDim < 1 || degree < 1 || sketchDim < 1 || leafHashDim < 0) {
            throw new IllegalArgumentException("PolySketch needs d ≥ 1, q ≥ 1, s ≥ 1, leafHashDim ≥ 0; got d="
                    + inputDim + " q=" + degree + " s=" + sketchDim + " leafHashDim=" + leafHashDim);
        }
        if (degree > (1 << 16)) {
            throw new IllegalArgumentException("degree " + degree + " is unreasonably large");
        }
        this.inputDim = inputDim;
        this.degree = degree;
        this.sketchDim = sketchDim;
        this.leaves = Fwht.nextPowerOfTwo(degree);
        this.levels = Integer.numberOfTrailingZeros(leaves);
        this.firstPass = leaves - degree;
        this.leafDim = leafHashDim > 0 ? leafHashDim : inputDim;
        if (leafHashDim > 0) {
            leafHash = new CountSketch[leaves];
            RandomStream hashRng = rng.child("leafHash");
            for (int i = firstPass; i < leaves; i++) {
                leafHash[i] = new CountSketch(inputDim, leafHashDim, hashRng.child(i));
            }
        } else {
            leafHash = null;
        }

        RandomStream nodeRng = rng.child("node");
        RandomStream singleRng = rng.child("single");
        if (leaves == 1) {
            single = new Srht[] {new Srht(leafDim, sketchDim, singleRng.child(0))};
            nodes = new TensorSrht[0][];
        } else {
            single = new Srht[leaves / 2];
            nodes = new TensorSrht[levels][];
            for (int l = 0; l < levels; l++) {
                nodes[l] = new TensorSrht[leaves >> (l + 1)];
                RandomStream levelRng = nodeRng.child(l);
                for (int p = 0; p < nodes[l].length; p++) {
                    int dim = l == 0 ? leafDim : sketchDim;
                    if (leftLeafEnd(l, p) > firstPass) { // left child holds some x in the first pass
                        nodes[l][p] = new TensorSrht(dim, dim, sketchDim, levelRng.child(p));
                    }
                }
            }
            for (int p = 0; p < single.length; p++) {
                if (2 * p + 1 >= firstPass) { // leaf 2p becomes e1 while leaf 2p+1 is x
                    single[p] = new Srht(leafDim, sketchDim, singleRng.child(p));
                }
            }
        }
        this.workspaces = ThreadLocal.withInitial(this::newWorkspace);
    }

    /** One past the last leaf under the left child of node (l, p). */
    private static int leftLeafEnd(int l, int p) {
        return (2 * p + 1) << l;
    }

    public int inputDim() {
        return inputDim;
    }

    /** q: degrees 1..q are produced. */
    public int degree() {
        return degree;
    }

    /** s: the length of each degree's sketch. */
    public int sketchDim() {
        return sketchDim;
    }

    /** The CountSketch size at the leaves, or 0 if inputs enter the tree as they are. */
    public int leafHashDim() {
        return leafHash == null ? 0 : leafDim;
    }

    // Package-private views of the components, for tests that rebuild each degree from scratch.
    int leaves() {
        return leaves;
    }

    TensorSrht node(int level, int p) {
        return nodes[level][p];
    }

    Srht single(int p) {
        return single[p];
    }

    CountSketch leafHash(int leaf) {
        return leafHash == null ? null : leafHash[leaf];
    }

    private void checkWorkspace(Workspace w) {
        if (w.owner != this) {
            throw new IllegalArgumentException("workspace belongs to another PolySketch");
        }
    }

    /** Per-row scratch for one thread; the apply methods without one use a thread-local. */
    public Workspace newWorkspace() {
        return new Workspace(this);
    }

    /** outPerDegree[j−1][0 .. s) ← sketch of x^{⊗j}, j = 1..q, for x = x[off .. off+d). */
    public void apply(float[] x, int off, float[][] outPerDegree) {
        apply(x, off, outPerDegree, workspaces.get());
    }

    public void apply(float[] x, int off, float[][] outPerDegree, Workspace w) {
        checkWorkspace(w);
        checkOutputs(outPerDegree);
        if (off < 0 || off > x.length - inputDim) {
            throw new IndexOutOfBoundsException("input range [" + off + ", " + (off + inputDim)
                    + ") outside array of length " + x.length);
        }
        if (leafHash != null) {
            for (int i = firstPass; i < leaves; i++) {
                leafHash[i].apply(x, off, w.leaf[i], 0);
            }
            run(null, 0, outPerDegree, w);
        } else {
            run(x, off, outPerDegree, w);
        }
    }

    /** Sparse input: entries (index[p], value[p]) for p in [from, to), increasing indices in [0, d). */
    public void apply(int[] index, double[] value, int from, int to, float[][] outPerDegree) {
        apply(index, value, from, to, outPerDegree, workspaces.get());
    }

    public void apply(int[] index, double[] value, int from, int to, float[][] outPerDegree, Workspace w) {
        checkWorkspace(w);
        checkOutputs(outPerDegree);
        if (leafHash != null) {
            for (int i = firstPass; i < leaves; i++) {
                leafHash[i].apply(index, value, from, to, w.leaf[i], 0);
            }
            run(null, 0, outPerDegree, w);
        } else {
            float[] dense = w.leaf[0];
            Arrays.fill(dense, 0f);
            for (int p = from; p < to; p++) {
                if (index[p] < 0 || index[p] >= inputDim) {
                    throw new IndexOutOfBoundsException("sparse index " + index[p] + " outside [0, " + inputDim + ")");
                }
                dense[index[p]] = (float) value[p];
            }
            run(dense, 0, outPerDegree, w);
        }
    }

    /** Row {@code row} of a CSR matrix with d columns. */
    public void apply(CsrMatrix m, int row, float[][] outPerDegree) {
        CountSketch.checkCols(m, inputDim);
        apply(m.colIndex(), m.values(), m.rowStart()[row], m.rowStart()[row + 1], outPerDegree);
    }

    private void checkOutputs(float[][] out) {
        if (out.length < degree) {
            throw new IllegalArgumentException("need " + degree + " output rows, got " + out.length);
        }
        for (int j = 0; j < degree; j++) {
            if (out[j].length < sketchDim) {
                throw new IllegalArgumentException("output row " + j + " has length " + out[j].length + " < " + sketchDim);
            }
        }
    }

    /**
     * The passes over the tree. Without leaf hashing every leaf is x[off .. off+d); with it
     * (x == null) leaf i is w.leaf[i].
     */
    private void run(float[] x, int xOff, float[][] out, Workspace w) {
        int off = x == null ? 0 : xOff;
        if (leaves == 1) {
            single[0].apply(leaf(x, w, 0), off, out[0], 0);
            return;
        }
        // First pass: leaves [0, firstPass) are e1, the rest x.
        for (int p = 0; p < leaves / 2; p++) {
            if (2 * p + 1 < firstPass) {
                w.ref[0][p] = null;
            } else if (2 * p + 1 == firstPass) {
                single[p].apply(leaf(x, w, 2 * p + 1), off, w.own[0][p], 0);
                w.ref[0][p] = w.own[0][p];
            } else {
                TensorSrht t = nodes[0][p];
                t.transformLeft(leaf(x, w, 2 * p), off, w.left[0][p], 0);
                t.transformRight(leaf(x, w, 2 * p + 1), off, w.right[0][p], 0);
                t.combine(w.left[0][p], 0, w.right[0][p], 0, w.own[0][p], 0);
                w.ref[0][p] = w.own[0][p];
            }
        }
        for (int l = 1; l < levels; l++) {
            for (int p = 0; p < nodes[l].length; p++) {
                update(l, p, true, true, w);
            }
        }
        emit(degree, out, w);
        // Pass t + 1 turns leaf t into e1 and updates its path to the root.
        for (int t = firstPass; t < leaves - 1; t++) {
            int p = t >> 1;
            if ((t & 1) == 1) {
                w.ref[0][p] = null;
            } else {
                single[p].apply(leaf(x, w, t + 1), off, w.own[0][p], 0);
                w.ref[0][p] = w.own[0][p];
            }
            for (int l = 1; l < levels; l++) {
                boolean leftChanged = ((t >> l) & 1) == 0;
                update(l, t >> (l + 1), leftChanged, !leftChanged, w);
            }
            emit(leaves - t - 1, out, w);
        }
    }

    private static float[] leaf(float[] x, Workspace w, int i) {
        return x != null ? x : w.leaf[i];
    }

    /** Recomputes node (l, p) from its children, re-transforming only the children that changed. */
    private void update(int l, int p, boolean leftChanged, boolean rightChanged, Workspace w) {
        float[] a = w.ref[l - 1][2 * p];
        float[] b = w.ref[l - 1][2 * p + 1];
        if (b == null) {           // both children all-e1 (e1 fills from the left)
            w.ref[l][p] = null;
        } else if (a == null) {    // e1⊗…⊗e1 ⊗ b sketches like b itself
            w.ref[l][p] = b;
        } else {
            TensorSrht t = nodes[l][p];
            if (leftChanged) {
                t.transformLeft(a, 0, w.left[l][p], 0);
            }
            if (rightChanged) {
                t.transformRight(b, 0, w.right[l][p], 0);
            }
            t.combine(w.left[l][p], 0, w.right[l][p], 0, w.own[l][p], 0);
            w.ref[l][p] = w.own[l][p];
        }
    }

    private void emit(int deg, float[][] out, Workspace w) {
        System.arraycopy(w.ref[levels - 1][0], 0, out[deg - 1], 0, sketchDim);
    }

    /**
     * The feature map of the polynomial kernel P(t) = Σ_{j=0..m} c_j t^j (c_j ≥ 0, m ≤ q):
     * φ(x) = [√c_0, S(√c_1·out_1(x) ⊕ … ⊕ √c_m·out_m(x))] with S an {@link Srht} to
     * {@code targetDim} drawn from rng.child("compress"); degrees with c_j = 0 are left out of the
     * concatenation. Then E⟨φ(x),φ(y)⟩ = P(⟨x,y⟩) (for unit x, y this is the dot-product kernel
     * P(cos)); the output has 1 + targetDim coordinates.
     */
    public Expansion expand(double[] coefficients, int targetDim, RandomStream rng) {
        return new Expansion(this, coefficients, targetDim, rng);
    }

    /**
     * Convenience: a PolySketch of degree = the highest j with c_j &gt; 0 (at least 1), drawn from
     * rng.child("polysketch"), and its {@link #expand} with rng.child("expand").
     */
    public static Expansion polynomial(int inputDim, double[] coefficients, int sketchDim, int targetDim,
                                       int leafHashDim, RandomStream rng) {
        int q = 1;
        for (int j = 1; j < coefficients.length; j++) {
            if (coefficients[j] != 0) {
                q = j;
            }
        }
        PolySketch poly = new PolySketch(inputDim, q, sketchDim, leafHashDim, rng.child("polysketch"));
        return poly.expand(Arrays.copyOf(coefficients, Math.min(coefficients.length, q + 1)), targetDim, rng.child("expand"));
    }

    /** Per-thread state of one row's passes. */
    public static final class Workspace {
        private final PolySketch owner;
        final float[][] leaf;      // hashed leaves (or, without hashing, leaf[0] = a densified sparse row)
        final float[][][] own;     // each computed node's output buffer
        final float[][][] ref;     // each node's current output: own, a child's (alias) or null (all-e1)
        final float[][][] left;    // cached transforms of each recombined node's children
        final float[][][] right;

        private Workspace(PolySketch ps) {
            owner = ps;
            leaf = new float[ps.leafHash != null ? ps.leaves : 1][];
            for (int i = 0; i < leaf.length; i++) {
                if (ps.leafHash == null || ps.leafHash[i] != null) {
                    leaf[i] = new float[ps.leafDim];
                }
            }
            int levels = Math.max(1, ps.levels);
            own = new float[levels][][];
            ref = new float[levels][][];
            left = new float[levels][][];
            right = new float[levels][][];
            if (ps.leaves == 1) {
                return;
            }
            for (int l = 0; l < ps.levels; l++) {
                int count = ps.nodes[l].length;
                own[l] = new float[count][];
                ref[l] = new float[count][];
                left[l] = new float[count][];
                right[l] = new float[count][];
                for (int p = 0; p < count; p++) {
                    TensorSrht t = ps.nodes[l][p];
                    if (t != null) {
                        left[l][p] = new float[t.leftTransformLength()];
                        right[l][p] = new float[t.rightTransformLength()];
                    }
                    if (t != null || (l == 0 && ps.single[p] != null)) {
                        own[l][p] = new float[ps.sketchDim];
                    }
                }
            }
        }
    }

    /** The polynomial-kernel feature built by {@link #expand}; immutable and thread-safe. */
    public static final class Expansion {
        private final PolySketch poly;
        private final float rootC0;
        private final int[] terms;        // degrees j ≥ 1 with c_j > 0, increasing
        private final float[] rootC;      // √c_j for those degrees
        private final Srht compress;      // null when no degree ≥ 1 has a positive coefficient
        private final int targetDim;
        private final ThreadLocal<float[][]> buffers;

        private Expansion(PolySketch poly, double[] c, int targetDim, RandomStream rng) {
            if (c.length < 1 || c.length > poly.degree + 1) {
                throw new IllegalArgumentException("need 1 to " + (poly.degree + 1) + " coefficients c_0..c_q, got " + c.length);
            }
            if (targetDim < 1) {
                throw new IllegalArgumentException("target dimension must be positive, got " + targetDim);
            }
            int positive = 0;
            for (int j = 0; j < c.length; j++) {
                if (!(c[j] >= 0) || Double.isInfinite(c[j])) {
                    throw new IllegalArgumentException("coefficient c_" + j + " = " + c[j] + " must be finite and non-negative");
                }
                if (j > 0 && c[j] > 0) {
                    positive++;
                }
            }
            final int m = positive;
            this.poly = poly;
            this.rootC0 = (float) Math.sqrt(c[0]);
            this.terms = new int[m];
            this.rootC = new float[m];
            for (int j = 1, t = 0; j < c.length; j++) {
                if (c[j] > 0) {
                    terms[t] = j;
                    rootC[t++] = (float) Math.sqrt(c[j]);
                }
            }
            this.targetDim = targetDim;
            int s = poly.sketchDim;
            this.compress = m > 0 ? new Srht(Math.multiplyExact(m, s), targetDim, rng.child("compress")) : null;
            this.buffers = ThreadLocal.withInitial(() -> {
                float[][] b = new float[poly.degree + 1][];
                for (int j = 0; j < poly.degree; j++) {
                    b[j] = new float[s];
                }
                b[poly.degree] = new float[Math.max(1, m * s)];
                return b;
            });
        }

        /** 1 + targetDim: the constant coordinate √c_0, then the compressed sketch. */
        public int outputDim() {
            return 1 + targetDim;
        }

        public PolySketch polySketch() {
            return poly;
        }

        /** out[outOff .. outOff + 1 + targetDim) ← φ(x[off .. off+d)). */
        public void apply(float[] x, int off, float[] out, int outOff) {
            float[][] b = buffers.get();
            poly.apply(x, off, b);
            applyToSketches(b, out, outOff);
        }

        /** Sparse input, as {@link PolySketch#apply(int[], double[], int, int, float[][])}. */
        public void apply(int[] index, double[] value, int from, int to, float[] out, int outOff) {
            float[][] b = buffers.get();
            poly.apply(index, value, from, to, b);
            applyToSketches(b, out, outOff);
        }

        public void apply(CsrMatrix m, int row, float[] out, int outOff) {
            float[][] b = buffers.get();
            poly.apply(m, row, b);
            applyToSketches(b, out, outOff);
        }

        /**
         * φ from already computed per-degree sketches (perDegree[j−1] = out_j, as written by
         * {@link PolySketch#apply}), so several polynomials can share one PolySketch pass.
         */
        public void applyToSketches(float[][] perDegree, float[] out, int outOff) {
            out[outOff] = rootC0;
            if (compress == null) {
                Arrays.fill(out, outOff + 1, outOff + 1 + targetDim, 0f);
                return;
            }
            int s = poly.sketchDim;
            float[] concat = buffers.get()[poly.degree];
            for (int t = 0; t < terms.length; t++) {
                VecOps.scale(perDegree[terms[t] - 1], 0, rootC[t], concat, t * s, s);
            }
            compress.apply(concat, 0, out, outOff + 1);
        }
    }
}
