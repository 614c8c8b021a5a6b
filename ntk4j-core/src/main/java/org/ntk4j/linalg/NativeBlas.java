package org.ntk4j.linalg;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * OpenBLAS (from the org.bytedeco:openblas Maven artifact) called through FFM.
 * JavaCPP's loader only extracts and loads the shared library; the calls go through
 * critical downcalls that read Java arrays in place, so no array is copied.
 */
final class NativeBlas implements BlasBackend {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final int UPPER = 121;
    private static final int LOWER = 122;
    private static final int LEFT = 141;
    private static final int NON_UNIT = 131;

    private final MethodHandle dgemm;
    private final MethodHandle sgemm;
    private final MethodHandle dsyrk;
    private final MethodHandle dgemv;
    private final MethodHandle dtrsm;
    private final MethodHandle dpotrf;
    private final MethodHandle dsyevd;
    private final MethodHandle setNumThreads;
    /** Threads set through {@link #setThreads}; small factorisations run on one of them. */
    private volatile int threads = 1;
    /**
     * Below this order the LAPACK factorisations run single-threaded: their level-2 steps
     * synchronise threads once per column, which costs more than it gains for small matrices and
     * stalls badly when another process holds a core (measured: n = 500 eigen-decomposition 0.06 s
     * on one thread, up to 4 s on two under load).
     */
    static final int SMALL_FACTORISATION = 2048;

    private NativeBlas(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        Linker.Option critical = Linker.Option.critical(true);
        dgemm = handle(linker, lib, "cblas_dgemm", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE,
                ADDRESS, JAVA_INT), critical);
        sgemm = handle(linker, lib, "cblas_sgemm", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT,
                ADDRESS, JAVA_INT), critical);
        dsyrk = handle(linker, lib, "cblas_dsyrk", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT), critical);
        dgemv = handle(linker, lib, "cblas_dgemv", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT),
                critical);
        dtrsm = handle(linker, lib, "cblas_dtrsm", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT),
                critical);
        dpotrf = handle(linker, lib, "LAPACKE_dpotrf", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE,
                JAVA_INT, ADDRESS, JAVA_INT), critical);
        // dsyevd allocates work space and may run for minutes: not critical, so it gets off-heap copies.
        dsyevd = handle(linker, lib, "LAPACKE_dsyevd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE,
                JAVA_BYTE, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        setNumThreads = handle(linker, lib, "openblas_set_num_threads", FunctionDescriptor.ofVoid(JAVA_INT));
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd,
                                       Linker.Option... options) {
        MemorySegment symbol = lib.find(name).orElseThrow(
                () -> new UnsatisfiedLinkError("OpenBLAS has no symbol " + name));
        return linker.downcallHandle(symbol, fd, options);
    }

    /** Loads OpenBLAS; throws when the natives are not usable on this machine. */
    static NativeBlas load() {
        // Extracts libopenblas.so.0 (and its Fortran runtime) to ~/.javacpp/cache and loads it.
        org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
        SymbolLookup lib = SymbolLookup.libraryLookup("libopenblas.so.0", Arena.global());
        return new NativeBlas(lib);
    }

    @Override
    public String name() {
        return "native";
    }

    private static int trans(boolean t) {
        return t ? TRANS : NO_TRANS;
    }

    private static MemorySegment seg(double[] a, int off) {
        return MemorySegment.ofArray(a).asSlice((long) off * Double.BYTES);
    }

    private static MemorySegment seg(float[] a, int off) {
        return MemorySegment.ofArray(a).asSlice((long) off * Float.BYTES);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                      int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        try {
            dgemm.invokeExact(ROW_MAJOR, trans(transA), trans(transB), m, n, k, alpha, seg(a, aOff), lda,
                    seg(b, bOff), ldb, beta, seg(c, cOff), ldc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                      int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        try {
            sgemm.invokeExact(ROW_MAJOR, trans(transA), trans(transB), m, n, k, alpha, seg(a, aOff), lda,
                    seg(b, bOff), ldb, beta, seg(c, cOff), ldc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void dsyrk(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda, double beta,
                      double[] c, int cOff, int ldc) {
        if (n == 0) {
            return;
        }
        try {
            dsyrk.invokeExact(ROW_MAJOR, UPPER, trans(trans), n, k, alpha, seg(a, aOff), lda, beta,
                    seg(c, cOff), ldc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void dgemv(boolean trans, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x,
                      int xOff, double beta, double[] y, int yOff) {
        if (m == 0 || n == 0) {
            return;
        }
        try {
            dgemv.invokeExact(ROW_MAJOR, trans(trans), m, n, alpha, seg(a, aOff), lda, seg(x, xOff), 1, beta,
                    seg(y, yOff), 1);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int dpotrf(int n, double[] a, int lda) {
        if (n == 0) {
            return 0;
        }
        boolean small = n < SMALL_FACTORISATION && threads > 1;
        try {
            if (small) {
                setNumThreads.invokeExact(1);
            }
            int info = (int) dpotrf.invokeExact(ROW_MAJOR, (byte) 'L', n, seg(a, 0), lda);
            if (info < 0) {
                throw new IllegalArgumentException("dpotrf rejected argument " + (-info));
            }
            return info;
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            if (small) {
                setThreads(threads);
            }
        }
    }

    @Override
    public void dpotrs(int n, int nrhs, double[] l, int ldl, double[] b, int ldb) {
        if (n == 0 || nrhs == 0) {
            return;
        }
        try {
            // L·(Lᵀ·X) = B: two triangular solves with the lower factor.
            dtrsm.invokeExact(ROW_MAJOR, LEFT, LOWER, NO_TRANS, NON_UNIT, n, nrhs, 1.0, seg(l, 0), ldl,
                    seg(b, 0), ldb);
            dtrsm.invokeExact(ROW_MAJOR, LEFT, LOWER, TRANS, NON_UNIT, n, nrhs, 1.0, seg(l, 0), ldl,
                    seg(b, 0), ldb);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int dsyevd(int n, double[] a, int lda, double[] w) {
        if (n == 0) {
            return 0;
        }
        boolean small = n < SMALL_FACTORISATION && threads > 1;
        try (Arena arena = Arena.ofConfined()) {
            if (small) {
                setNumThreads.invokeExact(1);
            }
            long count = (long) n * lda;
            MemorySegment aSeg = arena.allocate(JAVA_DOUBLE, count);
            MemorySegment.copy(a, 0, aSeg, JAVA_DOUBLE, 0, (int) count);
            MemorySegment wSeg = arena.allocate(JAVA_DOUBLE, n);
            int info = (int) dsyevd.invokeExact(ROW_MAJOR, (byte) 'V', (byte) 'U', n, aSeg, lda, wSeg);
            if (info < 0) {
                throw new IllegalArgumentException("dsyevd rejected argument " + (-info));
            }
            MemorySegment.copy(aSeg, JAVA_DOUBLE, 0, a, 0, (int) count);
            MemorySegment.copy(wSeg, JAVA_DOUBLE, 0, w, 0, n);
            return info;
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            if (small) {
                setThreads(threads);
            }
        }
    }

    @Override
    public void setThreads(int threads) {
        this.threads = threads;
        try {
            setNumThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native BLAS call failed", t);
    }
}
