package org.ntk4j.kernel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Goldfarb–Idnani solver on problems with hand-derived solutions (including degenerate and
 * redundant constraints and negative equality multipliers), on infeasible problems, against
 * brute-force active-set enumeration, and by checking the KKT conditions on random problems.
 */
class QuadraticProgramTest {

    private static double[][] identity(int n) {
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            g[i][i] = 1;
        }
        return g;
    }

    /** ½‖x − y‖² as ½xᵀx − yᵀx (plus a constant). */
    private static QuadraticProgram.Builder projection(double... y) {
        double[] g = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            g[i] = -y[i];
        }
        return QuadraticProgram.of(identity(y.length), g);
    }

    @Test
    void unconstrainedLeastSquaresMatchesNormalEquations() {
        // A = [[1,0],[1,1],[1,2]], b = [1,2,2]: AᵀA = [[3,3],[3,5]], Aᵀb = [5,6] → x = [7/6, 1/2].
        double[][] a = {{1, 0}, {1, 1}, {1, 2}};
        QuadraticProgram.Solution s = QuadraticProgram.leastSquares(a, new double[]{1, 2, 2}, 0).solve();
        assertArrayEquals(new double[]{7.0 / 6, 0.5}, s.x(), 1e-14);
        // residuals [−1/6, 1/3, −1/6]: ½·(1/36 + 1/9 + 1/36) = 1/12
        assertEquals(1.0 / 12, s.objective(), 1e-15);
    }

    @Test
    void ridgeShrinksAsPrescribed() {
        // min ½(x − 3)² + ½ε x² → x = 3/(1 + ε)
        QuadraticProgram.Solution s = QuadraticProgram.leastSquares(new double[][]{{1}}, new double[]{3}, 0.5).solve();
        assertEquals(2.0, s.x()[0], 1e-15);
    }

    @Test
    void nonNegativeProjectionClipsNegatives() {
        QuadraticProgram.Solution s = projection(1.5, -2, 0, -1e-3).nonNegative().solve();
        assertArrayEquals(new double[]{1.5, 0, 0, 0}, s.x(), 1e-15);
        assertArrayEquals(new double[]{0, 2, 0, 1e-3}, s.inequalityMultipliers(), 1e-15);
        assertArrayEquals(new int[]{1, 3}, s.activeInequalities());
    }

    @Test
    void weaklyActiveConstraintHasZeroMultiplier() {
        // Project (1, 2) onto {x ≥ 0, x1 + x2 ≤ 1}: the answer (0, 1) also lies on x1 = 0, but
        // x − y = (−1, −1) = −1·(−1, −1) needs only the sum constraint (degenerate vertex).
        QuadraticProgram.Solution s = projection(1, 2).nonNegative().inequality(new double[]{-1, -1}, -1).solve();
        assertArrayEquals(new double[]{0, 1}, s.x(), 1e-14);
        double[] mu = s.inequalityMultipliers();
        assertEquals(0, mu[0], 1e-14);
        assertEquals(0, mu[1], 1e-14);
        assertEquals(1, mu[2], 1e-14);
        assertEquals(1.0, s.objective() + 0.5 * (1 + 4), 1e-14); // ½‖x−y‖² = 1
    }

    @Test
    void equalityOnTheSimplexWithNegativeMultiplier() {
        // Project (2, −1, 0) onto the simplex: (1, 0, 0); x − y = (−1, 1, 0) = λ(1,1,1) + μ
        // with λ = −1, μ = (0, 2, 1).
        QuadraticProgram.Solution s = projection(2, -1, 0).nonNegative()
                .equality(new double[]{1, 1, 1}, 1).solve();
        assertArrayEquals(new double[]{1, 0, 0}, s.x(), 1e-14);
        assertEquals(-1, s.equalityMultipliers()[0], 1e-14);
        assertArrayEquals(new double[]{0, 2, 1}, s.inequalityMultipliers(), 1e-14);
    }

    @Test
    void equalityAloneGivesTheMinimumNormPoint() {
        QuadraticProgram.Solution s = QuadraticProgram.of(identity(4), new double[4])
                .equality(new double[]{1, 1, 1, 1}, 1).nonNegative().solve();
        assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25}, s.x(), 1e-15);
        assertEquals(0.25, s.equalityMultipliers()[0], 1e-15);
        assertEquals(0, s.activeInequalities().length);
    }

    @Test
    void duplicatedAndDependentConstraintsThroughOnePoint() {
        // Project (−1, −1) onto {x1 ≥ 0 (twice), x2 ≥ 0, x1 + x2 ≥ 0, 2x1 + x2 ≥ 0}: five rows
        // through the origin in the plane.
        QuadraticProgram.Solution s = projection(-1, -1)
                .inequality(new double[]{1, 0}, 0).inequality(new double[]{1, 0}, 0)
                .inequality(new double[]{0, 1}, 0).inequality(new double[]{1, 1}, 0)
                .inequality(new double[]{2, 1}, 0).solve();
        assertArrayEquals(new double[]{0, 0}, s.x(), 1e-14);
        assertKkt(projectionHessian(2), new double[]{1, 1}, s, List.of(),
                List.of(new double[]{1, 0}, new double[]{1, 0}, new double[]{0, 1}, new double[]{1, 1},
                        new double[]{2, 1}), new double[5], new double[0], 1e-13);
    }

    @Test
    void redundantEqualitiesAreAccepted() {
        QuadraticProgram.Solution s = projection(1, 1)
                .equality(new double[]{1, 1}, 1).equality(new double[]{2, 2}, 2).equality(new double[]{1, 1}, 1)
                .solve();
        assertArrayEquals(new double[]{0.5, 0.5}, s.x(), 1e-14);
        double[] lambda = s.equalityMultipliers();
        // Only the combination is determined: Σ λ_i n_i = x − y = (−½, −½).
        assertEquals(-0.5, lambda[0] + 2 * lambda[1] + lambda[2], 1e-14);
    }

    @Test
    void equalityThatIsAlsoAnActiveInequality() {
        // min ½‖x − (−1, 2)‖² with x1 = 0 and x1 ≥ 0: the equality carries the multiplier.
        QuadraticProgram.Solution s = projection(-1, 2).equality(new double[]{1, 0}, 0).nonNegative().solve();
        assertArrayEquals(new double[]{0, 2}, s.x(), 1e-15);
        double[] mu = s.inequalityMultipliers();
        assertEquals(1, s.equalityMultipliers()[0] + mu[0], 1e-14);
    }

    @Test
    void infeasibleConstraintsAreReported() {
        assertThrows(QuadraticProgram.InfeasibleException.class, () -> projection(0)
                .inequality(new double[]{1}, 1).inequality(new double[]{-1}, 0).solve());
        assertThrows(QuadraticProgram.InfeasibleException.class, () -> projection(0, 0)
                .equality(new double[]{1, 0}, 1).equality(new double[]{1, 0}, 2).solve());
        assertThrows(QuadraticProgram.InfeasibleException.class, () -> projection(3, 3)
                .equality(new double[]{1, 1}, -1).nonNegative().solve());
        // Three half-planes with empty intersection: x1 ≥ 1, x2 ≥ 1, x1 + x2 ≤ 1.
        assertThrows(QuadraticProgram.InfeasibleException.class, () -> projection(0, 0)
                .inequality(new double[]{1, 0}, 1).inequality(new double[]{0, 1}, 1)
                .inequality(new double[]{-1, -1}, -1).solve());
        assertThrows(QuadraticProgram.InfeasibleException.class, () -> projection(0, 0)
                .inequality(new double[]{0, 0}, 1).solve());
    }

    @Test
    void rejectsIndefiniteHessian() {
        assertThrows(IllegalArgumentException.class,
                () -> QuadraticProgram.of(new double[][]{{1, 2}, {2, 1}}, new double[2]));
    }

    @Test
    void hessianAndLeastSquaresFormsAgree() {
        SplittableRandom rnd = new SplittableRandom(11);
        double[][] a = randomMatrix(rnd, 9, 4);
        double[] b = randomVector(rnd, 9);
        double ridge = 0.1;
        double[][] g = new double[4][4];
        double[] lin = new double[4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                for (double[] row : a) {
                    g[i][j] += row[i] * row[j];
                }
            }
            g[i][i] += ridge;
            for (int k = 0; k < 9; k++) {
                lin[i] -= a[k][i] * b[k];
            }
        }
        double[] row = {1, -1, 2, 0.5};
        double[] x1 = QuadraticProgram.leastSquares(a, b, ridge).nonNegative().inequality(row, 1).solve().x();
        double[] x2 = QuadraticProgram.of(g, lin).nonNegative().inequality(row, 1).solve().x();
        assertArrayEquals(x1, x2, 1e-12);
    }

    @Test
    void matchesBruteForceActiveSetEnumeration() {
        SplittableRandom rnd = new SplittableRandom(2024);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rnd.nextInt(3);
            int m = 2 + rnd.nextInt(5);
            double[][] g = randomSpd(rnd, n);
            double[] lin = randomVector(rnd, n);
            double[][] c = randomMatrix(rnd, m, n);
            double[] x0 = randomVector(rnd, n);
            double[] d = new double[m];
            for (int i = 0; i < m; i++) {
                d[i] = QuadraticProgram.dot(c[i], x0) - rnd.nextDouble(); // x0 is strictly feasible
            }
            QuadraticProgram.Builder b = QuadraticProgram.of(g, lin);
            for (int i = 0; i < m; i++) {
                b.inequality(c[i], d[i]);
            }
            QuadraticProgram.Solution s = b.solve();
            double best = bruteForce(g, lin, c, d);
            assertEquals(best, s.objective(), 1e-9 * (1 + Math.abs(best)), "trial " + trial);
        }
    }

    @Test
    void randomProblemsSatisfyKkt() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(12);
            int rows = n + rnd.nextInt(20);
            int m = rnd.nextInt(60);
            int e = rnd.nextInt(Math.min(n, 3));
            double[][] a = randomMatrix(rnd, rows, n);
            double[] b = randomVector(rnd, rows);
            double ridge = rnd.nextBoolean() ? 0 : 1e-5;
            double[] x0 = randomVector(rnd, n);
            List<double[]> eq = new ArrayList<>();
            double[] f = new double[e];
            QuadraticProgram.Builder qp = QuadraticProgram.leastSquares(a, b, ridge);
            for (int i = 0; i < e; i++) {
                double[] row = randomVector(rnd, n);
                eq.add(row);
                f[i] = QuadraticProgram.dot(row, x0);
                qp.equality(row, f[i]);
            }
            List<double[]> in = new ArrayList<>();
            double[] d = new double[m];
            for (int i = 0; i < m; i++) {
                double[] row = randomVector(rnd, n);
                in.add(row);
                // A quarter of the rows pass exactly through x0: degenerate vertices are common.
                d[i] = QuadraticProgram.dot(row, x0) - (rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble());
                qp.inequality(row, d[i]);
            }
            QuadraticProgram.Solution s = qp.solve();
            double[][] g = new double[n][n];
            double[] lin = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    for (double[] row : a) {
                        g[i][j] += row[i] * row[j];
                    }
                }
                g[i][i] += ridge;
                for (int k = 0; k < rows; k++) {
                    lin[i] -= a[k][i] * b[k];
                }
            }
            assertKkt(g, lin, s, eq, in, d, f, 1e-10);
        }
    }

    @Test
    void fitProblemsOfTheNtkSketchSatisfyKkt() {
        // The real, ill-conditioned instances: monomials up to t^16 on the §3.1 (a) grid, ~340
        // monotonicity rows (many nearly parallel), c ≥ 0, and the equality P(1) = K_L(1).
        for (int depth : new int[]{1, 4}) {
            for (int q : new int[]{8, 16}) {
                double[] grid = PolynomialFits.directGrid(depth, q);
                double[] w = PolynomialFits.directWeights(grid.length, depth);
                int n = q + 1;
                double[][] a = new double[grid.length][n];
                double[] b = new double[grid.length];
                for (int k = 0; k < grid.length; k++) {
                    for (int j = 0; j < n; j++) {
                        a[k][j] = w[k] * Math.pow(grid[k], j);
                    }
                    b[k] = w[k] * ArcCosine.ntk(grid[k], depth);
                }
                double ridge = PolynomialFits.REFERENCE_RIDGE;
                QuadraticProgram.Builder qp = QuadraticProgram.leastSquares(a, b, ridge);
                List<double[]> in = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    double[] e = new double[n];
                    e[j] = 1;
                    in.add(e);
                }
                for (int k = 0; k + 1 < grid.length; k++) {
                    double[] row = new double[n];
                    for (int j = 0; j < n; j++) {
                        row[j] = Math.pow(grid[k + 1], j) - Math.pow(grid[k], j);
                    }
                    in.add(row);
                }
                for (double[] row : in) {
                    qp.inequality(row, 0);
                }
                double[] one = new double[n];
                java.util.Arrays.fill(one, 1);
                qp.equality(one, depth + 1);
                QuadraticProgram.Solution s = qp.solve();
                double[][] g = new double[n][n];
                double[] lin = new double[n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        for (double[] row : a) {
                            g[i][j] += row[i] * row[j];
                        }
                    }
                    g[i][i] += ridge;
                    for (int k = 0; k < grid.length; k++) {
                        lin[i] -= a[k][i] * b[k];
                    }
                }
                assertKkt(g, lin, s, List.of(one), in, new double[in.size()], new double[]{depth + 1}, 1e-10);
            }
        }
    }

    // ---- helpers

    private static double[][] projectionHessian(int n) {
        return identity(n);
    }

    /**
     * KKT for min ½xᵀGx + gᵀx, Ex = f, Cx ≥ d: stationarity Gx + g = Eᵀλ + Cᵀμ, μ ≥ 0, primal
     * feasibility and complementary slackness, all relative to the problem's scale. Note the
     * {@code g} argument of {@link #duplicatedAndDependentConstraintsThroughOnePoint} is −y.
     */
    private static void assertKkt(double[][] g, double[] lin, QuadraticProgram.Solution s, List<double[]> eq,
                                  List<double[]> in, double[] d, double[] f, double tol) {
        double[] x = s.x();
        int n = x.length;
        double[] lambda = s.equalityMultipliers();
        double[] mu = s.inequalityMultipliers();
        double scale = 1;
        for (double[] row : g) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double xScale = 1;
        for (double v : x) {
            xScale = Math.max(xScale, Math.abs(v));
        }
        for (int i = 0; i < n; i++) {
            double residual = QuadraticProgram.dot(g[i], x) + lin[i];
            double size = Math.abs(lin[i]) + scale * xScale;
            for (int k = 0; k < eq.size(); k++) {
                residual -= lambda[k] * eq.get(k)[i];
                size += Math.abs(lambda[k] * eq.get(k)[i]);
            }
            for (int k = 0; k < in.size(); k++) {
                residual -= mu[k] * in.get(k)[i];
                size += Math.abs(mu[k] * in.get(k)[i]);
            }
            assertTrue(Math.abs(residual) <= tol * size, "stationarity " + residual + " vs " + size);
        }
        for (int k = 0; k < eq.size(); k++) {
            double r = QuadraticProgram.dot(eq.get(k), x) - f[k];
            assertTrue(Math.abs(r) <= tol * (1 + Math.abs(f[k]) + norm(eq.get(k)) * xScale), "equality " + r);
        }
        for (int k = 0; k < in.size(); k++) {
            double slack = QuadraticProgram.dot(in.get(k), x) - d[k];
            double size = 1 + Math.abs(d[k]) + norm(in.get(k)) * xScale;
            assertTrue(slack >= -tol * size, "inequality " + k + " violated by " + slack);
            assertTrue(mu[k] >= 0, "negative multiplier " + mu[k]);
            assertTrue(Math.abs(mu[k] * slack) <= tol * size * (1 + Math.abs(mu[k])),
                    "complementarity " + mu[k] + " * " + slack);
        }
    }

    private static double norm(double[] v) {
        return Math.sqrt(QuadraticProgram.dot(v, v));
    }

    private static double[][] randomMatrix(SplittableRandom rnd, int m, int n) {
        double[][] a = new double[m][];
        for (int i = 0; i < m; i++) {
            a[i] = randomVector(rnd, n);
        }
        return a;
    }

    private static double[] randomVector(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * rnd.nextDouble() - 1;
        }
        return v;
    }

    private static double[][] randomSpd(SplittableRandom rnd, int n) {
        double[][] b = randomMatrix(rnd, n, n);
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    g[i][j] += b[k][i] * b[k][j];
                }
            }
            g[i][i] += 0.1;
        }
        return g;
    }

    /**
     * The optimum by enumeration: for every subset S of at most n constraints, solve the KKT
     * system of min ½xᵀGx + gᵀx s.t. C_S x = d_S; keep the best primal-feasible point. (A
     * convex QP attains its minimum on such a face, with linearly independent rows.)
     */
    private static double bruteForce(double[][] g, double[] lin, double[][] c, double[] d) {
        int n = lin.length;
        int m = d.length;
        double best = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < (1 << m); mask++) {
            int k = Integer.bitCount(mask);
            if (k > n) {
                continue;
            }
            int size = n + k;
            double[][] kkt = new double[size][size + 1];
            for (int i = 0; i < n; i++) {
                System.arraycopy(g[i], 0, kkt[i], 0, n);
                kkt[i][size] = -lin[i];
            }
            int r = n;
            for (int i = 0; i < m; i++) {
                if ((mask & (1 << i)) != 0) {
                    for (int j = 0; j < n; j++) {
                        kkt[r][j] = c[i][j];
                        kkt[j][r] = -c[i][j];
                    }
                    kkt[r][size] = d[i];
                    r++;
                }
            }
            double[] sol = gauss(kkt);
            if (sol == null) {
                continue;
            }
            double[] x = java.util.Arrays.copyOf(sol, n);
            boolean feasible = true;
            for (int i = 0; i < m && feasible; i++) {
                feasible = QuadraticProgram.dot(c[i], x) - d[i] >= -1e-12;
            }
            if (feasible) {
                double value = 0;
                for (int i = 0; i < n; i++) {
                    value += x[i] * (0.5 * QuadraticProgram.dot(g[i], x) + lin[i]);
                }
                best = Math.min(best, value);
            }
        }
        return best;
    }

    /** Gaussian elimination with partial pivoting on an augmented matrix; null if singular. */
    private static double[] gauss(double[][] m) {
        int n = m.length;
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(m[i][col]) > Math.abs(m[piv][col])) {
                    piv = i;
                }
            }
            if (Math.abs(m[piv][col]) < 1e-12) {
                return null;
            }
            double[] t = m[piv];
            m[piv] = m[col];
            m[col] = t;
            for (int i = col + 1; i < n; i++) {
                double factor = m[i][col] / m[col][col];
                for (int j = col; j <= n; j++) {
                    m[i][j] -= factor * m[col][j];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int j = i + 1; j < n; j++) {
                s -= m[i][j] * x[j];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }
}
