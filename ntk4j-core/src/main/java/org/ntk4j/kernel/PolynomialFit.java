package org.ntk4j.kernel;

import java.util.Arrays;
import java.util.Locale;

/**
 * An immutable polynomial P(t) = Σ_{j=0}^{q} c_j t^j that approximates a dot-product kernel
 * function on an interval [lower, upper] ⊆ [−1, 1], with the accuracy it achieved there.
 *
 * <p>The coefficients produced by {@link PolynomialFitter} and {@link PolynomialFits} are
 * non-negative, so (x, y) ↦ ‖x‖‖y‖·P(⟨x,y⟩/‖x‖‖y‖) is a PSD kernel (Schoenberg), and
 * c_j is exactly the weight a PolySketch feature map puts on the degree-j tensor power.
 */
public final class PolynomialFit {
    private final double[] coefficients;
    private final double lower;
    private final double upper;
    private final double maxError;
    private final double monotonicityDefect;
    private final String description;

    /**
     * @param coefficients       c_0..c_q
     * @param lower              lower end of the interval the polynomial is meant for
     * @param upper              upper end of that interval
     * @param maxError           max |P − target| on a dense check grid of [lower, upper]
     * @param monotonicityDefect max over consecutive fit-grid points of P(t_k) − P(t_{k+1}), or 0
     *                           when none decreases; 0 for polynomials not fitted on a grid
     * @param description        how the polynomial was obtained (for logs and reports)
     */
    PolynomialFit(double[] coefficients, double lower, double upper, double maxError,
                  double monotonicityDefect, String description) {
        if (coefficients.length == 0) {
            throw new IllegalArgumentException("need at least one coefficient");
        }
        this.coefficients = coefficients.clone();
        this.lower = lower;
        this.upper = upper;
        this.maxError = maxError;
        this.monotonicityDefect = monotonicityDefect;
        this.description = description;
    }

    /** A copy of c_0..c_q. */
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** c_j, or 0 for j above the degree. */
    public double coefficient(int j) {
        return j < coefficients.length ? coefficients[j] : 0;
    }

    /** q, the index of the last stored coefficient (which may be 0 after pruning). */
    public int degree() {
        return coefficients.length - 1;
    }

    public double lower() {
        return lower;
    }

    public double upper() {
        return upper;
    }

    /** Max |P(t) − target(t)| over {@link PolynomialFits#CHECK_POINTS} equispaced t in [lower, upper]. */
    public double maxError() {
        return maxError;
    }

    /**
     * How much P decreases between some pair of consecutive fit-grid points (0 if it never does).
     * Positive values can only come from post-processing (zeroing small coefficients), because
     * the solver enforces monotonicity on the grid.
     */
    public double monotonicityDefect() {
        return monotonicityDefect;
    }

    public String description() {
        return description;
    }

    /** P(t) by Horner's rule. */
    public double evaluate(double t) {
        return evaluate(coefficients, t);
    }

    /** Σ c_j t^j by Horner's rule. */
    static double evaluate(double[] c, double t) {
        double s = 0;
        for (int j = c.length - 1; j >= 0; j--) {
            s = s * t + c[j];
        }
        return s;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(description).append(" on [")
                .append(String.format(Locale.ROOT, "%.4f", lower)).append(", ")
                .append(String.format(Locale.ROOT, "%.4f", upper)).append("]: c = [");
        for (int j = 0; j < coefficients.length; j++) {
            sb.append(j == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", coefficients[j]));
        }
        return sb.append("], max error ").append(String.format(Locale.ROOT, "%.3g", maxError)).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolynomialFit p && Arrays.equals(coefficients, p.coefficients)
                && lower == p.lower && upper == p.upper;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(coefficients) + Double.hashCode(lower) * 17 + Double.hashCode(upper);
    }
}
