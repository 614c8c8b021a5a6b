package org.ntk4j.cli;

import org.ntk4j.linalg.Blas;
import org.ntk4j.linalg.Parallel;
import picocli.CommandLine.Option;

/** Options every computing command shares. */
final class CommonOptions {
    /** Set by --verbose; read by the error handler. */
    static volatile boolean verbose;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Threads for Java work and native BLAS alike (default: all cores).")
    Integer threads;

    @Option(names = "--precision", defaultValue = "float",
            description = "Feature precision: float or double (default: ${DEFAULT-VALUE}). Gram matrices and solves are always double.")
    Precision precision;

    @Option(names = "--blas", defaultValue = "auto",
            description = "Linear algebra backend: auto, native (OpenBLAS) or java (default: ${DEFAULT-VALUE}).")
    String blas;

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces and extra detail.")
    void setVerbose(boolean v) {
        verbose = v;
    }

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    enum Precision { FLOAT, DOUBLE }

    /** Applies the thread count and BLAS backend before any work starts. */
    void apply() {
        applyRuntime(threads, blas);
    }

    /** --threads (null: all cores) and --blas, for commands that declare those options themselves. */
    static void applyRuntime(Integer threads, String blas) {
        if (threads != null) {
            if (threads < 1) {
                throw new UsageError("--threads must be at least 1, got " + threads);
            }
            Parallel.setThreads(threads);
        }
        try {
            Blas.use(blas);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--blas: " + e.getMessage());
        }
    }

    boolean doublePrecision() {
        return precision == Precision.DOUBLE;
    }

    org.ntk4j.Progress progress() {
        return quiet ? org.ntk4j.Progress.NONE : new ConsoleProgress();
    }
}
