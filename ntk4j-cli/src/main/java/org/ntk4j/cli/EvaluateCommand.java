package org.ntk4j.cli;

import org.ntk4j.data.Dataset;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.model.Evaluation;
import org.ntk4j.model.ModelMean;
import org.ntk4j.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "evaluate", sortOptions = false,
        description = "Evaluates a saved model on labelled data: a named set's test split, or every row of a file.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
            description = {"A model file written by 'ntk4j fit'.",
                    "Give it several times to evaluate the mean of the models' predictions (class scores or targets), "
                            + "e.g. of maps of different sizes; each model is also reported on its own."})
    List<Path> modelFiles;
    @Mixin
    DataOptions data;
    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.apply();
        List<TrainedModel> models = new ArrayList<>();
        for (Path f : modelFiles) {
            models.add(TrainedModel.load(f));
        }
        ModelMean.checkCompatible(models, modelFiles.stream().map(Path::toString).toList());
        Dataset d = data.loadEvaluation(common.seed);
        if (d.size() == 0) {
            throw new IllegalArgumentException(d.source() + " has no rows to evaluate");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> classes = models.getFirst().preprocessing().classNames();
        List<DoubleMatrix> predictions = new ArrayList<>();
        double seconds = 0;
        for (int i = 0; i < models.size(); i++) {
            TrainedModel model = models.get(i);
            Evaluation e = Evaluation.of(model, d, common.progress(), predictions::add);
            seconds += e.seconds();
            String label = models.size() == 1 ? "model" : "model " + (i + 1);
            out.println(String.format("%-11s %s: %s, trained on %s", label, modelFiles.get(i), model.describeMap(),
                    model.summary().data()));
            if (models.size() > 1) {
                ModelReport.printEvaluation(out, e, classes, "  alone");
            }
        }
        Evaluation e = Evaluation.ofPredictions(models.getFirst().preprocessing(), d, ModelMean.mean(predictions), seconds);
        out.println("data        " + d.source());
        ModelReport.printEvaluation(out, e, classes, models.size() == 1 ? "test" : "test mean");
        if (e.isClassification()) {
            ModelReport.printConfusion(out, e, classes);
        }
        out.println("time        predict " + Format.seconds(seconds));
        out.flush();
        return Main.OK;
    }
}
