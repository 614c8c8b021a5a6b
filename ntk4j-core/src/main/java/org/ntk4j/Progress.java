package org.ntk4j;

/**
 * Where long computations report how far they are. The library never prints: the command line
 * passes a terminal progress bar, tests and library users pass {@link #NONE}.
 */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void advance(long units) {
        }

        @Override
        public void finish() {
        }
    };

    /** Begins a task of the given number of units (rows, pairs, …). */
    void start(String task, long total);

    /** Reports units done since the last call; safe to call from several threads. */
    void advance(long units);

    /** Ends the current task. */
    void finish();
}
