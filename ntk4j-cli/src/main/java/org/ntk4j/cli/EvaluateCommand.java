package org.ntk4j.cli;

import org.ntk4j.data.Dataset;
import org.ntk4j.model.Evaluation;
import org.ntk4j.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "evaluate", sortOptions = false,
        description = "Evaluates a saved model on labelled data: a named set's test split, or every row of a file.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL", description = "A model file written by 'ntk4j fit'.")
    Path modelFile;
    @Mixin
    DataOptions data;
    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.apply();
        TrainedModel model = TrainedModel.load(modelFile);
        Dataset d = data.loadEvaluation(common.seed);
        if (d.size() == 0) {
            throw new IllegalArgumentException(d.source() + " has no rows to evaluate");
        }
        Evaluation e = Evaluation.of(model, d, common.progress());
        PrintWriter out = spec.commandLine().getOut();
        out.println("model       " + modelFile + ": " + model.describeMap() + ", trained on " + model.summary().data());
        out.println("data        " + d.source());
        ModelReport.printEvaluation(out, e, model.preprocessing().classNames(), "test");
        if (e.isClassification()) {
            ModelReport.printConfusion(out, e, model.preprocessing().classNames());
        }
        out.println("time        predict " + Format.seconds(e.seconds()));
        out.flush();
        return Main.OK;
    }
}
