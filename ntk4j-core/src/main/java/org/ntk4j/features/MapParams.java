package org.ntk4j.features;

import java.util.Set;

/** Checks of feature-map spec parameters shared by the baseline maps. */
final class MapParams {
    private MapParams() {
    }

    /** Rejects parameters the map does not know, so a typo is not silently ignored. */
    static void allowOnly(FeatureMapSpec spec, String... keys) {
        Set<String> known = Set.of(keys);
        for (String k : spec.params().keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("feature map " + spec.kind() + " has no parameter '" + k
                        + "' (known: " + String.join(", ", keys) + ")");
            }
        }
    }

    /** A required integer parameter of at least {@code min}. */
    static int atLeast(FeatureMapSpec spec, String key, int min) {
        int v = spec.getInt(key);
        if (v < min) {
            throw new IllegalArgumentException("feature map " + spec.kind() + " needs " + key + " >= " + min + ", got " + v);
        }
        return v;
    }

    /** The width of a flat input; image shapes are read as their flattened rows. */
    static int flatDim(int[] inputShape) {
        int d = 1;
        for (int s : inputShape) {
            if (s < 1) {
                throw new IllegalArgumentException("input shape has a non-positive size");
            }
            d = Math.multiplyExact(d, s);
        }
        return d;
    }
}
