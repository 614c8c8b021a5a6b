package org.ntk4j.cli;

import org.ntk4j.data.Dataset;
import org.ntk4j.learn.OneHot;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.model.ModelMean;
import org.ntk4j.model.Preprocessing;
import org.ntk4j.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "predict", sortOptions = false,
        description = {"Predicts with a saved model and writes a CSV: one column per target, or the class and its scores.",
                "Input: CSV (all columns, or all but a last target column), LIBSVM or .npy."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
            description = {"A model file written by 'ntk4j fit'.",
                    "Give it several times to write the mean of the models' predictions (class scores or targets)."})
    List<Path> modelFiles;
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Rows to predict.")
    Path input;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "CSV", description = "Where to write the predictions.")
    Path output;
    @Mixin
    OutputFile outputFile;
    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.apply();
        outputFile.check(output);
        List<TrainedModel> models = new ArrayList<>();
        for (Path f : modelFiles) {
            models.add(TrainedModel.load(f));
        }
        ModelMean.checkCompatible(models, modelFiles.stream().map(Path::toString).toList());
        Preprocessing pre = models.getFirst().preprocessing();
        Dataset d = InputFiles.readInputs(input, pre.inputDim());
        List<DoubleMatrix> predictions = new ArrayList<>();
        for (TrainedModel model : models) {
            predictions.add(model.predict(d.inputs(), common.progress()));
        }
        DoubleMatrix pred = ModelMean.mean(predictions);
        OutputFile.writeText(output, w -> {
            if (pre.isClassification()) {
                List<String> names = pre.classNames();
                w.write("class");
                for (String c : names) {
                    w.write(",score:" + csv(c));
                }
                w.write('\n');
                int[] labels = OneHot.argmax(pred);
                for (int i = 0; i < pred.rows(); i++) {
                    w.write(csv(names.get(labels[i])));
                    for (int c = 0; c < names.size(); c++) {
                        w.write("," + num(pred.get(i, c)));
                    }
                    w.write('\n');
                }
            } else {
                List<String> names = pre.targetNames();
                for (int o = 0; o < pred.cols(); o++) {
                    w.write((o == 0 ? "" : ",") + (names != null && o < names.size() ? csv(names.get(o))
                            : pred.cols() == 1 ? "prediction" : "prediction" + (o + 1)));
                }
                w.write('\n');
                for (int i = 0; i < pred.rows(); i++) {
                    for (int o = 0; o < pred.cols(); o++) {
                        w.write((o == 0 ? "" : ",") + num(pred.get(i, o)));
                    }
                    w.write('\n');
                }
            }
        });
        spec.commandLine().getOut().println("wrote " + pred.rows() + " predictions to " + output);
        return Main.OK;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.10g", v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
