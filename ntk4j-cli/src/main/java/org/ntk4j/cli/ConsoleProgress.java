package org.ntk4j.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ntk4j.Progress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress on stderr: a live bar on a terminal, a plain line per quarter when piped (so logs stay
 * readable). Tasks shorter than a second print nothing.
 */
final class ConsoleProgress implements Progress {
    private static final long QUIET_NANOS = 1_000_000_000L;
    private final boolean terminal = System.console() != null && System.console().isTerminal();
    private String task;
    private long total;
    private long started;
    private final AtomicLong done = new AtomicLong();
    private volatile int lastQuarter;
    private ProgressBar bar;

    @Override
    public synchronized void start(String task, long total) {
        finish();
        this.task = task;
        this.total = Math.max(1, total);
        this.started = System.nanoTime();
        this.done.set(0);
        this.lastQuarter = 0;
    }

    @Override
    public void advance(long units) {
        long now = done.addAndGet(units);
        if (task == null || System.nanoTime() - started < QUIET_NANOS) {
            return;
        }
        synchronized (this) {
            if (terminal) {
                if (bar == null) {
                    bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                            .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
                }
                bar.stepTo(Math.min(now, total));
            } else {
                int quarter = (int) (4 * Math.min(now, total) / total);
                if (quarter > lastQuarter) {
                    lastQuarter = quarter;
                    System.err.printf("%s: %d%% (%d of %d, %.1f s)%n", task, 25 * quarter, Math.min(now, total), total,
                            (System.nanoTime() - started) / 1e9);
                }
            }
        }
    }

    @Override
    public synchronized void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        task = null;
    }
}
