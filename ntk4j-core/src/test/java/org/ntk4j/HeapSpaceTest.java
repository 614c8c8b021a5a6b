package org.ntk4j;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapSpaceTest {
    private static final long GIB = 1L << 30;

    @Test
    void theLargestPoolBoundsLongLivedData() {
        // the parallel collector's default split of an 18 GiB heap: eden 6, survivors 1, old 12
        assertEquals(12 * GIB, HeapSpace.longLived(18 * GIB, new long[] {6 * GIB, GIB, 12 * GIB}));
    }

    @Test
    void noPoolLargerThanTheHeapAndUndefinedMaximaFallBackToTheHeap() {
        assertEquals(18 * GIB, HeapSpace.longLived(18 * GIB, new long[] {-1, 20 * GIB}));
        assertEquals(18 * GIB, HeapSpace.longLived(18 * GIB, new long[] {-1, -1}));
        assertEquals(18 * GIB, HeapSpace.longLived(18 * GIB, new long[0]));
    }

    @Test
    void thisJvmsOldGenerationIsMostOfTheHeapButNotMoreThanIt() {
        long heap = Runtime.getRuntime().maxMemory();
        long space = HeapSpace.longLived();
        assertTrue(space <= heap, space + " > heap " + heap);
        assertTrue(space > heap / 2, "old generation " + space + " of heap " + heap);
    }

    @Test
    void theDescriptionNamesTheHeap() {
        long heap = Runtime.getRuntime().maxMemory();
        assertTrue(HeapSpace.describe(heap).endsWith(" GiB heap"), HeapSpace.describe(heap));
        assertTrue(HeapSpace.describe(heap / 2).contains("GiB old generation of the"), HeapSpace.describe(heap / 2));
    }
}
