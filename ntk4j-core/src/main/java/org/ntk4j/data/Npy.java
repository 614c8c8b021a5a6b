package org.ntk4j.data;

import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes NumPy {@code .npy} files.
 *
 * <p>Reading: format versions 1.0, 2.0 and 3.0; dtypes {@code <f8}, {@code <f4} and, converted to
 * double, {@code |u1}, {@code <i4}, {@code <i8}; C order only. Shapes: 1-D (n) is read as n×1,
 * 2-D as is, 3-D (n, H, W) as single-channel images with sample shape {1, H, W}, 4-D
 * (n, C, H, W) as rows of C·H·W with sample shape {C, H, W}. Sizes in the header are checked
 * against the file length before anything is allocated; NaN and infinite values are rejected.
 *
 * <p>Writing: float32 or float64, little-endian, C order, version 1.0 (2.0 when the header
 * needs it). The file is written to a temporary file in the same directory and moved into place
 * atomically, so a failed write never leaves a partial file behind.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int CHUNK = 1 << 16;
    private static final int MAX_HEADER = 1 << 20;

    /** Element types the writer produces. */
    public enum DType {
        FLOAT32("<f4", 4), FLOAT64("<f8", 8);

        private final String descr;
        private final int size;

        DType(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }

        /** The NumPy type string, e.g. {@code <f8}. */
        public String descr() {
            return descr;
        }
    }

    /**
     * The contents of a file.
     *
     * @param shape       the array's shape as stored
     * @param dtype       the NumPy type string as stored, e.g. {@code <f4}
     * @param rows        the values as n rows (the first dimension) of the remaining product
     * @param sampleShape how a row is read: {d} for 1-D/2-D files, {C, H, W} for images
     */
    public record Data(int[] shape, String dtype, DoubleMatrix rows, int[] sampleShape) {
        /** The rows as an unlabeled data set. */
        public Dataset toDataset(String source) {
            return Dataset.unlabeled(source, rows, sampleShape);
        }
    }

    private Npy() {
    }

    /** Reads a file. */
    public static Data read(Path file) throws IOException {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Header h = readHeader(ch, size, name);
            return readData(ch, size, h, name);
        }
    }

    /** Reads a file as a matrix (see the class comment for how shapes map to rows). */
    public static DoubleMatrix readMatrix(Path file) throws IOException {
        return read(file).rows();
    }

    /** Reads a file as an unlabeled data set with the file as its source. */
    public static Dataset readDataset(Path file) throws IOException {
        return read(file).toDataset(file.toString());
    }

    /** Writes a matrix as a 2-D array. */
    public static void write(Path file, DoubleMatrix m, DType type) throws IOException {
        write(file, m, type, new int[]{m.rows(), m.cols()});
    }

    /**
     * Writes a matrix's values (row-major) with the given shape, e.g. {n, C, H, W} for images;
     * the shape's product must equal the number of values.
     */
    public static void write(Path file, DoubleMatrix m, DType type, int[] shape) throws IOException {
        double[] d = m.data();
        writeAtomically(file, shape, d.length, type, (buf, from, count) -> {
            for (int i = from; i < from + count; i++) {
                double v = d[i];
                checkFinite(v, i, m.cols());
                if (type == DType.FLOAT32) {
                    buf.putFloat((float) v);
                } else {
                    buf.putDouble(v);
                }
            }
        });
    }

    /** Writes a float matrix as a 2-D float32 array. */
    public static void write(Path file, FloatMatrix m) throws IOException {
        write(file, m, new int[]{m.rows(), m.cols()});
    }

    /** Writes a float matrix's values as float32 with the given shape. */
    public static void write(Path file, FloatMatrix m, int[] shape) throws IOException {
        float[] d = m.data();
        writeAtomically(file, shape, d.length, DType.FLOAT32, (buf, from, count) -> {
            for (int i = from; i < from + count; i++) {
                checkFinite(d[i], i, m.cols());
                buf.putFloat(d[i]);
            }
        });
    }

    private static void checkFinite(double v, int index, int cols) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("value at row " + index / Math.max(1, cols) + ", column "
                    + index % Math.max(1, cols) + " is " + v + "; refusing to write a non-finite value");
        }
    }

    // ------------------------------------------------------------------------------------------ reading

    private record Header(int dataOffset, String descr, int[] shape) {
    }

    private static Header readHeader(FileChannel ch, long size, String name) throws IOException {
        if (size == 0) {
            throw DataFormatException.inFile(name, "file is empty");
        }
        ByteBuffer pre = ByteBuffer.allocate((int) Math.min(12, size)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre, 0);
        pre.flip();
        if (pre.remaining() < 10) {
            throw DataFormatException.atByte(name, pre.remaining(), "file ends inside the .npy preamble");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre.get(i) != MAGIC[i]) {
                throw DataFormatException.atByte(name, i, "not a .npy file (the magic string \\x93NUMPY is missing)");
            }
        }
        int major = pre.get(6) & 0xFF;
        int minor = pre.get(7) & 0xFF;
        long headerLength;
        int lengthBytes;
        if (major == 1) {
            headerLength = pre.getShort(8) & 0xFFFF;
            lengthBytes = 2;
        } else if (major == 2 || major == 3) {
            if (pre.remaining() < 12) {
                throw DataFormatException.atByte(name, pre.remaining(), "file ends inside the .npy preamble");
            }
            headerLength = pre.getInt(8) & 0xFFFFFFFFL;
            lengthBytes = 4;
        } else {
            throw DataFormatException.atByte(name, 6, "unsupported .npy format version " + major + "." + minor
                    + " (1.0, 2.0 and 3.0 are supported)");
        }
        long start = 8 + lengthBytes;
        if (headerLength > MAX_HEADER) {
            throw DataFormatException.atByte(name, 8, "header length " + headerLength + " is implausibly large (more"
                    + " than " + MAX_HEADER + " bytes); the file is corrupt");
        }
        if (start + headerLength > size) {
            throw DataFormatException.atByte(name, 8, "header length " + headerLength + " runs past the end of the "
                    + size + "-byte file");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLength);
        readFully(ch, hb, start);
        byte[] bytes = hb.array();
        String text = new String(bytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (major < 3) {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] < 0) {
                    throw DataFormatException.atByte(name, start + i, "non-ASCII byte in a version " + major
                            + ".0 header");
                }
            }
        }
        Map<String, Object> dict = new HeaderParser(text, name, start).parseDict();
        return interpret(dict, name, start, start + headerLength);
    }

    private static Header interpret(Map<String, Object> dict, String name, long headerStart, long dataOffset) {
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeObj = dict.get("shape");
        if (!(descr instanceof String d)) {
            throw DataFormatException.atByte(name, headerStart, "header has no 'descr' string"
                    + (descr == null ? "" : " (found " + descr + "; structured dtypes are not supported)"));
        }
        if (!(fortran instanceof Boolean f)) {
            throw DataFormatException.atByte(name, headerStart, "header has no 'fortran_order' True/False");
        }
        if (!(shapeObj instanceof List<?> shapeList)) {
            throw DataFormatException.atByte(name, headerStart, "header has no 'shape' tuple");
        }
        if (f) {
            throw DataFormatException.atByte(name, headerStart, "array is stored in Fortran order; only C order is"
                    + " supported (save it with numpy.ascontiguousarray)");
        }
        if (itemSize(d) == 0) {
            throw DataFormatException.atByte(name, headerStart, "dtype '" + d + "' is not supported; expected <f8,"
                    + " <f4, |u1, <i4 or <i8" + (d.startsWith(">") ? " (big-endian data must be converted first)" : ""));
        }
        if (shapeList.isEmpty() || shapeList.size() > 4) {
            throw DataFormatException.atByte(name, headerStart, "array has " + shapeList.size()
                    + " dimensions; expected 1 to 4");
        }
        int[] shape = new int[shapeList.size()];
        for (int k = 0; k < shape.length; k++) {
            long v = (Long) shapeList.get(k);
            if (v <= 0 || v > Integer.MAX_VALUE) {
                throw DataFormatException.atByte(name, headerStart, "shape " + shapeList + " has "
                        + (v == 0 && k == 0 ? "no data rows" : "dimension " + (k + 1) + " = " + v
                        + "; expected a positive size below 2^31"));
            }
            shape[k] = (int) v;
        }
        return new Header((int) dataOffset, d, shape);
    }

    private static int itemSize(String descr) {
        return switch (descr) {
            case "<f8", "<i8" -> 8;
            case "<f4", "<i4" -> 4;
            case "|u1", "<u1" -> 1;
            default -> 0;
        };
    }

    private static Data readData(FileChannel ch, long size, Header h, String name) throws IOException {
        int[] shape = h.shape();
        long count = 1;
        for (int s : shape) {
            count = Math.min(count * s, Long.MAX_VALUE / Integer.MAX_VALUE);
        }
        int item = itemSize(h.descr());
        long available = size - h.dataOffset();
        String shapeText = Arrays.toString(shape);
        if (count * item != available) {
            throw DataFormatException.atByte(name, h.dataOffset() + Math.min(available, count * item), "shape "
                    + shapeText + " of " + h.descr() + " needs " + count * item + " data bytes but the file has "
                    + available + (available < count * item ? " (truncated?)" : " (unexpected trailing data)"));
        }
        if (count > GrowableDoubles.MAX_LENGTH) {
            throw DataFormatException.atByte(name, 8, "shape " + shapeText + " has more than 2^31 elements; too large"
                    + " for one matrix");
        }
        double[] out = new double[(int) count];
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        long pos = h.dataOffset();
        int i = 0;
        while (i < out.length) {
            buf.clear();
            buf.limit((int) Math.min(CHUNK / item * item, (long) (out.length - i) * item));
            readFully(ch, buf, pos);
            buf.flip();
            int n = buf.remaining() / item;
            for (int k = 0; k < n; k++, i++) {
                double v = switch (h.descr()) {
                    case "<f8" -> buf.getDouble();
                    case "<f4" -> buf.getFloat();
                    case "<i8" -> buf.getLong();
                    case "<i4" -> buf.getInt();
                    default -> buf.get() & 0xFF;
                };
                if (!Double.isFinite(v)) {
                    throw DataFormatException.atByte(name, pos + (long) k * item, "element " + i + " is " + v
                            + "; NaN and infinite values are not allowed");
                }
                out[i] = v;
            }
            pos += (long) n * item;
        }
        int n = shape[0];
        int cols = (int) (count / n);
        int[] sampleShape = switch (shape.length) {
            case 1, 2 -> new int[]{cols};
            case 3 -> new int[]{1, shape[1], shape[2]};
            default -> new int[]{shape[1], shape[2], shape[3]};
        };
        return new Data(shape, h.descr(), new DoubleMatrix(n, cols, out), sampleShape);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new IOException("unexpected end of file at byte " + p); // sizes are checked before reading
            }
            p += r;
        }
    }

    /** A parser for the Python literal subset .npy headers use: a dict of strings, booleans, int tuples. */
    private static final class HeaderParser {
        private final String s;
        private final String name;
        private final long offset;
        private int i;

        HeaderParser(String s, String name, long offset) {
            this.s = s;
            this.name = name;
            this.offset = offset;
        }

        Map<String, Object> parseDict() {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    i++;
                    break;
                }
                String key = parseString();
                expect(':');
                Object value = parseValue();
                if (out.put(key, value) != null) {
                    throw error("key '" + key + "' appears twice");
                }
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            skipSpace();
            if (i != s.length()) {
                throw error("unexpected text after the header dictionary");
            }
            return out;
        }

        private Object parseValue() {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                return parseString();
            }
            if (c == '(' || c == '[') {
                return parseTuple(c == '(' ? ')' : ']');
            }
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (Character.isDigit(c)) {
                return parseInt();
            }
            throw error("expected a string, True/False or a tuple");
        }

        private List<Long> parseTuple(char close) {
            i++;
            List<Long> out = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == close) {
                    i++;
                    return out;
                }
                out.add(parseInt());
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != close) {
                    throw error("expected ',' or '" + close + "' in the shape");
                }
            }
        }

        private long parseInt() {
            skipSpace();
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
            }
            if (peek() == 'L') { // Python 2 longs
                i++;
            }
            String digits = s.substring(start, i).replace("L", "");
            if (digits.isEmpty() || digits.length() > 18) {
                i = start;
                throw error("expected a non-negative integer below 10^18");
            }
            return Long.parseLong(digits);
        }

        private String parseString() {
            skipSpace();
            char q = peek();
            if (q != '\'' && q != '"') {
                throw error("expected a quoted string");
            }
            int start = ++i;
            while (i < s.length() && s.charAt(i) != q) {
                if (s.charAt(i) == '\\') {
                    throw error("escapes in header strings are not supported");
                }
                i++;
            }
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            return s.substring(start, i++);
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void skipSpace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\t'
                    || s.charAt(i) == '\r')) {
                i++;
            }
        }

        private DataFormatException error(String what) {
            String near = s.substring(Math.min(i, s.length()), Math.min(s.length(), i + 20));
            // character index equals byte index for the ASCII headers of versions 1.0 and 2.0
            return DataFormatException.atByte(name, offset + i, "malformed .npy header: " + what + " near "
                    + DataFormatException.quote(near));
        }
    }

    // ------------------------------------------------------------------------------------------ writing

    @FunctionalInterface
    private interface Encoder {
        void put(ByteBuffer buf, int from, int count);
    }

    private static void writeAtomically(Path file, int[] shape, int count, DType type, Encoder encoder)
            throws IOException {
        long product = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            }
            product *= s;
        }
        if (shape.length == 0 || product != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + count
                    + " values");
        }
        byte[] header = header(type, shape);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, ByteBuffer.wrap(header));
                ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                int perChunk = CHUNK / type.size;
                for (int from = 0; from < count; from += perChunk) {
                    buf.clear();
                    encoder.put(buf, from, Math.min(perChunk, count - from));
                    buf.flip();
                    writeFully(ch, buf);
                }
                ch.force(false);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Magic, version, header length and the padded header dict (total a multiple of 64 bytes). */
    static byte[] header(DType type, int[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int k = 0; k < shape.length; k++) {
            dims.append(k > 0 ? ", " : "").append(shape[k]);
        }
        if (shape.length == 1) {
            dims.append(',');
        }
        String dict = "{'descr': '" + type.descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int version = dict.length() + 1 + 10 <= 65535 ? 1 : 2;
        int preamble = version == 1 ? 10 : 12;
        int total = (preamble + dict.length() + 1 + 63) / 64 * 64;
        int headerLength = total - preamble;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
