package org.ntk4j.spark;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Groups a partition's instances into {@link FeatureBlock}s of up to blockRows rows of one
 * λ-selection group each, with targets as the learner wants them: the label (regression) or its
 * one-hot row (classification with k classes).
 */
final class FeatureBlocks implements Iterator<FeatureBlock> {
    private final Iterator<Instance> in;
    private final int dim;
    private final int outputs;
    private final boolean oneHot;
    private final int blockRows;
    private final double[][] features;
    private final double[][] targets;
    private final int[] filled;
    private final ArrayDeque<FeatureBlock> ready = new ArrayDeque<>();
    private boolean drained;

    FeatureBlocks(Iterator<Instance> in, int dim, int outputs, boolean oneHot, int groups, int blockRows) {
        this.in = in;
        this.dim = dim;
        this.outputs = outputs;
        this.oneHot = oneHot;
        this.blockRows = blockRows;
        this.features = new double[groups][];
        this.targets = new double[groups][];
        this.filled = new int[groups];
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !drained) {
            if (in.hasNext()) {
                addRow(in.next());
            } else {
                drained = true;
                for (int g = 0; g < filled.length; g++) {
                    emit(g);
                }
            }
        }
        return !ready.isEmpty();
    }

    @Override
    public FeatureBlock next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void addRow(Instance r) {
        int g = r.group();
        if (features[g] == null) {
            features[g] = new double[blockRows * dim];
            targets[g] = new double[blockRows * outputs];
        }
        int i = filled[g];
        VectorBlocks.copyInto(r.features(), "features", features[g], i * dim);
        if (oneHot) {
            targets[g][i * outputs + (int) r.label()] = 1.0;
        } else {
            targets[g][i] = r.label();
        }
        if (++filled[g] == blockRows) {
            emit(g);
        }
    }

    private void emit(int g) {
        int n = filled[g];
        if (n == 0) {
            return;
        }
        double[] f = features[g];
        double[] t = targets[g];
        if (n < blockRows) { // the last, partial block of the partition
            f = java.util.Arrays.copyOf(f, n * dim);
            t = java.util.Arrays.copyOf(t, n * outputs);
        }
        ready.add(new FeatureBlock(g, n, f, t));
        features[g] = null; // a fresh buffer: the emitted arrays now belong to the block
        targets[g] = null;
        filled[g] = 0;
    }
}
