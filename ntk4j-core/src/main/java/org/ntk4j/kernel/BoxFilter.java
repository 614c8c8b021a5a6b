package org.ntk4j.kernel;

/**
 * f×f box sums of small row-major maps: the per-pixel normalisers of the exact CNTK,
 * N_1 = box(Σ_c x_c²) and N_{l+1} = box(N_l)/f² (the pixel-pair matrices themselves are filtered
 * along their diagonals in {@link CntkEngine}). Both sums are separable, rows first, then columns,
 * each one vectorised pass over the flat array ({@link ArrayOps#windowSum}); only the few elements
 * whose window crosses the map's border are summed again separately.
 */
final class BoxFilter {
    private BoxFilter() {
    }

    /**
     * VALID: out[i][j] = scale·Σ_{a,b∈[0,f)} in[i+a][j+b], out is (h−f+1)×(w−f+1), row-major with
     * stride w−f+1. tmp needs h·w values; out needs h·w values of room (it is used before compaction).
     */
    static void valid(double[] in, int h, int w, int f, double scale, double[] out, double[] tmp) {
        int wo = w - f + 1;
        int ho = h - f + 1;
        int n = h * w;
        // Rows at stride w over the flat array: columns j ≥ wo mix the next row's start. They are
        // never read below, and the loops stay long even for maps a few pixels wide.
        ArrayOps.windowSum(tmp, in, 0, 1, f, 0, n - f + 1);
        ArrayOps.windowSum(out, tmp, 0, w, f, 0, (ho - 1) * w + wo);
        for (int i = 1; i < ho; i++) {
            System.arraycopy(out, i * w, out, i * wo, wo); // compact to stride wo (moves left only)
        }
        if (scale != 1) {
            ArrayOps.scale(out, 0, ho * wo, scale);
        }
    }

    /**
     * SAME with zero padding, odd f = 2r+1: out[i][j] = scale·Σ_{a,b∈[−r,r]} in[i+a][j+b] over the
     * offsets that stay inside the h×w map. tmp needs h·w values.
     */
    static void same(double[] in, int h, int w, int f, double scale, double[] out, double[] tmp) {
        int r = f / 2;
        int n = h * w;
        if (r == 0) {
            System.arraycopy(in, 0, out, 0, n);
            if (scale != 1) {
                ArrayOps.scale(out, 0, n, scale);
            }
            return;
        }
        // Rows: the flat pass is right except in the r columns at each end of a row, whose
        // windows cross into the neighbouring row; those are summed again over their valid part.
        ArrayOps.windowSum(tmp, in, -r, 1, f, r, n - r);
        for (int i = 0; i < h; i++) {
            int row = i * w;
            for (int j = 0; j < w; j++) {
                if (j == r && w - r > r) {
                    j = w - r; // skip the interior columns
                }
                int first = Math.max(0, j - r);
                int last = Math.min(w - 1, j + r);
                double sum = in[row + first];
                for (int q = first + 1; q <= last; q++) {
                    sum += in[row + q];
                }
                tmp[row + j] = sum;
            }
        }
        // Columns: interior rows in one pass, the r rows at each edge over their valid rows only.
        ArrayOps.windowSum(out, tmp, -r * w, w, f, r * w, (h - r) * w);
        for (int i = 0; i < h; i++) {
            if (i == r && h - r > r) {
                i = h - r; // skip the interior rows
            }
            int first = Math.max(0, i - r);
            int last = Math.min(h - 1, i + r);
            ArrayOps.windowSum(out, tmp, (first - i) * w, w, last - first + 1, i * w, (i + 1) * w);
        }
        if (scale != 1) {
            ArrayOps.scale(out, 0, n, scale);
        }
    }
}
