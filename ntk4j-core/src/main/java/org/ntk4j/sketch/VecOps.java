package org.ntk4j.sketch;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The element-wise loops of the sketches' hot paths. */
final class VecOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VecOps() {
    }

    /** dst[dOff+i] = x[xOff+i]·sign[sOff+i] for i &lt; len, then zeros up to dst[dOff+padTo). */
    static void signMulPad(float[] x, int xOff, float[] sign, int sOff, float[] dst, int dOff, int len, int padTo) {
        int i = 0;
        for (int upper = S.loopBound(len); i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, sign, sOff + i)).intoArray(dst, dOff + i);
        }
        for (; i < len; i++) {
            dst[dOff + i] = x[xOff + i] * sign[sOff + i];
        }
        Arrays.fill(dst, dOff + len, dOff + padTo, 0f);
    }

    /** dst[dOff+i] = scale·src[sOff+i] for i &lt; len. */
    static void scale(float[] src, int sOff, float scale, float[] dst, int dOff, int len) {
        int i = 0;
        for (int upper = S.loopBound(len); i < upper; i += S.length()) {
            FloatVector.fromArray(S, src, sOff + i).mul(scale).intoArray(dst, dOff + i);
        }
        for (; i < len; i++) {
            dst[dOff + i] = scale * src[sOff + i];
        }
    }
}
