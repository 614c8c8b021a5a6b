package org.ntk4j.bench.experiments;

import org.ntk4j.data.DataCatalog;
import org.ntk4j.data.TrainTest;
import org.ntk4j.kernel.ConvolutionalNtk;
import org.ntk4j.kernel.Kernel;
import org.ntk4j.kernel.Kernels;
import org.ntk4j.linalg.Parallel;
import org.ntk4j.linalg.Rows;
import org.ntk4j.model.Preprocessing;

import java.util.Locale;

/**
 * Times the exact CNTK on a few CIFAR-10 pairs and extrapolates to the exact ridge of the whole
 * subset: a full run costs hours, so by default only its price is measured.
 */
final class CntkPairTiming implements Plan.Probe {
    private final DataCatalog catalog;
    private final Methods.Settings settings;
    private final int side;
    private final int train;
    private final int test;

    /** Times side × side pairs; extrapolates to train(train+1)/2 + test·train pairs. */
    CntkPairTiming(DataCatalog catalog, Methods.Settings settings, int side, int train, int test) {
        this.catalog = catalog;
        this.settings = settings;
        this.side = side;
        this.train = train;
        this.test = test;
    }

    @Override
    public String run() throws Exception {
        TrainTest tt = catalog.load("cifar10", 0, side, side, settings.seed());
        Preprocessing pre = Preprocessing.fit(tt.train());
        Rows a = pre.transformInputs(tt.train().inputs(), "train");
        Rows b = pre.transformInputs(tt.test().inputs(), "test");
        Kernel k = Kernels.build(ConvolutionalNtk.withShape(Methods.cntkSpec(settings), pre.inputShape()));
        long t0 = System.nanoTime();
        k.gram(b, a);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long pairs = (long) side * side;
        double perPair = seconds / pairs;
        return String.format(Locale.ROOT, "exact CNTK (%s) on 32×32×3: %.1f ms per pair wall-clock with %d thread(s) "
                        + "(%d pairs timed in %.1f s). %s%s", Methods.cntkSpec(settings), 1e3 * perPair,
                Parallel.threads(), pairs, seconds, extrapolate(train, test, perPair),
                train == Experiments.CIFAR_TRAIN && test == Experiments.CIFAR_TEST ? ""
                        : " " + extrapolate(Experiments.CIFAR_TRAIN, Experiments.CIFAR_TEST, perPair));
    }

    /** Kernel ridge needs the symmetric train Gram and the test × train block. */
    private static String extrapolate(int train, int test, double perPair) {
        long pairs = (long) train * (train + 1) / 2 + (long) test * train;
        return String.format(Locale.ROOT, "Exact ridge on %d train / %d test images: %,d pairs, about %.1f hours "
                + "at this rate.", train, test, pairs, pairs * perPair / 3600);
    }
}
