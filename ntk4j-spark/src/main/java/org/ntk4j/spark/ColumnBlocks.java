package org.ntk4j.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the rows of the upper triangle of ΦᵀΦ (m × m) into blocks [a, b) small enough for one
 * Spark task result. Block [a, b) holds rows a..b−1 and columns a..m−1 (the part on and right of
 * the diagonal) for every λ-selection group, plus those rows of ΦᵀY and of the column sums, so it
 * takes groups · (b − a) · ((m − a) + k + 1) · 8 bytes. Later blocks are narrower, so they take
 * more rows within the same bound.
 */
final class ColumnBlocks {
    private ColumnBlocks() {
    }

    /** Bytes of block [a, b) for m features, k outputs and the given number of row groups. */
    static long bytes(int a, int b, int m, int k, int groups) {
        return (long) groups * (b - a) * ((long) (m - a) + k + 1) * Double.BYTES;
    }

    /**
     * Block boundaries 0 = s₀ < s₁ < … = m with each block within maxBytes; a block has at least
     * one row even when that row alone is larger, and no array of more than 2³¹ − 16 elements.
     */
    static int[] plan(int m, int k, int groups, long maxBytes) {
        if (m < 1 || k < 1 || groups < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("invalid block plan: m=" + m + ", k=" + k + ", groups=" + groups
                    + ", maxBytes=" + maxBytes);
        }
        List<Integer> starts = new ArrayList<>();
        int a = 0;
        while (a < m) {
            starts.add(a);
            long rowBytes = bytes(a, a + 1, m, k, groups);
            long rows = Math.max(1, maxBytes / rowBytes);
            long width = m - a;
            rows = Math.min(rows, (Integer.MAX_VALUE - 16) / width); // one Java array per group
            a = (int) Math.min(m, a + rows);
        }
        int[] out = new int[starts.size() + 1];
        for (int i = 0; i < starts.size(); i++) {
            out[i] = starts.get(i);
        }
        out[starts.size()] = m;
        return out;
    }
}
