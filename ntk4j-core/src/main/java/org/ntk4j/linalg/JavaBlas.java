package org.ntk4j.linalg;

/** Pure-Java backend (placeholder until the Vector API kernels land). */
final class JavaBlas implements BlasBackend {
    @Override public String name() { return "java"; }
    @Override public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) { throw new UnsupportedOperationException(); }
    @Override public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) { throw new UnsupportedOperationException(); }
    @Override public void dsyrk(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda, double beta, double[] c, int cOff, int ldc) { throw new UnsupportedOperationException(); }
    @Override public void dgemv(boolean trans, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff, double beta, double[] y, int yOff) { throw new UnsupportedOperationException(); }
    @Override public int dpotrf(int n, double[] a, int lda) { throw new UnsupportedOperationException(); }
    @Override public void dpotrs(int n, int nrhs, double[] l, int ldl, double[] b, int ldb) { throw new UnsupportedOperationException(); }
    @Override public int dsyevd(int n, double[] a, int lda, double[] w) { throw new UnsupportedOperationException(); }
    @Override public void setThreads(int threads) { }
}
