package org.ntk4j.model;

import org.ntk4j.data.Dataset;
import org.ntk4j.data.Standardizer;
import org.ntk4j.data.TargetScaler;
import org.ntk4j.learn.OneHot;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything between raw data and the learner, fitted on training data only: input
 * standardisation, and either target scaling (regression) or one-hot classes (classification).
 */
public record Preprocessing(int[] inputShape, Standardizer inputs, TargetScaler targets, List<String> classNames,
                            List<String> targetNames) {

    public static Preprocessing fit(Dataset train) {
        Standardizer s = Standardizer.fit(train);
        if (train.isClassification()) {
            return new Preprocessing(train.sampleShape(), s, null, train.classNames(), null);
        }
        if (train.targets() == null) {
            throw new IllegalArgumentException("training data " + train.source() + " has no targets");
        }
        return new Preprocessing(train.sampleShape(), s, TargetScaler.fit(train.targets()), null, train.targetNames());
    }

    public boolean isClassification() {
        return classNames != null;
    }

    public int inputDim() {
        int d = 1;
        for (int s : inputShape) {
            d *= s;
        }
        return d;
    }

    /** Number of model outputs: classes, or target columns. */
    public int outputs() {
        return isClassification() ? classNames.size() : targets.mean().length;
    }

    /** Standardised inputs, after checking they have the training width. */
    public Rows transformInputs(Rows raw, String where) {
        if (raw.cols() != inputDim()) {
            throw new IllegalArgumentException(where + " has " + raw.cols() + " input columns, the model was trained on "
                    + inputDim());
        }
        return inputs.apply(raw);
    }

    /** Learner targets: one-hot rows or scaled numeric targets. */
    public DoubleMatrix learnerTargets(Dataset data) {
        if (isClassification()) {
            if (!data.isClassification()) {
                throw new IllegalArgumentException(data.source() + " has numeric targets, the model is a classifier");
            }
            return OneHot.encode(remapLabels(data), classNames.size());
        }
        if (data.targets() == null) {
            throw new IllegalArgumentException(data.source() + " has no numeric targets");
        }
        if (data.targets().cols() != targets.mean().length) {
            throw new IllegalArgumentException(data.source() + " has " + data.targets().cols() + " target columns, the model "
                    + targets.mean().length);
        }
        return targets.transform(data.targets());
    }

    /** Labels of data in this model's class order (data sets may list classes differently). */
    public int[] remapLabels(Dataset data) {
        int[] out = new int[data.size()];
        List<String> theirs = data.classNames();
        int[] map = new int[theirs.size()];
        for (int c = 0; c < map.length; c++) {
            map[c] = classNames.indexOf(theirs.get(c));
            if (map[c] < 0) {
                throw new IllegalArgumentException(data.source() + " has class '" + theirs.get(c)
                        + "' the model does not know (known: " + String.join(", ", classNames) + ")");
            }
        }
        int[] labels = data.labels();
        for (int i = 0; i < out.length; i++) {
            out[i] = map[labels[i]];
        }
        return out;
    }

    /** Learner outputs back to target units (regression) or left as class scores. */
    public DoubleMatrix outputsToTargets(DoubleMatrix raw) {
        return isClassification() ? raw : targets.inverse(raw);
    }

    // ---- model-file encoding ----

    void writeTo(Map<String, String> header, Map<String, DoubleMatrix> arrays) {
        header.put("input-shape", shapeText(inputShape));
        header.put("preprocessing", "inputs standardised with training statistics (" + inputs + ")"
                + (isClassification() ? "; classes one-hot" : "; targets scaled to training mean 0, sd 1"));
        header.put("task", isClassification() ? "classification" : "regression");
        if (isClassification()) {
            for (int c = 0; c < classNames.size(); c++) {
                header.put("class." + c, classNames.get(c));
            }
        } else {
            for (int t = 0; targetNames != null && t < targetNames.size(); t++) {
                header.put("target." + t, targetNames.get(t));
            }
            arrays.put("target-mean", row(targets.mean()));
            arrays.put("target-scale", row(targets.scale()));
        }
        header.put("input-group-size", Integer.toString(inputs.groupSize()));
        arrays.put("input-mean", row(inputs.mean()));
        arrays.put("input-scale", row(inputs.scale()));
    }

    static Preprocessing readFrom(ModelFile file) {
        int[] shape = parseShape(file.require("input-shape"));
        int group;
        try {
            group = Integer.parseInt(file.require("input-group-size"));
        } catch (NumberFormatException e) {
            throw new ModelFormatException("input-group-size is not an integer");
        }
        double[] mean = file.array("input-mean").data();
        long d = 1;
        for (int v : shape) {
            d *= v;
        }
        if (group < 1 || (long) mean.length * group != d || file.array("input-scale").data().length != mean.length) {
            throw new ModelFormatException("input statistics (" + mean.length + " groups of " + group
                    + ") do not fit input shape " + shapeText(shape));
        }
        Standardizer s = Standardizer.of(mean, file.array("input-scale").data(), group);
        String task = file.require("task");
        switch (task) {
            case "classification" -> {
                return new Preprocessing(shape, s, null, indexed(file, "class."), null);
            }
            case "regression" -> {
                TargetScaler t = TargetScaler.of(file.array("target-mean").data(), file.array("target-scale").data());
                List<String> names = indexed(file, "target.");
                return new Preprocessing(shape, s, t, null, names.isEmpty() ? null : names);
            }
            default -> throw new ModelFormatException("unknown task '" + task + "'");
        }
    }

    private static List<String> indexed(ModelFile file, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 0; file.header().containsKey(prefix + i); i++) {
            out.add(file.header().get(prefix + i));
        }
        return out;
    }

    static DoubleMatrix row(double[] v) {
        return new DoubleMatrix(1, v.length, v.clone());
    }

    public static String shapeText(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : "x").append(shape[i]);
        }
        return sb.toString();
    }

    static int[] parseShape(String text) {
        try {
            int[] s = Arrays.stream(text.split("x")).mapToInt(Integer::parseInt).toArray();
            for (int v : s) {
                if (v <= 0) {
                    throw new NumberFormatException();
                }
            }
            return s;
        } catch (NumberFormatException e) {
            throw new ModelFormatException("invalid input-shape '" + text + "'");
        }
    }

    static Map<String, String> newHeader() {
        return new LinkedHashMap<>();
    }
}
