package org.ntk4j.data;

import org.ntk4j.linalg.DoubleMatrix;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed (detected by the
 * magic 0x1f 0x8b): image files of unsigned bytes with dimensions n × rows × cols, read as
 * n rows of 1·rows·cols doubles in 0..255 with sample shape {1, rows, cols}; and label files of
 * n unsigned bytes.
 *
 * <p>The header (magic 0x00 0x00 0x08 ndims, then ndims big-endian int32 sizes) is validated
 * against the file's length before anything is allocated, so a corrupt header cannot ask for
 * gigabytes; truncated files and trailing bytes are errors naming the byte offset (of the
 * decompressed stream for gzip files).
 */
public final class IdxReader {
    /** Class names of MNIST: the digits "0".."9". */
    public static final List<String> DIGIT_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** Class names of Fashion-MNIST, in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final int UBYTE = 0x08;
    /** Largest gzip expansion ratio (deflate's limit is about 1032:1). */
    private static final long MAX_GZIP_RATIO = 1032;

    private IdxReader() {
    }

    /** Number of items (the first dimension) of an IDX file, reading only its header. */
    public static int count(Path file) throws IOException {
        try (Source s = Source.open(file)) {
            return s.header(file.toString(), -1).dims[0];
        }
    }

    /** All images of an image file as an unlabeled data set with sample shape {1, rows, cols}. */
    public static Dataset readImages(Path file) throws IOException {
        return readImages(file, null);
    }

    /**
     * The images at the given 0-based indices (in that order; null = all) — only those are
     * converted to doubles.
     */
    public static Dataset readImages(Path file, int[] rows) throws IOException {
        String name = file.toString();
        try (Source s = Source.open(file)) {
            Header h = s.header(name, 3);
            byte[] data = s.payload(name, h);
            int n = h.dims[0];
            int d = h.dims[1] * h.dims[2];
            int[] select = checkRows(name, rows, n);
            int m = select == null ? n : select.length;
            if ((long) m * d > GrowableDoubles.MAX_LENGTH) {
                throw new IllegalArgumentException(m + " images of " + d + " pixels exceed one Java array; select fewer");
            }
            double[] out = new double[m * d];
            for (int r = 0; r < m; r++) {
                int src = (select == null ? r : select[r]) * d;
                int dst = r * d;
                for (int j = 0; j < d; j++) {
                    out[dst + j] = data[src + j] & 0xFF;
                }
            }
            return Dataset.unlabeled(name, new DoubleMatrix(m, d, out), new int[]{1, h.dims[1], h.dims[2]});
        }
    }

    /** All labels of a label file (values 0..255). */
    public static int[] readLabels(Path file) throws IOException {
        return readLabels(file, null);
    }

    /** The labels at the given 0-based indices (null = all). */
    public static int[] readLabels(Path file, int[] rows) throws IOException {
        String name = file.toString();
        try (Source s = Source.open(file)) {
            Header h = s.header(name, 1);
            byte[] data = s.payload(name, h);
            int[] select = checkRows(name, rows, h.dims[0]);
            int m = select == null ? data.length : select.length;
            int[] out = new int[m];
            for (int r = 0; r < m; r++) {
                out[r] = data[select == null ? r : select[r]] & 0xFF;
            }
            return out;
        }
    }

    /** Images and labels as a classification data set; labels must be below classNames.size(). */
    public static Dataset readClassification(Path images, Path labels, List<String> classNames) throws IOException {
        return readClassification(images, labels, classNames, null);
    }

    /** As {@link #readClassification(Path, Path, List)}, for the items at the given indices (null = all). */
    public static Dataset readClassification(Path images, Path labels, List<String> classNames, int[] rows)
            throws IOException {
        int ni = count(images);
        int nl = count(labels);
        if (ni != nl) {
            throw DataFormatException.inFile(labels.toString(), "has " + nl + " labels but " + images + " has "
                    + ni + " images");
        }
        int[] l = readLabels(labels, rows);
        for (int r = 0; r < l.length; r++) {
            if (l[r] >= classNames.size()) {
                long offset = 8 + (rows == null ? r : rows[r]);
                throw DataFormatException.atByte(labels.toString(), offset, "label " + l[r] + " is outside 0.."
                        + (classNames.size() - 1) + " (" + classNames.size() + " classes)");
            }
        }
        Dataset x = readImages(images, rows);
        return Dataset.classification(images + " + " + labels.getFileName(), x.inputs(), x.sampleShape(), l,
                classNames);
    }

    private static int[] checkRows(String name, int[] rows, int n) {
        if (rows != null) {
            for (int r : rows) {
                if (r < 0 || r >= n) {
                    throw new IllegalArgumentException("row index " + r + " outside [0, " + n + ") of " + name);
                }
            }
        }
        return rows;
    }

    private record Header(int[] dims, int length, long payload) {
    }

    /** The (possibly decompressed) byte stream of one file, with its position for messages. */
    private static final class Source implements AutoCloseable {
        private final InputStream in;
        private final boolean gzip;
        private final long fileSize;
        private long position;

        private Source(InputStream in, boolean gzip, long fileSize) {
            this.in = in;
            this.gzip = gzip;
            this.fileSize = fileSize;
        }

        static Source open(Path file) throws IOException {
            long size = Files.size(file);
            BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            try {
                boolean gzip = LineReader.isGzip(raw);
                InputStream in = raw;
                if (gzip) {
                    try {
                        in = new GZIPInputStream(raw, 1 << 16);
                    } catch (ZipException | EOFException e) {
                        throw DataFormatException.inFile(file.toString(), "corrupt or truncated gzip data ("
                                + e.getMessage() + ")");
                    }
                }
                return new Source(in, gzip, size);
            } catch (RuntimeException | IOException e) {
                raw.close();
                throw e;
            }
        }

        /** Reads and validates the header; {@code expectedDims} is 1 (labels), 3 (images) or −1 (any). */
        Header header(String name, int expectedDims) throws IOException {
            byte[] magic = read(name, 4, "the magic number");
            if (magic[0] != 0 || magic[1] != 0) {
                throw DataFormatException.atByte(name, 0, "not an IDX file: magic number starts with "
                        + hex(magic[0]) + " " + hex(magic[1]) + ", expected 0x00 0x00");
            }
            int type = magic[2] & 0xFF;
            int ndims = magic[3] & 0xFF;
            if (type != UBYTE) {
                throw DataFormatException.atByte(name, 2, "IDX data type " + hex(magic[2])
                        + " is not supported; expected 0x08 (unsigned bytes)");
            }
            if (ndims == 0 || expectedDims > 0 && ndims != expectedDims) {
                throw DataFormatException.atByte(name, 3, "IDX file has " + ndims + " dimension(s), expected "
                        + (expectedDims > 0 ? expectedDims + (expectedDims == 3 ? " (images × rows × columns)"
                        : " (one label per item)") : "at least 1"));
            }
            byte[] raw = read(name, 4 * ndims, "the dimension sizes");
            int[] dims = new int[ndims];
            long payload = 1;
            for (int k = 0; k < ndims; k++) {
                int v = (raw[4 * k] & 0xFF) << 24 | (raw[4 * k + 1] & 0xFF) << 16 | (raw[4 * k + 2] & 0xFF) << 8
                        | raw[4 * k + 3] & 0xFF;
                if (v <= 0) {
                    throw DataFormatException.atByte(name, 4 + 4L * k, "dimension " + (k + 1) + " has size "
                            + Integer.toUnsignedString(v) + (v == 0 && k == 0 ? " (no data rows)" : "")
                            + "; expected a positive size below 2^31");
                }
                dims[k] = v;
                payload = Math.min(payload * v, Long.MAX_VALUE / Integer.MAX_VALUE);
            }
            int length = 4 + 4 * ndims;
            String shape = Arrays.toString(dims);
            if (payload > GrowableDoubles.MAX_LENGTH) {
                throw DataFormatException.atByte(name, 4, "dimensions " + shape + " describe more than 2^31 bytes;"
                        + " the header is corrupt or the file is too large");
            }
            if (!gzip && length + payload != fileSize) {
                throw DataFormatException.atByte(name, Math.min(fileSize, length + payload), "dimensions " + shape
                        + " need " + (length + payload) + " bytes but the file has " + fileSize
                        + (fileSize < length + payload ? " (truncated?)" : " (unexpected trailing data)"));
            }
            if (gzip && payload > MAX_GZIP_RATIO * fileSize + 4096) {
                throw DataFormatException.atByte(name, 4, "dimensions " + shape + " describe " + payload
                        + " bytes, more than a " + fileSize + "-byte gzip file can hold; the header is corrupt");
            }
            return new Header(dims, length, payload);
        }

        /** The data after the header, checked to be exactly as long as the header says. */
        byte[] payload(String name, Header h) throws IOException {
            byte[] data = readUpTo((int) h.payload, name);
            if (data.length < h.payload) {
                throw DataFormatException.atByte(name, position, "file ends after " + data.length + " of "
                        + h.payload + " data bytes" + (gzip ? " (decompressed)" : "") + "; truncated?");
            }
            if (gzip && readByte(name) >= 0) {
                throw DataFormatException.atByte(name, position - 1, "unexpected data after the last item"
                        + " (decompressed offset)");
            }
            return data;
        }

        private byte[] read(String name, int count, String what) throws IOException {
            byte[] b = readUpTo(count, name);
            if (b.length < count) {
                throw DataFormatException.atByte(name, position, "file ends inside " + what
                        + (position == 0 ? " (empty file)" : ""));
            }
            return b;
        }

        private byte[] readUpTo(int count, String name) throws IOException {
            try {
                // readNBytes grows its buffer with the data actually read, never allocating `count` up front
                byte[] b = in.readNBytes(count);
                position += b.length;
                return b;
            } catch (ZipException | EOFException e) {
                if (!gzip) {
                    throw e;
                }
                throw DataFormatException.atByte(name, position, "corrupt or truncated gzip data (" + e.getMessage()
                        + ")");
            }
        }

        private int readByte(String name) throws IOException {
            byte[] b = readUpTo(1, name);
            return b.length == 0 ? -1 : b[0] & 0xFF;
        }

        private static String hex(byte b) {
            return String.format("0x%02X", b & 0xFF);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
