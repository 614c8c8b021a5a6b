package org.ntk4j.kernel;

import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

/** An exact kernel: the ground truth for feature maps and the model of small-n kernel ridge. */
public interface Kernel {

    /** The printable description this kernel is rebuilt from. */
    KernelSpec spec();

    /** K[i][j] = k(x_i, y_j), computed blocked and multithreaded. */
    DoubleMatrix gram(Rows x, Rows y);

    /** K[i][j] = k(x_i, x_j); symmetric positive semi-definite. */
    default DoubleMatrix gram(Rows x) {
        return gram(x, x);
    }

    /** k(x_i, x_i) for every row. */
    double[] diagonal(Rows x);
}
