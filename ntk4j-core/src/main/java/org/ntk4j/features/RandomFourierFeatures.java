package org.ntk4j.features;

import org.ntk4j.kernel.KernelSpec;
import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Rows;
import org.ntk4j.random.RandomStream;

/**
 * Random Fourier features (Rahimi &amp; Recht 2007) of the Gaussian kernel exp(−γ‖x − y‖²): by
 * Bochner, the kernel is E_w[cos(wᵀ(x − y))] with w ~ N(0, 2γI). Two forms of m features:
 * <ul>
 *   <li>pairs (default): m/2 frequencies, φ = √(2/m)·[cos wⱼᵀx, sin wⱼᵀx]ⱼ, whose inner product is
 *       the mean of cos(wⱼᵀ(x − y)) exactly;</li>
 *   <li>{@code phase=true}: m frequencies, φ = √(2/m)·cos(wⱼᵀx + bⱼ) with bⱼ ~ U[0, 2π), which adds
 *       the noise term cos(wᵀ(x + y) + 2b).</li>
 * </ul>
 * Bandwidth: {@code gamma}, or {@code sigma} with γ = 1/(2σ²); by default γ = 1/d, which on
 * standardised inputs (as the model trainer passes them: E‖x − y‖² = 2d) puts typical kernel
 * values near e⁻², neither all ≈ 1 nor all ≈ 0. The median heuristic would need the data.
 *
 * <p>Projections in float64 by {@link Blas#deterministic()} and StrictMath cos/sin, so features
 * are bit-identical on every machine, block size and thread count.
 */
final class RandomFourierFeatures extends BaseFeatureMap {
    private final int inputDim;
    private final int dim;
    private final int frequencies;
    private final boolean phase;
    private final double[] w;      // inputDim × frequencies, row-major, entries N(0, 2γ)
    private final double[] offset; // per frequency (phase form)
    private final double scale;

    RandomFourierFeatures(FeatureMapSpec spec, int[] inputShape) {
        super(spec, inputShape);
        MapParams.allowOnly(spec, "dim", "gamma", "sigma", "phase");
        this.inputDim = MapParams.flatDim(inputShape);
        this.dim = MapParams.atLeast(spec, "dim", 1);
        this.phase = spec.getBoolean("phase", false);
        if (!phase && dim % 2 != 0) {
            throw new IllegalArgumentException("rff with cos/sin pairs needs an even dim, got " + dim + " (or set phase=true)");
        }
        double gamma = gamma(spec, inputDim);
        this.frequencies = phase ? dim : dim / 2;
        this.scale = Math.sqrt(2.0 / dim);
        RandomStream rng = RandomStream.of(spec.seed()).child("rff");
        double[] column = new double[inputDim];
        double sd = Math.sqrt(2 * gamma);
        this.w = new double[Math.multiplyExact(inputDim, frequencies)];
        RandomStream freq = rng.child("frequencies");
        for (int j = 0; j < frequencies; j++) {
            freq.fillGaussian(column);
            for (int i = 0; i < inputDim; i++) {
                w[i * frequencies + j] = sd * column[i];
            }
        }
        this.offset = new double[phase ? frequencies : 0];
        RandomStream phases = rng.child("phases");
        for (int j = 0; j < offset.length; j++) {
            offset[j] = 2 * Math.PI * phases.nextDouble();
        }
    }

    private static double gamma(FeatureMapSpec spec, int d) {
        boolean hasGamma = spec.params().containsKey("gamma");
        boolean hasSigma = spec.params().containsKey("sigma");
        if (hasGamma && hasSigma) {
            throw new IllegalArgumentException("rff takes gamma or sigma, not both");
        }
        double g = hasSigma ? 1 / (2 * square(spec.getDouble("sigma"))) : spec.getDouble("gamma", 1.0 / d);
        if (!(g > 0) || !Double.isFinite(g)) {
            throw new IllegalArgumentException("rff bandwidth must give a positive finite gamma, got " + KernelSpec.SpecText.num(g));
        }
        return g;
    }

    private static double square(double v) {
        return v * v;
    }



    @Override
    public int outputDim() {
        return dim;
    }

    @Override
    public FloatMatrix transform(Rows block) {
        checkInput(block);
        DoubleMatrix x = block.dense();
        int b = x.rows();
        double[] p = new double[Math.multiplyExact(b, frequencies)];
        Blas.deterministic().dgemm(false, false, b, frequencies, inputDim, 1.0, x.data(), 0, inputDim, w, 0,
                frequencies, 0.0, p, 0, frequencies);
        float[] out = new float[Math.multiplyExact(b, dim)];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < frequencies; j++) {
                double t = p[r * frequencies + j];
                if (phase) {
                    out[r * dim + j] = (float) (scale * StrictMath.cos(t + offset[j]));
                } else {
                    out[r * dim + 2 * j] = (float) (scale * StrictMath.cos(t));
                    out[r * dim + 2 * j + 1] = (float) (scale * StrictMath.sin(t));
                }
            }
        }
        return new FloatMatrix(b, dim, out);
    }
}
