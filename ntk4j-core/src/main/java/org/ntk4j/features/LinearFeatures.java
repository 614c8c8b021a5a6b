package org.ntk4j.features;

import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Rows;

/** The identity map: ridge on it is plain linear ridge regression, the baseline of every table. */
public final class LinearFeatures extends BaseFeatureMap {

    public LinearFeatures(int[] inputShape) {
        super(FeatureMapSpec.of("linear", 0), inputShape);
    }

    @Override
    public int outputDim() {
        return inputDim();
    }

    @Override
    public FloatMatrix transform(Rows block) {
        return transformDouble(block).toFloat();
    }

    @Override
    public DoubleMatrix transformDouble(Rows block) {
        checkInput(block);
        DoubleMatrix d = block.dense();
        return d == block ? d.copy() : d;
    }
}
