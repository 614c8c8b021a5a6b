package org.ntk4j.features;

import org.ntk4j.kernel.PolynomialFit;
import org.ntk4j.kernel.PolynomialFits;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.linalg.Rows;
import org.ntk4j.random.RandomStream;
import org.ntk4j.sketch.PolySketch;

/**
 * The direct NTK Sketch (algorithms.md §3.2): the normalised depth-L NTK K_L is replaced by a
 * non-negative polynomial fit P(t) = Σ c_j t^j, and x ↦ ‖x‖·φ_P(x/‖x‖) with φ_P the PolySketch
 * feature map of P, so ⟨φ(x), φ(y)⟩ estimates ‖x‖‖y‖·P(ρ) ≈ Θ_L(x, y) without bias from the
 * sketch. With {@code output=nngp} the same map uses the fit of the NNGP κ1^{∘L} instead.
 *
 * <p>The default degree is the one {@link PolynomialFits#defaultNtkDegree} chose to keep the
 * polynomial's own bias near 1–2 % (the reference code's degree 2 misses the diagonal by 14 %
 * at L = 2). Output dimension {@code dim}: the constant coordinate √c_0·‖x‖ and dim − 1 sketched
 * coordinates. A zero input maps to the zero vector (the NTK of 0 is 0).
 *
 * <p>Cost per row: one PolySketch pass, O(q·d log d + q log q · s log s), then one SRHT of the
 * q·s concatenation; s (the per-degree sketch size) defaults to dim/2.
 */
public final class NtkSketch extends BaseFeatureMap {
    private final int dim;
    private final PolySketch.Expansion expansion;
    private final PolynomialFit fit;

    public NtkSketch(FeatureMapSpec spec, int[] inputShape) {
        super(spec, inputShape);
        int depth = spec.getInt("depth");
        if (depth < 0 || depth > 100) {
            throw new IllegalArgumentException("ntk-sketch depth must be between 0 and 100, got " + depth);
        }
        int degree = spec.getInt("degree", PolynomialFits.defaultNtkDegree(depth));
        if (degree < 1 || degree > 64) {
            throw new IllegalArgumentException("ntk-sketch degree must be between 1 and 64, got " + degree);
        }
        this.dim = spec.getInt("dim");
        if (dim < 2) {
            throw new IllegalArgumentException("ntk-sketch dim must be at least 2, got " + dim);
        }
        int polyDim = spec.getInt("poly-dim", Math.max(1, dim / 2));
        if (polyDim < 1) {
            throw new IllegalArgumentException("ntk-sketch poly-dim must be positive, got " + polyDim);
        }
        String output = spec.getOr("output", "ntk");
        this.fit = switch (output) {
            case "ntk" -> PolynomialFits.ntk(depth, degree);
            case "nngp" -> PolynomialFits.nngp(depth, degree, PolynomialFits.DEFAULT_DIRECT_VARIANT);
            default -> throw new IllegalArgumentException("ntk-sketch output must be ntk or nngp, got '" + output + "'");
        };
        int leafHash = spec.getInt("leaf-hash", 0);
        this.expansion = PolySketch.polynomial(inputDim(), fit.coefficients(), polyDim, dim - 1, leafHash,
                RandomStream.of(spec.seed()).child("ntk-sketch"));
    }

    /** The polynomial whose dot-product kernel the features estimate. */
    public PolynomialFit polynomial() {
        return fit;
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
        FloatMatrix out = new FloatMatrix(rows, dim);
        float[] o = out.data();
        if (block instanceof CsrMatrix s) {
            Parallel.forRanges(rows, 4, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int a = s.rowStart()[r];
                    int b = s.rowStart()[r + 1];
                    double norm = 0;
                    for (int p = a; p < b; p++) {
                        norm += s.values()[p] * s.values()[p];
                    }
                    norm = Math.sqrt(norm);
                    if (norm == 0) {
                        continue;
                    }
                    double[] unit = new double[b - a];
                    for (int p = a; p < b; p++) {
                        unit[p - a] = (float) (s.values()[p] / norm);
                    }
                    expansion.apply(java.util.Arrays.copyOfRange(s.colIndex(), a, b), unit, 0, b - a, o, r * dim);
                    scale(o, r * dim, dim, (float) norm);
                }
            });
        } else {
            double[] x = ((DoubleMatrix) block).data();
            Parallel.forRanges(rows, 4, (from, to) -> {
                float[] unit = new float[d];
                for (int r = from; r < to; r++) {
                    double norm = 0;
                    for (int j = 0; j < d; j++) {
                        norm += x[r * d + j] * x[r * d + j];
                    }
                    norm = Math.sqrt(norm);
                    if (norm == 0) {
                        continue;
                    }
                    for (int j = 0; j < d; j++) {
                        unit[j] = (float) (x[r * d + j] / norm);
                    }
                    expansion.apply(unit, 0, o, r * dim);
                    scale(o, r * dim, dim, (float) norm);
                }
            });
        }
        return out;
    }

    private static void scale(float[] a, int off, int len, float s) {
        for (int i = off; i < off + len; i++) {
            a[i] *= s;
        }
    }
}
