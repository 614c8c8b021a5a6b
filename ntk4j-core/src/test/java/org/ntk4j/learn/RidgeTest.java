package org.ntk4j.learn;

import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RidgeTest {

    static DoubleMatrix gaussian(int n, int d, RandomStream rng) {
        DoubleMatrix x = new DoubleMatrix(n, d);
        rng.fillGaussian(x.data());
        return x;
    }

    /** y = Xw + 3 + noise, two outputs. */
    static DoubleMatrix targets(DoubleMatrix x, double noise, RandomStream rng) {
        int d = x.cols();
        DoubleMatrix w = gaussian(d, 2, rng.child("w"));
        DoubleMatrix y = Blas.multiply(x, w);
        RandomStream e = rng.child("noise");
        for (int i = 0; i < y.data().length; i++) {
            y.data()[i] += 3 + noise * e.nextGaussian();
        }
        return y;
    }

    static GramStats[] accumulate(DoubleMatrix phi, DoubleMatrix y, LambdaSelection sel, int blockRows) {
        int[] group = RowGroups.assign(sel, phi.rows());
        GramStats[] stats = new GramStats[sel.groups()];
        for (int g = 0; g < stats.length; g++) {
            stats[g] = new GramStats(phi.cols(), y.cols());
        }
        for (int from = 0; from < phi.rows(); from += blockRows) {
            int to = Math.min(phi.rows(), from + blockRows);
            for (int g = 0; g < stats.length; g++) {
                int count = 0;
                for (int i = from; i < to; i++) {
                    if (group[i] == g) {
                        count++;
                    }
                }
                int[] idx = new int[count];
                int p = 0;
                for (int i = from; i < to; i++) {
                    if (group[i] == g) {
                        idx[p++] = i;
                    }
                }
                stats[g].add(phi.selectRows(idx), y.selectRows(idx));
            }
        }
        return stats;
    }

    /** Direct solve with an explicit intercept column, penalising only the weights. */
    static DoubleMatrix bruteForcePredict(DoubleMatrix phi, DoubleMatrix y, double lambda, DoubleMatrix test) {
        int n = phi.rows();
        int m = phi.cols();
        double[] mu = new double[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                mu[j] += phi.get(i, j) / n;
            }
        }
        double[] ybar = new double[y.cols()];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < y.cols(); o++) {
                ybar[o] += y.get(i, o) / n;
            }
        }
        DoubleMatrix c = phi.copy();
        DoubleMatrix yc = y.copy();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                c.add(i, j, -mu[j]);
            }
            for (int o = 0; o < y.cols(); o++) {
                yc.add(i, o, -ybar[o]);
            }
        }
        DoubleMatrix a = Blas.multiply(c, true, c, false);
        for (int j = 0; j < m; j++) {
            a.add(j, j, lambda);
        }
        DoubleMatrix w = Blas.solveSpd(a, Blas.multiply(c, true, yc, false));
        DoubleMatrix pred = Blas.multiply(test, w);
        for (int i = 0; i < test.rows(); i++) {
            for (int o = 0; o < y.cols(); o++) {
                double shift = ybar[o];
                for (int j = 0; j < m; j++) {
                    shift -= mu[j] * w.get(j, o);
                }
                pred.add(i, o, shift);
            }
        }
        return pred;
    }

    @Test
    void primalMatchesADirectSolveAtAFixedLambda() {
        RandomStream rng = RandomStream.of(1);
        DoubleMatrix x = gaussian(120, 8, rng.child("x"));
        DoubleMatrix y = targets(x, 0.5, rng);
        DoubleMatrix test = gaussian(30, 8, rng.child("test"));
        LambdaSelection fixed = LambdaSelection.fixed(2.5);
        PrimalRidge.Result r = PrimalRidge.fit(accumulate(x, y, fixed, 17), fixed);
        DoubleMatrix expected = bruteForcePredict(x, y, 2.5, test);
        assertEquals(0, r.predictor().predict(test).maxAbsDiff(expected), 1e-9);
    }

    @Test
    void primalAndDualAgreeForEveryRule() {
        // Both shapes: more rows than features (the dual's kernel is rank-deficient) and more
        // features than rows. Curves are compared where λ ≥ 10⁻³ of the scale, because at smaller λ
        // a rank-deficient system amplifies rounding by 1/λ in whichever form is singular.
        int[][] shapes = {{90, 20}, {60, 80}};
        for (int[] shape : shapes) {
            RandomStream rng = RandomStream.of(2 + shape[1]);
            DoubleMatrix phi = gaussian(shape[0], shape[1], rng.child("phi"));
            DoubleMatrix y = targets(phi, 3.0, rng);
            DoubleMatrix test = gaussian(25, shape[1], rng.child("test"));
            DoubleMatrix kernel = Blas.multiply(phi, false, phi, true);
            DoubleMatrix testKernel = Blas.multiply(test, false, phi, true);
            for (LambdaSelection sel : new LambdaSelection[]{LambdaSelection.fixed(0.7), LambdaSelection.gcv(),
                    LambdaSelection.holdout(0.25, 5), LambdaSelection.kfold(4, 5)}) {
                String what = sel + " on " + shape[0] + "x" + shape[1];
                PrimalRidge.Result p = PrimalRidge.fit(accumulate(phi, y, sel, 32), sel);
                DualRidge.Result d = DualRidge.fit(kernel, y, sel);
                assertEquals(p.lambda(), d.lambda(), 1e-9 * p.lambda(), what);
                DoubleMatrix pp = p.predictor().predict(test);
                DoubleMatrix dp = d.predictor().predict(testKernel);
                assertEquals(0, pp.maxAbsDiff(dp), 1e-7 * pp.frobeniusNorm(), what);
                if (p.curve() != null) {
                    for (int g = 0; g < p.curve().scores().length; g++) {
                        if (LambdaGrid.RELATIVE[g] >= 1e-3) {
                            double a = p.curve().scores()[g];
                            assertEquals(a, d.curve().scores()[g], 1e-6 * Math.abs(a), what + " curve point " + g);
                        }
                    }
                }
            }
        }
    }

    @Test
    void dualWeightsStayStableAtTinyLambdaWithOffsetLowRankFeatures() {
        // Regression: features with a large common mean, rank 12 < n = 40 < m = 120 (like random
        // features of a tiny data set). At λ = 10⁻⁷ of the scale the dual's α picked up a rounding
        // component along 1, which Φᵀα multiplied by n·mean: test errors of ~100× the targets'
        // spread. Primal and dual must agree here too.
        RandomStream rng = RandomStream.of(41);
        int n = 40;
        int m = 120;
        DoubleMatrix basis = gaussian(12, m, rng.child("basis"));
        DoubleMatrix phi = Blas.multiply(gaussian(n, 12, rng.child("coef")), basis);
        DoubleMatrix test = Blas.multiply(gaussian(15, 12, rng.child("test")), basis);
        DoubleMatrix offset = gaussian(1, m, rng.child("offset"));
        for (DoubleMatrix rows : new DoubleMatrix[]{phi, test}) {
            for (int i = 0; i < rows.rows(); i++) {
                for (int j = 0; j < m; j++) {
                    rows.add(i, j, 30 * offset.get(0, j));
                }
            }
        }
        DoubleMatrix y = targets(phi, 0.5, rng);
        DoubleMatrix kernel = Blas.multiply(phi, false, phi, true);
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale += kernel.get(i, i) / n;
        }
        for (LambdaSelection sel : new LambdaSelection[]{LambdaSelection.fixed(1e-9 * scale), LambdaSelection.gcv(),
                LambdaSelection.holdout(0.25, 5)}) {
            DualRidge.Result d = DualRidge.fit(kernel, y, sel);
            DoubleMatrix w = Blas.multiply(phi, true, d.predictor().alpha(), false);
            DoubleMatrix viaWeights = new LinearPredictor(w, d.predictor().offset()).predict(test);
            DoubleMatrix viaKernel = d.predictor().predict(Blas.multiply(test, false, phi, true));
            assertEquals(0, viaWeights.maxAbsDiff(viaKernel), 1e-6 * viaKernel.frobeniusNorm(), sel.toString());
            PrimalRidge.Result p = PrimalRidge.fit(accumulate(phi, y, sel, 16), sel);
            DoubleMatrix primal = p.predictor().predict(test);
            assertEquals(0, primal.maxAbsDiff(viaWeights), 1e-5 * primal.frobeniusNorm(), sel.toString());
        }
    }

    @Test
    void holdoutCurveEqualsRefittingAtEveryLambda() {
        RandomStream rng = RandomStream.of(3);
        DoubleMatrix phi = gaussian(80, 10, rng.child("phi"));
        DoubleMatrix y = targets(phi, 2.0, rng);
        LambdaSelection sel = LambdaSelection.holdout(0.3, 9);
        PrimalRidge.Result r = PrimalRidge.fit(accumulate(phi, y, sel, 80), sel);
        int[] group = RowGroups.assign(sel, 80);
        int[] train = java.util.stream.IntStream.range(0, 80).filter(i -> group[i] == 0).toArray();
        int[] val = java.util.stream.IntStream.range(0, 80).filter(i -> group[i] == 1).toArray();
        DoubleMatrix xt = phi.selectRows(train);
        DoubleMatrix yt = y.selectRows(train);
        GramStats s = new GramStats(10, 2);
        s.add(xt, yt);
        GramStats.Centered c = s.centeredAt(s.featureMean(), s.targetMean());
        double scale = c.trace() / train.length;
        for (int g = 0; g < LambdaGrid.RELATIVE.length; g += 5) {
            double lambda = LambdaGrid.RELATIVE[g] * scale;
            DoubleMatrix pred = bruteForcePredict(xt, yt, lambda, phi.selectRows(val));
            double mse = Metrics.mse(pred, y.selectRows(val));
            assertEquals(mse, r.curve().scores()[g], 1e-8 * mse, "lambda index " + g);
        }
    }

    @Test
    void gcvChoosesALambdaNearTheBestOnFreshData() {
        RandomStream rng = RandomStream.of(4);
        int d = 60;
        DoubleMatrix x = gaussian(100, d, rng.child("x"));
        DoubleMatrix w = gaussian(d, 1, rng.child("w"));
        DoubleMatrix y = Blas.multiply(x, w);
        RandomStream noise = rng.child("noise");
        for (int i = 0; i < 100; i++) {
            y.add(i, 0, 4 * noise.nextGaussian());
        }
        DoubleMatrix test = gaussian(4000, d, rng.child("test"));
        DoubleMatrix truth = Blas.multiply(test, w);
        PrimalRidge.Result r = PrimalRidge.fit(accumulate(x, y, LambdaSelection.gcv(), 100), LambdaSelection.gcv());
        double chosen = Metrics.mse(r.predictor().predict(test), truth);
        double best = Double.POSITIVE_INFINITY;
        double worst = 0;
        for (double t : LambdaGrid.RELATIVE) {
            PrimalRidge.Result f = PrimalRidge.fit(accumulate(x, y, LambdaSelection.fixed(1), 100),
                    LambdaSelection.fixed(t * r.lambda() / r.relativeLambda()));
            double e = Metrics.mse(f.predictor().predict(test), truth);
            best = Math.min(best, e);
            worst = Math.max(worst, e);
        }
        assertTrue(chosen <= 1.25 * best, "GCV test error " + chosen + " vs best on grid " + best);
        assertTrue(worst > 2 * best, "the grid must matter for this test to mean anything");
    }

    @Test
    void pureNoiseTargetsGetHeavyRegularisation() {
        RandomStream rng = RandomStream.of(5);
        DoubleMatrix x = gaussian(200, 30, rng.child("x"));
        DoubleMatrix y = gaussian(200, 1, rng.child("y"));
        for (LambdaSelection sel : new LambdaSelection[]{LambdaSelection.gcv(), LambdaSelection.kfold(5, 1)}) {
            PrimalRidge.Result r = PrimalRidge.fit(accumulate(x, y, sel, 64), sel);
            assertTrue(r.relativeLambda() >= 1, sel + " chose relative lambda " + r.relativeLambda());
        }
    }

    @Test
    void streamingInBlocksEqualsOneBlockAndMergeEqualsSum() {
        RandomStream rng = RandomStream.of(6);
        DoubleMatrix x = gaussian(77, 9, rng.child("x"));
        DoubleMatrix y = targets(x, 1, rng);
        GramStats one = accumulate(x, y, LambdaSelection.gcv(), 77)[0];
        GramStats many = accumulate(x, y, LambdaSelection.gcv(), 5)[0];
        GramStats.Centered a = one.centeredAt(one.featureMean(), one.targetMean());
        GramStats.Centered b = many.centeredAt(many.featureMean(), many.targetMean());
        assertEquals(0, a.gram().maxAbsDiff(b.gram()), 1e-10);
        assertEquals(0, a.cross().maxAbsDiff(b.cross()), 1e-10);
        GramStats left = accumulate(x.rowRange(0, 40), y.rowRange(0, 40), LambdaSelection.gcv(), 7)[0];
        GramStats right = accumulate(x.rowRange(40, 77), y.rowRange(40, 77), LambdaSelection.gcv(), 7)[0];
        GramStats merged = GramStats.sum(left, right);
        assertEquals(77, merged.count());
        GramStats.Centered m = merged.centeredAt(merged.featureMean(), merged.targetMean());
        assertEquals(0, a.gram().maxAbsDiff(m.gram()), 1e-10);
        // centring in place gives the same statistics and uses the accumulator up
        GramStats.Centered inPlace = merged.centeredInPlace(merged.featureMean(), merged.targetMean());
        assertEquals(0, m.gram().maxAbsDiff(inPlace.gram()), 0);
        assertEquals(0, m.cross().maxAbsDiff(inPlace.cross()), 0);
        assertArrayEquals(m.targetSquares(), inPlace.targetSquares(), 0);
        assertThrows(IllegalStateException.class, () -> merged.add(x.rowRange(0, 1), y.rowRange(0, 1)));
        assertThrows(IllegalStateException.class, () -> merged.centeredAt(merged.featureMean(), merged.targetMean()));
        assertThrows(IllegalStateException.class, () -> GramStats.sum(merged, left));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LambdaSelection.parse("holdout:1.5", 0));
        assertThrows(IllegalArgumentException.class, () -> LambdaSelection.parse("sometimes", 0));
        assertThrows(IllegalArgumentException.class, () -> LambdaSelection.parse("-1", 0));
        GramStats s = new GramStats(3, 1);
        assertThrows(IllegalArgumentException.class, () -> s.add(new DoubleMatrix(2, 4), new DoubleMatrix(2, 1)));
        s.add(new DoubleMatrix(1, 3), new DoubleMatrix(1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> PrimalRidge.fit(new GramStats[]{s}, LambdaSelection.gcv()));
    }

    @Test
    void oneHotRoundTripAndMetrics() {
        int[] labels = {2, 0, 1, 2};
        DoubleMatrix y = OneHot.encode(labels, 3);
        assertEquals(1.0, Metrics.accuracy(OneHot.argmax(y), labels));
        int[][] conf = Metrics.confusion(new int[]{2, 0, 0, 2}, labels, 3);
        assertEquals(1, conf[1][0]);
        assertEquals(2, conf[2][2]);
        DoubleMatrix p = DoubleMatrix.of(new double[][]{{1}, {3}});
        DoubleMatrix a = DoubleMatrix.of(new double[][]{{2}, {1}});
        assertEquals(2.5, Metrics.mse(p, a), 1e-15);
        assertEquals(Math.sqrt(2.5), Metrics.rmse(p, a), 1e-15);
    }
}
