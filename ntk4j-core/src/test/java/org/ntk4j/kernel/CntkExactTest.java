package org.ntk4j.kernel;

import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact CNTK against closed forms and against the naive per-pixel implementation. */
class CntkExactTest {
    private static final double TOL = 1e-7;

    static DoubleMatrix images(int n, int c, int h, int w, long seed) {
        DoubleMatrix x = new DoubleMatrix(n, c * h * w);
        RandomStream.of(seed).fillGaussian(x.data());
        return x;
    }

    private static void assertRelative(double expected, double actual, double tol, String what) {
        double err = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(err <= tol, what + ": expected " + expected + ", got " + actual + " (relative error " + err + ")");
    }

    /**
     * VALID, f = 1, 1×1 images: each "image" is a C-vector and every conv layer is a dense layer.
     * With L conv layers the recursion runs the fully connected one (§1.1) with Σ⁽⁰⁾ = ⟨x,y⟩
     * (our S_1) through ReLUs h = 0..L−1 (ρ_h = κ1^{∘h}ρ), but the first layer is frozen (Θ
     * starts at 0, not Σ⁽⁰⁾) and the readout is frozen (the last ReLU contributes Θ⊙κ0, no
     * Σ⁽ᴸ⁾ term). The FC NTK with L hidden layers is Θ_L = Θ_{L−1}κ0(ρ_{L−1}) + Σ⁽ᴸ⁾ with
     * Θ_{L−1} = Σ⁽⁰⁾Π_{j≤L−2}κ0(ρ_j) + (the rest); dropping the Σ⁽⁰⁾-path and Σ⁽ᴸ⁾ leaves
     * ‖x‖‖y‖·[K_L(ρ) − ρ·Π_{j<L}κ0(κ1^{∘j}ρ) − κ1^{∘L}(ρ)], so the L of §8 item 2 is the number
     * of conv layers (the spec's depth of the valid variant), and K_L = ArcCosine.ntk(ρ, L).
     */
    @Test
    void validWithUnitFilterOnOnePixelIsTheFullyConnectedNtkWithoutFirstAndReadoutTerms() {
        int c = 6;
        DoubleMatrix x = images(5, c, 1, 1, 11);
        // a nearly opposite and a nearly parallel pair stress ρ ≈ ±1
        for (int j = 0; j < c; j++) {
            x.set(3, j, -x.get(0, j) + 1e-3 * x.get(1, j));
            x.set(4, j, 2 * x.get(0, j) + 1e-4 * x.get(2, j));
        }
        for (int depth = 2; depth <= 5; depth++) {
            DoubleMatrix k = ConvolutionalNtk.valid(depth, 1, c, 1, 1).gram(x);
            for (int a = 0; a < 5; a++) {
                for (int b = 0; b < 5; b++) {
                    double[] u = x.row(a);
                    double[] v = x.row(b);
                    double nu = norm(u);
                    double nv = norm(v);
                    double rho = Math.max(-1, Math.min(1, dot(u, v) / (nu * nv)));
                    double product = 1;
                    for (int j = 0; j < depth; j++) {
                        product *= ArcCosine.kappa0(ArcCosine.kappa1Iterated(rho, j));
                    }
                    double expected = nu * nv * (ArcCosine.ntk(rho, depth) - rho * product
                            - ArcCosine.kappa1Iterated(rho, depth));
                    assertRelative(expected, k.get(a, b), TOL, "depth " + depth + " pair " + a + "," + b);
                }
                // on the diagonal ρ = 1: K_L(1) − 1 − 1 = L − 1
                double sq = dot(x.row(a), x.row(a));
                assertRelative((depth - 1) * sq, k.get(a, a), 1e-12, "diagonal");
            }
        }
    }

    /** The same reduction for Arora's variant: fix=false is the whole FC NTK with depth − 1 layers. */
    @Test
    void aroraWithUnitFilterOnOnePixelIsTheFullyConnectedNtk() {
        int c = 5;
        DoubleMatrix x = images(4, c, 1, 1, 12);
        for (int depth = 2; depth <= 5; depth++) {
            DoubleMatrix fc = FullyConnectedNtk.paper(depth - 1, false).gram(x, x);
            for (ConvolutionalNtk.Readout r : ConvolutionalNtk.Readout.values()) {
                DoubleMatrix k = ConvolutionalNtk.arora(depth, 1, r, false, c, 1, 1).gram(x);
                for (int i = 0; i < k.data().length; i++) {
                    assertRelative(fc.data()[i], k.data()[i], TOL, "depth " + depth + " " + r);
                }
            }
            if (depth >= 3) {
                DoubleMatrix fixed = ConvolutionalNtk.arora(depth, 1, ConvolutionalNtk.Readout.GAP, true, c, 1, 1).gram(x);
                DoubleMatrix valid = ConvolutionalNtk.valid(depth - 1, 1, c, 1, 1).gram(x);
                for (int i = 0; i < fixed.data().length; i++) {
                    assertRelative(valid.data()[i], fixed.data()[i], TOL, "fix, depth " + depth);
                }
            }
        }
    }

    @Test
    void aroraMatchesTheNaiveImplementation() {
        int[][] shapes = {{2, 5, 5}, {3, 6, 7}, {2, 4, 3}};
        int[] filters = {3, 1, 5};
        long seed = 100;
        for (int[] s : shapes) {
            for (int f : filters) {
                for (int depth = 2; depth <= 4; depth++) {
                    for (boolean fix : new boolean[]{false, true}) {
                        if (fix && depth < 3) {
                            continue;
                        }
                        for (ConvolutionalNtk.Readout r : ConvolutionalNtk.Readout.values()) {
                            DoubleMatrix x = images(2, s[0], s[1], s[2], seed++);
                            ConvolutionalNtk k = ConvolutionalNtk.arora(depth, f, r, fix, s[0], s[1], s[2]);
                            double got = k.gram(x.rowRange(0, 1), x.rowRange(1, 2)).get(0, 0);
                            double expected = CntkNaive.arora(x.row(0), x.row(1), s[0], s[1], s[2], depth, f, fix,
                                    r == ConvolutionalNtk.Readout.GAP);
                            assertRelative(expected, got, TOL, k.spec().toString());
                            double self = k.diagonal(x.rowRange(0, 1))[0];
                            double selfExpected = CntkNaive.arora(x.row(0), x.row(0), s[0], s[1], s[2], depth, f, fix,
                                    r == ConvolutionalNtk.Readout.GAP);
                            assertRelative(selfExpected, self, TOL, k.spec() + " diagonal");
                        }
                    }
                }
            }
        }
    }

    @Test
    void validMatchesTheNaiveImplementation() {
        int[][] cases = { // c, h, w, f, depth
                {2, 5, 5, 2, 2}, {2, 5, 5, 2, 3}, {2, 5, 5, 2, 4}, {2, 5, 5, 3, 2},
                {3, 6, 7, 2, 2}, {3, 6, 7, 2, 4}, {3, 6, 7, 3, 2}, {3, 7, 8, 3, 3}, {1, 9, 8, 4, 2}};
        long seed = 200;
        for (int[] cs : cases) {
            DoubleMatrix x = images(2, cs[0], cs[1], cs[2], seed++);
            ConvolutionalNtk k = ConvolutionalNtk.valid(cs[4], cs[3], cs[0], cs[1], cs[2]);
            double got = k.gram(x.rowRange(0, 1), x.rowRange(1, 2)).get(0, 0);
            double expected = CntkNaive.valid(x.row(0), x.row(1), cs[0], cs[1], cs[2], cs[4], cs[3]);
            assertRelative(expected, got, TOL, k.spec().toString());
            double self = k.diagonal(x.rowRange(0, 1))[0];
            assertRelative(CntkNaive.valid(x.row(0), x.row(0), cs[0], cs[1], cs[2], cs[4], cs[3]), self, TOL,
                    k.spec() + " diagonal");
        }
    }

    /** Pooled readouts: every grid size from GAP (1) to one region per pixel, uneven regions included. */
    @Test
    void pooledReadoutsMatchTheNaiveImplementation() {
        long seed = 300;
        int[][] valid = { // c, h, w, f, depth: last layers 3x4, 3x3, 4x3
                {2, 6, 7, 2, 3}, {3, 9, 9, 3, 3}, {1, 8, 7, 2, 4}};
        for (int[] cs : valid) {
            int last = Math.min(cs[1], cs[2]) - cs[4] * (cs[3] - 1);
            for (int pool = 1; pool <= last; pool++) {
                DoubleMatrix x = images(2, cs[0], cs[1], cs[2], seed++);
                ConvolutionalNtk k = ConvolutionalNtk.valid(cs[4], cs[3], cs[0], cs[1], cs[2]).withPool(pool);
                double expected = CntkNaive.validPooled(x.row(0), x.row(1), cs[0], cs[1], cs[2], cs[4], cs[3], pool);
                assertRelative(expected, k.gram(x.rowRange(0, 1), x.rowRange(1, 2)).get(0, 0), TOL, k.spec().toString());
                assertRelative(CntkNaive.validPooled(x.row(0), x.row(0), cs[0], cs[1], cs[2], cs[4], cs[3], pool),
                        k.diagonal(x.rowRange(0, 1))[0], TOL, k.spec() + " diagonal");
            }
        }
        for (int pool = 1; pool <= 5; pool++) {
            DoubleMatrix x = images(2, 2, 5, 6, seed++);
            ConvolutionalNtk k = ConvolutionalNtk.arora(4, 3, ConvolutionalNtk.Readout.GAP, true, 2, 5, 6).withPool(pool);
            assertRelative(CntkNaive.aroraPooled(x.row(0), x.row(1), 2, 5, 6, 4, 3, true, pool),
                    k.gram(x.rowRange(0, 1), x.rowRange(1, 2)).get(0, 0), TOL, k.spec().toString());
        }
    }

    @Test
    void pooledSpecRoundTripsAndBadPoolsAreRejected() {
        ConvolutionalNtk k = ConvolutionalNtk.valid(3, 4, 3, 32, 32).withPool(4);
        assertEquals("cntk(variant=valid,depth=3,filter=4,pool=4,channels=3,height=32,width=32)", k.spec().toString());
        assertEquals(k.spec(), Kernels.build(k.spec()).spec());
        var tooFine = assertThrows(IllegalArgumentException.class, () -> ConvolutionalNtk.valid(3, 4, 3, 32, 32).withPool(24));
        assertTrue(tooFine.getMessage().contains("23x23"), tooFine.getMessage());
        var trace = assertThrows(IllegalArgumentException.class, () -> ConvolutionalNtk.arora(3, 3,
                ConvolutionalNtk.Readout.TRACE, false, 1, 8, 8).withPool(2));
        assertTrue(trace.getMessage().contains("gap readout"), trace.getMessage());
    }

    /** The CIFAR shape of the benchmarks (a few seconds for the naive side; agreement was ~1e−14). */
    @Test
    void cifarSizeMatchesTheNaiveImplementation() {
        DoubleMatrix x = images(2, 3, 32, 32, 77);
        ConvolutionalNtk arora = ConvolutionalNtk.arora(5, 3, ConvolutionalNtk.Readout.GAP, false, 3, 32, 32);
        assertRelative(CntkNaive.arora(x.row(0), x.row(1), 3, 32, 32, 5, 3, false, true),
                arora.gram(x.rowRange(0, 1), x.rowRange(1, 2)).get(0, 0), TOL, arora.spec().toString());
        ConvolutionalNtk valid = ConvolutionalNtk.valid(3, 4, 3, 32, 32);
        assertRelative(CntkNaive.valid(x.row(0), x.row(1), 3, 32, 32, 3, 4),
                valid.gram(x.rowRange(0, 1), x.rowRange(1, 2)).get(0, 0), TOL, valid.spec().toString());
    }

    /**
     * A faint image exercises the 1e−8 floor of N⁽⁰⁾, which the naive version applies as written:
     * its 2×2 windows sum to ~1e−5 except in a top-left corner of ~1e−11 and zeros, where the
     * floor sets N⁽⁰⁾ and so K ≈ √(1e−8·N')/π instead of ~0 (a few per cent of the value).
     */
    @Test
    void validMatchesTheNaiveImplementationWhereTheFloorIsActive() {
        int c = 2;
        int side = 6;
        DoubleMatrix x = images(2, c, side, side, 300);
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    int q = (ch * side + i) * side + j;
                    double f = i < 3 && j < 3 ? 1e-6 : 1e-3;
                    x.set(0, q, i == 0 && j < 2 ? 0 : f * x.get(0, q));
                }
            }
        }
        ConvolutionalNtk k = ConvolutionalNtk.valid(3, 2, c, side, side);
        double got = k.gram(x.rowRange(0, 1), x.rowRange(1, 2)).get(0, 0);
        double expected = CntkNaive.valid(x.row(0), x.row(1), c, side, side, 3, 2);
        assertRelative(expected, got, TOL, "floored");
        double self = k.diagonal(x.rowRange(0, 1))[0];
        assertRelative(CntkNaive.valid(x.row(0), x.row(0), c, side, side, 3, 2), self, TOL, "floored diagonal");
    }

    /** The fitted-polynomial hook: κ1, κ0 replaced per layer, as the CNTK Sketch's target. */
    @Test
    void validWithPolynomialDualsMatchesTheNaiveImplementation() {
        int depth = 3;
        // q = 2 fits of §3.1 (krelu h = 0, 1; kdotrelu h = 1, 2); index h as in the sketch
        double[][] k1 = {{0.3151, 0.5026, 0.1824}, {0.3151, 0.5009, 0.1840}, null};
        double[][] k0 = {null, {0.4848, 0.2954, 0.1401}, {0.5012, 0.2076, 0.2206}};
        DoubleUnaryOperator[] kappa1 = new DoubleUnaryOperator[depth];
        DoubleUnaryOperator[] kappa0 = new DoubleUnaryOperator[depth];
        for (int h = 0; h < depth; h++) {
            kappa1[h] = k1[h] == null ? null : ConvolutionalNtk.polynomial(k1[h]);
            kappa0[h] = k0[h] == null ? null : ConvolutionalNtk.polynomial(k0[h]);
        }
        DoubleMatrix x = images(2, 3, 7, 7, 400);
        ConvolutionalNtk k = ConvolutionalNtk.validWithDuals(depth, 2, 3, 7, 7, kappa1, kappa0);
        double got = k.gram(x.rowRange(0, 1), x.rowRange(1, 2)).get(0, 0);
        double expected = CntkNaive.valid(x.row(0), x.row(1), 3, 7, 7, depth, 2, h -> kappa1[h], h -> kappa0[h]);
        assertRelative(expected, got, TOL, "polynomial duals");
        double exact = ConvolutionalNtk.valid(depth, 2, 3, 7, 7).gram(x.rowRange(0, 1), x.rowRange(1, 2)).get(0, 0);
        assertTrue(Math.abs(got - exact) > 1e-4 * Math.abs(exact), "the polynomials must change the kernel");
        // with the exact functions plugged in, the hook reproduces the exact kernel
        DoubleUnaryOperator[] e1 = new DoubleUnaryOperator[depth];
        DoubleUnaryOperator[] e0 = new DoubleUnaryOperator[depth];
        java.util.Arrays.fill(e1, (DoubleUnaryOperator) ArcCosine::kappa1);
        java.util.Arrays.fill(e0, (DoubleUnaryOperator) ArcCosine::kappa0);
        double hooked = ConvolutionalNtk.validWithDuals(depth, 2, 3, 7, 7, e1, e0)
                .gram(x.rowRange(0, 1), x.rowRange(1, 2)).get(0, 0);
        assertRelative(exact, hooked, 1e-12, "exact duals through the hook");
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
