package org.ntk4j.features;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

/** Shared data and measures of the baseline feature-map tests. */
final class BaselineTesting {
    private BaselineTesting() {
    }

    static DoubleMatrix gaussianRows(int n, int d, long seed) {
        DoubleMatrix x = new DoubleMatrix(n, d);
        RandomStream.of(seed).child("rows").fillGaussian(x.data());
        return x;
    }

    /** ΦΦᵀ in float64. */
    static DoubleMatrix gram(DoubleMatrix phi) {
        return Blas.multiply(phi, false, phi, true);
    }

    /**
     * One big cluster and many tiny ones, all tight (spread 0.05 around centres ~ N(0, I)): the
     * case where uniform landmarks miss most small clusters and leverage scores should not.
     */
    static DoubleMatrix unbalancedClusters(long seed, int d, int bigSize, int smallClusters, int smallSize) {
        RandomStream r = RandomStream.of(seed).child("clusters");
        DoubleMatrix x = new DoubleMatrix(bigSize + smallClusters * smallSize, d);
        double[] centre = new double[d];
        int row = 0;
        for (int c = 0; c <= smallClusters; c++) {
            r.fillGaussian(centre);
            int size = c == 0 ? bigSize : smallSize;
            for (int i = 0; i < size; i++, row++) {
                for (int j = 0; j < d; j++) {
                    x.set(row, j, centre[j] + 0.05 * r.nextGaussian());
                }
            }
        }
        return x;
    }

    /** tr(K − K̃)/tr(K): for a Nyström K̃ ≼ K this is the relative nuclear-norm error. */
    static double relativeTraceError(DoubleMatrix exact, DoubleMatrix approx) {
        double residual = 0;
        double total = 0;
        for (int i = 0; i < exact.rows(); i++) {
            residual += exact.get(i, i) - approx.get(i, i);
            total += exact.get(i, i);
        }
        return residual / total;
    }
}
