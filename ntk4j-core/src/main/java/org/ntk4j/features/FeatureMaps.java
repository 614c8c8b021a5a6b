package org.ntk4j.features;

/** Builds feature maps from their specs and an input shape. */
public final class FeatureMaps {
    private FeatureMaps() {
    }

    public static FeatureMap build(FeatureMapSpec spec, int[] inputShape) {
        return switch (spec.kind()) {
            case "linear" -> new LinearFeatures(inputShape);
            case "ntk-rf" -> new NtkRandomFeatures(spec, inputShape);
            case "cntk-sketch" -> new CntkSketch(spec, inputShape);
            case "ntk-sketch" -> switch (spec.getOr("variant", "direct")) {
                case "direct" -> new NtkSketch(spec, inputShape);
                case "layerwise" -> new NtkLayerwiseSketch(spec, inputShape);
                default -> throw new IllegalArgumentException("ntk-sketch variant must be direct or layerwise, got '"
                        + spec.get("variant") + "'");
            };
            default -> throw new IllegalArgumentException("unknown feature map '" + spec.kind()
                    + "' (known: ntk-sketch, ntk-rf, cntk-sketch, linear)");
        };
    }
}
