package org.ntk4j.data;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers straight from bytes, without a String per field.
 *
 * <p>Accepted syntax: {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}.
 * Anything else (words, "nan", "inf", hex, "--3", Java's "1d") is rejected; so are values that
 * overflow to infinity. Numbers with at most 15 significant digits and a small exponent take
 * an exact fast path (a 15-digit integer times or over an exact power of ten rounds correctly);
 * the rest go through {@link Double#parseDouble}, so results are always correctly rounded.
 */
final class Numbers {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private Numbers() {
    }

    /**
     * The number in {@code buf[from, to)}, or NaN when it is not a finite decimal number
     * (call {@link #problem} for the reason).
     */
    static double parse(byte[] buf, int from, int to) {
        int i = from;
        if (i >= to) {
            return Double.NaN;
        }
        boolean negative = false;
        if (buf[i] == '-' || buf[i] == '+') {
            negative = buf[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int exponent = 0;
        int digits = 0;
        for (; i < to && isDigit(buf[i]); i++) {
            digits++;
            if (mantissa != 0 || buf[i] != '0') {
                if (significant < 18) {
                    mantissa = mantissa * 10 + (buf[i] - '0');
                } else {
                    exponent++;
                }
                significant++;
            }
        }
        if (i < to && buf[i] == '.') {
            i++;
            for (; i < to && isDigit(buf[i]); i++) {
                digits++;
                if (mantissa != 0 || buf[i] != '0') {
                    if (significant < 18) {
                        mantissa = mantissa * 10 + (buf[i] - '0');
                        exponent--;
                    }
                    significant++;
                } else {
                    exponent--;
                }
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i < to && (buf[i] == 'e' || buf[i] == 'E')) {
            i++;
            boolean negExp = false;
            if (i < to && (buf[i] == '-' || buf[i] == '+')) {
                negExp = buf[i] == '-';
                i++;
            }
            if (i >= to) {
                return Double.NaN;
            }
            int e = 0;
            for (; i < to && isDigit(buf[i]); i++) {
                if (e < 100_000) {
                    e = e * 10 + (buf[i] - '0');
                }
            }
            exponent += negExp ? -e : e;
        }
        if (i != to) {
            return Double.NaN;
        }
        double value;
        if (mantissa == 0) {
            value = 0.0;
        } else if (significant <= 15 && exponent >= -22 && exponent <= 22) {
            value = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
        } else {
            value = Math.abs(Double.parseDouble(new String(buf, from, to - from, StandardCharsets.ISO_8859_1)));
            if (Double.isInfinite(value)) {
                return Double.NaN;
            }
        }
        return negative ? -value : value;
    }

    /** Why {@code buf[from, to)} is not a finite number, for an error message. */
    static String problem(byte[] buf, int from, int to) {
        if (from >= to) {
            return "expected a number, found an empty field";
        }
        String token = new String(buf, from, Math.min(to - from, 64), StandardCharsets.ISO_8859_1);
        String lower = token.toLowerCase(java.util.Locale.ROOT);
        String quoted = DataFormatException.quote(buf, from, to);
        if (lower.contains("nan") || lower.contains("inf")) {
            return "found " + quoted + ": NaN and infinite values are not allowed";
        }
        if (isSyntaxOk(buf, from, to)) {
            return "number " + quoted + " is out of the range of a double";
        }
        return "expected a number, found " + quoted;
    }

    private static boolean isSyntaxOk(byte[] buf, int from, int to) {
        // parse() returns NaN both for bad syntax and overflow; overflow has only digits, signs, '.', 'e'
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (!(isDigit(b) || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-')) {
                return false;
            }
        }
        try {
            Double.parseDouble(new String(buf, from, to - from, StandardCharsets.ISO_8859_1));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * A non-negative integer of at most 18 digits in {@code buf[from, to)}, or −1 when the
     * field is not one (signs, decimals and exponents are not accepted).
     */
    static long parseIndex(byte[] buf, int from, int to) {
        if (from >= to || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(buf[i])) {
                return -1;
            }
            v = v * 10 + (buf[i] - '0');
        }
        return v;
    }

    /** Whether the text looks like a number to header detection (including NaN/Inf spellings). */
    static boolean looksNumeric(byte[] buf, int from, int to) {
        if (!Double.isNaN(parse(buf, from, to))) {
            return true;
        }
        String lower = new String(buf, from, Math.min(to - from, 16), StandardCharsets.ISO_8859_1)
                .toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("+") || lower.startsWith("-")) {
            lower = lower.substring(1);
        }
        return lower.equals("nan") || lower.equals("inf") || lower.equals("infinity") || isSyntaxOk(buf, from, to);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
