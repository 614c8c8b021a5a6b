package org.ntk4j.cli;

import org.ntk4j.data.DataCatalog;
import org.ntk4j.data.TrainTest;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.kernel.FullyConnectedNtk;
import org.ntk4j.learn.LambdaSelection;
import org.ntk4j.model.Evaluation;
import org.ntk4j.model.ModelTrainer;
import org.ntk4j.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "demo", description = {"Runs the main comparison on the embedded data set (UCI concrete, split 0; no downloads):",
        "exact NTK kernel ridge of depth 1-3 and the NTK feature maps against plain linear ridge; λ chosen on the training rows",
        "(GCV for exact and linear ridge, a 20 %% hold-out for the random features)."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.apply();
        PrintWriter out = spec.commandLine().getOut();
        TrainTest tt = new DataCatalog().load(DataCatalog.DEFAULT);
        out.println("ntk4j demo: " + tt.description());
        out.println("  " + tt.train().size() + " training rows, " + tt.test().size() + " test rows, "
                + tt.train().inputDim() + " inputs; target: compressive strength (MPa). Data: I-Cheng Yeh, UCI, CC BY 4.0.");
        out.println();
        Table table = new Table("method", "test RMSE", "train RMSE", "lambda (rel.)", "fit time", "predict time");
        LambdaSelection gcv = LambdaSelection.gcv();
        run(table, "linear ridge", tt, ModelTrainer.Config.map(FeatureMapSpec.of("linear", 0), gcv));
        for (int depth = 1; depth <= 3; depth++) {
            run(table, "exact NTK, depth " + depth, tt,
                    ModelTrainer.Config.kernel(FullyConnectedNtk.paper(depth, false).spec(), gcv));
        }
        for (FeatureMapSpec map : new FeatureMapSpec[]{
                FeatureMapSpec.of("ntk-sketch", common.seed, "depth", "2", "dim", "4096"),
                FeatureMapSpec.of("ntk-rf", common.seed, "depth", "2", "m1", "2048", "m0", "2048", "ms", "2048",
                        "shared-steps", "true")}) {  // as `fit --map ntk-rf` builds it
            run(table, (map.kind().equals("ntk-sketch") ? "NTK Sketch" : "NTK RF") + ", depth 2, m=4096", tt,
                    ModelTrainer.Config.map(map, ModelTrainer.defaultLambda(null, map, common.seed)));
        }
        table.print(out);
        out.println();
        out.println("Next: ./ntk4j fit --data uci/protein-tertiary-structure --kernel ntk --depth 2 --train-size 5000 -o model.ntk4j");
        out.flush();
        return Main.OK;
    }

    private void run(Table table, String name, TrainTest tt, ModelTrainer.Config config) {
        long t0 = System.nanoTime();
        TrainedModel model = ModelTrainer.fit(tt.train(), config.withProgress(common.progress()));
        double fit = (System.nanoTime() - t0) / 1e9;
        Evaluation e = Evaluation.of(model, tt.test(), org.ntk4j.Progress.NONE);
        table.row(name, Format.num(e.rmse()), Format.num(model.summary().trainRmse()),
                Format.num(model.summary().relativeLambda()), Format.seconds(fit), Format.seconds(e.seconds()));
    }
}
