package org.ntk4j.sketch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntFunction;
import org.ntk4j.random.RandomStream;

/**
 * Statistical checks of sketch estimators: the mean over R independent draws must approach the
 * exact value like 1/√R. Trial i always uses the same seed, so every check is deterministic.
 */
final class Unbiased {
    static final int GROUPS = 32;
    static final int SMALL = 16;
    static final int LARGE = 256;

    /** Per-trial estimates e[trial][c] of several quantities c and what the checks measured. */
    record Result(double[] exact, double[] rmseSmall, double[] rmseLarge, double[] sd, double[] mean, int trials) {
        double ratio(int c) {
            return rmseLarge[c] / rmseSmall[c];
        }
    }

    private Unbiased() {
    }

    /** A fresh, independent stream for trial i of an experiment. */
    static RandomStream trialRng(String experiment, int trial) {
        return RandomStream.of(20261125).child(experiment).child(trial);
    }

    /**
     * Runs GROUPS·(SMALL + LARGE) trials (32 groups: a fluctuation of the ratio beyond the 0.5 bound
     * has probability of order 1e-4 for an unbiased estimator). rmseSmall/Large is the root-mean-square error, over
     * GROUPS independent groups, of the average of SMALL/LARGE trials.
     */
    static Result measure(IntFunction<double[]> trial, double[] exact) {
        int c = exact.length;
        int n = GROUPS * (SMALL + LARGE);
        double[][] e = new double[n][];
        for (int i = 0; i < n; i++) {
            e[i] = trial.apply(i);
        }
        double[] rmseS = new double[c];
        double[] rmseL = new double[c];
        double[] sd = new double[c];
        double[] mean = new double[c];
        for (int k = 0; k < c; k++) {
            rmseS[k] = groupRmse(e, k, 0, SMALL, exact[k]);
            rmseL[k] = groupRmse(e, k, GROUPS * SMALL, LARGE, exact[k]);
            double s = 0;
            for (double[] row : e) {
                s += row[k];
            }
            mean[k] = s / n;
            double v = 0;
            for (double[] row : e) {
                v += (row[k] - mean[k]) * (row[k] - mean[k]);
            }
            sd[k] = Math.sqrt(v / (n - 1));
        }
        return new Result(exact, rmseS, rmseL, sd, mean, n);
    }

    private static double groupRmse(double[][] e, int k, int start, int size, double exact) {
        double ss = 0;
        for (int g = 0; g < GROUPS; g++) {
            double s = 0;
            for (int i = 0; i < size; i++) {
                s += e[start + g * size + i][k];
            }
            double err = s / size - exact;
            ss += err * err;
        }
        return Math.sqrt(ss / GROUPS);
    }

    /**
     * The error of the average shrinks like 1/√R: from R = 16 to 256 the RMS error must fall by
     * more than 2 (4 expected), and at R = 256 it must stay within 2·sd/16 (sd: one draw's
     * standard deviation; a bias b would add b to both). Also the grand mean is within 5 standard
     * errors of the exact value.
     */
    static Result assertUnbiased(String what, IntFunction<double[]> trial, double... exact) {
        Result r = measure(trial, exact);
        for (int k = 0; k < exact.length; k++) {
            if (r.sd[k] < 1e-6 * Math.max(1, Math.abs(exact[k]))) {
                // an exact estimator (e.g. an SRHT that keeps every candidate): only rounding differs
                System.out.printf("%s: exact up to rounding, mean error %.2e%n", what + " [" + k + "]", r.mean[k] - exact[k]);
                assertTrue(Math.abs(r.mean[k] - exact[k]) < 1e-5 * Math.max(1, Math.abs(exact[k])), what + " [" + k + "]");
                continue;
            }
            String id = what + " [" + k + "]: exact " + exact[k] + ", mean " + r.mean[k] + ", sd " + r.sd[k]
                    + ", rmse(16) " + r.rmseSmall[k] + ", rmse(256) " + r.rmseLarge[k];
            System.out.printf("%s: ratio rmse(256)/rmse(16) = %.3f, rmse(256)/(sd/16) = %.3f, |mean-exact|/se = %.2f%n",
                    what + " [" + k + "]", r.ratio(k), r.rmseLarge[k] / (r.sd[k] / Math.sqrt(LARGE)),
                    Math.abs(r.mean[k] - exact[k]) / (r.sd[k] / Math.sqrt(r.trials)));
            assertTrue(r.rmseLarge[k] < 0.5 * r.rmseSmall[k], "error did not shrink like 1/sqrt(R): " + id);
            assertTrue(r.rmseLarge[k] < 2.0 * r.sd[k] / Math.sqrt(LARGE), "rmse(256) too large for the spread: " + id);
            assertTrue(Math.abs(r.mean[k] - exact[k]) < 5 * r.sd[k] / Math.sqrt(r.trials), "biased grand mean: " + id);
        }
        return r;
    }

    /** Also checks one draw's standard deviation against the theoretical one, within 15 %. */
    static Result assertUnbiasedWithSd(String what, IntFunction<double[]> trial, double exact, double sdTheory) {
        Result r = assertUnbiased(what, trial, exact);
        System.out.printf("%s: sd/theory = %.3f%n", what, r.sd[0] / sdTheory);
        assertTrue(Math.abs(r.sd[0] / sdTheory - 1) < 0.15,
                what + ": measured sd " + r.sd[0] + " vs theory " + sdTheory);
        return r;
    }

    // ---- small vector helpers ----

    static float[] gaussian(RandomStream rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    static float[] unit(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * v;
        }
        float inv = (float) (1 / Math.sqrt(s));
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * inv;
        }
        return y;
    }

    /** A unit vector with ⟨x, y⟩ = rho exactly in double (for unit x). */
    static float[] atCorrelation(float[] x, float[] z, double rho) {
        // y = rho·x + sqrt(1−rho²)·(z orthogonalised against x, normalised), rounded to float
        double xz = dot(x, z);
        double[] w = new double[x.length];
        double nw = 0;
        for (int i = 0; i < x.length; i++) {
            w[i] = z[i] - xz * x[i];
            nw += w[i] * w[i];
        }
        nw = Math.sqrt(nw);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (rho * x[i] + Math.sqrt(1 - rho * rho) * w[i] / nw);
        }
        return y;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    static double sumSqProducts(float[] u, float[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += (double) u[i] * u[i] * v[i] * v[i];
        }
        return s;
    }
}
