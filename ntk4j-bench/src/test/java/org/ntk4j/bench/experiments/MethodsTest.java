package org.ntk4j.bench.experiments;

import org.junit.jupiter.api.Test;
import org.ntk4j.features.FeatureMaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MethodsTest {
    @Test
    void pooledSketchUsesTheSettingsGridWhenMIsLargeEnoughAndASmallerOneOtherwise() {
        Methods.Settings s = Methods.Settings.defaults(1);
        assertEquals(4, s.pool());
        assertEquals(4, Methods.poolFor(4096, s));
        assertEquals(4, Methods.poolFor(1024, s)); // 64 features per region
        assertEquals(2, Methods.poolFor(256, s));  // 16 per region is below f = 4's 36; 64 per region at 2x2
        assertEquals(1, Methods.poolFor(100, s));
        // a grid finer than the last layer is capped at it: 28x28 images end in 19x19 after 3 layers of f = 4
        assertEquals(19, Methods.lastLayerSide(new int[]{1, 28, 28}, s));
        assertEquals(23, Methods.lastLayerSide(new int[]{3, 32, 32}, s));
        // every spec it gives builds on Fashion-MNIST-sized images with the promised width
        for (int m : new int[]{256, 512, 1024, 4096}) {
            var map = FeatureMaps.build(Methods.mapSpec("cntk-sketch-pooled", m, s, 1), new int[]{1, 28, 28});
            assertEquals(m, map.outputDim());
        }
    }
}
