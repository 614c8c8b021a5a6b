package org.ntk4j.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A small, printable description of an exact kernel: kind plus named parameters, written as
 * {@code kind(key=value,key=value)}. Model files store this text; {@link Kernels#build} turns it
 * back into a kernel.
 */
public record KernelSpec(String kind, Map<String, String> params) {

    public KernelSpec {
        if (kind == null || !kind.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("invalid kernel kind '" + kind + "'");
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Parses the {@code kind(key=value,...)} form produced by {@link #toString()}. */
    public static KernelSpec parse(String text) {
        return SpecText.parse(text, KernelSpec::new);
    }

    public String get(String key) {
        String v = params.get(key);
        if (v == null) {
            throw new IllegalArgumentException("kernel " + kind + " needs parameter '" + key + "'");
        }
        return v;
    }

    public int getInt(String key) {
        return SpecText.toInt(kind, key, get(key));
    }

    public double getDouble(String key) {
        return SpecText.toDouble(kind, key, get(key));
    }

    public String getOr(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }

    @Override
    public String toString() {
        return SpecText.format(kind, params);
    }

    /** Shared text codec of kernel and feature-map specs. */
    public static final class SpecText {
        private SpecText() {
        }

        public static String format(String kind, Map<String, String> params) {
            StringBuilder sb = new StringBuilder(kind).append('(');
            boolean first = true;
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                sb.append(e.getKey()).append('=').append(e.getValue());
                first = false;
            }
            return sb.append(')').toString();
        }

        public static <T> T parse(String text, java.util.function.BiFunction<String, Map<String, String>, T> make) {
            String t = text.strip();
            int open = t.indexOf('(');
            if (open <= 0 || !t.endsWith(")")) {
                throw new IllegalArgumentException("malformed spec '" + text + "': expected kind(key=value,...)");
            }
            String kind = t.substring(0, open);
            Map<String, String> params = new LinkedHashMap<>();
            String body = t.substring(open + 1, t.length() - 1);
            if (!body.isBlank()) {
                for (String part : topLevelParts(body, text)) {
                    int eq = part.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("malformed parameter '" + part + "' in spec '" + text + "'");
                    }
                    params.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
                }
            }
            return make.apply(kind, params);
        }

        /**
         * Splits at the commas outside parentheses, so a value may itself be a spec, e.g.
         * {@code nystrom(kernel=ntk(depth=2,convention=paper),dim=1024)}.
         */
        private static java.util.List<String> topLevelParts(String body, String text) {
            java.util.List<String> parts = new java.util.ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth < 0) {
                    break;
                } else if (c == ',' && depth == 0) {
                    parts.add(body.substring(start, i));
                    start = i + 1;
                }
            }
            if (depth != 0) {
                throw new IllegalArgumentException("unbalanced parentheses in spec '" + text + "'");
            }
            parts.add(body.substring(start));
            return parts;
        }

        public static int toInt(String kind, String key, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(kind + " parameter " + key + " must be an integer, got '" + value + "'");
            }
        }

        public static double toDouble(String kind, String key, String value) {
            try {
                double d = Double.parseDouble(value);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(kind + " parameter " + key + " must be a finite number, got '" + value + "'");
            }
        }

        /** Shortest text that parses back to exactly the same double. */
        public static String num(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v).toLowerCase(Locale.ROOT);
        }
    }
}
