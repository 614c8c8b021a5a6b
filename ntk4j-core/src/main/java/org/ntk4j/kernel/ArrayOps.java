package org.ntk4j.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
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
     * The ReLU inputs along a diagonal: rho[q] = s[so+q]·(ix[xo+q]·iy[yo+q]) and
     * root[q] = rx[xo+q]·ry[yo+q] for q in [0, n).
     */
    static void correlations(double[] s, int so, double[] ix, double[] rx, int xo, double[] iy, double[] ry, int yo,
                             double[] rho, double[] root, int n) {
        int q = 0;
        int bound = SPECIES.loopBound(n);
        for (; q < bound; q += SPECIES.length()) {
            DoubleVector inv = DoubleVector.fromArray(SPECIES, ix, xo + q).mul(DoubleVector.fromArray(SPECIES, iy, yo + q));
            DoubleVector.fromArray(SPECIES, s, so + q).mul(inv).intoArray(rho, q);
            DoubleVector.fromArray(SPECIES, rx, xo + q).mul(DoubleVector.fromArray(SPECIES, ry, yo + q)).intoArray(root, q);
        }
        for (; q < n; q++) {
            rho[q] = s[so + q] * (ix[xo + q] * iy[yo + q]);
            root[q] = rx[xo + q] * ry[yo + q];
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

    /** a[k] *= s for k in [from, to). */
    static void scale(double[] a, int from, int to, double s) {
        int k = from;
        int bound = from + SPECIES.loopBound(Math.max(0, to - from));
        for (; k < bound; k += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, a, k).mul(s).intoArray(a, k);
        }
        for (; k < to; k++) {
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

    /**
     * The ReLU step along a diagonal, for q in [0, n) and o = off + q: K = root⊙kappa1 into s[o],
     * and t[o] = t[o]·kappa0 + K (or K when t is absent). Where root = 0 (padding, pixels cut off,
     * zero receptive fields) t is dropped: Θ is 0 there, but the box sums left values in it.
     */
    static void reluStep(double[] s, double[] t, int off, boolean hasT, double[] root, double[] kappa0,
                         double[] kappa1, int n) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        int q = 0;
        int bound = SPECIES.loopBound(n);
        for (; q < bound; q += SPECIES.length()) {
            DoubleVector r = DoubleVector.fromArray(SPECIES, root, q);
            DoubleVector k = r.mul(DoubleVector.fromArray(SPECIES, kappa1, q));
            k.intoArray(s, off + q);
            if (hasT) {
                DoubleVector k0 = DoubleVector.fromArray(SPECIES, kappa0, q)
                        .blend(zero, r.compare(VectorOperators.EQ, 0.0));
                DoubleVector.fromArray(SPECIES, t, off + q).fma(k0, k).intoArray(t, off + q);
            } else {
                k.intoArray(t, off + q);
            }
        }
        for (; q < n; q++) {
            double k = root[q] * kappa1[q];
            s[off + q] = k;
            t[off + q] = hasT ? Math.fma(t[off + q], root[q] == 0 ? 0.0 : kappa0[q], k) : k;
        }
    }

    /**
     * Σ_q w_q·([hasT]·t[off+q]·kappa0_q + [withK]·root_q·kappa1_q) over [0, n) (w = 1 when weight is null), with t dropped where
     * root = 0 as in {@link #reluStep}; accumulated per vector lane, then across lanes in a fixed
     * order (deterministic for a given n).
     */
    static double readoutSum(double[] t, int off, boolean hasT, double[] root, double[] kappa0, double[] kappa1,
                             boolean withK, double[] weight, int n) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector acc = zero;
        int q = 0;
        int bound = SPECIES.loopBound(n);
        for (; q < bound; q += SPECIES.length()) {
            DoubleVector r = DoubleVector.fromArray(SPECIES, root, q);
            DoubleVector v = zero;
            if (hasT) {
                DoubleVector k0 = DoubleVector.fromArray(SPECIES, kappa0, q)
                        .blend(zero, r.compare(VectorOperators.EQ, 0.0));
                v = DoubleVector.fromArray(SPECIES, t, off + q).mul(k0);
            }
            if (withK) {
                v = r.fma(DoubleVector.fromArray(SPECIES, kappa1, q), v);
            }
            if (weight != null) {
                v = v.mul(DoubleVector.fromArray(SPECIES, weight, q));
            }
            acc = acc.add(v);
        }
        double sum = 0;
        for (int lane = 0; lane < SPECIES.length(); lane++) {
            sum += acc.lane(lane);
        }
        for (; q < n; q++) {
            double v = hasT ? t[off + q] * (root[q] == 0 ? 0.0 : kappa0[q]) : 0;
            v = withK ? Math.fma(root[q], kappa1[q], v) : v;
            sum += weight != null ? v * weight[q] : v;
        }
        return sum;
    }
}
