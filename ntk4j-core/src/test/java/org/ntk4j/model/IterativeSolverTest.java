package org.ntk4j.model;

import org.junit.jupiter.api.Test;
import org.ntk4j.Progress;
import org.ntk4j.data.Dataset;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.learn.IterativeRidge;
import org.ntk4j.learn.LambdaCurve;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.linalg.DoubleMatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ridge by conjugate gradients (ModelTrainer.Solver.CG) against the direct solve of the same features. */
class IterativeSolverTest {
    // 256 features: the trainer's preconditioner takes r = 64 eigenpairs of them; a preconditioner
    // that captures only part of the spectrum is tested on IterativeRidge directly below
    static final FeatureMapSpec MAP = FeatureMapSpec.of("ntk-sketch", 3, "depth", "2", "dim", "256");

    static TrainedModel fit(Dataset train, LambdaSelection sel, ModelTrainer.Solver solver, FeatureMapSpec map) {
        return ModelTrainer.fit(train, ModelTrainer.Config.map(map, sel).withSolver(solver));
    }

    static double relativeDifference(DoubleMatrix a, DoubleMatrix b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            num += d * d;
            den += b.data()[i] * b.data()[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void fixedLambdaGivesTheDirectSolution() {
        Dataset train = ModelFileTest.regression(600, 5, 11);
        Dataset test = ModelFileTest.regression(100, 5, 12);
        for (double lambda : new double[]{0.05, 5}) {
            TrainedModel direct = fit(train, LambdaSelection.fixed(lambda), ModelTrainer.Solver.DIRECT, MAP);
            TrainedModel cg = fit(train, LambdaSelection.fixed(lambda), ModelTrainer.Solver.CG, MAP);
            double d = relativeDifference(cg.predict(test.inputs(), Progress.NONE), direct.predict(test.inputs(), Progress.NONE));
            assertTrue(d < 1e-4, "λ = " + lambda + ": relative difference of predictions " + d);
            assertTrue(cg.summary().lambdaRule().contains("conjugate gradients"), cg.summary().lambdaRule());
        }
    }

    @Test
    void holdoutCurveMatchesTheDirectCurveAtTheSameLambdas() {
        Dataset train = ModelFileTest.classification(700, 6, 13);
        LambdaSelection sel = LambdaSelection.holdout(0.25, 4);
        LambdaCurve direct = fit(train, sel, ModelTrainer.Solver.DIRECT, MAP).summary().curve();
        LambdaCurve cg = fit(train, sel, ModelTrainer.Solver.CG, MAP).summary().curve();
        assertTrue(cg.relativeLambdas().length >= 3, "tried " + cg.relativeLambdas().length);
        for (int i = 0; i < cg.relativeLambdas().length; i++) {
            int j = indexOf(direct.relativeLambdas(), cg.relativeLambdas()[i]);
            assertTrue(j >= 0, "λ grid point " + cg.relativeLambdas()[i] + " is not on the direct grid");
            assertEquals(direct.scores()[j], cg.scores()[i], 1e-4 * direct.scores()[j], "t = " + cg.relativeLambdas()[i]);
        }
    }

    @Test
    void theCoarseSearchIsRefinedToTheDirectGridsChoice() {
        // two values per decade, then the midpoints next to the best: the direct grid's four per decade there
        int refined = 0;
        for (long seed = 20; seed < 26; seed++) {
            Dataset train = ModelFileTest.classification(500, 6, seed);
            LambdaSelection sel = LambdaSelection.holdout(0.25, seed);
            LambdaCurve direct = fit(train, sel, ModelTrainer.Solver.DIRECT, MAP).summary().curve();
            LambdaCurve cg = fit(train, sel, ModelTrainer.Solver.CG, MAP).summary().curve();
            double chosen = cg.relativeLambdas()[cg.chosen()];
            assertEquals(direct.relativeLambdas()[direct.chosen()], chosen, 1e-9 * chosen, "seed " + seed);
            refined += indexOf(IterativeRidge.RELATIVE_GRID, chosen) < 0 ? 1 : 0;
        }
        assertTrue(refined > 0, "some choice is a midpoint, off the coarse grid");
    }

    private static int indexOf(double[] grid, double t) {
        for (int i = 0; i < grid.length; i++) {
            if (Math.abs(grid[i] - t) <= 1e-9 * t) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aLowRankPreconditionerStillGivesTheDirectSolution() {
        // m = 200 features with a rank-20 core plus noise, preconditioned on 16 eigenpairs: the rest is left to CG
        int n = 500;
        int m = 200;
        int k = 3;
        org.ntk4j.random.RandomStream rng = org.ntk4j.random.RandomStream.of(17);
        DoubleMatrix phi = lowRankFeatures(n, m, rng);
        DoubleMatrix y = new DoubleMatrix(n, k);
        rng.child("y").fillGaussian(y.data());
        org.ntk4j.learn.IterativeRidge.Rows rows = tiles(phi, y, 0, n, 128);
        double lambda = 3.0;
        org.ntk4j.learn.IterativeRidge.Result r = org.ntk4j.learn.IterativeRidge.fit(rows, null, lambda, 16, 1e-9, 1000,
                Progress.NONE);
        DoubleMatrix w = centredRidge(phi, y, lambda);
        double d = relativeDifference(r.predictor().weights(), w);
        assertTrue(d < 1e-4, "relative difference of the weights " + d + " after " + r.iterations() + " iterations");
        assertTrue(r.iterations() > 3, "CG ran " + r.iterations() + " iterations");
        assertTrue(r.converged(), "converged");
        assertEquals(16, r.preconditioner(), "all 16 requested eigenpairs kept");
        DoubleMatrix fitted = r.predictor().predict(phi);
        double[] ybar = columnMeans(y);
        double[] meanFitted = new double[k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                meanFitted[c] += fitted.get(i, c) / n;
            }
        }
        for (int c = 0; c < k; c++) {
            assertEquals(ybar[c], meanFitted[c], 1e-4, "the intercept makes the mean fit the mean target");
        }
    }

    @Test
    void aSpikedSpectrumKeepsThePreconditionersRankAndAnIterationCapIsReported() {
        // one direction 10⁶ times stronger than the rest: the squared spread (10¹²) would have made
        // the old 1e-10 cut-off drop most of the basis after the power step
        int n = 400;
        int m = 120;
        org.ntk4j.random.RandomStream rng = org.ntk4j.random.RandomStream.of(19);
        DoubleMatrix phi = new DoubleMatrix(n, m);
        rng.child("phi").fillGaussian(phi.data());
        double[] spike = new double[n];
        rng.child("spike").fillGaussian(spike);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                phi.data()[i * m + j] += 1000 * spike[i];
            }
        }
        DoubleMatrix y = new DoubleMatrix(n, 2);
        rng.child("y").fillGaussian(y.data());
        org.ntk4j.learn.IterativeRidge.Rows rows = new org.ntk4j.learn.IterativeRidge.Rows();
        rows.add(phi.toFloat(), y);
        var r = org.ntk4j.learn.IterativeRidge.fit(rows, null, 1.0, 30, 1e-8, 1000, Progress.NONE);
        assertEquals(30, r.preconditioner(), "rank kept");
        assertTrue(r.converged());
        org.ntk4j.learn.IterativeRidge.Rows again = new org.ntk4j.learn.IterativeRidge.Rows();
        again.add(phi.toFloat(), y);
        var capped = org.ntk4j.learn.IterativeRidge.fit(again, null, 1e-6, 1, 1e-12, 2, Progress.NONE);
        assertTrue(!capped.converged(), "two iterations cannot reach 1e-12 with a rank-1 preconditioner");
    }

    /** Ridge with an unpenalised intercept by the centred normal equations, in double precision. */
    static DoubleMatrix centredRidge(DoubleMatrix phi, DoubleMatrix y, double lambda) {
        int n = phi.rows();
        int m = phi.cols();
        int k = y.cols();
        double[] mu = columnMeans(phi);
        double[] ybar = columnMeans(y);
        DoubleMatrix pc = phi.copy();
        DoubleMatrix yc = y.copy();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                pc.data()[i * m + j] -= mu[j];
            }
            for (int c = 0; c < k; c++) {
                yc.data()[i * k + c] -= ybar[c];
            }
        }
        DoubleMatrix g = org.ntk4j.linalg.Blas.multiply(pc, true, pc, false);
        for (int j = 0; j < m; j++) {
            g.add(j, j, lambda);
        }
        return org.ntk4j.linalg.Blas.solveSpd(g, org.ntk4j.linalg.Blas.multiply(pc, true, yc, false));
    }

    static double[] columnMeans(DoubleMatrix x) {
        double[] mean = new double[x.cols()];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                mean[j] += x.get(i, j) / x.rows();
            }
        }
        return mean;
    }

    /** Features with a rank-20 core plus noise and a mean far from 0, like a kernel map's. */
    static DoubleMatrix lowRankFeatures(int n, int m, org.ntk4j.random.RandomStream rng) {
        DoubleMatrix base = new DoubleMatrix(n, 20);
        rng.child("base").fillGaussian(base.data());
        DoubleMatrix mix = new DoubleMatrix(20, m);
        rng.child("mix").fillGaussian(mix.data());
        DoubleMatrix phi = org.ntk4j.linalg.Blas.multiply(base, mix);
        DoubleMatrix noise = new DoubleMatrix(n, m);
        rng.child("noise").fillGaussian(noise.data());
        for (int i = 0; i < phi.data().length; i++) {
            // means ten times the spread: centring after a float32 product would lose the signal
            phi.data()[i] = (float) (phi.data()[i] + 0.3 * noise.data()[i] + 40);
        }
        return phi;
    }

    /** Two targets linear in the features (scaled by 1/√m) plus Gaussian noise of the given level. */
    static DoubleMatrix linearTargets(DoubleMatrix phi, double noiseLevel, org.ntk4j.random.RandomStream rng) {
        int m = phi.cols();
        DoubleMatrix beta = new DoubleMatrix(m, 2);
        rng.child("beta").fillGaussian(beta.data());
        DoubleMatrix y = org.ntk4j.linalg.Blas.multiply(phi, beta);
        double[] noise = new double[y.data().length];
        rng.child("y").fillGaussian(noise);
        for (int i = 0; i < noise.length; i++) {
            y.data()[i] = y.data()[i] / Math.sqrt(m) + noiseLevel * noise[i];
        }
        return y;
    }

    /** Fitted values of the direct double-precision ridge (intercept ȳ − μᵀW) on all rows at λ. */
    static DoubleMatrix directFittedValues(DoubleMatrix phi, DoubleMatrix y, double lambda) {
        DoubleMatrix w = centredRidge(phi, y, lambda);
        double[] mu = columnMeans(phi);
        double[] intercept = columnMeans(y);
        for (int j = 0; j < phi.cols(); j++) {
            for (int c = 0; c < intercept.length; c++) {
                intercept[c] -= mu[j] * w.get(j, c);
            }
        }
        return new org.ntk4j.learn.LinearPredictor(w, intercept).predict(phi);
    }

    /** Rows i with from ≤ i < to as tiles of the given height. */
    static org.ntk4j.learn.IterativeRidge.Rows tiles(DoubleMatrix phi, DoubleMatrix y, int from, int to, int height) {
        org.ntk4j.learn.IterativeRidge.Rows rows = new org.ntk4j.learn.IterativeRidge.Rows();
        for (int i = from; i < to; i += height) {
            int end = Math.min(to, i + height);
            rows.add(phi.rowRange(i, end).toFloat(), y.rowRange(i, end));
        }
        return rows;
    }

    @Test
    void wideFeaturesInSlicedTilesAndTheHoldOutsFinalSolveGiveTheDirectWeights() {
        // m = 4096: the CG products go through tiles of 300 rows in slices of 128 (2 MiB of float32
        // features each); the final all-rows solve reuses the fit part's preconditioner, rescaled
        int n = 700;
        int m = 4096;
        org.ntk4j.random.RandomStream rng = org.ntk4j.random.RandomStream.of(23);
        DoubleMatrix phi = lowRankFeatures(n, m, rng);
        DoubleMatrix y = linearTargets(phi, 0.1, rng);
        var r = org.ntk4j.learn.IterativeRidge.fit(tiles(phi, y, 0, 500, 300), tiles(phi, y, 500, n, 300), Double.NaN,
                64, 1e-9, 1000, Progress.NONE);
        assertTrue(r.converged(), "converged");
        // predictions, not weights: at this λ float32 products leave ~0.5 % in the weak directions of
        // the weights (as before slicing), which the fitted values barely see
        DoubleMatrix direct = directFittedValues(phi, y, r.lambda());
        double d = relativeDifference(r.predictor().predict(phi), direct);
        assertTrue(d < 1e-5, "relative difference of the fitted values " + d + " at λ = " + r.lambda());
        assertTrue(r.relativeLambda() < 1, "a signal to find: λ below the top of the grid, got t = " + r.relativeLambda());
    }

    @Test
    void rowsForTheFinalSolveOnlyJoinTheWeightsButNotTheChoiceOfLambda() {
        // rows 0..400 fit, 400..550 held out, 550..700 (e.g. the held images' augmented copies) join the final solve only
        int n = 700;
        int m = 256;
        org.ntk4j.random.RandomStream rng = org.ntk4j.random.RandomStream.of(29);
        DoubleMatrix phi = lowRankFeatures(n, m, rng);
        DoubleMatrix y = linearTargets(phi, 0.3, rng);
        var with = org.ntk4j.learn.IterativeRidge.fit(tiles(phi, y, 0, 400, 128), tiles(phi, y, 400, 550, 128),
                tiles(phi, y, 550, n, 128), Double.NaN, 64, 1e-9, 1000, Progress.NONE);
        var without = org.ntk4j.learn.IterativeRidge.fit(tiles(phi, y, 0, 400, 128), tiles(phi, y, 400, 550, 128),
                Double.NaN, 64, 1e-9, 1000, Progress.NONE);
        // equal up to float32 rounding: the stored features are centred at the mean of all rows, extra ones included
        assertEquals(without.curve().relativeLambdas().length, with.curve().relativeLambdas().length);
        for (int i = 0; i < with.curve().scores().length; i++) {
            assertEquals(without.curve().scores()[i], with.curve().scores()[i], 1e-4 * without.curve().scores()[i],
                    "hold-out score " + i);
        }
        assertEquals(without.relativeLambda(), with.relativeLambda());
        // the weights: ridge on all 700 rows at the chosen λ (λ = t·scale, the scale of all rows)
        DoubleMatrix direct = directFittedValues(phi, y, with.lambda());
        double d = relativeDifference(with.predictor().predict(phi), direct);
        assertTrue(d < 1e-5, "relative difference of the fitted values " + d + " at λ = " + with.lambda());
        double e = relativeDifference(without.predictor().predict(phi), direct);
        assertTrue(e > 1e-3, "without the extra rows the weights differ (" + e + ")");
    }

    @Test
    void float16FeaturesGiveTheFloat32SolutionToTheirPrecision() {
        Dataset train = ModelFileTest.classification(700, 6, 13);
        Dataset test = ModelFileTest.classification(200, 6, 14);
        LambdaSelection sel = LambdaSelection.holdout(0.25, 4);
        TrainedModel single = ModelTrainer.fit(train, ModelTrainer.Config.map(MAP, sel).withSolver(ModelTrainer.Solver.CG)
                .withStore(ModelTrainer.FeatureStore.FLOAT32));
        TrainedModel half = ModelTrainer.fit(train, ModelTrainer.Config.map(MAP, sel).withSolver(ModelTrainer.Solver.CG)
                .withStore(ModelTrainer.FeatureStore.FLOAT16));
        assertTrue(half.summary().lambdaRule().contains("on float16 features"), half.summary().lambdaRule());
        assertTrue(single.summary().lambdaRule().contains("on float32 features"), single.summary().lambdaRule());
        assertEquals(single.summary().relativeLambda(), half.summary().relativeLambda(), "same λ chosen");
        assertEquals(single.summary().lambda(), half.summary().lambda(), 1e-4 * single.summary().lambda(), "same scale");
        double d = relativeDifference(half.predict(test.inputs(), Progress.NONE), single.predict(test.inputs(), Progress.NONE));
        assertTrue(d < 3e-3 && d > 0, "relative difference of the predictions " + d);
    }

    @Test
    void autoStoresFloat16OnlyWhenFloat32DoesNotFit() {
        long gib = 1L << 30;
        // 60,000 × 65,536 features: 14.6 GiB as float32, 7.3 GiB as float16, and 2.5 GiB for the preconditioner
        var auto = ModelTrainer.FeatureStore.AUTO;
        assertEquals(org.ntk4j.learn.IterativeRidge.Store.FLOAT32, ModelTrainer.store(auto, 60_000, 65_536, 1024, 20 * gib));
        assertEquals(org.ntk4j.learn.IterativeRidge.Store.FLOAT16, ModelTrainer.store(auto, 60_000, 65_536, 1024, 14 * gib));
        assertEquals(org.ntk4j.learn.IterativeRidge.Store.FLOAT32,
                ModelTrainer.store(ModelTrainer.FeatureStore.FLOAT32, 60_000, 65_536, 1024, 14 * gib), "asked for");
        assertEquals(org.ntk4j.learn.IterativeRidge.Store.FLOAT16,
                ModelTrainer.store(ModelTrainer.FeatureStore.FLOAT16, 10, 10, 2, 20 * gib), "asked for");
    }

    @Test
    void autoPicksConjugateGradientsOnlyBeyondTheDirectLimitAndForRulesItRuns() {
        var holdout = LambdaSelection.Rule.HOLDOUT;
        int big = ModelTrainer.AUTO_CG_ABOVE + 16;
        assertTrue(ModelTrainer.usesConjugateGradients(ModelTrainer.Solver.AUTO, holdout, false, 60_000, big));
        assertTrue(ModelTrainer.usesConjugateGradients(ModelTrainer.Solver.AUTO, LambdaSelection.Rule.FIXED, false, 60_000, big));
        assertTrue(!ModelTrainer.usesConjugateGradients(ModelTrainer.Solver.AUTO, holdout, false, 60_000, ModelTrainer.AUTO_CG_ABOVE));
        assertTrue(ModelTrainer.usesConjugateGradients(ModelTrainer.Solver.AUTO, holdout, false, big - 1, 4 * big),
                "n < m but an n×n dual kernel this large: CG");
        assertTrue(!ModelTrainer.usesConjugateGradients(ModelTrainer.Solver.AUTO, holdout, false, ModelTrainer.AUTO_CG_ABOVE,
                4 * big), "n < m with a small dual kernel: direct");
        assertTrue(!ModelTrainer.usesConjugateGradients(ModelTrainer.Solver.AUTO, LambdaSelection.Rule.GCV, false, 60_000, big));
        assertTrue(!ModelTrainer.usesConjugateGradients(ModelTrainer.Solver.DIRECT, holdout, false, 60_000, big));
        assertTrue(ModelTrainer.usesConjugateGradients(ModelTrainer.Solver.CG, holdout, false, 10, 5));
        assertTrue(!ModelTrainer.usesConjugateGradients(ModelTrainer.Solver.AUTO, holdout, true, 60_000, big), "double: direct");
    }

    @Test
    void theDirectSolverRefusesMoreFeaturesThanOneArrayHoldsAndNamesTheWayOut() {
        // 600 rows × 2^22 random Fourier features: the dual path's n×m array would pass 2^31 elements
        Dataset train = ModelFileTest.regression(600, 3, 18);
        FeatureMapSpec wide = FeatureMapSpec.of("rff", 3, "dim", String.valueOf(1 << 22));
        var e = assertThrows(IllegalArgumentException.class,
                () -> fit(train, LambdaSelection.fixed(1), ModelTrainer.Solver.DIRECT, wide));
        assertTrue(e.getMessage().contains("600 x 4,194,304") && e.getMessage().contains("--solver cg"), e.getMessage());
    }

    @Test
    void rulesItCannotRunAreRefusedClearly() {
        Dataset train = ModelFileTest.regression(100, 3, 16);
        var gcv = assertThrows(IllegalArgumentException.class,
                () -> fit(train, LambdaSelection.gcv(), ModelTrainer.Solver.CG, MAP));
        assertTrue(gcv.getMessage().contains("hold-out or takes a fixed λ"), gcv.getMessage());
        var dbl = assertThrows(IllegalArgumentException.class, () -> ModelTrainer.fit(train,
                ModelTrainer.Config.map(MAP, LambdaSelection.fixed(1)).withSolver(ModelTrainer.Solver.CG).withPrecision(true)));
        assertTrue(dbl.getMessage().contains("float32"), dbl.getMessage());
    }
}
