package org.ntk4j.linalg;

import java.util.Arrays;

/**
 * Sparse rows in compressed sparse row form: the entries of row i are
 * {@code colIndex[rowStart[i] .. rowStart[i+1])} with values at the same positions.
 * Column indices are 0-based and strictly increasing within a row.
 */
public final class CsrMatrix implements Rows {
    private final int rows;
    private final int cols;
    private final int[] rowStart;
    private final int[] colIndex;
    private final double[] values;

    public CsrMatrix(int rows, int cols, int[] rowStart, int[] colIndex, double[] values) {
        if (rowStart.length != rows + 1) {
            throw new IllegalArgumentException("rowStart has length " + rowStart.length + ", expected " + (rows + 1));
        }
        if (colIndex.length != values.length || rowStart[rows] != values.length) {
            throw new IllegalArgumentException("index and value arrays disagree: " + colIndex.length + " indices, "
                    + values.length + " values, rowStart ends at " + rowStart[rows]);
        }
        for (int i = 0; i < rows; i++) {
            if (rowStart[i] > rowStart[i + 1]) {
                throw new IllegalArgumentException("rowStart decreases at row " + i);
            }
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                int c = colIndex[p];
                if (c < 0 || c >= cols) {
                    throw new IllegalArgumentException("row " + i + " has column " + c + " outside [0, " + cols + ")");
                }
                if (p > rowStart[i] && colIndex[p - 1] >= c) {
                    throw new IllegalArgumentException("row " + i + " has unsorted or repeated column " + c);
                }
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.rowStart = rowStart;
        this.colIndex = colIndex;
        this.values = values;
    }

    public static CsrMatrix fromDense(DoubleMatrix m) {
        int nnz = 0;
        for (double v : m.data()) {
            if (v != 0) {
                nnz++;
            }
        }
        int[] start = new int[m.rows() + 1];
        int[] idx = new int[nnz];
        double[] val = new double[nnz];
        int p = 0;
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                double v = m.get(i, j);
                if (v != 0) {
                    idx[p] = j;
                    val[p++] = v;
                }
            }
            start[i + 1] = p;
        }
        return new CsrMatrix(m.rows(), m.cols(), start, idx, val);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    public int nnz() {
        return values.length;
    }

    public int[] rowStart() {
        return rowStart;
    }

    public int[] colIndex() {
        return colIndex;
    }

    public double[] values() {
        return values;
    }

    @Override
    public DoubleMatrix dense() {
        DoubleMatrix m = new DoubleMatrix(rows, cols);
        double[] d = m.data();
        for (int i = 0; i < rows; i++) {
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                d[i * cols + colIndex[p]] = values[p];
            }
        }
        return m;
    }

    /** Rows [from, to) as a new matrix. */
    @Override
    public CsrMatrix rowRange(int from, int to) {
        int[] start = new int[to - from + 1];
        for (int i = from; i <= to; i++) {
            start[i - from] = rowStart[i] - rowStart[from];
        }
        return new CsrMatrix(to - from, cols, start,
                Arrays.copyOfRange(colIndex, rowStart[from], rowStart[to]),
                Arrays.copyOfRange(values, rowStart[from], rowStart[to]));
    }

    /** The rows at the given indices, in that order. */
    @Override
    public CsrMatrix selectRows(int[] indices) {
        int nnz = 0;
        for (int r : indices) {
            nnz += rowStart[r + 1] - rowStart[r];
        }
        int[] start = new int[indices.length + 1];
        int[] idx = new int[nnz];
        double[] val = new double[nnz];
        int p = 0;
        for (int k = 0; k < indices.length; k++) {
            int r = indices[k];
            int len = rowStart[r + 1] - rowStart[r];
            System.arraycopy(colIndex, rowStart[r], idx, p, len);
            System.arraycopy(values, rowStart[r], val, p, len);
            p += len;
            start[k + 1] = p;
        }
        return new CsrMatrix(indices.length, cols, start, idx, val);
    }

    /** The same rows seen with more columns (new columns are zero), e.g. to match a training set's width. */
    public CsrMatrix withCols(int newCols) {
        if (newCols < cols) {
            for (int c : colIndex) {
                if (c >= newCols) {
                    throw new IllegalArgumentException("column " + c + " does not fit in " + newCols + " columns");
                }
            }
        }
        return new CsrMatrix(rows, newCols, rowStart, colIndex, values);
    }
}
