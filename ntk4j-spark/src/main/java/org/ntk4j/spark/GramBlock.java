package org.ntk4j.spark;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.BlasBackend;

import java.io.Serializable;

/**
 * Partial sums of one column block [from, to) of the ridge statistics, per λ-selection group:
 * rows from..to−1 of ΦᵀΦ restricted to columns from..m−1 (the upper part), the same rows of ΦᵀY
 * and of the feature column sums; the block at from = 0 also carries the row count and the target
 * sums and squares. Arrays are allocated on the first row added, so the empty zero value that
 * treeAggregate ships with every task costs nothing.
 */
final class GramBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    final int from;
    final int to;
    final int dim;
    final int outputs;
    final int groups;
    double[][] gram;        // per group: (to − from) × (dim − from); below the diagonal stays 0
    double[][] cross;       // per group: (to − from) × outputs
    double[][] featureSum;  // per group: to − from
    long[] count;           // the targets' sums are kept only in the block at from = 0
    double[][] targetSum;
    double[][] targetSquares;

    GramBlock(int from, int to, int dim, int outputs, int groups) {
        this.from = from;
        this.to = to;
        this.dim = dim;
        this.outputs = outputs;
        this.groups = groups;
    }

    boolean isEmpty() {
        return gram == null;
    }

    boolean hasTargets() {
        return from == 0;
    }

    private void allocate() {
        int h = to - from;
        int w = dim - from;
        gram = new double[groups][h * w];
        cross = new double[groups][h * outputs];
        featureSum = new double[groups][h];
        count = new long[groups];
        targetSum = new double[groups][outputs];
        targetSquares = new double[groups][outputs];
    }

    /** Adds a block of rows (seqOp of treeAggregate). */
    GramBlock add(FeatureBlock b) {
        if (b.rows() == 0) {
            return this;
        }
        if (gram == null) {
            allocate();
        }
        int g = b.group();
        int h = to - from;
        int w = dim - from;
        int n = b.rows();
        double[] phi = b.features();
        BlasBackend blas = Blas.backend();
        // The rows of ΦᵀΦ this block owns, on and right of the diagonal only: the h × h diagonal
        // square by a symmetric rank-n update (its upper triangle: half the flops of a product),
        // the rest as Φ[:, from:to]ᵀ · Φ[:, to:dim]. Together the passes do the core's syrk flops.
        blas.dsyrk(true, h, n, 1.0, phi, from, dim, 1.0, gram[g], 0, w);
        if (to < dim) {
            blas.dgemm(true, false, h, dim - to, n, 1.0, phi, from, dim, phi, to, dim, 1.0, gram[g], h, w);
        }
        blas.dgemm(true, false, h, outputs, n, 1.0, phi, from, dim, b.targets(), 0, outputs, 1.0, cross[g], 0, outputs);
        double[] fs = featureSum[g];
        for (int i = 0; i < n; i++) {
            int base = i * dim + from;
            for (int j = 0; j < h; j++) {
                fs[j] += phi[base + j];
            }
        }
        count[g] += n;
        if (hasTargets()) {
            double[] y = b.targets();
            for (int i = 0; i < n; i++) {
                for (int o = 0; o < outputs; o++) {
                    double v = y[i * outputs + o];
                    targetSum[g][o] += v;
                    targetSquares[g][o] += v * v;
                }
            }
        }
        return this;
    }

    /** Adds another partial sum of the same block (combOp of treeAggregate). */
    GramBlock merge(GramBlock other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        if (other.from != from || other.to != to || other.dim != dim || other.outputs != outputs
                || other.groups != groups) {
            throw new IllegalStateException("merging different column blocks");
        }
        for (int g = 0; g < groups; g++) {
            addInto(gram[g], other.gram[g]);
            addInto(cross[g], other.cross[g]);
            addInto(featureSum[g], other.featureSum[g]);
            addInto(targetSum[g], other.targetSum[g]);
            addInto(targetSquares[g], other.targetSquares[g]);
            count[g] += other.count[g];
        }
        return this;
    }

    private static void addInto(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }
}
