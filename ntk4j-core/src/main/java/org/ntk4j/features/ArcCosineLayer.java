package org.ntk4j.features;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.random.RandomStream;

/**
 * Arc-cosine random features of one layer (algorithms.md §4.1–4.2), ReLU and step projections of
 * the same input computed by one deterministic GEMM with [W_step | W_relu]:
 * <ul>
 *   <li>ReLU, m1 columns: √(2/m1)·relu(wᵀu), so ⟨φ1(x),φ1(y)⟩ → ‖x‖‖y‖κ1(ρ). With leverage-score
 *       sampling, w is drawn from q(w) ∝ ‖w‖²N(w; 0, I) exactly — direction g/‖g‖ of a Gaussian g,
 *       radius R with R² ~ χ²_{d+2} — and weighted √(2d/m1)/‖w‖, which keeps the estimator
 *       unbiased while equalising the features' leverage scores.</li>
 *   <li>Step, m0 values: √(2/m0)·1(wᵀu &gt; 0), so ⟨φ0(x),φ0(y)⟩ → κ0(ρ); or, symmetrised,
 *       m0/2 directions giving [1(wᵀu &gt; 0), 1(wᵀu ≤ 0)]/√(m0/2), whose inner product is the
 *       fraction of directions on which x and y agree in sign: also κ0(ρ) in expectation, with lower
 *       variance (algorithms.md §3.4).</li>
 * </ul>
 */
final class ArcCosineLayer {
    private final int inputDim;
    private final int reluDim;
    private final int stepDim;
    private final int stepColumns;     // step directions (m0, or m0/2 when symmetrised)
    private final int ownStepColumns;  // of which have their own GEMM columns: 0 when shared with the ReLU ones
    private final boolean symmetricStep;
    private final float[] weights;     // inputDim × (ownStepColumns + reluDim), row-major
    private final float[] reluScale;   // per ReLU column
    private final float stepValue;

    /**
     * With {@code sharedSteps} the step features use the first m0 (or m0/2) ReLU directions,
     * negated, instead of their own Gaussian ones: a step feature depends only on the direction of
     * w, which is uniform under the leverage-score distribution too, so each estimator stays
     * unbiased while the layer's GEMM loses its m0 step columns (half the work at m0 = m1). The
     * negation makes the pair antithetic: relu(wᵀu) and 1(−wᵀu &gt; 0) are never both non-zero.
     */
    ArcCosineLayer(RandomStream rng, int inputDim, int reluDim, int stepDim, boolean leverage, boolean symmetricStep,
                   boolean sharedSteps) {
        if (symmetricStep && stepDim % 2 != 0) {
            throw new IllegalArgumentException("symmetrised step features need an even m0, got " + stepDim);
        }
        this.inputDim = inputDim;
        this.reluDim = reluDim;
        this.stepDim = stepDim;
        this.symmetricStep = symmetricStep;
        this.stepColumns = symmetricStep ? stepDim / 2 : stepDim;
        if (sharedSteps && stepColumns > reluDim) {
            throw new IllegalArgumentException("shared step directions need m0 <= m1 (m0/2 <= m1 when symmetrised), got m0="
                    + stepDim + ", m1=" + reluDim);
        }
        this.ownStepColumns = sharedSteps ? 0 : stepColumns;
        int cols = ownStepColumns + reluDim;
        this.weights = new float[Math.multiplyExact(inputDim, cols)];
        this.reluScale = new float[reluDim];
        this.stepValue = (float) Math.sqrt(2.0 / stepDim); // m0 values either way (m0/2 pairs when symmetrised)
        double[] column = new double[inputDim];
        RandomStream step = rng.child("step");
        for (int j = 0; j < ownStepColumns; j++) {
            step.fillGaussian(column);
            for (int i = 0; i < inputDim; i++) {
                weights[i * cols + j] = (float) column[i];
            }
        }
        RandomStream relu = rng.child("relu");
        RandomStream radius = rng.child("relu-radius");
        for (int j = 0; j < reluDim; j++) {
            relu.fillGaussian(column);
            double scale = Math.sqrt(2.0 / reluDim);
            if (leverage) {
                double norm = 0;
                for (double v : column) {
                    norm += v * v;
                }
                norm = Math.sqrt(norm);
                double r = Math.sqrt(radius.nextChiSquare(inputDim + 2));
                for (int i = 0; i < inputDim; i++) {
                    column[i] *= r / norm;
                }
                scale = Math.sqrt(2.0 * inputDim / reluDim) / r;
            }
            for (int i = 0; i < inputDim; i++) {
                weights[i * cols + ownStepColumns + j] = (float) column[i];
            }
            reluScale[j] = (float) scale;
        }
    }

    int reluDim() {
        return reluDim;
    }

    int stepDim() {
        return stepDim;
    }

    /**
     * For rows×inputDim input z: relu (rows×m1) and step (rows×m0) features. {@code projection} is
     * scratch of {@link #projectionSize} floats.
     */
    void apply(float[] z, int rows, float[] projection, float[] relu, float[] step) {
        int cols = ownStepColumns + reluDim;
        Blas.deterministic().sgemm(false, false, rows, cols, inputDim, 1f, z, 0, inputDim, weights, 0, cols, 0f,
                projection, 0, cols);
        Parallel.forRanges(rows, 16, (from, to) -> activate(projection, from, to, relu, step));
    }

    private void activate(float[] projection, int from, int to, float[] relu, float[] step) {
        int cols = ownStepColumns + reluDim;
        boolean shared = ownStepColumns == 0;
        for (int r = from; r < to; r++) {
            int p = r * cols;
            // the first stepColumns columns: the step's own directions w, or else the first ReLU
            // ones, negated (−w): antithetic to the ReLU features, see the constructor
            for (int j = 0; j < stepColumns; j++) {
                boolean positive = shared ? projection[p + j] < 0 : projection[p + j] > 0;
                if (symmetricStep) {
                    step[r * stepDim + 2 * j] = positive ? stepValue : 0f;
                    step[r * stepDim + 2 * j + 1] = positive ? 0f : stepValue;
                } else {
                    step[r * stepDim + j] = positive ? stepValue : 0f;
                }
            }
            for (int j = 0; j < reluDim; j++) {
                float v = projection[p + ownStepColumns + j];
                relu[r * reluDim + j] = v > 0 ? v * reluScale[j] : 0f;
            }
        }
    }

    /** Rows×(own step columns + m1): the scratch size {@link #apply} needs. */
    int projectionSize(int rows) {
        return rows * (ownStepColumns + reluDim);
    }
}
