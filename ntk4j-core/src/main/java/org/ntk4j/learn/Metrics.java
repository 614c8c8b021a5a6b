package org.ntk4j.learn;

import org.ntk4j.linalg.DoubleMatrix;

/** Error and accuracy measures, in the targets' original units. */
public final class Metrics {
    private Metrics() {
    }

    /** Mean squared error over all rows and outputs. */
    public static double mse(DoubleMatrix predicted, DoubleMatrix actual) {
        checkShapes(predicted, actual);
        double s = 0;
        double[] p = predicted.data();
        double[] a = actual.data();
        for (int i = 0; i < p.length; i++) {
            double e = p[i] - a[i];
            s += e * e;
        }
        return s / p.length;
    }

    public static double rmse(DoubleMatrix predicted, DoubleMatrix actual) {
        return Math.sqrt(mse(predicted, actual));
    }

    /** Mean absolute error over all rows and outputs. */
    public static double mae(DoubleMatrix predicted, DoubleMatrix actual) {
        checkShapes(predicted, actual);
        double s = 0;
        double[] p = predicted.data();
        double[] a = actual.data();
        for (int i = 0; i < p.length; i++) {
            s += Math.abs(p[i] - a[i]);
        }
        return s / p.length;
    }

    public static double accuracy(int[] predicted, int[] actual) {
        if (predicted.length != actual.length || actual.length == 0) {
            throw new IllegalArgumentException("need equal, non-zero numbers of labels: " + predicted.length + " vs " + actual.length);
        }
        int right = 0;
        for (int i = 0; i < actual.length; i++) {
            if (predicted[i] == actual[i]) {
                right++;
            }
        }
        return (double) right / actual.length;
    }

    /** counts[actual][predicted]. */
    public static int[][] confusion(int[] predicted, int[] actual, int classes) {
        int[][] counts = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            counts[actual[i]][predicted[i]]++;
        }
        return counts;
    }

    private static void checkShapes(DoubleMatrix p, DoubleMatrix a) {
        if (p.rows() != a.rows() || p.cols() != a.cols()) {
            throw new IllegalArgumentException("predictions " + p.rows() + "x" + p.cols() + " and targets "
                    + a.rows() + "x" + a.cols() + " differ in shape");
        }
        if (p.rows() == 0) {
            throw new IllegalArgumentException("no rows to evaluate");
        }
    }
}
