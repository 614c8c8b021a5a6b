package org.ntk4j.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The one thread knob ("--threads"): a shared pool for Java work, and the same count for the
 * native BLAS, so the two never oversubscribe the cores. Results never depend on the count:
 * work is split into tasks whose outputs are disjoint.
 */
public final class Parallel {
    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile ForkJoinPool pool;

    private Parallel() {
    }

    public static int threads() {
        return threads;
    }

    /** Sets the thread count for Java work and native BLAS alike. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + n);
        }
        if (n != threads && pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
        Blas.applyThreads(n);
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                if (pool == null) {
                    pool = new ForkJoinPool(threads);
                }
                p = pool;
            }
        }
        return p;
    }

    /** Runs body(i) for i in [0, count) on the pool; each task must write only its own outputs. */
    public static void forEach(int count, IntConsumer body) {
        if (count <= 0) {
            return;
        }
        // Inline when there is nothing to split, or when already on a pool thread (no nested waits).
        if (threads == 1 || count == 1
                || Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        ForkJoinPool p = pool();
        List<Future<?>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final int task = i;
            futures.add(p.submit(() -> body.accept(task)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    /** Splits [0, n) into about {@code chunks} contiguous ranges and runs body(from, to) on each. */
    public static void forRanges(int n, int minChunk, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.max(1, Math.min(threads * 4, (n + minChunk - 1) / Math.max(1, minChunk)));
        int size = (n + chunks - 1) / chunks;
        int count = (n + size - 1) / size;
        forEach(count, c -> body.run(c * size, Math.min(n, (c + 1) * size)));
    }

    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }
}
