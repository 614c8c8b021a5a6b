package org.ntk4j.features;

import org.ntk4j.kernel.PolynomialFit;
import org.ntk4j.kernel.PolynomialFits;
import org.ntk4j.kernel.PoolingGrid;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.linalg.Rows;
import org.ntk4j.random.RandomStream;
import org.ntk4j.sketch.PolySketch;
import org.ntk4j.sketch.TensorSrht;

/**
 * CNTK Sketch (algorithms.md §5): features whose inner products estimate the VALID f×f CNTK of
 * §1.4 (L conv layers, first layer and readout frozen, global average pooling), in time linear in
 * the number of pixels and with memory O(pixels × m) per image.
 *
 * <p>Per pixel p of layer h the map keeps an NNGP feature g (⟨g,g'⟩ ≈ Σ⁽ʰ⁾), its exact normaliser
 * N⁽ʰ⁾, and an NTK feature ψ (⟨ψ,ψ'⟩ ≈ Θ⁽ʰ⁾). A layer:
 * <pre>
 * μ = g/‖g‖,  Z_j = PolySketch(μ) (j = 1..q)
 * k  = √N · Expand_κ1(Z) = [√a₀√N, spread part]          ≈ K  = √(NN')κ1(ρ)
 * φ̇ = Expand_κ0(Z),  τ = TensorSRHT(ψ, φ̇)                 ≈ Θ⊙K̇
 * g⁺(p) = (1/f)·[Σ_a D_a ⊙ k_spread(p+a),  √a₀√N(p+a) for every shift a]   ≈ Σ⁺ = (1/f²)Σ_a K(p+a,p'+a)
 * ψ⁺(p) = [(1/f)·Σ_a E_a ⊙ τ(p+a),  g⁺(p)]                                ≈ Θ⁺ = (1/f²)Σ_a (Θ⊙K̇ + K)(p+a,p'+a)
 * </pre>
 * with ψ = g after the first (frozen) layer, and at the last layer the output
 * (1/(f·P))·Σ_p TensorSRHT(ψ(p), Expand_κ0(Z(p))), the GAP of Θ⊙κ0/f². With {@code pool} = G > 1
 * the last layer is split into a G×G {@link PoolingGrid} and each region R gets its own block of
 * m/G² features, (1/(f·G·|R|))·Σ_{p∈R} TensorSRHT(…): the kernel of {@link
 * org.ntk4j.kernel.ConvolutionalNtk#withPool}. It costs less than GAP at the same m (every layer
 * runs at width m/G²) and keeps where in the image a pattern was seen.
 *
 * <p><b>The convolution without the f²·m intermediate.</b> The reference stacks the f² shifted
 * copies of every pixel's feature (f²·m wide) and then compresses them. Here each shift gets its
 * own random signs D_a and the shifted copies are summed: E⟨Σ_a D_a u_a, Σ_b D_b v_b⟩ = Σ_a⟨u_a,v_a⟩
 * because different shifts' signs are independent, so the sum is an unbiased sketch of the stacked
 * vector, with the variance of a CountSketch of it into m buckets (≈ ‖u‖²‖v‖²/m for the spread
 * parts, which the Hadamard mixing of every expansion and TensorSRHT guarantees). The one
 * coordinate that is not spread, the constant √a₀√N, is carried exactly, one per shift, as the
 * reference does. No f²·m array is ever built; a layer's features take pixels × m floats.
 *
 * <p>Sizes for output dimension m (a power of 2 keeps every transform unpadded): g has m/2
 * coordinates (m/2 − f² spread plus f² constants), ψ has m/2 after layer 1 and m after later
 * layers, φ̇ has m/2, PolySketch per-degree size {@code poly-dim} (default m/2:
 * the degree-2 node samples s of (m/2)² products, the noisiest step, so it gets the room).
 *
 * <p>Images are processed in parallel, each by one thread, so features are bit-identical for any
 * thread count and block size.
 */
public final class CntkSketch extends BaseFeatureMap {
    private final int channels;
    private final int height;
    private final int width;
    private final int filter;
    private final int layers;
    private final int dim;        // sketch width m of one pooling region
    private final PoolingGrid pooling;  // readout regions (pool 1 = GAP)
    private final int half;       // m/2: width of g, φ̇ and τ
    private final int spread;     // m/2 − f²: the sketched part of g
    private final PolySketch[] poly;
    private final PolySketch.Expansion[] relu;        // layers 0..L−2
    private final PolySketch.Expansion[] derivative;  // layers 1..L−1
    private final TensorSrht[] product;               // layers 1..L−1 (the last one outputs m)
    private final float[][][] reluSigns;              // [layer][shift][spread]
    private final float[][][] productSigns;           // [layer][shift][half]

    public CntkSketch(FeatureMapSpec spec, int[] inputShape) {
        super(spec, inputShape);
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("cntk-sketch needs images (C×H×W), got an input of shape "
                    + java.util.Arrays.toString(inputShape));
        }
        this.channels = inputShape[0];
        this.height = inputShape[1];
        this.width = inputShape[2];
        this.filter = spec.getInt("filter", 4);
        this.layers = spec.getInt("depth", 3);
        int outDim = spec.getInt("dim");
        int degree = spec.getInt("degree", 4);
        if (layers < 2 || layers > 50) {
            throw new IllegalArgumentException("cntk-sketch depth (conv layers) must be between 2 and 50, got " + layers);
        }
        if (filter < 1) {
            throw new IllegalArgumentException("cntk-sketch filter must be at least 1, got " + filter);
        }
        int lastHeight = lastLayerSide(height, layers, filter);
        int lastWidth = lastLayerSide(width, layers, filter);
        if (lastHeight < 1 || lastWidth < 1) {
            throw new IllegalArgumentException("a " + height + "x" + width + " image shrinks to nothing after " + layers
                    + " VALID " + filter + "x" + filter + " layers");
        }
        int pool = spec.getInt("pool", 1);
        try {
            this.pooling = new PoolingGrid(pool, lastHeight, lastWidth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cntk-sketch " + e.getMessage(), e);
        }
        if (outDim % pooling.regions() != 0) {
            throw new IllegalArgumentException("cntk-sketch dim must be a multiple of pool² = " + pooling.regions()
                    + " (each of the pool×pool regions gets dim/pool² features), got " + outDim);
        }
        this.dim = outDim / pooling.regions();
        if (degree < 1 || degree > 64) {
            throw new IllegalArgumentException("cntk-sketch degree must be between 1 and 64, got " + degree);
        }
        this.half = dim / 2;
        this.spread = half - filter * filter;
        if (!acceptsWidth(dim, filter)) {
            throw new IllegalArgumentException("cntk-sketch dim" + (pool > 1 ? "/pool²" : "")
                    + " must be even and above 2·(f²+1) = " + 2 * (filter * filter + 1) + ", got " + dim);
        }
        int polyDim = spec.getInt("poly-dim", Math.max(1, dim / 2));
        if (polyDim < 1) {
            throw new IllegalArgumentException("cntk-sketch poly-dim must be positive");
        }
        RandomStream rng = RandomStream.of(spec.seed()).child("cntk-sketch");
        poly = new PolySketch[layers];
        relu = new PolySketch.Expansion[layers];
        derivative = new PolySketch.Expansion[layers];
        product = new TensorSrht[layers];
        reluSigns = new float[layers][][];
        productSigns = new float[layers][][];
        int shifts = filter * filter;
        int psiDim = 0;
        for (int h = 0; h < layers; h++) {
            RandomStream layer = rng.child(h);
            int in = h == 0 ? channels * shifts : half;
            PolynomialFit k1 = PolynomialFits.kappa1(degree, h, PolynomialFits.LayerRange.CONVOLUTIONAL);
            PolynomialFit k0 = PolynomialFits.kappa0(degree, h, PolynomialFits.LayerRange.CONVOLUTIONAL);
            poly[h] = new PolySketch(in, degree, polyDim, layer.child("poly"));
            if (h < layers - 1) {
                relu[h] = poly[h].expand(k1.coefficients(), spread, layer.child("relu"));
                reluSigns[h] = signs(layer.child("relu-conv"), shifts, spread);
            }
            if (h >= 1) {
                derivative[h] = poly[h].expand(k0.coefficients(), half - 1, layer.child("derivative"));
                product[h] = new TensorSrht(psiDim, half, h == layers - 1 ? dim : half, layer.child("product"));
                if (h < layers - 1) {
                    productSigns[h] = signs(layer.child("product-conv"), shifts, half);
                }
            }
            psiDim = h == 0 ? half : dim;
        }
    }

    /** Pixels along one side of the last layer: each VALID f×f layer takes f − 1 off (below 1: nothing left). */
    public static int lastLayerSide(int side, int layers, int filter) {
        return side - layers * (filter - 1);
    }

    /**
     * Whether m features (of one pooling region) fit f×f filters: m even, and the sketched part of
     * g, m/2 − f², at least 2 wide.
     */
    public static boolean acceptsWidth(int m, int filter) {
        return m % 2 == 0 && m / 2 - filter * filter >= 2;
    }

    private static final jdk.incubator.vector.VectorSpecies<Float> SPECIES = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;

    /**
     * dst[d..d+n) += sign ⊙ src[s..s+n), the inner loop of the convolution. Explicit vectors: C2 does
     * not vectorise this shifted two-array form. Signs are ±1, so every product is exact and the
     * result does not depend on the vector width.
     */
    private static void addSigned(float[] dst, int d, float[] sign, float[] src, int s, int n) {
        int i = 0;
        for (int upper = SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            var v = jdk.incubator.vector.FloatVector.fromArray(SPECIES, src, s + i);
            var g = jdk.incubator.vector.FloatVector.fromArray(SPECIES, sign, i);
            v.fma(g, jdk.incubator.vector.FloatVector.fromArray(SPECIES, dst, d + i)).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            dst[d + i] += sign[i] * src[s + i];
        }
    }

    private static float[][] signs(RandomStream rng, int shifts, int n) {
        float[][] s = new float[shifts][n];
        for (int a = 0; a < shifts; a++) {
            RandomStream r = rng.child(a);
            for (int i = 0; i < n; i++) {
                s[a][i] = (float) r.nextRademacher();
            }
        }
        return s;
    }



    @Override
    public int outputDim() {
        return dim * pooling.regions();
    }

    @Override
    public FloatMatrix transform(Rows block) {
        checkInput(block);
        int rows = block.rows();
        int outDim = outputDim();
        FloatMatrix out = new FloatMatrix(rows, outDim);
        float[] x = Inputs.toFloat(block);
        int d = inputDim();
        Parallel.forEach(rows, r -> transformImage(x, r * d, out.data(), r * outDim));
        return out;
    }

    /** One image, on one thread: memory O(pixels × m). */
    private void transformImage(float[] x, int xOff, float[] out, int outOff) {
        int f = filter;
        int shifts = f * f;
        int h0 = height - f + 1;
        int w0 = width - f + 1;
        // layer 0: g(p) = the f×f patch (all channels) at p, exactly; N = ‖g‖² floored as in §1.4
        int gDim = channels * shifts;
        float[] g = new float[h0 * w0 * gDim];
        double[] norm = new double[h0 * w0];
        int plane = height * width;
        for (int i = 0; i < h0; i++) {
            for (int j = 0; j < w0; j++) {
                int p = i * w0 + j;
                int o = p * gDim;
                double s = 0;
                for (int a = 0; a < shifts; a++) {
                    int di = a / f;
                    int dj = a % f;
                    for (int c = 0; c < channels; c++) {
                        float v = x[xOff + c * plane + (i + di) * width + (j + dj)];
                        g[o + a * channels + c] = v;
                        s += (double) v * v;
                    }
                }
                norm[p] = Math.max(s, org.ntk4j.kernel.ConvolutionalNtk.VALID_NORM_FLOOR);
            }
        }
        float[] psi = null;
        int psiDim = 0;
        int hh = h0;
        int ww = w0;
        float[][] z = new float[poly[0].degree()][poly[0].sketchDim()];
        float[] unit = new float[Math.max(gDim, half)];
        float[] e1 = new float[spread + 1];
        float[] e0 = new float[half];
        for (int layer = 0; layer < layers; layer++) {
            int pixels = hh * ww;
            boolean lastLayer = layer == layers - 1;
            float[] kSpread = lastLayer ? null : new float[pixels * spread];
            float[] kConst = lastLayer ? null : new float[pixels];
            float[] tau = layer >= 1 && !lastLayer ? new float[pixels * half] : null;
            float[] result = lastLayer ? new float[pooling.regions() * dim] : null;
            float[] u = lastLayer ? new float[dim] : null;
            for (int p = 0; p < pixels; p++) {
                double n = 0;
                for (int i = 0; i < gDim; i++) {
                    float v = g[p * gDim + i];
                    n += (double) v * v;
                }
                n = Math.sqrt(n);
                for (int i = 0; i < gDim; i++) {
                    unit[i] = n == 0 ? 0f : (float) (g[p * gDim + i] / n);
                }
                poly[layer].apply(unit, 0, z);
                if (!lastLayer) {
                    relu[layer].applyToSketches(z, e1, 0);
                    float root = (float) Math.sqrt(norm[p]);
                    kConst[p] = root * e1[0];
                    for (int i = 0; i < spread; i++) {
                        kSpread[p * spread + i] = root * e1[i + 1];
                    }
                }
                if (layer >= 1) {
                    derivative[layer].applyToSketches(z, e0, 0);
                    if (lastLayer) {
                        product[layer].apply(psi, p * psiDim, e0, 0, u, 0);
                        int at = pooling.region(p / ww, p % ww) * dim;
                        for (int i = 0; i < dim; i++) {
                            result[at + i] += u[i];
                        }
                    } else {
                        product[layer].apply(psi, p * psiDim, e0, 0, tau, p * half);
                    }
                }
            }
            if (lastLayer) {
                for (int r = 0; r < pooling.regions(); r++) {
                    float scale = (float) (1.0 / (f * (double) pooling.pool() * pooling.pixels(r)));
                    for (int i = 0; i < dim; i++) {
                        out[outOff + r * dim + i] = scale * result[r * dim + i];
                    }
                }
                return;
            }
            // convolve to the next layer's positions
            int nh = hh - f + 1;
            int nw = ww - f + 1;
            int nextG = half;
            int nextPsi = layer == 0 ? half : dim;
            float[] g2 = new float[nh * nw * nextG];
            float[] psi2 = layer == 0 ? g2 : new float[nh * nw * nextPsi];
            double[] norm2 = new double[nh * nw];
            float inv = 1f / f;
            for (int i = 0; i < nh; i++) {
                for (int j = 0; j < nw; j++) {
                    int q = i * nw + j;
                    int go = q * nextG;
                    double nsum = 0;
                    for (int a = 0; a < shifts; a++) {
                        int src = (i + a / f) * ww + (j + a % f);
                        addSigned(g2, go, reluSigns[layer][a], kSpread, src * spread, spread);
                        g2[go + spread + a] = inv * kConst[src];
                        nsum += norm[src];
                    }
                    for (int t = 0; t < spread; t++) {
                        g2[go + t] *= inv;
                    }
                    norm2[q] = nsum / shifts;
                    if (layer >= 1) {
                        int po = q * nextPsi;
                        for (int a = 0; a < shifts; a++) {
                            int src = (i + a / f) * ww + (j + a % f);
                            addSigned(psi2, po, productSigns[layer][a], tau, src * half, half);
                        }
                        for (int t = 0; t < half; t++) {
                            psi2[po + t] *= inv;
                        }
                        System.arraycopy(g2, go, psi2, po + half, nextG);
                    }
                }
            }
            g = g2;
            gDim = nextG;
            psi = psi2;
            psiDim = nextPsi;
            norm = norm2;
            hh = nh;
            ww = nw;
        }
    }
}
