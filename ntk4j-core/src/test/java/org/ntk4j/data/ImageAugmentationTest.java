package org.ntk4j.data;

import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.DoubleMatrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageAugmentationTest {
    // two channels of 3×4 pixels; pixel (c, y, x) holds 100c + 10y + x
    private static final int[] SHAPE = {2, 3, 4};

    private static DoubleMatrix image() {
        DoubleMatrix m = new DoubleMatrix(1, 24);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    m.set(0, c * 12 + y * 4 + x, 100 * c + 10 * y + x);
                }
            }
        }
        return m;
    }

    private static double pixel(DoubleMatrix m, int row, int c, int y, int x) {
        return m.get(row, c * 12 + y * 4 + x);
    }

    @Test
    void parsesTheListAndCountsTheCopies() {
        assertEquals(0, ImageAugmentation.parse("none", 1).copies());
        assertTrue(ImageAugmentation.parse(" None ", 1).isNone());
        assertEquals(1, ImageAugmentation.parse("flip", 1).copies());
        assertEquals(4, ImageAugmentation.parse("shift", 1).copies());
        assertEquals(2, ImageAugmentation.parse("shift:2", 1).copies());
        ImageAugmentation both = ImageAugmentation.parse("shift:1, flip", 1);
        assertEquals(2, both.copies());
        assertEquals("flip,shift:1", both.toString());
        assertEquals("flip,shift", ImageAugmentation.parse("flip,shift:4", 1).toString());
    }

    @Test
    void refusesWhatItDoesNotKnowNamingThePart() {
        for (String bad : new String[]{"rotate", "flip,flip", "shift:0", "shift:5", "shift:x", "", "flip,", "shift,shift:2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageAugmentation.parse(bad, 1), bad);
            assertTrue(e.getMessage().contains("shift"), bad + ": " + e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageAugmentation.parse("rotate", 1));
        assertTrue(e.getMessage().contains("'rotate'"), e.getMessage());
    }

    @Test
    void flipMirrorsEveryRowOfEveryChannel() {
        DoubleMatrix out = ImageAugmentation.parse("flip", 1).expand(image(), SHAPE, 0);
        assertEquals(2, out.rows());
        assertArrayEquals(image().data(), out.rowRange(0, 1).data(), "the original comes first, unchanged");
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(100 * c + 10 * y + (3 - x), pixel(out, 1, c, y, x), 0);
                }
            }
        }
    }

    @Test
    void shiftsMoveTheContentOnePixelAndRepeatTheEdge() {
        DoubleMatrix out = ImageAugmentation.parse("shift", 1).expand(image(), SHAPE, 0);
        assertEquals(5, out.rows());
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    double base = 100 * c;
                    assertEquals(base + 10 * y + Math.max(x - 1, 0), pixel(out, 1, c, y, x), 0, "right");
                    assertEquals(base + 10 * y + Math.min(x + 1, 3), pixel(out, 2, c, y, x), 0, "left");
                    assertEquals(base + 10 * Math.max(y - 1, 0) + x, pixel(out, 3, c, y, x), 0, "down");
                    assertEquals(base + 10 * Math.min(y + 1, 2) + x, pixel(out, 4, c, y, x), 0, "up");
                }
            }
        }
    }

    @Test
    void drawnShiftsDependOnTheRowNumberNotOnTheBlocking() {
        int n = 40;
        DoubleMatrix images = new DoubleMatrix(n, 24);
        for (int i = 0; i < n; i++) {
            System.arraycopy(image().data(), 0, images.data(), i * 24, 24);
        }
        ImageAugmentation a = ImageAugmentation.parse("flip,shift:2", 9);
        DoubleMatrix whole = a.expand(images, SHAPE, 0);
        DoubleMatrix tail = a.expand(images.rowRange(13, n), SHAPE, 13);
        assertArrayEquals(whole.rowRange(13 * 4, n * 4).data(), tail.data(), "rows 13.. drawn alike in one block or two");
        // the images are identical, so their shifted copies differ only by the drawn directions (12 ordered pairs)
        java.util.Set<String> pairs = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            pairs.add(java.util.Arrays.toString(whole.rowRange(i * 4 + 2, i * 4 + 4).data()));
        }
        assertTrue(pairs.size() > 3, "distinct shift draws " + pairs.size());
        assertNotEquals(java.util.Arrays.toString(a.expand(images, SHAPE, 0).data()),
                java.util.Arrays.toString(ImageAugmentation.parse("flip,shift:2", 10).expand(images, SHAPE, 0).data()),
                "another seed draws other shifts");
    }

    @Test
    void targetsAreRepeatedForEachCopy() {
        DoubleMatrix y = DoubleMatrix.of(new double[][]{{1, 2}, {3, 4}});
        DoubleMatrix r = ImageAugmentation.parse("flip,shift:1", 1).repeatRows(y);
        assertArrayEquals(new double[]{1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, r.data());
    }

    @Test
    void refusesInputsThatAreNotImages() {
        ImageAugmentation a = ImageAugmentation.parse("flip", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.checkShape(new int[]{8}, "concrete"));
        assertTrue(e.getMessage().contains("concrete") && e.getMessage().contains("[8]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.checkShape(new int[]{3, 1, 32}, "strip"));
        a.checkShape(SHAPE, "images");
        ImageAugmentation.NONE.checkShape(new int[]{8}, "concrete");
    }
}
