package org.ntk4j.sketch;

import java.util.Arrays;
import org.ntk4j.random.RandomStream;

/** Random draws shared by the sketches; every draw comes from the stream it is given. */
final class Sampling {
    private Sampling() {
    }

    /** Uniform integer in [0, bound), bound ≥ 1, by masking and rejection (no modulo bias). */
    static long uniformLong(RandomStream rng, long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        if (bound <= Integer.MAX_VALUE) {
            return rng.nextInt((int) bound);
        }
        long mask = -1L >>> Long.numberOfLeadingZeros(bound - 1);
        long r;
        do {
            r = rng.nextLong() & mask;
        } while (r >= bound);
        return r;
    }

    /**
     * k distinct values drawn uniformly from [0, population), returned in increasing order.
     * Floyd's algorithm: O(k) time and memory whatever the population, so a 4096² grid costs no
     * more than its sample.
     */
    static long[] distinctSorted(RandomStream rng, long population, int k) {
        if (k < 0 || k > population) {
            throw new IllegalArgumentException("cannot draw " + k + " distinct values from " + population);
        }
        LongSet chosen = new LongSet(k);
        long[] out = new long[k];
        int c = 0;
        for (long j = population - k; j < population; j++) {
            long t = uniformLong(rng, j + 1);
            long pick = chosen.add(t) ? t : j;
            if (pick == j) {
                chosen.add(j);
            }
            out[c++] = pick;
        }
        Arrays.sort(out);
        return out;
    }

    /** n independent Rademacher signs as ±1f. */
    static float[] signs(RandomStream rng, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = rng.nextLong() < 0 ? -1f : 1f;
        }
        return s;
    }

    /** Open-addressing set of non-negative longs, only what Floyd's algorithm needs. */
    private static final class LongSet {
        private final long[] slots;
        private final int mask;

        LongSet(int expected) {
            int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
            slots = new long[cap];
            Arrays.fill(slots, -1L);
            mask = cap - 1;
        }

        /** Adds v; false if it was already present. */
        boolean add(long v) {
            int i = (int) mix(v) & mask;
            while (slots[i] != -1L) {
                if (slots[i] == v) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            slots[i] = v;
            return true;
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
            return z ^ (z >>> 33);
        }
    }
}
