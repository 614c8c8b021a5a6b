package org.ntk4j.linalg;

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by the implicit QL algorithm with
 * Wilkinson shifts. Each QL sweep is a chain of plane rotations on neighbouring rows of the vector
 * matrix; applying them one by one would stream the whole n×n matrix through memory per sweep, so
 * sweeps are recorded (they do not depend on the vectors) and applied in batches: column strip by
 * column strip, with sweep s+1 trailing sweep s by two rows (a wavefront), every strip stays in
 * cache while all the batch's rotations pass over it.
 */
final class JavaTridiagonalQl {
    private static final double EPS = Math.ulp(1.0) / 2;
    private static final double SAFMIN = Double.MIN_NORMAL;
    private static final int MAX_ITERATIONS = 30;
    /** Sweeps per batch: the wavefront window is 2·BATCH+2 rows of one strip. */
    private static final int BATCH = 32;
    /** Strip width in columns (2 KiB per row: the window fits L2). */
    private static final int STRIP = 256;

    private JavaTridiagonalQl() {
    }

    /**
     * Diagonalises T (diagonal d, off-diagonal e with e[i] = T[i][i+1]): on return d holds the
     * eigenvalues (unsorted) and the rows of zt have been rotated, so zt starting from the identity
     * ends with eigenvector k of T in row k. Returns 0, or l+1 when eigenvalue l did not converge.
     */
    static int solve(int n, double[] d, double[] e, double[] zt) {
        e[n - 1] = 0;
        // Split test relative to ‖T‖ (as EISPACK's tql2), not to the two local diagonal entries: near-zero
        // eigenvalues of a semi-definite matrix sit beside off-diagonal noise of order ε‖T‖ that the
        // sweeps through the large entries keep re-creating, so a purely local test may never pass.
        double norm = 0;
        for (int i = 0; i < n; i++) {
            norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
        }
        double small = Math.max(EPS * norm, SAFMIN);
        Batch batch = new Batch(n, zt);
        for (int l = 0; l < n; l++) {
            int iterations = 0;
            while (true) {
                // Smallest m ≥ l where T splits.
                int m = l;
                while (m < n - 1 && Math.abs(e[m]) > small) {
                    m++;
                }
                if (m == l) {
                    break;
                }
                if (++iterations > MAX_ITERATIONS) {
                    batch.flush();
                    return l + 1;
                }
                // Shift: the eigenvalue of the leading 2×2 block of T[l..m] nearer to d[l].
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = pythag(g, 1.0);
                g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
                double s = 1;
                double c = 1;
                double p = 0;
                boolean split = false;
                batch.begin(m - 1);
                // Chase the bulge from the bottom of the block up to l, one rotation per row pair.
                for (int i = m - 1; i >= l; i--) {
                    double f = s * e[i];
                    double b = c * e[i];
                    r = pythag(f, g);
                    e[i + 1] = r;
                    if (r == 0) {
                        // Underflow: T splits at i+1; recover and restart the search.
                        d[i + 1] -= p;
                        e[m] = 0;
                        split = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                    batch.add(c, s);
                }
                batch.end();
                if (split) {
                    continue;
                }
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
        }
        batch.flush();
        return 0;
    }

    /** sqrt(a² + b²) without intermediate overflow or underflow. */
    private static double pythag(double a, double b) {
        double x = Math.abs(a);
        double y = Math.abs(b);
        double big = Math.max(x, y);
        if (big == 0) {
            return 0;
        }
        double q = Math.min(x, y) / big;
        return big * Math.sqrt(1 + q * q);
    }

    /** Recorded sweeps: sweep k rotates row pairs (i, i+1) for i = hi[k] down to lo[k]. */
    private static final class Batch {
        private final int n;
        private final double[] zt;
        private final double[] cos;
        private final double[] sin;
        private final int[] hi = new int[BATCH];
        private final int[] lo = new int[BATCH];
        private final int[] start = new int[BATCH];
        private int sweeps;
        private int size;

        Batch(int n, double[] zt) {
            this.n = n;
            this.zt = zt;
            this.cos = new double[BATCH * n];
            this.sin = new double[BATCH * n];
        }

        void begin(int top) {
            hi[sweeps] = top;
            start[sweeps] = size;
        }

        void add(double c, double s) {
            cos[size] = c;
            sin[size] = s;
            size++;
        }

        void end() {
            int count = size - start[sweeps];
            if (count == 0) {
                return;
            }
            lo[sweeps] = hi[sweeps] - count + 1;
            if (++sweeps == BATCH) {
                flush();
            }
        }

        /**
         * Applies the batch in its original order's effect: at wavefront step r sweep k rotates the
         * pair (r + 2k, r + 2k + 1). Sweep k+1 reaches pair i only after sweep k has passed pair
         * i − 1, the last of its rotations touching rows i or i+1; all reorderings are of rotations
         * on disjoint rows, which commute. Strips are independent, so they run in parallel.
         */
        void flush() {
            if (sweeps == 0) {
                return;
            }
            int top = Integer.MIN_VALUE;
            int bottom = Integer.MAX_VALUE;
            for (int k = 0; k < sweeps; k++) {
                top = Math.max(top, hi[k] - 2 * k);
                bottom = Math.min(bottom, lo[k] - 2 * k);
            }
            int strips = (n + STRIP - 1) / STRIP;
            int stepTop = top;
            int stepBottom = bottom;
            int count = sweeps;
            Parallel.forEach(strips, strip -> {
                int c0 = strip * STRIP;
                int len = Math.min(STRIP, n - c0);
                for (int r = stepTop; r >= stepBottom; r--) {
                    for (int k = 0; k < count; k++) {
                        int i = r + 2 * k;
                        if (i <= hi[k] && i >= lo[k]) {
                            int idx = start[k] + hi[k] - i;
                            VecOps.rot(zt, i * n + c0, (i + 1) * n + c0, len, cos[idx], sin[idx]);
                        }
                    }
                }
            });
            sweeps = 0;
            size = 0;
        }
    }
}
