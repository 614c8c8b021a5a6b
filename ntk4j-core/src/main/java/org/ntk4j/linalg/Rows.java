package org.ntk4j.linalg;

/** A block of input rows, dense or sparse: what readers produce and feature maps consume. */
public sealed interface Rows permits DoubleMatrix, CsrMatrix {
    int rows();

    int cols();

    /** Rows [from, to) as a new block of the same kind. */
    Rows rowRange(int from, int to);

    /** The rows at the given indices, in that order, as a new block of the same kind. */
    Rows selectRows(int[] indices);

    /** The same rows as a dense matrix (a copy for sparse input, this matrix for dense). */
    DoubleMatrix dense();
}
