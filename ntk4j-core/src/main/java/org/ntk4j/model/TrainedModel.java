package org.ntk4j.model;

import org.ntk4j.Progress;
import org.ntk4j.Version;
import org.ntk4j.learn.OneHot;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fitted model: preprocessing, then a kernel or feature map with ridge weights, or a trained network. Saves and loads itself. */
public sealed interface TrainedModel permits EnsembleModel, FeatureRidgeModel, KernelRidgeModel, MlpModel {

    /** Rows predicted per block, so prediction memory does not grow with the input. */
    int PREDICT_BLOCK = 2048;

    Preprocessing preprocessing();

    FitSummary summary();

    /** "ntk(depth=2,...)" or "ntk-sketch(...)": what maps the inputs. */
    String describeMap();

    /** Predictions in target units (regression) or class scores (classification), for raw input rows. */
    DoubleMatrix predict(Rows rawInputs, Progress progress);

    /** Predicted class indices (classification models). */
    default int[] predictLabels(Rows rawInputs, Progress progress) {
        if (!preprocessing().isClassification()) {
            throw new IllegalStateException("a regression model has no class labels");
        }
        return OneHot.argmax(predict(rawInputs, progress));
    }

    /** Model-type specific header entries and arrays. */
    void writeContent(Map<String, String> header, Map<String, DoubleMatrix> arrays);

    default void save(Path file) throws IOException {
        toModelFile().save(file);
    }

    /** The model as the header entries and arrays its file holds. */
    default ModelFile toModelFile() {
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, DoubleMatrix> arrays = new LinkedHashMap<>();
        header.put("ntk4j-version", Version.get());
        header.put("created", summary().created());
        writeContent(header, arrays);
        preprocessing().writeTo(header, arrays);
        summary().writeTo(header, arrays);
        return new ModelFile(header, arrays);
    }

    static TrainedModel load(Path file) throws IOException {
        ModelFile f = ModelFile.load(file);
        try {
            String type = f.require("model-type");
            Preprocessing pre = Preprocessing.readFrom(f);
            FitSummary summary = FitSummary.readFrom(f);
            return switch (type) {
                case FeatureRidgeModel.TYPE -> FeatureRidgeModel.read(f, pre, summary);
                case KernelRidgeModel.TYPE -> KernelRidgeModel.read(f, pre, summary);
                case MlpModel.TYPE -> MlpModel.read(f, pre, summary);
                case EnsembleModel.TYPE -> EnsembleModel.read(f, pre, summary);
                default -> throw new ModelFormatException("unknown model-type '" + type + "'");
            };
        } catch (ModelFormatException e) {
            throw new ModelFormatException(file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + ": inconsistent model: " + e.getMessage());
        }
    }

    /** Runs body over row blocks of the input and stacks the results. */
    static DoubleMatrix inBlocks(Rows inputs, int outputs, Progress progress, java.util.function.Function<Rows, DoubleMatrix> body) {
        int n = inputs.rows();
        DoubleMatrix out = new DoubleMatrix(n, outputs);
        progress.start("predicting", n);
        for (int from = 0; from < n; from += PREDICT_BLOCK) {
            int to = Math.min(n, from + PREDICT_BLOCK);
            DoubleMatrix block = body.apply(inputs.rowRange(from, to));
            System.arraycopy(block.data(), 0, out.data(), from * outputs, block.data().length);
            progress.advance(to - from);
        }
        progress.finish();
        return out;
    }
}
