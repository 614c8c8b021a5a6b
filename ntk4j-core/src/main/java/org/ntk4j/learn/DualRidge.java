package org.ntk4j.learn;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;

/**
 * Kernel ridge regression with an unpenalised intercept, on a training kernel matrix K (n×n).
 * Equivalent to {@link PrimalRidge} on features with K = ΦΦᵀ: the kernel is centred with the
 * training row means, α = (K̃ + λI)⁻¹Ỹ, and f(x) = k(x)ᵀα + offset.
 */
public final class DualRidge {
    private DualRidge() {
    }

    /** f(x) = k(x, X_train)ᵀ·alpha + offset. */
    public record Predictor(DoubleMatrix alpha, double[] offset) {
        /** Predictions from the kernel between new rows and the training rows (n_new × n_train). */
        public DoubleMatrix predict(DoubleMatrix kernel) {
            if (kernel.cols() != alpha.rows()) {
                throw new IllegalArgumentException("kernel has " + kernel.cols() + " columns, the model has "
                        + alpha.rows() + " training rows");
            }
            DoubleMatrix y = Blas.multiply(kernel, alpha);
            LinearPredictor.addIntercept(y, offset);
            return y;
        }
    }

    public record Result(Predictor predictor, double lambda, double relativeLambda, LambdaCurve curve) {
    }

    public static Result fit(DoubleMatrix kernel, DoubleMatrix targets, LambdaSelection selection) {
        int n = kernel.rows();
        if (kernel.cols() != n || targets.rows() != n) {
            throw new IllegalArgumentException("kernel " + kernel.rows() + "x" + kernel.cols() + " and "
                    + targets.rows() + " target rows do not match");
        }
        if (n < 2) {
            throw new IllegalArgumentException("kernel ridge needs at least 2 training rows, got " + n);
        }
        int[] all = range(n);
        Centered c = center(kernel, targets, all);
        if (!(trace(c.kernel) > 1e-12 * trace(kernel))) {
            // the inputs look all alike to the kernel: only the intercept can be learnt
            return finish(c, new DoubleMatrix(n, targets.cols()), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, null);
        }
        double scale = LambdaGrid.scale(trace(c.kernel), n);
        return switch (selection.rule()) {
            case FIXED -> finish(c, solveAt(c, selection.fixedLambda()), selection.fixedLambda(),
                    selection.fixedLambda() / scale, null);
            case GCV -> gcv(c, scale);
            case HOLDOUT, KFOLD -> crossValidated(kernel, targets, selection, c, scale);
        };
    }

    private record Centered(DoubleMatrix kernel, DoubleMatrix targets, double[] rowMeans, double[] targetMean) {
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** K̃ = K − 1rᵀ − r1ᵀ + mean(r) on the rows idx, and Ỹ = Y − ȳ. */
    private static Centered center(DoubleMatrix kernel, DoubleMatrix targets, int[] idx) {
        int n = idx.length;
        int full = kernel.cols();
        double[] kd = kernel.data();
        double[] r = new double[n];
        for (int a = 0; a < n; a++) {
            double s = 0;
            for (int b = 0; b < n; b++) {
                s += kd[idx[a] * full + idx[b]];
            }
            r[a] = s / n;
        }
        double grand = 0;
        for (double v : r) {
            grand += v;
        }
        grand /= n;
        DoubleMatrix kc = new DoubleMatrix(n, n);
        double[] kcd = kc.data();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                kcd[a * n + b] = kd[idx[a] * full + idx[b]] - r[a] - r[b] + grand;
            }
        }
        DoubleMatrix y = targets.selectRows(idx);
        int k = y.cols();
        double[] mean = new double[k];
        double[] yd = y.data();
        for (int a = 0; a < n; a++) {
            for (int o = 0; o < k; o++) {
                mean[o] += yd[a * k + o] / n;
            }
        }
        for (int a = 0; a < n; a++) {
            for (int o = 0; o < k; o++) {
                yd[a * k + o] -= mean[o];
            }
        }
        return new Centered(kc, y, r, mean);
    }

    private static double trace(DoubleMatrix a) {
        double t = 0;
        for (int i = 0; i < a.rows(); i++) {
            t += a.get(i, i);
        }
        return t;
    }

    private static DoubleMatrix solveAt(Centered c, double lambda) {
        DoubleMatrix a = c.kernel.copy();
        for (int i = 0; i < a.rows(); i++) {
            a.add(i, i, lambda);
        }
        try {
            return Blas.solveSpd(a, c.targets);
        } catch (ArithmeticException notPositiveDefinite) {
            return new SpectralRidge(c.kernel, c.targets).solve(lambda);
        }
    }

    /**
     * Since Σα = 0 (Ỹ is centred and K̃1 = 0), f(x) = ȳ + (k(x) − r)ᵀα = k(x)ᵀα + (ȳ − rᵀα). In
     * floating point α picks up a component along 1 (K̃'s null vector, mixed into the eigenvectors
     * of tiny eigenvalues and amplified by 1/λ), which k(x)ᵀα would not cancel; removing it first
     * makes the identity exact again.
     */
    private static Result finish(Centered c, DoubleMatrix alpha, double lambda, double relative, LambdaCurve curve) {
        removeMean(alpha);
        int k = alpha.cols();
        double[] offset = c.targetMean.clone();
        for (int i = 0; i < alpha.rows(); i++) {
            for (int o = 0; o < k; o++) {
                offset[o] -= c.rowMeans[i] * alpha.get(i, o);
            }
        }
        return new Result(new Predictor(alpha, offset), lambda, relative, curve);
    }

    /** Subtracts each column's mean: the projection onto Σα = 0. */
    private static void removeMean(DoubleMatrix a) {
        int n = a.rows();
        int k = a.cols();
        double[] d = a.data();
        for (int o = 0; o < k; o++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += d[i * k + o];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                d[i * k + o] -= mean;
            }
        }
    }

    private static Result gcv(Centered c, double scale) {
        SpectralRidge sr = new SpectralRidge(c.kernel, c.targets);
        int n = c.kernel.rows();
        int k = c.targets.cols();
        double[] t = LambdaGrid.RELATIVE;
        double[] scores = new double[t.length];
        double[] proj = sr.projected.data();
        for (int g = 0; g < t.length; g++) {
            double lambda = t[g] * scale;
            if (lambda < sr.smallestUsefulLambda()) {
                scores[g] = Double.NaN;
                continue;
            }
            // residual = λ(K̃ + λI)⁻¹Ỹ, so RSS = Σ (λ/(s_i + λ))² u_i²
            double rss = 0;
            for (int i = 0; i < n; i++) {
                double f = lambda / (sr.eigenvalues[i] + lambda);
                for (int o = 0; o < k; o++) {
                    double p = proj[i * k + o];
                    rss += f * f * p * p;
                }
            }
            double df = sr.degreesOfFreedom(lambda) + 1;
            double denom = 1 - df / n;
            scores[g] = denom > 0 ? (rss / ((double) n * k)) / (denom * denom) : Double.NaN;
        }
        int best = LambdaCurve.argmin(scores);
        double lambda = t[best] * scale;
        return finish(c, sr.solve(lambda), lambda, t[best], new LambdaCurve("gcv", t.clone(), scores, best));
    }

    private static Result crossValidated(DoubleMatrix kernel, DoubleMatrix targets, LambdaSelection selection,
                                         Centered all, double scale) {
        int n = kernel.rows();
        int[] group = RowGroups.assign(selection, n);
        double[] t = LambdaGrid.RELATIVE;
        double[] sse = new double[t.length];
        long validationRows = 0;
        int k = targets.cols();
        int first = selection.rule() == LambdaSelection.Rule.HOLDOUT ? 1 : 0;
        for (int v = first; v < selection.groups(); v++) {
            int[] trainIdx = indicesWhere(group, v, false);
            int[] valIdx = indicesWhere(group, v, true);
            Centered ct = center(kernel, targets, trainIdx);
            double scaleT = LambdaGrid.scale(trace(ct.kernel), trainIdx.length);
            SpectralRidge sr = new SpectralRidge(ct.kernel, ct.targets);
            // M = K̃_VT·V with K̃_VT centred like K̃ (each row also loses its own mean, so the
            // predictions ȳ + M·diag(1/(s+λ))·C ignore any rounding component of α along 1)
            DoubleMatrix kvt = new DoubleMatrix(valIdx.length, trainIdx.length);
            for (int a = 0; a < valIdx.length; a++) {
                double rowMean = 0;
                for (int b = 0; b < trainIdx.length; b++) {
                    double centred = kernel.get(valIdx[a], trainIdx[b]) - ct.rowMeans[b];
                    kvt.set(a, b, centred);
                    rowMean += centred / trainIdx.length;
                }
                for (int b = 0; b < trainIdx.length; b++) {
                    kvt.add(a, b, -rowMean);
                }
            }
            DoubleMatrix m = Blas.multiply(kvt, sr.vectors);
            for (int g = 0; g < t.length; g++) {
                double lambda = t[g] * scaleT;
                if (lambda < sr.smallestUsefulLambda()) {
                    sse[g] = Double.NaN;
                    continue;
                }
                DoubleMatrix pred = Blas.multiply(m, sr.solveInEigenbasis(lambda));
                double s = 0;
                for (int a = 0; a < valIdx.length; a++) {
                    for (int o = 0; o < k; o++) {
                        double e = targets.get(valIdx[a], o) - ct.targetMean[o] - pred.get(a, o);
                        s += e * e;
                    }
                }
                sse[g] += s;
            }
            validationRows += valIdx.length;
        }
        double[] mse = new double[t.length];
        for (int g = 0; g < t.length; g++) {
            mse[g] = sse[g] / ((double) validationRows * k);
        }
        int best = LambdaCurve.argmin(mse);
        double lambda = t[best] * scale;
        String criterion = selection.rule() == LambdaSelection.Rule.HOLDOUT ? "holdout-mse" : "kfold-mse";
        return finish(all, solveAt(all, lambda), lambda, t[best], new LambdaCurve(criterion, t.clone(), mse, best));
    }

    private static int[] indicesWhere(int[] group, int v, boolean equal) {
        int count = 0;
        for (int g : group) {
            if ((g == v) == equal) {
                count++;
            }
        }
        int[] out = new int[count];
        int p = 0;
        for (int i = 0; i < group.length; i++) {
            if ((group[i] == v) == equal) {
                out[p++] = i;
            }
        }
        return out;
    }
}
