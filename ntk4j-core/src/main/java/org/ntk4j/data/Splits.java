package org.ntk4j.data;

import org.ntk4j.random.RandomStream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seeded row splits: shuffles, train/test (or train/validation) by fraction, k-fold index sets
 * and seeded subsets. Every function draws from its own {@link RandomStream} child of the seed,
 * so the same (seed, n) always gives the same indices. The parts of a split are sorted
 * ascending (they keep the rows' original order); a subset taken with {@link #take} is in
 * shuffled order, so that data stored grouped by class is not handed on grouped.
 */
public final class Splits {

    /** Row indices of one split, each sorted ascending. */
    public record Split(int[] train, int[] test) {
    }

    private Splits() {
    }

    /** A seeded permutation of [0, n). */
    public static int[] shuffle(int n, long seed) {
        return RandomStream.of(seed).child("splits").child("shuffle").permutation(n);
    }

    /** Rows [0, n) split at random into train and test; the test part is round(n·testFraction) rows. */
    public static Split trainTest(int n, double testFraction, long seed) {
        return split(n, testFraction, "train-test", seed);
    }

    private static Split split(int n, double fraction, String stream, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1), got " + fraction);
        }
        if (n < 2) {
            throw new IllegalArgumentException("cannot split " + n + " row(s) into two non-empty parts");
        }
        int nTest = (int) Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
        int[] p = RandomStream.of(seed).child("splits").child(stream).permutation(n);
        return new Split(sorted(p, nTest, n), sorted(p, 0, nTest));
    }

    /** A data set split into train and test parts (see {@link #trainTest(int, double, long)}). */
    public static TrainTest trainTest(Dataset data, double testFraction, long seed) {
        return apply(data, trainTest(data.size(), testFraction, seed), "test", testFraction, seed);
    }

    /** A training set split further into train and validation parts (a split with its own stream). */
    public static TrainTest trainValidation(Dataset data, double validationFraction, long seed) {
        Split s = split(data.size(), validationFraction, "train-validation", seed);
        return apply(data, s, "validation", validationFraction, seed);
    }

    private static TrainTest apply(Dataset data, Split s, String what, double fraction, long seed) {
        String tag = "(seed " + seed + ", " + what + " fraction " + fraction + ")";
        return new TrainTest(data.subset(s.train(), "train " + tag), data.subset(s.test(), what + " " + tag),
                data.source() + ": " + s.train().length + " train / " + s.test().length + " " + what + " rows " + tag);
    }

    /**
     * k disjoint folds covering [0, n): fold f's test part is the f-th block of a seeded
     * permutation (sizes differ by at most one), its train part is everything else.
     */
    public static List<Split> kFold(int n, int k, long seed) {
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("k-fold needs 2 <= k <= n, got k = " + k + ", n = " + n);
        }
        int[] p = RandomStream.of(seed).child("splits").child("k-fold").permutation(n);
        List<Split> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int from = (int) ((long) f * n / k);
            int to = (int) ((long) (f + 1) * n / k);
            int[] test = sorted(p, from, to);
            int[] train = new int[n - test.length];
            System.arraycopy(p, 0, train, 0, from);
            System.arraycopy(p, to, train, from, n - to);
            Arrays.sort(train);
            folds.add(new Split(train, test));
        }
        return List.copyOf(folds);
    }

    /** The first {@code count} indices of a seeded shuffle of [0, n), in shuffled order. */
    public static int[] take(int n, int count, long seed) {
        if (count < 0 || count > n) {
            throw new IllegalArgumentException("cannot take " + count + " rows from " + n);
        }
        int[] p = RandomStream.of(seed).child("splits").child("take").permutation(n);
        return Arrays.copyOf(p, count);
    }

    /**
     * The first {@code count} rows of a seeded shuffle of a data set (for --train-size/--test-size),
     * in shuffled order; the whole set, unchanged, when count equals its size.
     */
    public static Dataset take(Dataset data, int count, long seed) {
        if (count > data.size()) {
            throw new IllegalArgumentException("asked for " + count + " rows but " + data.source() + " has only "
                    + data.size());
        }
        if (count == data.size()) {
            return data;
        }
        return data.subset(take(data.size(), count, seed), "(" + count + " rows, seed " + seed + ")");
    }

    private static int[] sorted(int[] p, int from, int to) {
        int[] out = Arrays.copyOfRange(p, from, to);
        Arrays.sort(out);
        return out;
    }
}
