package org.ntk4j.learn;

import org.ntk4j.random.RandomStream;

/**
 * Assigns each training row to a group for λ selection: group 1 is the hold-out part (or fold
 * index for k-fold), from a seeded permutation so the split depends only on (seed, n).
 */
public final class RowGroups {
    private RowGroups() {
    }

    /** Group of each of n rows under the selection rule (all 0 for GCV and fixed λ). */
    public static int[] assign(LambdaSelection selection, int n) {
        int[] group = new int[n];
        if (selection.groups() == 1) {
            return group;
        }
        int[] perm = RandomStream.of(selection.seed()).child("lambda-selection").permutation(n);
        if (selection.rule() == LambdaSelection.Rule.HOLDOUT) {
            int held = (int) Math.round(selection.fraction() * n);
            if (held < 1 || held >= n) {
                throw new IllegalArgumentException("hold-out of " + selection.fraction() + " leaves no rows on one side of "
                        + n + " training rows");
            }
            for (int r = 0; r < held; r++) {
                group[perm[r]] = 1;
            }
        } else {
            int k = selection.folds();
            if (n < k) {
                throw new IllegalArgumentException(k + "-fold cross-validation needs at least " + k + " rows, got " + n);
            }
            for (int r = 0; r < n; r++) {
                group[perm[r]] = r % k;
            }
        }
        return group;
    }
}
