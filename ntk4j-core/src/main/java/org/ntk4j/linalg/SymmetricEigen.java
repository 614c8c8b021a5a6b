package org.ntk4j.linalg;

/** Eigenvalues in ascending order and the matching orthonormal eigenvectors as columns. */
public record SymmetricEigen(double[] values, DoubleMatrix vectors) {
}
