package org.ntk4j.features;

import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

import java.util.Map;

/** Builds feature maps from their specs and an input shape. */
public final class FeatureMaps {
    private FeatureMaps() {
    }

    /** A data-independent map, rebuilt from its spec alone. */
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
            case "rff" -> new RandomFourierFeatures(spec, inputShape);
            case "arccos-rf" -> new ArcCosineFeatures(spec, inputShape);
            case "grad-rf" -> new GradientFeatures(spec, inputShape);
            case "nystrom" -> throw new IllegalArgumentException("feature map nystrom is fitted to training inputs: "
                    + "use FeatureMaps.fit, or FeatureMaps.restore with its saved state");
            default -> throw new IllegalArgumentException("unknown feature map '" + spec.kind()
                    + "' (known: ntk-sketch, ntk-rf, cntk-sketch, nystrom, rff, arccos-rf, grad-rf, linear)");
        };
    }

    /**
     * The map of a spec fitted to training inputs (already preprocessed). Data-independent maps
     * ignore the rows, so this works for every kind; the model trainer always calls it.
     */
    public static FeatureMap fit(FeatureMapSpec spec, int[] inputShape, Rows trainInputs) {
        if (spec.kind().equals("nystrom")) {
            return NystromFeatures.fit(spec, inputShape, trainInputs);
        }
        return build(spec, inputShape);
    }

    /** Rebuilds a map from its spec and the {@link FittedFeatureMap#state()} saved with it (empty for data-independent maps). */
    public static FeatureMap restore(FeatureMapSpec spec, int[] inputShape, Map<String, DoubleMatrix> state) {
        if (spec.kind().equals("nystrom")) {
            return NystromFeatures.restore(spec, inputShape, state);
        }
        if (!state.isEmpty()) {
            throw new IllegalArgumentException("feature map " + spec.kind() + " has no fitted state, but "
                    + state.size() + " arrays were given: " + state.keySet());
        }
        return build(spec, inputShape);
    }
}
