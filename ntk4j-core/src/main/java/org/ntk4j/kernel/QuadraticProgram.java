package org.ntk4j.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small dense strictly convex quadratic program, solved by the dual active-set method of
 * Goldfarb and Idnani (Math. Programming 27, 1983):
 * <pre>
 *   minimise ½ xᵀGx + gᵀx   subject to  Eᵢ·x = fᵢ (equalities),  Cᵢ·x ≥ dᵢ (inequalities).
 * </pre>
 * It is meant for the tiny problems of the polynomial fits (algorithms.md §3.1: ≤ 17 unknowns,
 * a few hundred inequality rows), so everything is dense and in double precision.
 *
 * <p>Why the dual method: it starts from the unconstrained minimiser, needs no feasible start,
 * and every iterate is dual feasible, so it ends either at the optimum or with a certificate
 * that the constraints are inconsistent (a violated constraint that can be satisfied neither
 * by a primal step nor by dropping active constraints). Linearly dependent and duplicated
 * constraints, which the monotonicity rows on a fine grid produce, are handled by its
 * "dual-only" steps.
 *
 * <p>The Hessian enters only through an upper-triangular factor R with G = RᵀR. For the
 * least-squares form {@link #leastSquares} R comes from a Householder QR of [A; √ε·I], so the
 * condition number of the Vandermonde-type design matrix is not squared as it would be by
 * forming AᵀA.
 *
 * <p>Instances are immutable once built; {@link #solve()} may be called from several threads.
 */
public final class QuadraticProgram {

    /** Thrown when the constraints admit no feasible point. */
    public static final class InfeasibleException extends ArithmeticException {
        private static final long serialVersionUID = 1L;

        InfeasibleException(String message) {
            super(message);
        }
    }

    /**
     * The optimum. {@code equalityMultipliers[i]} and {@code inequalityMultipliers[i]} are the
     * Lagrange multipliers λ, μ in the order the constraints were added, with
     * Gx + g = Σ λᵢEᵢ + Σ μᵢCᵢ and μ ≥ 0 (μᵢ = 0 for inactive rows).
     */
    public record Solution(double[] x, double objective, double[] equalityMultipliers,
                           double[] inequalityMultipliers, int[] activeInequalities, int iterations) {
        public Solution {
            x = x.clone();
            equalityMultipliers = equalityMultipliers.clone();
            inequalityMultipliers = inequalityMultipliers.clone();
            activeInequalities = activeInequalities.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] equalityMultipliers() {
            return equalityMultipliers.clone();
        }

        @Override
        public double[] inequalityMultipliers() {
            return inequalityMultipliers.clone();
        }

        @Override
        public int[] activeInequalities() {
            return activeInequalities.clone();
        }

        @Override
        public String toString() {
            return "Solution[x=" + Arrays.toString(x) + ", objective=" + objective
                    + ", active=" + Arrays.toString(activeInequalities) + ", iterations=" + iterations + "]";
        }
    }

    /** Collects the objective and the constraints. */
    public static final class Builder {
        private final int n;
        private final double[][] factor;      // upper-triangular R, G = RᵀR
        private final double[] unconstrained; // −G⁻¹g
        private final Objective objective;
        private final List<double[]> eqRows = new ArrayList<>();
        private final List<Double> eqValues = new ArrayList<>();
        private final List<double[]> inRows = new ArrayList<>();
        private final List<Double> inBounds = new ArrayList<>();

        private Builder(double[][] factor, double[] unconstrained, Objective objective) {
            this.n = unconstrained.length;
            this.factor = factor;
            this.unconstrained = unconstrained;
            this.objective = objective;
        }

        /** Adds the equality row·x = value. */
        public Builder equality(double[] row, double value) {
            eqRows.add(checkedRow(row));
            eqValues.add(checkedFinite(value));
            return this;
        }

        /** Adds the inequality row·x ≥ bound. */
        public Builder inequality(double[] row, double bound) {
            inRows.add(checkedRow(row));
            inBounds.add(checkedFinite(bound));
            return this;
        }

        /** Adds xᵢ ≥ 0 for every i. */
        public Builder nonNegative() {
            for (int i = 0; i < n; i++) {
                double[] e = new double[n];
                e[i] = 1;
                inequality(e, 0);
            }
            return this;
        }

        private double[] checkedRow(double[] row) {
            if (row.length != n) {
                throw new IllegalArgumentException("constraint row has length " + row.length + ", expected " + n);
            }
            for (double v : row) {
                checkedFinite(v);
            }
            return row.clone();
        }

        private static double checkedFinite(double v) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("non-finite constraint data " + v);
            }
            return v;
        }

        public QuadraticProgram build() {
            return new QuadraticProgram(this);
        }

        /** Shorthand for {@code build().solve()}. */
        public Solution solve() {
            return build().solve();
        }
    }

    /** Evaluates the objective at a point (kept in its original form for an accurate value). */
    private interface Objective {
        double value(double[] x);
    }

    /**
     * minimise ½‖Ax − b‖² + ½ε‖x‖². Needs ε &gt; 0 or A of full column rank.
     *
     * @param a     the m × n design matrix (rows)
     * @param b     the m targets
     * @param ridge ε ≥ 0
     */
    public static Builder leastSquares(double[][] a, double[] b, double ridge) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("need as many targets as rows, got " + a.length + " and " + b.length);
        }
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge must be finite and >= 0, got " + ridge);
        }
        int m = a.length;
        int n = a[0].length;
        double sqrtRidge = Math.sqrt(ridge);
        double[][] stacked = new double[m + n][];
        double[] rhs = new double[m + n];
        for (int i = 0; i < m; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("ragged design matrix");
            }
            stacked[i] = a[i].clone();
            rhs[i] = b[i];
        }
        for (int i = 0; i < n; i++) {
            stacked[m + i] = new double[n];
            stacked[m + i][i] = sqrtRidge;
        }
        double[][] r = householderTriangularise(stacked, rhs);
        double[] x0 = backSubstitute(r, Arrays.copyOf(rhs, n), n);
        double[][] design = new double[m][];
        double[] target = b.clone();
        for (int i = 0; i < m; i++) {
            design[i] = a[i].clone();
        }
        Objective f = x -> {
            double s = 0;
            for (int i = 0; i < design.length; i++) {
                double res = dot(design[i], x) - target[i];
                s += res * res;
            }
            return 0.5 * s + 0.5 * ridge * dot(x, x);
        };
        return new Builder(r, x0, f);
    }

    /** minimise ½xᵀGx + gᵀx with G symmetric positive definite. */
    public static Builder of(double[][] hessian, double[] linear) {
        int n = linear.length;
        if (hessian.length != n) {
            throw new IllegalArgumentException("Hessian is " + hessian.length + " × ?, expected " + n);
        }
        double[][] g = new double[n][];
        for (int i = 0; i < n; i++) {
            if (hessian[i].length != n) {
                throw new IllegalArgumentException("Hessian is not square");
            }
            g[i] = hessian[i].clone();
        }
        double[][] r = choleskyUpper(g);
        // x0 = −G⁻¹g = −R⁻¹R⁻ᵀg.
        double[] y = forwardSubstituteTransposed(r, linear);
        double[] x0 = backSubstitute(r, y, n);
        for (int i = 0; i < n; i++) {
            x0[i] = -x0[i];
        }
        double[] lin = linear.clone();
        Objective f = x -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[i] * (0.5 * dot(g[i], x) + lin[i]);
            }
            return s;
        };
        return new Builder(r, x0, f);
    }

    private final int n;
    private final double[][] factor;
    private final double[] unconstrained;
    private final Objective objective;
    private final double[][] eqRows;
    private final double[] eqValues;
    private final double[][] inRows;
    private final double[] inBounds;

    private QuadraticProgram(Builder b) {
        this.n = b.n;
        this.factor = b.factor;
        this.unconstrained = b.unconstrained;
        this.objective = b.objective;
        this.eqRows = b.eqRows.toArray(new double[0][]);
        this.eqValues = b.eqValues.stream().mapToDouble(Double::doubleValue).toArray();
        this.inRows = b.inRows.toArray(new double[0][]);
        this.inBounds = b.inBounds.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Number of unknowns. */
    public int dimension() {
        return n;
    }

    /** Relative tolerance for primal feasibility (distance to the hyperplane over (1 + ‖x‖∞)). */
    private static final double FEASIBILITY_TOL = 1e-12;
    /** A primal step direction shorter than this (relative) means the new row is dependent. */
    private static final double DEPENDENCE_TOL = 1e-12;
    /** A dependent equality whose residual is below this (relative) is redundant, not inconsistent. */
    private static final double REDUNDANT_TOL = 1e-10;

    /**
     * Solves the program.
     *
     * @throws InfeasibleException if the constraints are inconsistent
     */
    public Solution solve() {
        return new Solver().run();
    }

    /** The mutable state of one Goldfarb–Idnani run. */
    private final class Solver {
        /**
         * J̃ = R⁻¹Q, stored by columns: jt[k] is column k. The first q columns span the active
         * normals in the G⁻¹-metric; the remaining columns span their G-orthogonal complement.
         */
        private final double[][] jt = new double[n][];
        /** Upper-triangular q × q factor with J̃ᵀN = [rr; 0] for the active normals N; rr[i][k]. */
        private final double[][] rr = new double[n][n];
        /** Active constraints: index ≥ 0 for inequalities, −1−i for equality i. */
        private final int[] active = new int[n];
        /** Sign applied to an equality row so that it starts out "violated" (s ≤ 0). */
        private final double[] eqSign = new double[eqRows.length];
        /** Multipliers of the active constraints (length q, plus one slot for the candidate). */
        private final double[] u = new double[n + 1];
        private final double[] x = unconstrained.clone();
        private final boolean[] isActive = new boolean[inRows.length];
        private final double[] inNorm = new double[inRows.length];
        private int q;
        private int iterations;

        Solver() {
            // J = R⁻¹ (upper triangular): column k solves R·col = e_k.
            for (int k = 0; k < n; k++) {
                double[] e = new double[n];
                e[k] = 1;
                jt[k] = backSubstitute(factor, e, n);
            }
            for (int i = 0; i < inRows.length; i++) {
                inNorm[i] = Math.sqrt(dot(inRows[i], inRows[i]));
            }
        }

        Solution run() {
            int maxIterations = 50 * (n + eqRows.length + inRows.length) + 100;
            // Equalities first, in the order given; they are never dropped afterwards.
            for (int e = 0; e < eqRows.length; e++) {
                double s = dot(eqRows[e], x) - eqValues[e];
                eqSign[e] = s > 0 ? -1 : 1;
                if (Math.sqrt(dot(eqRows[e], eqRows[e])) == 0) {
                    if (Math.abs(eqValues[e]) > 0) {
                        throw new InfeasibleException("equality 0 = " + eqValues[e] + " (row " + e + ")");
                    }
                    continue;
                }
                addConstraint(-1 - e, maxIterations);
            }
            while (true) {
                int p = mostViolated();
                if (p < 0) {
                    break;
                }
                addConstraint(p, maxIterations);
            }
            return solution();
        }

        /** The inactive inequality with the largest scaled violation, or −1 if none exceeds the tolerance. */
        private int mostViolated() {
            double scale = 1 + maxAbs(x);
            double worst = FEASIBILITY_TOL * scale;
            int p = -1;
            for (int i = 0; i < inRows.length; i++) {
                if (isActive[i]) {
                    continue;
                }
                double slack = dot(inRows[i], x) - inBounds[i];
                if (inNorm[i] == 0) {
                    if (slack < 0) {
                        throw new InfeasibleException("inequality 0 ≥ " + inBounds[i] + " (row " + i + ")");
                    }
                    continue;
                }
                double violation = -slack / inNorm[i];
                if (violation > worst) {
                    worst = violation;
                    p = i;
                }
            }
            return p;
        }

        private double[] normal(int c) {
            if (c >= 0) {
                return inRows[c];
            }
            int e = -1 - c;
            double[] row = eqRows[e].clone();
            for (int i = 0; i < n; i++) {
                row[i] *= eqSign[e];
            }
            return row;
        }

        /** s(x) = n·x − b of the (sign-adjusted) constraint c; negative when violated. */
        private double slack(int c) {
            if (c >= 0) {
                return dot(inRows[c], x) - inBounds[c];
            }
            int e = -1 - c;
            return eqSign[e] * (dot(eqRows[e], x) - eqValues[e]);
        }

        /**
         * Makes constraint p active: steps in primal and dual space until p holds with equality,
         * dropping active inequalities whose multipliers would turn negative on the way.
         */
        private void addConstraint(int p, int maxIterations) {
            double[] np = normal(p);
            u[q] = 0; // multiplier of the candidate p sits in slot q
            while (true) {
                if (++iterations > maxIterations) {
                    throw new ArithmeticException("QP did not converge in " + maxIterations + " iterations");
                }
                // d = J̃ᵀn; primal direction z = Σ_{k≥q} d_k J̃_k; dual direction r = R⁻¹ d[0..q).
                double[] d = new double[n];
                double dNorm2 = 0;
                for (int k = 0; k < n; k++) {
                    d[k] = dot(jt[k], np);
                    dNorm2 += d[k] * d[k];
                }
                double[] z = new double[n];
                double zn = 0; // zᵀn = Σ_{k≥q} d_k²
                for (int k = q; k < n; k++) {
                    zn += d[k] * d[k];
                    axpy(d[k], jt[k], z);
                }
                double[] r = backSubstitute(rr, Arrays.copyOf(d, q), q);

                // Partial step t1: the first active inequality whose multiplier reaches zero.
                double t1 = Double.POSITIVE_INFINITY;
                int drop = -1;
                for (int k = 0; k < q; k++) {
                    if (active[k] >= 0 && r[k] > 0) {
                        double ratio = u[k] / r[k];
                        if (ratio < t1) {
                            t1 = ratio;
                            drop = k;
                        }
                    }
                }
                // Full step t2: makes constraint p hold with equality.
                boolean dependent = zn <= DEPENDENCE_TOL * DEPENDENCE_TOL * dNorm2;
                double t2 = dependent ? Double.POSITIVE_INFINITY : Math.max(0, -slack(p)) / zn;

                if (dependent && drop < 0 && p < 0 && Math.abs(slack(p)) <= REDUNDANT_TOL * scale(np)) {
                    // An equality implied by the equalities already active (only equalities are
                    // active while they are being added, and those are never dropped): skip it.
                    return;
                }
                if (dependent && drop < 0) {
                    throw new InfeasibleException("constraint " + describe(p)
                            + " is inconsistent with the active constraints");
                }
                double t = Math.min(t1, t2);
                if (!dependent) {
                    axpy(t, z, x);
                }
                for (int k = 0; k < q; k++) {
                    u[k] -= t * r[k];
                }
                u[q] += t;
                if (t2 <= t1) {
                    addToFactor(d);
                    active[q - 1] = p;
                    if (p >= 0) {
                        isActive[p] = true;
                    }
                    return;
                }
                dropFromFactor(drop);
            }
        }

        /** Scale of the residual n·x − b for the redundancy test. */
        private double scale(double[] row) {
            return 1 + Math.sqrt(dot(row, row)) * maxAbs(x);
        }

        private String describe(int c) {
            return c >= 0 ? "inequality " + c : "equality " + (-1 - c);
        }

        /** Appends the column d = J̃ᵀn to R, rotating columns q..n−1 of J̃ so that d[q+1..] = 0. */
        private void addToFactor(double[] d) {
            for (int k = n - 1; k > q; k--) {
                double a = d[k - 1];
                double b = d[k];
                if (b == 0) {
                    continue;
                }
                double h = Math.hypot(a, b);
                double c = a / h;
                double s = b / h;
                d[k - 1] = h;
                d[k] = 0;
                rotateColumns(k - 1, k, c, s);
            }
            for (int i = 0; i <= q; i++) {
                rr[i][q] = d[i];
            }
            q++;
        }

        /**
         * Removes active constraint number l: deletes column l of R and restores the triangle with
         * Givens rotations of rows l..q−1, applying the same rotations to columns of J̃.
         */
        private void dropFromFactor(int l) {
            if (active[l] >= 0) {
                isActive[active[l]] = false;
            }
            for (int k = l; k < q - 1; k++) {
                active[k] = active[k + 1];
                u[k] = u[k + 1];
                for (int i = 0; i < n; i++) {
                    rr[i][k] = rr[i][k + 1];
                }
            }
            u[q - 1] = u[q]; // the candidate's multiplier moves down with it
            u[q] = 0;
            for (int i = 0; i < n; i++) {
                rr[i][q - 1] = 0;
            }
            q--;
            for (int k = l; k < q; k++) {
                double a = rr[k][k];
                double b = rr[k + 1][k];
                if (b == 0) {
                    continue;
                }
                double h = Math.hypot(a, b);
                double c = a / h;
                double s = b / h;
                for (int col = k; col < q; col++) {
                    double rk = rr[k][col];
                    double rk1 = rr[k + 1][col];
                    rr[k][col] = c * rk + s * rk1;
                    rr[k + 1][col] = -s * rk + c * rk1;
                }
                rr[k + 1][k] = 0;
                rotateColumns(k, k + 1, c, s);
            }
        }

        /** (J̃_i, J̃_j) ← (c·J̃_i + s·J̃_j, −s·J̃_i + c·J̃_j). */
        private void rotateColumns(int i, int j, double c, double s) {
            double[] a = jt[i];
            double[] b = jt[j];
            for (int k = 0; k < n; k++) {
                double ak = a[k];
                double bk = b[k];
                a[k] = c * ak + s * bk;
                b[k] = -s * ak + c * bk;
            }
        }

        private Solution solution() {
            double[] lambda = new double[eqRows.length];
            double[] mu = new double[inRows.length];
            int[] act = new int[q];
            int na = 0;
            for (int k = 0; k < q; k++) {
                int c = active[k];
                if (c >= 0) {
                    mu[c] = u[k];
                    act[na++] = c;
                } else {
                    lambda[-1 - c] = eqSign[-1 - c] * u[k];
                }
            }
            int[] activeIneq = Arrays.copyOf(act, na);
            Arrays.sort(activeIneq);
            return new Solution(x, objective.value(x), lambda, mu, activeIneq, iterations);
        }
    }

    // ---- small dense kernels ----

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double a : v) {
            m = Math.max(m, Math.abs(a));
        }
        return m;
    }

    /** Solves R[0..k)·y = b[0..k) for upper-triangular R stored as r[row][col]. */
    private static double[] backSubstitute(double[][] r, double[] b, int k) {
        double[] y = Arrays.copyOf(b, k);
        for (int i = k - 1; i >= 0; i--) {
            double s = y[i];
            for (int j = i + 1; j < k; j++) {
                s -= r[i][j] * y[j];
            }
            y[i] = s / r[i][i];
        }
        return y;
    }

    /** Solves Rᵀy = b for upper-triangular R. */
    private static double[] forwardSubstituteTransposed(double[][] r, double[] b) {
        int n = b.length;
        double[] y = b.clone();
        for (int i = 0; i < n; i++) {
            double s = y[i];
            for (int j = 0; j < i; j++) {
                s -= r[j][i] * y[j];
            }
            y[i] = s / r[i][i];
        }
        return y;
    }

    /** Upper Cholesky factor R with G = RᵀR. */
    private static double[][] choleskyUpper(double[][] g) {
        int n = g.length;
        double[][] r = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                if (Math.abs(g[i][j] - g[j][i]) > 1e-12 * (Math.abs(g[i][j]) + Math.abs(g[j][i]) + 1e-300)) {
                    throw new IllegalArgumentException("Hessian is not symmetric at (" + i + "," + j + ")");
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = g[i][j];
                for (int k = 0; k < i; k++) {
                    s -= r[k][i] * r[k][j];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("Hessian is not positive definite");
                    }
                    r[i][i] = Math.sqrt(s);
                } else {
                    r[i][j] = s / r[i][i];
                }
            }
        }
        return r;
    }

    /**
     * Householder QR of the (m × n, m ≥ n) matrix given by rows, applied in place to rhs; returns
     * the n × n upper-triangular R (the rows of {@code a} are overwritten).
     */
    private static double[][] householderTriangularise(double[][] a, double[] rhs) {
        int m = a.length;
        int n = a[0].length;
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm = Math.hypot(norm, a[i][k]);
            }
            if (norm == 0) {
                throw new IllegalArgumentException("design matrix is rank deficient (column " + k
                        + "); use a positive ridge");
            }
            double alpha = a[k][k] > 0 ? -norm : norm;
            // v = a[k..m)[k] − α e_1, H = I − 2vvᵀ/vᵀv
            double[] v = new double[m - k];
            for (int i = k; i < m; i++) {
                v[i - k] = a[i][k];
            }
            v[0] -= alpha;
            double vv = dot(v, v);
            for (int j = k; j < n; j++) {
                double s = 0;
                for (int i = k; i < m; i++) {
                    s += v[i - k] * a[i][j];
                }
                s = 2 * s / vv;
                for (int i = k; i < m; i++) {
                    a[i][j] -= s * v[i - k];
                }
            }
            double s = 0;
            for (int i = k; i < m; i++) {
                s += v[i - k] * rhs[i];
            }
            s = 2 * s / vv;
            for (int i = k; i < m; i++) {
                rhs[i] -= s * v[i - k];
            }
        }
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                r[i][j] = a[i][j];
            }
        }
        return r;
    }
}
