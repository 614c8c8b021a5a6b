package org.ntk4j.data;

import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Parallel;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a ZIP of images grouped in class folders ({@code <anything>/<class>/<file>.jpg}) into a
 * classification {@link Dataset}: each image becomes a row of C·H·W doubles in 0..255,
 * channel-major (all of channel 0, then channel 1, ...), with sample shape {C, H, W}; C is 3
 * for colour and 1 for grayscale images. The class is the name of the folder holding the file.
 *
 * <p>Entries are ordered by name, or by a seeded shuffle (recommended: class folders are
 * usually stored one after another). A limit takes the first entries of that order, and only
 * those are decoded. Decoding runs in parallel; the result does not depend on the thread count. All selected images must share
 * one size and channel count. Non-image entries (by extension) and {@code __MACOSX/} are skipped.
 */
public final class ImageZipReader {
    /** CIFAR-10's class order (its label numbering). */
    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    /** Largest image accepted (pixels); larger header sizes are treated as corrupt. */
    private static final long MAX_PIXELS = 1L << 26;
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

    /**
     * Reading options.
     *
     * @param classOrder class names in label order, or null for the sorted folder names
     * @param limit      at most this many images (the first of the order), or 0 for all
     * @param shuffle    order the images by a seeded shuffle instead of by entry name
     * @param seed       seed of the shuffle
     */
    public record Options(List<String> classOrder, int limit, boolean shuffle, long seed) {
        public Options {
            classOrder = classOrder == null ? null : List.copyOf(classOrder);
            if (classOrder != null && new TreeSet<>(classOrder).size() != classOrder.size()) {
                throw new IllegalArgumentException("class order names a class twice: " + classOrder);
            }
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be >= 0 (0 = all), got " + limit);
            }
        }

        /** All images, classes in sorted folder order. */
        public static Options defaults() {
            return new Options(null, 0, false, 0);
        }

        public Options withClassOrder(List<String> classes) {
            return new Options(classes, limit, shuffle, seed);
        }

        /** At most {@code n} images (0 = all). */
        public Options withLimit(int n) {
            return new Options(classOrder, n, shuffle, seed);
        }

        /** Images in the order of a seeded shuffle (a limit then takes a random subset). */
        public Options withShuffle(long shuffleSeed) {
            return new Options(classOrder, limit, true, shuffleSeed);
        }
    }

    private ImageZipReader() {
    }

    /** All images, classes in sorted folder order. */
    public static Dataset read(Path zip) throws IOException {
        return read(zip, Options.defaults());
    }

    public static Dataset read(Path zip, Options options) throws IOException {
        String name = zip.toString();
        ZipFile file;
        try {
            file = new ZipFile(zip.toFile());
        } catch (ZipException | EOFException e) {
            // EOFException: the end-of-central-directory record points past the end of the file
            throw DataFormatException.inFile(name, "not a readable ZIP file (" + Objects.requireNonNullElse(
                    e.getMessage(), "the central directory points past the end of the file") + ")");
        }
        try (file) {
            List<ZipEntry> entries = imageEntries(file, name);
            List<String> classes = options.classOrder() != null ? options.classOrder() : sortedClasses(entries);
            if (entries.isEmpty()) {
                throw DataFormatException.inFile(name, "contains no image entries (" + String.join(", ", EXTENSIONS) + ")");
            }
            int count = options.limit() > 0 ? Math.min(options.limit(), entries.size()) : entries.size();
            int[] pick = options.shuffle() ? Splits.take(entries.size(), count, options.seed()) : null;
            List<ZipEntry> chosen = new ArrayList<>();
            int[] labels = new int[count];
            for (int r = 0; r < labels.length; r++) {
                ZipEntry e = entries.get(pick == null ? r : pick[r]);
                chosen.add(e);
                labels[r] = classes.indexOf(classOf(e.getName()));
                if (labels[r] < 0) {
                    throw DataFormatException.inFile(name, "entry " + e.getName() + ": class folder "
                            + DataFormatException.quote(classOf(e.getName())) + " is not among the given classes " + classes);
                }
            }
            return decode(file, name, chosen, labels, classes, options);
        }
    }

    private static List<ZipEntry> imageEntries(ZipFile file, String name) {
        List<ZipEntry> out = new ArrayList<>();
        try {
            Enumeration<? extends ZipEntry> en = file.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                String n = e.getName();
                if (e.isDirectory() || n.startsWith("__MACOSX/") || !isImage(n)) {
                    continue;
                }
                if (classOf(n).isEmpty()) {
                    throw DataFormatException.inFile(name, "entry " + n + " is not inside a class folder");
                }
                out.add(e);
            }
        } catch (IllegalArgumentException e) {
            // malformed entry names in the central directory
            throw DataFormatException.inFile(name, "corrupt ZIP directory (" + e.getMessage() + ")");
        }
        out.sort((a, b) -> a.getName().compareTo(b.getName()));
        return out;
    }

    private static boolean isImage(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        for (String ext : EXTENSIONS) {
            if (lower.endsWith(ext)) {
                return true;
            }
        }
        return false;
    }

    /** The folder directly holding the entry ("" when it is at the top level). */
    private static String classOf(String entry) {
        int slash = entry.lastIndexOf('/');
        if (slash <= 0) {
            return "";
        }
        int prev = entry.lastIndexOf('/', slash - 1);
        return entry.substring(prev + 1, slash);
    }

    private static List<String> sortedClasses(List<ZipEntry> entries) {
        TreeSet<String> names = new TreeSet<>();
        for (ZipEntry e : entries) {
            names.add(classOf(e.getName()));
        }
        return List.copyOf(names);
    }

    private record Image(int channels, int height, int width, double[] chw) {
    }

    private static Dataset decode(ZipFile file, String name, List<ZipEntry> chosen, int[] labels,
                                  List<String> classes, Options options) {
        int n = chosen.size();
        long maxPixels = MAX_PIXELS;
        Image first = decodeEntry(file, name, chosen.get(0), maxPixels, 0, 0);
        int c = first.channels();
        int h = first.height();
        int w = first.width();
        int d = c * h * w;
        if ((long) n * d > GrowableDoubles.MAX_LENGTH) {
            throw new IllegalArgumentException(n + " images of " + c + "x" + h + "x" + w
                    + " exceed one Java array; read fewer (use a limit)");
        }
        double[] out = new double[n * d];
        System.arraycopy(first.chw(), 0, out, 0, d);
        // Fixed-size blocks, each writing only its own rows: the first failing block (in row order)
        // reports the first bad entry, whatever the thread count.
        int block = 64;
        int blocks = (n - 1 + block - 1) / block;
        Parallel.forEach(blocks, b -> {
            int from = 1 + b * block;
            int to = Math.min(n, from + block);
            for (int r = from; r < to; r++) {
                ZipEntry e = chosen.get(r);
                Image img = decodeEntry(file, name, e, maxPixels, h, w);
                if (img.channels() != c || img.height() != h || img.width() != w) {
                    throw DataFormatException.inFile(name, "entry " + e.getName() + " is " + img.channels() + "x"
                            + img.height() + "x" + img.width() + " (channels x height x width) but "
                            + chosen.get(0).getName() + " is " + c + "x" + h + "x" + w + "; all images must share one size");
                }
                System.arraycopy(img.chw(), 0, out, r * d, d);
            }
        });
        String source = name + (options.shuffle() ? " (" + n + " images, shuffled with seed " + options.seed() + ")"
                : options.limit() > 0 ? " (first " + n + " images)" : "");
        return Dataset.classification(source, new DoubleMatrix(n, d, out), new int[]{c, h, w}, labels, classes);
    }

    /**
     * Decodes one entry. The size in the image header is checked before the pixels are decoded,
     * so a corrupt header cannot make the decoder allocate gigabytes: it must not exceed
     * {@code maxPixels}, and must equal {@code expectedH × expectedW} when those are positive.
     */
    private static Image decodeEntry(ZipFile file, String name, ZipEntry e, long maxPixels, int expectedH,
                                     int expectedW) {
        BufferedImage img;
        try (InputStream in = file.getInputStream(e);
             ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(in.readAllBytes()))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw DataFormatException.inFile(name, "entry " + e.getName() + " is not an image Java can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (expectedH > 0 && (h != expectedH || w != expectedW)) {
                    throw DataFormatException.inFile(name, "entry " + e.getName() + " is " + w + "x" + h
                            + " pixels but the first image is " + expectedW + "x" + expectedH
                            + "; all images must share one size");
                }
                if ((long) w * h > maxPixels || w <= 0 || h <= 0) {
                    throw DataFormatException.inFile(name, "entry " + e.getName() + " claims " + w + "x" + h
                            + " pixels, more than " + maxPixels + " (corrupt header?)");
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof DataFormatException dfe) {
                throw dfe;
            }
            // decoders throw all kinds of runtime exceptions on corrupt data
            throw DataFormatException.inFile(name, "entry " + e.getName() + " cannot be decoded ("
                    + Objects.requireNonNullElse(ex.getMessage(), ex.getClass().getSimpleName()) + ")", ex);
        }
        if (img == null) {
            throw DataFormatException.inFile(name, "entry " + e.getName() + " is not an image Java can read");
        }
        return toChw(img);
    }

    /** Channel-major samples: straight from the raster for 8-bit gray/RGB(A), via sRGB otherwise. */
    static Image toChw(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        boolean plain8bit = cm instanceof ComponentColorModel && Arrays.stream(cm.getComponentSize()).allMatch(s -> s == 8)
                && (cm.getColorSpace().isCS_sRGB() && cm.getNumColorComponents() == 3
                || cm.getNumColorComponents() == 1 && cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY);
        if (plain8bit) {
            int c = cm.getNumColorComponents();
            double[] out = new double[c * h * w];
            int[] samples = new int[w * h];
            for (int ch = 0; ch < c; ch++) {
                raster.getSamples(0, 0, w, h, ch, samples);
                for (int p = 0; p < samples.length; p++) {
                    out[ch * h * w + p] = samples[p];
                }
            }
            return new Image(c, h, w, out);
        }
        boolean gray = cm.getNumColorComponents() == 1 && !(cm instanceof java.awt.image.IndexColorModel);
        int c = gray ? 1 : 3;
        double[] out = new double[c * h * w];
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        int plane = h * w;
        for (int p = 0; p < plane; p++) {
            int v = argb[p];
            if (gray) {
                out[p] = v & 0xFF; // getRGB of a gray image has R = G = B
            } else {
                out[p] = (v >> 16) & 0xFF;
                out[plane + p] = (v >> 8) & 0xFF;
                out[2 * plane + p] = v & 0xFF;
            }
        }
        return new Image(c, h, w, out);
    }
}
