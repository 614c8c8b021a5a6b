package org.ntk4j.kernel;

import org.ntk4j.Progress;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.linalg.Rows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Exact convolutional NTK of a ReLU CNN without pooling between layers, on images given as rows of
 * C·H·W values (channel-major, like {@code Dataset} with sample shape {C,H,W}). Two variants:
 * <ul>
 *   <li>{@code arora} (algorithms.md §1.3): Arora et al.'s exact CNTK. f×f filters (odd, default
 *       3), SAME zero padding, stride 1, {@code depth} = conv layers + 1 (their --depth), c_σ = 2
 *       with the 1/f² per-pixel normalisation folded into K and K̇; {@code fix=true} freezes the
 *       first and the last layer; readout {@code gap} (mean over all pixel pairs) or {@code trace}
 *       (vanilla/flatten: Σ_p Θ_pp).</li>
 *   <li>{@code valid} (§1.4, the target of the CNTK Sketch): f×f VALID (default f = 4),
 *       {@code depth} = L ≥ 2 conv layers (default 3), normalisers N⁽⁰⁾ floored at 1e−8, first
 *       conv layer and readout frozen, GAP over the last layer's pixels.</li>
 * </ul>
 * With {@code pool=G} (gap readout, either variant) the average is taken within each region of a
 * G×G {@link PoolingGrid} of the last layer and the regions are summed with weight 1/G².
 * Spec: {@code cntk(variant=arora,depth=D,filter=F,readout=gap|trace,fix=true|false,channels=C,height=H,width=W)}
 * or {@code cntk(variant=valid,depth=L,filter=F,channels=C,height=H,width=W)}.
 *
 * A pixel whose receptive field is all zero has N = 0 in the arora variant (no floor); its pairs
 * get ρ = 0 and K = Θ = 0, which is the network's value (its pre-activations do not depend on the
 * weights). Positive homogeneity Θ(ax, by) = ab·Θ(x, y), a, b &gt; 0, holds for arora, and for
 * valid only while the floor is inactive.
 *
 * <p>Work per image pair is O(L·P²) for GAP and O(L·P) for trace, in O(P) memory per thread
 * ({@link CntkEngine}); the Gram matrix runs one task per row, so every entry is computed by the
 * same sequential code whatever the thread count.
 */
public final class ConvolutionalNtk implements Kernel {

    /** Which exact CNTK. */
    public enum Variant {
        ARORA("arora"), VALID("valid");

        private final String label;

        Variant(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Variant parse(String s) {
            for (Variant v : values()) {
                if (v.label.equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown cntk variant '" + s + "' (expected arora or valid)");
        }
    }

    /** How the last layer's pixel-pair kernel becomes one number. */
    public enum Readout {
        /** Global average pooling: the mean over all pixel pairs (p, p'). */
        GAP("gap"),
        /** Flatten (Arora's CNTK-V): Σ_p Θ_pp. */
        TRACE("trace");

        private final String label;

        Readout(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Readout parse(String s) {
            for (Readout r : values()) {
                if (r.label.equals(s)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown cntk readout '" + s + "' (expected gap or trace)");
        }
    }

    /** The floor of the first-layer normalisers of the VALID variant (§1.4). */
    public static final double VALID_NORM_FLOOR = 1e-8;

    private static final List<String> KEYS =
            List.of("variant", "depth", "filter", "readout", "fix", "pool", "channels", "height", "width");

    /** κ0 and κ1 of one ReLU layer over arrays (kappa1 may be null when it is not needed). */
    @FunctionalInterface
    interface Duals {
        void evaluate(double[] rho, double[] kappa0, double[] kappa1, int n);
    }

    private static final Duals EXACT = FastArcCosine::evaluate;

    private final Variant variant;
    private final int depth;
    private final int filter;
    private final Readout readout;
    private final boolean fix;
    private final int channels;
    private final int height;
    private final int width;
    private final int convLayers;
    private final int[] layerHeight;
    private final int[] layerWidth;
    private final Duals[] duals;
    private final boolean customDuals;
    private final PoolingGrid pooling;

    private ConvolutionalNtk(Variant variant, int depth, int filter, Readout readout, boolean fix, int channels,
                             int height, int width, Duals[] duals) {
        this(variant, depth, filter, readout, fix, channels, height, width, duals, 1);
    }

    private ConvolutionalNtk(Variant variant, int depth, int filter, Readout readout, boolean fix, int channels,
                             int height, int width, Duals[] duals, int pool) {
        String where = "cntk " + variant.label() + ": ";
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(where + "image shape must be positive, got channels=" + channels
                    + " height=" + height + " width=" + width);
        }
        if (filter < 1) {
            throw new IllegalArgumentException(where + "filter must be at least 1, got " + filter);
        }
        this.variant = variant;
        this.depth = depth;
        this.filter = filter;
        this.readout = readout;
        this.fix = fix;
        this.channels = channels;
        this.height = height;
        this.width = width;
        if (variant == Variant.ARORA) {
            if (filter % 2 == 0) {
                throw new IllegalArgumentException(where + "SAME padding needs an odd filter, got " + filter);
            }
            if (depth < 2) {
                throw new IllegalArgumentException(where + "depth (conv layers + 1) must be at least 2, got " + depth);
            }
            if (fix && depth < 3) {
                throw new IllegalArgumentException(where + "fix=true with depth 2 freezes the only conv layer "
                        + "and the readout, so the kernel is 0; use depth >= 3");
            }
            convLayers = depth - 1;
        } else {
            if (depth < 2) {
                throw new IllegalArgumentException(where + "depth (conv layers) must be at least 2, got " + depth
                        + " (with the first layer and the readout frozen, one layer has no trained weights)");
            }
            if (readout != Readout.GAP || !fix) {
                throw new IllegalArgumentException(where + "the VALID kernel of §1.4 has GAP readout and frozen "
                        + "first and last layers; use variant arora for readout/fix options");
            }
            int need = depth * (filter - 1) + 1;
            if (height < need || width < need) {
                throw new IllegalArgumentException(where + "each VALID layer removes filter-1 = " + (filter - 1)
                        + " rows and columns, so depth " + depth + " needs height and width >= " + need
                        + ", got " + height + "x" + width);
            }
            convLayers = depth;
        }
        layerHeight = new int[convLayers + 1];
        layerWidth = new int[convLayers + 1];
        int shrink = variant == Variant.VALID ? filter - 1 : 0;
        for (int l = 0; l <= convLayers; l++) {
            layerHeight[l] = height - l * shrink;
            layerWidth[l] = width - l * shrink;
        }
        if (pool != 1 && readout != Readout.GAP) {
            throw new IllegalArgumentException(where + "pool applies to the gap readout, not " + readout.label());
        }
        try {
            this.pooling = new PoolingGrid(pool, layerHeight[convLayers], layerWidth[convLayers]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        if (duals == null) {
            this.duals = new Duals[convLayers];
            Arrays.fill(this.duals, EXACT);
            this.customDuals = false;
        } else {
            this.duals = duals;
            this.customDuals = true;
        }
    }

    /** Arora et al.'s CNTK (§1.3); depth = conv layers + 1, odd filter, SAME padding. */
    public static ConvolutionalNtk arora(int depth, int filter, Readout readout, boolean fix, int channels,
                                         int height, int width) {
        return new ConvolutionalNtk(Variant.ARORA, depth, filter, readout, fix, channels, height, width, null);
    }

    /** The VALID CNTK of §1.4 with exact κ0, κ1; depth = conv layers L ≥ 2. */
    public static ConvolutionalNtk valid(int depth, int filter, int channels, int height, int width) {
        return new ConvolutionalNtk(Variant.VALID, depth, filter, Readout.GAP, true, channels, height, width, null);
    }

    /**
     * The VALID CNTK of §1.4 with κ1, κ0 replaced per ReLU layer, as the CNTK Sketch does with its
     * fitted polynomials (§3.1c/d, §5). The ReLU after conv layer h+1 (h = 0..depth−1, the h of
     * krelu(q,h)/kdotrelu(q,h)) uses kappa1[h] and kappa0[h]. kappa1[depth−1] (frozen readout) and
     * kappa0[0] (frozen first layer) are never called and may be null. ρ is clamped to [−1, 1]
     * before the call. The spec of such a kernel says kappa=custom and cannot be rebuilt.
     */
    public static ConvolutionalNtk validWithDuals(int depth, int filter, int channels, int height, int width,
                                                  DoubleUnaryOperator[] kappa1, DoubleUnaryOperator[] kappa0) {
        if (kappa1.length != depth || kappa0.length != depth) {
            throw new IllegalArgumentException("need one kappa1 and one kappa0 per conv layer (" + depth
                    + "), got " + kappa1.length + " and " + kappa0.length);
        }
        Duals[] duals = new Duals[depth];
        for (int h = 0; h < depth; h++) {
            DoubleUnaryOperator k1 = kappa1[h];
            DoubleUnaryOperator k0 = kappa0[h];
            boolean needK1 = h < depth - 1;
            boolean needK0 = h > 0;
            if ((needK1 && k1 == null) || (needK0 && k0 == null)) {
                throw new IllegalArgumentException("missing " + (needK1 && k1 == null ? "kappa1" : "kappa0")
                        + " for layer h=" + h);
            }
            duals[h] = (rho, out0, out1, n) -> {
                for (int i = 0; i < n; i++) {
                    double r = Math.max(-1.0, Math.min(1.0, rho[i]));
                    out0[i] = k0 == null ? 0 : k0.applyAsDouble(r);
                    if (out1 != null) {
                        out1[i] = k1.applyAsDouble(r);
                    }
                }
            };
        }
        return new ConvolutionalNtk(Variant.VALID, depth, filter, Readout.GAP, true, channels, height, width, duals);
    }

    /** The polynomial Σ_i c_i ρ^i (coefficients lowest degree first), for {@link #validWithDuals}. */
    public static DoubleUnaryOperator polynomial(double... coefficients) {
        double[] c = coefficients.clone();
        return r -> {
            double v = 0;
            for (int i = c.length - 1; i >= 0; i--) {
                v = v * r + c[i];
            }
            return v;
        };
    }

    /**
     * This kernel with the GAP readout taken over a pool×pool grid of regions of the last layer
     * ({@link PoolingGrid}): (1/pool²)·Σ_R mean_{p,p'∈R}. pool = 1 is the kernel itself. The CNTK
     * Sketch with the same pool estimates it.
     */
    public ConvolutionalNtk withPool(int pool) {
        return new ConvolutionalNtk(variant, depth, filter, readout, fix, channels, height, width,
                customDuals ? duals : null, pool);
    }

    public PoolingGrid pooling() {
        return pooling;
    }

    static ConvolutionalNtk fromSpec(KernelSpec spec) {
        for (String key : spec.params().keySet()) {
            if (!KEYS.contains(key)) {
                String hint = key.equals("kappa") ? " (a kernel with custom kappa functions cannot be rebuilt "
                        + "from text; use ConvolutionalNtk.validWithDuals)" : " (known: " + String.join(", ", KEYS) + ")";
                throw new IllegalArgumentException("unknown cntk parameter '" + key + "'" + hint);
            }
        }
        Variant v = Variant.parse(spec.get("variant"));
        int channels = spec.getInt("channels");
        int height = spec.getInt("height");
        int width = spec.getInt("width");
        int pool = intOr(spec, "pool", 1);
        if (v == Variant.ARORA) {
            return arora(spec.getInt("depth"), intOr(spec, "filter", 3), Readout.parse(spec.getOr("readout", "gap")),
                    bool(spec.getOr("fix", "false")), channels, height, width).withPool(pool);
        }
        Readout r = Readout.parse(spec.getOr("readout", "gap"));
        boolean fixed = bool(spec.getOr("fix", "true"));
        return new ConvolutionalNtk(Variant.VALID, intOr(spec, "depth", 3), intOr(spec, "filter", 4), r, fixed,
                channels, height, width, null, pool);
    }

    /**
     * The spec with channels, height and width taken from a sample shape {C,H,W} (for example a
     * data set's); a shape already in the spec must agree.
     */
    public static KernelSpec withShape(KernelSpec spec, int[] sampleShape) {
        if (sampleShape.length != 3) {
            throw new IllegalArgumentException("cntk needs images of shape {C,H,W}, got sample shape "
                    + Arrays.toString(sampleShape));
        }
        Map<String, String> p = new LinkedHashMap<>(spec.params());
        String[] keys = {"channels", "height", "width"};
        for (int i = 0; i < 3; i++) {
            String have = p.get(keys[i]);
            String want = Integer.toString(sampleShape[i]);
            if (have != null && !have.equals(want)) {
                throw new IllegalArgumentException("cntk spec says " + keys[i] + "=" + have + " but the images have "
                        + want + " (sample shape " + Arrays.toString(sampleShape) + ")");
            }
            p.put(keys[i], want);
        }
        return new KernelSpec(spec.kind(), p);
    }

    private static int intOr(KernelSpec spec, String key, int fallback) {
        String v = spec.params().get(key);
        return v == null ? fallback : KernelSpec.SpecText.toInt(spec.kind(), key, v);
    }

    private static boolean bool(String s) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("cntk parameter fix must be true or false, got '" + s + "'");
        };
    }

    @Override
    public KernelSpec spec() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("variant", variant.label());
        p.put("depth", Integer.toString(depth));
        p.put("filter", Integer.toString(filter));
        if (variant == Variant.ARORA) {
            p.put("readout", readout.label());
            p.put("fix", Boolean.toString(fix));
        }
        if (pooling.pool() > 1) {
            p.put("pool", Integer.toString(pooling.pool()));
        }
        p.put("channels", Integer.toString(channels));
        p.put("height", Integer.toString(height));
        p.put("width", Integer.toString(width));
        if (customDuals) {
            p.put("kappa", "custom");
        }
        return new KernelSpec("cntk", p);
    }

    public Variant variant() {
        return variant;
    }

    /** The spec's depth: conv layers + 1 for arora, conv layers for valid. */
    public int depth() {
        return depth;
    }

    public int filter() {
        return filter;
    }

    public Readout readout() {
        return readout;
    }

    /** Whether the first conv layer and the readout are frozen (always for valid). */
    public boolean fix() {
        return fix;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Number of conv layers L. */
    public int convLayers() {
        return convLayers;
    }

    /** Height of conv layer l's output (l = 0 is the input). */
    int layerHeight(int l) {
        return layerHeight[l];
    }

    int layerWidth(int l) {
        return layerWidth[l];
    }

    boolean padsSame() {
        return variant == Variant.ARORA;
    }

    boolean trainsFirstLayer() {
        return !fix;
    }

    boolean trainsLastLayer() {
        return !fix;
    }

    double normFloor() {
        return variant == Variant.VALID ? VALID_NORM_FLOOR : 0;
    }

    Duals duals(int h) {
        return duals[h];
    }

    /**
     * Rough floating-point operations per image pair, for time estimates: the Γ products, the box
     * sums and about 70 flops per pixel pair and ReLU layer (κ0/κ1, scales, Θ update), summed over
     * the pixel pairs of the displacements the readout needs (the engine also visits SAME's padding
     * columns, a few per cent more).
     */
    public double costPerPair() {
        int lastH = layerHeight[convLayers];
        int lastW = layerWidth[convLayers];
        int maxDi = readout == Readout.GAP ? pooling.maxSpan(true) - 1 : 0;
        int maxDj = readout == Readout.GAP ? pooling.maxSpan(false) - 1 : 0;
        double flops = 0;
        for (int l = 0; l <= convLayers; l++) {
            double pairs = overlap(layerHeight[l], maxDi) * overlap(layerWidth[l], maxDj);
            if (l == 0) {
                flops += 2.0 * channels * pairs;
            } else {
                int boxes = l == 1 ? 1 : 2;
                flops += pairs * (70 + boxes * 2.0 * filter);
            }
        }
        return flops;
    }

    /** Σ_{|d| ≤ maxD} (n − |d|): the pixel pairs along one axis over the used displacements. */
    private static double overlap(int n, int maxD) {
        double s = n;
        for (int d = 1; d <= maxD; d++) {
            s += 2.0 * (n - d);
        }
        return s;
    }

    @Override
    public DoubleMatrix gram(Rows x, Rows y) {
        return gram(x, y, Progress.NONE);
    }

    /**
     * K[i][j] = k(x_i, y_j), one task per row of K; when x and y are the same object only the upper
     * triangle is computed and mirrored. Progress counts image pairs.
     */
    public DoubleMatrix gram(Rows x, Rows y, Progress progress) {
        boolean symmetric = x == y;
        double[] xd = checkedImages(x, "x");
        double[] yd = symmetric ? xd : checkedImages(y, "y");
        int n = x.rows();
        int m = y.rows();
        int d = channels * height * width;
        DoubleMatrix out = new DoubleMatrix(n, m);
        double[] k = out.data();
        progress.start("cntk gram", symmetric ? (long) n * (n + 1) / 2 : (long) n * m);
        try {
            Parallel.forEach(n, i -> {
                CntkEngine engine = new CntkEngine(this);
                CntkEngine.Image xi = engine.prepare(xd, i * d);
                int from = symmetric ? i : 0;
                for (int j = from; j < m; j++) {
                    CntkEngine.Image yj = symmetric && j == i ? xi : engine.prepare(yd, j * d);
                    double v = engine.pair(xi, yj);
                    k[i * m + j] = v;
                    if (symmetric) {
                        k[j * m + i] = v;
                    }
                }
                progress.advance(m - from);
            });
        } finally {
            progress.finish();
        }
        return out;
    }

    @Override
    public double[] diagonal(Rows x) {
        double[] xd = checkedImages(x, "x");
        int d = channels * height * width;
        double[] out = new double[x.rows()];
        Parallel.forEach(x.rows(), i -> {
            CntkEngine engine = new CntkEngine(this);
            CntkEngine.Image xi = engine.prepare(xd, i * d);
            out[i] = engine.pair(xi, xi);
        });
        return out;
    }

    private double[] checkedImages(Rows rows, String name) {
        int d = channels * height * width;
        if (rows.cols() != d) {
            throw new IllegalArgumentException("cntk expects rows of channels*height*width = " + channels + "*" + height
                    + "*" + width + " = " + d + " values, but " + name + " has " + rows.cols() + " columns");
        }
        double[] data = rows.dense().data();
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException("cntk: " + name + " row " + (i / d) + " has a non-finite value");
            }
        }
        return data;
    }
}
