package org.ntk4j.spark;

import org.ntk4j.features.FeatureMap;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.features.FeatureMaps;
import org.ntk4j.model.Preprocessing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One feature map instance per executor JVM and (spec, input shape): maps are rebuilt from their
 * small spec text, which is all that travels to executors, and reused by every task afterwards.
 * Bounded (least recently used goes first) because a CrossValidator grid builds several maps.
 */
public final class FeatureMapCache {
    private static final int MAX_MAPS = 8;

    private static final Map<String, FeatureMap> MAPS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FeatureMap> eldest) {
            return size() > MAX_MAPS;
        }
    };

    private FeatureMapCache() {
    }

    /** The map for a spec text and input shape, built on first use in this JVM. */
    public static FeatureMap get(String specText, int[] inputShape) {
        ExecutorThreads.useTaskCores();
        String key = specText + "|" + Preprocessing.shapeText(inputShape);
        // Built under the lock: concurrent tasks of one executor then build a large map once, not
        // once each (maps are deterministic, so the only cost of a duplicate would be memory).
        synchronized (MAPS) {
            return MAPS.computeIfAbsent(key, k -> FeatureMaps.build(FeatureMapSpec.parse(specText), inputShape));
        }
    }

    /** Number of cached maps (for tests). */
    static int size() {
        synchronized (MAPS) {
            return MAPS.size();
        }
    }
}
