package org.ntk4j.learn;

/**
 * The selection curve: the score of each relative λ (GCV value or validation MSE, lower is
 * better) and which one was chosen. Reported to the user and stored in model files.
 */
public record LambdaCurve(String criterion, double[] relativeLambdas, double[] scores, int chosen) {

    /**
     * Index of the lowest score; ties, up to a relative 10⁻⁶ that rounding cannot decide, go to the
     * larger λ (more regularisation). Scores must be in the order of increasing λ.
     */
    static int argmin(double[] scores) {
        double min = Double.POSITIVE_INFINITY;
        for (double s : scores) {
            if (Double.isFinite(s) && s < min) {
                min = s;
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            throw new ArithmeticException("every λ on the grid gave a non-finite score");
        }
        double bound = min + 1e-6 * Math.abs(min);
        int best = -1;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isFinite(scores[i]) && scores[i] <= bound) {
                best = i;
            }
        }
        return best;
    }

    public double chosenRelative() {
        return relativeLambdas[chosen];
    }

    public double chosenScore() {
        return scores[chosen];
    }
}
