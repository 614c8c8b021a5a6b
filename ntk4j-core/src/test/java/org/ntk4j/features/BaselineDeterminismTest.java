package org.ntk4j.features;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Parallel;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.ntk4j.features.BaselineTesting.gaussianRows;

/** A fixed seed gives bit-identical features whatever the thread count and block size. */
class BaselineDeterminismTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    static final List<FeatureMapSpec> SPECS = List.of(
            FeatureMapSpec.of("nystrom", 3, "kernel", "ntk(depth=2,convention=paper)", "dim", "24"),
            FeatureMapSpec.of("nystrom", 3, "kernel", "nngp(depth=1,convention=nt,w-std=1.2,b-std=0.1)", "dim", "24",
                    "sampling", "uniform"),
            FeatureMapSpec.of("rff", 3, "dim", "64"),
            FeatureMapSpec.of("rff", 3, "dim", "63", "phase", "true", "sigma", "2"),
            FeatureMapSpec.of("arccos-rf", 3, "depth", "2", "dim", "96"),
            FeatureMapSpec.of("arccos-rf", 3, "depth", "1", "dim", "96", "leverage", "true"),
            FeatureMapSpec.of("grad-rf", 3, "depth", "2", "dim", "300"));

    /** Features of x in blocks of the given size, stacked. */
    static float[] inBlocks(FeatureMap f, DoubleMatrix x, int block) {
        float[] out = new float[x.rows() * f.outputDim()];
        for (int from = 0; from < x.rows(); from += block) {
            int to = Math.min(x.rows(), from + block);
            FloatMatrix b = f.transform(x.rowRange(from, to));
            System.arraycopy(b.data(), 0, out, from * f.outputDim(), b.data().length);
        }
        return out;
    }

    @Test
    void featuresDoNotDependOnThreadsOrBlocks() {
        DoubleMatrix train = gaussianRows(150, 7, 1);
        DoubleMatrix x = gaussianRows(37, 7, 2);
        int[] shape = {7};
        for (FeatureMapSpec spec : SPECS) {
            Parallel.setThreads(1);
            FeatureMap one = FeatureMaps.fit(spec, shape, train);
            float[] reference = inBlocks(one, x, 37);
            Parallel.setThreads(2);
            FeatureMap two = FeatureMaps.fit(spec, shape, train);
            for (int block : new int[]{1, 5, 16}) {
                assertArrayEquals(reference, inBlocks(two, x, block), spec + " in blocks of " + block);
            }
            assertArrayEquals(reference, inBlocks(one, x, 3), spec + " same map, blocks of 3");
            if (one instanceof FittedFeatureMap a && two instanceof FittedFeatureMap b) {
                for (String name : a.state().keySet()) {
                    assertArrayEquals(a.state().get(name).data(), b.state().get(name).data(), spec + " state " + name);
                }
            }
        }
    }

    @Test
    void anotherSeedGivesOtherFeatures() {
        DoubleMatrix train = gaussianRows(150, 7, 1);
        DoubleMatrix x = gaussianRows(5, 7, 2);
        for (FeatureMapSpec spec : SPECS) {
            FeatureMapSpec other = new FeatureMapSpec(spec.kind(), spec.params(), spec.seed() + 1);
            float[] a = FeatureMaps.fit(spec, new int[]{7}, train).transform(x).data();
            float[] b = FeatureMaps.fit(other, new int[]{7}, train).transform(x).data();
            assertFalse(java.util.Arrays.equals(a, b), spec + " depends on its seed");
        }
    }
}
