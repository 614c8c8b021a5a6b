package org.ntk4j.model;

import org.ntk4j.Progress;
import org.ntk4j.Version;
import org.ntk4j.data.Dataset;
import org.ntk4j.learn.Metrics;
import org.ntk4j.learn.Mlp;
import org.ntk4j.learn.MlpTrainer;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trained fully connected ReLU network (the "trained net" baseline): preprocessing, the network's
 * weights, and how it was trained. It has no λ; its summary reports NaN there and
 * "early stopping" as the rule.
 *
 * @param training e.g. "adam, learning rate 0.001, batch 64; best epoch 41 of 61 (validation loss 0.0712)"
 */
public record MlpModel(Preprocessing preprocessing, Mlp network, String training, FitSummary summary)
        implements TrainedModel {
    static final String TYPE = "mlp";
    private static final String PREFIX = "mlp.";

    /** Preprocesses the training set as every model does, then trains the network on it. */
    public static MlpModel fit(Dataset train, MlpTrainer.Config config, Progress progress) {
        if (!train.hasTargets()) {
            throw new IllegalArgumentException("training data " + train.source() + " has no targets");
        }
        if (train.size() < 2) {
            throw new IllegalArgumentException("training data " + train.source() + " has " + train.size()
                    + " rows; at least 2 are needed");
        }
        Preprocessing pre = Preprocessing.fit(train);
        DoubleMatrix x = pre.transformInputs(train.inputs(), train.source()).dense();
        DoubleMatrix y = pre.learnerTargets(train);
        long t0 = System.nanoTime();
        MlpTrainer.Result r = MlpTrainer.train(x, y, config, progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String training = String.format(Locale.ROOT,
                "adam, learning rate %s, batch %d, %.0f%% validation; best epoch %d of %d (validation loss %.4g)",
                Double.toString(config.learningRate()), config.batchSize(), 100 * config.validationFraction(),
                r.bestEpoch(), r.epochsRun(), r.bestValidationLoss());
        double rmse = pre.isClassification() ? Double.NaN
                : Metrics.rmse(pre.outputsToTargets(r.network().predict(x)), pre.outputsToTargets(y));
        FitSummary s = new FitSummary(train.source(), train.size(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), Version.get(), Double.NaN, Double.NaN,
                "none (early stopping)", null, rmse, 0, seconds);
        return new MlpModel(pre, r.network(), training, s);
    }

    @Override
    public String describeMap() {
        int[] sizes = network.sizes();
        return "mlp(depth=" + network.depth() + ",width=" + (sizes.length > 2 ? sizes[1] : 0) + ",parameters="
                + network.parameterCount() + ")";
    }

    @Override
    public DoubleMatrix predict(Rows rawInputs, Progress progress) {
        Rows x = preprocessing.transformInputs(rawInputs, "input");
        return TrainedModel.inBlocks(x, network.outputs(), progress,
                block -> preprocessing.outputsToTargets(network.predict(block.dense())));
    }

    @Override
    public void writeContent(Map<String, String> header, Map<String, DoubleMatrix> arrays) {
        header.put("model-type", TYPE);
        header.put("mlp-layers", Preprocessing.shapeText(network.sizes()));
        header.put("mlp-training", training);
        List<DoubleMatrix> w = network.weights();
        List<double[]> b = network.biases();
        for (int l = 0; l < w.size(); l++) {
            arrays.put(PREFIX + "weight." + l, w.get(l));
            arrays.put(PREFIX + "bias." + l, Preprocessing.row(b.get(l)));
        }
    }

    static MlpModel read(ModelFile f, Preprocessing pre, FitSummary summary) {
        int[] sizes = Preprocessing.parseShape(f.require("mlp-layers"));
        if (sizes.length < 2 || sizes[0] != pre.inputDim() || sizes[sizes.length - 1] != pre.outputs()) {
            throw new ModelFormatException("mlp-layers " + Arrays.toString(sizes) + " do not fit "
                    + pre.inputDim() + " inputs and " + pre.outputs() + " outputs");
        }
        List<DoubleMatrix> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            DoubleMatrix wl = f.array(PREFIX + "weight." + l);
            DoubleMatrix bl = f.array(PREFIX + "bias." + l);
            if (wl.rows() != sizes[l] || wl.cols() != sizes[l + 1] || bl.rows() != 1 || bl.cols() != sizes[l + 1]) {
                throw new ModelFormatException("MLP layer " + l + " arrays are " + wl.rows() + "x" + wl.cols() + " and "
                        + bl.rows() + "x" + bl.cols() + ", expected " + sizes[l] + "x" + sizes[l + 1]);
            }
            w.add(wl);
            b.add(bl.data());
        }
        return new MlpModel(pre, new Mlp(w, b), f.require("mlp-training"), summary);
    }
}
