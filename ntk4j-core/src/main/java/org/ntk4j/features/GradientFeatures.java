package org.ntk4j.features;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.BlasBackend;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Rows;
import org.ntk4j.random.RandomStream;

/**
 * Per-example gradient features ("GradRF"): the gradient, at a random initialisation, of the
 * scalar output of a finite fully connected ReLU network with respect to all its weights. The
 * network, with L hidden layers of width w, no biases and N(0, 1) weights:
 * <pre>
 *   a_0 = x,  h_l = W_lᵀ a_{l−1},  a_l = √(2/w)·relu(h_l)  (l = 1..L),  f(x) = vᵀa_L
 * </pre>
 * i.e. the NTK parameterisation with He scaling, no 1/√d on the first layer. Then
 * ∂f/∂v = a_L and ∂f/∂W_l = a_{l−1}δ_lᵀ with δ_L = √(2/w)·1(h_L &gt; 0)⊙v and
 * δ_l = √(2/w)·1(h_l &gt; 0)⊙(W_{l+1}δ_{l+1}). As w → ∞, ⟨∇f(x), ∇f(y)⟩ tends to the paper-convention
 * NTK Θ_L of algorithms.md §1.1 (every layer trained, Θ⁰ = ⟨x,y⟩): the readout term gives Σ⁽ᴸ⁾
 * and layer l gives Σ⁽ˡ⁻¹⁾·Π_{j≥l}Σ̇⁽ʲ⁾. In neural-tangents terms that is (d/2)·NTK with
 * W_std = √2 and no bias — equivalently d·2^L·NTK with W_std = 1 — because NT scales the first
 * layer by 1/√d and puts the ReLU's ½ in the kernel instead of He's 2.
 *
 * <p>Width: the largest w whose feature count d·w + (L−1)·w² + w is closest to {@code dim};
 * the output dimension is that exact count. Spec: {@code grad-rf(depth=L,dim=M,seed=S)}.
 * Float32; all products by {@link Blas#deterministic()}.
 */
final class GradientFeatures extends BaseFeatureMap {
    private final int inputDim;
    private final int depth;
    private final int width;
    private final int dim;
    private final float[][] weights; // W_l: fanIn × width, row-major
    private final float[] readout;   // v
    private final float gain;        // √(2/w)

    GradientFeatures(FeatureMapSpec spec, int[] inputShape) {
        super(spec, inputShape);
        MapParams.allowOnly(spec, "depth", "dim");
        this.inputDim = MapParams.flatDim(inputShape);
        this.depth = MapParams.atLeast(spec, "depth", 1);
        this.width = width(MapParams.atLeast(spec, "dim", 1), inputDim, depth);
        this.dim = Math.toIntExact(featureCount(width, inputDim, depth));
        this.gain = (float) Math.sqrt(2.0 / width);
        RandomStream rng = RandomStream.of(spec.seed()).child("grad-rf");
        this.weights = new float[depth][];
        int fanIn = inputDim;
        for (int l = 0; l < depth; l++) {
            weights[l] = gaussian(rng.child("layer").child(l), fanIn * width);
            fanIn = width;
        }
        this.readout = gaussian(rng.child("readout"), width);
    }

    private static float[] gaussian(RandomStream rng, int size) {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }

    /** Number of weights (= features) of the network: d·w + (L−1)·w² + w. */
    static long featureCount(long w, long d, int depth) {
        return d * w + (depth - 1) * w * w + w;
    }

    /** The width whose weight count is closest to m (at least 1). */
    static int width(int m, int d, int depth) {
        double root = depth == 1 ? (double) m / (d + 1)
                : (-(d + 1.0) + Math.sqrt((d + 1.0) * (d + 1.0) + 4.0 * (depth - 1) * m)) / (2.0 * (depth - 1));
        int best = Math.max(1, (int) Math.floor(root));
        if (Math.abs(featureCount(best + 1, d, depth) - m) < Math.abs(featureCount(best, d, depth) - m)) {
            best++;
        }
        return best;
    }

    int width() {
        return width;
    }



    @Override
    public int outputDim() {
        return dim;
    }

    @Override
    public FloatMatrix transform(Rows block) {
        checkInput(block);
        BlasBackend blas = Blas.deterministic();
        int b = block.rows();
        // forward: pre-activations h_l and activations a_l, a_0 = x
        float[][] act = new float[depth + 1][];
        float[][] pre = new float[depth + 1][];
        act[0] = Inputs.toFloat(block);
        int fanIn = inputDim;
        for (int l = 1; l <= depth; l++) {
            pre[l] = new float[b * width];
            blas.sgemm(false, false, b, width, fanIn, 1f, act[l - 1], 0, fanIn, weights[l - 1], 0, width, 0f,
                    pre[l], 0, width);
            act[l] = new float[b * width];
            for (int i = 0; i < pre[l].length; i++) {
                act[l][i] = pre[l][i] > 0 ? gain * pre[l][i] : 0f;
            }
            fanIn = width;
        }
        // backward: δ_L, then δ_l = gain·1(h_l > 0)⊙(δ_{l+1}W_{l+1}ᵀ)
        float[][] delta = new float[depth + 1][];
        delta[depth] = new float[b * width];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < width; j++) {
                delta[depth][r * width + j] = pre[depth][r * width + j] > 0 ? gain * readout[j] : 0f;
            }
        }
        for (int l = depth - 1; l >= 1; l--) {
            float[] g = new float[b * width];
            blas.sgemm(false, true, b, width, width, 1f, delta[l + 1], 0, width, weights[l], 0, width, 0f, g, 0, width);
            for (int i = 0; i < g.length; i++) {
                g[i] = pre[l][i] > 0 ? gain * g[i] : 0f;
            }
            delta[l] = g;
        }
        // features per row: vec(a_{l−1}δ_lᵀ) for l = 1..L (the layout of W_l), then a_L
        float[] out = new float[Math.multiplyExact(b, dim)];
        for (int r = 0; r < b; r++) {
            int o = r * dim;
            int in = inputDim;
            for (int l = 1; l <= depth; l++) {
                float[] a = act[l - 1];
                float[] d = delta[l];
                for (int p = 0; p < in; p++) {
                    float ap = a[r * in + p];
                    for (int q = 0; q < width; q++) {
                        out[o++] = ap * d[r * width + q];
                    }
                }
                in = width;
            }
            System.arraycopy(act[depth], r * width, out, o, width);
        }
        return new FloatMatrix(b, dim, out);
    }
}
