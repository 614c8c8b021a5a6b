package org.ntk4j.cli;

import org.ntk4j.model.EnsembleModel;
import org.ntk4j.model.Evaluation;
import org.ntk4j.model.FitSummary;
import org.ntk4j.model.MlpModel;
import org.ntk4j.model.TrainedModel;

import java.io.PrintWriter;
import java.util.List;

/** The summary fit and evaluate print. */
final class ModelReport {
    private ModelReport() {
    }

    static void print(PrintWriter out, String data, TrainedModel model, double fitSeconds, Evaluation test) {
        FitSummary s = model.summary();
        out.println("data        " + data);
        out.println("model       " + model.describeMap());
        if (model instanceof MlpModel mlp) {
            out.println("training    " + mlp.training());
        } else if (model instanceof EnsembleModel ensemble) {
            StringBuilder lambdas = new StringBuilder();
            for (double l : ensemble.memberLambdas()) {
                lambdas.append(lambdas.isEmpty() ? "" : ", ").append(Format.num(l));
            }
            out.println("lambda      per draw " + lambdas + " (rule " + s.lambdaRule() + ")");
        } else {
            out.println("lambda      " + Format.num(s.lambda()) + " (" + Format.num(s.relativeLambda())
                    + " x mean squared feature norm; rule " + s.lambdaRule() + ")");
        }
        if (!Double.isNaN(s.trainRmse())) {
            out.println("train RMSE  " + Format.num(s.trainRmse()));
        }
        if (test != null) {
            printEvaluation(out, test, model.preprocessing().classNames(), "test");
        }
        out.println("time        fit " + Format.seconds(fitSeconds) + " (features/kernel " + Format.seconds(s.featureSeconds())
                + ", solve " + Format.seconds(s.solveSeconds()) + ")"
                + (test != null ? ", predict " + Format.seconds(test.seconds()) : ""));
        out.flush();
    }

    static void printEvaluation(PrintWriter out, Evaluation e, List<String> classNames, String what) {
        if (e.isClassification()) {
            out.println(String.format("%-11s %s (%d rows)", what + " acc", Format.percent(e.accuracy()), e.rows()));
        } else {
            out.println(String.format("%-11s %s (%d rows; MAE %s)", what + " RMSE", Format.num(e.rmse()), e.rows(),
                    Format.num(e.mae())));
        }
    }

    static void printConfusion(PrintWriter out, Evaluation e, List<String> classNames) {
        String[] header = new String[classNames.size() + 1];
        header[0] = "actual \\ predicted";
        for (int c = 0; c < classNames.size(); c++) {
            header[c + 1] = classNames.get(c);
        }
        Table t = new Table(header);
        for (int a = 0; a < classNames.size(); a++) {
            Object[] row = new Object[classNames.size() + 1];
            row[0] = classNames.get(a);
            for (int p = 0; p < classNames.size(); p++) {
                row[p + 1] = e.confusion()[a][p];
            }
            t.row(row);
        }
        t.print(out);
    }
}
