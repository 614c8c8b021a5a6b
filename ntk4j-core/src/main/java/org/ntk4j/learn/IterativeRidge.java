package org.ntk4j.learn;

import org.ntk4j.Progress;
import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.SymmetricEigen;

import java.util.ArrayList;
import java.util.List;

/**
 * Ridge with an unpenalised intercept for more features than an m×m Gram matrix allows: the
 * centred normal equations (Φ̃ᵀΦ̃ + λI)W = Φ̃ᵀỸ are solved by conjugate gradients on the stored
 * float32 features (memory n·m floats), preconditioned by the exact inverse of each diagonal B×B
 * block of Φ̃ᵀΦ̃ + λI (block Jacobi). Each block is eigen-decomposed once, so every λ of the search
 * reuses it: memory m·B doubles per row set, not m².
 *
 * <p>λ: fixed, or by a hold-out (the same rows {@link RowGroups#assign} gives the direct solver):
 * descending over {@link #RELATIVE_GRID}, each solve warm-started from the previous one, stopping
 * once the validation error has risen twice in a row; then one solve on all rows.
 */
public final class IterativeRidge {
    /** Relative λ values t (λ = t·tr(Φ̃ᵀΦ̃)/n), two per decade: CG solves are too dear for the direct grid. */
    public static final double[] RELATIVE_GRID = LambdaGrid.relative(-5, 1, 2);

    private IterativeRidge() {
    }

    /** Rows of features and their targets, as tiles of consecutive rows. */
    public static final class Rows {
        private final List<FloatMatrix> features = new ArrayList<>();
        private final List<DoubleMatrix> targets = new ArrayList<>();

        public void add(FloatMatrix phi, DoubleMatrix y) {
            if (phi.rows() != y.rows()) {
                throw new IllegalArgumentException(phi.rows() + " feature rows but " + y.rows() + " target rows");
            }
            if (!features.isEmpty() && (phi.cols() != dim() || y.cols() != outputs())) {
                throw new IllegalArgumentException("tile of " + phi.cols() + " features / " + y.cols()
                        + " outputs after tiles of " + dim() + " / " + outputs());
            }
            features.add(phi);
            targets.add(y);
        }

        public long count() {
            long n = 0;
            for (FloatMatrix f : features) {
                n += f.rows();
            }
            return n;
        }

        int dim() {
            return features.getFirst().cols();
        }

        int outputs() {
            return targets.getFirst().cols();
        }

        static Rows union(Rows a, Rows b) {
            Rows u = new Rows();
            u.features.addAll(a.features);
            u.features.addAll(b.features);
            u.targets.addAll(a.targets);
            u.targets.addAll(b.targets);
            return u;
        }
    }

    public record Result(LinearPredictor predictor, double lambda, double relativeLambda, LambdaCurve curve,
                         int iterations) {
    }

    /**
     * @param fit       rows the weights are fitted on (all training rows for a fixed λ)
     * @param held      hold-out rows for choosing λ, or null with a fixed λ
     * @param fixed     the fixed λ, or NaN to choose it on held
     * @param blockSize B, the width of the preconditioner's diagonal blocks
     * @param tolerance relative residual at which CG stops, per output
     */
    public static Result fit(Rows fit, Rows held, double fixed, int blockSize, double tolerance, int maxIterations,
                             Progress progress) {
        if (fit.count() < 2) {
            throw new IllegalArgumentException("ridge regression needs at least 2 training rows, got " + fit.count());
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("preconditioner block size must be positive, got " + blockSize);
        }
        Solver s = new Solver(held == null ? fit : Rows.union(fit, held), blockSize, tolerance, maxIterations);
        if (held == null) {
            if (!(fixed > 0)) {
                throw new IllegalArgumentException("without hold-out rows a fixed positive λ is needed, got " + fixed);
            }
            DoubleMatrix w = s.solve(fixed, null, progress);
            return new Result(s.predictor(w), fixed, fixed / s.scale, null, s.iterations);
        }
        Solver onFit = new Solver(fit, blockSize, tolerance, maxIterations);
        double[] grid = RELATIVE_GRID;
        double[] scores = new double[grid.length];
        java.util.Arrays.fill(scores, Double.NaN);
        DoubleMatrix w = null;
        DoubleMatrix bestW = null;
        DoubleMatrix heldY = stack(held.targets);
        int best = -1;
        int rises = 0;
        for (int i = grid.length - 1; i >= 0; i--) {
            w = onFit.solve(grid[i] * onFit.scale, w, progress);
            scores[i] = Metrics.mse(predict(onFit.predictor(w), held), heldY);
            if (best < 0 || scores[i] < scores[best]) {
                best = i;
                bestW = w;
                rises = 0;
            } else if (++rises == 2) {
                break;
            }
        }
        // λ not reached by the early stop keep NaN scores; the curve holds the values tried
        int tried = 0;
        for (double v : scores) {
            tried += Double.isNaN(v) ? 0 : 1;
        }
        double[] t = new double[tried];
        double[] sc = new double[tried];
        int chosen = 0;
        for (int i = 0, j = 0; i < grid.length; i++) {
            if (!Double.isNaN(scores[i])) {
                chosen = i == best ? j : chosen;
                t[j] = grid[i];
                sc[j++] = scores[i];
            }
        }
        double lambda = grid[best] * s.scale;
        DoubleMatrix all = s.solve(lambda, bestW, progress);
        return new Result(s.predictor(all), lambda, grid[best], new LambdaCurve("holdout-mse (conjugate gradients)", t, sc,
                chosen), s.iterations + onFit.iterations);
    }

    private static DoubleMatrix predict(LinearPredictor p, Rows rows) {
        List<DoubleMatrix> parts = new ArrayList<>();
        for (FloatMatrix tile : rows.features) {
            parts.add(p.predict(tile));
        }
        return stack(parts);
    }

    private static DoubleMatrix stack(List<DoubleMatrix> parts) {
        int rows = 0;
        for (DoubleMatrix p : parts) {
            rows += p.rows();
        }
        DoubleMatrix out = new DoubleMatrix(rows, parts.getFirst().cols());
        int at = 0;
        for (DoubleMatrix p : parts) {
            System.arraycopy(p.data(), 0, out.data(), at, p.data().length);
            at += p.data().length;
        }
        return out;
    }

    /** The normal equations of one row set: means, right-hand side, preconditioner blocks. */
    private static final class Solver {
        final Rows rows;
        final int m;
        final int k;
        final long n;
        final double[] mu;
        final double[] ybar;
        final DoubleMatrix rhs;      // Φ̃ᵀỸ
        final double scale;          // tr(Φ̃ᵀΦ̃)/n
        final int blockSize;
        final SymmetricEigen[] blocks;
        final double tolerance;
        final int maxIterations;
        int iterations;

        Solver(Rows rows, int blockSize, double tolerance, int maxIterations) {
            this.rows = rows;
            this.m = rows.dim();
            this.k = rows.outputs();
            this.n = rows.count();
            this.blockSize = Math.min(blockSize, m);
            this.tolerance = tolerance;
            this.maxIterations = maxIterations;
            mu = new double[m];
            ybar = new double[k];
            for (int t = 0; t < rows.features.size(); t++) {
                float[] f = rows.features.get(t).data();
                double[] y = rows.targets.get(t).data();
                for (int i = 0; i < rows.features.get(t).rows(); i++) {
                    for (int j = 0; j < m; j++) {
                        mu[j] += f[i * m + j];
                    }
                    for (int c = 0; c < k; c++) {
                        ybar[c] += y[i * k + c];
                    }
                }
            }
            for (int j = 0; j < m; j++) {
                mu[j] /= n;
            }
            for (int c = 0; c < k; c++) {
                ybar[c] /= n;
            }
            // Φ̃ᵀỸ = ΦᵀY − n·μȳᵀ
            rhs = new DoubleMatrix(m, k);
            for (int t = 0; t < rows.features.size(); t++) {
                addInto(rhs, Blas.multiply(rows.features.get(t), true, rows.targets.get(t).toFloat(), false));
            }
            for (int j = 0; j < m; j++) {
                for (int c = 0; c < k; c++) {
                    rhs.data()[j * k + c] -= n * mu[j] * ybar[c];
                }
            }
            int count = (m + this.blockSize - 1) / this.blockSize;
            blocks = new SymmetricEigen[count];
            double trace = 0;
            for (int b = 0; b < count; b++) {
                int from = b * this.blockSize;
                int to = Math.min(m, from + this.blockSize);
                DoubleMatrix g = new DoubleMatrix(to - from, to - from);
                for (FloatMatrix tile : rows.features) {
                    FloatMatrix slice = columns(tile, from, to);
                    addInto(g, Blas.multiply(slice, true, slice, false));
                }
                int w = to - from;
                for (int i = 0; i < w; i++) {
                    for (int j = 0; j < w; j++) {
                        g.data()[i * w + j] -= n * mu[from + i] * mu[from + j];
                    }
                    trace += g.data()[i * w + i];
                }
                blocks[b] = Blas.eigen(g);
            }
            scale = LambdaGrid.scale(trace, n);
        }

        private static FloatMatrix columns(FloatMatrix a, int from, int to) {
            int w = to - from;
            FloatMatrix s = new FloatMatrix(a.rows(), w);
            for (int i = 0; i < a.rows(); i++) {
                System.arraycopy(a.data(), i * a.cols() + from, s.data(), i * w, w);
            }
            return s;
        }

        private static void addInto(DoubleMatrix acc, FloatMatrix x) {
            double[] a = acc.data();
            float[] b = x.data();
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
        }

        /** (Φ̃ᵀΦ̃ + λI)·p. */
        DoubleMatrix apply(DoubleMatrix p, double lambda) {
            FloatMatrix pf = p.toFloat();
            double[] shift = new double[k];   // μᵀp
            for (int j = 0; j < m; j++) {
                for (int c = 0; c < k; c++) {
                    shift[c] += mu[j] * p.data()[j * k + c];
                }
            }
            float[] fs = new float[k];
            for (int c = 0; c < k; c++) {
                fs[c] = (float) shift[c];
            }
            DoubleMatrix out = new DoubleMatrix(m, k);
            for (FloatMatrix tile : rows.features) {
                FloatMatrix u = Blas.multiply(tile, false, pf, false);   // Φp, then centred: Φ̃p = Φp − 1μᵀp
                float[] ud = u.data();
                for (int i = 0; i < ud.length; i++) {
                    ud[i] -= fs[i % k];
                }
                addInto(out, Blas.multiply(tile, true, u, false));     // Φᵀ(Φ̃p) = Φ̃ᵀ(Φ̃p): Φ̃p sums to 0
            }
            double[] o = out.data();
            for (int i = 0; i < o.length; i++) {
                o[i] += lambda * p.data()[i];
            }
            return out;
        }

        /** Block-Jacobi preconditioner: the exact inverse of each diagonal block of Φ̃ᵀΦ̃ + λI. */
        DoubleMatrix precondition(DoubleMatrix r, double lambda) {
            DoubleMatrix z = new DoubleMatrix(m, k);
            for (int b = 0; b < blocks.length; b++) {
                int from = b * blockSize;
                int w = blocks[b].values().length;
                DoubleMatrix rb = new DoubleMatrix(w, k);
                System.arraycopy(r.data(), from * k, rb.data(), 0, w * k);
                DoubleMatrix c = Blas.multiply(blocks[b].vectors(), true, rb, false);
                for (int i = 0; i < w; i++) {
                    double d = 1.0 / (Math.max(blocks[b].values()[i], 0) + lambda);
                    for (int o = 0; o < k; o++) {
                        c.data()[i * k + o] *= d;
                    }
                }
                DoubleMatrix zb = Blas.multiply(blocks[b].vectors(), false, c, false);
                System.arraycopy(zb.data(), 0, z.data(), from * k, w * k);
            }
            return z;
        }

        /** Preconditioned CG, one independent recurrence per output column, from start (or 0). */
        DoubleMatrix solve(double lambda, DoubleMatrix start, Progress progress) {
            DoubleMatrix x = start == null ? new DoubleMatrix(m, k) : start.copy();
            DoubleMatrix r = rhs.copy();
            if (start != null) {
                DoubleMatrix ax = apply(x, lambda);
                for (int i = 0; i < r.data().length; i++) {
                    r.data()[i] -= ax.data()[i];
                }
            }
            double[] bNorm = columnDots(rhs, rhs);
            DoubleMatrix z = precondition(r, lambda);
            DoubleMatrix p = z.copy();
            double[] rz = columnDots(r, z);
            progress.start(String.format(java.util.Locale.ROOT, "conjugate gradients, λ = %.3g", lambda), maxIterations);
            int it = 0;
            for (; it < maxIterations; it++) {
                double[] rr = columnDots(r, r);
                boolean done = true;
                for (int c = 0; c < k; c++) {
                    done &= rr[c] <= tolerance * tolerance * bNorm[c];
                }
                if (done) {
                    break;
                }
                DoubleMatrix q = apply(p, lambda);
                double[] pq = columnDots(p, q);
                double[] alpha = new double[k];
                for (int c = 0; c < k; c++) {
                    alpha[c] = pq[c] > 0 ? rz[c] / pq[c] : 0;
                }
                for (int i = 0; i < m; i++) {
                    for (int c = 0; c < k; c++) {
                        x.data()[i * k + c] += alpha[c] * p.data()[i * k + c];
                        r.data()[i * k + c] -= alpha[c] * q.data()[i * k + c];
                    }
                }
                z = precondition(r, lambda);
                double[] rzNew = columnDots(r, z);
                for (int i = 0; i < m; i++) {
                    for (int c = 0; c < k; c++) {
                        double beta = rz[c] > 0 ? rzNew[c] / rz[c] : 0;
                        p.data()[i * k + c] = z.data()[i * k + c] + beta * p.data()[i * k + c];
                    }
                }
                rz = rzNew;
                progress.advance(1);
            }
            progress.finish();
            iterations += it;
            return x;
        }

        private double[] columnDots(DoubleMatrix a, DoubleMatrix b) {
            double[] s = new double[k];
            for (int i = 0; i < m; i++) {
                for (int c = 0; c < k; c++) {
                    s[c] += a.data()[i * k + c] * b.data()[i * k + c];
                }
            }
            return s;
        }

        LinearPredictor predictor(DoubleMatrix w) {
            double[] intercept = ybar.clone();
            for (int j = 0; j < m; j++) {
                for (int c = 0; c < k; c++) {
                    intercept[c] -= mu[j] * w.data()[j * k + c];
                }
            }
            return new LinearPredictor(w, intercept);
        }
    }
}
