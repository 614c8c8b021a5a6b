package org.ntk4j.features;

import org.ntk4j.kernel.FullyConnectedNtk;
import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.FloatMatrix;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.random.RandomStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared checks of feature maps: approximation of an exact kernel, determinism, zero input. */
final class FeatureMapTestSupport {
    private FeatureMapTestSupport() {
    }

    static DoubleMatrix gaussian(int n, int d, long seed) {
        DoubleMatrix x = new DoubleMatrix(n, d);
        RandomStream.of(seed).fillGaussian(x.data());
        return x;
    }

    /** ΦΦᵀ in double from float features. */
    static DoubleMatrix gram(FloatMatrix phi) {
        DoubleMatrix p = phi.toDouble();
        return Blas.multiply(p, false, p, true);
    }

    /** Relative Frobenius error of ΦΦᵀ against the exact paper-convention NTK (or NNGP). */
    static double errorAgainstExact(FeatureMap map, DoubleMatrix x, int depth, boolean nngp) {
        DoubleMatrix exact = FullyConnectedNtk.paper(depth, nngp).gram(x);
        return gram(map.transform(x)).relativeFrobeniusError(exact);
    }

    /** Features are bit-identical for any block size and thread count, and rows do not see each other. */
    static void assertDeterministic(FeatureMapSpec spec, DoubleMatrix x) {
        int previous = Parallel.threads();
        try {
            Parallel.setThreads(2);
            FloatMatrix all = FeatureMaps.build(spec, new int[]{x.cols()}).transform(x);
            Parallel.setThreads(1);
            FeatureMap rebuilt = FeatureMaps.build(spec, new int[]{x.cols()});
            for (int block : new int[]{1, 3, 7}) {
                for (int from = 0; from < x.rows(); from += block) {
                    int to = Math.min(x.rows(), from + block);
                    FloatMatrix part = rebuilt.transform(x.rowRange(from, to));
                    for (int r = from; r < to; r++) {
                        float[] expected = java.util.Arrays.copyOfRange(all.data(), r * all.cols(), (r + 1) * all.cols());
                        float[] actual = java.util.Arrays.copyOfRange(part.data(), (r - from) * all.cols(), (r - from + 1) * all.cols());
                        assertArrayEquals(expected, actual, "row " + r + " in blocks of " + block);
                    }
                }
            }
        } finally {
            Parallel.setThreads(previous);
        }
    }

    static void assertZeroInputGivesZeroFeatures(FeatureMap map) {
        FloatMatrix phi = map.transform(new DoubleMatrix(2, map.inputDim()));
        for (float v : phi.data()) {
            assertEquals(0f, v);
        }
    }

    /**
     * Averaging ⟨φ(x),φ(y)⟩ over R seeds: the error against the exact kernel must shrink like
     * 1/√R for an unbiased estimator; a biased one levels off at its bias.
     */
    static double[] averagedErrors(java.util.function.LongFunction<FeatureMap> mapForSeed, DoubleMatrix x,
                                   DoubleMatrix exact, int[] counts) {
        double[] errors = new double[counts.length];
        DoubleMatrix sum = new DoubleMatrix(x.rows(), x.rows());
        int done = 0;
        for (int c = 0; c < counts.length; c++) {
            for (; done < counts[c]; done++) {
                DoubleMatrix g = gram(mapForSeed.apply(1000 + done).transform(x));
                for (int i = 0; i < g.data().length; i++) {
                    sum.data()[i] += g.data()[i];
                }
            }
            DoubleMatrix mean = sum.copy();
            for (int i = 0; i < mean.data().length; i++) {
                mean.data()[i] /= done;
            }
            errors[c] = mean.relativeFrobeniusError(exact);
        }
        return errors;
    }
}
