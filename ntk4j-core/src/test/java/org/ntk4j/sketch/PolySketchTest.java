package org.ntk4j.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntk4j.sketch.Unbiased.dot;
import static org.ntk4j.sketch.Unbiased.gaussian;
import static org.ntk4j.sketch.Unbiased.trialRng;
import static org.ntk4j.sketch.Unbiased.unit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.random.RandomStream;

class PolySketchTest {

    private static float[][] outputs(PolySketch ps) {
        return new float[ps.degree()][ps.sketchDim()];
    }

    private static float[][] run(PolySketch ps, float[] x) {
        float[][] out = outputs(ps);
        ps.apply(x, 0, out);
        return out;
    }

    /**
     * Degree j rebuilt from scratch, without the incremental passes: leaves [0, Q−j) are e1, a node
     * with two e1 leaves is e1, a level-0 node with only its left leaf e1 is its single-input SRHT of
     * the right leaf, a node with an e1 left child is its right child, any other node is T(left, right).
     */
    static float[] fromScratch(PolySketch ps, float[] x, int j) {
        int q2 = ps.leaves();
        int firstX = q2 - j;
        float[][] leaf = new float[q2][];
        for (int i = 0; i < q2; i++) {
            CountSketch h = ps.leafHash(i);
            if (h == null) {
                leaf[i] = x;
            } else if (i >= firstX) {
                leaf[i] = new float[h.outputDim()];
                h.apply(x, 0, leaf[i], 0);
            }
        }
        float[] out = new float[ps.sketchDim()];
        if (q2 == 1) {
            ps.single(0).apply(leaf[0], 0, out, 0);
            return out;
        }
        return node(ps, leaf, firstX, Integer.numberOfTrailingZeros(q2) - 1, 0);
    }

    private static float[] node(PolySketch ps, float[][] leaf, int firstX, int level, int p) {
        float[] out = new float[ps.sketchDim()];
        if (level == 0) {
            if (2 * p + 1 < firstX) {
                return null;
            }
            if (2 * p + 1 == firstX) {
                ps.single(p).apply(leaf[2 * p + 1], 0, out, 0);
            } else {
                ps.node(0, p).apply(leaf[2 * p], 0, leaf[2 * p + 1], 0, out, 0);
            }
            return out;
        }
        float[] a = node(ps, leaf, firstX, level - 1, 2 * p);
        float[] b = node(ps, leaf, firstX, level - 1, 2 * p + 1);
        if (b == null) {
            return null;
        }
        if (a == null) {
            return b;
        }
        ps.node(level, p).apply(a, 0, b, 0, out, 0);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16})
    void incrementalPassesEqualEachDegreeBuiltFromScratch(int q) {
        // Catches wrong node resets (e.g. halving p only in some levels, §9 item 11) bit for bit.
        float[] x = gaussian(RandomStream.of(1), 40);
        for (int hash : new int[] {0, 48}) {
            PolySketch ps = new PolySketch(40, q, 96, hash, RandomStream.of(2).child(q));
            float[][] out = run(ps, x);
            for (int j = 1; j <= q; j++) {
                assertArrayEquals(fromScratch(ps, x, j), out[j - 1], "q=" + q + " degree " + j + " hash " + hash);
            }
        }
    }

    @Test
    void degreesSharedByTwoSketchesWithTheSameTreeAreIdentical() {
        float[] x = gaussian(RandomStream.of(19), 33);
        for (int hash : new int[] {0, 40}) {
            float[][] q3 = run(new PolySketch(33, 3, 50, hash, RandomStream.of(20)), x);
            float[][] q4 = run(new PolySketch(33, 4, 50, hash, RandomStream.of(20)), x);
            for (int j = 0; j < 3; j++) {
                assertArrayEquals(q4[j], q3[j]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 8})
    void everyDegreeIsUnbiasedForUnitVectors(int q) {
        // d pads to 128 > s, so degree 1 (a single SRHT) is a genuine sketch, not exact
        int d = 100;
        int s = 64;
        double rho = 0.8;
        RandomStream data = RandomStream.of(3).child(q);
        float[] x = unit(gaussian(data, d));
        float[] y = Unbiased.atCorrelation(x, gaussian(data, d), rho);
        double[] exact = new double[q];
        for (int j = 1; j <= q; j++) {
            exact[j - 1] = Math.pow(dot(x, y), j);
        }
        Unbiased.assertUnbiased("polysketch q=" + q, i -> {
            PolySketch ps = new PolySketch(d, q, s, trialRng("poly" + q, i));
            float[][] a = run(ps, x);
            float[][] b = run(ps, y);
            double[] e = new double[q];
            for (int j = 0; j < q; j++) {
                e[j] = dot(a[j], b[j]);
            }
            return e;
        }, exact);
    }

    @Test
    void degreeOneIsExactWhenTheSketchKeepsEveryCandidate() {
        // d = 24 pads to 32; s = 64 = 2 blocks · 32: the degree-1 SRHT keeps every candidate.
        float[] x = gaussian(RandomStream.of(16), 24);
        float[] y = gaussian(RandomStream.of(17), 24);
        PolySketch ps = new PolySketch(24, 3, 64, RandomStream.of(18));
        assertEquals(dot(x, y), dot(run(ps, x)[0], run(ps, y)[0]), 1e-5 * Math.sqrt(dot(x, x) * dot(y, y)));
    }

    @Test
    void normsOfNonUnitVectorsScaleWithTheDegree() {
        // E‖out_j(x)‖² = ‖x‖^{2j}: no unit-norm assumption (‖x‖² ≈ 1.5 here).
        int d = 20;
        int q = 5;
        float[] x = gaussian(RandomStream.of(4), d);
        double scale = Math.sqrt(1.5 / dot(x, x));
        for (int i = 0; i < d; i++) {
            x[i] *= (float) scale;
        }
        double[] exact = new double[q];
        for (int j = 1; j <= q; j++) {
            exact[j - 1] = Math.pow(dot(x, x), j);
        }
        Unbiased.assertUnbiased("polysketch norms", i -> {
            float[][] a = run(new PolySketch(d, q, 48, trialRng("norms", i)), x);
            double[] e = new double[q];
            for (int j = 0; j < q; j++) {
                e[j] = dot(a[j], a[j]);
            }
            return e;
        }, exact);
    }

    @Test
    void hashedLeavesAreUnbiasedForSparseRows() {
        int d = 2000;
        int q = 4;
        float[][] dense = new float[2][];
        CsrMatrix m = CountSketchTest.sparseRows(RandomStream.of(5), 2, d, 0.01, dense);
        float[] x = dense[0];
        float[] y = dense[1];
        for (int i = 0; i < d; i++) {
            y[i] += x[i];
        }
        double nx = Math.sqrt(dot(x, x));
        double ny = Math.sqrt(dot(y, y));
        for (int i = 0; i < d; i++) {
            x[i] /= (float) nx;
            y[i] /= (float) ny;
        }
        CsrMatrix rows = CsrMatrix.fromDense(new org.ntk4j.linalg.FloatMatrix(2, d, concat(x, y)).toDouble());
        double rho = dot(x, y);
        double[] exact = {rho, rho * rho, rho * rho * rho, rho * rho * rho * rho};
        Unbiased.assertUnbiased("polysketch hashed leaves", i -> {
            PolySketch ps = new PolySketch(d, q, 32, 64, trialRng("hashed", i));
            float[][] a = outputs(ps);
            float[][] b = outputs(ps);
            ps.apply(rows, 0, a);
            ps.apply(rows, 1, b);
            double[] e = new double[q];
            for (int j = 0; j < q; j++) {
                e[j] = dot(a[j], b[j]);
            }
            return e;
        }, exact);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = new float[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void sparseAndDenseInputsGiveIdenticalOutputs() {
        int d = 700;
        float[][] dense = new float[3][];
        CsrMatrix m = CountSketchTest.sparseRows(RandomStream.of(6), 3, d, 0.05, dense);
        for (int hash : new int[] {0, 128}) {
            PolySketch ps = new PolySketch(d, 6, 64, hash, RandomStream.of(7));
            for (int r = 0; r < 3; r++) {
                float[][] a = run(ps, dense[r]);
                float[][] b = outputs(ps);
                ps.apply(m, r, b);
                for (int j = 0; j < 6; j++) {
                    assertArrayEquals(a[j], b[j], "hash " + hash + " row " + r + " degree " + (j + 1));
                }
            }
        }
    }

    @Test
    void bitIdenticalForAnyRowOrderAndThreadCount() {
        int n = 48;
        int d = 30;
        RandomStream data = RandomStream.of(8);
        float[][] xs = new float[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = gaussian(data, d);
        }
        double[] coeff = {0.3, 1.0, 0.5, 0.0, 0.2, 0.1};
        PolySketch.Expansion reference = PolySketch.polynomial(d, coeff, 64, 100, 0, RandomStream.of(9));
        float[][] expected = new float[n][reference.outputDim()];
        for (int i = 0; i < n; i++) {
            reference.apply(xs[i], 0, expected[i], 0);
        }
        int saved = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                // a fresh instance from the same seed, rows in reverse order, spread over the pool
                PolySketch.Expansion e = PolySketch.polynomial(d, coeff, 64, 100, 0, RandomStream.of(9));
                float[][] got = new float[n][e.outputDim()];
                Parallel.forEach(n, t -> {
                    int i = n - 1 - t;
                    e.apply(xs[i], 0, got[i], 0);
                });
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(expected[i], got[i], "threads " + threads + " row " + i);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void expansionIsUnbiasedForThePolynomial() {
        int d = 16;
        double[] c = {0.5, 1.0, 0.0, 0.3, 0.2};
        RandomStream data = RandomStream.of(10);
        float[] x = unit(gaussian(data, d));
        float[] y = Unbiased.atCorrelation(x, gaussian(data, d), 0.6);
        double t = dot(x, y);
        double p = c[0] + c[1] * t + c[3] * t * t * t + c[4] * t * t * t * t;
        Unbiased.assertUnbiased("expansion", i -> {
            PolySketch.Expansion e = PolySketch.polynomial(d, c, 32, 48, 0, trialRng("expand", i));
            assertEquals(49, e.outputDim());
            float[] a = new float[49];
            float[] b = new float[49];
            e.apply(x, 0, a, 0);
            e.apply(y, 0, b, 0);
            assertEquals((float) Math.sqrt(0.5), a[0]);
            return new double[] {dot(a, b)};
        }, p);
    }

    @Test
    void expansionOfTheExponentialKernelIsAccurateInOneDraw() {
        // [NTX]'s sketching test (algorithms.md §8): exp(⟨x,y⟩) truncated to 16 terms, m = 1024,
        // unit-norm rows; relative Frobenius error of ΦΦᵀ vs P(XXᵀ) at most 0.15.
        double[] c = new double[16];
        c[0] = 1;
        for (int i = 1; i < 16; i++) {
            c[i] = c[i - 1] / i;
        }
        int[][] shapes = {{10, 64}, {50, 128}, {100, 256}};
        for (int[] shape : shapes) {
            int n = shape[0];
            int d = shape[1];
            RandomStream data = RandomStream.of(11).child(n);
            float[][] xs = new float[n][];
            for (int i = 0; i < n; i++) {
                xs[i] = unit(gaussian(data, d));
            }
            PolySketch.Expansion e = PolySketch.polynomial(d, c, 1024, 1024, 0, RandomStream.of(12).child(n));
            float[][] phi = new float[n][e.outputDim()];
            for (int i = 0; i < n; i++) {
                e.apply(xs[i], 0, phi[i], 0);
            }
            double err = 0;
            double norm = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double t = dot(xs[i], xs[j]);
                    double pt = 0;
                    for (int k = 15; k >= 0; k--) {
                        pt = pt * t + c[k];
                    }
                    double diff = dot(phi[i], phi[j]) - pt;
                    err += diff * diff;
                    norm += pt * pt;
                }
            }
            double rel = Math.sqrt(err / norm);
            System.out.printf("exp kernel n=%d d=%d: relative Frobenius error %.4f%n", n, d, rel);
            assertTrue(rel <= 0.15, "n=" + n + " d=" + d + ": relative error " + rel);
        }
    }

    @Test
    void expansionWithoutPositiveTermsIsTheConstant() {
        PolySketch ps = new PolySketch(5, 3, 8, RandomStream.of(13));
        PolySketch.Expansion e = ps.expand(new double[] {4, 0, 0, 0}, 6, RandomStream.of(14));
        float[] out = new float[7];
        java.util.Arrays.fill(out, 9f);
        e.apply(new float[] {1, 2, 3, 4, 5}, 0, out, 0);
        assertArrayEquals(new float[] {2, 0, 0, 0, 0, 0, 0}, out);
    }

    @Test
    void rejectsBadArguments() {
        PolySketch ps = new PolySketch(5, 3, 8, RandomStream.of(15));
        assertThrows(IllegalArgumentException.class, () -> ps.expand(new double[] {1, -0.1}, 4, RandomStream.of(1)));
        assertThrows(IllegalArgumentException.class, () -> ps.expand(new double[] {1, 1, 1, 1, 1}, 4, RandomStream.of(1)));
        assertThrows(IllegalArgumentException.class, () -> ps.expand(new double[] {Double.NaN}, 4, RandomStream.of(1)));
        assertThrows(IllegalArgumentException.class, () -> new PolySketch(5, 0, 8, RandomStream.of(1)));
        assertThrows(IllegalArgumentException.class, () -> ps.apply(new float[5], 0, new float[2][8]));
        assertThrows(IllegalArgumentException.class,
                () -> ps.apply(new float[5], 0, new float[3][8], new PolySketch(5, 3, 8, RandomStream.of(1)).newWorkspace()));
        assertThrows(IndexOutOfBoundsException.class, () -> ps.apply(new float[5], 1, new float[3][8]));
    }
}
