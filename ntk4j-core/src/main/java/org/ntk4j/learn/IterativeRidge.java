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
 * features (float32 or float16, {@link Store}: memory 4 or 2 bytes times n·m), preconditioned by the top r eigenpairs of Φ̃ᵀΦ̃ (a
 * randomized range finder with one power step, three passes over the features, memory m·r): the
 * features of a kernel map have a few huge eigenvalues, which plain CG would need thousands of
 * iterations to resolve. The eigenpairs do not depend on λ, so every λ of the search reuses them.
 *
 * <p>λ: fixed, or by a hold-out (the same rows {@link RowGroups#assign} gives the direct solver):
 * descending over {@link #RELATIVE_GRID}, each solve warm-started from the previous one, stopping
 * once two λ in a row have not improved on the best, then the midpoints between the best and its
 * neighbours; then one solve on all rows.
 */
public final class IterativeRidge {
    /** Relative λ values t (λ = t·tr(Φ̃ᵀΦ̃)/n), two per decade (four near the best, see fit): CG solves are dear. */
    public static final double[] RELATIVE_GRID = LambdaGrid.relative(-5, 1, 2);

    private IterativeRidge() {
    }

    /**
     * How the features are stored: float32 as computed, or float16 (IEEE binary16 times a power of
     * two per tile): half the memory and half the bytes each CG step streams, at about 3
     * significant digits per feature, far below the random-feature noise of a sketch.
     */
    public enum Store {
        FLOAT32(Float.BYTES), FLOAT16(Short.BYTES);

        private final int bytes;

        Store(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per stored feature. */
        public int bytes() {
            return bytes;
        }
    }

    /**
     * Rows per slice in which float16 tiles are converted for the wide products (the preconditioner's
     * passes, the right-hand side), and in which either kind is read for the hold-out's predictions.
     */
    private static final int WIDE_SLICE_ROWS = 256;

    /** Rows of features and their targets, as tiles of consecutive rows. */
    public static final class Rows {
        private final Store store;
        private final List<FeatureTile> features = new ArrayList<>();
        private final List<DoubleMatrix> targets = new ArrayList<>();

        public Rows() {
            this(Store.FLOAT32);
        }

        public Rows(Store store) {
            this.store = store;
        }

        public void add(FloatMatrix phi, DoubleMatrix y) {
            if (phi.rows() != y.rows()) {
                throw new IllegalArgumentException(phi.rows() + " feature rows but " + y.rows() + " target rows");
            }
            if (!features.isEmpty() && (phi.cols() != dim() || y.cols() != outputs())) {
                throw new IllegalArgumentException("tile of " + phi.cols() + " features / " + y.cols()
                        + " outputs after tiles of " + dim() + " / " + outputs());
            }
            features.add(FeatureTile.of(phi, store));
            targets.add(y);
        }

        public long count() {
            long n = 0;
            for (FeatureTile f : features) {
                n += f.rows;
            }
            return n;
        }

        int dim() {
            return features.getFirst().cols;
        }

        int outputs() {
            return targets.getFirst().cols();
        }

        double[] columnMeans() {
            int m = dim();
            double[] mean = new double[m];
            float[] scratch = new float[m];
            for (FeatureTile tile : features) {
                for (int i = 0; i < tile.rows; i++) {
                    FeatureTile.Slice s = tile.slice(i, 1, scratch);
                    for (int j = 0; j < m; j++) {
                        mean[j] += s.data()[s.offset() + j];
                    }
                }
            }
            long n = count();
            for (int j = 0; j < m; j++) {
                mean[j] /= n;
            }
            return mean;
        }

        /** Σ‖φ‖² over all rows. */
        double squaredNorm() {
            double sum = 0;
            float[] scratch = new float[dim()];
            for (FeatureTile tile : features) {
                for (int i = 0; i < tile.rows; i++) {
                    FeatureTile.Slice s = tile.slice(i, 1, scratch);
                    for (int j = 0; j < tile.cols; j++) {
                        double v = s.data()[s.offset() + j];
                        sum += v * v;
                    }
                }
            }
            return sum;
        }

        /** Subtracts v from every row, in place. */
        void subtract(double[] v) {
            for (FeatureTile tile : features) {
                tile.subtract(v);
            }
        }

        static Rows union(Rows a, Rows b) {
            if (a.store != b.store) {
                throw new IllegalArgumentException("rows stored as " + a.store + " and " + b.store);
            }
            Rows u = new Rows(a.store);
            u.features.addAll(a.features);
            u.features.addAll(b.features);
            u.targets.addAll(a.targets);
            u.targets.addAll(b.targets);
            return u;
        }
    }

    /**
     * @param iterations     CG iterations over the whole search and the final solve
     * @param converged      whether every solve reached the tolerance (else it stopped at the cap)
     * @param preconditioner rank of the preconditioner actually kept (≤ the requested r)
     */
    public record Result(LinearPredictor predictor, double lambda, double relativeLambda, LambdaCurve curve,
                         int iterations, boolean converged, int preconditioner) {
    }

    /**
     * @param fit       rows the weights are fitted on (all training rows for a fixed λ)
     * @param held      hold-out rows for choosing λ, or null with a fixed λ
     * @param fixed     the fixed λ, or NaN to choose it on held
     * @param rank      r, how many top eigenpairs of Φ̃ᵀΦ̃ the preconditioner captures
     * @param tolerance relative residual at which CG stops, per output
     */
    public static Result fit(Rows fit, Rows held, double fixed, int rank, double tolerance, int maxIterations,
                             Progress progress) {
        return fit(fit, held, null, fixed, rank, tolerance, maxIterations, progress);
    }

    /**
     * As above, with rows that join only the final all-rows solve, never the choice of λ (e.g.
     * augmented copies of the hold-out images: fitting them would leak, scoring them would judge λ
     * on images unlike the test rows).
     *
     * @param finalOnly rows for the final solve only, or null
     */
    public static Result fit(Rows fit, Rows held, Rows finalOnly, double fixed, int rank, double tolerance,
                             int maxIterations, Progress progress) {
        if (fit.count() < 2) {
            throw new IllegalArgumentException("ridge regression needs at least 2 training rows, got " + fit.count());
        }
        if (rank < 1) {
            throw new IllegalArgumentException("preconditioner rank must be positive, got " + rank);
        }
        if (held == null && !(fixed > 0)) {
            throw new IllegalArgumentException("without hold-out rows a fixed positive λ is needed, got " + fixed);
        }
        // Centre the stored features once, in place, at the mean of all rows: the float32 products
        // then work on small numbers, and the solvers' own centring only removes what is left (the
        // fit part's mean differs a little from the all-rows mean). Undone in the intercept.
        if (finalOnly != null && finalOnly.count() > 0 && held == null) {
            throw new IllegalArgumentException("rows for the final solve only need a hold-out to be kept from");
        }
        Rows all = held == null ? fit : Rows.union(fit, held);
        if (finalOnly != null && finalOnly.count() > 0) {
            all = Rows.union(all, finalOnly);
        }
        double[] shift = all.columnMeans();
        all.subtract(shift);
        if (held == null) {
            Solver s = new Solver(fit, rank, tolerance, maxIterations, progress);
            DoubleMatrix w = s.solve(fixed, null, progress);
            return new Result(uncentred(s.predictor(w), shift), fixed, fixed / s.scale, null, s.iterations, s.converged,
                    s.theta.length);
        }
        Solver onFit = new Solver(fit, rank, tolerance, maxIterations, progress);
        // coarse: descending over the grid, warm-started, until two λ in a row do not improve
        java.util.TreeMap<Double, Double> tried = new java.util.TreeMap<>();   // relative λ → hold-out MSE
        DoubleMatrix heldY = stack(held.targets);
        DoubleMatrix w = null;
        DoubleMatrix bestW = null;
        double best = Double.NaN;
        int rises = 0;
        for (int i = RELATIVE_GRID.length - 1; i >= 0; i--) {
            double t = RELATIVE_GRID[i];
            w = onFit.solve(t * onFit.scale, w, progress);
            tried.put(t, Metrics.mse(predict(onFit.predictor(w), held), heldY));
            if (Double.isNaN(best) || tried.get(t) < tried.get(best)) {
                best = t;
                bestW = w;
                rises = 0;
            } else if (++rises == 2) {
                break;
            }
        }
        // fine: the midpoints between the best and its tried neighbours, so λ is resolved to four
        // values per decade near the optimum like the direct solver's grid, for two more solves
        double coarse = best;
        for (Double neighbour : new Double[]{tried.lowerKey(coarse), tried.higherKey(coarse)}) {
            if (neighbour != null) {
                double t = Math.sqrt(coarse * neighbour);
                DoubleMatrix wt = onFit.solve(t * onFit.scale, bestW, progress);
                tried.put(t, Metrics.mse(predict(onFit.predictor(wt), held), heldY));
                if (tried.get(t) < tried.get(best)) {
                    best = t;
                    bestW = wt;
                }
            }
        }
        double[] t = new double[tried.size()];
        double[] sc = new double[tried.size()];
        int chosen = 0;
        int j = 0;
        for (var e : tried.entrySet()) {
            chosen = e.getKey() == best ? j : chosen;
            t[j] = e.getKey();
            sc[j++] = e.getValue();
        }
        // the all-rows Gram matrix is about n_all/n_fit times the fit part's: its preconditioner
        // serves, rescaled, instead of three more passes over the features
        Solver s = new Solver(all, onFit, tolerance, maxIterations);
        double lambda = best * s.scale;
        DoubleMatrix weights = s.solve(lambda, bestW, progress);
        return new Result(uncentred(s.predictor(weights), shift), lambda, best,
                new LambdaCurve("holdout-mse (conjugate gradients)", t, sc, chosen), s.iterations + onFit.iterations,
                s.converged && onFit.converged, s.theta.length);
    }

    /** The predictor for features before the in-place shift: b − shiftᵀW. */
    private static LinearPredictor uncentred(LinearPredictor p, double[] shift) {
        double[] b = p.intercept().clone();
        int k = b.length;
        double[] w = p.weights().data();
        for (int j = 0; j < shift.length; j++) {
            for (int c = 0; c < k; c++) {
                b[c] -= shift[j] * w[j * k + c];
            }
        }
        return new LinearPredictor(p.weights(), b);
    }

    private static DoubleMatrix predict(LinearPredictor p, Rows rows) {
        List<DoubleMatrix> parts = new ArrayList<>();
        for (FeatureTile tile : rows.features) {
            for (int from = 0; from < tile.rows; from += WIDE_SLICE_ROWS) {
                parts.add(p.predict(tile.rows(from, Math.min(WIDE_SLICE_ROWS, tile.rows - from))));
            }
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

    /** The normal equations of one row set: means, right-hand side, low-rank preconditioner. */
    private static final class Solver {
        /** p at most this wide is applied slice by slice (see {@link #apply}). */
        private static final int NARROW_COLUMNS = 64;
        /**
         * Features per slice: 2 MiB, well inside the last-level cache with p and the product, but at
         * least {@link #SLICE_MIN_ROWS} rows, below which the GEMM kernels lose more than the cache
         * gains (ConjugateGradientBenchmark, m = 32768: 2 MiB = 16 rows 0.45 s per step, 1 MiB 0.72 s,
         * 8 MiB 0.74 s, whole 1024-row tiles 0.72–0.79 s).
         */
        private static final int SLICE_BYTES = 1 << 21;
        private static final int SLICE_MIN_ROWS = 16;
        final Rows rows;
        final int m;
        final int k;
        final long n;
        final double[] mu;
        final double[] ybar;
        final DoubleMatrix rhs;      // Φ̃ᵀỸ
        final double scale;          // tr(Φ̃ᵀΦ̃)/n
        DoubleMatrix u;              // top eigenvectors of Φ̃ᵀΦ̃ (m×r), set once by a constructor
        double[] theta;              // their eigenvalues, ascending, set once by a constructor
        final double tolerance;
        final int maxIterations;
        int iterations;
        boolean converged = true;

        Solver(Rows rows, int rank, double tolerance, int maxIterations, Progress progress) {
            this(rows, tolerance, maxIterations);
            // top eigenpairs of Φ̃ᵀΦ̃ by a randomized range finder with one power step and Rayleigh–Ritz
            int r = Math.min(rank, m);
            DoubleMatrix omega = new DoubleMatrix(m, r);
            org.ntk4j.random.RandomStream.of(0x1e55L).fillGaussian(omega.data());
            progress.start("preconditioner: top " + r + " eigenpairs of the Gram matrix (3 passes)", 3);
            DoubleMatrix q = orthonormal(apply(orthonormal(omega), 0));
            progress.advance(1);
            q = orthonormal(apply(q, 0));
            progress.advance(1);
            DoubleMatrix t = Blas.multiply(q, true, apply(q, 0), false);
            progress.advance(1);
            progress.finish();
            Blas.symmetrize(t);
            SymmetricEigen e = Blas.eigen(t);
            u = Blas.multiply(q, e.vectors());
            theta = new double[e.values().length];
            int order = theta.length;
            double[] vals = e.values();
            // ascending order, clamped at 0: theta[0] is the smallest kept eigenvalue
            for (int i = 0; i < order; i++) {
                theta[i] = Math.max(vals[i], 0);
            }
            if (order > 1 && vals[0] > vals[order - 1]) {
                throw new IllegalStateException("eigenvalues expected in ascending order");
            }
        }

        /** The normal equations of rows, preconditioned by another row set's eigenpairs scaled by n/n_other. */
        Solver(Rows rows, Solver other, double tolerance, int maxIterations) {
            this(rows, tolerance, maxIterations);
            u = other.u;
            double ratio = (double) n / other.n;
            theta = new double[other.theta.length];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = other.theta[i] * ratio;
            }
        }

        /** Means, right-hand side and scale; the preconditioner (u, θ) is set by the two constructors above. */
        private Solver(Rows rows, double tolerance, int maxIterations) {
            this.rows = rows;
            this.m = rows.dim();
            this.k = rows.outputs();
            this.n = rows.count();
            this.tolerance = tolerance;
            this.maxIterations = maxIterations;
            mu = rows.columnMeans();
            ybar = new double[k];
            for (DoubleMatrix y : rows.targets) {
                for (int i = 0; i < y.data().length; i++) {
                    ybar[i % k] += y.data()[i];
                }
            }
            for (int c = 0; c < k; c++) {
                ybar[c] /= n;
            }
            // Φ̃ᵀỸ = ΦᵀY − n·μȳᵀ
            rhs = new DoubleMatrix(m, k);
            float[] scratch = rows.store == Store.FLOAT32 ? null : new float[WIDE_SLICE_ROWS * m];
            float[] tileProduct = new float[m * k];
            for (int t = 0; t < rows.features.size(); t++) {
                FeatureTile tile = rows.features.get(t);
                float[] y = rows.targets.get(t).toFloat().data();
                int slice = wideSlice(tile, rows.store);
                for (int from = 0; from < tile.rows; from += slice) {
                    int h = Math.min(slice, tile.rows - from);
                    FeatureTile.Slice f = tile.slice(from, h, scratch);
                    Blas.backend().sgemm(true, false, m, k, h, 1f, f.data(), f.offset(), m, y, from * k, k,
                            from == 0 ? 0f : 1f, tileProduct, 0, k);
                }
                addInto(rhs.data(), tileProduct);
            }
            for (int j = 0; j < m; j++) {
                for (int c = 0; c < k; c++) {
                    rhs.data()[j * k + c] -= n * mu[j] * ybar[c];
                }
            }
            double trace = rows.squaredNorm();     // tr(Φ̃ᵀΦ̃) = Σ‖φ‖² − n‖μ‖²
            for (double v : mu) {
                trace -= n * v * v;
            }
            scale = LambdaGrid.scale(trace, n);
        }

        /** Rows per slice of a wide product: float32 tiles whole, float16 ones converted in {@link #WIDE_SLICE_ROWS}. */
        private static int wideSlice(FeatureTile tile, Store store) {
            return store == Store.FLOAT32 ? tile.rows : WIDE_SLICE_ROWS;
        }

        private static void addInto(double[] a, float[] b) {
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
        }

        /** (Φ̃ᵀΦ̃ + λI)·p, for p with any number of columns. */
        DoubleMatrix apply(DoubleMatrix p, double lambda) {
            int cols = p.cols();
            FloatMatrix pf = p.toFloat();
            float[] shift = new float[cols];   // μᵀp
            for (int c = 0; c < cols; c++) {
                double t = 0;
                for (int j = 0; j < m; j++) {
                    t += mu[j] * p.data()[j * cols + c];
                }
                shift[c] = (float) t;
            }
            DoubleMatrix out = new DoubleMatrix(m, cols);
            float[] tileProduct = new float[m * cols];
            // Narrow p (the CG steps): both products on a slice of rows while it is in cache, so the
            // features stream from memory once per step instead of twice. Wide p (the preconditioner's
            // passes) is compute-bound and takes float32 tiles whole, float16 ones in slices.
            boolean narrow = cols <= NARROW_COLUMNS;
            int narrowSlice = Math.max(SLICE_MIN_ROWS, SLICE_BYTES / (Float.BYTES * m));
            float[] scratch = rows.store == Store.FLOAT32 ? null
                    : new float[(narrow ? narrowSlice : WIDE_SLICE_ROWS) * m];
            for (FeatureTile tile : rows.features) {
                int slice = narrow ? narrowSlice : wideSlice(tile, rows.store);
                for (int from = 0; from < tile.rows; from += slice) {
                    int h = Math.min(slice, tile.rows - from);
                    FeatureTile.Slice f = tile.slice(from, h, scratch);
                    float[] u = new float[h * cols];                  // Φp, then centred: Φ̃p = Φp − 1μᵀp
                    Blas.backend().sgemm(false, false, h, cols, m, 1f, f.data(), f.offset(), m, pf.data(), 0, cols,
                            0f, u, 0, cols);
                    for (int i = 0; i < u.length; i++) {
                        u[i] -= shift[i % cols];
                    }
                    // Φᵀ(Φ̃p) = Φ̃ᵀ(Φ̃p) summed over the tile: Φ̃p sums to 0 over all rows
                    Blas.backend().sgemm(true, false, m, cols, h, 1f, f.data(), f.offset(), m, u, 0, cols,
                            from == 0 ? 0f : 1f, tileProduct, 0, cols);
                }
                addInto(out.data(), tileProduct);
            }
            double[] o = out.data();
            for (int i = 0; i < o.length; i++) {
                o[i] += lambda * p.data()[i];
            }
            return out;
        }

        /**
         * Low-rank preconditioner: with Φ̃ᵀΦ̃ ≈ UΘUᵀ on its top r eigenpairs (θ_r the smallest kept),
         * P⁻¹x = U·diag((θ_r + λ)/(θ + λ))·Uᵀx + (x − UUᵀx). The captured directions are scaled down
         * to θ_r + λ and the rest lie in about [λ, θ_r + λ] (about: the eigenpairs are Ritz
         * approximations), so CG works against a condition number near (θ_r + λ)/λ instead of
         * (θ₁ + λ)/λ.
         */
        DoubleMatrix precondition(DoubleMatrix r, double lambda) {
            // as x + U·diag((θ_r + λ)/(θ + λ) − 1)·Uᵀx: one product with U each way
            DoubleMatrix c = Blas.multiply(u, true, r, false);          // Uᵀr
            int cols = r.cols();
            double floor = theta[0];
            for (int i = 0; i < theta.length; i++) {
                double f = (floor + lambda) / (theta[i] + lambda) - 1;
                for (int o = 0; o < cols; o++) {
                    c.data()[i * cols + o] *= f;
                }
            }
            DoubleMatrix z = Blas.multiply(u, c);
            double[] zd = z.data();
            for (int i = 0; i < zd.length; i++) {
                zd[i] += r.data()[i];
            }
            return z;
        }

        /**
         * Orthonormal columns spanning y's range, by two rounds of Y·V·Λ^{-1/2} from the eigen-
         * decomposition of YᵀY (CholQR2-like: the second round repairs the orthogonality the first
         * loses when Y is ill-conditioned). Directions below 10⁻⁷ of the largest singular value, which
         * that cannot resolve, are taken from the remainder after removing the found span, so a
         * spectrum with a few huge eigenvalues keeps its rank.
         */
        private static DoubleMatrix orthonormal(DoubleMatrix y) {
            return orthonormal(y, y.frobeniusNorm());
        }

        /** reference: the norm of the original y, against which what is left counts as rounding. */
        private static DoubleMatrix orthonormal(DoubleMatrix y, double reference) {
            DoubleMatrix q = orthonormalOnce(orthonormalOnce(y));
            if (q.cols() >= y.cols()) {
                return q;
            }
            // directions below the cut-off were dropped: take them from what is left of y once
            // q's span is removed (twice, for stability), and append their own orthonormal basis
            DoubleMatrix rest = removeSpan(removeSpan(y, q), q);
            if (!(rest.frobeniusNorm() > 1e-12 * reference)) {
                return q;
            }
            DoubleMatrix more = removeSpan(orthonormal(rest, reference), q);
            more = orthonormalOnce(more);
            int extra = Math.min(more.cols(), y.cols() - q.cols());
            if (extra < more.cols()) {
                more = more.selectColumns(java.util.stream.IntStream.range(0, extra).toArray());
            }
            DoubleMatrix out = new DoubleMatrix(y.rows(), q.cols() + more.cols());
            for (int i = 0; i < y.rows(); i++) {
                System.arraycopy(q.data(), i * q.cols(), out.data(), i * out.cols(), q.cols());
                System.arraycopy(more.data(), i * more.cols(), out.data(), i * out.cols() + q.cols(), more.cols());
            }
            return out;
        }

        /** y − q(qᵀy) for q with orthonormal columns. */
        private static DoubleMatrix removeSpan(DoubleMatrix y, DoubleMatrix q) {
            DoubleMatrix p = Blas.multiply(q, Blas.multiply(q, true, y, false));
            DoubleMatrix r = y.copy();
            for (int i = 0; i < r.data().length; i++) {
                r.data()[i] -= p.data()[i];
            }
            return r;
        }

        private static DoubleMatrix orthonormalOnce(DoubleMatrix y) {
            SymmetricEigen e = Blas.eigen(Blas.multiply(y, true, y, false));
            double top = 0;
            for (double v : e.values()) {
                top = Math.max(top, v);
            }
            int r = y.cols();
            java.util.List<Integer> keep = new java.util.ArrayList<>();
            for (int i = 0; i < r; i++) {
                if (e.values()[i] > 1e-14 * top) {
                    keep.add(i);
                }
            }
            DoubleMatrix v = new DoubleMatrix(r, keep.size());
            for (int j = 0; j < keep.size(); j++) {
                double inv = 1 / Math.sqrt(e.values()[keep.get(j)]);
                for (int i = 0; i < r; i++) {
                    v.set(i, j, e.vectors().get(i, keep.get(j)) * inv);
                }
            }
            return Blas.multiply(y, v);
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
            converged &= it < maxIterations;
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
