package org.ntk4j.learn;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;

/**
 * Sufficient statistics of ridge regression on features, accumulated in float64 from a stream of
 * row blocks: ΦᵀΦ, ΦᵀY, the column sums of Φ and Y, and Σy² per output. Memory is O(m² + m·k),
 * independent of the number of rows; {@link #merge} combines partial sums (threads, machines).
 */
public final class GramStats {
    private final int dim;
    private final int outputs;
    private long count;
    private final DoubleMatrix gram;      // upper triangle accumulated; symmetric after finish()
    private final DoubleMatrix cross;     // dim × outputs
    private final double[] featureSum;
    private final double[] targetSum;
    private final double[] targetSquares;
    private boolean symmetric = true;
    private boolean consumed;

    public GramStats(int dim, int outputs) {
        if (dim < 1 || outputs < 1) {
            throw new IllegalArgumentException("need at least one feature and one output, got " + dim + ", " + outputs);
        }
        this.dim = dim;
        this.outputs = outputs;
        this.gram = new DoubleMatrix(dim, dim);
        this.cross = new DoubleMatrix(dim, outputs);
        this.featureSum = new double[dim];
        this.targetSum = new double[outputs];
        this.targetSquares = new double[outputs];
    }

    /**
     * Statistics assembled from sums computed elsewhere (e.g. column blocks of ΦᵀΦ aggregated on a
     * cluster): ΦᵀΦ (dim × dim; only its upper triangle is read), ΦᵀY (dim × outputs), the column
     * sums of Φ and Y, Σy² per output, and the row count. Takes ownership of the arrays (no copy:
     * the Gram matrix may be gigabytes).
     */
    public static GramStats ofSums(long count, DoubleMatrix gram, DoubleMatrix cross, double[] featureSum,
                                   double[] targetSum, double[] targetSquares) {
        int dim = gram.rows();
        int outputs = cross.cols();
        if (gram.cols() != dim || cross.rows() != dim || featureSum.length != dim
                || targetSum.length != outputs || targetSquares.length != outputs || count < 0) {
            throw new IllegalArgumentException("inconsistent sums: Gram " + gram.rows() + "x" + gram.cols() + ", cross "
                    + cross.rows() + "x" + cross.cols() + ", " + featureSum.length + " feature sums, " + targetSum.length
                    + " target sums, " + targetSquares.length + " target squares, count " + count);
        }
        GramStats s = new GramStats(dim, outputs, gram, cross, featureSum, targetSum, targetSquares);
        s.count = count;
        s.symmetric = false; // finish() mirrors the upper triangle
        return s;
    }

    private GramStats(int dim, int outputs, DoubleMatrix gram, DoubleMatrix cross, double[] featureSum,
                      double[] targetSum, double[] targetSquares) {
        if (dim < 1 || outputs < 1) {
            throw new IllegalArgumentException("need at least one feature and one output, got " + dim + ", " + outputs);
        }
        this.dim = dim;
        this.outputs = outputs;
        this.gram = gram;
        this.cross = cross;
        this.featureSum = featureSum;
        this.targetSum = targetSum;
        this.targetSquares = targetSquares;
    }

    public int dim() {
        return dim;
    }

    public int outputs() {
        return outputs;
    }

    public long count() {
        return count;
    }

    /** Adds the rows of a float32 feature block and their targets. */
    public void add(FloatMatrix phi, DoubleMatrix y) {
        add(phi.toDouble(), y);
    }

    /** Adds the rows of a feature block and their targets. */
    public void add(DoubleMatrix phi, DoubleMatrix y) {
        checkNotConsumed();
        if (phi.cols() != dim || y.cols() != outputs || phi.rows() != y.rows()) {
            throw new IllegalArgumentException("block of " + phi.rows() + "x" + phi.cols() + " features and "
                    + y.rows() + "x" + y.cols() + " targets does not fit statistics of " + dim + " features, "
                    + outputs + " outputs");
        }
        int b = phi.rows();
        if (b == 0) {
            return;
        }
        Blas.addGram(phi, gram);
        symmetric = false;
        Blas.backend().dgemm(true, false, dim, outputs, b, 1.0, phi.data(), 0, dim, y.data(), 0, outputs, 1.0,
                cross.data(), 0, outputs);
        double[] p = phi.data();
        double[] t = y.data();
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < dim; j++) {
                featureSum[j] += p[i * dim + j];
            }
            for (int o = 0; o < outputs; o++) {
                double v = t[i * outputs + o];
                targetSum[o] += v;
                targetSquares[o] += v * v;
            }
        }
        count += b;
    }

    /** Adds another accumulator's sums into this one. */
    public void merge(GramStats other) {
        checkNotConsumed();
        other.checkNotConsumed();
        if (other.dim != dim || other.outputs != outputs) {
            throw new IllegalArgumentException("cannot merge statistics of different shapes");
        }
        other.finish();
        finish();
        addInto(gram.data(), other.gram.data(), 1);
        addInto(cross.data(), other.cross.data(), 1);
        addInto(featureSum, other.featureSum, 1);
        addInto(targetSum, other.targetSum, 1);
        addInto(targetSquares, other.targetSquares, 1);
        count += other.count;
    }

    private static void addInto(double[] a, double[] b, double sign) {
        for (int i = 0; i < a.length; i++) {
            a[i] += sign * b[i];
        }
    }

    /** tr(ΦᵀΦ) = Σ‖φ_i‖², before centring. */
    public double trace() {
        checkNotConsumed();
        double t = 0;
        for (int i = 0; i < dim; i++) {
            t += gram.get(i, i);
        }
        return t;
    }

    /** The sum of several accumulators (e.g. all groups of a hold-out split). */
    public static GramStats sum(GramStats... parts) {
        GramStats total = new GramStats(parts[0].dim, parts[0].outputs);
        for (GramStats p : parts) {
            total.merge(p);
        }
        return total;
    }

    /** This minus other: the statistics of the rows in this but not in other. */
    public GramStats minus(GramStats other) {
        GramStats out = new GramStats(dim, outputs);
        out.merge(this);
        other.checkNotConsumed();
        other.finish();
        addInto(out.gram.data(), other.gram.data(), -1);
        addInto(out.cross.data(), other.cross.data(), -1);
        addInto(out.featureSum, other.featureSum, -1);
        addInto(out.targetSum, other.targetSum, -1);
        addInto(out.targetSquares, other.targetSquares, -1);
        out.count -= other.count;
        return out;
    }

    synchronized void finish() {
        if (!symmetric) {
            Blas.symmetrize(gram);
            symmetric = true;
        }
    }

    public double[] featureMean() {
        return scaled(featureSum, 1.0 / count);
    }

    public double[] targetMean() {
        return scaled(targetSum, 1.0 / count);
    }

    private static double[] scaled(double[] a, double s) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * s;
        }
        return out;
    }

    /**
     * Statistics of the rows re-centred at given feature and target means (μ, ȳ):
     * (Φ − 1μᵀ)ᵀ(Φ − 1μᵀ), (Φ − 1μᵀ)ᵀ(Y − 1ȳᵀ) and Σ(y − ȳ)² per output.
     */
    public Centered centeredAt(double[] mu, double[] ybar) {
        checkNotConsumed();
        finish();
        return centre(gram.copy(), cross.copy(), mu, ybar);
    }

    /**
     * As {@link #centeredAt}, but centres this accumulator's own m×m and m×k arrays instead of
     * copies, and uses it up: at m = 16,384 one Gram copy is 2 GB. Any later use of this object fails.
     */
    public Centered centeredInPlace(double[] mu, double[] ybar) {
        checkNotConsumed();
        finish();
        consumed = true;
        return centre(gram, cross, mu, ybar);
    }

    private Centered centre(DoubleMatrix g, DoubleMatrix c, double[] mu, double[] ybar) {
        double n = count;
        double[] gd = g.data();
        double[] s = featureSum;
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                gd[i * dim + j] += -mu[i] * s[j] - s[i] * mu[j] + n * mu[i] * mu[j];
            }
        }
        double[] cd = c.data();
        for (int i = 0; i < dim; i++) {
            for (int o = 0; o < outputs; o++) {
                cd[i * outputs + o] += -s[i] * ybar[o] - mu[i] * targetSum[o] + n * mu[i] * ybar[o];
            }
        }
        double[] yy = new double[outputs];
        for (int o = 0; o < outputs; o++) {
            yy[o] = targetSquares[o] - 2 * ybar[o] * targetSum[o] + n * ybar[o] * ybar[o];
        }
        return new Centered(g, c, yy, count);
    }

    private void checkNotConsumed() {
        if (consumed) {
            throw new IllegalStateException("these Gram statistics were centred in place and can no longer be used");
        }
    }

    /** Centred statistics: Gram G, cross term B = ΦᵀY, Σy² per output, and the row count. */
    public record Centered(DoubleMatrix gram, DoubleMatrix cross, double[] targetSquares, long count) {
        /** Trace of the Gram matrix: the sum of squared (centred) feature norms. */
        public double trace() {
            int m = gram.rows();
            double t = 0;
            for (int i = 0; i < m; i++) {
                t += gram.get(i, i);
            }
            return t;
        }
    }
}
