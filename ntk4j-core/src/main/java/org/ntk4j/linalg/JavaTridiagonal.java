package org.ntk4j.linalg;

import java.util.Arrays;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, A = Q·T·Qᵀ, and the product
 * Q·Z. Reflector j is H_j = I − τ_j·v_j·v_jᵀ with v_j zero above row j+1, v_j[j+1] = 1; it maps
 * column j below the diagonal onto its first entry.
 *
 * <p>Blocked: within a panel of NB columns the two-sided updates are kept as A − V·Wᵀ − W·Vᵀ
 * (the column being reduced is brought up to date on demand); after the panel the trailing lower
 * triangle gets them as one GEMM with k = 2·NB. What remains per column is one symmetric
 * matrix-vector product over the trailing lower triangle, memory bound, run by row blocks.
 */
final class JavaTridiagonal {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Panel width of the reduction. */
    private static final int NB = 32;
    /** Reflectors per compact-WY block in the back-transformation. */
    private static final int NB_Q = 128;
    /** Fixed number of row blocks for the parallel symmetric product (fixed: keeps sums reproducible). */
    private static final int SYMV_BLOCKS = 8;
    private static final int SYMV_SERIAL_BELOW = 384;

    private JavaTridiagonal() {
    }

    /**
     * Reduces the symmetric n×n matrix in the lower triangle of a (row-major, leading dimension n):
     * on return d and e hold T's diagonal and off-diagonal (e[j] = T[j][j+1], e[n−1] = 0), and
     * a[r·n + j] for r ≥ j+2 holds v_j[r], tau[j] its τ.
     */
    static void reduce(int n, double[] a, double[] d, double[] e, double[] tau) {
        double[] v = new double[n * NB];
        double[] w = new double[n * NB];
        double[] y = new double[n];
        double[] vj = new double[n];
        double[] wv = new double[NB];
        double[] vv = new double[NB];
        for (int jb = 0; jb < n - 1; jb += NB) {
            int b = Math.min(NB, n - 1 - jb);
            Arrays.fill(v, jb * NB, n * NB, 0.0);
            Arrays.fill(w, jb * NB, n * NB, 0.0);
            for (int c = 0; c < b; c++) {
                int j = jb + c;
                if (c > 0) {
                    // Column j with the panel's earlier reflectors applied: a − V·W[j]ᵀ − W·V[j]ᵀ.
                    for (int r = j; r < n; r++) {
                        a[r * n + j] -= VecOps.dot(v, r * NB, w, j * NB, c) + VecOps.dot(w, r * NB, v, j * NB, c);
                    }
                }
                d[j] = a[j * n + j];
                double t = reflector(n, a, j, vj);
                tau[j] = t;
                e[j] = a[(j + 1) * n + j];
                for (int r = j + 1; r < n; r++) {
                    v[r * NB + c] = vj[r];
                }
                if (t == 0) {
                    continue; // H_j = I: its w column stays zero
                }
                // y = A22·v for the current A22 = stored − V·Wᵀ − W·Vᵀ (rows and columns j+1..n−1).
                symvLower(n, a, j + 1, vj, y);
                if (c > 0) {
                    Arrays.fill(wv, 0.0);
                    Arrays.fill(vv, 0.0);
                    for (int r = j + 1; r < n; r++) {
                        VecOps.axpy(vj[r], w, r * NB, wv, 0, c);
                        VecOps.axpy(vj[r], v, r * NB, vv, 0, c);
                    }
                    for (int r = j + 1; r < n; r++) {
                        y[r] -= VecOps.dot(v, r * NB, wv, 0, c) + VecOps.dot(w, r * NB, vv, 0, c);
                    }
                }
                // p = τ·y; w = p − (τ/2)(pᵀv)·v makes H·A·H = A − v·wᵀ − w·vᵀ.
                double half = -0.5 * t * t * VecOps.dot(y, j + 1, vj, j + 1, n - j - 1);
                for (int r = j + 1; r < n; r++) {
                    w[r * NB + c] = t * y[r] + half * vj[r];
                }
            }
            int s = jb + b;
            if (s < n) {
                // Trailing lower triangle −= [V W]·[W V]ᵀ.
                int rows = n - s;
                int k = 2 * b;
                double[] x1 = new double[rows * k];
                double[] x2 = new double[rows * k];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(v, (s + r) * NB, x1, r * k, b);
                    System.arraycopy(w, (s + r) * NB, x1, r * k + b, b);
                    System.arraycopy(w, (s + r) * NB, x2, r * k, b);
                    System.arraycopy(v, (s + r) * NB, x2, r * k + b, b);
                }
                JavaDgemm.triangle(false, false, true, rows, k, -1.0, x1, 0, k, x2, 0, k, 1.0, a, s * n + s, n);
            }
        }
        d[n - 1] = a[(n - 1) * n + n - 1];
        e[n - 1] = 0;
    }

    /**
     * Householder reflector for x = a[j+1.., j]: overwrites a[j+1][j] with β (the new T[j+1][j]) and
     * a[r][j], r ≥ j+2, with v; copies v (v[j+1] = 1) into vj; returns τ (0 when x is already β·e₁).
     */
    private static double reflector(int n, double[] a, int j, double[] vj) {
        double alpha = a[(j + 1) * n + j];
        double scale = 0;
        for (int r = j + 2; r < n; r++) {
            scale = Math.max(scale, Math.abs(a[r * n + j]));
        }
        Arrays.fill(vj, j + 1, n, 0.0);
        vj[j + 1] = 1.0;
        if (scale == 0) {
            return 0;
        }
        // Scaled norm: no overflow or underflow for extreme magnitudes.
        double sum = 0;
        for (int r = j + 2; r < n; r++) {
            double q = a[r * n + j] / scale;
            sum += q * q;
        }
        double xnorm = scale * Math.sqrt(sum);
        double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
        double tau = (beta - alpha) / beta;
        double div = alpha - beta;
        for (int r = j + 2; r < n; r++) {
            double q = a[r * n + j] / div;
            a[r * n + j] = q;
            vj[r] = q;
        }
        a[(j + 1) * n + j] = beta;
        return tau;
    }

    /** y[s..n) = A[s..n, s..n]·x[s..n) with the symmetric A stored in the lower triangle. */
    static void symvLower(int n, double[] a, int s, double[] x, double[] y) {
        int m = n - s;
        if (m < SYMV_SERIAL_BELOW) {
            Arrays.fill(y, s, n, 0.0);
            symvRows(n, a, s, s, n, x, y, 0);
            return;
        }
        // Row blocks of equal triangle area; block q adds into its own buffer, then a fixed-order sum.
        int[] bounds = new int[SYMV_BLOCKS + 1];
        for (int q = 0; q <= SYMV_BLOCKS; q++) {
            bounds[q] = s + (int) Math.round(m * Math.sqrt((double) q / SYMV_BLOCKS));
        }
        double[][] partial = new double[SYMV_BLOCKS][];
        Parallel.forEach(SYMV_BLOCKS, q -> {
            double[] buf = new double[bounds[q + 1] - s];
            symvRows(n, a, s, bounds[q], bounds[q + 1], x, buf, s);
            partial[q] = buf;
        });
        Arrays.fill(y, s, n, 0.0);
        for (int q = 0; q < SYMV_BLOCKS; q++) {
            double[] buf = partial[q];
            for (int i = 0; i < buf.length; i++) {
                y[s + i] += buf[i];
            }
        }
    }

    /**
     * Rows r0..r1 of the lower-stored product: row i adds A[i][s..i)·x to out[i] and A[i][s..i)ᵀ·x_i
     * to out[s..i), reading the row once for both. out[t − shift] holds y_t.
     */
    private static void symvRows(int n, double[] a, int s, int r0, int r1, double[] x, double[] out, int shift) {
        for (int i = r0; i < r1; i++) {
            int row = i * n;
            int len = i - s;
            double xi = x[i];
            DoubleVector vxi = DoubleVector.broadcast(S, xi);
            DoubleVector acc = DoubleVector.zero(S);
            int o = s - shift;
            int k = 0;
            for (int bound = len - L; k <= bound; k += L) {
                DoubleVector av = DoubleVector.fromArray(S, a, row + s + k);
                acc = av.fma(DoubleVector.fromArray(S, x, s + k), acc);
                av.fma(vxi, DoubleVector.fromArray(S, out, o + k)).intoArray(out, o + k);
            }
            double sum = VecOps.sumLanes(acc);
            for (; k < len; k++) {
                double av = a[row + s + k];
                sum = Math.fma(av, x[s + k], sum);
                out[o + k] = Math.fma(av, xi, out[o + k]);
            }
            out[i - shift] += sum + a[row + i] * xi;
        }
    }

    /** z ← Q·z for the n×n z (leading dimension ldz), Q = H_0·H_1···H_{n−2} from {@link #reduce}. */
    static void applyQ(int n, double[] a, double[] tau, double[] z, int ldz) {
        int reflectors = n - 1;
        if (reflectors <= 0) {
            return;
        }
        double[] vb = new double[n * NB_Q];
        double[] g = new double[NB_Q * NB_Q];
        double[] t = new double[NB_Q * NB_Q];
        double[] y = new double[NB_Q * n];
        double[] y2 = new double[NB_Q * n];
        int blocks = (reflectors + NB_Q - 1) / NB_Q;
        // Q·z = H_0(H_1(···(H_{n−2}·z))): blocks from the last to the first.
        for (int blk = blocks - 1; blk >= 0; blk--) {
            int j0 = blk * NB_Q;
            int bw = Math.min(NB_Q, reflectors - j0);
            int rows = n - j0 - 1; // rows j0+1..n−1 are the only ones these reflectors touch
            for (int r = 0; r < rows; r++) {
                int src = (j0 + 1 + r) * n + j0;
                int dst = r * NB_Q;
                for (int c = 0; c < bw; c++) {
                    vb[dst + c] = r < c ? 0.0 : r == c ? 1.0 : a[src + c];
                }
            }
            // Compact WY: H_j0···H_j0+bw−1 = I − V·T·Vᵀ, T upper triangular, built column by column.
            JavaDgemm.gemm(true, false, bw, bw, rows, 1.0, vb, 0, NB_Q, vb, 0, NB_Q, 0.0, g, 0, bw);
            Arrays.fill(t, 0.0);
            for (int c = 0; c < bw; c++) {
                double tc = tau[j0 + c];
                t[c * NB_Q + c] = tc;
                for (int i = 0; i < c; i++) {
                    double sum = 0;
                    for (int k = i; k < c; k++) {
                        sum += t[i * NB_Q + k] * g[k * bw + c];
                    }
                    t[i * NB_Q + c] = -tc * sum;
                }
            }
            int zo = (j0 + 1) * ldz;
            JavaDgemm.gemm(true, false, bw, n, rows, 1.0, vb, 0, NB_Q, z, zo, ldz, 0.0, y, 0, n);
            JavaDgemm.gemm(false, false, bw, n, bw, 1.0, t, 0, NB_Q, y, 0, n, 0.0, y2, 0, n);
            JavaDgemm.gemm(false, false, rows, n, bw, -1.0, vb, 0, NB_Q, y2, 0, n, 1.0, z, zo, ldz);
        }
    }
}
