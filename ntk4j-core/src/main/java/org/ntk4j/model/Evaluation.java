package org.ntk4j.model;

import org.ntk4j.Progress;
import org.ntk4j.data.Dataset;
import org.ntk4j.learn.Metrics;
import org.ntk4j.learn.OneHot;
import org.ntk4j.linalg.DoubleMatrix;

/** A model's errors on labelled data: RMSE/MSE/MAE in target units, or accuracy and a confusion matrix. */
public record Evaluation(int rows, double rmse, double mse, double mae, double accuracy, int[][] confusion,
                         double seconds) {

    public boolean isClassification() {
        return confusion != null;
    }

    public static Evaluation of(TrainedModel model, Dataset data, Progress progress) {
        return of(model, data, progress, p -> { });
    }

    /** The model's errors on data; the predictions they were computed from also go to keep. */
    public static Evaluation of(TrainedModel model, Dataset data, Progress progress,
                                java.util.function.Consumer<DoubleMatrix> keep) {
        if (!data.hasTargets()) {
            throw new IllegalArgumentException(data.source() + " has no targets to evaluate against");
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException(data.source() + " has no rows");
        }
        long t0 = System.nanoTime();
        DoubleMatrix pred = model.predict(data.inputs(), progress);
        keep.accept(pred);
        return ofPredictions(model.preprocessing(), data, pred, (System.nanoTime() - t0) / 1e9);
    }

    /** Errors of predictions already made (target units or class scores, one row per row of data). */
    public static Evaluation ofPredictions(Preprocessing pre, Dataset data, DoubleMatrix pred, double secs) {
        if (pred.rows() != data.size()) {
            throw new IllegalArgumentException(pred.rows() + " predictions for " + data.size() + " rows of " + data.source());
        }
        if (pre.isClassification()) {
            int[] actual = pre.remapLabels(data);
            int[] predicted = OneHot.argmax(pred);
            DoubleMatrix onehot = OneHot.encode(actual, pre.classNames().size());
            double mse = Metrics.mse(pred, onehot);
            return new Evaluation(data.size(), Math.sqrt(mse), mse, Metrics.mae(pred, onehot),
                    Metrics.accuracy(predicted, actual), Metrics.confusion(predicted, actual, pre.classNames().size()), secs);
        }
        pre.learnerTargets(data); // checks the target columns match
        double mse = Metrics.mse(pred, data.targets());
        return new Evaluation(data.size(), Math.sqrt(mse), mse, Metrics.mae(pred, data.targets()), Double.NaN, null, secs);
    }
}
