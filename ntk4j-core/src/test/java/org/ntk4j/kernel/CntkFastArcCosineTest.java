package org.ntk4j.kernel;

import org.junit.jupiter.api.Test;
import org.ntk4j.random.RandomStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vectorised κ0/κ1 of the exact CNTK against closed forms and {@link ArcCosine}. */
class CntkFastArcCosineTest {

    /** Grid points in [−1, 1], denser towards ±1 where the functions are steep. */
    private static double[] grid() {
        int n = 200_001;
        double[] r = new double[n + 40];
        for (int i = 0; i < n; i++) {
            r[i] = -1 + 2.0 * i / (n - 1);
        }
        for (int e = 1; e <= 20; e++) {
            r[n + 2 * (e - 1)] = 1 - Math.pow(10, -0.8 * e);
            r[n + 2 * (e - 1) + 1] = -1 + Math.pow(10, -0.8 * e);
        }
        return r;
    }

    @Test
    void matchesArcCosineToDoublePrecision() {
        double[] r = grid();
        double[] k0 = new double[r.length];
        double[] k1 = new double[r.length];
        FastArcCosine.evaluate(r, k0, k1, r.length);
        double worst0 = 0;
        double worst1 = 0;
        double worst1Abs = 0;
        for (int i = 0; i < r.length; i++) {
            // κ0 = arccos(−ρ)/π has full relative accuracy everywhere, also near ρ = −1
            double ref0 = StrictMath.acos(-r[i]) / Math.PI;
            if (ref0 > 0) {
                worst0 = Math.max(worst0, Math.abs(k0[i] - ref0) / ref0);
            }
            // κ1 = (sin φ + ρφ)/π cancels near ρ = −1 in any formula: relative away from it
            double ref1 = ArcCosine.kappa1(r[i]);
            worst1Abs = Math.max(worst1Abs, Math.abs(k1[i] - ref1));
            if (r[i] > -0.5) {
                worst1 = Math.max(worst1, Math.abs(k1[i] - ref1) / ref1);
            }
        }
        assertTrue(worst0 < 1e-14, "kappa0 relative error " + worst0);
        assertTrue(worst1 < 1e-14, "kappa1 relative error " + worst1);
        assertTrue(worst1Abs < 4e-15, "kappa1 absolute error " + worst1Abs);
    }

    @Test
    void closedFormValuesAndClamping() {
        double[] r = {1, -1, 0, 0.5, -0.5, 1 + 1e-15, -1 - 1e-15};
        double[] k0 = new double[r.length];
        double[] k1 = new double[r.length];
        FastArcCosine.evaluate(r, k0, k1, r.length);
        assertEquals(1.0, k0[0], 0);
        assertEquals(1.0, k1[0], 0);
        assertEquals(0.0, k0[1], 0);
        assertEquals(0.0, k1[1], 0);
        assertEquals(0.5, k0[2], 1e-16);
        assertEquals(1 / Math.PI, k1[2], 1e-15);
        assertEquals(2.0 / 3, k0[3], 1e-15); // arccos(−½) = 2π/3
        assertEquals(1.0 / 3, k0[4], 1e-15);
        assertEquals(1.0, k0[5], 0);
        assertEquals(1.0, k1[5], 0);
        assertEquals(0.0, k0[6], 0);
    }

    @Test
    void vectorLanesAndScalarPathAgreeBitForBit() {
        double[] r = new double[1003]; // not a multiple of the vector length: exercises the tail
        RandomStream rs = RandomStream.of(3);
        for (int i = 0; i < r.length; i++) {
            r[i] = 2 * rs.nextDouble() - 1;
        }
        double[] k0 = new double[r.length];
        double[] k1 = new double[r.length];
        FastArcCosine.evaluate(r, k0, k1, r.length);
        double[] onlyK0 = new double[r.length];
        FastArcCosine.evaluate(r, onlyK0, null, r.length);
        for (int i = 0; i < r.length; i++) {
            assertEquals(FastArcCosine.kappa0(r[i]), k0[i], 0);
            assertEquals(FastArcCosine.kappa1(r[i]), k1[i], 0);
            assertEquals(k0[i], onlyK0[i], 0);
        }
    }
}
