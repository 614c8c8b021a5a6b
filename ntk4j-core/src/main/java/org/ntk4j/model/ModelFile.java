package org.ntk4j.model;

import org.ntk4j.linalg.DoubleMatrix;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The versioned container of a model: a readable text header of {@code key: value} lines, then a
 * binary payload of named float64 arrays. A CRC-32 covers the header entries and the payload, so an
 * edited seed or shape is caught like a flipped bit. No Java serialization.
 *
 * <pre>
 * NTK4J-MODEL 1
 * ntk4j-version: 0.1.0
 * ...
 * payload-bytes: 123456
 * crc32: 89abcdef        (of the entries above and the payload)
 *
 * &lt;payload: per array: name (UTF), rows (int), cols (int), rows·cols doubles, big-endian&gt;
 * </pre>
 */
public final class ModelFile {
    public static final String MAGIC = "NTK4J-MODEL";
    public static final int FORMAT_VERSION = 1;
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private final Map<String, String> header;
    private final Map<String, DoubleMatrix> arrays;

    public ModelFile(Map<String, String> header, Map<String, DoubleMatrix> arrays) {
        for (Map.Entry<String, String> e : header.entrySet()) {
            if (!e.getKey().matches("[a-z][a-z0-9.-]*")) {
                throw new IllegalArgumentException("invalid header key '" + e.getKey() + "'");
            }
        }
        this.header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
        this.arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    public Map<String, String> header() {
        return header;
    }

    public Map<String, DoubleMatrix> arrays() {
        return arrays;
    }

    /** A header value; a missing key means the file is incomplete. */
    public String require(String key) {
        String v = header.get(key);
        if (v == null) {
            throw new ModelFormatException("model header has no '" + key + "'");
        }
        return v;
    }

    public DoubleMatrix array(String name) {
        DoubleMatrix a = arrays.get(name);
        if (a == null) {
            throw new ModelFormatException("model has no array '" + name + "'");
        }
        return a;
    }

    /** Writes to a temporary file beside the target and moves it into place: never a partial file. */
    public void save(Path target) throws IOException {
        byte[] payload = payload();
        String entries = entriesText(header);
        StringBuilder text = new StringBuilder(MAGIC).append(' ').append(FORMAT_VERSION).append('\n').append(entries);
        text.append("payload-bytes: ").append(payload.length).append('\n');
        text.append("crc32: ").append(String.format("%08x", checksum(entries, payload))).append('\n');
        text.append('\n');
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.write(payload);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private byte[] payload() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(arrays.size());
            for (Map.Entry<String, DoubleMatrix> e : arrays.entrySet()) {
                DoubleMatrix m = e.getValue();
                out.writeUTF(e.getKey());
                out.writeInt(m.rows());
                out.writeInt(m.cols());
                ByteBuffer buf = ByteBuffer.allocate(m.data().length * Double.BYTES);
                buf.asDoubleBuffer().put(m.data());
                out.write(buf.array());
            }
        }
        return bytes.toByteArray();
    }

    private static String entriesText(Map<String, String> header) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> e : header.entrySet()) {
            text.append(e.getKey()).append(": ").append(escape(e.getValue())).append('\n');
        }
        return text.toString();
    }

    private static long checksum(String entries, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(entries.getBytes(StandardCharsets.UTF_8));
        crc.update(payload);
        return crc.getValue();
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Reads and validates a model file; anything unexpected is a {@link ModelFormatException} naming the file. */
    public static ModelFile load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new java.io.FileNotFoundException("model file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new java.io.IOException("model file " + file + " is not a regular file");
        }
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            return read(in, Files.size(file));
        } catch (ModelFormatException | IllegalArgumentException e) {
            throw new ModelFormatException(file + ": " + e.getMessage());
        }
    }

    private static ModelFile read(InputStream in, long fileSize) throws IOException {
        String first = readLine(in);
        if (first == null || !first.startsWith(MAGIC + " ")) {
            throw new ModelFormatException("not an ntk4j model file (no '" + MAGIC + "' line at the start)");
        }
        int version;
        try {
            version = Integer.parseInt(first.substring(MAGIC.length() + 1).strip());
        } catch (NumberFormatException e) {
            throw new ModelFormatException("unreadable format version '" + first + "'");
        }
        if (version > FORMAT_VERSION || version < 1) {
            throw new ModelFormatException("model format version " + version + " is not supported by ntk4j "
                    + org.ntk4j.Version.get() + " (which reads version " + FORMAT_VERSION + ")");
        }
        Map<String, String> header = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                throw new ModelFormatException("malformed header line '" + abbreviate(line) + "'");
            }
            header.put(line.substring(0, colon), unescape(line.substring(colon + 2)));
        }
        if (line == null) {
            throw new ModelFormatException("header is truncated (no blank line before the payload)");
        }
        long declared;
        long declaredCrc;
        try {
            declared = Long.parseLong(header.remove("payload-bytes"));
            declaredCrc = Long.parseLong(header.remove("crc32"), 16);
        } catch (NumberFormatException | NullPointerException e) {
            throw new ModelFormatException("header lacks a valid payload-bytes or crc32");
        }
        if (declared < 0 || declared > fileSize) {
            throw new ModelFormatException("payload of " + declared + " bytes cannot fit in a file of " + fileSize + " bytes");
        }
        byte[] payload = in.readNBytes((int) declared);
        if (payload.length != declared) {
            throw new ModelFormatException("payload is truncated: " + payload.length + " of " + declared + " bytes");
        }
        if (in.read() != -1) {
            throw new ModelFormatException("unexpected bytes after the payload");
        }
        if (checksum(entriesText(header), payload) != declaredCrc) {
            throw new ModelFormatException("checksum mismatch: the file is corrupt or was edited");
        }
        return new ModelFile(header, parsePayload(payload));
    }

    private static Map<String, DoubleMatrix> parsePayload(byte[] payload) throws IOException {
        Map<String, DoubleMatrix> arrays = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            int count = in.readInt();
            for (int a = 0; a < count; a++) {
                String name = in.readUTF();
                int rows = in.readInt();
                int cols = in.readInt();
                long size = (long) rows * cols * Double.BYTES;
                if (rows < 0 || cols < 0 || size > in.available()) {
                    throw new ModelFormatException("array '" + name + "' claims " + rows + "x" + cols
                            + " values, more than the payload holds");
                }
                byte[] raw = in.readNBytes((int) size);
                double[] data = new double[rows * cols];
                ByteBuffer.wrap(raw).asDoubleBuffer().get(data);
                arrays.put(name, new DoubleMatrix(rows, cols, data));
            }
            if (in.available() != 0) {
                throw new ModelFormatException("payload has trailing bytes");
            }
        } catch (EOFException e) {
            throw new ModelFormatException("payload ends in the middle of an array");
        }
        return arrays;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
            if (++total > MAX_HEADER_BYTES) {
                throw new ModelFormatException("header line longer than " + MAX_HEADER_BYTES + " bytes");
            }
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
