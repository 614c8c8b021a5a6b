package org.ntk4j.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * κ0 and κ1 of {@link ArcCosine} over whole arrays, vectorised: the exact CNTK evaluates them on
 * millions of pixel pairs per image pair, and atan2/acos per element would dominate its cost.
 *
 * <p>Both come from φ = arccos(−ρ) = π − θ: κ0 = φ/π and κ1 = (√((1−ρ)(1+ρ)) + ρφ)/π. φ is
 * reduced to arcsin on [0, ½] without cancellation (sin φ likewise, see {@link #H}):
 * <ul>
 *   <li>|ρ| ≤ ½: φ = π/2 + arcsin ρ;</li>
 *   <li>ρ &lt; −½: φ = 2·arcsin √((1+ρ)/2) (small near ρ = −1, so κ0 keeps full relative accuracy);</li>
 *   <li>ρ &gt; ½: φ = π − 2·arcsin √((1−ρ)/2).</li>
 * </ul>
 * arcsin x = x·g(x²) with g(t) = arcsin(√t)/√t, analytic on [0, ¼] (its nearest singularity is
 * t = 1), so a degree-{@value #DEGREE} polynomial reaches double precision. The polynomial is the
 * Chebyshev interpolant of g, computed at class load from {@link StrictMath#asin} (reproducible on
 * every platform). One square root per element remains and no division: both would otherwise
 * dominate the cost. Vector lanes and the scalar tail run the same operations, so every element's
 * value depends only on its ρ, never on its position in the array.
 */
final class FastArcCosine {
    /** Degree of the polynomials: their Chebyshev coefficients on [0, ¼] fall like 14^−k, so 14^−13 ≈ 1e−15. */
    static final int DEGREE = 13;

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final double HALF_PI = Math.PI / 2;
    private static final double INV_PI = 1 / Math.PI; // π·INV_PI == 1 exactly, so κ(1) = 1
    /** g(t) = arcsin(√t)/√t in powers of u = 8t − 1 ∈ [−1, 1], highest degree first (Horner). */
    private static final double[] G = interpolate(t -> {
        double s = StrictMath.sqrt(t);
        return StrictMath.asin(s) / s;
    });
    /** √(1 − t) likewise: sin φ = √(1−ρ²) is √(1−t) for |ρ| ≤ ½ and 2√z·√(1−z) beyond. */
    private static final double[] H = interpolate(t -> StrictMath.sqrt(1 - t));

    private FastArcCosine() {
    }

    /**
     * kappa0[i] = κ0(ρ_i) and, when kappa1 is not null, kappa1[i] = κ1(ρ_i), for i &lt; n.
     * Correlations a rounding step outside [−1, 1] are clamped; NaN propagates.
     */
    static void evaluate(double[] rho, double[] kappa0, double[] kappa1, int n) {
        int bound = SPECIES.loopBound(n);
        boolean withSin = kappa1 != null;
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        DoubleVector minusOne = DoubleVector.broadcast(SPECIES, -1.0);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector pi = DoubleVector.broadcast(SPECIES, Math.PI);
        DoubleVector halfPi = DoubleVector.broadcast(SPECIES, HALF_PI);
        DoubleVector two = DoubleVector.broadcast(SPECIES, 2.0);
        DoubleVector minusTwo = DoubleVector.broadcast(SPECIES, -2.0);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            DoubleVector r = DoubleVector.fromArray(SPECIES, rho, i).min(one).max(minusOne);
            DoubleVector a = r.abs();
            VectorMask<Double> small = a.compare(VectorOperators.LE, 0.5);
            VectorMask<Double> positive = r.compare(VectorOperators.GT, 0.0);
            DoubleVector z = one.sub(a).mul(0.5); // exact for a in [½, 1]
            DoubleVector x = z.lanewise(VectorOperators.SQRT).blend(r, small);
            DoubleVector t = z.blend(r.mul(r), small);
            DoubleVector u = t.mul(8.0).sub(1.0);
            DoubleVector g = DoubleVector.broadcast(SPECIES, G[0]);
            DoubleVector root = DoubleVector.broadcast(SPECIES, H[0]);
            for (int k = 1; k < G.length; k++) {
                g = g.fma(u, DoubleVector.broadcast(SPECIES, G[k]));
                if (withSin) { // loop-invariant: κ0 alone skips the sin polynomial
                    root = root.fma(u, DoubleVector.broadcast(SPECIES, H[k]));
                }
            }
            DoubleVector asin = x.mul(g);
            DoubleVector c0 = zero.blend(pi, positive).blend(halfPi, small);
            DoubleVector c1 = two.blend(minusTwo, positive).blend(one, small);
            DoubleVector phi = asin.fma(c1, c0);
            phi.mul(INV_PI).intoArray(kappa0, i);
            if (kappa1 != null) {
                DoubleVector sin = root.mul(x.mul(2.0).blend(one, small));
                r.fma(phi, sin).mul(INV_PI).intoArray(kappa1, i);
            }
        }
        for (; i < n; i++) {
            double r = Math.max(-1.0, Math.min(1.0, rho[i]));
            double[] phiSin = scalar(r);
            kappa0[i] = phiSin[0] * INV_PI;
            if (kappa1 != null) {
                kappa1[i] = Math.fma(r, phiSin[0], phiSin[1]) * INV_PI;
            }
        }
    }

    /** κ0(ρ) by the scalar path of {@link #evaluate}. */
    static double kappa0(double rho) {
        return scalar(Math.max(-1.0, Math.min(1.0, rho)))[0] * INV_PI;
    }

    /** κ1(ρ) by the scalar path of {@link #evaluate}. */
    static double kappa1(double rho) {
        double r = Math.max(-1.0, Math.min(1.0, rho));
        double[] phiSin = scalar(r);
        return Math.fma(r, phiSin[0], phiSin[1]) * INV_PI;
    }

    /** {φ, sin φ} with φ = arccos(−r), r in [−1, 1]: the scalar twin of one vector lane. */
    private static double[] scalar(double r) {
        double a = Math.abs(r);
        boolean small = a <= 0.5;
        double z = (1 - a) * 0.5;
        double x = small ? r : Math.sqrt(z);
        double t = small ? r * r : z;
        double u = t * 8.0 - 1.0;
        double g = G[0];
        double root = H[0];
        for (int k = 1; k < G.length; k++) {
            g = Math.fma(g, u, G[k]);
            root = Math.fma(root, u, H[k]);
        }
        double asin = x * g;
        double c0 = small ? HALF_PI : r > 0 ? Math.PI : 0.0;
        double c1 = small ? 1.0 : r > 0 ? -2.0 : 2.0;
        return new double[]{Math.fma(asin, c1, c0), root * (small ? 1.0 : x * 2.0)};
    }

    /**
     * Chebyshev interpolation of f on t ∈ [0, ¼] at DEGREE + 1 first-kind nodes, converted to the
     * monomial basis of u = 8t − 1. The conversion is harmless here: for functions analytic up to
     * t = 1 the Chebyshev coefficients decay much faster than the monomial expansions of T_k grow.
     */
    private static double[] interpolate(java.util.function.DoubleUnaryOperator f) {
        int n = DEGREE + 1;
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            double u = StrictMath.cos(Math.PI * (j + 0.5) / n);
            values[j] = f.applyAsDouble((u + 1) / 8);
        }
        double[] cheb = new double[n];
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += values[j] * StrictMath.cos(Math.PI * k * (j + 0.5) / n);
            }
            cheb[k] = (k == 0 ? 1.0 : 2.0) * sum / n;
        }
        // monomial coefficients: mono[m] of u^m, accumulated from T_k = 2u·T_{k−1} − T_{k−2}
        double[] mono = new double[n];
        double[] prev = new double[n];
        double[] cur = new double[n];
        prev[0] = 1; // T_0
        cur[1] = 1; // T_1
        mono[0] += cheb[0];
        if (n > 1) {
            mono[1] += cheb[1];
        }
        for (int k = 2; k < n; k++) {
            double[] next = new double[n];
            for (int m = 0; m < n; m++) {
                next[m] = (m > 0 ? 2 * cur[m - 1] : 0) - prev[m];
            }
            for (int m = 0; m < n; m++) {
                mono[m] += cheb[k] * next[m];
            }
            prev = cur;
            cur = next;
        }
        double[] highestFirst = new double[n];
        for (int m = 0; m < n; m++) {
            highestFirst[m] = mono[n - 1 - m];
        }
        return highestFirst;
    }
}
