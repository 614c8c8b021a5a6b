package org.ntk4j.bench.experiments;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * results.csv: a header, then one row per finished run, appended and flushed as each run ends so an
 * interrupted experiment keeps what it measured.
 */
public final class ResultsCsv {
    public static final List<String> COLUMNS = List.of("experiment", "method", "data", "split", "m", "seed",
            "metric", "error", "fit_seconds", "transform_seconds", "predict_seconds", "peak_heap_mib",
            "n_train", "n_test", "note");

    private final Path file;

    private ResultsCsv(Path file) {
        this.file = file;
    }

    /** Creates the file with its header; fails if it exists. */
    public static ResultsCsv create(Path file) throws IOException {
        Files.writeString(file, String.join(",", COLUMNS) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        return new ResultsCsv(file);
    }

    public Path file() {
        return file;
    }

    public synchronized void append(RunResult r) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            w.write(format(r));
            w.write('\n');
        }
    }

    static String format(RunResult r) {
        return String.join(",", quote(r.experiment()), quote(r.method()), quote(r.data()), Integer.toString(r.split()),
                Integer.toString(r.m()), Long.toString(r.seed()), quote(r.metric()), num(r.error()),
                num(r.fitSeconds()), num(r.transformSeconds()), num(r.predictSeconds()), num(r.peakHeapMiB()),
                Integer.toString(r.nTrain()), Integer.toString(r.nTest()), quote(r.note()));
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "NaN";
    }

    /** RFC 4180 quoting when needed. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Reads a results file back (the report is built from the file, so it shows exactly what was saved). */
    public static List<RunResult> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !split(lines.getFirst()).equals(COLUMNS)) {
            throw new IOException(file + ": not a results file (header must be " + String.join(",", COLUMNS) + ")");
        }
        List<RunResult> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = split(lines.get(i));
            if (f.size() != COLUMNS.size()) {
                throw new IOException(file + ":" + (i + 1) + ": expected " + COLUMNS.size() + " fields, found " + f.size());
            }
            out.add(new RunResult(f.get(0), f.get(1), f.get(2), Integer.parseInt(f.get(3)), Integer.parseInt(f.get(4)),
                    Long.parseLong(f.get(5)), f.get(6), Double.parseDouble(f.get(7)), Double.parseDouble(f.get(8)),
                    Double.parseDouble(f.get(9)), Double.parseDouble(f.get(10)), Double.parseDouble(f.get(11)),
                    Integer.parseInt(f.get(12)), Integer.parseInt(f.get(13)), f.get(14)));
        }
        return out;
    }

    /** Splits one CSV line with RFC 4180 quotes. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
