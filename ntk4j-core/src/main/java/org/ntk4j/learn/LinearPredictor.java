package org.ntk4j.learn;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;

/** y = Φ·W + b: the model a primal ridge fit produces (m features, k outputs). */
public record LinearPredictor(DoubleMatrix weights, double[] intercept) {

    public LinearPredictor {
        if (weights.cols() != intercept.length) {
            throw new IllegalArgumentException(weights.cols() + " weight columns but " + intercept.length + " intercepts");
        }
    }

    public int dim() {
        return weights.rows();
    }

    public int outputs() {
        return weights.cols();
    }

    public DoubleMatrix predict(DoubleMatrix phi) {
        if (phi.cols() != dim()) {
            throw new IllegalArgumentException("features have " + phi.cols() + " columns, the model expects " + dim());
        }
        DoubleMatrix y = Blas.multiply(phi, weights);
        addIntercept(y, intercept);
        return y;
    }

    public DoubleMatrix predict(FloatMatrix phi) {
        return predict(phi.toDouble());
    }

    static void addIntercept(DoubleMatrix y, double[] b) {
        double[] d = y.data();
        int k = b.length;
        for (int i = 0; i < y.rows(); i++) {
            for (int o = 0; o < k; o++) {
                d[i * k + o] += b[o];
            }
        }
    }
}
