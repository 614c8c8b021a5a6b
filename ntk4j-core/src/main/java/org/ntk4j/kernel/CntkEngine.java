package org.ntk4j.kernel;

/**
 * The exact CNTK of one image pair, computed displacement by displacement. Not thread-safe: each
 * task owns one engine (its work arrays are O(H·W)).
 *
 * <p>Why displacements: every step of the recursion keeps the displacement d = p' − p of a pixel
 * pair. The input term Γ_{p,p'} = ⟨x_p, y_p'⟩ is per pair, the ReLU maps are elementwise, and a
 * conv layer sums Γ_{p+a, p'+a} over offsets a, which moves along a diagonal. So the P×P' matrix
 * splits into independent maps m_d[p] = M_{p, p+d}, one per d, and on each map a conv layer is a
 * plain 2-D box filter ({@link BoxFilter}) over the pixels p for which both p and p+d lie in the
 * image (zero outside: exactly SAME zero padding; VALID shrinks the map by f−1 like the layer).
 * The total work is the same O(P²) per layer as with whole matrices, but every map fits in L1,
 * memory is O(P) per thread, and the trace readout needs only d = 0 (O(P) per pair). GAP needs
 * every d for which the last layer still has pixel pairs.
 *
 * <p>Index conventions (algorithms.md §1.3/§1.4 in one recursion). Conv layers l = 1..L; S_l and
 * T_l are the NNGP Σ and the NTK Θ of conv layer l's output; N_l(x)_p = S_l(x,x)_{pp}.
 * <ul>
 *   <li>S_1 = box(Γ) (no 1/f²); T_1 = S_1 when the first layer is trained, else absent (0).</li>
 *   <li>for l &lt; L: ρ = S_l/√(N_l(x)_p N_l(y)_p'), K = √(N N')κ1(ρ), K̇ = κ0(ρ);
 *       S_{l+1} = box(K)/f², T_{l+1} = box(T_l⊙K̇ + K)/f²; N_{l+1} = box(N_l)/f².</li>
 *   <li>readout of the last ReLU: (T_L⊙K̇ + [last layer trained]·K)/f², then the mean over all
 *       pixel pairs (GAP) or Σ_p (trace).</li>
 * </ul>
 * §1.4's Σ⁽ʰ⁾, Θ⁽ʰ⁾, N⁽ʰ⁾ are S_{h+1}, T_{h+1}, N_{h+1}; Arora's --depth D is L + 1.
 */
final class CntkEngine {
    private final ConvolutionalNtk k;
    private final double invArea;
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

    CntkEngine(ConvolutionalNtk kernel) {
        this.k = kernel;
        int p = kernel.height() * kernel.width();
        this.invArea = 1.0 / (kernel.filter() * kernel.filter());
        gamma = new double[p];
        tmp = new double[p];
        s = new double[p];
        t = new double[p];
        s2 = new double[p];
        t2 = new double[p];
        rho = new double[p];
        root = new double[p];
        kappa0 = new double[p];
        kappa1 = new double[p];
    }

    /** Per-image normalisers of every conv layer: √N_l and 1/√N_l (0 where N_l = 0). */
    record Norms(double[][] root, double[][] inverse) {
    }

    /** N_1 = box(Σ_c x_c²) (floored for the VALID variant), N_{l+1} = box(N_l)/f². */
    Norms norms(double[] data, int offset) {
        int c = k.channels();
        int h = k.height();
        int w = k.width();
        int p = h * w;
        double[] n = new double[p];
        for (int ch = 0; ch < c; ch++) {
            int base = offset + ch * p;
            for (int q = 0; q < p; q++) {
                double v = data[base + q];
                n[q] += v * v;
            }
        }
        int layers = k.convLayers();
        double[][] roots = new double[layers][];
        double[][] inverses = new double[layers][];
        double[] next = new double[p];
        for (int l = 1; l <= layers; l++) {
            box(n, h, w, l == 1 ? 1.0 : invArea, next);
            h = k.layerHeight(l);
            w = k.layerWidth(l);
            int size = h * w;
            double[] r = new double[size];
            double[] inv = new double[size];
            double floor = l == 1 ? k.normFloor() : 0;
            for (int q = 0; q < size; q++) {
                if (next[q] < floor) {
                    next[q] = floor;
                }
                r[q] = Math.sqrt(next[q]);
                inv[q] = r[q] > 0 ? 1 / r[q] : 0; // N = 0 only where the receptive field is 0
            }
            roots[l - 1] = r;
            inverses[l - 1] = inv;
            double[] swap = n;
            n = next;
            next = swap;
        }
        return new Norms(roots, inverses);
    }

    /** The kernel value of the pair (x at xOffset, y at yOffset). */
    double pair(double[] x, int xOffset, Norms nx, double[] y, int yOffset, Norms ny) {
        int layers = k.convLayers();
        int lastH = k.layerHeight(layers);
        int lastW = k.layerWidth(layers);
        boolean gap = k.readout() == ConvolutionalNtk.Readout.GAP;
        int maxDi = gap ? lastH - 1 : 0;
        int maxDj = gap ? lastW - 1 : 0;
        double total = 0;
        for (int di = -maxDi; di <= maxDi; di++) {
            for (int dj = -maxDj; dj <= maxDj; dj++) {
                total += displacement(di, dj, x, xOffset, nx, y, yOffset, ny);
            }
        }
        total *= invArea;
        if (gap) {
            double pixels = (double) lastH * lastW;
            total /= pixels * pixels;
        }
        return total;
    }

    /** Σ over the map of displacement (di, dj) of the last layer's readout term, before 1/f². */
    private double displacement(int di, int dj, double[] x, int xOffset, Norms nx, double[] y, int yOffset,
                                Norms ny) {
        int loI = Math.max(0, -di);
        int loJ = Math.max(0, -dj);
        int h = Math.min(k.height(), k.height() - di) - loI;
        int w = Math.min(k.width(), k.width() - dj) - loJ;
        inputInnerProducts(di, dj, loI, loJ, h, w, x, xOffset, y, yOffset);
        int shrink = k.padsSame() ? 0 : k.filter() - 1; // per conv layer
        box(gamma, h, w, 1.0, s);
        h -= shrink;
        w -= shrink;
        boolean hasT = k.trainsFirstLayer();
        if (hasT) {
            System.arraycopy(s, 0, t, 0, h * w);
        }
        int layers = k.convLayers();
        for (int l = 1; ; l++) {
            int n = h * w;
            correlations(l, di, dj, loI, loJ, h, w, nx, ny);
            boolean last = l == layers;
            boolean needKappa1 = !last || k.trainsLastLayer();
            k.duals(l - 1).evaluate(rho, kappa0, needKappa1 ? kappa1 : null, n);
            if (last) {
                return readout(n, hasT);
            }
            ArrayOps.reluStep(s, t, hasT, root, kappa0, kappa1, n);
            hasT = true;
            box(s, h, w, invArea, s2);
            box(t, h, w, invArea, t2);
            double[] swap = s;
            s = s2;
            s2 = swap;
            swap = t;
            t = t2;
            t2 = swap;
            h -= shrink;
            w -= shrink;
        }
    }

    /** gamma[i][j] = Σ_c x_c[loI+i][loJ+j]·y_c[loI+i+di][loJ+j+dj] on the h×w map. */
    private void inputInnerProducts(int di, int dj, int loI, int loJ, int h, int w, double[] x, int xOffset,
                                    double[] y, int yOffset) {
        int width = k.width();
        int plane = k.height() * width;
        for (int i = 0; i < h; i++) {
            int xs = xOffset + (loI + i) * width + loJ;
            int ys = yOffset + (loI + i + di) * width + loJ + dj;
            ArrayOps.channelDotRow(gamma, i * w, x, xs, y, ys, plane, k.channels(), w);
        }
    }

    /** rho = S_l/√(N N') and root = √(N N') on the current h×w map of layer l. */
    private void correlations(int l, int di, int dj, int loI, int loJ, int h, int w, Norms nx, Norms ny) {
        int width = k.layerWidth(l);
        double[] rx = nx.root()[l - 1];
        double[] ix = nx.inverse()[l - 1];
        double[] ry = ny.root()[l - 1];
        double[] iy = ny.inverse()[l - 1];
        for (int i = 0; i < h; i++) {
            int px = (loI + i) * width + loJ;
            int py = px + di * width + dj;
            ArrayOps.correlationRow(s, rho, root, i * w, ix, rx, px, iy, ry, py, w);
        }
    }

    /** Σ_q T⊙K̇ (+ K when the readout layer is trained). */
    private double readout(int n, boolean hasT) {
        return ArrayOps.readoutSum(t, hasT, root, kappa0, kappa1, k.trainsLastLayer(), n);
    }

    private void box(double[] in, int h, int w, double scale, double[] out) {
        if (k.padsSame()) {
            BoxFilter.same(in, h, w, k.filter(), scale, out, tmp);
        } else {
            BoxFilter.valid(in, h, w, k.filter(), scale, out, tmp);
        }
    }
}
