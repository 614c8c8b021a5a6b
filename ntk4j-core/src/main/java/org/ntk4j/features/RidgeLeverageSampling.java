package org.ntk4j.features;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.BlasBackend;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

/**
 * Nyström landmarks by recursive ridge-leverage-score sampling (Musco &amp; Musco, NeurIPS 2017).
 *
 * <p>The λ-ridge leverage score of point i is l_i = k_ii − k_iᵀ(K + λI)⁻¹k_i: how badly the span of
 * the other points explains it. Points of small, isolated clusters score high, points of large
 * clusters low, so sampling ∝ l puts landmarks where uniform sampling leaves gaps. Exact scores
 * need the n×n kernel; instead, recurse on a uniform half of the points, whose weighted landmark
 * sample S (weights w) approximates the kernel, and score every point against it:
 * l_i ≈ k_ii − (W k_Si)ᵀ(W K_SS W + λI)⁻¹(W k_Si). Scores against a subset only overestimate the
 * true ones, which keeps every point's chance of selection safe. Then m distinct points are drawn
 * ∝ scores, with weights 1/√p_i, p_i = min(1, m·l_i/Σl).
 *
 * <p>λ = tr(K)/m throughout. The statistical dimension d_λ = Σ σ_j/(σ_j + λ) ≤ tr(K)/λ is then at
 * most m, so m landmarks can capture every direction that the ridge at this λ resolves, whatever
 * the spectrum; a smaller λ would ask m points to cover more directions than they can.
 *
 * <p>Cost: O(n·m²) kernel products and solves at the top level, halving with each level below;
 * memory O(m² + block·m). All draws come from the given stream; all algebra from
 * {@link Blas#deterministic()}.
 */
final class RidgeLeverageSampling {
    private static final int BLOCK = 1024;

    private final KernelBlocks kernel;
    private final DoubleMatrix x;
    private final double[] diagonal;
    private final int m;
    private final double lambda;
    private final RandomStream rng;

    private record Sample(int[] indices, double[] weights) {
    }

    private RidgeLeverageSampling(KernelBlocks kernel, DoubleMatrix x, double[] diagonal, int m, RandomStream rng) {
        this.kernel = kernel;
        this.x = x;
        this.diagonal = diagonal;
        this.m = m;
        double trace = 0;
        for (double v : diagonal) {
            trace += v;
        }
        // a zero kernel has zero scores; any positive λ keeps the solves defined
        this.lambda = trace > 0 ? trace / m : 1.0;
        this.rng = rng;
    }

    /** m distinct row indices of x (m ≤ rows), sampled ∝ approximate ridge leverage scores. */
    static int[] sample(KernelBlocks kernel, DoubleMatrix x, double[] diagonal, int m, RandomStream rng) {
        if (m > x.rows() || m < 1) {
            throw new IllegalArgumentException("cannot sample " + m + " landmarks from " + x.rows() + " rows");
        }
        int[] all = new int[x.rows()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new RidgeLeverageSampling(kernel, x, diagonal, m, rng).select(all, 0).indices();
    }

    private Sample select(int[] points, int level) {
        if (points.length <= m) {
            double[] ones = new double[points.length];
            java.util.Arrays.fill(ones, 1.0);
            return new Sample(points, ones);
        }
        int[] order = rng.child("half").child(level).permutation(points.length);
        int[] half = new int[(points.length + 1) / 2];
        for (int i = 0; i < half.length; i++) {
            half[i] = points[order[i]];
        }
        Sample coarse = select(half, level + 1);
        double[] scores = scores(points, coarse);
        return drawProportional(points, scores, rng.child("draw").child(level));
    }

    /** Approximate λ-ridge leverage scores of the points against a weighted sample. */
    private double[] scores(int[] points, Sample s) {
        BlasBackend blas = Blas.deterministic();
        int k = s.indices().length;
        DoubleMatrix xs = x.selectRows(s.indices());
        double[] w = s.weights();
        // A = W K_SS W + λI, factored once
        DoubleMatrix a = kernel.cross(xs, xs);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                a.set(i, j, a.get(i, j) * w[i] * w[j]);
            }
            a.add(i, i, lambda);
        }
        int info = blas.dpotrf(k, a.data(), k);
        if (info != 0) {
            throw new ArithmeticException("leverage-score system is not positive definite (minor " + info + ")");
        }
        double[] out = new double[points.length];
        for (int from = 0; from < points.length; from += BLOCK) {
            int to = Math.min(points.length, from + BLOCK);
            int[] idx = java.util.Arrays.copyOfRange(points, from, to);
            int b = idx.length;
            DoubleMatrix c = kernel.cross(xs, x.selectRows(idx)); // k × b: columns W k_Si
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < b; j++) {
                    c.set(i, j, c.get(i, j) * w[i]);
                }
            }
            DoubleMatrix solved = c.copy();
            blas.dpotrs(k, b, a.data(), k, solved.data(), b);
            for (int j = 0; j < b; j++) {
                double q = 0;
                for (int i = 0; i < k; i++) {
                    q += c.get(i, j) * solved.get(i, j);
                }
                out[from + j] = Math.max(0, diagonal[idx[j]] - q);
            }
        }
        return out;
    }

    /**
     * m distinct points drawn ∝ score without replacement (Efraimidis–Spirakis keys u^(1/l): the
     * m largest win), weighted 1/√p with p = min(1, m·l/Σl) as the next level's kernel estimate needs.
     */
    private Sample drawProportional(int[] points, double[] scores, RandomStream draw) {
        int n = points.length;
        double total = 0;
        for (double s : scores) {
            total += s;
        }
        double[] keys = new double[n];
        for (int i = 0; i < n; i++) {
            double u = draw.nextDouble();
            double l = total > 0 ? scores[i] : 1.0; // an all-zero kernel: uniform
            keys[i] = l > 0 ? StrictMath.log(u) / l : Double.NEGATIVE_INFINITY;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // largest key first; ties (zero scores) by position, so the result is deterministic
        java.util.Arrays.sort(order, (p, q) -> {
            int c = Double.compare(keys[q], keys[p]);
            return c != 0 ? c : Integer.compare(p, q);
        });
        int[] chosen = new int[m];
        double[] weights = new double[m];
        for (int r = 0; r < m; r++) {
            int i = order[r];
            chosen[r] = points[i];
            double p = total > 0 ? Math.min(1.0, m * scores[i] / total) : (double) m / n;
            weights[r] = p > 0 ? 1 / Math.sqrt(p) : 1.0;
        }
        return new Sample(chosen, weights);
    }
}
