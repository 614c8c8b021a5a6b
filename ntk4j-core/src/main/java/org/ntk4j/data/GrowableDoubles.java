package org.ntk4j.data;

import java.util.Arrays;

/** An append-only double array for readers that do not know their row count in advance. */
final class GrowableDoubles {
    static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    private double[] data;
    private int size;

    GrowableDoubles(int initialCapacity) {
        data = new double[Math.max(16, initialCapacity)];
    }

    /** Appends a value; false when the array is full at its maximum length (caller reports it). */
    boolean add(double v) {
        if (size == data.length) {
            if (size == MAX_LENGTH) {
                return false;
            }
            data = Arrays.copyOf(data, (int) Math.min(MAX_LENGTH, 2L * size));
        }
        data[size++] = v;
        return true;
    }

    int size() {
        return size;
    }

    double[] toArray() {
        return data.length == size ? data : Arrays.copyOf(data, size);
    }
}
