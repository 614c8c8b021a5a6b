package org.ntk4j.features;

/** What every feature map keeps: the spec it was built from and the shape of one input row. */
abstract class BaseFeatureMap implements FeatureMap {
    private final FeatureMapSpec spec;
    private final int[] shape;

    BaseFeatureMap(FeatureMapSpec spec, int[] inputShape) {
        this.spec = spec;
        this.shape = inputShape.clone();
    }

    @Override
    public final FeatureMapSpec spec() {
        return spec;
    }

    @Override
    public final int[] inputShape() {
        return shape.clone();
    }
}
