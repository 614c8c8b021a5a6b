package org.ntk4j.bench.experiments;

/**
 * One planned run: a method at dimension m on one split of a data set.
 *
 * @param m         feature dimension / parameter count; 0 for methods without one (exact kernels, linear)
 * @param trainSize seeded training subset (0 = all rows)
 * @param testSize  seeded test subset (0 = all rows)
 * @param note      why the run differs from the plain setup (e.g. a subsample), or ""
 */
public record Task(String experiment, String method, String data, int split, int m, int trainSize, int testSize,
                   String note) {

    /** The data this run loads: tasks with equal keys share one load. */
    String dataKey() {
        return data + "|" + split + "|" + trainSize + "|" + testSize;
    }
}
