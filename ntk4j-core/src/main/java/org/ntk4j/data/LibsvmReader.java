package org.ntk4j.data;

import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads LIBSVM / svmlight text ({@code <label> <index>:<value> ...}, optionally gzip compressed)
 * into sparse inputs and a one-column numeric target (call {@link Dataset#asClassification()}
 * for class labels).
 *
 * <p>Rules: indices are 1-based and strictly increasing within a line; {@code qid:<n>} is
 * ignored; everything after {@code #} is a comment; blank lines are skipped; a row may have no
 * features. Values and labels must be finite numbers. Explicit zero values are kept as written.
 * The width is the largest index seen, unless a dimension is given (so a test file matches its
 * training set's width); an index beyond the given dimension is an error, and without a given
 * dimension indices above {@value #MAX_INFERRED_DIMENSION} are rejected as probably corrupt.
 */
public final class LibsvmReader {
    /** Largest index accepted when the dimension is inferred from the data. */
    public static final int MAX_INFERRED_DIMENSION = 100_000_000;
    /** Largest dimension that may be given (a Java array bound). */
    public static final int MAX_DIMENSION = Integer.MAX_VALUE - 8;

    private LibsvmReader() {
    }

    /** Reads with the dimension inferred from the largest index. */
    public static Dataset read(Path file) throws IOException {
        return read(file, 0);
    }

    /**
     * Reads with a given dimension (number of input columns), or 0 to infer it from the largest index.
     */
    public static Dataset read(Path file, int dimension) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), dimension);
        }
    }

    /** Reads from a stream; {@code name} is used in messages and as the data set's source. */
    public static Dataset read(InputStream in, String name, int dimension) throws IOException {
        if (dimension < 0 || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension must be in [0, " + MAX_DIMENSION + "], got " + dimension);
        }
        try (LineReader lines = new LineReader(in, name)) {
            return parse(lines, dimension);
        }
    }

    private static Dataset parse(LineReader lines, int dimension) throws IOException {
        String name = lines.name();
        long maxIndex = dimension > 0 ? dimension : MAX_INFERRED_DIMENSION;
        GrowableDoubles labels = new GrowableDoubles(1 << 12);
        GrowableInts rowStart = new GrowableInts(1 << 12);
        GrowableInts cols = new GrowableInts(1 << 16);
        GrowableDoubles values = new GrowableDoubles(1 << 16);
        rowStart.add(0);
        int width = 0;
        while (lines.next()) {
            byte[] buf = lines.buf;
            int end = lines.end;
            for (int i = lines.start; i < end; i++) {
                if (buf[i] == '#') {
                    end = i;
                    break;
                }
            }
            int i = skipBlanks(buf, lines.start, end);
            if (i == end) {
                continue;
            }
            long line = lines.lineNumber;
            int s = i;
            i = skipToken(buf, i, end);
            double label = Numbers.parse(buf, s, i);
            if (Double.isNaN(label)) {
                String problem = Numbers.problem(buf, s, i);
                for (int p = s; p < i; p++) {
                    if (buf[p] == ',') {
                        problem = "multi-label rows are not supported (label " + DataFormatException.quote(buf, s, i) + ")";
                    } else if (buf[p] == ':') {
                        problem = "expected a label before the features, found " + DataFormatException.quote(buf, s, i);
                    }
                }
                throw DataFormatException.atLine(name, line, 1, "label: " + problem);
            }
            int field = 1;
            long previous = 0;
            while ((i = skipBlanks(buf, i, end)) < end) {
                field++;
                s = i;
                i = skipToken(buf, i, end);
                int colon = s;
                while (colon < i && buf[colon] != ':') {
                    colon++;
                }
                if (colon == i) {
                    throw DataFormatException.atLine(name, line, field, "expected <index>:<value>, found "
                            + DataFormatException.quote(buf, s, i));
                }
                if (colon - s == 3 && buf[s] == 'q' && buf[s + 1] == 'i' && buf[s + 2] == 'd') {
                    if (Numbers.parseIndex(buf, colon + 1, i) < 0) {
                        throw DataFormatException.atLine(name, line, field, "expected qid:<integer>, found "
                                + DataFormatException.quote(buf, s, i));
                    }
                    continue;
                }
                long index = Numbers.parseIndex(buf, s, colon);
                if (index < 0) {
                    throw DataFormatException.atLine(name, line, field, "expected a feature index (a positive integer)"
                            + " before ':', found " + DataFormatException.quote(buf, s, i));
                }
                if (index == 0) {
                    throw DataFormatException.atLine(name, line, field, "feature index 0: LIBSVM indices are 1-based");
                }
                if (index > maxIndex) {
                    throw DataFormatException.atLine(name, line, field, "feature index " + index
                            + (dimension > 0 ? " exceeds the given dimension " + dimension
                            : " is larger than " + MAX_INFERRED_DIMENSION + "; if that is intended, give the dimension"
                            + " explicitly (up to " + MAX_DIMENSION + ")"));
                }
                if (index <= previous) {
                    throw DataFormatException.atLine(name, line, field, "feature index " + index
                            + " is not greater than the previous index " + previous
                            + " (indices must be strictly increasing within a line)");
                }
                previous = index;
                double v = Numbers.parse(buf, colon + 1, i);
                if (Double.isNaN(v)) {
                    throw DataFormatException.atLine(name, line, field, "value of feature " + index + ": "
                            + Numbers.problem(buf, colon + 1, i));
                }
                if (!cols.add((int) (index - 1)) || !values.add(v)) {
                    throw DataFormatException.atLine(name, line, field, "more non-zeros than one Java array holds (2^31)");
                }
                width = (int) Math.max(width, index);
            }
            if (!labels.add(label) || !rowStart.add(values.size())) {
                throw DataFormatException.atLine(name, line, 0, "more rows than one Java array holds (2^31)");
            }
        }
        int n = labels.size();
        if (n == 0) {
            throw DataFormatException.inFile(name, lines.lineNumber == 0 ? "file is empty" : "no data rows");
        }
        int d = dimension > 0 ? dimension : width;
        if (d == 0) {
            throw DataFormatException.inFile(name, "no row has any features (give the dimension to read label-only rows)");
        }
        CsrMatrix x = new CsrMatrix(n, d, rowStart.toArray(), cols.toArray(), values.toArray());
        return Dataset.regression(name, x, new DoubleMatrix(n, 1, labels.toArray()), List.of("label"));
    }

    private static int skipBlanks(byte[] buf, int i, int end) {
        while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int skipToken(byte[] buf, int i, int end) {
        while (i < end && buf[i] != ' ' && buf[i] != '\t') {
            i++;
        }
        return i;
    }
}
