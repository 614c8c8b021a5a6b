package org.ntk4j.kernel;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

/**
 * The polynomial approximations of the ReLU kernel functions that the NTK and CNTK sketches
 * expand with PolySketch (algorithms.md §2.1, §3.1, §3.3, §5).
 *
 * <ul>
 *   <li>{@link #ntk}/{@link #nngp}: one polynomial for the whole depth-L kernel K_L(t) or
 *       κ1^{∘L}(t) on [−1, 1] (fit (a) of §3.1), for the direct NTK Sketch.</li>
 *   <li>{@link #kappa1}/{@link #kappa0}: per-layer fits of κ1 and κ0 on the interval the
 *       correlation of layer h can occupy (fits (c)/(d)), for the recursive and CNTK sketches.</li>
 *   <li>{@link #taylorKappa1}/{@link #taylorKappa0}: the Maclaurin truncations of §2.1.</li>
 * </ul>
 *
 * <p>Fits are deterministic, so they are memoised by their parameters in a concurrent map:
 * feature maps ask for them at construction, possibly from several threads.
 */
public final class PolynomialFits {
    private PolynomialFits() {
    }

    /** Points of the dense grid on which {@link PolynomialFit#maxError()} is measured. */
    public static final int CHECK_POINTS = 10_001;
    /**
     * ε of ½ε‖c‖² in the reference fits: the reference passes ½(H + Hᵀ + 10⁻⁵I) as the QP
     * Hessian, i.e. adds 0.5·10⁻⁵ to the Hessian of ½‖W(Zc − y)‖² (§3.1).
     */
    public static final double REFERENCE_RIDGE = 0.5e-5;
    /** Coefficients below this are zeroed (reference) or pruned (improved fits). */
    public static final double SMALL_COEFFICIENT = 1e-5;
    /** Equispaced points of every reference grid. */
    private static final int EQUISPACED = 201;

    /** How the direct (whole-kernel) fit treats the diagonal t = 1 and the shape constraint. */
    public enum DirectVariant {
        /**
         * Fit (a) of §3.1 exactly as the reference computes it: monotone on the grid, no
         * equality, small coefficients zeroed. It underestimates K_L(1) = L+1 (by 14 % for
         * L = 2, q = 2).
         */
        REFERENCE,
        /**
         * Same grid, weights and monotonicity plus the equality P(1) = K_L(1), so feature norms
         * (the kernel diagonal) are exact; small coefficients pruned and re-solved.
         */
        EXACT_DIAGONAL,
        /**
         * {@link #EXACT_DIAGONAL} without the grid monotonicity constraint. K_L is not monotone:
         * it has a downward √-cusp at t = −1 (K_1 dips to ≈ −0.137 near t = −0.8), which a
         * monotone polynomial cannot follow; c ≥ 0 alone already makes the kernel PSD. This cuts
         * the L = 1 max error from 0.13 to 0.02–0.03 and is neutral for L ≥ 2. ntk4j's default.
         */
        EXACT_DIAGONAL_NO_MONOTONICITY
    }

    /** The interval [lower, 1] on which a layer-wise fit for layer h is computed. */
    public enum LayerRange {
        /**
         * The reference heuristics: κ1 fits on [α_h, 1] with α_0 = −1,
         * α_{h+1} = (2α_h + κ1(α_h))/3; κ0 fits on [β_h, 1] with β_0 = −1,
         * β_{h+1} = (β_h + κ1(β_h))/2. Small coefficients zeroed, as the reference does.
         */
        REFERENCE_HEURISTIC,
        /**
         * The exact range of the correlation entering layer h+1 of a fully connected ReLU net:
         * [κ1^{∘h}(−1), 1] = [−1, 1], [0, 1], [1/π, 1], … (for both κ1 and κ0, which are
         * evaluated at the same correlation). Small coefficients pruned.
         */
        FULLY_CONNECTED,
        /**
         * The CNTK: [−1, 1] at h = 0 (input patches), [0, 1] for h ≥ 1, because after the first
         * ReLU every pixel correlation is a normalised average of κ1 values, which are ≥ 0 (a
         * tighter bound would depend on how the patch norms vary). Small coefficients pruned.
         */
        CONVOLUTIONAL
    }

    private record Key(String kind, int depthOrLayer, int degree, Enum<?> variant) {
    }

    private static final Map<Key, PolynomialFit> CACHE = new ConcurrentHashMap<>();

    private static PolynomialFit cached(Key key, Supplier<PolynomialFit> compute) {
        PolynomialFit fit = CACHE.get(key);
        if (fit == null) {
            // Computed outside the map's lock (a fit takes milliseconds); a racing duplicate
            // computation yields an identical result, and putIfAbsent keeps the first.
            fit = compute.get();
            PolynomialFit previous = CACHE.putIfAbsent(key, fit);
            if (previous != null) {
                fit = previous;
            }
        }
        return fit;
    }

    // ---------------------------------------------------------------- direct fits (a)

    /** The direct fit variant ntk4j uses unless told otherwise. */
    public static final DirectVariant DEFAULT_DIRECT_VARIANT = DirectVariant.EXACT_DIAGONAL_NO_MONOTONICITY;

    /** The depth-L NTK fit ntk4j uses by default ({@link #DEFAULT_DIRECT_VARIANT}). */
    public static PolynomialFit ntk(int depth, int degree) {
        return ntk(depth, degree, DEFAULT_DIRECT_VARIANT);
    }

    /**
     * The degree the direct NTK Sketch should use for depth L with {@link #DEFAULT_DIRECT_VARIANT}:
     * 8 for L ≤ 3, 16 for 4 ≤ L ≤ 6, 32 beyond (a power of 2, as PolySketch trees prefer).
     * Measured (PolynomialFitReport) as the relative Frobenius bias ‖K_P − K‖_F/‖K‖_F of the
     * polynomial kernel against the exact NTK, before any sketching noise, on Gaussian data
     * (n, d) ∈ {(30, 10), (1000, 10), (1000, 100)}: at most 0.8 % (L=1), 1.1 % (L=2),
     * 1.9 % (L=3), 1.0 % (L=4, q=16; q=8 would give 3.1 %); with n = 300 instead of 1000,
     * 1.3 % (L=5) and 1.9 % (L=6). The reference's L = 2, q = 2 fit gives 5–11 %. The L ≥ 7
     * value is an extrapolation.
     */
    public static int defaultNtkDegree(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        return depth <= 3 ? 8 : depth <= 6 ? 16 : 32;
    }

    /** Degree-q fit of the normalised depth-L NTK K_L(t) on [−1, 1] (§3.1 fit (a)). */
    public static PolynomialFit ntk(int depth, int degree, DirectVariant variant) {
        checkDirect(depth, degree);
        return cached(new Key("ntk", depth, degree, variant),
                () -> direct(t -> ArcCosine.ntk(t, depth), depth, degree, variant,
                        "NTK L=" + depth + " q=" + degree + " " + variant));
    }

    /** Degree-q fit of the normalised depth-L NNGP κ1^{∘L}(t) on the same grid and weights as {@link #ntk}. */
    public static PolynomialFit nngp(int depth, int degree, DirectVariant variant) {
        checkDirect(depth, degree);
        return cached(new Key("nngp", depth, degree, variant),
                () -> direct(t -> ArcCosine.nngp(t, depth), depth, degree, variant,
                        "NNGP L=" + depth + " q=" + degree + " " + variant));
    }

    private static void checkDirect(int depth, int degree) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        if (degree < 1) {
            throw new IllegalArgumentException("degree must be >= 1, got " + degree);
        }
    }

    /**
     * The grid of fit (a): 201 equispaced points in [−1, 1] together with the n = 15L + 5q points
     * cos((2k+1)π/(4n)), k &lt; n, which cluster towards t = 1 where K_L is steepest; sorted.
     */
    public static double[] directGrid(int depth, int degree) {
        int n = 15 * depth + 5 * degree;
        double[] grid = Arrays.copyOf(PolynomialFitter.linspace(-1, 1, EQUISPACED), EQUISPACED + n);
        for (int k = 0; k < n; k++) {
            grid[EQUISPACED + k] = Math.cos((2 * k + 1) * Math.PI / (4.0 * n));
        }
        Arrays.sort(grid);
        return grid;
    }

    /** Weights of fit (a): linspace(0, 1) over the sorted grid, plus 2/L (more weight near t = 1). */
    static double[] directWeights(int size, int depth) {
        double[] w = PolynomialFitter.linspace(0, 1, size);
        for (int k = 0; k < size; k++) {
            w[k] += 2.0 / depth;
        }
        return w;
    }

    private static PolynomialFit direct(DoubleUnaryOperator target, int depth, int degree,
                                        DirectVariant variant, String description) {
        double[] grid = directGrid(depth, degree);
        boolean reference = variant == DirectVariant.REFERENCE;
        return PolynomialFitter.onGrid(grid)
                .target(target)
                .weights(directWeights(grid.length, depth))
                .degree(degree)
                .exactAtEnd(!reference)
                .monotone(variant != DirectVariant.EXACT_DIAGONAL_NO_MONOTONICITY)
                .ridge(REFERENCE_RIDGE)
                .smallCoefficients(reference ? PolynomialFitter.SmallCoefficients.ZERO
                        : PolynomialFitter.SmallCoefficients.PRUNE, SMALL_COEFFICIENT)
                .checkOn(-1, 1, CHECK_POINTS)
                .describedAs(description)
                .fit();
    }

    // ---------------------------------------------------------------- layer-wise fits (c), (d)

    /**
     * Degree-q fit of κ1 for layer h (the reference's {@code krelu(q, h)}): 201 equispaced
     * points on [{@link #kappa1Lower}(h), 1], weights 1, P(1) = 1 enforced so that normalised
     * features keep unit norm.
     */
    public static PolynomialFit kappa1(int degree, int layer, LayerRange range) {
        checkLayer(degree, layer);
        return cached(new Key("kappa1", layer, degree, range), () -> {
            double lower = kappa1Lower(layer, range);
            double[] w = new double[EQUISPACED];
            Arrays.fill(w, 1);
            return layerFit(ArcCosine::kappa1, lower, degree, range, w, true,
                    "kappa1 h=" + layer + " q=" + degree + " " + range);
        });
    }

    /**
     * Degree-q fit of κ0 for layer h (the reference's {@code kdotrelu(q, h)}): 201 equispaced
     * points on [{@link #kappa0Lower}(h), 1], weights linspace(0,1)² + ½ (more weight near 1),
     * no equality (κ0 has an infinite slope at 1, and the reference does not pin it).
     */
    public static PolynomialFit kappa0(int degree, int layer, LayerRange range) {
        checkLayer(degree, layer);
        return cached(new Key("kappa0", layer, degree, range), () -> {
            double lower = kappa0Lower(layer, range);
            double[] w = PolynomialFitter.linspace(0, 1, EQUISPACED);
            for (int k = 0; k < w.length; k++) {
                w[k] = w[k] * w[k] + 0.5;
            }
            return layerFit(ArcCosine::kappa0, lower, degree, range, w, false,
                    "kappa0 h=" + layer + " q=" + degree + " " + range);
        });
    }

    private static void checkLayer(int degree, int layer) {
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, got " + layer);
        }
        if (degree < 1) {
            throw new IllegalArgumentException("degree must be >= 1, got " + degree);
        }
    }

    private static PolynomialFit layerFit(DoubleUnaryOperator target, double lower, int degree,
                                          LayerRange range, double[] w, boolean exactAtOne,
                                          String description) {
        boolean reference = range == LayerRange.REFERENCE_HEURISTIC;
        return PolynomialFitter.onGrid(PolynomialFitter.linspace(lower, 1, EQUISPACED))
                .target(target)
                .weights(w)
                .degree(degree)
                .exactAtEnd(exactAtOne)
                .ridge(REFERENCE_RIDGE)
                .smallCoefficients(reference ? PolynomialFitter.SmallCoefficients.ZERO
                        : PolynomialFitter.SmallCoefficients.PRUNE, SMALL_COEFFICIENT)
                .checkOn(lower, 1, CHECK_POINTS)
                .describedAs(description)
                .fit();
    }

    /** Lower end of the κ1 fit interval of layer h under the given range rule. */
    public static double kappa1Lower(int layer, LayerRange range) {
        return switch (range) {
            case REFERENCE_HEURISTIC -> {
                double a = -1;
                for (int h = 0; h < layer; h++) {
                    a = (2 * a + ArcCosine.kappa1(a)) / 3;
                }
                yield a;
            }
            case FULLY_CONNECTED -> ArcCosine.kappa1Iterated(-1, layer);
            case CONVOLUTIONAL -> layer == 0 ? -1 : 0;
        };
    }

    /** Lower end of the κ0 fit interval of layer h under the given range rule. */
    public static double kappa0Lower(int layer, LayerRange range) {
        if (range != LayerRange.REFERENCE_HEURISTIC) {
            return kappa1Lower(layer, range); // κ0 and κ1 of a layer see the same correlation
        }
        double b = -1;
        for (int h = 0; h < layer; h++) {
            b = (b + ArcCosine.kappa1(b)) / 2;
        }
        return b;
    }

    // ---------------------------------------------------------------- Taylor truncations (§2.1)

    /** c_i = (2i)!/(4^i (i!)² (2i+1)), the Maclaurin coefficients of arcsin: arcsin ρ = Σ c_i ρ^{2i+1}. */
    static double arcsinCoefficient(int i) {
        double binomial = 1; // (2i)!/(4^i (i!)²), by the ratio (2k−1)/(2k)
        for (int k = 1; k <= i; k++) {
            binomial *= (2.0 * k - 1) / (2.0 * k);
        }
        return binomial / (2 * i + 1);
    }

    /** Ṗ⁽ᵖ⁾(ρ) = ½ + (1/π)Σ_{i=0}^{p} c_i ρ^{2i+1}: degree 2p+1, approximates κ0 = ½ + arcsin(ρ)/π. */
    public static PolynomialFit taylorKappa0(int p) {
        if (p < 0) {
            throw new IllegalArgumentException("p must be >= 0, got " + p);
        }
        return cached(new Key("taylor-kappa0", p, 2 * p + 1, null), () -> {
            double[] c = new double[2 * p + 2];
            c[0] = 0.5;
            for (int i = 0; i <= p; i++) {
                c[2 * i + 1] = arcsinCoefficient(i) / Math.PI;
            }
            return taylor(c, ArcCosine::kappa0, "Taylor kappa0 degree " + (2 * p + 1));
        });
    }

    /**
     * P⁽ᵖ⁾(ρ) = 1/π + ρ/2 + (1/π)Σ_{i=0}^{p} c_i/(2i+2)·ρ^{2i+2}: degree 2p+2, approximates
     * κ1 (whose derivative is κ0, hence the integrated coefficients).
     */
    public static PolynomialFit taylorKappa1(int p) {
        if (p < 0) {
            throw new IllegalArgumentException("p must be >= 0, got " + p);
        }
        return cached(new Key("taylor-kappa1", p, 2 * p + 2, null), () -> {
            double[] c = new double[2 * p + 3];
            c[0] = 1 / Math.PI;
            c[1] = 0.5;
            for (int i = 0; i <= p; i++) {
                c[2 * i + 2] = arcsinCoefficient(i) / ((2 * i + 2) * Math.PI);
            }
            return taylor(c, ArcCosine::kappa1, "Taylor kappa1 degree " + (2 * p + 2));
        });
    }

    private static PolynomialFit taylor(double[] c, DoubleUnaryOperator target, String description) {
        double worst = 0;
        for (double t : PolynomialFitter.linspace(-1, 1, CHECK_POINTS)) {
            worst = Math.max(worst, Math.abs(PolynomialFit.evaluate(c, t) - target.applyAsDouble(t)));
        }
        return new PolynomialFit(c, -1, 1, worst, 0, description);
    }

    /** One line per coefficient array, for logs. */
    static String format(double[] c) {
        StringBuilder sb = new StringBuilder();
        for (double v : c) {
            sb.append(String.format(Locale.ROOT, " %.4f", v));
        }
        return sb.toString().trim();
    }
}
