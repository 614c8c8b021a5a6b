package org.ntk4j.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generic constrained grid fit: exact recovery, each constraint and each post-processing rule. */
class PolynomialFitterTest {

    private static final double[] GRID = PolynomialFitter.linspace(-1, 1, 101);

    @Test
    void linspaceHitsBothEnds() {
        double[] t = PolynomialFitter.linspace(-0.3, 1, 14);
        assertEquals(-0.3, t[0]);
        assertEquals(1, t[13]);
        assertEquals(-0.2, t[1], 1e-15); // step 1.3/13
    }

    @Test
    void recoversAnAdmissiblePolynomialExactly() {
        // Non-negative coefficients and increasing on [−1, 1]: every constraint is slack.
        double[] c = {0.2, 0.5, 0, 0.3};
        PolynomialFit fit = PolynomialFitter.onGrid(GRID).target(t -> PolynomialFit.evaluate(c, t))
                .degree(3).fit();
        assertArrayEquals(c, fit.coefficients(), 1e-12);
        assertTrue(fit.maxError() < 1e-12);
        assertEquals(0, fit.monotonicityDefect(), 1e-15);
    }

    @Test
    void nonNegativityBindsOnANegativeCoefficient() {
        // y = 1 + t − 0.2t² cannot be matched with c ≥ 0, so c_2 is pushed to 0.
        PolynomialFit fit = PolynomialFitter.onGrid(GRID).target(t -> 1 + t - 0.2 * t * t).degree(2).fit();
        assertEquals(0, fit.coefficient(2));
        assertTrue(fit.maxError() > 0.05);
    }

    @Test
    void monotonicityIsOptional() {
        // t² is PSD (c ≥ 0) but decreasing on [−1, 0].
        PolynomialFit monotone = PolynomialFitter.onGrid(GRID).target(t -> t * t).degree(2).fit();
        assertTrue(monotone.maxError() > 0.1, monotone.toString());
        assertTrue(monotone.monotonicityDefect() <= 1e-15);
        PolynomialFit free = PolynomialFitter.onGrid(GRID).target(t -> t * t).degree(2).monotone(false).fit();
        assertArrayEquals(new double[]{0, 0, 1}, free.coefficients(), 1e-12);
        assertTrue(free.monotonicityDefect() > 0.01);
    }

    @Test
    void equalityAtTheLastGridPointHoldsExactly() {
        PolynomialFit loose = PolynomialFitter.onGrid(GRID).target(ArcCosine::kappa0).degree(3).fit();
        PolynomialFit pinned = PolynomialFitter.onGrid(GRID).target(ArcCosine::kappa0).degree(3)
                .exactAtEnd(true).fit();
        assertTrue(Math.abs(loose.evaluate(1) - 1) > 1e-3, "the loose fit misses κ0(1) = 1");
        assertEquals(1, pinned.evaluate(1), 1e-14);
        for (double c : pinned.coefficients()) {
            assertTrue(c >= 0);
        }
    }

    @Test
    void unreachableEqualityIsReportedAsInfeasible() {
        // P(1) = Σc ≥ 0 for c ≥ 0, so P(1) = −1 is impossible.
        assertThrows(QuadraticProgram.InfeasibleException.class, () -> PolynomialFitter.onGrid(GRID)
                .target(t -> -1).degree(4).exactAtEnd(true).fit());
    }

    @Test
    void ridgeIsAParameter() {
        // min ½‖P − 1‖² + ½ε‖c‖² over constants on N points: c_0 = N/(N + ε).
        double eps = 50;
        PolynomialFit fit = PolynomialFitter.onGrid(GRID).target(t -> 1).degree(0).ridge(eps).fit();
        assertEquals(101 / (101 + eps), fit.coefficient(0), 1e-14);
    }

    @Test
    void referenceTableIsInsensitiveToTheRidgeReading() {
        // The spec's "½(H + Hᵀ + 1e−5·I)" adds 0.5e−5 to the Hessian; the brief says ε = 1e−5.
        // Both reproduce the §3.1 row L = 2, q = 4 to the table's precision.
        double[] grid = PolynomialFits.directGrid(2, 4);
        for (double eps : new double[]{0.5e-5, 1e-5}) {
            PolynomialFit fit = PolynomialFitter.onGrid(grid).target(t -> ArcCosine.ntk(t, 2))
                    .weights(PolynomialFits.directWeights(grid.length, 2)).degree(4).ridge(eps)
                    .smallCoefficients(PolynomialFitter.SmallCoefficients.ZERO, 1e-5).fit();
            assertArrayEquals(new double[]{0.6968, 0.8422, 0.5244, 0.4674, 0.3012}, fit.coefficients(), 2e-4);
        }
    }

    @Test
    void weightsEnterSquared() {
        // Two points, constant fit: c_0 = Σω²y/Σω² = (1·0 + 4·1)/5 with ω = (1, 2).
        PolynomialFit fit = PolynomialFitter.onGrid(new double[]{0, 1}).target(t -> t).weights(new double[]{1, 2})
                .degree(0).fit();
        assertEquals(0.8, fit.coefficient(0), 1e-15);
    }

    @Test
    void smallCoefficientPolicies() {
        // y = 1 + 0.5t + 3e−6·t² + 0.2t³: c_2 is below the 1e−5 threshold.
        double[] c = {1, 0.5, 3e-6, 0.2};
        java.util.function.DoubleUnaryOperator y = t -> PolynomialFit.evaluate(c, t);
        PolynomialFit keep = PolynomialFitter.onGrid(GRID).target(y).degree(3).exactAtEnd(true).fit();
        assertEquals(3e-6, keep.coefficient(2), 1e-10);
        PolynomialFit zero = PolynomialFitter.onGrid(GRID).target(y).degree(3).exactAtEnd(true)
                .smallCoefficients(PolynomialFitter.SmallCoefficients.ZERO, 1e-5).fit();
        assertEquals(0, zero.coefficient(2));
        assertEquals(-3e-6, zero.evaluate(1) - y.applyAsDouble(1), 1e-10, "zeroing breaks the equality");
        PolynomialFit prune = PolynomialFitter.onGrid(GRID).target(y).degree(3).exactAtEnd(true)
                .smallCoefficients(PolynomialFitter.SmallCoefficients.PRUNE, 1e-5).fit();
        assertEquals(0, prune.coefficient(2));
        assertEquals(y.applyAsDouble(1), prune.evaluate(1), 1e-14, "pruning re-solves and keeps it");
    }

    @Test
    void duplicateGridPointsAreHarmless() {
        double[] grid = {-1, -0.5, -0.5, 0, 0.5, 1, 1};
        PolynomialFit fit = PolynomialFitter.onGrid(grid).target(ArcCosine::kappa1).degree(2).exactAtEnd(true).fit();
        assertEquals(1, fit.evaluate(1), 1e-14);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> PolynomialFitter.onGrid(new double[]{0, -0.5}));
        assertThrows(IllegalArgumentException.class, () -> PolynomialFitter.onGrid(new double[]{0, 1.5}));
        assertThrows(IllegalArgumentException.class, () -> PolynomialFitter.onGrid(GRID).weights(new double[3]));
        assertThrows(IllegalStateException.class, () -> PolynomialFitter.onGrid(GRID).degree(2).fit());
    }
}
