package org.ntk4j.model;

import org.ntk4j.Progress;
import org.ntk4j.features.FeatureMap;
import org.ntk4j.features.FeatureMapSpec;
import org.ntk4j.features.FeatureMaps;
import org.ntk4j.features.FittedFeatureMap;
import org.ntk4j.learn.LinearPredictor;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ridge on the features of a map rebuilt from its spec: the model stores the seed, not the random
 * matrices; a map fitted to the training data (Nyström) adds its fitted arrays under "map.".
 */
public record FeatureRidgeModel(Preprocessing preprocessing, FeatureMap map, boolean doublePrecision,
                                LinearPredictor predictor, FitSummary summary) implements TrainedModel {
    static final String TYPE = "feature-ridge";
    private static final String STATE_PREFIX = "map.";

    @Override
    public String describeMap() {
        return map.spec().toString();
    }

    @Override
    public DoubleMatrix predict(Rows rawInputs, Progress progress) {
        Rows x = preprocessing.transformInputs(rawInputs, "input");
        return TrainedModel.inBlocks(x, predictor.outputs(), progress, block -> preprocessing.outputsToTargets(
                predictor.predict(doublePrecision ? map.transformDouble(block) : map.transform(block).toDouble())));
    }

    @Override
    public void writeContent(Map<String, String> header, Map<String, DoubleMatrix> arrays) {
        header.put("model-type", TYPE);
        header.put("feature-map", map.spec().toString());
        header.put("feature-dim", Integer.toString(map.outputDim()));
        header.put("precision", doublePrecision ? "double" : "float");
        arrays.put("weights", predictor.weights());
        arrays.put("intercept", Preprocessing.row(predictor.intercept()));
        if (map instanceof FittedFeatureMap fitted) {
            fitted.state().forEach((name, array) -> arrays.put(STATE_PREFIX + name, array));
        }
    }

    /** The fitted map's arrays saved under this prefix (e.g. "map.landmarks"). */
    private static Map<String, DoubleMatrix> savedState(ModelFile f) {
        Map<String, DoubleMatrix> state = new LinkedHashMap<>();
        f.arrays().forEach((name, array) -> {
            if (name.startsWith(STATE_PREFIX)) {
                state.put(name.substring(STATE_PREFIX.length()), array);
            }
        });
        return state;
    }

    static FeatureRidgeModel read(ModelFile f, Preprocessing pre, FitSummary summary) {
        FeatureMap map = FeatureMaps.restore(FeatureMapSpec.parse(f.require("feature-map")), pre.inputShape(), savedState(f));
        DoubleMatrix w = f.array("weights");
        if (w.rows() != map.outputDim() || w.cols() != pre.outputs()) {
            throw new ModelFormatException("weights are " + w.rows() + "x" + w.cols() + ", expected "
                    + map.outputDim() + "x" + pre.outputs());
        }
        boolean dbl = switch (f.require("precision")) {
            case "double" -> true;
            case "float" -> false;
            default -> throw new ModelFormatException("unknown precision '" + f.require("precision") + "'");
        };
        return new FeatureRidgeModel(pre, map, dbl, new LinearPredictor(w, f.array("intercept").data()), summary);
    }
}
