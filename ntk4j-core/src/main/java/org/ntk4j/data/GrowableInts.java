package org.ntk4j.data;

import java.util.Arrays;

/** An append-only int array for readers that do not know their size in advance. */
final class GrowableInts {
    private int[] data;
    private int size;

    GrowableInts(int initialCapacity) {
        data = new int[Math.max(16, initialCapacity)];
    }

    /** Appends a value; false when the array is full at its maximum length (caller reports it). */
    boolean add(int v) {
        if (size == data.length) {
            if (size == GrowableDoubles.MAX_LENGTH) {
                return false;
            }
            data = Arrays.copyOf(data, (int) Math.min(GrowableDoubles.MAX_LENGTH, 2L * size));
        }
        data[size++] = v;
        return true;
    }

    int size() {
        return size;
    }

    int[] toArray() {
        return data.length == size ? data : Arrays.copyOf(data, size);
    }
}
