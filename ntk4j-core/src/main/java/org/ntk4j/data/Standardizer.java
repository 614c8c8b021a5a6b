package org.ntk4j.data;

import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

import java.util.Arrays;

/**
 * Input standardisation {@code x' = (x − mean) / scale}, fitted on training inputs only and then
 * applied unchanged to any other data (test sets, prediction inputs).
 *
 * <p>Statistics are per column for vectors, and per channel for images (sample shape
 * {C, H, W}: one mean and scale over all H·W pixels of a channel, across all rows). The scale
 * is the population standard deviation; a constant column (or channel) gets scale 1 and its
 * own value as mean, so it becomes exactly 0, never NaN.
 *
 * <p>Sparse inputs keep their sparsity: applying to a {@link CsrMatrix} only divides by the
 * scale and does <em>not</em> centre, and fitting on a {@link CsrMatrix} stores mean 0 (the
 * scale is still the standard deviation about the true mean), so that sparse training and test
 * data are treated alike.
 *
 * <p>A model file stores {@link #mean()}, {@link #scale()} and {@link #groupSize()};
 * {@link #of} rebuilds the identical standardiser.
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] scale;
    private final int groupSize;

    private Standardizer(double[] mean, double[] scale, int groupSize) {
        this.mean = mean;
        this.scale = scale;
        this.groupSize = groupSize;
    }

    /**
     * Rebuilds a standardiser from stored parameters: one (mean, scale) per group of
     * {@code groupSize} consecutive input columns (1 for per-column, H·W for per-channel).
     */
    public static Standardizer of(double[] mean, double[] scale, int groupSize) {
        if (mean.length != scale.length || groupSize < 1) {
            throw new IllegalArgumentException("need as many means as scales and a group size >= 1, got "
                    + mean.length + ", " + scale.length + ", " + groupSize);
        }
        for (int g = 0; g < mean.length; g++) {
            if (!Double.isFinite(mean[g]) || !(scale[g] > 0) || !Double.isFinite(scale[g])) {
                throw new IllegalArgumentException("parameter " + g + " is invalid: mean " + mean[g] + ", scale "
                        + scale[g]);
            }
        }
        return new Standardizer(mean.clone(), scale.clone(), groupSize);
    }

    /** Fits on a training set: per channel when its sample shape is {C, H, W}, else per column. */
    public static Standardizer fit(Dataset train) {
        return fit(train.inputs(), train.sampleShape());
    }

    /** Fits on training inputs read with the given sample shape ({d} or {C, H, W}). */
    public static Standardizer fit(Rows inputs, int[] sampleShape) {
        int group = sampleShape.length == 3 ? sampleShape[1] * sampleShape[2] : 1;
        if (inputs.rows() == 0) {
            throw new IllegalArgumentException("cannot fit a standardiser on zero rows");
        }
        if (group == 0 || inputs.cols() % group != 0) {
            throw new IllegalArgumentException("sample shape " + Arrays.toString(sampleShape) + " does not match "
                    + inputs.cols() + " columns");
        }
        int groups = inputs.cols() / group;
        double[][] stats = switch (inputs) {
            case DoubleMatrix m -> denseStats(m, group, groups);
            case CsrMatrix s -> sparseStats(s, group, groups);
        };
        return new Standardizer(stats[0], stats[1], group);
    }

    /** Means and scales of groups of consecutive columns of a dense matrix; two passes, in double. */
    static double[][] denseStats(DoubleMatrix m, int group, int groups) {
        int n = m.rows();
        int d = m.cols();
        double[] x = m.data();
        double[] sum = new double[groups];
        double[] min = new double[groups];
        double[] max = new double[groups];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        int[] groupOf = new int[d];
        for (int j = 0; j < d; j++) {
            groupOf[j] = j / group;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                int g = groupOf[j];
                sum[g] += v;
                min[g] = Math.min(min[g], v);
                max[g] = Math.max(max[g], v);
            }
        }
        double count = (double) n * group;
        double[] mean = new double[groups];
        for (int g = 0; g < groups; g++) {
            mean[g] = min[g] == max[g] ? min[g] : sum[g] / count;
        }
        double[] ss = new double[groups];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                int g = groupOf[j];
                double dev = x[i * d + j] - mean[g];
                ss[g] += dev * dev;
            }
        }
        double[] scale = new double[groups];
        for (int g = 0; g < groups; g++) {
            scale[g] = min[g] == max[g] ? 1.0 : Math.sqrt(ss[g] / count);
            check(g, mean[g], scale[g]);
        }
        return new double[][]{mean, scale};
    }

    private static double[][] sparseStats(CsrMatrix s, int group, int groups) {
        int[] start = s.rowStart();
        int[] idx = s.colIndex();
        double[] val = s.values();
        double[] sum = new double[groups];
        long[] nnz = new long[groups];
        double[] min = new double[groups];
        double[] max = new double[groups];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int p = 0; p < start[s.rows()]; p++) {
            int g = idx[p] / group;
            sum[g] += val[p];
            nnz[g]++;
            min[g] = Math.min(min[g], val[p]);
            max[g] = Math.max(max[g], val[p]);
        }
        double count = (double) s.rows() * group;
        double[] trueMean = new double[groups];
        for (int g = 0; g < groups; g++) {
            if (nnz[g] < count) { // implicit zeros take part
                min[g] = Math.min(min[g], 0);
                max[g] = Math.max(max[g], 0);
            }
            trueMean[g] = min[g] == max[g] ? min[g] : sum[g] / count;
        }
        double[] ss = new double[groups];
        for (int p = 0; p < start[s.rows()]; p++) {
            int g = idx[p] / group;
            double dev = val[p] - trueMean[g];
            ss[g] += dev * dev;
        }
        double[] scale = new double[groups];
        for (int g = 0; g < groups; g++) {
            ss[g] += (count - nnz[g]) * trueMean[g] * trueMean[g];
            scale[g] = min[g] == max[g] ? 1.0 : Math.sqrt(ss[g] / count);
            check(g, trueMean[g], scale[g]);
        }
        return new double[][]{new double[groups], scale};
    }

    private static void check(int g, double mean, double scale) {
        if (!Double.isFinite(mean) || !Double.isFinite(scale) || !(scale > 0)) {
            throw new IllegalArgumentException("column/channel " + g + " cannot be standardised (mean " + mean
                    + ", standard deviation " + scale + "): values too large or too small");
        }
    }

    /** The same data set with standardised inputs. */
    public Dataset apply(Dataset data) {
        return data.withInputs(apply(data.inputs()), data.sampleShape());
    }

    /**
     * Standardised rows. Sparse rows stay sparse when this standardiser only scales (it was fitted
     * on sparse data, so its means are 0); a standardiser fitted on dense data centres them too,
     * which makes them dense — otherwise a model trained on a CSV would mispredict the same rows
     * given as LIBSVM.
     */
    public Rows apply(Rows x) {
        return switch (x) {
            case DoubleMatrix m -> apply(m);
            case CsrMatrix s -> centres() ? apply(s.dense()) : apply(s);
        };
    }

    private boolean centres() {
        for (double m : mean) {
            if (m != 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code (x − mean) / scale}, as a new matrix. */
    public DoubleMatrix apply(DoubleMatrix x) {
        checkWidth(x.cols());
        int d = x.cols();
        double[] in = x.data();
        double[] out = new double[in.length];
        double[] m = new double[d];
        double[] inv = new double[d];
        for (int j = 0; j < d; j++) {
            m[j] = mean[j / groupSize];
            inv[j] = 1.0 / scale[j / groupSize];
        }
        for (int i = 0; i < x.rows(); i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                out[o + j] = (in[o + j] - m[j]) * inv[j];
            }
        }
        return new DoubleMatrix(x.rows(), d, out);
    }

    /** {@code x / scale} (no centring, so zeros stay zeros), as a new matrix; see {@link #apply(Rows)}. */
    public CsrMatrix apply(CsrMatrix x) {
        checkWidth(x.cols());
        int[] idx = x.colIndex();
        double[] in = x.values();
        double[] out = new double[in.length];
        for (int p = 0; p < in.length; p++) {
            out[p] = in[p] / scale[idx[p] / groupSize];
        }
        return new CsrMatrix(x.rows(), x.cols(), x.rowStart().clone(), idx.clone(), out);
    }

    private void checkWidth(int cols) {
        if (cols != inputDim()) {
            throw new IllegalArgumentException("standardiser was fitted on " + inputDim() + " input columns, but the"
                    + " data has " + cols);
        }
    }

    /** Means per group (a copy); all zero when fitted on sparse inputs. */
    public double[] mean() {
        return mean.clone();
    }

    /** Scales (standard deviations, 1 for constant groups) per group (a copy). */
    public double[] scale() {
        return scale.clone();
    }

    /** Consecutive input columns sharing one (mean, scale): 1 per column, H·W per channel. */
    public int groupSize() {
        return groupSize;
    }

    /** Number of input columns this standardiser applies to. */
    public int inputDim() {
        return mean.length * groupSize;
    }

    @Override
    public String toString() {
        return "Standardizer[" + mean.length + (groupSize == 1 ? " columns" : " channels of " + groupSize) + "]";
    }
}
