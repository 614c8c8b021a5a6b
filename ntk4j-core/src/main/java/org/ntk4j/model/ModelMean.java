package org.ntk4j.model;

import org.ntk4j.linalg.DoubleMatrix;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The mean prediction of several saved models of one task: class scores or targets averaged row
 * by row. Unlike {@link EnsembleModel} (draws of one feature map, fitted together) the models may
 * be anything fitted on the same inputs and outputs, e.g. CNTK Sketch models of different m or
 * trained on differently augmented images, whose errors are partly independent.
 */
public final class ModelMean {
    private ModelMean() {
    }

    /**
     * Checks that the models read the same inputs and predict the same outputs.
     *
     * @param names how to call each model in a message (e.g. its file)
     * @throws IllegalArgumentException naming the first model that differs from the first one
     */
    public static void checkCompatible(List<? extends TrainedModel> models, List<String> names) {
        if (models.isEmpty() || models.size() != names.size()) {
            throw new IllegalArgumentException("give one name per model and at least one model");
        }
        Preprocessing first = models.getFirst().preprocessing();
        for (int i = 1; i < models.size(); i++) {
            Preprocessing p = models.get(i).preprocessing();
            String differs = null;
            if (!Arrays.equals(p.inputShape(), first.inputShape())) {
                differs = "inputs of shape " + Arrays.toString(p.inputShape()) + " where " + names.getFirst() + " has "
                        + Arrays.toString(first.inputShape());
            } else if (p.isClassification() != first.isClassification()) {
                differs = (p.isClassification() ? "classes" : "numeric targets") + " where " + names.getFirst() + " has "
                        + (first.isClassification() ? "classes" : "numeric targets");
            } else if (p.isClassification() && !p.classNames().equals(first.classNames())) {
                differs = "classes " + p.classNames() + " where " + names.getFirst() + " has " + first.classNames();
            } else if (!p.isClassification() && (p.outputs() != first.outputs()
                    || !Objects.equals(p.targetNames(), first.targetNames()))) {
                differs = "targets " + p.targetNames() + " (" + p.outputs() + ") where " + names.getFirst() + " has "
                        + first.targetNames() + " (" + first.outputs() + ")";
            }
            if (differs != null) {
                throw new IllegalArgumentException("cannot average " + names.get(i) + " with " + names.getFirst()
                        + ": it predicts from " + differs);
            }
        }
    }

    /** The row-by-row mean of predictions of equal size. */
    public static DoubleMatrix mean(List<DoubleMatrix> predictions) {
        DoubleMatrix sum = predictions.getFirst().copy();
        for (int i = 1; i < predictions.size(); i++) {
            DoubleMatrix p = predictions.get(i);
            if (p.rows() != sum.rows() || p.cols() != sum.cols()) {
                throw new IllegalArgumentException("prediction " + i + " is " + p.rows() + "x" + p.cols() + ", the first "
                        + sum.rows() + "x" + sum.cols());
            }
            EnsembleModel.add(sum, p);
        }
        return EnsembleModel.scale(sum, 1.0 / predictions.size());
    }
}
