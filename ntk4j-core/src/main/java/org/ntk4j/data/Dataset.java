package org.ntk4j.data;

import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Inputs and targets of one data set (or one split of it), with where they came from.
 *
 * <p>Inputs are dense or sparse rows; {@code sampleShape} says how a row is read
 * ({d} for vectors, {C, H, W} for images stored channel-major). Targets are either numeric
 * (n×k, regression) or class labels in [0, classNames.size()) (classification).
 */
public final class Dataset {
    private final String source;
    private final Rows inputs;
    private final int[] sampleShape;
    private final DoubleMatrix targets;
    private final int[] labels;
    private final List<String> classNames;
    private final List<String> targetNames;

    private Dataset(String source, Rows inputs, int[] sampleShape, DoubleMatrix targets, int[] labels,
                    List<String> classNames, List<String> targetNames) {
        this.source = Objects.requireNonNull(source);
        this.inputs = Objects.requireNonNull(inputs);
        this.sampleShape = sampleShape.clone();
        this.targets = targets;
        this.labels = labels;
        this.classNames = classNames == null ? null : List.copyOf(classNames);
        this.targetNames = targetNames == null ? null : List.copyOf(targetNames);
        long size = 1;
        for (int s : sampleShape) {
            size *= s;
        }
        if (size != inputs.cols()) {
            throw new IllegalArgumentException("sample shape " + Arrays.toString(sampleShape) + " does not match "
                    + inputs.cols() + " input columns");
        }
        int n = inputs.rows();
        if (targets != null && targets.rows() != n) {
            throw new IllegalArgumentException(n + " input rows but " + targets.rows() + " target rows");
        }
        if (labels != null) {
            if (labels.length != n) {
                throw new IllegalArgumentException(n + " input rows but " + labels.length + " labels");
            }
            for (int i = 0; i < n; i++) {
                if (labels[i] < 0 || labels[i] >= classNames.size()) {
                    throw new IllegalArgumentException("label " + labels[i] + " of row " + i + " outside [0, "
                            + classNames.size() + ")");
                }
            }
        }
    }

    /** A regression data set: numeric targets, n×k. */
    public static Dataset regression(String source, Rows inputs, DoubleMatrix targets, List<String> targetNames) {
        return new Dataset(source, inputs, new int[]{inputs.cols()}, targets, null, null, targetNames);
    }

    /** A classification data set: labels index into classNames. */
    public static Dataset classification(String source, Rows inputs, int[] sampleShape, int[] labels,
                                         List<String> classNames) {
        return new Dataset(source, inputs, sampleShape, null, labels, classNames, null);
    }

    /** Inputs without targets (for predict and kernel/feature commands). */
    public static Dataset unlabeled(String source, Rows inputs, int[] sampleShape) {
        return new Dataset(source, inputs, sampleShape, null, null, null, null);
    }

    /** Where the data came from (file, named set and split), recorded in models and reports. */
    public String source() {
        return source;
    }

    public Rows inputs() {
        return inputs;
    }

    public int size() {
        return inputs.rows();
    }

    public int inputDim() {
        return inputs.cols();
    }

    public int[] sampleShape() {
        return sampleShape.clone();
    }

    public boolean isClassification() {
        return labels != null;
    }

    public boolean hasTargets() {
        return labels != null || targets != null;
    }

    /** Numeric targets (n×k) of a regression set; null for classification and unlabeled sets. */
    public DoubleMatrix targets() {
        return targets;
    }

    /** Class labels of a classification set; null otherwise. */
    public int[] labels() {
        return labels;
    }

    public List<String> classNames() {
        return classNames;
    }

    public List<String> targetNames() {
        return targetNames;
    }

    /** The rows at the given indices, with a source that says so. */
    public Dataset subset(int[] indices, String what) {
        Rows x = inputs.selectRows(indices);
        DoubleMatrix y = targets == null ? null : targets.selectRows(indices);
        int[] l = null;
        if (labels != null) {
            l = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                l[i] = labels[indices[i]];
            }
        }
        return new Dataset(source + " " + what, x, sampleShape, y, l, classNames, targetNames);
    }

    /** The same rows with other inputs (e.g. standardised), keeping targets and provenance. */
    public Dataset withInputs(Rows newInputs, int[] newShape) {
        if (newInputs.rows() != size()) {
            throw new IllegalArgumentException("replacement inputs have " + newInputs.rows() + " rows, expected " + size());
        }
        return new Dataset(source, newInputs, newShape, targets, labels, classNames, targetNames);
    }

    /** The same data with another description of where it came from (e.g. a catalog name). */
    public Dataset withSource(String newSource) {
        return new Dataset(newSource, inputs, sampleShape, targets, labels, classNames, targetNames);
    }

    /**
     * Reads a single numeric target column as class labels: class names are the distinct values,
     * sorted (e.g. "-1", "1" for LIBSVM binary sets).
     */
    public Dataset asClassification() {
        if (labels != null) {
            return this;
        }
        if (targets == null || targets.cols() != 1) {
            throw new IllegalStateException("classification needs exactly one target column");
        }
        TreeSet<Double> distinct = new TreeSet<>();
        for (double v : targets.data()) {
            distinct.add(v);
        }
        if (distinct.size() > 1000) {
            throw new IllegalArgumentException("target has " + distinct.size()
                    + " distinct values; too many classes (is this a regression target?)");
        }
        Double[] values = distinct.toArray(new Double[0]);
        List<String> names = Arrays.stream(values).map(Dataset::formatClass).toList();
        int[] l = new int[size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = Arrays.binarySearch(values, targets.get(i, 0));
        }
        return new Dataset(source, inputs, sampleShape, null, l, names, null);
    }

    private static String formatClass(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return source + ": " + size() + " rows × " + Arrays.toString(sampleShape)
                + (isClassification() ? ", " + classNames.size() + " classes" : targets != null ? ", " + targets.cols() + " target(s)" : "");
    }
}
