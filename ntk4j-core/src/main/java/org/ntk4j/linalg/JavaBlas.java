package org.ntk4j.linalg;

/**
 * Pure-Java backend on the Vector API: the fallback when OpenBLAS cannot load, tested against it.
 * GEMM is {@link JavaDgemm}/{@link JavaSgemm}; the factorisations are {@link JavaCholesky} and
 * {@link JavaEigen}. Parallel work goes through {@link Parallel}, so the thread count is its.
 */
final class JavaBlas implements BlasBackend {

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                      int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        JavaDgemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                      int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        JavaSgemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void dsyrk(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda, double beta,
                      double[] c, int cOff, int ldc) {
        // trans: AᵀA with A k×n, i.e. op(A) = Aᵀ and op(B) = A; else A·Aᵀ with A n×k.
        JavaDgemm.triangle(true, trans, !trans, n, k, alpha, a, aOff, lda, a, aOff, lda, beta, c, cOff, ldc);
    }

    @Override
    public void dgemv(boolean trans, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x,
                      int xOff, double beta, double[] y, int yOff) {
        JavaGemv.gemv(trans, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    @Override
    public int dpotrf(int n, double[] a, int lda) {
        return JavaCholesky.factor(n, a, lda);
    }

    @Override
    public void dpotrs(int n, int nrhs, double[] l, int ldl, double[] b, int ldb) {
        JavaCholesky.solve(n, nrhs, l, ldl, b, ldb);
    }

    @Override
    public int dsyevd(int n, double[] a, int lda, double[] w) {
        return JavaEigen.decompose(n, a, lda, w);
    }

    @Override
    public void setThreads(int threads) {
        // Parallel.threads() is read at each call; nothing to cache here.
    }
}
