package org.ntk4j.data;

import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Label-preserving copies of training images, added next to each original: a horizontal mirror
 * ({@code flip}) and 1-pixel translations ({@code shift[:K]}: K of the four directions, drawn per
 * image from the seed when K &lt; 4). A translation repeats the edge pixels into the vacated border
 * row or column, so a shifted image keeps its own background rather than gaining a stripe of the
 * channel mean.
 *
 * <p>Each image's copies depend only on (seed, the image's row number), never on how rows are
 * blocked, so augmented features are the same for any block size or thread count.
 */
public final class ImageAugmentation {
    public static final ImageAugmentation NONE = new ImageAugmentation(false, 0, 0);

    private final boolean flip;
    private final int shifts;
    private final long seed;

    private ImageAugmentation(boolean flip, int shifts, long seed) {
        this.flip = flip;
        this.shifts = shifts;
        this.seed = seed;
    }

    /**
     * Parses "none" or a comma-separated list of "flip" and "shift[:K]" (K from 1 to 4, default 4).
     *
     * @throws IllegalArgumentException naming the part that is not understood
     */
    public static ImageAugmentation parse(String spec, long seed) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("none")) {
            return NONE;
        }
        boolean flip = false;
        int shifts = 0;
        for (String part : s.split(",", -1)) {
            String p = part.trim();
            if (p.equals("flip") && !flip) {
                flip = true;
            } else if ((p.equals("shift") || p.startsWith("shift:")) && shifts == 0) {
                shifts = p.equals("shift") ? 4 : shiftCount(p.substring("shift:".length()));
            } else {
                throw new IllegalArgumentException("'" + part + "' in '" + spec + "' is not an augmentation: give none, or "
                        + "flip and/or shift[:K] (K of the 4 one-pixel shifts per image), each at most once, e.g. flip,shift:2");
            }
        }
        return new ImageAugmentation(flip, shifts, seed);
    }

    private static int shiftCount(String k) {
        try {
            int n = Integer.parseInt(k);
            if (n >= 1 && n <= 4) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("shift:K takes K from 1 to 4 (of the four one-pixel shifts), got '" + k + "'");
    }

    /** How many copies each training image gets (0 for none). */
    public int copies() {
        return (flip ? 1 : 0) + shifts;
    }

    public boolean isNone() {
        return copies() == 0;
    }

    /**
     * Checks that inputs of this shape are images the copies make sense for.
     *
     * @throws IllegalArgumentException naming the shape and the source
     */
    public void checkShape(int[] shape, String source) {
        if (isNone()) {
            return;
        }
        if (shape.length != 3 || shape[1] < 2 || shape[2] < 2) {
            throw new IllegalArgumentException("augmentation (" + this + ") needs images (channels × height × width, at least "
                    + "2×2 pixels), but the inputs of " + source + " have shape " + java.util.Arrays.toString(shape));
        }
    }

    /**
     * The images of block (rows firstRow, firstRow+1, … of the training set, each a C×H×W image
     * in row-major order), each followed by its copies: (1 + copies()) rows per image.
     */
    public DoubleMatrix expand(DoubleMatrix block, int[] shape, long firstRow) {
        int k = 1 + copies();
        int d = block.cols();
        DoubleMatrix out = new DoubleMatrix(block.rows() * k, d);
        double[] src = block.data();
        double[] dst = out.data();
        for (int i = 0; i < block.rows(); i++) {
            int from = i * d;
            int to = i * k * d;
            System.arraycopy(src, from, dst, to, d);
            if (flip) {
                to += d;
                mirror(src, from, dst, to, shape);
            }
            for (int dir : directions(firstRow + i)) {
                to += d;
                translate(src, from, dst, to, shape, dir);
            }
        }
        return out;
    }

    /** Row i of y repeated for the image's original and its copies. */
    public DoubleMatrix repeatRows(DoubleMatrix y) {
        int k = 1 + copies();
        int c = y.cols();
        DoubleMatrix out = new DoubleMatrix(y.rows() * k, c);
        for (int i = 0; i < y.rows(); i++) {
            for (int j = 0; j < k; j++) {
                System.arraycopy(y.data(), i * c, out.data(), (i * k + j) * c, c);
            }
        }
        return out;
    }

    /** The shift directions of one image: all four in order, or K of them drawn from (seed, row). */
    private int[] directions(long row) {
        if (shifts == 4) {
            return new int[] {0, 1, 2, 3};
        }
        if (shifts == 0) {
            return new int[0];
        }
        return RandomStream.of(seed).child("augment-shift").child(row).sampleWithoutReplacement(4, shifts);
    }

    private static void mirror(double[] src, int from, double[] dst, int to, int[] shape) {
        int w = shape[2];
        int planes = shape[0] * shape[1];
        for (int r = 0; r < planes; r++) {
            int s = from + r * w;
            int t = to + r * w;
            for (int x = 0; x < w; x++) {
                dst[t + x] = src[s + w - 1 - x];
            }
        }
    }

    /** Moves the image content one pixel right (0), left (1), down (2) or up (3), repeating the edge. */
    private static void translate(double[] src, int from, double[] dst, int to, int[] shape, int dir) {
        int h = shape[1];
        int w = shape[2];
        int dy = dir == 2 ? 1 : dir == 3 ? -1 : 0;
        int dx = dir == 0 ? 1 : dir == 1 ? -1 : 0;
        for (int c = 0; c < shape[0]; c++) {
            int plane = c * h * w;
            for (int y = 0; y < h; y++) {
                int sy = Math.clamp(y - dy, 0, h - 1);
                for (int x = 0; x < w; x++) {
                    int sx = Math.clamp(x - dx, 0, w - 1);
                    dst[to + plane + y * w + x] = src[from + plane + sy * w + sx];
                }
            }
        }
    }

    /** How reports and models name it, e.g. "augmented flip,shift:1 (3 feature rows per image)". */
    public String describe() {
        return isNone() ? "not augmented" : "augmented " + this + " (" + (1 + copies()) + " feature rows per image)";
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (flip) {
            parts.add("flip");
        }
        if (shifts > 0) {
            parts.add(shifts == 4 ? "shift" : "shift:" + shifts);
        }
        return String.join(",", parts);
    }
}
