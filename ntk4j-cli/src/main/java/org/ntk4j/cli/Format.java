package org.ntk4j.cli;

import java.util.Locale;

/** Number formatting for tables and summaries. */
final class Format {
    private Format() {
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.2f" : "%.4f", v);
    }

    static String seconds(double s) {
        return s < 10 ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%.1f s", s);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
