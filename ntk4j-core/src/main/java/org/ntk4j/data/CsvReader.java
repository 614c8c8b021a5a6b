package org.ntk4j.data;

import org.ntk4j.linalg.DoubleMatrix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads delimited numeric text (CSV, TSV, semicolon- or whitespace-separated; optionally gzip
 * compressed) into a regression {@link Dataset}, or into inputs only.
 *
 * <p>Rules: blank lines and lines starting with {@code #} are skipped; fields may be surrounded
 * by spaces and by double quotes; every row must have the same number of fields; every value
 * must be a finite decimal number (NaN and infinities are rejected, as are empty fields).
 * With {@link Delimiter#AUTO} the delimiter is taken from the first data line: semicolon if it
 * has one, else comma, else tab, else runs of whitespace. With {@link Header#AUTO} the first
 * line is a header when one of its fields is not a number. The target is the last column unless
 * target columns are named (by header name or 1-based number); several targets are allowed.
 */
public final class CsvReader {

    /** How fields are separated. */
    public enum Delimiter {
        AUTO, COMMA, SEMICOLON, TAB, WHITESPACE
    }

    /** Whether the first line holds column names. */
    public enum Header {
        AUTO, PRESENT, ABSENT
    }

    /**
     * Reading options.
     *
     * @param delimiter     field separator, or AUTO
     * @param header        header handling, or AUTO
     * @param targetColumns target columns by header name or 1-based number; empty = last column
     * @param noTarget      read every column as an input (for predict/kernel commands)
     */
    public record Options(Delimiter delimiter, Header header, List<String> targetColumns, boolean noTarget) {
        public Options {
            Objects.requireNonNull(delimiter, "delimiter");
            Objects.requireNonNull(header, "header");
            targetColumns = List.copyOf(targetColumns);
            if (noTarget && !targetColumns.isEmpty()) {
                throw new IllegalArgumentException("target columns given together with no-target mode");
            }
        }

        /** Auto-detected delimiter and header, target = last column. */
        public static Options defaults() {
            return new Options(Delimiter.AUTO, Header.AUTO, List.of(), false);
        }

        public Options withDelimiter(Delimiter d) {
            return new Options(d, header, targetColumns, noTarget);
        }

        public Options withHeader(Header h) {
            return new Options(delimiter, h, targetColumns, noTarget);
        }

        /** Target columns by header name or 1-based number, in the order the targets should have. */
        public Options withTargets(String... columns) {
            return new Options(delimiter, header, List.of(columns), false);
        }

        /** All columns are inputs; the result is {@link Dataset#unlabeled}. */
        public Options withoutTarget() {
            return new Options(delimiter, header, List.of(), true);
        }
    }

    private CsvReader() {
    }

    /** Reads with {@link Options#defaults()}. */
    public static Dataset read(Path file) throws IOException {
        return read(file, Options.defaults());
    }

    public static Dataset read(Path file, Options options) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), options);
        }
    }

    /** Reads from a stream; {@code name} is used in messages and as the data set's source. */
    public static Dataset read(InputStream in, String name, Options options) throws IOException {
        try (LineReader lines = new LineReader(in, name)) {
            return new Parse(lines, options).run();
        }
    }

    /** One parse of one file. */
    private static final class Parse {
        private final LineReader lines;
        private final String name;
        private final Options options;
        private final Splitter splitter = new Splitter();
        private Delimiter delimiter;

        Parse(LineReader lines, Options options) {
            this.lines = lines;
            this.name = lines.name();
            this.options = options;
        }

        Dataset run() throws IOException {
            if (!nextContentLine()) {
                throw DataFormatException.inFile(name, lines.lineNumber == 0 ? "file is empty" : "no data rows");
            }
            long firstLine = lines.lineNumber;
            delimiter = options.delimiter() == Delimiter.AUTO ? detect(lines.buf, lines.start, lines.end)
                    : options.delimiter();
            int fields = splitter.split(lines.buf, lines.start, lines.end, delimiter, name, firstLine);
            boolean header = switch (options.header()) {
                case PRESENT -> true;
                case ABSENT -> false;
                case AUTO -> !allNumeric(lines.buf, fields);
            };
            List<String> names = header ? readHeader(firstLine) : null;
            if (names != null) {
                fields = names.size();
            }
            // the current line is now the first data row
            return readRows(names, fields, resolveTargets(names, fields, firstLine), firstLine);
        }

        /** Column names from the first line; advances to the first data row, whose delimiter counts. */
        private List<String> readHeader(long headerLine) throws IOException {
            byte[] first = Arrays.copyOfRange(lines.buf, lines.start, lines.end);
            if (!nextContentLine()) {
                throw DataFormatException.inFile(name, "has a header (line " + headerLine + ") but no data rows");
            }
            if (options.delimiter() == Delimiter.AUTO) {
                delimiter = detect(lines.buf, lines.start, lines.end);
            }
            int dataFields = splitter.split(lines.buf, lines.start, lines.end, delimiter, name, lines.lineNumber);
            int n = splitter.split(first, 0, first.length, delimiter, name, headerLine);
            if (dataFields != n) {
                throw DataFormatException.atLine(name, lines.lineNumber, 0, "expected " + n + " fields (as on line "
                        + headerLine + "), found " + dataFields);
            }
            List<String> names = new ArrayList<>(n);
            for (int c = 0; c < n; c++) {
                names.add(new String(first, splitter.from[c], splitter.to[c] - splitter.from[c],
                        StandardCharsets.UTF_8).strip());
            }
            return names;
        }

        /** Reads the current line and all following ones as data rows. */
        private Dataset readRows(List<String> names, int fields, int[] targets, long fieldsLine) throws IOException {
            int k = targets.length;
            int d = fields - k;
            if (d == 0) {
                throw DataFormatException.inFile(name, "all " + fields + " column(s) are targets; no input columns"
                        + " remain (read without a target to use every column as an input)");
            }
            int[] role = new int[fields]; // >= 0: target position; -1: input
            Arrays.fill(role, -1);
            for (int t = 0; t < k; t++) {
                role[targets[t]] = t;
            }
            GrowableDoubles x = new GrowableDoubles(1 << 12);
            GrowableDoubles y = new GrowableDoubles(1 << 10);
            double[] rowTargets = new double[k];
            int rows = 0;
            do {
                byte[] buf = lines.buf;
                long line = lines.lineNumber;
                int n = splitter.split(buf, lines.start, lines.end, delimiter, name, line);
                if (n != fields) {
                    throw DataFormatException.atLine(name, line, 0, "expected " + fields + " fields (as on line "
                            + fieldsLine + "), found " + n);
                }
                for (int c = 0; c < fields; c++) {
                    int from = splitter.from[c];
                    int to = splitter.to[c];
                    double v = Numbers.parse(buf, from, to);
                    if (Double.isNaN(v)) {
                        throw DataFormatException.atLine(name, line, c + 1, Numbers.problem(buf, from, to));
                    }
                    if (role[c] < 0) {
                        if (!x.add(v)) {
                            throw tooLarge(line);
                        }
                    } else {
                        rowTargets[role[c]] = v;
                    }
                }
                for (double v : rowTargets) {
                    if (!y.add(v)) {
                        throw tooLarge(line);
                    }
                }
                rows++;
            } while (nextContentLine());
            DoubleMatrix inputs = new DoubleMatrix(rows, d, x.toArray());
            if (k == 0) {
                return Dataset.unlabeled(name, inputs, new int[]{d});
            }
            List<String> targetNames = new ArrayList<>(k);
            for (int t : targets) {
                targetNames.add(names != null ? names.get(t) : "column " + (t + 1));
            }
            return Dataset.regression(name, inputs, new DoubleMatrix(rows, k, y.toArray()), targetNames);
        }

        private DataFormatException tooLarge(long line) {
            return DataFormatException.atLine(name, line, 0, "more values than one Java array holds (2^31);"
                    + " split the file");
        }

        /** 0-based target columns from the options, validated against the header or field count. */
        private int[] resolveTargets(List<String> names, int fields, long headerLine) {
            if (options.noTarget()) {
                return new int[0];
            }
            if (options.targetColumns().isEmpty()) {
                return new int[]{fields - 1};
            }
            int[] out = new int[options.targetColumns().size()];
            for (int t = 0; t < out.length; t++) {
                String spec = options.targetColumns().get(t).strip();
                int col = names == null ? -1 : names.indexOf(spec);
                if (col < 0 && spec.matches("[0-9]{1,9}")) {
                    int number = Integer.parseInt(spec);
                    if (number < 1 || number > fields) {
                        throw DataFormatException.inFile(name, "target column " + number + " does not exist; columns"
                                + " are numbered 1.." + fields);
                    }
                    col = number - 1;
                }
                if (col < 0) {
                    throw names == null
                            ? DataFormatException.inFile(name, "target column " + DataFormatException.quote(spec)
                            + " cannot be found: the file has no header, so name target columns by number 1.." + fields)
                            : DataFormatException.atLine(name, headerLine, 0, "no column named "
                            + DataFormatException.quote(spec) + "; the header has " + names);
                }
                for (int s = 0; s < t; s++) {
                    if (out[s] == col) {
                        throw DataFormatException.inFile(name, "target column " + (col + 1) + " is named twice");
                    }
                }
                out[t] = col;
            }
            return out;
        }

        private boolean allNumeric(byte[] buf, int n) {
            for (int c = 0; c < n; c++) {
                if (!Numbers.looksNumeric(buf, splitter.from[c], splitter.to[c])) {
                    return false;
                }
            }
            return true;
        }

        /** Advances past blank and comment lines; false at the end. */
        private boolean nextContentLine() throws IOException {
            while (lines.next()) {
                int c = lines.firstNonBlank();
                if (c != -1 && c != '#') {
                    return true;
                }
            }
            return false;
        }
    }

    /** The delimiter a line suggests: semicolon, else comma, else tab, else whitespace. */
    static Delimiter detect(byte[] buf, int from, int to) {
        boolean comma = false;
        boolean tab = false;
        for (int i = from; i < to; i++) {
            switch (buf[i]) {
                case ';' -> {
                    return Delimiter.SEMICOLON;
                }
                case ',' -> comma = true;
                case '\t' -> tab = true;
                default -> {
                }
            }
        }
        return comma ? Delimiter.COMMA : tab ? Delimiter.TAB : Delimiter.WHITESPACE;
    }

    /** Splits a line into field ranges (quotes and surrounding blanks removed); reused across lines. */
    static final class Splitter {
        int[] from = new int[64];
        int[] to = new int[64];

        int split(byte[] buf, int start, int end, Delimiter delimiter, String name, long line) {
            return delimiter == Delimiter.WHITESPACE ? splitWhitespace(buf, start, end)
                    : splitDelimited(buf, start, end, delimiter == Delimiter.COMMA ? (byte) ','
                    : delimiter == Delimiter.SEMICOLON ? (byte) ';' : (byte) '\t', name, line);
        }

        private int splitWhitespace(byte[] buf, int start, int end) {
            int n = 0;
            int i = start;
            while (true) {
                while (i < end && isBlank(buf[i])) {
                    i++;
                }
                if (i >= end) {
                    return n;
                }
                int s = i;
                while (i < end && !isBlank(buf[i])) {
                    i++;
                }
                n = add(n, s, i);
            }
        }

        private int splitDelimited(byte[] buf, int start, int end, byte delim, String name, long line) {
            int n = 0;
            int i = start;
            while (true) {
                while (i < end && isBlank(buf[i]) && buf[i] != delim) {
                    i++;
                }
                int s;
                int e;
                if (i < end && buf[i] == '"') {
                    s = ++i;
                    while (true) {
                        if (i >= end) {
                            throw DataFormatException.atLine(name, line, n + 1, "unterminated quoted field");
                        }
                        if (buf[i] == '"') {
                            if (i + 1 < end && buf[i + 1] == '"') {
                                i += 2;
                                continue;
                            }
                            break;
                        }
                        i++;
                    }
                    e = i++;
                    while (i < end && isBlank(buf[i]) && buf[i] != delim) {
                        i++;
                    }
                    if (i < end && buf[i] != delim) {
                        throw DataFormatException.atLine(name, line, n + 1, "unexpected text after a closing quote");
                    }
                } else {
                    s = i;
                    while (i < end && buf[i] != delim) {
                        i++;
                    }
                    e = i;
                    while (e > s && isBlank(buf[e - 1])) {
                        e--;
                    }
                }
                n = add(n, s, e);
                if (i >= end) {
                    return n;
                }
                i++; // the delimiter
            }
        }

        private int add(int n, int s, int e) {
            if (n == from.length) {
                from = Arrays.copyOf(from, 2 * n);
                to = Arrays.copyOf(to, 2 * n);
            }
            from[n] = s;
            to[n] = e;
            return n + 1;
        }

        private static boolean isBlank(byte b) {
            return b == ' ' || b == '\t';
        }
    }
}
