package org.ntk4j.features;

import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Rows;
import org.ntk4j.random.RandomStream;

/**
 * Arc-cosine random features of the depth-L NNGP (Cho &amp; Saul; algorithms.md §4.1): L ReLU
 * layers z_h = √(2/m)·relu(W_hᵀz_{h−1}) of m features each, z_0 = x. Each layer estimates
 * ⟨a,b⟩ ↦ ‖a‖‖b‖κ1(ρ) without bias, so ⟨z_L(x), z_L(y)⟩ estimates the paper-convention NNGP
 * ‖x‖‖y‖·κ1^{∘L}(ρ) (FullyConnectedNtk.paper(L, true)); the estimate is unbiased for L = 1 and
 * consistent as m grows for deeper maps. {@code leverage=true} draws the ReLU directions from the
 * leverage-score distribution of §4.2 (same kernel, flatter scores); plain Gaussian by default,
 * the classic baseline.
 *
 * <p>Spec: {@code arccos-rf(depth=L,dim=M[,leverage=true],seed=S)}; output dimension M.
 */
final class ArcCosineFeatures extends BaseFeatureMap {
    private final int dim;
    private final ArcCosineLayer[] layers;

    ArcCosineFeatures(FeatureMapSpec spec, int[] inputShape) {
        super(spec, inputShape);
        MapParams.allowOnly(spec, "depth", "dim", "leverage");
        int depth = MapParams.atLeast(spec, "depth", 1);
        this.dim = MapParams.atLeast(spec, "dim", 1);
        boolean leverage = spec.getBoolean("leverage", false);
        RandomStream rng = RandomStream.of(spec.seed()).child("arccos-rf");
        this.layers = new ArcCosineLayer[depth];
        int in = MapParams.flatDim(inputShape);
        for (int h = 0; h < depth; h++) {
            layers[h] = new ArcCosineLayer(rng.child("layer").child(h), in, dim, 0, leverage, false, false);
            in = dim;
        }
    }



    @Override
    public int outputDim() {
        return dim;
    }

    @Override
    public FloatMatrix transform(Rows block) {
        checkInput(block);
        int b = block.rows();
        float[] z = Inputs.toFloat(block);
        float[] projection = new float[layers[0].projectionSize(b)];
        float[] none = new float[0];
        for (ArcCosineLayer layer : layers) {
            float[] next = new float[Math.multiplyExact(b, dim)];
            layer.apply(z, b, projection, next, none);
            z = next;
        }
        return new FloatMatrix(b, dim, z);
    }
}
