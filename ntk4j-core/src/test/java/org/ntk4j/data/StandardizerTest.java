package org.ntk4j.data;

import org.junit.jupiter.api.Test;
import org.ntk4j.linalg.CsrMatrix;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.random.RandomStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandardizerTest {
    private static DoubleMatrix data(int n, long seed) {
        DoubleMatrix m = new DoubleMatrix(n, 3);
        RandomStream r = RandomStream.of(seed);
        for (int i = 0; i < n; i++) {
            m.set(i, 0, 1000 + 50 * r.nextGaussian());
            m.set(i, 1, 0.1); // constant, not exactly representable
            m.set(i, 2, -3 + 1e-3 * r.nextGaussian());
        }
        return m;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    @Test
    void trainingColumnsGetMeanZeroSdOneAndConstantsBecomeZero() {
        DoubleMatrix train = data(500, 1);
        Standardizer s = Standardizer.fit(train, new int[]{3});
        DoubleMatrix z = s.apply(train);
        for (int j : new int[]{0, 2}) {
            assertEquals(0, mean(z.column(j)), 1e-12);
            assertEquals(1, sd(z.column(j)), 1e-12);
        }
        for (double v : z.column(1)) {
            assertEquals(0.0, v);
        }
        assertEquals(1.0, s.scale()[1]);
        assertEquals(1, s.groupSize());
    }

    @Test
    void testDataUsesTrainingStatistics() {
        DoubleMatrix train = data(500, 1);
        DoubleMatrix test = data(50, 2);
        Standardizer s = Standardizer.fit(train, new int[]{3});
        DoubleMatrix zt = s.apply(test);
        double[] mean = s.mean();
        double[] scale = s.scale();
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals((test.get(i, j) - mean[j]) / scale[j], zt.get(i, j), 1e-12);
            }
        }
        // training statistics differ from the test set's own
        assertTrue(Math.abs(mean(zt.column(0))) > 1e-6);
        Dataset ds = Dataset.regression("t", test, new DoubleMatrix(50, 1), java.util.List.of("y"));
        Dataset applied = s.apply(ds);
        assertArrayEquals(zt.data(), ((DoubleMatrix) applied.inputs()).data());
        assertSame(ds.targets(), applied.targets());
        assertThrows(IllegalArgumentException.class, () -> s.apply(new DoubleMatrix(2, 4)));
    }

    @Test
    void parametersRebuildTheSameStandardizer() {
        DoubleMatrix train = data(100, 3);
        Standardizer s = Standardizer.fit(train, new int[]{3});
        Standardizer r = Standardizer.of(s.mean(), s.scale(), s.groupSize());
        assertArrayEquals(s.apply(train).data(), r.apply(train).data());
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new double[]{0}, new double[]{0}, 1));
    }

    @Test
    void imagesArePerChannel() {
        int n = 20;
        DoubleMatrix x = new DoubleMatrix(n, 2 * 2 * 3);
        RandomStream r = RandomStream.of(5);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 6; p++) {
                x.set(i, p, 100 + 20 * r.nextGaussian()); // channel 0
                x.set(i, 6 + p, 7); // channel 1 constant
            }
        }
        Standardizer s = Standardizer.fit(Dataset.unlabeled("img", x, new int[]{2, 2, 3}));
        assertEquals(2, s.mean().length);
        assertEquals(6, s.groupSize());
        DoubleMatrix z = s.apply(x);
        double[] ch0 = new double[n * 6];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 6; p++) {
                ch0[i * 6 + p] = z.get(i, p);
                assertEquals(0.0, z.get(i, 6 + p));
            }
        }
        assertEquals(0, mean(ch0), 1e-12);
        assertEquals(1, sd(ch0), 1e-12);
    }

    @Test
    void sparseIsScaledNotCentred() {
        DoubleMatrix dense = DoubleMatrix.of(new double[][]{{1, 0, 5}, {0, 0, 5}, {3, 0, 5}, {0, 2, 5}});
        CsrMatrix sparse = CsrMatrix.fromDense(dense);
        Standardizer s = Standardizer.fit(sparse, new int[]{3});
        assertArrayEquals(new double[]{0, 0, 0}, s.mean());
        assertEquals(sd(dense.column(0)), s.scale()[0], 1e-15);
        assertEquals(1.0, s.scale()[2]); // constant 5
        CsrMatrix z = (CsrMatrix) s.apply((org.ntk4j.linalg.Rows) sparse);
        assertEquals(sparse.nnz(), z.nnz());
        assertEquals(1 / sd(dense.column(0)), z.dense().get(0, 0), 1e-12);
        assertEquals(5.0, z.dense().get(0, 2));
        // a dense-fitted standardiser also only scales sparse input
        Standardizer d = Standardizer.fit(dense, new int[]{3});
        assertEquals(0.0, d.apply(sparse).dense().get(1, 0));
    }

    @Test
    void targetScalerRoundTrip() {
        DoubleMatrix y = DoubleMatrix.of(new double[][]{{10, 1}, {20, 1}, {30, 1}});
        TargetScaler t = TargetScaler.fit(y);
        DoubleMatrix z = t.transform(y);
        assertEquals(0, mean(z.column(0)), 1e-15);
        assertEquals(1, sd(z.column(0)), 1e-15);
        assertArrayEquals(new double[]{0, 0, 0}, z.column(1));
        assertEquals(0.0, t.inverse(z).maxAbsDiff(y), 1e-12);
        TargetScaler r = TargetScaler.of(t.mean(), t.scale());
        assertEquals(0.0, r.inverse(z).maxAbsDiff(y), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> t.transform(new DoubleMatrix(1, 3)));
    }
}
