package org.ntk4j.learn;

import org.ntk4j.linalg.FloatMatrix;

/**
 * A tile of consecutive feature rows stored for conjugate gradients, read back as float32 row
 * slices for the products: float32 as computed, or float16 (IEEE binary16: half the memory, about
 * 3 significant digits; {@link IterativeRidge.Store#FLOAT16}).
 */
abstract sealed class FeatureTile permits FeatureTile.Single, FeatureTile.Half {
    /** Rows [from, from + h) of a tile as float32, row-major, starting at data[offset]. */
    record Slice(float[] data, int offset) {
    }

    final int rows;
    final int cols;

    private FeatureTile(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    static FeatureTile of(FloatMatrix phi, IterativeRidge.Store store) {
        return store == IterativeRidge.Store.FLOAT32 ? new Single(phi) : new Half(phi.rows(), phi.cols(), phi.data());
    }

    /**
     * Rows [from, from + h) as float32. Float32 tiles hand out their own array (write through it
     * only via {@link #subtract}); float16 tiles convert into scratch (at least h·cols long).
     */
    abstract Slice slice(int from, int h, float[] scratch);

    /** Subtracts v from every row, in place. */
    abstract void subtract(double[] v);

    /** The tile as a float32 matrix (a copy for float16 tiles). */
    abstract FloatMatrix toFloat();

    static final class Single extends FeatureTile {
        private final FloatMatrix m;

        Single(FloatMatrix m) {
            super(m.rows(), m.cols());
            this.m = m;
        }

        @Override
        Slice slice(int from, int h, float[] scratch) {
            return new Slice(m.data(), from * cols);
        }

        @Override
        void subtract(double[] v) {
            float[] f = m.data();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    f[i * cols + j] = (float) (f[i * cols + j] - v[j]);
                }
            }
        }

        @Override
        FloatMatrix toFloat() {
            return m;
        }
    }

    /**
     * float16 values times a power of two chosen from the tile's largest magnitude, so the tile's
     * values land near the top of the float16 range (below 2^14, with room to spare) whatever the
     * features' scale, and scaling back is exact.
     */
    static final class Half extends FeatureTile {
        private final short[] data;
        private float scale;       // stored = value · scale
        private float unscale;     // 1/scale

        Half(int rows, int cols, float[] values) {
            super(rows, cols);
            data = new short[rows * cols];
            encode(values, 0, maxAbs(values, 0, values.length));
        }

        private static float maxAbs(float[] v, int from, int to) {
            float max = 0;
            for (int i = from; i < to; i++) {
                max = Math.max(max, Math.abs(v[i]));
            }
            return max;
        }

        /** Stores values (row-major, the whole tile from offset 0) with a scale for their largest magnitude. */
        private void encode(float[] values, int offset, float maxAbs) {
            if (!Float.isFinite(maxAbs)) {
                throw new IllegalArgumentException("features to store are not finite (largest magnitude " + maxAbs + ")");
            }
            int e = maxAbs > 0 ? Math.getExponent(maxAbs) : 0;
            scale = Math.scalb(1f, 13 - e);       // maxAbs·scale < 2^14
            unscale = Math.scalb(1f, e - 13);
            for (int i = 0; i < data.length; i++) {
                data[i] = Float.floatToFloat16(values[offset + i] * scale);
            }
        }

        @Override
        Slice slice(int from, int h, float[] scratch) {
            int base = from * cols;
            int n = h * cols;
            float u = unscale;
            for (int i = 0; i < n; i++) {
                scratch[i] = Float.float16ToFloat(data[base + i]) * u;
            }
            return new Slice(scratch, 0);
        }

        @Override
        void subtract(double[] v) {
            // the centred values can be larger than the stored ones: decode, subtract, re-encode with a new scale
            float[] centred = toFloat().data();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    centred[i * cols + j] = (float) (centred[i * cols + j] - v[j]);
                }
            }
            encode(centred, 0, maxAbs(centred, 0, centred.length));
        }

        @Override
        FloatMatrix toFloat() {
            float[] out = new float[rows * cols];
            slice(0, rows, out);
            return new FloatMatrix(rows, cols, out);
        }
    }
}
