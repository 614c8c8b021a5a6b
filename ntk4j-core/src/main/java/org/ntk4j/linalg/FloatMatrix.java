package org.ntk4j.linalg;

import java.util.Arrays;

/** Dense row-major float32 matrix; element (i, j) is {@code data[i * cols + j]}. Features default to this. */
public final class FloatMatrix {
    private final int rows;
    private final int cols;
    private final float[] data;

    public FloatMatrix(int rows, int cols) {
        this(rows, cols, new float[DoubleMatrix.checkedSize(rows, cols)]);
    }

    public FloatMatrix(int rows, int cols, float[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        if (data.length != DoubleMatrix.checkedSize(rows, cols)) {
            throw new IllegalArgumentException("array of length " + data.length + " does not hold a "
                    + rows + "x" + cols + " matrix");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public float[] data() {
        return data;
    }

    public float get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, float v) {
        data[i * cols + j] = v;
    }

    public FloatMatrix rowRange(int from, int to) {
        return new FloatMatrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    /** The rows at the given indices, in that order. */
    public FloatMatrix selectRows(int[] indices) {
        FloatMatrix out = new FloatMatrix(indices.length, cols);
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(data, indices[r] * cols, out.data, r * cols, cols);
        }
        return out;
    }

    public FloatMatrix copy() {
        return new FloatMatrix(rows, cols, data.clone());
    }

    public DoubleMatrix toDouble() {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return new DoubleMatrix(rows, cols, d);
    }

    @Override
    public String toString() {
        return "FloatMatrix[" + rows + "x" + cols + "]";
    }
}
