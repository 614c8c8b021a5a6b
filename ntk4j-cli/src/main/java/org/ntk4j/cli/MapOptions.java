package org.ntk4j.cli;

import org.ntk4j.features.FeatureMapSpec;
import picocli.CommandLine.Option;

/** --map and its parameters: the feature maps. */
final class MapOptions {
    @Option(names = "--map", paramLabel = "KIND", description = "Feature map: linear (plain linear ridge).")
    String map;

    boolean given() {
        return map != null;
    }

    FeatureMapSpec spec(long seed, KernelOptions kernelOptions) {
        return switch (map) {
            case "linear" -> FeatureMapSpec.of("linear", 0);
            default -> throw new UsageError("unknown --map '" + map + "' (known: linear)");
        };
    }
}
