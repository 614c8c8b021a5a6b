package org.ntk4j.kernel;

import org.ntk4j.kernel.PolynomialFits.DirectVariant;
import org.ntk4j.kernel.PolynomialFits.LayerRange;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prints the accuracy tables of the polynomial fits (run by hand, not a test):
 * <pre>
 *   java -cp ntk4j-core/target/classes:ntk4j-core/target/test-classes org.ntk4j.kernel.PolynomialFitReport
 * </pre>
 * <ol>
 *   <li>max |P − K_L| on [−1, 1] for L = 1..4, q = 1..16, reference fit (a) and the exact-diagonal
 *       variant, and the reference's diagonal error (K_L(1) − P(1))/K_L(1);</li>
 *   <li>the relative Frobenius bias ‖K_P − K‖_F/‖K‖_F of the polynomial kernel
 *       ‖x‖‖y‖P(ρ) against the exact NTK on Gaussian data (no sketching noise);</li>
 *   <li>the NNGP fits and the layer-wise κ1/κ0 fits on every range rule.</li>
 * </ol>
 */
public final class PolynomialFitReport {
    private PolynomialFitReport() {
    }

    private static final int MAX_DEPTH = 4;
    private static final int MAX_DEGREE = 16;

    public static void main(String[] args) {
        for (DirectVariant v : DirectVariant.values()) {
            System.out.println("\n## max |P - K_L| on [-1,1] (10,001 points), NTK fit " + v);
            table((depth, q) -> PolynomialFits.ntk(depth, q, v).maxError(), "%.4f");
        }
        System.out.println("\n## REFERENCE: relative diagonal error (K_L(1) - P(1)) / (L+1)");
        table((depth, q) -> (depth + 1 - PolynomialFits.ntk(depth, q, DirectVariant.REFERENCE).evaluate(1))
                / (depth + 1), "%.4f");
        for (int[] nd : new int[][]{{30, 10}, {1000, 10}, {1000, 100}}) {
            Data data = gaussian(nd[0], nd[1], 12345);
            for (DirectVariant v : DirectVariant.values()) {
                System.out.println("\n## relative Frobenius bias, Gaussian data n=" + nd[0] + " d=" + nd[1]
                        + ", NTK fit " + v);
                table((depth, q) -> data.bias(depth, PolynomialFits.ntk(depth, q, v)), "%.4f");
            }
        }
        for (DirectVariant v : DirectVariant.values()) {
            System.out.println("\n## max |P - kappa1^L| on [-1,1], NNGP fit " + v);
            table((depth, q) -> PolynomialFits.nngp(depth, q, v).maxError(), "%.5f");
        }
        for (LayerRange r : LayerRange.values()) {
            System.out.println("\n## layer-wise fits, range " + r);
            for (int h = 0; h <= 3; h++) {
                for (int q : new int[]{2, 4, 8, 16}) {
                    System.out.println("  " + PolynomialFits.kappa1(q, h, r));
                }
                for (int q : new int[]{2, 4, 8, 16}) {
                    System.out.println("  " + PolynomialFits.kappa0(q, h, r));
                }
            }
        }
    }

    private interface Cell {
        double value(int depth, int degree);
    }

    private static void table(Cell cell, String format) {
        StringBuilder head = new StringBuilder("| q |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int depth = 1; depth <= MAX_DEPTH; depth++) {
            head.append(" L=").append(depth).append(" |");
            rule.append("---|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (int q = 1; q <= MAX_DEGREE; q++) {
            StringBuilder line = new StringBuilder("| ").append(q).append(" |");
            for (int depth = 1; depth <= MAX_DEPTH; depth++) {
                line.append(' ').append(String.format(Locale.ROOT, format, cell.value(depth, q))).append(" |");
            }
            System.out.println(line);
        }
    }

    /** Norms and pairwise correlations of n standard Gaussian points in R^d, exact K_L memoised per depth. */
    private record Data(double[] norm, double[][] rho, double[][][] exact) {
        Data(double[] norm, double[][] rho) {
            this(norm, rho, new double[MAX_DEPTH + 1][][]);
        }

        /** ‖K_P − K‖_F / ‖K‖_F with K(x_i, x_j) = ‖x_i‖‖x_j‖K_L(ρ_ij) and K_P the same with P. */
        double bias(int depth, PolynomialFit p) {
            int n = norm.length;
            if (exact[depth] == null) {
                double[][] k = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        k[i][j] = ArcCosine.ntk(rho[i][j], depth);
                    }
                }
                exact[depth] = k;
            }
            double err = 0;
            double ref = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double scale = norm[i] * norm[j];
                    double e = scale * exact[depth][i][j];
                    double a = scale * p.evaluate(rho[i][j]);
                    err += (a - e) * (a - e);
                    ref += e * e;
                }
            }
            return Math.sqrt(err / ref);
        }
    }

    private static Data gaussian(int n, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                x[i][k] = gaussian(rnd);
                s += x[i][k] * x[i][k];
            }
            norm[i] = Math.sqrt(s);
        }
        double[][] rho = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rho[i][j] = i == j ? 1 : QuadraticProgram.dot(x[i], x[j]) / (norm[i] * norm[j]);
            }
        }
        return new Data(norm, rho);
    }

    /** Box–Muller. */
    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
