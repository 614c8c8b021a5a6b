package org.ntk4j.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ntk4j.kernel.PolynomialFits.DirectVariant;
import org.ntk4j.kernel.PolynomialFits.LayerRange;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The named fits against the tables of algorithms.md §2.1 and §3.1, and their invariants. */
class PolynomialFitsTest {

    private static double[] parse(String spaced) {
        String[] parts = spaced.trim().split("\\s+");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Double.parseDouble(parts[i]);
        }
        return v;
    }

    /** Max |P − f| on 10,001 points of [a, b], computed here independently of the fitter. */
    private static double maxError(PolynomialFit p, java.util.function.DoubleUnaryOperator f, double a, double b) {
        double worst = 0;
        for (int i = 0; i <= 10_000; i++) {
            double t = a + (b - a) * i / 10_000.0;
            double value = 0;
            double power = 1;
            for (double c : p.coefficients()) {
                value += c * power;
                power *= t;
            }
            worst = Math.max(worst, Math.abs(value - f.applyAsDouble(t)));
        }
        return worst;
    }

    // ------------------------------------------------------------------ §3.1 fit (a)

    @ParameterizedTest(name = "L={0} q={1}")
    @CsvSource({
            "1, 2,  0.3272 1.0271 0.5161, 0.184",
            "1, 4,  0.3138 0.9480 0.5378 0.0934 0.0394, 0.150",
            "1, 8,  0.3191 0.9796 0.4722 0 0.1213 0 0 0.0650 0, 0.132",
            "2, 2,  0.7055 1.2454 0.6258, 0.423",
            "2, 4,  0.6968 0.8422 0.5244 0.4674 0.3012, 0.168",
            "2, 8,  0.6822 1.0006 0.6673 0.0194 0 0 0 0.3041 0.2325, 0.094",
            "2, 16, 0.6842 0.9597 0.6217 0.2046 0.1533 0 0 0 0 0 0 0 0 0 0 0.1708 0.1424, 0.063",
            "3, 2,  1.0529 1.4687 0.7380, 0.740",
            "3, 8,  1.0578 0.9951 0.7212 0.0077 0 0 0 0.5778 0.4541, 0.186",
    })
    void referenceNtkFitReproducesTheTable(int depth, int degree, String coefficients, double maxError) {
        PolynomialFit fit = PolynomialFits.ntk(depth, degree, DirectVariant.REFERENCE);
        assertArrayEquals(parse(coefficients), fit.coefficients(), 2e-3, fit.toString());
        assertEquals(maxError, fit.maxError(), 5e-3, fit.toString());
        assertEquals(maxError, maxError(fit, t -> ArcCosine.ntk(t, depth), -1, 1), 5e-3);
    }

    @Test
    void referenceNtkFitUnderestimatesTheDiagonalAsDocumented() {
        // §9 item 4: the degree-2 fit underestimates K_L(1) = L+1 by 14 %, 18.5 %, 21.5 %.
        double[] expected = {0.14, 0.185, 0.215};
        for (int depth = 2; depth <= 4; depth++) {
            PolynomialFit fit = PolynomialFits.ntk(depth, 2, DirectVariant.REFERENCE);
            double relative = (depth + 1 - fit.evaluate(1)) / (depth + 1);
            assertEquals(expected[depth - 2], relative, 2e-3, "L=" + depth);
        }
    }

    @Test
    void directGridHasTheReferenceLayout() {
        double[] grid = PolynomialFits.directGrid(2, 4); // 201 + 15·2 + 5·4 = 251 points
        assertEquals(251, grid.length);
        assertEquals(-1, grid[0]);
        assertEquals(1, grid[grid.length - 1]);
        for (int k = 1; k < grid.length; k++) {
            assertTrue(grid[k] >= grid[k - 1]);
        }
        int positive = 0;
        for (double t : grid) {
            positive += t > 0 ? 1 : 0;
        }
        assertEquals(100 + 50, positive); // all cosine points lie in (0, 1)
        double[] w = PolynomialFits.directWeights(grid.length, 2);
        assertEquals(1.0, w[0]);
        assertEquals(2.0, w[w.length - 1], 1e-15);
    }

    // ------------------------------------------------------------------ improved direct fits

    @Test
    void exactDiagonalFitsArePsdExactAtOneAndReportTheirError() {
        for (DirectVariant v : List.of(DirectVariant.EXACT_DIAGONAL, DirectVariant.EXACT_DIAGONAL_NO_MONOTONICITY)) {
            for (int depth = 1; depth <= 4; depth++) {
                for (int degree : new int[]{1, 2, 3, 4, 8, 16}) {
                    int l = depth;
                    PolynomialFit ntk = PolynomialFits.ntk(depth, degree, v);
                    assertEquals(depth + 1, ntk.evaluate(1), 1e-12, ntk.toString());
                    assertNonNegative(ntk);
                    assertEquals(maxError(ntk, t -> ArcCosine.ntk(t, l), -1, 1), ntk.maxError(), 1e-12);
                    PolynomialFit nngp = PolynomialFits.nngp(depth, degree, v);
                    assertEquals(1, nngp.evaluate(1), 1e-12, nngp.toString());
                    assertNonNegative(nngp);
                    if (v == DirectVariant.EXACT_DIAGONAL) {
                        assertTrue(ntk.monotonicityDefect() <= 1e-12, ntk.toString());
                    }
                    // Pruned: every kept coefficient is above the threshold.
                    for (double c : ntk.coefficients()) {
                        assertTrue(c == 0 || c >= PolynomialFits.SMALL_COEFFICIENT, ntk.toString());
                    }
                }
            }
        }
    }

    @Test
    void droppingMonotonicityFollowsTheCuspAtMinusOne() {
        // K_1 dips to ≈ −0.137 near t = −0.8, so a monotone fit keeps an error ≳ 0.13 at any degree.
        assertTrue(ArcCosine.ntk(-0.8, 1) < -0.13);
        assertTrue(PolynomialFits.ntk(1, 16, DirectVariant.EXACT_DIAGONAL).maxError() > 0.12);
        PolynomialFit free = PolynomialFits.ntk(1, 16, DirectVariant.EXACT_DIAGONAL_NO_MONOTONICITY);
        assertTrue(free.maxError() < 0.03, free.toString());
        assertTrue(free.monotonicityDefect() > 0, "the free fit does follow the dip");
    }

    @Test
    void higherDegreeImprovesTheDefaultFitOnAverage() {
        for (int depth = 1; depth <= 4; depth++) {
            double q4 = PolynomialFits.ntk(depth, 4).maxError();
            double q16 = PolynomialFits.ntk(depth, 16).maxError();
            assertTrue(q16 < 0.6 * q4, "L=" + depth + ": " + q4 + " -> " + q16);
        }
    }

    @Test
    void nngpFitIsAccurate() {
        for (int depth = 1; depth <= 4; depth++) {
            int l = depth;
            PolynomialFit fit = PolynomialFits.nngp(depth, 16, DirectVariant.REFERENCE);
            assertNonNegative(fit);
            assertTrue(fit.maxError() < 5e-4, fit.toString());
            assertEquals(maxError(fit, t -> ArcCosine.nngp(t, l), -1, 1), fit.maxError(), 1e-12);
        }
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertSame(PolynomialFits.ntk(2, 8, PolynomialFits.DEFAULT_DIRECT_VARIANT), PolynomialFits.ntk(2, 8));
        assertEquals(8, PolynomialFits.defaultNtkDegree(1));
        assertEquals(8, PolynomialFits.defaultNtkDegree(3));
        assertEquals(16, PolynomialFits.defaultNtkDegree(4));
        assertThrows(IllegalArgumentException.class, () -> PolynomialFits.defaultNtkDegree(0));
        assertThrows(IllegalArgumentException.class, () -> PolynomialFits.ntk(0, 4));
        assertThrows(IllegalArgumentException.class, () -> PolynomialFits.ntk(2, 0));
    }

    // ------------------------------------------------------------------ §3.1 fits (c), (d)

    @Test
    void referenceLayerFitsReproduceTheTable() {
        LayerRange ref = LayerRange.REFERENCE_HEURISTIC;
        assertLayerFit(PolynomialFits.kappa1(2, 0, ref), "0.3151 0.5026 0.1824", 0.007);
        assertLayerFit(PolynomialFits.kappa1(2, 1, ref), "0.3151 0.5009 0.1840", 0.007);
        assertLayerFit(PolynomialFits.kappa0(2, 1, ref), "0.4848 0.2954 0.1401", 0.080);
        assertLayerFit(PolynomialFits.kappa0(2, 2, ref), "0.5012 0.2076 0.2206", 0.071);
        // "q=4: κ1 max error 1.4e−3, κ0 0.055; q=8: κ1 4e−4, κ0 0.035" (layer h = 1)
        assertEquals(1.4e-3, PolynomialFits.kappa1(4, 1, ref).maxError(), 1e-4);
        assertEquals(0.055, PolynomialFits.kappa0(4, 1, ref).maxError(), 2e-3);
        assertEquals(4e-4, PolynomialFits.kappa1(8, 1, ref).maxError(), 0.5e-4);
        assertEquals(0.035, PolynomialFits.kappa0(8, 1, ref).maxError(), 2e-3);
    }

    private static void assertLayerFit(PolynomialFit fit, String coefficients, double maxError) {
        assertArrayEquals(parse(coefficients), fit.coefficients(), 2e-3, fit.toString());
        assertEquals(maxError, fit.maxError(), 1.5e-3, fit.toString());
    }

    @Test
    void layerIntervalsFollowEachRule() {
        assertEquals(-1, PolynomialFits.kappa1Lower(0, LayerRange.REFERENCE_HEURISTIC));
        assertEquals(-2.0 / 3, PolynomialFits.kappa1Lower(1, LayerRange.REFERENCE_HEURISTIC), 1e-15);
        assertEquals((-4.0 / 3 + ArcCosine.kappa1(-2.0 / 3)) / 3,
                PolynomialFits.kappa1Lower(2, LayerRange.REFERENCE_HEURISTIC), 1e-15);
        assertEquals(-0.5, PolynomialFits.kappa0Lower(1, LayerRange.REFERENCE_HEURISTIC), 1e-15);
        assertEquals((-0.5 + ArcCosine.kappa1(-0.5)) / 2,
                PolynomialFits.kappa0Lower(2, LayerRange.REFERENCE_HEURISTIC), 1e-15);
        // Fully connected: κ1^{∘h}(−1) = −1, 0, 1/π, κ1(1/π).
        assertEquals(-1, PolynomialFits.kappa1Lower(0, LayerRange.FULLY_CONNECTED));
        assertEquals(0, PolynomialFits.kappa1Lower(1, LayerRange.FULLY_CONNECTED), 1e-15);
        assertEquals(1 / Math.PI, PolynomialFits.kappa1Lower(2, LayerRange.FULLY_CONNECTED), 1e-15);
        assertEquals(ArcCosine.kappa1(1 / Math.PI), PolynomialFits.kappa0Lower(3, LayerRange.FULLY_CONNECTED), 1e-15);
        // CNTK: [−1, 1] on input patches, [0, 1] after the first ReLU.
        assertEquals(-1, PolynomialFits.kappa1Lower(0, LayerRange.CONVOLUTIONAL));
        for (int h = 1; h <= 4; h++) {
            assertEquals(0, PolynomialFits.kappa1Lower(h, LayerRange.CONVOLUTIONAL));
            assertEquals(0, PolynomialFits.kappa0Lower(h, LayerRange.CONVOLUTIONAL));
        }
        PolynomialFit fit = PolynomialFits.kappa0(4, 2, LayerRange.FULLY_CONNECTED);
        assertEquals(1 / Math.PI, fit.lower(), 1e-15);
        assertEquals(1, fit.upper());
    }

    @Test
    void layerFitsOnTrueRangesKeepUnitNormAndAreTighter() {
        for (LayerRange r : List.of(LayerRange.FULLY_CONNECTED, LayerRange.CONVOLUTIONAL)) {
            for (int h = 0; h <= 3; h++) {
                for (int q : new int[]{1, 2, 4, 8, 16}) {
                    PolynomialFit k1 = PolynomialFits.kappa1(q, h, r);
                    assertEquals(1, k1.evaluate(1), 1e-13, k1.toString());
                    assertNonNegative(k1);
                    assertTrue(k1.monotonicityDefect() <= 1e-13);
                    assertEquals(maxError(k1, ArcCosine::kappa1, k1.lower(), 1), k1.maxError(), 1e-12);
                    PolynomialFit k0 = PolynomialFits.kappa0(q, h, r);
                    assertNonNegative(k0);
                    assertTrue(k0.monotonicityDefect() <= 1e-13);
                    assertEquals(maxError(k0, ArcCosine::kappa0, k0.lower(), 1), k0.maxError(), 1e-12);
                }
            }
        }
        // On its true range [1/π, 1] the layer-2 κ1 fit of a fully connected net is twice as accurate.
        double heuristic = PolynomialFits.kappa1(2, 2, LayerRange.REFERENCE_HEURISTIC).maxError();
        double exact = PolynomialFits.kappa1(2, 2, LayerRange.FULLY_CONNECTED).maxError();
        assertTrue(exact < 0.5 * heuristic, heuristic + " vs " + exact);
    }

    @Test
    void referenceZeroingKeepsFitsMonotone() {
        for (int q = 1; q <= 16; q++) {
            for (int depth = 1; depth <= 4; depth++) {
                PolynomialFit fit = PolynomialFits.ntk(depth, q, DirectVariant.REFERENCE);
                assertTrue(fit.monotonicityDefect() <= 1e-12, fit.toString());
                assertNonNegative(fit);
            }
            for (int h = 0; h <= 3; h++) {
                PolynomialFit k1 = PolynomialFits.kappa1(q, h, LayerRange.REFERENCE_HEURISTIC);
                assertTrue(k1.monotonicityDefect() <= 1e-12, k1.toString());
                // Zeroing coefficients < 1e−5 (as the reference does) can move P(1) off 1 by ≤ q·1e−5.
                assertEquals(1, k1.evaluate(1), q * PolynomialFits.SMALL_COEFFICIENT);
                assertTrue(PolynomialFits.kappa0(q, h, LayerRange.REFERENCE_HEURISTIC).monotonicityDefect() <= 1e-12);
            }
        }
    }

    // ------------------------------------------------------------------ §2.1 Taylor truncations

    @Test
    void taylorCoefficientsAreThoseOfArcsin() {
        assertEquals(1, PolynomialFits.arcsinCoefficient(0));
        assertEquals(1.0 / 6, PolynomialFits.arcsinCoefficient(1), 1e-16);
        assertEquals(3.0 / 40, PolynomialFits.arcsinCoefficient(2), 1e-16);
        assertEquals(15.0 / 336, PolynomialFits.arcsinCoefficient(3), 1e-16);
        PolynomialFit k0 = PolynomialFits.taylorKappa0(2);
        assertEquals(5, k0.degree());
        assertArrayEquals(new double[]{0.5, 1 / Math.PI, 0, 1 / (6 * Math.PI), 0, 3 / (40 * Math.PI)},
                k0.coefficients(), 1e-16);
        PolynomialFit k1 = PolynomialFits.taylorKappa1(1);
        assertEquals(4, k1.degree());
        assertArrayEquals(new double[]{1 / Math.PI, 0.5, 1 / (2 * Math.PI), 0, 1 / (24 * Math.PI)},
                k1.coefficients(), 1e-16);
        // Small |ρ|: the truncation error is of the first omitted order.
        assertEquals(ArcCosine.kappa0(0.1), k0.evaluate(0.1), 1e-8);
        assertEquals(ArcCosine.kappa1(0.1), k1.evaluate(0.1), 1e-7);
    }

    @ParameterizedTest(name = "p={0}")
    @CsvSource({"1, 9.3e-3, 0.129", "7, 1.3e-3, 0.064", "31, 1.6e-4, 0.032"})
    void taylorErrorsMatchTheTableToTwoDigits(int p, double kappa1Error, double kappa0Error) {
        assertEquals(twoDigits(kappa1Error), twoDigits(PolynomialFits.taylorKappa1(p).maxError()));
        assertEquals(twoDigits(kappa0Error), twoDigits(PolynomialFits.taylorKappa0(p).maxError()));
    }

    private static double twoDigits(double v) {
        return new BigDecimal(v).round(new MathContext(2)).doubleValue();
    }

    // ------------------------------------------------------------------ memoisation

    @Test
    void fitsAreMemoisedAndThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<PolynomialFit>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                tasks.add(() -> PolynomialFits.kappa0(13, 5, LayerRange.FULLY_CONNECTED));
            }
            List<Future<PolynomialFit>> results = pool.invokeAll(tasks);
            PolynomialFit first = results.get(0).get();
            for (Future<PolynomialFit> f : results) {
                assertSame(first, f.get());
            }
            assertSame(first, PolynomialFits.kappa0(13, 5, LayerRange.FULLY_CONNECTED));
        } finally {
            pool.shutdown();
        }
        assertSame(PolynomialFits.taylorKappa1(3), PolynomialFits.taylorKappa1(3));
    }

    @Test
    void resultsAreImmutable() {
        PolynomialFit fit = PolynomialFits.ntk(2, 4, DirectVariant.REFERENCE);
        double[] c = fit.coefficients();
        c[0] = 42;
        assertEquals(0.6968, fit.coefficients()[0], 2e-3);
    }

    private static void assertNonNegative(PolynomialFit fit) {
        for (double c : fit.coefficients()) {
            assertTrue(c >= 0, fit.toString());
        }
    }
}
