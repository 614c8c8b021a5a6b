package org.ntk4j.learn;

import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.random.RandomStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureTileTest {
    /** rows×cols Gaussian values times magnitude. */
    private static FloatMatrix gaussian(int rows, int cols, double magnitude, long seed) {
        double[] g = new double[rows * cols];
        RandomStream.of(seed).fillGaussian(g);
        float[] f = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            f[i] = (float) (g[i] * magnitude);
        }
        return new FloatMatrix(rows, cols, f);
    }

    @Test
    void float16KeepsElevenSignificantBitsAtAnyScale() {
        for (double magnitude : new double[]{1e-9, 1e-3, 1, 1e6}) {
            FloatMatrix phi = gaussian(30, 50, magnitude, 3);
            FeatureTile tile = FeatureTile.of(phi, IterativeRidge.Store.FLOAT16);
            float[] back = tile.rows(0, tile.rows).data();
            float max = 0;
            for (float v : phi.data()) {
                max = Math.max(max, Math.abs(v));
            }
            for (int i = 0; i < back.length; i++) {
                float v = phi.data()[i];
                // relative 2^-11 for the normal range; an absolute floor for the few values far below the tile's largest
                double bound = Math.max(Math.abs(v) * 0x1p-11, max * 0x1p-24);
                assertTrue(Math.abs(back[i] - v) <= bound, "magnitude " + magnitude + ": " + v + " -> " + back[i]);
            }
        }
    }

    @Test
    void slicesAndCentringAgreeWithTheFloat32Tile() {
        FloatMatrix phi = gaussian(150, 40, 2, 5);   // 150 rows: the float16 tile re-encodes them in chunks of 64
        for (int i = 0; i < phi.data().length; i++) {
            phi.data()[i] += 50;   // a large common offset: the centred values are much smaller than the stored ones
        }
        double[] mean = new double[40];
        java.util.Arrays.fill(mean, 50);
        FeatureTile single = FeatureTile.of(phi.copy(), IterativeRidge.Store.FLOAT32);
        FeatureTile half = FeatureTile.of(phi.copy(), IterativeRidge.Store.FLOAT16);
        single.subtract(mean);
        half.subtract(mean);
        for (int from : new int[]{7, 60, 140}) {
            float[] scratch = new float[5 * 40];
            FeatureTile.Slice s = single.slice(from, 5, scratch);
            FeatureTile.Slice h = half.slice(from, 5, scratch);
            assertEquals(from * 40, s.offset(), "float32 slices are views");
            assertSame(scratch, h.data(), "float16 slices are converted into the scratch array");
            for (int i = 0; i < 5 * 40; i++) {
                float exact = s.data()[s.offset() + i];
                // stored at 2^-11 of 64 before centring (0.03), re-encoded at the centred scale
                assertEquals(exact, h.data()[i], 0.032 + Math.abs(exact) * 0x1p-10, "row " + from + ", entry " + i);
            }
        }
        assertEquals(single.rows(60, 5).get(2, 3), half.rows(60, 5).get(2, 3), 0.04, "rows() reads the same slice");
    }

    @Test
    void featuresThatAreNotFiniteAreRefused() {
        FloatMatrix phi = gaussian(2, 3, 1, 1);
        phi.data()[4] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureTile.of(phi, IterativeRidge.Store.FLOAT16));
        assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    }
}
