package org.ntk4j.features;

import org.ntk4j.kernel.KernelSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model file stores instead of random matrices: the kind of feature map, its parameters
 * and its seed, written as {@code kind(key=value,...,seed=S)}. The same spec and input shape
 * rebuild bit-identical features on any machine and thread count.
 */
public record FeatureMapSpec(String kind, Map<String, String> params, long seed) {

    public FeatureMapSpec {
        if (kind == null || !kind.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("invalid feature map kind '" + kind + "'");
        }
        if (params.containsKey("seed")) {
            throw new IllegalArgumentException("the seed is not a parameter; pass it separately");
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static FeatureMapSpec of(String kind, long seed, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in key, value pairs");
        }
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return new FeatureMapSpec(kind, p, seed);
    }

    /** Parses the form produced by {@link #toString()}. */
    public static FeatureMapSpec parse(String text) {
        return KernelSpec.SpecText.parse(text, (kind, params) -> {
            Map<String, String> p = new LinkedHashMap<>(params);
            String seed = p.remove("seed");
            if (seed == null) {
                throw new IllegalArgumentException("feature map spec '" + text + "' has no seed");
            }
            try {
                return new FeatureMapSpec(kind, p, Long.parseLong(seed));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("seed of '" + text + "' is not an integer");
            }
        });
    }

    public String get(String key) {
        String v = params.get(key);
        if (v == null) {
            throw new IllegalArgumentException("feature map " + kind + " needs parameter '" + key + "'");
        }
        return v;
    }

    public int getInt(String key) {
        return KernelSpec.SpecText.toInt(kind, key, get(key));
    }

    public int getInt(String key, int fallback) {
        return params.containsKey(key) ? getInt(key) : fallback;
    }

    public double getDouble(String key) {
        return KernelSpec.SpecText.toDouble(kind, key, get(key));
    }

    public double getDouble(String key, double fallback) {
        return params.containsKey(key) ? getDouble(key) : fallback;
    }

    public boolean getBoolean(String key, boolean fallback) {
        String v = params.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(kind + " parameter " + key + " must be true or false, got '" + v + "'");
        };
    }

    public String getOr(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }

    @Override
    public String toString() {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("seed", Long.toString(seed));
        return KernelSpec.SpecText.format(kind, all);
    }
}
