package org.ntk4j.bench.experiments;

/**
 * One finished run: a row of results.csv.
 *
 * @param metric          "rmse" (regression, target units) or "accuracy" (classification, fraction correct)
 * @param fitSeconds      the whole fit: features, Gram/kernel matrix, λ selection and solve (or training)
 * @param transformSeconds the part of the fit spent on training features (and their Gram) or the kernel matrix
 * @param predictSeconds  features and prediction of the test rows
 * @param peakHeapMiB     peak heap used during the run (sum of the heap pools' peaks: an upper bound)
 */
public record RunResult(String experiment, String method, String data, int split, int m, long seed, String metric,
                        double error, double fitSeconds, double transformSeconds, double predictSeconds,
                        double peakHeapMiB, int nTrain, int nTest, String note) {

    public double totalSeconds() {
        return fitSeconds + predictSeconds;
    }

    /** Whether higher is better for this run's metric. */
    public boolean higherIsBetter() {
        return metric.equals("accuracy");
    }
}
