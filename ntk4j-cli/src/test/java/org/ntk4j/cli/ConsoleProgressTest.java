package org.ntk4j.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The piped (log) form of progress: a line per tenth, or per minute when the work moves slowly. */
class ConsoleProgressTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsoleProgress progress =
            new ConsoleProgress(false, new PrintStream(bytes, true, StandardCharsets.UTF_8), clock::get);

    private String[] lines() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? new String[0] : s.split("\n");
    }

    @Test
    void printsOneLinePerTenthOfTheWork() {
        progress.start("features", 100);
        for (int i = 0; i < 100; i++) {
            clock.addAndGet(SECOND);
            progress.advance(1);
        }
        progress.finish();
        String[] lines = lines();
        assertEquals(10, lines.length, String.join("\n", lines));
        assertEquals("features: 10% (10 of 100, 10.0 s)", lines[0]);
        assertEquals("features: 100% (100 of 100, 100.0 s)", lines[9]);
    }

    @Test
    void slowWorkStillPrintsAboutOnceAMinute() {
        progress.start("conjugate gradients", 500); // a cap the solve may never reach
        for (int i = 0; i < 40; i++) {
            clock.addAndGet(10 * SECOND);
            progress.advance(1);
        }
        String[] lines = lines();
        assertEquals(6, lines.length, String.join("\n", lines)); // 400 s: one line per minute, no tenth reached
        assertTrue(lines[0].startsWith("conjugate gradients: 1% (6 of 500, 60.0 s)"), lines[0]);
    }

    @Test
    void shortTasksPrintNothing() {
        progress.start("quick", 10);
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(SECOND / 20);
            progress.advance(1);
        }
        progress.finish();
        assertEquals(0, lines().length);
    }
}
