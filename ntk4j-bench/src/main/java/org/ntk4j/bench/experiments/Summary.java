package org.ntk4j.bench.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Results grouped by experiment × data × method × m: the error's mean and sample standard deviation
 * over splits, and median times (times on a shared machine are noisy, medians resist outliers).
 */
public final class Summary {

    /** One group of runs. m = 0 marks methods without a dimension (exact kernels, linear). */
    public record Cell(String experiment, String data, String method, int m, String metric, int runs, double mean,
                       double sd, double fitMedian, double transformMedian, double predictMedian, double totalMedian,
                       double peakHeapMaxMiB, int nTrain, int nTest, String notes) {

        /** Training rows per second through the features (and Gram) or kernel matrix, or NaN. */
        public double trainRowsPerSecond() {
            return transformMedian > 0 ? nTrain / transformMedian : Double.NaN;
        }
    }

    private Summary() {
    }

    public static List<Cell> of(List<RunResult> results) {
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult r : results) {
            groups.computeIfAbsent(String.join("|", r.experiment(), r.data(), r.method(), Integer.toString(r.m())),
                    k -> new ArrayList<>()).add(r);
        }
        List<Cell> cells = new ArrayList<>();
        for (List<RunResult> g : groups.values()) {
            RunResult first = g.getFirst();
            double[] err = g.stream().mapToDouble(RunResult::error).filter(Double::isFinite).toArray();
            Set<String> notes = new LinkedHashSet<>();
            g.forEach(r -> {
                if (!r.note().isEmpty()) {
                    notes.add(r.note());
                }
            });
            cells.add(new Cell(first.experiment(), first.data(), first.method(), first.m(), first.metric(), err.length,
                    mean(err), sd(err), median(g, RunResult::fitSeconds), median(g, RunResult::transformSeconds),
                    median(g, RunResult::predictSeconds), median(g, RunResult::totalSeconds),
                    g.stream().mapToDouble(RunResult::peakHeapMiB).max().orElse(Double.NaN), first.nTrain(),
                    first.nTest(), String.join("; ", notes)));
        }
        cells.sort(Comparator.comparing(Cell::experiment).thenComparing(Cell::data).thenComparing(Cell::method)
                .thenComparingInt(Cell::m));
        return cells;
    }

    static double mean(double[] x) {
        return x.length == 0 ? Double.NaN : Arrays.stream(x).sum() / x.length;
    }

    /** Sample standard deviation (n − 1); 0 for a single run. */
    static double sd(double[] x) {
        if (x.length < 2) {
            return x.length == 1 ? 0 : Double.NaN;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }

    static double median(List<RunResult> g, java.util.function.ToDoubleFunction<RunResult> f) {
        double[] v = g.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** "5.123 ± 0.456" with digits suited to the metric. */
    static String meanSd(Cell c) {
        String f = c.metric().equals("accuracy") ? "%.4f" : "%.4g";
        return String.format(Locale.ROOT, f + " ± " + f, c.mean(), c.sd());
    }

    static String dim(Cell c) {
        return c.m() == 0 ? "–" : Integer.toString(c.m());
    }

    /**
     * Overview tables in Markdown: per experiment and m, one row per data set and one column per
     * method (methods without an m in every table), the best mean of each row in bold.
     */
    public static String pivotMarkdown(List<Cell> cells) {
        StringBuilder sb = new StringBuilder();
        Map<String, List<Cell>> byExperiment = new LinkedHashMap<>();
        cells.forEach(c -> byExperiment.computeIfAbsent(c.experiment(), k -> new ArrayList<>()).add(c));
        for (Map.Entry<String, List<Cell>> e : byExperiment.entrySet()) {
            List<Cell> cs = e.getValue();
            List<String> methods = new ArrayList<>(cs.stream().filter(c -> c.m() > 0).map(Cell::method).distinct().toList());
            cs.stream().filter(c -> c.m() == 0).map(Cell::method).distinct().forEach(methods::add);
            List<String> data = cs.stream().map(Cell::data).distinct().toList();
            boolean higher = cs.getFirst().metric().equals("accuracy");
            for (int m : cs.stream().filter(c -> c.m() > 0).mapToInt(Cell::m).distinct().sorted().toArray()) {
                sb.append("\n#### ").append(e.getKey()).append(", m = ").append(m).append(": test ")
                        .append(cs.getFirst().metric()).append(" (mean ± sd over splits; ")
                        .append(higher ? "higher" : "lower").append(" is better)\n\n| data |");
                methods.forEach(x -> sb.append(' ').append(x).append(" |"));
                sb.append("\n|---|").append("---:|".repeat(methods.size())).append('\n');
                for (String d : data) {
                    List<Cell> row = new ArrayList<>();
                    for (String method : methods) {
                        row.add(cs.stream().filter(c -> c.data().equals(d) && c.method().equals(method)
                                && (c.m() == m || c.m() == 0)).findFirst().orElse(null));
                    }
                    if (row.stream().noneMatch(c -> c != null && c.m() == m)) {
                        continue;
                    }
                    double best = row.stream().filter(c -> c != null && Double.isFinite(c.mean()))
                            .mapToDouble(Cell::mean).reduce(higher ? Math::max : Math::min).orElse(Double.NaN);
                    sb.append("| ").append(d).append(" |");
                    for (Cell c : row) {
                        String v = c == null || c.runs() == 0 ? "–" : meanSd(c);
                        sb.append(' ').append(c != null && c.mean() == best ? "**" + v + "**" : v).append(" |");
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** Markdown tables, one per experiment, for the README. */
    public static String markdown(List<Cell> cells) {
        StringBuilder sb = new StringBuilder();
        String exp = null;
        for (Cell c : cells) {
            if (!c.experiment().equals(exp)) {
                exp = c.experiment();
                sb.append("\n### ").append(exp).append("\n\n")
                        .append("| data | method | m | runs | ").append(c.metric())
                        .append(" (mean ± sd) | fit s (median) | predict s | train rows/s | peak heap MiB | n train | notes |\n")
                        .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            }
            double rate = c.trainRowsPerSecond();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %.2f | %.2f | %s | %.0f | %d | %s |%n",
                    c.data(), c.method(), dim(c), c.runs(), meanSd(c), c.fitMedian(), c.predictMedian(),
                    Double.isFinite(rate) ? String.format(Locale.ROOT, "%,.0f", rate) : "–", c.peakHeapMaxMiB(),
                    c.nTrain(), c.notes().replace("|", "/")));
        }
        return sb.toString();
    }
}
