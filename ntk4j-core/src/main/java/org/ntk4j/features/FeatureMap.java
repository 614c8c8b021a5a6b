package org.ntk4j.features;

import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Rows;

/**
 * Maps input rows to feature rows whose inner products approximate a kernel.
 * Immutable and thread-safe; built deterministically from a {@link FeatureMapSpec}. The features
 * of a row never depend on the other rows of its block, nor on the thread count.
 */
public interface FeatureMap {

    FeatureMapSpec spec();

    /** Shape of one input row: {d} for vectors, {C, H, W} for images. */
    int[] inputShape();

    /** Number of input columns (the product of the input shape). */
    default int inputDim() {
        int d = 1;
        for (int s : inputShape()) {
            d *= s;
        }
        return d;
    }

    int outputDim();

    /** Features of a block of rows, float32. */
    FloatMatrix transform(Rows block);

    /** Features in float64; maps that compute in float32 widen their result. */
    default DoubleMatrix transformDouble(Rows block) {
        return transform(block).toDouble();
    }

    /** A short human-readable summary for logs and reports. */
    default String describe() {
        return spec() + " -> " + outputDim() + " features";
    }

    /** Checks that a block has this map's input width. */
    default void checkInput(Rows block) {
        if (block.cols() != inputDim()) {
            throw new IllegalArgumentException("input has " + block.cols() + " columns, the feature map "
                    + spec().kind() + " expects " + inputDim());
        }
    }
}
