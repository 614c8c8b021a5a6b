package org.ntk4j.bench.experiments;

import java.util.List;

/**
 * The runs of a benchmark, and notes about what was left out (a data set not installed) or
 * measured on the side (the exact CNTK's time per pair).
 */
public record Plan(List<Task> tasks, List<String> notes, List<Probe> probes) {

    /** A side measurement that is not a row of results.csv. */
    public interface Probe {
        /** Runs the measurement and returns a sentence for the report. */
        String run() throws Exception;
    }
}
