package org.ntk4j.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise loops over two arrays, written with the Vector API: C2 (JDK 25) does not vectorise
 * a[k] += b[k + s] on its own because it cannot rule out that a and b are the same array. Each
 * element gets the same single rounding as the scalar loop, so results do not depend on alignment.
 */
final class ArrayOps {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private ArrayOps() {
    }

    /**
     * out[k] = Σ_{b&lt;count} in[k + offset + b·stride] for k in [from, to), summed in increasing b:
     * one pass of a box filter (stride 1 along rows, the row length along columns).
     */
    static void windowSum(double[] out, double[] in, int offset, int stride, int count, int from, int to) {
        int k = from;
        int bound = from + SPECIES.loopBound(Math.max(0, to - from));
        for (; k < bound; k += SPECIES.length()) {
            int at = k + offset;
            DoubleVector acc = DoubleVector.fromArray(SPECIES, in, at);
            for (int b = 1; b < count; b++) {
                acc = acc.add(DoubleVector.fromArray(SPECIES, in, at + b * stride));
            }
            acc.intoArray(out, k);
        }
        for (; k < to; k++) {
            int at = k + offset;
            double acc = in[at];
            for (int b = 1; b < count; b++) {
                acc += in[at + b * stride];
            }
            out[k] = acc;
        }
    }

    /**
     * One row of the ReLU inputs: rho[o+j] = s[o+j]·(ix[px+j]·iy[py+j]) and
     * root[o+j] = rx[px+j]·ry[py+j] for j in [0, w).
     */
    static void correlationRow(double[] s, double[] rho, double[] root, int o, double[] ix, double[] rx, int px,
                               double[] iy, double[] ry, int py, int w) {
        int j = 0;
        int bound = SPECIES.loopBound(w);
        for (; j < bound; j += SPECIES.length()) {
            DoubleVector inv = DoubleVector.fromArray(SPECIES, ix, px + j).mul(DoubleVector.fromArray(SPECIES, iy, py + j));
            DoubleVector.fromArray(SPECIES, s, o + j).mul(inv).intoArray(rho, o + j);
            DoubleVector.fromArray(SPECIES, rx, px + j).mul(DoubleVector.fromArray(SPECIES, ry, py + j))
                    .intoArray(root, o + j);
        }
        for (; j < w; j++) {
            rho[o + j] = s[o + j] * (ix[px + j] * iy[py + j]);
            root[o + j] = rx[px + j] * ry[py + j];
        }
    }

    /**
     * One row of input inner products: g[o+j] = Σ_c x[xs + c·plane + j]·y[ys + c·plane + j] for j
     * in [0, w), accumulated in increasing c.
     */
    static void channelDotRow(double[] g, int o, double[] x, int xs, double[] y, int ys, int plane, int channels,
                              int w) {
        int j = 0;
        int bound = SPECIES.loopBound(w);
        for (; j < bound; j += SPECIES.length()) {
            DoubleVector acc = DoubleVector.fromArray(SPECIES, x, xs + j).mul(DoubleVector.fromArray(SPECIES, y, ys + j));
            for (int c = 1; c < channels; c++) {
                int off = c * plane + j;
                acc = DoubleVector.fromArray(SPECIES, x, xs + off).fma(DoubleVector.fromArray(SPECIES, y, ys + off), acc);
            }
            acc.intoArray(g, o + j);
        }
        for (; j < w; j++) {
            double acc = x[xs + j] * y[ys + j];
            for (int c = 1; c < channels; c++) {
                int off = c * plane + j;
                acc = Math.fma(x[xs + off], y[ys + off], acc);
            }
            g[o + j] = acc;
        }
    }

    /** a[k] *= s for k in [0, n). */
    static void scale(double[] a, int n, double s) {
        int k = 0;
        int bound = SPECIES.loopBound(n);
        for (; k < bound; k += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, a, k).mul(s).intoArray(a, k);
        }
        for (; k < n; k++) {
            a[k] *= s;
        }
    }

    /** dst[k] += src[k + shift] for k in [from, to). */
    static void addShifted(double[] dst, double[] src, int shift, int from, int to) {
        int k = from;
        int bound = from + SPECIES.loopBound(Math.max(0, to - from));
        for (; k < bound; k += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, dst, k).add(DoubleVector.fromArray(SPECIES, src, k + shift))
                    .intoArray(dst, k);
        }
        for (; k < to; k++) {
            dst[k] += src[k + shift];
        }
    }

    /** k = root⊙kappa1 into s, and t = t⊙kappa0 + k (or t = k when t is absent), for [0, n). */
    static void reluStep(double[] s, double[] t, boolean hasT, double[] root, double[] kappa0, double[] kappa1,
                         int n) {
        int q = 0;
        int bound = SPECIES.loopBound(n);
        for (; q < bound; q += SPECIES.length()) {
            DoubleVector k = DoubleVector.fromArray(SPECIES, root, q).mul(DoubleVector.fromArray(SPECIES, kappa1, q));
            k.intoArray(s, q);
            if (hasT) {
                DoubleVector.fromArray(SPECIES, t, q).fma(DoubleVector.fromArray(SPECIES, kappa0, q), k).intoArray(t, q);
            } else {
                k.intoArray(t, q);
            }
        }
        for (; q < n; q++) {
            double k = root[q] * kappa1[q];
            s[q] = k;
            t[q] = hasT ? Math.fma(t[q], kappa0[q], k) : k;
        }
    }

    /**
     * Σ_q [hasT]·t_q·kappa0_q + [withK]·root_q·kappa1_q over [0, n), accumulated per vector lane
     * and then across lanes in a fixed order (deterministic for a given n).
     */
    static double readoutSum(double[] t, boolean hasT, double[] root, double[] kappa0, double[] kappa1,
                             boolean withK, int n) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        int q = 0;
        int bound = SPECIES.loopBound(n);
        for (; q < bound; q += SPECIES.length()) {
            DoubleVector v = hasT
                    ? DoubleVector.fromArray(SPECIES, t, q).mul(DoubleVector.fromArray(SPECIES, kappa0, q))
                    : DoubleVector.zero(SPECIES);
            if (withK) {
                v = DoubleVector.fromArray(SPECIES, root, q).fma(DoubleVector.fromArray(SPECIES, kappa1, q), v);
            }
            acc = acc.add(v);
        }
        double sum = 0;
        for (int lane = 0; lane < SPECIES.length(); lane++) {
            sum += acc.lane(lane);
        }
        for (; q < n; q++) {
            double v = hasT ? t[q] * kappa0[q] : 0;
            sum += withK ? Math.fma(root[q], kappa1[q], v) : v;
        }
        return sum;
    }
}
