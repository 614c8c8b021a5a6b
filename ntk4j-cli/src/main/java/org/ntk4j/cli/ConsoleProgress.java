package org.ntk4j.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ntk4j.Progress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress on stderr: a live bar on a terminal; when piped, a plain line per tenth of the work or
 * per minute, whichever comes first (logs stay readable, and a long task, or one that ends well
 * before its cap like conjugate gradients, still shows it is moving). Tasks shorter than a second
 * print nothing.
 */
final class ConsoleProgress implements Progress {
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long LINE_EVERY_NANOS = 60_000_000_000L;
    private final boolean terminal;
    private final java.io.PrintStream out;
    private final java.util.function.LongSupplier nanoClock;
    private String task;
    private long total;
    private long started;
    private final AtomicLong done = new AtomicLong();
    private volatile int lastTenth;
    private long lastLine;
    private ProgressBar bar;

    ConsoleProgress() {
        this(System.console() != null && System.console().isTerminal(), System.err, System::nanoTime);
    }

    /** For tests: a given terminal flag, stream and clock. */
    ConsoleProgress(boolean terminal, java.io.PrintStream out, java.util.function.LongSupplier nanoClock) {
        this.terminal = terminal;
        this.out = out;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void start(String task, long total) {
        finish();
        this.task = task;
        this.total = Math.max(1, total);
        this.started = nanoClock.getAsLong();
        this.done.set(0);
        this.lastTenth = 0;
        this.lastLine = started;
    }

    @Override
    public void advance(long units) {
        long now = done.addAndGet(units);
        long clock = nanoClock.getAsLong();
        if (task == null || clock - started < QUIET_NANOS) {
            return;
        }
        synchronized (this) {
            if (terminal) {
                if (bar == null) {
                    bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                            .setConsumer(new ConsoleProgressBarConsumer(out)).build();
                }
                bar.stepTo(Math.min(now, total));
            } else {
                long shown = Math.min(now, total);
                int tenth = (int) (10 * shown / total);
                if (tenth > lastTenth || clock - lastLine >= LINE_EVERY_NANOS) {
                    lastTenth = tenth;
                    lastLine = clock;
                    out.printf("%s: %d%% (%d of %d, %.1f s)%n", task, 100 * shown / total, shown, total,
                            (clock - started) / 1e9);
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
