package org.ntk4j.kernel;

import java.util.Arrays;

/**
 * The exact CNTK of one image pair, computed diagonal by diagonal. Not thread-safe: each task owns
 * one engine (its work arrays are O(H·W)).
 *
 * <p>Why diagonals: every step of the recursion keeps the displacement p' − p of a pixel pair.
 * The input term Γ_{p,p'} = ⟨x_p, y_p'⟩ is per pair, the ReLU maps are elementwise, and a conv
 * layer sums M_{p+a, p'+a} over offsets a, which moves along a diagonal of the P×P' matrix. So
 * the matrix splits into independent diagonals. Pixels are numbered row-major on a canvas of width
 * W + r (SAME, r = f/2: r zero columns after each row) or W (VALID); on a diagonal D = p' − p of
 * the canvas a conv layer is two window sums of one flat array: stride 1 along rows and stride
 * (canvas width) along columns ({@link ArrayOps#windowSum}). The zero columns and zero margins
 * around each diagonal are exactly SAME's zero padding; VALID windows never leave a row for the
 * pixels that stay in the image. Pairs that involve a padding pixel, or a pixel that a VALID layer
 * has cut off, have a zero normaliser and are kept at zero. The work is the same O(P²) per layer as
 * with whole matrices (plus the padding columns), but all loops are long and vectorised, memory is
 * O(P), and the trace readout needs the diagonal D = 0 only (O(P) per pair).
 *
 * <p>Index conventions (algorithms.md §1.3/§1.4 in one recursion). Conv layers l = 1..L; S_l and
 * T_l are the NNGP Σ and the NTK Θ of conv layer l's output; N_l(x)_p = S_l(x,x)_{pp}.
 * <ul>
 *   <li>S_1 = box(Γ) (no 1/f²); T_1 = S_1 when the first layer is trained, else absent (0).</li>
 *   <li>for l &lt; L: ρ = S_l/√(N_l(x)_p N_l(y)_p'), K = √(N N')κ1(ρ), K̇ = κ0(ρ);
 *       S_{l+1} = box(K)/f², T_{l+1} = box(T_l⊙K̇ + K)/f²; N_{l+1} = box(N_l)/f².</li>
 *   <li>readout of the last ReLU: (T_L⊙K̇ + [last layer trained]·K)/f², then the mean over all
 *       pixel pairs (GAP), the {@link PoolingGrid}-weighted sum (pooled GAP) or Σ_p (trace).</li>
 * </ul>
 * §1.4's Σ⁽ʰ⁾, Θ⁽ʰ⁾, N⁽ʰ⁾ are S_{h+1}, T_{h+1}, N_{h+1}; Arora's --depth D is L + 1.
 */
final class CntkEngine {
    private final ConvolutionalNtk k;
    private final double invArea;
    private final int f;
    /** Window offset of a SAME (−r) or VALID (0) conv. */
    private final int offset;
    private final int canvasWidth;
    private final int canvasPixels;
    /** Zero margin before and after each diagonal inside the work arrays. */
    private final int margin;
    private final double[] gamma;
    private final double[] tmp;
    private double[] s;
    private double[] t;
    private double[] s2;
    private double[] t2;
    private final double[] rho;
    private final double[] root;
    private final double[] kappa0;
    private final double[] kappa1;
    /**
     * Readout weights of the pairs of each diagonal d (at index d + P − 1) when the readout is pooled
     * over regions, else null; they depend on d alone, so each is filled once per engine.
     */
    private final double[][] weights;

    CntkEngine(ConvolutionalNtk kernel) {
        this.k = kernel;
        this.f = kernel.filter();
        this.invArea = 1.0 / (f * f);
        int r = kernel.padsSame() ? f / 2 : 0;
        this.offset = -r;
        this.canvasWidth = kernel.width() + r;
        this.canvasPixels = kernel.height() * canvasWidth;
        this.margin = (f - 1) * (canvasWidth + 1);
        int length = canvasPixels + 2 * margin;
        gamma = new double[length];
        tmp = new double[length];
        s = new double[length];
        t = new double[length];
        s2 = new double[length];
        t2 = new double[length];
        rho = new double[canvasPixels];
        root = new double[canvasPixels];
        kappa0 = new double[canvasPixels];
        kappa1 = new double[canvasPixels];
        weights = kernel.pooling().pool() > 1 ? new double[2 * canvasPixels - 1][] : null;
    }

    /**
     * One image on the canvas: its channels, and per conv layer √N_l and 1/√N_l, which are 0 on
     * padding columns, on pixels a VALID layer has cut off, and where N_l = 0 (a receptive field
     * of zeros, whose pairs have Θ = 0 anyway).
     */
    record Image(double[] canvas, double[][] root, double[][] inverse) {
    }

    /** N_1 = box(Σ_c x_c²) (floored for the VALID variant), N_{l+1} = box(N_l)/f², on the canvas. */
    Image prepare(double[] data, int dataOffset) {
        int c = k.channels();
        int h = k.height();
        int w = k.width();
        int p = h * w;
        double[] canvas = new double[c * canvasPixels];
        double[] n = new double[p];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < h; i++) {
                System.arraycopy(data, dataOffset + ch * p + i * w, canvas, ch * canvasPixels + i * canvasWidth, w);
            }
            for (int q = 0; q < p; q++) {
                double v = data[dataOffset + ch * p + q];
                n[q] += v * v;
            }
        }
        int layers = k.convLayers();
        double[][] roots = new double[layers][];
        double[][] inverses = new double[layers][];
        double[] next = new double[p];
        double[] scratch = new double[p];
        for (int l = 1; l <= layers; l++) {
            if (k.padsSame()) {
                BoxFilter.same(n, h, w, f, l == 1 ? 1.0 : invArea, next, scratch);
            } else {
                BoxFilter.valid(n, h, w, f, l == 1 ? 1.0 : invArea, next, scratch);
            }
            h = k.layerHeight(l);
            w = k.layerWidth(l);
            double floor = l == 1 ? k.normFloor() : 0;
            double[] r = new double[canvasPixels];
            double[] inv = new double[canvasPixels];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double v = Math.max(next[i * w + j], floor);
                    next[i * w + j] = v;
                    double sq = Math.sqrt(v);
                    r[i * canvasWidth + j] = sq;
                    inv[i * canvasWidth + j] = sq > 0 ? 1 / sq : 0;
                }
            }
            roots[l - 1] = r;
            inverses[l - 1] = inv;
            double[] swap = n;
            n = next;
            next = swap;
        }
        return new Image(canvas, roots, inverses);
    }

    /** The kernel value of the pair (x, y). */
    double pair(Image x, Image y) {
        int layers = k.convLayers();
        int lastH = k.layerHeight(layers);
        int lastW = k.layerWidth(layers);
        boolean gap = k.readout() == ConvolutionalNtk.Readout.GAP;
        PoolingGrid pooling = k.pooling();
        double total = 0;
        if (gap) {
            // pooled regions only pair pixels less than a region's span apart
            int spanH = pooling.maxSpan(true);
            int spanW = pooling.maxSpan(false);
            for (int d = -(canvasPixels - 1); d < canvasPixels; d++) {
                if (reachesReadout(d, spanH, spanW)) {
                    total += diagonal(d, x, y);
                }
            }
        } else {
            total = diagonal(0, x, y);
        }
        total *= invArea;
        if (weights != null) {
            total /= pooling.regions(); // the weights carry 1/|R|²
        } else if (gap) {
            double pixels = (double) lastH * lastW;
            total /= pixels * pixels;
        }
        return total;
    }

    /** w[q] = 1/|R|² when pixels p0 + q and p0 + q + d of the last layer share region R, else 0. */
    private double[] weightsOf(int d, int p0, int n) {
        double[] w = weights[d + canvasPixels - 1];
        if (w != null) {
            return w;
        }
        w = new double[n];
        PoolingGrid pooling = k.pooling();
        int lastH = k.layerHeight(k.convLayers());
        int lastW = k.layerWidth(k.convLayers());
        for (int q = 0; q < n; q++) {
            int p = p0 + q;
            int i = p / canvasWidth;
            int j = p % canvasWidth;
            int i2 = (p + d) / canvasWidth;
            int j2 = (p + d) % canvasWidth;
            if (i < lastH && j < lastW && i2 < lastH && j2 < lastW) {
                int r = pooling.region(i, j);
                if (r == pooling.region(i2, j2)) {
                    double size = pooling.pixels(r);
                    w[q] = 1 / (size * size);
                }
            }
        }
        weights[d + canvasPixels - 1] = w;
        return w;
    }

    /**
     * Whether canvas diagonal d holds a pair of the last layer: d = di·W_c + dj with 0 ≤ dj &lt; W_c
     * holds the displacements (di, dj) and (di + 1, dj − W_c).
     */
    private boolean reachesReadout(int d, int lastH, int lastW) {
        int di = Math.floorDiv(d, canvasWidth);
        int dj = d - di * canvasWidth;
        return (Math.abs(di) < lastH && dj < lastW) || (Math.abs(di + 1) < lastH && canvasWidth - dj < lastW);
    }

    /** Pairs (p, p + d) of the canvas with both pixels in rows below {@code rows}, counted from p0. */
    private int length(int d, int rows) {
        return Math.min(rows * canvasWidth, rows * canvasWidth - d) - Math.max(0, -d);
    }

    /** Σ along diagonal d of the last layer's readout term, before 1/f². */
    private double diagonal(int d, Image x, Image y) {
        int p0 = Math.max(0, -d);
        int n = length(d, k.height());
        if (n <= 0) {
            return 0;
        }
        ArrayOps.channelDotRow(gamma, margin, x.canvas(), p0, y.canvas(), p0 + d, canvasPixels, k.channels(), n);
        int layers = k.convLayers();
        int next = length(d, k.layerHeight(1));
        if (next <= 0) {
            return 0;
        }
        box(gamma, n, next, 1.0, s);
        n = next;
        boolean hasT = k.trainsFirstLayer();
        if (hasT) {
            System.arraycopy(s, margin, t, margin, n);
        }
        for (int l = 1; ; l++) {
            double[] ix = x.inverse()[l - 1];
            double[] iy = y.inverse()[l - 1];
            ArrayOps.correlations(s, margin, ix, x.root()[l - 1], p0, iy, y.root()[l - 1], p0 + d, rho, root, n);
            boolean last = l == layers;
            boolean needKappa1 = !last || k.trainsLastLayer();
            k.duals(l - 1).evaluate(rho, kappa0, needKappa1 ? kappa1 : null, n);
            if (last) {
                double[] w = weights == null ? null : weightsOf(d, p0, n);
                return ArrayOps.readoutSum(t, margin, hasT, root, kappa0, kappa1, k.trainsLastLayer(), w, n);
            }
            ArrayOps.reluStep(s, t, margin, hasT, root, kappa0, kappa1, n);
            hasT = true;
            next = length(d, k.layerHeight(l + 1));
            if (next <= 0) {
                return 0; // no pair of this diagonal survives the VALID layers
            }
            box(s, n, next, invArea, s2);
            box(t, n, next, invArea, t2);
            double[] swap = s;
            s = s2;
            s2 = swap;
            swap = t;
            t = t2;
            t2 = swap;
            n = next;
        }
    }

    /**
     * out[margin + q] = scale·Σ_{a,b∈[0,f)} in[margin + q + (offset+a)·W_c + offset + b] for q &lt; nOut:
     * the f×f conv along the diagonal held in[margin, margin + n).
     */
    private void box(double[] in, int n, int nOut, double scale, double[] out) {
        int from = margin + offset * canvasWidth;
        int to = margin + nOut + (f - 1 + offset) * canvasWidth;
        if (offset != 0) {
            // SAME reads past the end of the diagonal: that must be the zero padding, not
            // what a longer diagonal left there
            Arrays.fill(in, margin + n, Math.min(in.length, margin + n + margin), 0.0);
        }
        ArrayOps.windowSum(tmp, in, offset, 1, f, from, to);
        ArrayOps.windowSum(out, tmp, offset * canvasWidth, canvasWidth, f, margin, margin + nOut);
        if (scale != 1) {
            ArrayOps.scale(out, margin, margin + nOut, scale);
        }
    }
}
