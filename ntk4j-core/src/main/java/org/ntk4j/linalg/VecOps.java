package org.ntk4j.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Level-1 kernels on array slices used by the pure-Java backend. Element-wise ones (axpy, rot)
 * use FMA in the vector body and {@link Math#fma} in the tail, so an element's result does not
 * depend on where a slice starts: callers may split ranges freely without changing bits.
 */
final class VecOps {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VecOps() {
    }

    /** Σ x[xo+i]·y[yo+i] for i &lt; len. */
    static double dot(double[] x, int xo, double[] y, int yo, int len) {
        int i = 0;
        double sum = 0;
        if (len >= 2 * L) {
            DoubleVector acc0 = DoubleVector.zero(S);
            DoubleVector acc1 = acc0;
            int bound = len - 2 * L;
            for (; i <= bound; i += 2 * L) {
                acc0 = DoubleVector.fromArray(S, x, xo + i).fma(DoubleVector.fromArray(S, y, yo + i), acc0);
                acc1 = DoubleVector.fromArray(S, x, xo + i + L).fma(DoubleVector.fromArray(S, y, yo + i + L), acc1);
            }
            sum = sumLanes(acc0.add(acc1));
        }
        for (; i < len; i++) {
            sum = Math.fma(x[xo + i], y[yo + i], sum);
        }
        return sum;
    }

    /**
     * Lane sum in a fixed order. Not reduceLanes(ADD): C2 may sum the lanes in a different order
     * than the interpreter does, so the same call could round differently before and after JIT.
     */
    static double sumLanes(DoubleVector v) {
        double s = 0;
        for (int i = 0; i < L; i++) {
            s += v.lane(i);
        }
        return s;
    }

    /** y[yo+i] += a·x[xo+i] for i &lt; len. */
    static void axpy(double a, double[] x, int xo, double[] y, int yo, int len) {
        int i = 0;
        DoubleVector va = DoubleVector.broadcast(S, a);
        for (int bound = len - L; i <= bound; i += L) {
            DoubleVector.fromArray(S, x, xo + i).fma(va, DoubleVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < len; i++) {
            y[yo + i] = Math.fma(x[xo + i], a, y[yo + i]);
        }
    }

    /** x[xo+i] *= a for i &lt; len. */
    static void scal(double a, double[] x, int xo, int len) {
        for (int i = 0; i < len; i++) {
            x[xo + i] *= a;
        }
    }

    /**
     * Plane rotation of two rows: (x, y) ← (c·x − s·y, s·x + c·y), element-wise.
     */
    static void rot(double[] w, int xo, int yo, int len, double c, double s) {
        int i = 0;
        DoubleVector vc = DoubleVector.broadcast(S, c);
        DoubleVector vs = DoubleVector.broadcast(S, s);
        DoubleVector vms = DoubleVector.broadcast(S, -s);
        for (int bound = len - L; i <= bound; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, w, xo + i);
            DoubleVector y = DoubleVector.fromArray(S, w, yo + i);
            x.fma(vc, y.mul(vms)).intoArray(w, xo + i);
            x.fma(vs, y.mul(vc)).intoArray(w, yo + i);
        }
        for (; i < len; i++) {
            double x = w[xo + i];
            double y = w[yo + i];
            w[xo + i] = Math.fma(x, c, y * -s);
            w[yo + i] = Math.fma(x, s, y * c);
        }
    }
}
