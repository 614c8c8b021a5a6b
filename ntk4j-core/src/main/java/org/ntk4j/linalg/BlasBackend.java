package org.ntk4j.linalg;

/**
 * The dense kernels ntk4j needs, on row-major arrays with offsets and leading dimensions.
 * Two implementations: {@link NativeBlas} (OpenBLAS through FFM) and {@link JavaBlas}
 * (pure Java, Vector API), tested against each other.
 */
public interface BlasBackend {

    /** "native" or "java". */
    String name();

    /** C = alpha·op(A)·op(B) + beta·C, with op(A) m×k, op(B) k×n, C m×n. */
    void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
               double beta, double[] c, int cOff, int ldc);

    /** Float32 version of {@link #dgemm}. */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    /**
     * Symmetric rank-k update of the upper triangle (elements j ≥ i) of the n×n matrix C:
     * C = alpha·AᵀA + beta·C when {@code trans} (A is k×n), else C = alpha·A·Aᵀ + beta·C (A is n×k).
     * The strict lower triangle of C is left untouched.
     */
    void dsyrk(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda,
               double beta, double[] c, int cOff, int ldc);

    /** y = alpha·op(A)·x + beta·y, A m×n. */
    void dgemv(boolean trans, int m, int n, double alpha, double[] a, int aOff, int lda,
               double[] x, int xOff, double beta, double[] y, int yOff);

    /**
     * Cholesky factor A = L·Lᵀ in place: reads the lower triangle of the n×n matrix A, writes L there.
     * Returns 0 on success, or i &gt; 0 when the leading minor of order i is not positive definite.
     */
    int dpotrf(int n, double[] a, int lda);

    /** Solves A·X = B in place in B (n×nrhs) given L from {@link #dpotrf}. */
    void dpotrs(int n, int nrhs, double[] l, int ldl, double[] b, int ldb);

    /**
     * Eigen-decomposition of the symmetric n×n matrix A (upper triangle read): eigenvalues into w in
     * ascending order, the orthonormal eigenvectors into the columns of A (A[i·lda + j] = component i
     * of vector j). Returns 0 on success, non-zero when the algorithm fails to converge.
     */
    int dsyevd(int n, double[] a, int lda, double[] w);

    /** Threads this backend's own parallel kernels may use. */
    void setThreads(int threads);
}
