package org.ntk4j.kernel;

/**
 * The readout regions of a pooled CNTK: the last layer's height×width pixels split into a
 * pool×pool grid of near-equal rectangles (row i belongs to grid row ⌊i·pool/height⌋). The
 * readout averages within each region and sums over regions with weight 1/pool²:
 * Θ = (1/pool²)·Σ_R mean_{p,p'∈R} Θ(p,p'). pool = 1 is global average pooling; pool = height =
 * width is the trace (flatten) readout up to the factor 1/pool². Regions keep where in the image a
 * feature was seen, which a global average throws away.
 */
public record PoolingGrid(int pool, int height, int width) {

    public PoolingGrid {
        if (pool < 1 || pool > Math.min(height, width)) {
            throw new IllegalArgumentException("pool must be between 1 and the last layer's " + height + "x" + width
                    + " pixels, got " + pool);
        }
    }

    public int regions() {
        return pool * pool;
    }

    /** Region (row-major in the grid) of pixel (i, j). */
    public int region(int i, int j) {
        return (i * pool / height) * pool + j * pool / width;
    }

    /** Pixels in region r. */
    public int pixels(int r) {
        return span(r / pool, height) * span(r % pool, width);
    }

    /** The most rows (or columns) one region spans: pairs further apart are never pooled together. */
    public int maxSpan(boolean rows) {
        return Math.ceilDiv(rows ? height : width, pool);
    }

    /** Indices i in [0, n) with ⌊i·pool/n⌋ = k. */
    private int span(int k, int n) {
        return Math.ceilDiv((k + 1) * n, pool) - Math.ceilDiv(k * n, pool);
    }
}
