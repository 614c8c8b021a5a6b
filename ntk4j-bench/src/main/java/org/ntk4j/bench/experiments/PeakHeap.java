package org.ntk4j.bench.experiments;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Peak heap use of a run from the JVM's memory pools: their peaks are reset before the run and
 * summed after it. The pools may peak at different moments, so the sum is an upper bound on the
 * true peak (tight when the old generation dominates, as it does for big matrices).
 */
final class PeakHeap {
    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();

    private PeakHeap() {
    }

    /** Collects the previous run's garbage and starts a new peak. */
    static void reset() {
        System.gc();
        HEAP.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static double peakMiB() {
        long sum = 0;
        for (MemoryPoolMXBean p : HEAP) {
            sum += p.getPeakUsage().getUsed();
        }
        return sum / (1024.0 * 1024.0);
    }
}
