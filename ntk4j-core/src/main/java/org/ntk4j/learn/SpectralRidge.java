package org.ntk4j.learn;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.SymmetricEigen;

/**
 * Ridge solutions (A + λI)⁻¹B for many λ from one eigen-decomposition A = VΛVᵀ of a symmetric
 * PSD matrix: precompute C = VᵀB once, then each λ costs one scaling and one product.
 */
final class SpectralRidge {
    final double[] eigenvalues;   // clamped at 0: rounding can make a PSD matrix's eigenvalues slightly negative
    final DoubleMatrix vectors;
    final DoubleMatrix projected; // C = VᵀB

    SpectralRidge(DoubleMatrix a, DoubleMatrix b) {
        SymmetricEigen eig = Blas.eigen(a);
        eigenvalues = eig.values().clone();
        for (int i = 0; i < eigenvalues.length; i++) {
            eigenvalues[i] = Math.max(0, eigenvalues[i]);
        }
        vectors = eig.vectors();
        projected = Blas.multiply(vectors, true, b, false);
    }

    int size() {
        return eigenvalues.length;
    }

    double largestEigenvalue() {
        return eigenvalues[eigenvalues.length - 1];
    }

    /**
     * diag(1/(Λ+λ))·C: the solution in the eigenbasis. Directions whose eigenvalue is rounding noise
     * (below 10⁻¹² of the largest) get 0, as in a pseudo-inverse: their C is noise too, and dividing
     * it by a small λ would only amplify it.
     */
    DoubleMatrix solveInEigenbasis(double lambda) {
        int n = size();
        int k = projected.cols();
        DoubleMatrix out = projected.copy();
        double[] d = out.data();
        double floor = 1e-12 * largestEigenvalue();
        for (int i = 0; i < n; i++) {
            double s = eigenvalues[i] > floor ? 1 / (eigenvalues[i] + lambda) : 0;
            for (int o = 0; o < k; o++) {
                d[i * k + o] *= s;
            }
        }
        return out;
    }

    /** (A + λI)⁻¹B. */
    DoubleMatrix solve(double lambda) {
        return Blas.multiply(vectors, solveInEigenbasis(lambda));
    }

    /** Effective degrees of freedom Σ λ_i/(λ_i + λ). */
    double degreesOfFreedom(double lambda) {
        double df = 0;
        for (double e : eigenvalues) {
            df += e / (e + lambda);
        }
        return df;
    }

    /** λ values below this are numerically meaningless relative to the spectrum. */
    double smallestUsefulLambda() {
        return 1e-12 * Math.max(largestEigenvalue(), Double.MIN_NORMAL);
    }
}
