package org.ntk4j.kernel;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * The constrained weighted least-squares polynomial fit of algorithms.md §3.1, on a sorted grid
 * t_0 ≤ … ≤ t_{N−1} with weights ω_k:
 * <pre>
 *   minimise ½ Σ_k ω_k² (P(t_k) − y(t_k))² + ½ε‖c‖²
 *   subject to c ≥ 0,  P(t_k) ≤ P(t_{k+1})  (monotone on the grid),
 *              optionally P(t_{N−1}) = y(t_{N−1}).
 * </pre>
 * c ≥ 0 makes the fitted dot-product kernel PSD; monotonicity matters on the negative half-line
 * (a PSD polynomial is automatically increasing on [0, 1]); the equality at the last grid point
 * (t = 1 in all our grids) makes feature norms exact.
 *
 * <p>Small coefficients: the reference implementation sets coefficients below 10⁻⁵ to 0 after
 * solving ({@link SmallCoefficients#ZERO}); that can break the equality and (slightly) the grid
 * monotonicity, which {@link PolynomialFit#monotonicityDefect()} reports. {@link
 * SmallCoefficients#PRUNE} instead removes those monomials and solves again, so all constraints
 * still hold exactly, and the sketch can skip the pruned degrees.
 *
 * <p>A fitter is a mutable, single-use configuration object; the result is immutable.
 */
public final class PolynomialFitter {

    /** What to do with coefficients below the threshold after solving. */
    public enum SmallCoefficients {
        /** Leave them. */
        KEEP,
        /** Set them to 0 (the reference post-processing). */
        ZERO,
        /** Remove those monomials and re-solve, until every remaining coefficient is above the threshold. */
        PRUNE
    }

    private final double[] grid;
    private DoubleUnaryOperator target;
    private double[] weights;
    private int degree = -1;
    private boolean exactAtEnd;
    private boolean monotone = true;
    private double ridge;
    private SmallCoefficients small = SmallCoefficients.KEEP;
    private double threshold;
    private double checkLower;
    private double checkUpper;
    private int checkPoints = PolynomialFits.CHECK_POINTS;
    private String description = "polynomial fit";

    private PolynomialFitter(double[] grid) {
        if (grid.length < 2) {
            throw new IllegalArgumentException("need at least 2 grid points");
        }
        for (int k = 0; k < grid.length; k++) {
            if (!(grid[k] >= -1 && grid[k] <= 1)) {
                throw new IllegalArgumentException("grid point " + grid[k] + " outside [-1, 1]");
            }
            if (k > 0 && grid[k] < grid[k - 1]) {
                throw new IllegalArgumentException("grid must be sorted ascending");
            }
        }
        this.grid = grid.clone();
        this.weights = new double[grid.length];
        Arrays.fill(weights, 1);
        this.checkLower = grid[0];
        this.checkUpper = grid[grid.length - 1];
    }

    /** Starts a fit on the given ascending grid in [−1, 1] (weights 1, no ridge, keep small coefficients). */
    public static PolynomialFitter onGrid(double[] grid) {
        return new PolynomialFitter(grid);
    }

    /** n equispaced points from a to b inclusive, like numpy.linspace(a, b, n). */
    public static double[] linspace(double a, double b, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i == n - 1 ? b : a + (b - a) * i / (n - 1);
        }
        return t;
    }

    public PolynomialFitter target(DoubleUnaryOperator y) {
        this.target = y;
        return this;
    }

    /** Row weights ω_k (they enter the objective squared). */
    public PolynomialFitter weights(double[] w) {
        if (w.length != grid.length) {
            throw new IllegalArgumentException("need " + grid.length + " weights, got " + w.length);
        }
        for (double v : w) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("weights must be finite and >= 0, got " + v);
            }
        }
        this.weights = w.clone();
        return this;
    }

    public PolynomialFitter degree(int q) {
        if (q < 0 || q > 64) {
            throw new IllegalArgumentException("degree must be in [0, 64], got " + q);
        }
        this.degree = q;
        return this;
    }

    /** Enforce P(t_last) = y(t_last). */
    public PolynomialFitter exactAtEnd(boolean exact) {
        this.exactAtEnd = exact;
        return this;
    }

    /**
     * Whether to impose P(t_k) ≤ P(t_{k+1}) on the grid (default true, as the reference does).
     * Not needed for PSD-ness (c ≥ 0 suffices) and wrong for targets that are not monotone,
     * e.g. K_1(t) = tκ0(t) + κ1(t), which dips to ≈ −0.137 near t = −0.8.
     */
    public PolynomialFitter monotone(boolean enforce) {
        this.monotone = enforce;
        return this;
    }

    /** ε of the penalty ½ε‖c‖² (the Hessian gets +ε·I). */
    public PolynomialFitter ridge(double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("ridge must be finite and >= 0, got " + epsilon);
        }
        this.ridge = epsilon;
        return this;
    }

    public PolynomialFitter smallCoefficients(SmallCoefficients policy, double belowThreshold) {
        if (!(belowThreshold >= 0)) {
            throw new IllegalArgumentException("threshold must be >= 0, got " + belowThreshold);
        }
        this.small = policy;
        this.threshold = belowThreshold;
        return this;
    }

    /** Interval and resolution of the max-error check (default: the grid's span, 10,001 points). */
    public PolynomialFitter checkOn(double lower, double upper, int points) {
        if (!(lower <= upper) || points < 2) {
            throw new IllegalArgumentException("bad check interval [" + lower + ", " + upper + "] x " + points);
        }
        this.checkLower = lower;
        this.checkUpper = upper;
        this.checkPoints = points;
        return this;
    }

    public PolynomialFitter describedAs(String text) {
        this.description = text;
        return this;
    }

    /**
     * Solves the fit.
     *
     * @throws QuadraticProgram.InfeasibleException if the equality cannot be met with c ≥ 0
     *                                              and monotonicity (e.g. a negative target at t = 1)
     */
    public PolynomialFit fit() {
        if (target == null || degree < 0) {
            throw new IllegalStateException("target and degree must be set");
        }
        int n = grid.length;
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            y[k] = target.applyAsDouble(grid[k]);
        }
        boolean[] support = new boolean[degree + 1];
        Arrays.fill(support, true);
        double[] c;
        while (true) {
            c = solve(y, support);
            if (small != SmallCoefficients.PRUNE) {
                break;
            }
            boolean changed = false;
            for (int j = 0; j <= degree; j++) {
                if (support[j] && c[j] < threshold) {
                    support[j] = false;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            if (!anyTrue(support)) {
                // Everything is tiny: the best polynomial is (numerically) zero.
                c = new double[degree + 1];
                break;
            }
        }
        if (small == SmallCoefficients.ZERO) {
            for (int j = 0; j <= degree; j++) {
                if (c[j] < threshold) {
                    c[j] = 0;
                }
            }
        }
        return new PolynomialFit(c, checkLower, checkUpper, maxError(c), monotonicityDefect(c), description);
    }

    private static boolean anyTrue(boolean[] b) {
        for (boolean v : b) {
            if (v) {
                return true;
            }
        }
        return false;
    }

    /** Solves the QP over the monomials in {@code support}; returns the full coefficient vector. */
    private double[] solve(double[] y, boolean[] support) {
        int[] cols = new int[degree + 1];
        int m = 0;
        for (int j = 0; j <= degree; j++) {
            if (support[j]) {
                cols[m++] = j;
            }
        }
        int[] columns = Arrays.copyOf(cols, m);
        int n = grid.length;
        double[][] a = new double[n][];
        double[] b = new double[n];
        for (int k = 0; k < n; k++) {
            a[k] = monomials(grid[k], columns);
            for (int j = 0; j < m; j++) {
                a[k][j] *= weights[k];
            }
            b[k] = weights[k] * y[k];
        }
        QuadraticProgram.Builder qp = QuadraticProgram.leastSquares(a, b, ridge).nonNegative();
        for (int k = 0; monotone && k + 1 < n; k++) {
            if (grid[k + 1] > grid[k]) {
                qp.inequality(increments(grid[k], grid[k + 1], columns), 0);
            }
        }
        if (exactAtEnd) {
            qp.equality(monomials(grid[n - 1], columns), y[n - 1]);
        }
        double[] x = qp.solve().x();
        double[] c = new double[degree + 1];
        for (int j = 0; j < m; j++) {
            c[columns[j]] = Math.max(0, x[j]); // clip rounding-level negatives (|x| ≲ 1e-16)
        }
        return c;
    }

    private static double[] monomials(double t, int[] columns) {
        double[] row = new double[columns.length];
        for (int j = 0; j < columns.length; j++) {
            row[j] = Math.pow(t, columns[j]);
        }
        return row;
    }

    /**
     * Row of t_{k+1}^j − t_k^j, computed as (b − a)·Σ_{i<j} b^i a^{j−1−i} so that close grid
     * points do not lose digits to cancellation.
     */
    private static double[] increments(double a, double b, int[] columns) {
        double[] row = new double[columns.length];
        double h = b - a;
        for (int j = 0; j < columns.length; j++) {
            int p = columns[j];
            double s = 0;
            for (int i = 0; i < p; i++) {
                s += Math.pow(b, i) * Math.pow(a, p - 1 - i);
            }
            row[j] = h * s;
        }
        return row;
    }

    private double maxError(double[] c) {
        double worst = 0;
        for (double t : linspace(checkLower, checkUpper, checkPoints)) {
            worst = Math.max(worst, Math.abs(PolynomialFit.evaluate(c, t) - target.applyAsDouble(t)));
        }
        return worst;
    }

    /** max_k (P(t_k) − P(t_{k+1})), from the cancellation-free increment rows. */
    private double monotonicityDefect(double[] c) {
        int[] all = new int[c.length];
        for (int j = 0; j < c.length; j++) {
            all[j] = j;
        }
        double worst = 0;
        for (int k = 0; k + 1 < grid.length; k++) {
            worst = Math.max(worst, -QuadraticProgram.dot(increments(grid[k], grid[k + 1], all), c));
        }
        return worst;
    }
}
