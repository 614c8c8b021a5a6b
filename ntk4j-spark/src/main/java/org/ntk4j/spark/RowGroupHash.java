package org.ntk4j.spark;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.ntk4j.learn.LambdaSelection;

/**
 * The λ-selection group of a training row (hold-out part or fold) from a seeded hash of the row's
 * content: its label and its non-zero features. Unlike a row index it needs no extra pass over the
 * data (zipWithIndex would recompute upstream features to count partitions), and it does not
 * depend on partitioning or row order. Identical rows land in the same group, which keeps
 * duplicates from leaking across the split. Fractions hold in expectation, not exactly.
 */
public final class RowGroupHash {
    private RowGroupHash() {
    }

    /** Group in [0, selection.groups()): for hold-out 1 is the held-out part, for k-fold the fold. */
    public static int group(LambdaSelection selection, Vector features, double label) {
        int groups = selection.groups();
        if (groups == 1) {
            return 0;
        }
        double u = uniform(selection.seed(), features, label);
        if (selection.rule() == LambdaSelection.Rule.HOLDOUT) {
            return u < selection.fraction() ? 1 : 0;
        }
        return Math.min(groups - 1, (int) (u * groups));
    }

    /** A number in [0, 1) that depends only on (seed, label, non-zero features). */
    static double uniform(long seed, Vector features, double label) {
        long h = mix(seed ^ 0x6a09e667f3bcc909L);
        h = mix(h ^ bits(label));
        if (features instanceof SparseVector s) {
            int[] idx = s.indices();
            double[] val = s.values();
            for (int p = 0; p < idx.length; p++) {
                h = entry(h, idx[p], val[p]);
            }
        } else {
            double[] val = ((DenseVector) features).values();
            for (int j = 0; j < val.length; j++) {
                h = entry(h, j, val[j]);
            }
        }
        return (h >>> 11) * 0x1.0p-53;
    }

    // Zeros are skipped (dense and sparse forms of a row hash alike); −0.0 counts as zero.
    private static long entry(long h, int index, double value) {
        if (value == 0.0) {
            return h;
        }
        return mix(mix(h ^ index) ^ bits(value));
    }

    private static long bits(double v) {
        return Double.doubleToLongBits(v == 0.0 ? 0.0 : v);
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
