package org.ntk4j.learn;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;

/**
 * Ridge regression on features with an unpenalised intercept, from accumulated statistics:
 * W = (Φ̃ᵀΦ̃ + λI)⁻¹Φ̃ᵀỸ on centred features and targets, b = ȳ − μᵀW.
 * λ is chosen by the given rule on the training rows only (see {@link LambdaSelection}).
 */
public final class PrimalRidge {
    private PrimalRidge() {
    }

    /**
     * The fitted predictor, the λ used (absolute and relative to the mean squared feature norm), the
     * selection curve, and the training residual sum of squares per output (in learner units).
     */
    public record Result(LinearPredictor predictor, double lambda, double relativeLambda, LambdaCurve curve,
                         double[] trainSse) {
    }

    /**
     * Fits from the statistics of the row groups that {@link RowGroups#assign} defined for the
     * selection (one group for GCV or a fixed λ, two for hold-out, k for k-fold). Uses the groups
     * up: they are centred in place ({@link GramStats#centeredInPlace}), so that at large m the
     * fit holds as few m×m matrices as it can (GCV or a fixed λ: the one group; hold-out: the two
     * groups and their sum).
     */
    public static Result fit(GramStats[] groups, LambdaSelection selection) {
        if (groups.length != selection.groups()) {
            throw new IllegalArgumentException("selection " + selection + " needs " + selection.groups()
                    + " row groups, got " + groups.length);
        }
        GramStats total = groups.length == 1 ? groups[0] : GramStats.sum(groups); // one group: no copy
        if (total.count() < 2) {
            throw new IllegalArgumentException("ridge regression needs at least 2 training rows, got " + total.count());
        }
        double[] mu = total.featureMean();
        double[] ybar = total.targetMean();
        double uncentredTrace = total.trace();
        boolean kfold = selection.rule() == LambdaSelection.Rule.KFOLD;
        // k-fold subtracts each fold from the uncentred total, so only it needs a copy
        GramStats.Centered c = kfold ? total.centeredAt(mu, ybar) : total.centeredInPlace(mu, ybar);
        if (!(c.trace() > 1e-12 * uncentredTrace)) {
            // the features do not vary over the training rows: only the intercept can be learnt
            return finish(c, new DoubleMatrix(total.dim(), total.outputs()), mu, ybar, Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY, null);
        }
        double scale = LambdaGrid.scale(c.trace(), c.count());
        return switch (selection.rule()) {
            case FIXED -> finish(c, solveAt(c, selection.fixedLambda()), mu, ybar, selection.fixedLambda(),
                    selection.fixedLambda() / scale, null);
            case GCV -> gcv(c, mu, ybar, scale);
            case HOLDOUT, KFOLD -> crossValidated(groups, kfold ? total : null, selection, c, mu, ybar, scale);
        };
    }

    private static Result finish(GramStats.Centered c, DoubleMatrix w, double[] mu, double[] ybar, double lambda,
                                 double relative, LambdaCurve curve) {
        double[] b = ybar.clone();
        int k = w.cols();
        for (int i = 0; i < mu.length; i++) {
            for (int o = 0; o < k; o++) {
                b[o] -= mu[i] * w.get(i, o);
            }
        }
        // training SSE = yᵀy − 2·wᵀB + wᵀGw per output, on the centred statistics (the intercept drops out)
        DoubleMatrix gw = Blas.multiply(c.gram(), w);
        double[] sse = new double[k];
        for (int o = 0; o < k; o++) {
            double cross = 0;
            double quad = 0;
            for (int i = 0; i < w.rows(); i++) {
                cross += w.get(i, o) * c.cross().get(i, o);
                quad += w.get(i, o) * gw.get(i, o);
            }
            sse[o] = Math.max(0, c.targetSquares()[o] - 2 * cross + quad);
        }
        return new Result(new LinearPredictor(w, b), lambda, relative, curve, sse);
    }

    /** (G + λI)⁻¹B by Cholesky; falls back to the eigen-decomposition if rounding defeats Cholesky. */
    static DoubleMatrix solveAt(GramStats.Centered c, double lambda) {
        DoubleMatrix a = c.gram().copy();
        int m = a.rows();
        for (int i = 0; i < m; i++) {
            a.add(i, i, lambda);
        }
        try {
            return Blas.solveSpd(a, c.cross());
        } catch (ArithmeticException notPositiveDefinite) {
            return new SpectralRidge(c.gram(), c.cross()).solve(lambda);
        }
    }

    private static Result gcv(GramStats.Centered c, double[] mu, double[] ybar, double scale) {
        SpectralRidge sr = new SpectralRidge(c.gram(), c.cross());
        double n = c.count();
        int k = c.cross().cols();
        double yy = 0;
        for (double v : c.targetSquares()) {
            yy += v;
        }
        double[] t = LambdaGrid.RELATIVE;
        double[] scores = new double[t.length];
        double[] proj = sr.projected.data();
        // Split y into its part outside the span of Φ (constant in λ) and the part inside, whose
        // residual shrinks by λ/(λ_i + λ) per eigen-direction. Computing RSS as yᵀy − (explained)
        // instead would cancel catastrophically when the fit nearly interpolates.
        double tol = 1e-12 * Math.max(sr.largestEigenvalue(), Double.MIN_NORMAL);
        double[] energy = new double[sr.size()]; // c_i²/λ_i summed over outputs: ‖Uᵀy‖² per direction
        double inside = 0;
        for (int i = 0; i < sr.size(); i++) {
            if (sr.eigenvalues[i] > tol) {
                for (int o = 0; o < k; o++) {
                    double p = proj[i * k + o];
                    energy[i] += p * p / sr.eigenvalues[i];
                }
                inside += energy[i];
            }
        }
        double outside = Math.max(0, yy - inside);
        for (int g = 0; g < t.length; g++) {
            double lambda = t[g] * scale;
            if (lambda < sr.smallestUsefulLambda()) {
                scores[g] = Double.NaN;
                continue;
            }
            double rss = outside;
            for (int i = 0; i < sr.size(); i++) {
                double f = lambda / (sr.eigenvalues[i] + lambda);
                rss += energy[i] * f * f;
            }
            double df = sr.degreesOfFreedom(lambda) + 1; // + the intercept
            double denom = 1 - df / n;
            scores[g] = denom > 0 ? (rss / (n * k)) / (denom * denom) : Double.NaN;
        }
        int best = LambdaCurve.argmin(scores);
        double lambda = t[best] * scale;
        return finish(c, sr.solve(lambda), mu, ybar, lambda, t[best], new LambdaCurve("gcv", t.clone(), scores, best));
    }

    /**
     * Hold-out (group 1 validates, group 0 trains) or k-fold (each group validates once, the total
     * minus it trains). {@code total} is needed for k-fold only, so hold-out keeps one m×m copy fewer.
     */
    private static Result crossValidated(GramStats[] groups, GramStats total, LambdaSelection selection,
                                         GramStats.Centered all, double[] mu, double[] ybar, double scale) {
        double[] t = LambdaGrid.RELATIVE;
        double[] sse = new double[t.length];
        long validationRows = 0;
        int first = selection.rule() == LambdaSelection.Rule.HOLDOUT ? 1 : 0;
        for (int v = first; v < groups.length; v++) {
            GramStats validation = groups[v];
            GramStats train = total == null ? groups[0] : total.minus(validation);
            if (train.count() < 2 || validation.count() < 1) {
                throw new IllegalArgumentException("too few rows to validate λ: " + train.count() + " training, "
                        + validation.count() + " validation");
            }
            double[] muT = train.featureMean();
            double[] ybarT = train.targetMean();
            GramStats.Centered ct = train.centeredInPlace(muT, ybarT);
            double scaleT = LambdaGrid.scale(ct.trace(), ct.count());
            SpectralRidge sr = new SpectralRidge(ct.gram(), ct.cross());
            GramStats.Centered cv = validation.centeredInPlace(muT, ybarT);
            // validation SSE(W) = yᵀy − 2·tr(WᵀB) + tr(WᵀGW): per λ one solve from the eigenbasis and
            // one m×m by m×k product, never an m×m×m one
            double yy = 0;
            for (double y : cv.targetSquares()) {
                yy += y;
            }
            double[] bd = cv.cross().data();
            for (int g = 0; g < t.length; g++) {
                double lambda = t[g] * scaleT;
                if (lambda < sr.smallestUsefulLambda()) {
                    sse[g] = Double.NaN;
                    continue;
                }
                DoubleMatrix w = sr.solve(lambda);
                double[] wd = w.data();
                double[] gwd = Blas.multiply(cv.gram(), w).data();
                double cross = 0;
                double quad = 0;
                for (int i = 0; i < wd.length; i++) {
                    cross += wd[i] * bd[i];
                    quad += wd[i] * gwd[i];
                }
                sse[g] += Math.max(0, yy - 2 * cross + quad);
            }
            validationRows += validation.count();
        }
        double[] mse = new double[t.length];
        int k = all.cross().cols();
        for (int g = 0; g < t.length; g++) {
            mse[g] = sse[g] / ((double) validationRows * k);
        }
        int best = LambdaCurve.argmin(mse);
        double lambda = t[best] * scale;
        String criterion = selection.rule() == LambdaSelection.Rule.HOLDOUT ? "holdout-mse" : "kfold-mse";
        return finish(all, solveAt(all, lambda), mu, ybar, lambda, t[best], new LambdaCurve(criterion, t.clone(), mse, best));
    }
}
