package org.ntk4j.features;

/** Builds feature maps from their specs and an input shape. */
public final class FeatureMaps {
    private FeatureMaps() {
    }

    public static FeatureMap build(FeatureMapSpec spec, int[] inputShape) {
        return switch (spec.kind()) {
            case "linear" -> new LinearFeatures(inputShape);
            case "ntk-rf" -> new NtkRandomFeatures(spec, inputShape);
            case "ntk-sketch" -> new NtkSketch(spec, inputShape);
            default -> throw new IllegalArgumentException("unknown feature map '" + spec.kind()
                    + "' (known: ntk-sketch, ntk-rf, linear)");
        };
    }
}
