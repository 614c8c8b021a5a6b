package org.ntk4j.model;

import org.ntk4j.learn.LambdaCurve;
import org.ntk4j.linalg.DoubleMatrix;

import java.util.Map;

/** What a fit did and found: provenance, λ and its selection curve, timings, training error. */
public record FitSummary(String data, long trainRows, String created, String ntk4jVersion, double lambda,
                         double relativeLambda, String lambdaRule, LambdaCurve curve, double trainRmse,
                         double featureSeconds, double solveSeconds) {

    void writeTo(Map<String, String> header, Map<String, DoubleMatrix> arrays) {
        header.put("data", data);
        header.put("train-rows", Long.toString(trainRows));
        header.put("lambda", Double.toString(lambda));
        header.put("lambda-relative", Double.toString(relativeLambda));
        header.put("lambda-rule", lambdaRule);
        if (curve != null) {
            header.put("lambda-criterion", curve.criterion());
            DoubleMatrix c = new DoubleMatrix(2, curve.scores().length);
            for (int i = 0; i < curve.scores().length; i++) {
                c.set(0, i, curve.relativeLambdas()[i]);
                c.set(1, i, curve.scores()[i]);
            }
            arrays.put("lambda-curve", c);
        }
        if (Double.isFinite(trainRmse)) {
            header.put("train-rmse", Double.toString(trainRmse));
        }
        header.put("feature-seconds", String.format(java.util.Locale.ROOT, "%.3f", featureSeconds));
        header.put("solve-seconds", String.format(java.util.Locale.ROOT, "%.3f", solveSeconds));
    }

    static FitSummary readFrom(ModelFile file) {
        LambdaCurve curve = null;
        DoubleMatrix c = file.arrays().get("lambda-curve");
        if (c != null) {
            if (c.rows() != 2 || c.cols() < 1) {
                throw new ModelFormatException("lambda-curve is " + c.rows() + "x" + c.cols() + ", expected 2 rows");
            }
            double[] t = c.row(0);
            double[] s = c.row(1);
            int chosen = 0;
            double rel = number(file, "lambda-relative");
            for (int i = 0; i < t.length; i++) {
                if (Math.abs(t[i] - rel) < Math.abs(t[chosen] - rel)) {
                    chosen = i;
                }
            }
            curve = new LambdaCurve(file.require("lambda-criterion"), t, s, chosen);
        }
        String rmse = file.header().get("train-rmse");
        return new FitSummary(file.require("data"), (long) number(file, "train-rows"), file.require("created"),
                file.require("ntk4j-version"), number(file, "lambda"), number(file, "lambda-relative"),
                file.require("lambda-rule"), curve, rmse == null ? Double.NaN : Double.parseDouble(rmse),
                number(file, "feature-seconds"), number(file, "solve-seconds"));
    }

    static double number(ModelFile file, String key) {
        try {
            return Double.parseDouble(file.require(key));
        } catch (NumberFormatException e) {
            throw new ModelFormatException("header '" + key + "' is not a number");
        }
    }
}
