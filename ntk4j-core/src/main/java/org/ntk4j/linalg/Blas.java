package org.ntk4j.linalg;

import java.util.Locale;

/**
 * The one entry point for dense linear algebra. Selects native OpenBLAS when it loads, else the
 * pure-Java backend; {@link #use(String)} forces one ("--blas java|native|auto").
 * Nothing else in ntk4j calls native code.
 */
public final class Blas {
    private static volatile BlasBackend backend;
    private static volatile String nativeFailure;

    private Blas() {
    }

    /** The active backend, chosen on first use. */
    public static BlasBackend backend() {
        BlasBackend b = backend;
        if (b == null) {
            synchronized (Blas.class) {
                if (backend == null) {
                    use("auto");
                }
                b = backend;
            }
        }
        return b;
    }

    /**
     * Selects the backend: "native" (fails when OpenBLAS cannot load), "java", or "auto"
     * (native when possible). The thread count of {@link Parallel} is applied to it.
     */
    public static synchronized BlasBackend use(String name) {
        BlasBackend chosen = switch (name.toLowerCase(Locale.ROOT)) {
            case "java" -> new JavaBlas();
            case "native" -> {
                BlasBackend n = tryNative();
                if (n == null) {
                    throw new IllegalStateException("native OpenBLAS could not be loaded: " + nativeFailure);
                }
                yield n;
            }
            case "auto" -> {
                BlasBackend n = tryNative();
                yield n != null ? n : new JavaBlas();
            }
            default -> throw new IllegalArgumentException("unknown BLAS backend '" + name + "' (expected auto, native or java)");
        };
        chosen.setThreads(Parallel.threads());
        backend = chosen;
        return chosen;
    }

    /**
     * The backend whose products depend only on each row's own inputs: every element of C is summed
     * in an order fixed by k alone, so it is bit-identical for any row count, offset, position and
     * thread count. Feature maps use it, because OpenBLAS's results change with all of those.
     */
    public static BlasBackend deterministic() {
        return DETERMINISTIC;
    }

    private static final BlasBackend DETERMINISTIC = new JavaBlas();

    /** Why the native backend is not in use, or null when it loaded. */
    public static String nativeFailure() {
        return nativeFailure;
    }

    private static BlasBackend tryNative() {
        if (Boolean.getBoolean("ntk4j.blas.noNative")) {
            nativeFailure = "disabled by -Dntk4j.blas.noNative";
            return null;
        }
        try {
            BlasBackend n = NativeBlas.load();
            nativeFailure = null;
            return n;
        } catch (Throwable t) { // UnsatisfiedLinkError, missing classifier jar, unsupported platform
            nativeFailure = t.getClass().getSimpleName() + ": " + t.getMessage();
            return null;
        }
    }

    static void applyThreads(int threads) {
        BlasBackend b = backend;
        if (b != null) {
            b.setThreads(threads);
        }
    }

    // ---- matrix-level conveniences over the active backend ----

    /** op(A)·op(B) as a new matrix. */
    public static DoubleMatrix multiply(DoubleMatrix a, boolean transA, DoubleMatrix b, boolean transB) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb) {
            throw new IllegalArgumentException("inner dimensions differ: " + k + " vs " + kb);
        }
        DoubleMatrix c = new DoubleMatrix(m, n);
        backend().dgemm(transA, transB, m, n, k, 1.0, a.data(), 0, a.cols(), b.data(), 0, b.cols(), 0.0,
                c.data(), 0, n);
        return c;
    }

    public static DoubleMatrix multiply(DoubleMatrix a, DoubleMatrix b) {
        return multiply(a, false, b, false);
    }

    /** op(A)·op(B) in float32 as a new matrix. */
    public static FloatMatrix multiply(FloatMatrix a, boolean transA, FloatMatrix b, boolean transB) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb) {
            throw new IllegalArgumentException("inner dimensions differ: " + k + " vs " + kb);
        }
        FloatMatrix c = new FloatMatrix(m, n);
        backend().sgemm(transA, transB, m, n, k, 1.0f, a.data(), 0, a.cols(), b.data(), 0, b.cols(), 0.0f,
                c.data(), 0, n);
        return c;
    }

    /** C += AᵀA for A with C's column count (both triangles kept in step by {@link #symmetrize}). */
    public static void addGram(DoubleMatrix a, DoubleMatrix c) {
        if (c.rows() != a.cols() || c.cols() != a.cols()) {
            throw new IllegalArgumentException("Gram of a " + a.rows() + "x" + a.cols() + " block into a "
                    + c.rows() + "x" + c.cols() + " matrix");
        }
        backend().dsyrk(true, a.cols(), a.rows(), 1.0, a.data(), 0, a.cols(), 1.0, c.data(), 0, c.cols());
    }

    /** Copies the upper triangle onto the lower one. */
    public static void symmetrize(DoubleMatrix c) {
        int n = c.rows();
        double[] d = c.data();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[j * n + i] = d[i * n + j];
            }
        }
    }

    /** Eigen-decomposition of a symmetric matrix (not modified). */
    public static SymmetricEigen eigen(DoubleMatrix a) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("eigen-decomposition needs a square matrix, got " + a.rows() + "x" + a.cols());
        }
        DoubleMatrix vectors = a.copy();
        double[] values = new double[a.rows()];
        int info = backend().dsyevd(a.rows(), vectors.data(), a.cols(), values);
        if (info != 0) {
            throw new ArithmeticException("symmetric eigen-decomposition did not converge (info " + info + ")");
        }
        return new SymmetricEigen(values, vectors);
    }

    /**
     * Solves A·X = B for symmetric positive definite A by Cholesky; neither input is modified.
     * Throws {@link ArithmeticException} when A is not positive definite.
     */
    public static DoubleMatrix solveSpd(DoubleMatrix a, DoubleMatrix b) {
        int n = a.rows();
        if (a.cols() != n || b.rows() != n) {
            throw new IllegalArgumentException("solve needs square A and matching B: " + a.rows() + "x" + a.cols()
                    + " and " + b.rows() + "x" + b.cols());
        }
        DoubleMatrix l = a.copy();
        int info = backend().dpotrf(n, l.data(), n);
        if (info != 0) {
            throw new ArithmeticException("matrix is not positive definite (leading minor " + info + ")");
        }
        DoubleMatrix x = b.copy();
        backend().dpotrs(n, b.cols(), l.data(), n, x.data(), b.cols());
        return x;
    }
}
