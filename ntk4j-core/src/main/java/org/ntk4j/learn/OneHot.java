package org.ntk4j.learn;

import org.ntk4j.linalg.DoubleMatrix;

/** Classification as least squares: labels to one-hot target rows, score rows back to labels by argmax. */
public final class OneHot {
    private OneHot() {
    }

    public static DoubleMatrix encode(int[] labels, int classes) {
        DoubleMatrix y = new DoubleMatrix(labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.set(i, labels[i], 1.0);
        }
        return y;
    }

    /** Index of the largest score per row (the first on ties). */
    public static int[] argmax(DoubleMatrix scores) {
        int k = scores.cols();
        int[] out = new int[scores.rows()];
        double[] d = scores.data();
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int o = 1; o < k; o++) {
                if (d[i * k + o] > d[i * k + best]) {
                    best = o;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
