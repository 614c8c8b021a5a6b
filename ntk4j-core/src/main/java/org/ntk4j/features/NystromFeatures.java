package org.ntk4j.features;

import org.ntk4j.kernel.KernelSpec;
import org.ntk4j.kernel.Kernels;
import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Rows;
import org.ntk4j.random.RandomStream;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Nyström features of any exact kernel of the project: for landmarks C (m training rows),
 * φ(x) = K(x, C)·V·diag(σ)^{−1/2} where K_CC = V·diag(σ)·Vᵀ, so ⟨φ(x), φ(y)⟩ =
 * K(x,C)·K_CC⁺·K(C,y), the kernel projected onto the span of the landmarks; with every training
 * row a landmark it is the exact kernel on them. Eigenvalues below {@value #RELATIVE_CUTOFF}·σ_max
 * are cut from the pseudo-inverse (duplicate or nearly dependent landmarks), so the output
 * dimension is the numerical rank r ≤ m.
 *
 * <p>Spec: {@code nystrom(kernel=<kernel spec>,dim=M,sampling=rls|uniform,seed=S)}; landmarks
 * are drawn uniformly without replacement or by recursive ridge-leverage-score sampling
 * ({@link RidgeLeverageSampling}, the default). The landmarks and the projection are the fitted
 * {@link #state()}. Transforms cost O(b·m·(d + r)) per block of b rows and never depend on the
 * block size or thread count.
 */
final class NystromFeatures extends BaseFeatureMap implements FittedFeatureMap {
    static final double RELATIVE_CUTOFF = 1e-10;
    static final String LANDMARKS = "landmarks";
    static final String PROJECTION = "projection";

    private final KernelBlocks kernel;
    private final DoubleMatrix landmarks;   // m × d, preprocessed training rows
    private final DoubleMatrix projection;  // m × r, V_r·diag(σ_r)^{-1/2}, largest σ first

    private NystromFeatures(FeatureMapSpec spec, int[] shape, KernelBlocks kernel, DoubleMatrix landmarks,
                            DoubleMatrix projection) {
        super(spec, shape);
        this.kernel = kernel;
        this.landmarks = landmarks;
        this.projection = projection;
    }

    /** Samples landmarks from the training rows and factors their kernel matrix. */
    static NystromFeatures fit(FeatureMapSpec spec, int[] inputShape, Rows train) {
        KernelBlocks kernel = checkSpec(spec);
        int m = MapParams.atLeast(spec, "dim", 1);
        String sampling = spec.getOr("sampling", "rls");
        if (train.cols() != MapParams.flatDim(inputShape)) {
            throw new IllegalArgumentException("training rows have " + train.cols() + " columns, the input shape "
                    + Arrays.toString(inputShape) + " has " + MapParams.flatDim(inputShape));
        }
        DoubleMatrix x = train.dense();
        int n = x.rows();
        if (n == 0) {
            throw new IllegalArgumentException("Nyström needs training rows to draw landmarks from");
        }
        int size = Math.min(m, n);
        RandomStream rng = RandomStream.of(spec.seed()).child("nystrom");
        int[] chosen = switch (sampling) {
            case "uniform" -> rng.child("uniform").sampleWithoutReplacement(n, size);
            case "rls" -> RidgeLeverageSampling.sample(kernel, x, kernel.diagonal(x), size, rng.child("rls"));
            default -> throw new IllegalArgumentException("nystrom sampling must be rls or uniform, got '" + sampling + "'");
        };
        Arrays.sort(chosen);
        DoubleMatrix c = x.selectRows(chosen);
        return new NystromFeatures(spec, inputShape, kernel, c, projection(kernel.cross(c, c)));
    }

    /** The map a model file describes: spec plus the saved landmarks and projection. */
    static NystromFeatures restore(FeatureMapSpec spec, int[] inputShape, Map<String, DoubleMatrix> state) {
        KernelBlocks kernel = checkSpec(spec);
        if (!state.keySet().equals(Set.of(LANDMARKS, PROJECTION))) {
            throw new IllegalArgumentException("nystrom state must hold exactly '" + LANDMARKS + "' and '"
                    + PROJECTION + "', got " + state.keySet());
        }
        DoubleMatrix c = state.get(LANDMARKS);
        DoubleMatrix p = state.get(PROJECTION);
        if (c.cols() != MapParams.flatDim(inputShape) || p.rows() != c.rows() || p.cols() < 1) {
            throw new IllegalArgumentException("nystrom landmarks " + c.rows() + "x" + c.cols() + " and projection "
                    + p.rows() + "x" + p.cols() + " do not fit inputs of " + MapParams.flatDim(inputShape) + " columns");
        }
        return new NystromFeatures(spec, inputShape, kernel, c, p);
    }

    private static KernelBlocks checkSpec(FeatureMapSpec spec) {
        MapParams.allowOnly(spec, "kernel", "dim", "sampling");
        return new KernelBlocks(Kernels.build(KernelSpec.parse(spec.get("kernel"))));
    }

    /** V_r·diag(σ_r)^{-1/2} over the eigenvalues above the cutoff, largest first. */
    private static DoubleMatrix projection(DoubleMatrix kcc) {
        int m = kcc.rows();
        double[] values = new double[m];
        DoubleMatrix v = kcc.copy();
        int info = Blas.deterministic().dsyevd(m, v.data(), m, values);
        if (info != 0) {
            throw new ArithmeticException("eigen-decomposition of the landmark kernel matrix failed (info " + info + ")");
        }
        double max = values[m - 1];
        int r = 0;
        while (r < m && values[m - 1 - r] > RELATIVE_CUTOFF * max) {
            r++;
        }
        if (!(max > 0) || r == 0) {
            throw new IllegalArgumentException("the kernel matrix of the Nyström landmarks is zero: the inputs carry no signal");
        }
        DoubleMatrix p = new DoubleMatrix(m, r);
        for (int c = 0; c < r; c++) {
            int j = m - 1 - c;
            double s = 1 / Math.sqrt(values[j]);
            for (int i = 0; i < m; i++) {
                p.set(i, c, v.get(i, j) * s);
            }
        }
        return p;
    }



    @Override
    public int outputDim() {
        return projection.cols();
    }

    /** Number of landmarks (the output dimension may be smaller). */
    int landmarkCount() {
        return landmarks.rows();
    }

    @Override
    public Map<String, DoubleMatrix> state() {
        Map<String, DoubleMatrix> s = new LinkedHashMap<>();
        s.put(LANDMARKS, landmarks);
        s.put(PROJECTION, projection);
        return s;
    }

    @Override
    public FloatMatrix transform(Rows block) {
        return transformDouble(block).toFloat();
    }

    /** Computed in float64 throughout, so ΦΦᵀ reproduces the kernel to double accuracy. */
    @Override
    public DoubleMatrix transformDouble(Rows block) {
        checkInput(block);
        DoubleMatrix k = kernel.cross(block.dense(), landmarks);
        int b = k.rows();
        int m = landmarks.rows();
        int r = projection.cols();
        DoubleMatrix out = new DoubleMatrix(b, r);
        Blas.deterministic().dgemm(false, false, b, r, m, 1.0, k.data(), 0, m, projection.data(), 0, r, 0.0,
                out.data(), 0, r);
        return out;
    }

    @Override
    public String describe() {
        return spec() + " -> " + outputDim() + " features from " + landmarkCount() + " landmarks";
    }
}
