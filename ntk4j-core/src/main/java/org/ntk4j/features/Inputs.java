package org.ntk4j.features;

import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

/** Input blocks as the float32 arrays the feature maps compute on. */
final class Inputs {
    private Inputs() {
    }

    /** Row-major float copy of a dense or sparse block. */
    static float[] toFloat(Rows block) {
        int d = block.cols();
        float[] out = new float[Math.multiplyExact(block.rows(), d)];
        if (block instanceof CsrMatrix s) {
            int[] start = s.rowStart();
            int[] idx = s.colIndex();
            double[] val = s.values();
            for (int i = 0; i < s.rows(); i++) {
                for (int p = start[i]; p < start[i + 1]; p++) {
                    out[i * d + idx[p]] = (float) val[p];
                }
            }
        } else {
            double[] a = ((DoubleMatrix) block).data();
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) a[i];
            }
        }
        return out;
    }
}
