package org.ntk4j.linalg;

import java.util.SplittableRandom;

/** Shared fixtures for the backend tests: seeded data, naive references, the native backend. */
final class LinalgTestSupport {
    static final double EPS64 = Math.ulp(1.0);
    static final double EPS32 = Math.ulp(1.0f);

    private static BlasBackend nativeBackend;
    private static boolean nativeTried;

    private LinalgTestSupport() {
    }

    /** OpenBLAS, or null when it cannot load here (tests against it are then skipped). */
    static synchronized BlasBackend nativeOrNull() {
        if (!nativeTried) {
            nativeTried = true;
            try {
                nativeBackend = NativeBlas.load();
            } catch (Throwable t) {
                nativeBackend = null;
            }
        }
        return nativeBackend;
    }

    static double[] gaussian(SplittableRandom rnd, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = gaussian(rnd);
        }
        return x;
    }

    static double gaussian(SplittableRandom rnd) {
        // Box–Muller; SplittableRandom has no nextGaussian of its own on every JDK.
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    /** op(X)[i][j] for X stored row-major at off with leading dimension ld. */
    static double op(double[] x, int off, int ld, boolean trans, int i, int j) {
        return trans ? x[off + j * ld + i] : x[off + i * ld + j];
    }

    static double op(float[] x, int off, int ld, boolean trans, int i, int j) {
        return trans ? x[off + j * ld + i] : x[off + i * ld + j];
    }

    /** Random symmetric n×n (dense, both triangles). */
    static double[] symmetric(SplittableRandom rnd, int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = gaussian(rnd);
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        return a;
    }

    /** Random orthogonal n×n from Gram–Schmidt on a Gaussian matrix (rows orthonormal). */
    static double[] orthogonal(SplittableRandom rnd, int n) {
        double[] q = gaussian(rnd, n * n);
        for (int i = 0; i < n; i++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < i; k++) {
                    double dot = 0;
                    for (int j = 0; j < n; j++) {
                        dot += q[i * n + j] * q[k * n + j];
                    }
                    for (int j = 0; j < n; j++) {
                        q[i * n + j] -= dot * q[k * n + j];
                    }
                }
            }
            double norm = 0;
            for (int j = 0; j < n; j++) {
                norm += q[i * n + j] * q[i * n + j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) {
                q[i * n + j] /= norm;
            }
        }
        return q;
    }

    /** Qᵀ·diag(values)·Q for orthogonal Q: symmetric with exactly those eigenvalues (up to rounding). */
    static double[] withEigenvalues(SplittableRandom rnd, double[] values) {
        int n = values.length;
        double[] q = orthogonal(rnd, n);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[k * n + i] * values[k] * q[k * n + j];
                }
                a[i * n + j] = s;
                a[j * n + i] = s;
            }
        }
        return a;
    }

    /** X·Xᵀ (+ shift·I) for a Gaussian n×d X: positive semi-definite, rank min(n, d) without shift. */
    static double[] gram(SplittableRandom rnd, int n, int d, double shift) {
        double[] x = gaussian(rnd, n * d);
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += x[i * d + k] * x[j * d + k];
                }
                if (i == j) {
                    s += shift;
                }
                g[i * n + j] = s;
                g[j * n + i] = s;
            }
        }
        return g;
    }

    /** Frobenius norm of a dense n×n matrix, scaled so tiny or huge entries neither underflow nor overflow. */
    static double frobenius(double[] a, int n) {
        double max = 0;
        for (int i = 0; i < n * n; i++) {
            max = Math.max(max, Math.abs(a[i]));
        }
        if (max == 0) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < n * n; i++) {
            double q = a[i] / max;
            s += q * q;
        }
        return max * Math.sqrt(s);
    }

    /** Copies a dense rows×cols matrix into a bigger array at off with leading dimension ld, padding filled. */
    static double[] embed(double[] dense, int rows, int cols, int off, int ld, double padding) {
        double[] out = new double[off + Math.max(0, rows - 1) * ld + cols + 3];
        java.util.Arrays.fill(out, padding);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(dense, i * cols, out, off + i * ld, cols);
        }
        return out;
    }
}
