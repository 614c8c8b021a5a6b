package org.ntk4j.features;

import org.ntk4j.kernel.PolynomialFit;
import org.ntk4j.kernel.PolynomialFits;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.linalg.Rows;
import org.ntk4j.random.RandomStream;
import org.ntk4j.sketch.PolySketch;
import org.ntk4j.sketch.Srht;
import org.ntk4j.sketch.TensorSrht;

/**
 * The layer-wise NTK Sketch (algorithms.md §3.3), following the network layer by layer in the
 * neural-tangents parameterisation, so it supports biases (where the kernel is no longer
 * homogeneous and the direct sketch does not apply). Per input, with NNGP feature φ (⟨φ,φ'⟩ ≈ Σ)
 * and NTK feature ψ (⟨ψ,ψ'⟩ ≈ Θ):
 * <pre>
 * first Dense   φ = [σw·x/√d, σb],  ψ = φ                      (exact)
 * each ReLU     n = ‖φ‖, Y_j = PolySketch(φ/n) for j = 1..q
 *               φ ← n/√2 · Expand_κ1(Y)     (Σ ← ½√(Σ_xx Σ_yy)·κ1(ρ), P_κ1(1) = 1)
 *               φ̇ = 1/√2 · Expand_κ0(Y)     (Θ ← Θ·½κ0(ρ))
 *               ψ ← TensorSRHT(ψ, φ̇)
 * each Dense    φ ← [σw·φ, σb],  ψ ← SRHT([σw·ψ, φ])             (Θ ← σw²Θ + Σ)
 * </pre>
 * κ1 and κ0 are replaced by non-negative polynomial fits on the correlation range each layer
 * can see ([κ1^{∘h}(−1), 1]); the κ1 fit is exact at 1 so feature norms stay right. Every sketch is
 * unbiased given its inputs, so the only bias is the fits' (κ0's is the larger, about 3 % at degree 8).
 * Without {@code w-std}/{@code b-std} the map targets the paper's convention, which is d/2 times the
 * neural-tangents kernel with σw = √2, σb = 0: the output is scaled by √(d/2).
 *
 * <p>Sizes: {@code dim} for φ and ψ after every layer (a power of 2 keeps every transform unpadded), the PolySketch per-degree size
 * {@code poly-dim} (default dim/2) and the derivative feature size {@code step-dim} (default dim/2).
 */
public final class NtkLayerwiseSketch extends BaseFeatureMap {
    private final int depth;
    private final int dim;
    private final boolean nngp;
    private final float wStd;
    private final float bStd;
    private final float outputScale;
    private final PolySketch[] poly;
    private final PolySketch.Expansion[] relu;
    private final PolySketch.Expansion[] derivative;
    private final TensorSrht[] product;
    private final Srht[] mix;
    private final int derivativeDim;

    public NtkLayerwiseSketch(FeatureMapSpec spec, int[] inputShape) {
        super(spec, inputShape);
        this.depth = spec.getInt("depth");
        this.dim = spec.getInt("dim");
        int degree = spec.getInt("degree", 8);
        int polyDim = spec.getInt("poly-dim", Math.max(1, dim / 2));
        this.derivativeDim = spec.getInt("step-dim", Math.max(2, dim / 2));
        if (depth < 1 || depth > 100) {
            throw new IllegalArgumentException("layer-wise ntk-sketch depth must be between 1 and 100, got " + depth);
        }
        if (dim < 3 || polyDim < 1 || derivativeDim < 2) {
            throw new IllegalArgumentException("layer-wise ntk-sketch needs dim >= 3, poly-dim >= 1, step-dim >= 2");
        }
        if (degree < 1 || degree > 64) {
            throw new IllegalArgumentException("ntk-sketch degree must be between 1 and 64, got " + degree);
        }
        boolean nt = spec.params().containsKey("w-std") || spec.params().containsKey("b-std");
        double w = spec.getDouble("w-std", Math.sqrt(2));
        double b = spec.getDouble("b-std", 0);
        if (!(w > 0) || !(b >= 0)) {
            throw new IllegalArgumentException("need w-std > 0 and b-std >= 0, got " + w + ", " + b);
        }
        this.wStd = (float) w;
        this.bStd = (float) b;
        this.outputScale = nt ? 1f : (float) Math.sqrt(inputDim() / 2.0);
        String output = spec.getOr("output", "ntk");
        if (!output.equals("ntk") && !output.equals("nngp")) {
            throw new IllegalArgumentException("ntk-sketch output must be ntk or nngp, got '" + output + "'");
        }
        this.nngp = output.equals("nngp");
        RandomStream rng = RandomStream.of(spec.seed()).child("ntk-sketch-layerwise");
        poly = new PolySketch[depth];
        relu = new PolySketch.Expansion[depth];
        derivative = new PolySketch.Expansion[depth];
        product = new TensorSrht[depth];
        mix = new Srht[depth];
        int nngpDim = inputDim() + 1;
        int ntkDim = nngpDim;
        for (int h = 0; h < depth; h++) {
            RandomStream layer = rng.child(h);
            PolynomialFit k1 = PolynomialFits.kappa1(degree, h, PolynomialFits.LayerRange.FULLY_CONNECTED);
            PolynomialFit k0 = PolynomialFits.kappa0(degree, h, PolynomialFits.LayerRange.FULLY_CONNECTED);
            poly[h] = new PolySketch(nngpDim, degree, polyDim, layer.child("poly"));
            // sizes keep every transform at a power of 2 when dim is one: φ = [relu (dim−1), σb] has dim
            // coordinates and the mix input [σw·ψ (dim), φ (dim)] has 2·dim
            relu[h] = poly[h].expand(k1.coefficients(), dim - 2, layer.child("relu"));
            derivative[h] = poly[h].expand(k0.coefficients(), derivativeDim - 1, layer.child("derivative"));
            product[h] = new TensorSrht(ntkDim, derivativeDim, dim, layer.child("product"));
            mix[h] = new Srht(2 * dim, dim, layer.child("mix"));
            nngpDim = dim;
            ntkDim = dim;
        }
    }



    @Override
    public int outputDim() {
        return dim;
    }

    @Override
    public FloatMatrix transform(Rows block) {
        checkInput(block);
        int rows = block.rows();
        int d = inputDim();
        float[] x = Inputs.toFloat(block);
        int out = outputDim();
        FloatMatrix result = new FloatMatrix(rows, out);
        Parallel.forRanges(rows, 2, (from, to) -> {
            Row work = new Row(d);
            for (int r = from; r < to; r++) {
                transformRow(x, r * d, result.data(), r * out, work);
            }
        });
        return result;
    }

    /** Per-thread buffers of one row's pass. */
    private final class Row {
        final float[] phi;        // NNGP feature, up to max(d, dim) + 1
        final float[] unit;
        final float[] psi;        // NTK feature
        final float[] relu;
        final float[] dot;
        final float[] concat;
        final float[][] perDegree;

        Row(int d) {
            int width = Math.max(d, dim) + 1;
            phi = new float[width];
            unit = new float[width];
            psi = new float[width];
            relu = new float[dim - 1];
            dot = new float[derivativeDim];
            concat = new float[2 * dim];
            perDegree = new float[poly[0].degree()][poly[0].sketchDim()];
        }
    }

    private void transformRow(float[] x, int off, float[] out, int outOff, Row w) {
        int d = inputDim();
        float first = wStd / (float) Math.sqrt(d);
        for (int j = 0; j < d; j++) {
            w.phi[j] = first * x[off + j];
        }
        w.phi[d] = bStd;
        int phiDim = d + 1;
        System.arraycopy(w.phi, 0, w.psi, 0, phiDim);
        int psiDim = phiDim;
        float halfRoot = (float) Math.sqrt(0.5);
        for (int h = 0; h < depth; h++) {
            double norm = 0;
            for (int j = 0; j < phiDim; j++) {
                norm += (double) w.phi[j] * w.phi[j];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                // a zero input without bias: every kernel value with it is 0
                java.util.Arrays.fill(out, outOff, outOff + outputDim(), 0f);
                return;
            }
            for (int j = 0; j < phiDim; j++) {
                w.unit[j] = (float) (w.phi[j] / norm);
            }
            poly[h].apply(w.unit, 0, w.perDegree);
            relu[h].applyToSketches(w.perDegree, w.relu, 0);
            derivative[h].applyToSketches(w.perDegree, w.dot, 0);
            float reluScale = (float) (norm * halfRoot);
            for (int j = 0; j < derivativeDim; j++) {
                w.dot[j] *= halfRoot;
            }
            product[h].apply(w.psi, 0, w.dot, 0, w.concat, 0);   // ψ ⊗ φ̇, size dim, into concat[0, dim)
            // Dense: φ ← [σw·φ_relu, σb];  ψ ← SRHT([σw·ψ, φ])
            for (int j = 0; j < dim; j++) {
                w.concat[j] *= wStd;
            }
            for (int j = 0; j < dim - 1; j++) {
                w.phi[j] = wStd * reluScale * w.relu[j];
            }
            w.phi[dim - 1] = bStd;
            phiDim = dim;
            System.arraycopy(w.phi, 0, w.concat, dim, phiDim);
            mix[h].apply(w.concat, 0, w.psi, 0);
            psiDim = dim;
        }
        float[] src = nngp ? w.phi : w.psi;
        int n = nngp ? phiDim : psiDim;
        for (int j = 0; j < n; j++) {
            out[outOff + j] = outputScale * src[j];
        }
    }
}
