package org.ntk4j.cli;

import org.ntk4j.Progress;
import org.ntk4j.data.Dataset;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.model.EnsembleModel;
import org.ntk4j.model.Evaluation;
import org.ntk4j.model.FeatureRidgeModel;
import org.ntk4j.model.Preprocessing;

import java.io.PrintWriter;

/**
 * Reports an ensemble fit draw by draw: after each member, the test error of the mean of the draws
 * so far (when there is a test set), so one run shows how much each further draw still buys. The
 * running sum of test predictions is kept, so the final evaluation costs no extra predictions.
 */
final class DrawReporter {
    private final PrintWriter out;
    private final Dataset test;
    private final int draws;
    private final Progress progress;
    private final long startNanos;
    private DoubleMatrix sum;
    private int done;
    private double predictSeconds;

    DrawReporter(PrintWriter out, Dataset test, int draws, Progress progress, long startNanos) {
        this.out = out;
        this.test = test;
        this.draws = draws;
        this.progress = progress;
        this.startNanos = startNanos;
    }

    void add(FeatureRidgeModel member) {
        done++;
        String line = String.format("draw %d/%d  lambda %s", done, draws, Format.num(member.summary().lambda()));
        if (test.size() > 0) {
            long t0 = System.nanoTime();
            DoubleMatrix p = member.predict(test.inputs(), progress);
            predictSeconds += (System.nanoTime() - t0) / 1e9;
            sum = sum == null ? p : EnsembleModel.add(sum, p);
            Evaluation e = current(member.preprocessing());
            line += e.isClassification()
                    ? "  test acc of the mean of " + done + ": " + Format.percent(e.accuracy())
                    : "  test RMSE of the mean of " + done + ": " + Format.num(e.rmse());
        }
        out.println(line + "  (" + Format.seconds((System.nanoTime() - startNanos) / 1e9) + " so far)");
        out.flush();
    }

    private Evaluation current(Preprocessing pre) {
        DoubleMatrix mean = EnsembleModel.scale(sum.copy(), 1.0 / done);
        return Evaluation.ofPredictions(pre, test, mean, predictSeconds);
    }

    /** The test evaluation of the whole ensemble, or null without a test set. */
    Evaluation evaluation(Preprocessing pre) {
        return sum == null ? null : current(pre);
    }
}
