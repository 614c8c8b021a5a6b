package org.ntk4j.spark;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Rows;

import java.util.List;

/** Conversions between Spark column values (ml Vectors, numeric arrays) and ntk4j row blocks. */
final class VectorBlocks {
    private VectorBlocks() {
    }

    /** Width of one column value: a vector's size or an array's length. */
    static int width(Object value, String column) {
        if (value == null) {
            throw new IllegalArgumentException("column '" + column + "' has a null value; drop or impute such rows first");
        }
        if (value instanceof Vector v) {
            return v.size();
        }
        if (value instanceof List<?> l) {
            return l.size();
        }
        if (value instanceof scala.collection.Seq<?> s) {
            return s.length();
        }
        throw badValue(value, column);
    }

    /**
     * The column values of a block of rows as ntk4j input rows, each of width d: a CSR block when
     * every value is a sparse vector (the maps' sparse path), else a dense block.
     */
    static Rows toRows(List<Row> rows, int column, String name, int d) {
        boolean allSparse = true;
        for (Row r : rows) {
            Object v = value(r, column, name, d);
            allSparse &= v instanceof SparseVector;
        }
        return allSparse ? sparse(rows, column, d) : dense(rows, column, name, d);
    }

    private static Object value(Row r, int column, String name, int d) {
        Object v = r.get(column);
        int w = width(v, name);
        if (w != d) {
            throw new IllegalArgumentException("column '" + name + "' has a value of width " + w + ", expected " + d
                    + " (all rows must have the same width, equal to the input shape)");
        }
        return v;
    }

    private static CsrMatrix sparse(List<Row> rows, int column, int d) {
        int nnz = 0;
        for (Row r : rows) {
            nnz += ((SparseVector) r.get(column)).indices().length;
        }
        int[] start = new int[rows.size() + 1];
        int[] idx = new int[nnz];
        double[] val = new double[nnz];
        int p = 0;
        for (int i = 0; i < rows.size(); i++) {
            SparseVector v = (SparseVector) rows.get(i).get(column);
            int len = v.indices().length;
            System.arraycopy(v.indices(), 0, idx, p, len);
            System.arraycopy(v.values(), 0, val, p, len);
            p += len;
            start[i + 1] = p;
        }
        return new CsrMatrix(rows.size(), d, start, idx, val);
    }

    private static DoubleMatrix dense(List<Row> rows, int column, String name, int d) {
        DoubleMatrix m = new DoubleMatrix(rows.size(), d);
        double[] out = m.data();
        for (int i = 0; i < rows.size(); i++) {
            copyInto(rows.get(i).get(column), name, out, i * d);
        }
        return m;
    }

    /** Writes one value's d numbers (zeros included) at out[offset ...]. */
    static void copyInto(Object value, String name, double[] out, int offset) {
        switch (value) {
            case DenseVector v -> System.arraycopy(v.values(), 0, out, offset, v.size());
            case SparseVector v -> {
                java.util.Arrays.fill(out, offset, offset + v.size(), 0.0);
                int[] idx = v.indices();
                double[] val = v.values();
                for (int p = 0; p < idx.length; p++) {
                    out[offset + idx[p]] = val[p];
                }
            }
            case List<?> l -> {
                for (int j = 0; j < l.size(); j++) {
                    out[offset + j] = number(l.get(j), name);
                }
            }
            case scala.collection.Seq<?> s -> {
                for (int j = 0; j < s.length(); j++) {
                    out[offset + j] = number(s.apply(j), name);
                }
            }
            default -> throw badValue(value, name);
        }
    }

    private static double number(Object o, String name) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("column '" + name + "' holds an array with a null or non-numeric element");
    }

    private static IllegalArgumentException badValue(Object value, String column) {
        return new IllegalArgumentException("column '" + column + "' must hold ml Vectors or numeric arrays, found "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /** Row i of float32 features as a dense ml Vector (float → double is exact). */
    static DenseVector row(FloatMatrix features, int i) {
        int m = features.cols();
        float[] f = features.data();
        double[] out = new double[m];
        for (int j = 0; j < m; j++) {
            out[j] = f[i * m + j];
        }
        return new DenseVector(out);
    }

    /** Row i of float64 features as a dense ml Vector. */
    static DenseVector row(DoubleMatrix features, int i) {
        return new DenseVector(features.row(i));
    }
}
