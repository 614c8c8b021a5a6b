package org.ntk4j;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapSpaceTest {
    private static final long GIB = 1L << 30;

    private static HeapSpace.Pool pool(String name, long max) {
        return new HeapSpace.Pool(name, max);
    }

    @Test
    void theOldGenerationBoundsLongLivedData() {
        // the parallel collector's default split of an 18 GiB heap: eden 5, survivors 0.5 each, old 12
        assertEquals(12 * GIB, HeapSpace.longLived(18 * GIB, List.of(pool("PS Eden Space", 5 * GIB),
                pool("PS Survivor Space", GIB / 2), pool("PS Old Gen", 12 * GIB))));
        // a young generation larger than the old one (-Xmn12g): still the old generation
        assertEquals(6 * GIB, HeapSpace.longLived(18 * GIB, List.of(pool("PS Eden Space", 11 * GIB),
                pool("PS Old Gen", 6 * GIB))));
        assertEquals(3 * GIB, HeapSpace.longLived(4 * GIB, List.of(pool("Eden Space", GIB), pool("Tenured Gen", 3 * GIB))));
    }

    @Test
    void withoutAStatedOldGenerationTheHeapIsTheBound() {
        // G1 states the heap or nothing for its old generation; ZGC has one pool, no "Old" in its name
        assertEquals(18 * GIB, HeapSpace.longLived(18 * GIB, List.of(pool("G1 Eden Space", -1), pool("G1 Old Gen", -1))));
        assertEquals(18 * GIB, HeapSpace.longLived(18 * GIB, List.of(pool("G1 Old Gen", 20 * GIB))));
        assertEquals(18 * GIB, HeapSpace.longLived(18 * GIB, List.of(pool("ZHeap", 18 * GIB))));
        assertEquals(18 * GIB, HeapSpace.longLived(18 * GIB, List.of()));
    }

    @Test
    void theLaunchersYoungGenerationLeavesMostOfTheHeapToTheOldOne() {
        long heap = Runtime.getRuntime().maxMemory();
        long space = HeapSpace.longLived();
        assertTrue(space <= heap, space + " > heap " + heap);
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        // the tests run with the launcher's flags (pom.xml ntk4j.jvm.flags = scripts/jdk.sh): 15/16 of the heap
        if (args.contains("-XX:+UseParallelGC") && args.contains("-XX:NewRatio=15")) {
            assertTrue(space > 0.9 * heap, "old generation " + space + " of heap " + heap);
        } else {
            assertTrue(space > heap / 2, "old generation " + space + " of heap " + heap);
        }
    }

    @Test
    void theDescriptionNamesTheHeapAndTheWayToMoreRoom() {
        long heap = Runtime.getRuntime().maxMemory();
        assertTrue(HeapSpace.describe(heap).endsWith(" GiB heap"), HeapSpace.describe(heap));
        String partial = HeapSpace.describe(heap / 2);
        assertTrue(partial.contains("GiB old generation of the") && partial.contains("-Xmn"), partial);
    }
}
