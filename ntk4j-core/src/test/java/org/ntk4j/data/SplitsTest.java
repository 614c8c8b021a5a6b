package org.ntk4j.data;

import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.DoubleMatrix;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitsTest {
    private static void assertPartition(int n, int[] a, int[] b) {
        BitSet seen = new BitSet(n);
        for (int[] part : new int[][]{a, b}) {
            for (int i : part) {
                assertFalse(seen.get(i), "index " + i + " twice");
                seen.set(i);
            }
        }
        assertEquals(n, seen.cardinality());
    }

    @Test
    void trainTestIsSeededSortedAndPartitions() {
        Splits.Split s = Splits.trainTest(1000, 0.2, 7);
        assertEquals(200, s.test().length);
        assertPartition(1000, s.train(), s.test());
        int[] sorted = s.test().clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, s.test());
        assertArrayEquals(s.test(), Splits.trainTest(1000, 0.2, 7).test());
        assertFalse(Arrays.equals(s.test(), Splits.trainTest(1000, 0.2, 8).test()));
        assertEquals(1, Splits.trainTest(3, 0.01, 1).test().length);
        assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(10, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(1, 0.5, 1));
    }

    @Test
    void kFoldCoversEveryRowOnce() {
        List<Splits.Split> folds = Splits.kFold(103, 5, 3);
        assertEquals(5, folds.size());
        BitSet tested = new BitSet();
        for (Splits.Split f : folds) {
            assertPartition(103, f.train(), f.test());
            assertTrue(f.test().length == 20 || f.test().length == 21);
            for (int i : f.test()) {
                assertFalse(tested.get(i));
                tested.set(i);
            }
        }
        assertEquals(103, tested.cardinality());
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(3, 4, 1));
    }

    @Test
    void takeIsTheFirstOfAShuffle() {
        int[] a = Splits.take(50, 10, 1);
        assertEquals(10, a.length);
        assertEquals(10, Arrays.stream(a).distinct().count());
        assertArrayEquals(a, Arrays.copyOf(Splits.take(50, 20, 1), 10), "a larger subset extends a smaller one");
        assertFalse(Arrays.equals(a, Splits.take(50, 10, 2)));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(sorted, a), "shuffled order");

        double[][] rows = new double[30][];
        for (int i = 0; i < 30; i++) {
            rows[i] = new double[]{i};
        }
        Dataset d = Dataset.regression("d", DoubleMatrix.of(rows), DoubleMatrix.of(rows), List.of("y"));
        Dataset t = Splits.take(d, 5, 9);
        assertEquals(5, t.size());
        assertArrayEquals(t.targets().data(), ((DoubleMatrix) t.inputs()).data());
        assertEquals(d, Splits.take(d, 30, 9));
        assertThrows(IllegalArgumentException.class, () -> Splits.take(d, 31, 9));
        TrainTest tv = Splits.trainValidation(d, 0.3, 1);
        assertEquals(9, tv.test().size());
        assertTrue(tv.test().source().contains("validation"));
        assertFalse(Arrays.equals(tv.test().targets().data(), Splits.trainTest(d, 0.3, 1).test().targets().data()),
                "validation split has its own stream");
    }
}
