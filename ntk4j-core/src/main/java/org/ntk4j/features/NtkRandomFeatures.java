package org.ntk4j.features;

import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.linalg.Rows;
import org.ntk4j.random.RandomStream;
import org.ntk4j.sketch.TensorSrht;

/**
 * NTK Random Features (algorithms.md §4.3): per layer h = 1..L, arc-cosine random features of the
 * previous NNGP feature give the new NNGP feature (ReLU, m1) and a step feature (m0); a TensorSRHT
 * of size ms sketches (previous NTK feature) ⊗ (step feature), and the new NTK feature is
 * [NNGP feature, sketch], mirroring Θ_h = Σ_h + Θ_{h−1}·Σ̇_h. Starting from Σ_0 = Θ_0 = ⟨x,y⟩,
 * inner products estimate the paper-convention NTK Θ_L(x,y), or with {@code output=nngp} the
 * NNGP Σ_L(x,y).
 *
 * <p>Output dimension m1 + ms (NTK) or m1 (NNGP). Cost per row: one GEMM of the layer input
 * against m0 + m1 columns per layer, plus FWHTs of the two TensorSRHT operands. With
 * {@code shared-steps=true} (the CLI's default when m0 ≤ m1) the step features are the signs of
 * the first m0 ReLU projections negated, so the GEMM has m1 columns only. The antithetic pairing
 * (a ReLU feature and the step feature of the opposite direction are never both non-zero) makes
 * the errors of Σ̂ and the step kernel negatively correlated: over 15 seeds at m1 = m0 = 1024,
 * ms = 2048 the mean relative error against the exact NTK was 0.0726 / 0.1031 / 0.1249 at depth
 * 1 / 2 / 3, against 0.0741 / 0.1075 / 0.1305 with independent directions.
 */
public final class NtkRandomFeatures extends BaseFeatureMap {
    private final int depth;
    private final int m1;
    private final int ms;
    private final boolean nngp;
    private final ArcCosineLayer[] layers;
    private final TensorSrht[] products;

    public NtkRandomFeatures(FeatureMapSpec spec, int[] inputShape) {
        super(spec, inputShape);
        this.depth = spec.getInt("depth");
        this.m1 = spec.getInt("m1");
        int m0 = spec.getInt("m0");
        this.ms = spec.getInt("ms");
        String output = spec.getOr("output", "ntk");
        if (!output.equals("ntk") && !output.equals("nngp")) {
            throw new IllegalArgumentException("ntk-rf output must be ntk or nngp, got '" + output + "'");
        }
        this.nngp = output.equals("nngp");
        boolean leverage = spec.getBoolean("leverage", true);
        boolean symmetric = spec.getBoolean("symmetric-step", false);
        // absent = false, so specs stored before the option existed rebuild the same features
        boolean sharedSteps = spec.getBoolean("shared-steps", false);
        if (depth < 1 || depth > 100) {
            throw new IllegalArgumentException("ntk-rf depth must be between 1 and 100, got " + depth);
        }
        if (m1 < 1 || m0 < 1 || ms < 0) {
            throw new IllegalArgumentException("ntk-rf needs m1 >= 1, m0 >= 1 and ms >= 0, got m1=" + m1 + ", m0=" + m0 + ", ms=" + ms);
        }
        if (ms == 0 && !nngp) {
            throw new IllegalArgumentException("ntk-rf with ms=0 has no NTK part (its features estimate the NNGP); "
                    + "give ms > 0, or ask for the NNGP (output=nngp, --nngp)");
        }
        int d = inputDim();
        RandomStream rng = RandomStream.of(spec.seed()).child("ntk-rf");
        layers = new ArcCosineLayer[depth];
        products = new TensorSrht[depth];
        int ntkDim = d;
        for (int h = 0; h < depth; h++) {
            RandomStream layer = rng.child(h);
            layers[h] = new ArcCosineLayer(layer.child("arccos"), h == 0 ? d : m1, m1, m0, leverage, symmetric,
                    sharedSteps);
            if (ms > 0) {
                products[h] = new TensorSrht(ntkDim, m0, ms, layer.child("tensor"));
            }
            ntkDim = m1 + ms;
        }
    }



    @Override
    public int outputDim() {
        return nngp || ms == 0 ? m1 : m1 + ms;
    }

    @Override
    public FloatMatrix transform(Rows block) {
        checkInput(block);
        int rows = block.rows();
        float[] nngpIn = Inputs.toFloat(block);
        float[] ntkIn = nngpIn;
        int ntkDim = inputDim();
        for (int h = 0; h < depth; h++) {
            ArcCosineLayer layer = layers[h];
            int m0 = layer.stepDim();
            float[] relu = new float[rows * m1];
            float[] step = new float[rows * m0];
            layer.apply(nngpIn, rows, new float[layer.projectionSize(rows)], relu, step);
            if (ms == 0) {
                nngpIn = relu;
                ntkIn = relu;
                ntkDim = m1;
                continue;
            }
            int outDim = m1 + ms;
            float[] next = new float[rows * outDim];
            final float[] prevNtk = ntkIn;
            final int prevDim = ntkDim;
            final TensorSrht product = products[h];
            Parallel.forRanges(rows, 8, (from, to) -> {
                for (int r = from; r < to; r++) {
                    System.arraycopy(relu, r * m1, next, r * outDim, m1);
                    product.apply(prevNtk, r * prevDim, step, r * m0, next, r * outDim + m1);
                }
            });
            nngpIn = relu;
            ntkIn = next;
            ntkDim = outDim;
        }
        return nngp ? new FloatMatrix(rows, m1, nngpIn) : new FloatMatrix(rows, ntkDim, ntkIn);
    }
}
