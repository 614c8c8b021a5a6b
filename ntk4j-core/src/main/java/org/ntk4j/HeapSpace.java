package org.ntk4j;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;

/**
 * How much long-lived data the heap can hold. Stored features live until the end of a fit, so they
 * end up in the old generation, and with the parallel or serial collector that is only the heap
 * minus the young generation (by default two thirds of -Xmx): sizing a store against -Xmx alone
 * lets a run pass its check and fail with OutOfMemoryError an hour later.
 */
public final class HeapSpace {
    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    private HeapSpace() {
    }

    /** One heap pool: its name and the bytes it may grow to (−1 when undefined). */
    record Pool(String name, long max) {
    }

    /** The bytes the old generation may grow to, at most the heap's maximum. */
    public static long longLived() {
        List<Pool> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid())
                .map(p -> new Pool(p.getName(), p.getUsage().getMax())).toList();
        return longLived(Runtime.getRuntime().maxMemory(), pools);
    }

    /**
     * The old generation's maximum ("PS Old Gen", "Tenured Gen", "G1 Old Gen"), at most the heap;
     * the heap when there is no such pool or its maximum is undefined (ZGC, Shenandoah, Epsilon).
     */
    static long longLived(long heap, List<Pool> pools) {
        for (Pool p : pools) {
            if ((p.name().contains("Old") || p.name().contains("Tenured")) && p.max() > 0) {
                return Math.min(p.max(), heap);
            }
        }
        return heap;
    }

    /**
     * "16.9 GiB old generation of the 18.0 GiB heap (the young generation takes the rest: a smaller
     * one, -Xmn in NTK4J_JAVA_OPTS, leaves more)", or "18.0 GiB heap" when the two are the same.
     */
    public static String describe(long space) {
        long heap = Runtime.getRuntime().maxMemory();
        return space < heap
                ? String.format(Locale.ROOT, "%.1f GiB old generation of the %.1f GiB heap (the young generation takes "
                        + "the rest: a smaller one, -Xmn in NTK4J_JAVA_OPTS, leaves more)", space / GIB, heap / GIB)
                : String.format(Locale.ROOT, "%.1f GiB heap", heap / GIB);
    }
}
