package org.ntk4j.kernel;

import org.junit.jupiter.api.Test;
import org.ntk4j.random.RandomStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArcCosineTest {

    @Test
    void closedFormValues() {
        assertEquals(1.0, ArcCosine.kappa0(1), 0);
        assertEquals(1.0, ArcCosine.kappa1(1), 0);
        assertEquals(1 / Math.PI, ArcCosine.kappa1(0), 1e-16);
        assertEquals(0.0, ArcCosine.kappa1(-1), 1e-16);
        assertEquals(0.0, ArcCosine.kappa0(-1), 1e-16);
        assertEquals(0.5, ArcCosine.kappa0(0), 1e-16);
    }

    @Test
    void roundingOutsideTheIntervalIsClamped() {
        assertEquals(1.0, ArcCosine.kappa1(1 + 1e-15), 0);
        assertEquals(0.0, ArcCosine.kappa0(-1 - 1e-15), 0);
    }

    @Test
    void kappa1DerivativeIsKappa0EvenNearTheEnds() {
        // d/dρ κ1(ρ) = κ0(ρ); central differences with a step matched to the distance from ±1
        // (the truncation error grows like h²/(1−|ρ|)^1.5, so h shrinks with the distance)
        double[] points = {-0.99999, -0.9, -0.3, 0, 0.4, 0.9, 0.9999, 0.99999};
        for (double rho : points) {
            double h = Math.min(1e-5, (1 - Math.abs(rho)) / 200);
            double numeric = (ArcCosine.kappa1(rho + h) - ArcCosine.kappa1(rho - h)) / (2 * h);
            assertEquals(ArcCosine.kappa0(rho), numeric, 1e-6, "at rho=" + rho);
        }
    }

    @Test
    void kappa1IsMonotoneAndAboveTheIdentityNearOne() {
        double previous = ArcCosine.kappa1(1 - 1e-2);
        for (int k = 3; k <= 15; k++) {
            double rho = 1 - Math.pow(10, -k);
            double v = ArcCosine.kappa1(rho);
            assertTrue(v >= previous, "monotone at 1-1e-" + k);
            assertTrue(v >= rho && v <= 1, "rho <= kappa1(rho) <= 1 at 1-1e-" + k);
            previous = v;
        }
    }

    @Test
    void gaussianExpectationsMatchMonteCarlo() {
        // 2·E[1(wᵀx>0)1(wᵀy>0)] = κ0(ρ) and 2·E[relu(wᵀx)relu(wᵀy)] = κ1(ρ) for unit x, y
        RandomStream rng = RandomStream.of(7);
        double rho = 0.35;
        double s = Math.sqrt(1 - rho * rho);
        int samples = 2_000_000;
        double step = 0;
        double relu = 0;
        for (int i = 0; i < samples; i++) {
            double a = rng.nextGaussian();
            double b = rho * a + s * rng.nextGaussian(); // (wᵀx, wᵀy) has correlation ρ
            if (a > 0 && b > 0) {
                step += 1;
                relu += a * b;
            }
        }
        assertEquals(ArcCosine.kappa0(rho), 2 * step / samples, 3e-3);
        assertEquals(ArcCosine.kappa1(rho), 2 * relu / samples, 3e-3);
    }

    @Test
    void ntkAtOneIsDepthPlusOne() {
        for (int depth = 0; depth <= 6; depth++) {
            assertEquals(depth + 1, ArcCosine.ntk(1, depth), 1e-12);
            assertEquals(1.0, ArcCosine.nngp(1, depth), 1e-15);
        }
    }

    @Test
    void depthOneNtkHasItsClosedForm() {
        for (double t = -1; t <= 1; t += 0.125) {
            assertEquals(t * ArcCosine.kappa0(t) + ArcCosine.kappa1(t), ArcCosine.ntk(t, 1), 1e-15);
        }
    }
}
