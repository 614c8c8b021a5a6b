package org.ntk4j.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Lines of a text file as byte ranges of one reusable buffer: {@code buf[start, end)} holds the
 * current line without its line terminator ({@code \n}, {@code \r\n}). A UTF-8 byte-order mark
 * is skipped. Gzip-compressed input (magic 0x1f 0x8b) is decompressed transparently.
 */
final class LineReader implements Closeable {
    private static final int MAX_LINE = 1 << 28;

    private final InputStream in;
    private final String name;
    private final boolean gzip;
    byte[] buf = new byte[1 << 16];
    int start;
    int end;
    long lineNumber;
    private int pos;
    private int limit;
    private boolean eof;

    LineReader(InputStream raw, String name) throws IOException {
        this.name = name;
        InputStream buffered = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 1 << 16);
        this.gzip = isGzip(buffered);
        InputStream stream = buffered;
        if (gzip) {
            try {
                stream = new GZIPInputStream(buffered, 1 << 16);
            } catch (ZipException | EOFException e) {
                buffered.close();
                throw DataFormatException.inFile(name, "corrupt or truncated gzip data (" + e.getMessage() + ")");
            }
        }
        this.in = stream;
    }

    static LineReader open(Path file) throws IOException {
        return new LineReader(Files.newInputStream(file), file.toString());
    }

    /** Whether a mark-supporting stream starts with the gzip magic number; the stream is reset. */
    static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /** Advances to the next line; false at the end of the input. */
    boolean next() throws IOException {
        int scan = pos;
        while (true) {
            for (int i = scan; i < limit; i++) {
                if (buf[i] == '\n') {
                    setLine(pos, i);
                    pos = i + 1;
                    return true;
                }
            }
            scan = limit - pos; // already searched; fill() moves the pending bytes to index 0
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            fill();
            scan = Math.min(scan, limit);
        }
    }

    private void setLine(int from, int to) {
        lineNumber++;
        if (lineNumber == 1 && to - from >= 3 && buf[from] == (byte) 0xEF && buf[from + 1] == (byte) 0xBB
                && buf[from + 2] == (byte) 0xBF) {
            from += 3;
        }
        if (to > from && buf[to - 1] == '\r') {
            to--;
        }
        start = from;
        end = to;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw DataFormatException.atLine(name, lineNumber + 1, 0,
                        "line is longer than " + (MAX_LINE >> 20) + " MiB; is this a text data file?");
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n;
        try {
            n = in.read(buf, limit, buf.length - limit);
        } catch (ZipException | EOFException e) {
            if (!gzip) {
                throw e;
            }
            throw DataFormatException.inFile(name, "corrupt or truncated gzip data (" + e.getMessage() + ")");
        }
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** The first non-blank byte of the current line, or -1. */
    int firstNonBlank() {
        for (int i = start; i < end; i++) {
            if (buf[i] != ' ' && buf[i] != '\t') {
                return buf[i];
            }
        }
        return -1;
    }

    String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
