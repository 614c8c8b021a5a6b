package org.ntk4j.data;

import java.nio.file.Path;

/**
 * Malformed input data: a user-facing error that says which file, where in it, and what was
 * expected. Messages look like {@code data/x.csv:17: column 4: expected a number, found "abc"}
 * for text formats and {@code data/x.npy: byte 10: ...} for binary ones.
 *
 * <p>Location parts that are unknown are left out: {@link #line()} is 0 and {@link #byteOffset()}
 * is −1 when not applicable, {@link #column()} is 0 when no field is concerned.
 */
public final class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_TOKEN = 40;

    private final String file;
    private final long line;
    private final int column;
    private final long byteOffset;
    private final String problem;

    private DataFormatException(String file, long line, int column, long byteOffset, String problem, Throwable cause) {
        super(format(file, line, column, byteOffset, problem), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.byteOffset = byteOffset;
        this.problem = problem;
    }

    /** A problem at a 1-based line and (if {@code column > 0}) 1-based field of a text file. */
    public static DataFormatException atLine(String file, long line, int column, String problem) {
        return new DataFormatException(file, line, column, -1, problem, null);
    }

    /** A problem at a 0-based byte offset of a binary file. */
    public static DataFormatException atByte(String file, long byteOffset, String problem) {
        return new DataFormatException(file, 0, 0, byteOffset, problem, null);
    }

    /** A problem with the file as a whole (empty, no data rows, inconsistent index files, ...). */
    public static DataFormatException inFile(String file, String problem) {
        return new DataFormatException(file, 0, 0, -1, problem, null);
    }

    /** As {@link #inFile(String, String)}, keeping the low-level cause (e.g. a decoder's exception). */
    public static DataFormatException inFile(String file, String problem, Throwable cause) {
        return new DataFormatException(file, 0, 0, -1, problem, cause);
    }

    static DataFormatException inFile(Path file, String problem) {
        return inFile(file.toString(), problem);
    }

    private static String format(String file, long line, int column, long byteOffset, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (byteOffset >= 0) {
            sb.append("byte ").append(byteOffset).append(": ");
        }
        if (column > 0) {
            sb.append("column ").append(column).append(": ");
        }
        return sb.append(problem).toString();
    }

    /**
     * A token as quoted in messages: at most 40 characters, non-printable characters escaped, so
     * a binary file or an endless line never floods the terminal.
     */
    static String quote(CharSequence token) {
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(token.length(), MAX_TOKEN);
        for (int i = 0; i < n; i++) {
            char c = token.charAt(i);
            if (c >= 0x20 && c < 0x7F || Character.isLetterOrDigit(c)) {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02x", (int) c & 0xFF));
            }
        }
        if (token.length() > MAX_TOKEN) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    /** The bytes {@code [from, to)} quoted as in {@link #quote(CharSequence)} (bytes read as Latin-1). */
    static String quote(byte[] buf, int from, int to) {
        int n = Math.min(to - from, MAX_TOKEN + 1);
        return quote(new String(buf, from, Math.max(0, n), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0 when the format is not line-oriented or the problem has no line. */
    public long line() {
        return line;
    }

    /** 1-based field number, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** 0-based byte offset for binary formats, or −1. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The message without the location prefix. */
    public String problem() {
        return problem;
    }
}
