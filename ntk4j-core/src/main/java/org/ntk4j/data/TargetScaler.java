package org.ntk4j.data;

import org.ntk4j.linalg.DoubleMatrix;

/**
 * Regression target scaling {@code y' = (y − mean) / scale} per target column, fitted on the
 * training targets; {@link #inverse} maps predictions back to the original units. A constant
 * target column gets scale 1. {@link #mean()} and {@link #scale()} are what a model file
 * stores; {@link #of} rebuilds the scaler.
 */
public final class TargetScaler {
    private final double[] mean;
    private final double[] scale;

    private TargetScaler(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /** Fits on training targets (n×k). */
    public static TargetScaler fit(DoubleMatrix targets) {
        if (targets.rows() == 0) {
            throw new IllegalArgumentException("cannot fit a target scaler on zero rows");
        }
        double[][] stats = Standardizer.denseStats(targets, 1, targets.cols());
        return new TargetScaler(stats[0], stats[1]);
    }

    /** Fits on a regression training set's targets. */
    public static TargetScaler fit(Dataset train) {
        if (train.targets() == null) {
            throw new IllegalArgumentException(train.source() + " has no numeric targets to scale");
        }
        return fit(train.targets());
    }

    /** Rebuilds a scaler from stored parameters. */
    public static TargetScaler of(double[] mean, double[] scale) {
        Standardizer.of(mean, scale, 1); // validates
        return new TargetScaler(mean.clone(), scale.clone());
    }

    /** {@code (y − mean) / scale}, as a new matrix. */
    public DoubleMatrix transform(DoubleMatrix y) {
        checkWidth(y);
        int k = y.cols();
        double[] in = y.data();
        double[] out = new double[in.length];
        for (int p = 0; p < in.length; p++) {
            out[p] = (in[p] - mean[p % k]) / scale[p % k];
        }
        return new DoubleMatrix(y.rows(), k, out);
    }

    /** {@code y' · scale + mean}: predictions in the original units, as a new matrix. */
    public DoubleMatrix inverse(DoubleMatrix scaled) {
        checkWidth(scaled);
        int k = scaled.cols();
        double[] in = scaled.data();
        double[] out = new double[in.length];
        for (int p = 0; p < in.length; p++) {
            out[p] = in[p] * scale[p % k] + mean[p % k];
        }
        return new DoubleMatrix(scaled.rows(), k, out);
    }

    private void checkWidth(DoubleMatrix y) {
        if (y.cols() != mean.length) {
            throw new IllegalArgumentException("target scaler was fitted on " + mean.length + " target column(s), but"
                    + " the data has " + y.cols());
        }
    }

    /** Means per target column (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** Scales (standard deviations, 1 for constant columns) per target column (a copy). */
    public double[] scale() {
        return scale.clone();
    }
}
