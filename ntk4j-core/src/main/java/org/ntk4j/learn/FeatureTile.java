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

    /** Rows [from, from + h) as a float32 matrix of their own (a view for float32 tiles, a copy for float16). */
    abstract FloatMatrix rows(int from, int h);

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
        FloatMatrix rows(int from, int h) {
            return from == 0 && h == rows ? m : m.rowRange(from, from + h);
        }
    }

    /**
     * float16 values times a power of two chosen from the tile's largest magnitude, so the tile's
     * values land near the top of the float16 range (below 2^14, with room to spare) whatever the
     * features' scale, and scaling back is exact.
     */
    static final class Half extends FeatureTile {
        /** Rows decoded at a time when the whole tile is rewritten (centring). */
        private static final int CHUNK_ROWS = 64;
        private final short[] data;
        private int exponent;      // stored = value · 2^(13 − exponent)

        Half(int rows, int cols, float[] values) {
            super(rows, cols);
            data = new short[rows * cols];
            float max = 0;
            for (float v : values) {
                max = Math.max(max, Math.abs(v));
            }
            exponent = exponentOf(max);
            encode(values, 0, 0, values.length, exponent);
        }

        /** The binary exponent of the largest magnitude, which the stored values scale below 2^14. */
        private static int exponentOf(float maxAbs) {
            if (!Float.isFinite(maxAbs)) {
                throw new IllegalArgumentException("features to store are not finite (largest magnitude " + maxAbs + ")");
            }
            return maxAbs > 0 ? Math.getExponent(maxAbs) : 0;
        }

        /** data[at, at + n) = values[from, from + n), scaled for a largest magnitude of binary exponent e. */
        private void encode(float[] values, int from, int at, int n, int e) {
            float scale = Math.scalb(1f, 13 - e);
            for (int i = 0; i < n; i++) {
                data[at + i] = Float.floatToFloat16(values[from + i] * scale);
            }
        }

        @Override
        Slice slice(int from, int h, float[] scratch) {
            int base = from * cols;
            int n = h * cols;
            float unscale = Math.scalb(1f, exponent - 13);
            for (int i = 0; i < n; i++) {
                scratch[i] = Float.float16ToFloat(data[base + i]) * unscale;
            }
            return new Slice(scratch, 0);
        }

        @Override
        void subtract(double[] v) {
            // the centred values can be larger than the stored ones: one pass for their new scale, one to re-encode
            float[] chunk = new float[Math.min(rows, CHUNK_ROWS) * cols];
            float max = 0;
            for (int from = 0; from < rows; from += CHUNK_ROWS) {
                int h = Math.min(CHUNK_ROWS, rows - from);
                slice(from, h, chunk);
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < cols; j++) {
                        max = Math.max(max, Math.abs((float) (chunk[i * cols + j] - v[j])));
                    }
                }
            }
            int next = exponentOf(max);
            for (int from = 0; from < rows; from += CHUNK_ROWS) {
                int h = Math.min(CHUNK_ROWS, rows - from);
                slice(from, h, chunk);                 // rows not yet re-encoded: still in the old scale
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < cols; j++) {
                        chunk[i * cols + j] = (float) (chunk[i * cols + j] - v[j]);
                    }
                }
                encode(chunk, 0, from * cols, h * cols, next);
            }
            exponent = next;
        }

        @Override
        FloatMatrix rows(int from, int h) {
            float[] out = new float[h * cols];
            slice(from, h, out);
            return new FloatMatrix(h, cols, out);
        }
    }
}
