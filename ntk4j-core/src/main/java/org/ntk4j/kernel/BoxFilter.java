package org.ntk4j.kernel;

/**
 * f×f box sums of small row-major maps: the convolution step of the exact CNTK. A conv layer sums
 * a pixel-pair matrix over the diagonal offsets (p+a, p'+a); along one displacement p' − p that is
 * an ordinary 2-D box sum of a map (see {@link CntkEngine}). Both sums are separable: rows first,
 * then columns, f additions each instead of f².
 */
final class BoxFilter {
    private BoxFilter() {
    }

    /**
     * VALID: out[i][j] = scale·Σ_{a,b∈[0,f)} in[i+a][j+b], out is (h−f+1)×(w−f+1). tmp needs
     * h·(w−f+1) values.
     */
    static void valid(double[] in, int h, int w, int f, double scale, double[] out, double[] tmp) {
        int wo = w - f + 1;
        int ho = h - f + 1;
        for (int i = 0; i < h; i++) {
            int src = i * w;
            int dst = i * wo;
            System.arraycopy(in, src, tmp, dst, wo);
            for (int b = 1; b < f; b++) {
                for (int j = 0; j < wo; j++) {
                    tmp[dst + j] += in[src + b + j];
                }
            }
        }
        int n = ho * wo;
        System.arraycopy(tmp, 0, out, 0, n);
        for (int a = 1; a < f; a++) {
            int shift = a * wo;
            for (int k = 0; k < n; k++) {
                out[k] += tmp[k + shift];
            }
        }
        scale(out, n, scale);
    }

    /**
     * SAME with zero padding, odd f = 2r+1: out[i][j] = scale·Σ_{a,b∈[−r,r]} in[i+a][j+b] over the
     * offsets that stay inside the h×w map. tmp needs h·w values.
     */
    static void same(double[] in, int h, int w, int f, double scale, double[] out, double[] tmp) {
        int r = f / 2;
        for (int i = 0; i < h; i++) {
            int row = i * w;
            System.arraycopy(in, row, tmp, row, w);
            for (int b = 1; b <= r; b++) {
                for (int j = 0; j + b < w; j++) {
                    tmp[row + j] += in[row + j + b];
                }
                for (int j = b; j < w; j++) {
                    tmp[row + j] += in[row + j - b];
                }
            }
        }
        int n = h * w;
        System.arraycopy(tmp, 0, out, 0, n);
        for (int a = 1; a <= r; a++) {
            int shift = a * w;
            for (int k = 0; k + shift < n; k++) {
                out[k] += tmp[k + shift];
            }
            for (int k = shift; k < n; k++) {
                out[k] += tmp[k - shift];
            }
        }
        scale(out, n, scale);
    }

    private static void scale(double[] a, int n, double s) {
        if (s != 1) {
            for (int k = 0; k < n; k++) {
                a[k] *= s;
            }
        }
    }
}
