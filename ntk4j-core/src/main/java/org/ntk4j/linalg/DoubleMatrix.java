package org.ntk4j.linalg;

import java.util.Arrays;

/**
 * Dense row-major float64 matrix over one plain array: element (i, j) is {@code data[i * cols + j]}.
 * Arrays are exposed on purpose: numeric code works on them directly (EJML/JTransforms style).
 */
public final class DoubleMatrix implements Rows {
    private final int rows;
    private final int cols;
    private final double[] data;

    public DoubleMatrix(int rows, int cols) {
        this(rows, cols, new double[checkedSize(rows, cols)]);
    }

    public DoubleMatrix(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        if (data.length != checkedSize(rows, cols)) {
            throw new IllegalArgumentException("array of length " + data.length + " does not hold a "
                    + rows + "x" + cols + " matrix");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    static int checkedSize(int rows, int cols) {
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + rows + "x" + cols
                    + " matrix exceeds the 2^31 elements one Java array holds; use smaller blocks");
        }
        return (int) size;
    }

    public static DoubleMatrix identity(int n) {
        DoubleMatrix m = new DoubleMatrix(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i * n + i] = 1.0;
        }
        return m;
    }

    /** Copies rows of a jagged array; all rows must have the same length. */
    public static DoubleMatrix of(double[][] values) {
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        DoubleMatrix m = new DoubleMatrix(r, c);
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + values[i].length + " values, expected " + c);
            }
            System.arraycopy(values[i], 0, m.data, i * c, c);
        }
        return m;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    public double[] data() {
        return data;
    }

    public double get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, double v) {
        data[i * cols + j] = v;
    }

    public void add(int i, int j, double v) {
        data[i * cols + j] += v;
    }

    public double[] row(int i) {
        return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }

    public double[] column(int j) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = data[i * cols + j];
        }
        return out;
    }

    @Override
    public DoubleMatrix dense() {
        return this;
    }

    /** Rows [from, to) as a new matrix. */
    @Override
    public DoubleMatrix rowRange(int from, int to) {
        return new DoubleMatrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    /** The rows at the given indices, in that order. */
    @Override
    public DoubleMatrix selectRows(int[] indices) {
        DoubleMatrix out = new DoubleMatrix(indices.length, cols);
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(data, indices[r] * cols, out.data, r * cols, cols);
        }
        return out;
    }

    /** The columns at the given indices, in that order. */
    public DoubleMatrix selectColumns(int[] indices) {
        DoubleMatrix out = new DoubleMatrix(rows, indices.length);
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < indices.length; c++) {
                out.data[i * indices.length + c] = data[i * cols + indices[c]];
            }
        }
        return out;
    }

    public DoubleMatrix transpose() {
        DoubleMatrix t = new DoubleMatrix(cols, rows);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t.data[j * rows + i] = data[i * cols + j];
            }
        }
        return t;
    }

    public DoubleMatrix copy() {
        return new DoubleMatrix(rows, cols, data.clone());
    }

    public FloatMatrix toFloat() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return new FloatMatrix(rows, cols, f);
    }

    /** Largest absolute element-wise difference; shapes must agree. */
    public double maxAbsDiff(DoubleMatrix other) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("shape " + other.rows + "x" + other.cols + " differs from " + rows + "x" + cols);
        }
        double max = 0;
        for (int i = 0; i < data.length; i++) {
            max = Math.max(max, Math.abs(data[i] - other.data[i]));
        }
        return max;
    }

    public double frobeniusNorm() {
        double s = 0;
        for (double v : data) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** ‖this − reference‖_F / ‖reference‖_F, the error measure of the spec's tests. */
    public double relativeFrobeniusError(DoubleMatrix reference) {
        if (reference.rows != rows || reference.cols != cols) {
            throw new IllegalArgumentException("shape " + reference.rows + "x" + reference.cols + " differs from " + rows + "x" + cols);
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < data.length; i++) {
            double d = data[i] - reference.data[i];
            num += d * d;
            den += reference.data[i] * reference.data[i];
        }
        return Math.sqrt(num / den);
    }

    @Override
    public String toString() {
        return "DoubleMatrix[" + rows + "x" + cols + "]";
    }
}
