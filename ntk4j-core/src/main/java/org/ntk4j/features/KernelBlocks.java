package org.ntk4j.features;

import org.ntk4j.kernel.FullyConnectedNtk;
import org.ntk4j.kernel.Kernel;
import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Parallel;

/**
 * Exact kernel values between row blocks for data-dependent maps. For the fully connected kernels
 * the inner products come from {@link Blas#deterministic()} and every value from the row pair
 * alone, so K(x, C) never depends on the block size or thread count (OpenBLAS's products do).
 * Other kernels fall back to their own {@link Kernel#gram}.
 */
final class KernelBlocks {
    private final Kernel kernel;

    KernelBlocks(Kernel kernel) {
        this.kernel = kernel;
    }

    Kernel kernel() {
        return kernel;
    }

    /** K[i][j] = k(x_i, y_j). */
    DoubleMatrix cross(DoubleMatrix x, DoubleMatrix y) {
        if (!(kernel instanceof FullyConnectedNtk fc)) {
            return kernel.gram(x, y);
        }
        int n = x.rows();
        int m = y.rows();
        int d = x.cols();
        DoubleMatrix k = new DoubleMatrix(n, m);
        Blas.deterministic().dgemm(false, true, n, m, d, 1.0, x.data(), 0, d, y.data(), 0, d, 0.0, k.data(), 0, m);
        double[] xx = squaredNorms(x);
        double[] yy = squaredNorms(y);
        double[] a = k.data();
        Parallel.forRanges(n, 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < m; j++) {
                    a[i * m + j] = fc.value(a[i * m + j], xx[i], yy[j], d);
                }
            }
        });
        return k;
    }

    /** k(x_i, x_i) for every row. */
    double[] diagonal(DoubleMatrix x) {
        if (!(kernel instanceof FullyConnectedNtk fc)) {
            return kernel.diagonal(x);
        }
        double[] xx = squaredNorms(x);
        double[] out = new double[xx.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = fc.value(xx[i], xx[i], xx[i], x.cols());
        }
        return out;
    }

    private static double[] squaredNorms(DoubleMatrix x) {
        double[] out = new double[x.rows()];
        double[] a = x.data();
        int c = x.cols();
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += a[i * c + j] * a[i * c + j];
            }
            out[i] = s;
        }
        return out;
    }
}
