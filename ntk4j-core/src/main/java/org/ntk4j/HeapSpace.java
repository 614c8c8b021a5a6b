package org.ntk4j;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * How much long-lived data the heap can hold. Stored features live until the end of a fit, so they
 * end up in the old generation, and with the parallel collector that is only the heap minus the
 * young generation (by default two thirds of -Xmx): sizing a store against -Xmx alone lets a run
 * pass its check and fail with OutOfMemoryError an hour later.
 */
public final class HeapSpace {
    private HeapSpace() {
    }

    /** The bytes the largest heap pool (the old generation) may grow to, at most the heap's maximum. */
    public static long longLived() {
        long[] maxima = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid())
                .mapToLong(p -> p.getUsage().getMax()).toArray();
        return longLived(Runtime.getRuntime().maxMemory(), maxima);
    }

    /** The largest pool maximum, at most the heap; the heap when no pool states one (−1 = undefined). */
    static long longLived(long heap, long[] poolMaxima) {
        long largest = -1;
        for (long max : poolMaxima) {
            largest = Math.max(largest, max);
        }
        return largest > 0 ? Math.min(largest, heap) : heap;
    }

    /** "12.0 GiB old generation of the 18.0 GiB heap", or "18.0 GiB heap" when the two are the same. */
    public static String describe(long space) {
        long heap = Runtime.getRuntime().maxMemory();
        return space < heap
                ? String.format(Locale.ROOT, "%.1f GiB old generation of the %.1f GiB heap", space / GIB, heap / GIB)
                : String.format(Locale.ROOT, "%.1f GiB heap", heap / GIB);
    }

    private static final double GIB = 1024.0 * 1024.0 * 1024.0;
}
