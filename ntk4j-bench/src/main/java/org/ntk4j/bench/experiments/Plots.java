package org.ntk4j.bench.experiments;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PNG plots with XChart, drawn headless: per experiment and data set, the error against m (mean ±
 * sd over splits; methods without an m as dashed horizontal lines) and the error against the
 * median total time (fit + predict).
 */
public final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private Plots() {
    }

    public static List<Path> write(List<Summary.Cell> cells, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true"); // servers and CI have no display
        Files.createDirectories(dir);
        Map<String, List<Summary.Cell>> byData = new LinkedHashMap<>();
        for (Summary.Cell c : cells) {
            if (c.runs() > 0) {
                byData.computeIfAbsent(c.experiment() + "|" + c.data(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Path> files = new ArrayList<>();
        for (List<Summary.Cell> group : byData.values()) {
            Summary.Cell first = group.getFirst();
            String stem = safe(first.experiment() + "-" + first.data());
            files.add(save(errorVsM(group), dir.resolve(stem + "-error-vs-m.png")));
            files.add(save(errorVsTime(group), dir.resolve(stem + "-error-vs-time.png")));
        }
        return files;
    }

    private static Map<String, List<Summary.Cell>> byMethod(List<Summary.Cell> group) {
        Map<String, List<Summary.Cell>> out = new LinkedHashMap<>();
        group.forEach(c -> out.computeIfAbsent(c.method(), k -> new ArrayList<>()).add(c));
        return out;
    }

    static XYChart errorVsM(List<Summary.Cell> group) {
        Summary.Cell first = group.getFirst();
        XYChart chart = chart(first.experiment() + ": " + first.data() + " — test " + first.metric() + " against m",
                "m (features / landmarks / parameters), log scale", label(first));
        // x = log2 m on a linear axis, labelled with m: XChart's log axis labels only powers of 10
        chart.getStyler().setXAxisTickLabelsFormattingFunction(Plots::powerOfTwo);
        double lo = group.stream().filter(c -> c.m() > 0).mapToDouble(c -> log2(c.m())).min().orElse(8);
        double hi = group.stream().filter(c -> c.m() > 0).mapToDouble(c -> log2(c.m())).max().orElse(9);
        if (hi <= lo) {
            hi = lo + 1;
        }
        // half-integer ends make the axis put its ticks on the integers, i.e. on the powers of two
        chart.getStyler().setXAxisMin(Math.floor(lo) - 0.5);
        chart.getStyler().setXAxisMax(Math.ceil(hi) + 0.5);
        for (Map.Entry<String, List<Summary.Cell>> e : byMethod(group).entrySet()) {
            List<Summary.Cell> cs = e.getValue();
            if (cs.size() == 1 && cs.getFirst().m() == 0) {
                double y = cs.getFirst().mean();
                XYSeries s = chart.addSeries(e.getKey() + " (no m)", new double[]{lo, hi}, new double[]{y, y});
                s.setLineStyle(SeriesLines.DASH_DASH);
                continue;
            }
            double[] x = cs.stream().mapToDouble(c -> log2(c.m())).toArray();
            double[] y = cs.stream().mapToDouble(Summary.Cell::mean).toArray();
            double[] sd = cs.stream().mapToDouble(c -> Double.isFinite(c.sd()) ? c.sd() : 0).toArray();
            chart.addSeries(e.getKey(), x, y, sd);
        }
        clipY(chart, group, true);
        return chart;
    }

    private static double log2(double m) {
        return Math.log(m) / Math.log(2);
    }

    /** The tick at log2 m = x shows m itself (every tick gets a label: XChart sizes its ticks by them). */
    private static String powerOfTwo(double x) {
        return String.format(java.util.Locale.ROOT, "%.0f", Math.pow(2, x));
    }

    /**
     * Keeps the axis on the bulk of the methods: an RMSE axis stops at 4× the median of the means (a
     * diverging baseline would otherwise flatten every other curve); the title says when something is cut.
     */
    private static void clipY(XYChart chart, List<Summary.Cell> group, boolean withSd) {
        double top = Double.NEGATIVE_INFINITY;
        double bottom = Double.POSITIVE_INFINITY;
        for (Summary.Cell c : group) {
            double sd = withSd && Double.isFinite(c.sd()) ? c.sd() : 0;
            if (Double.isFinite(c.mean())) {
                top = Math.max(top, c.mean() + sd);
                bottom = Math.min(bottom, c.mean() - sd);
            }
        }
        double[] means = group.stream().mapToDouble(Summary.Cell::mean).filter(Double::isFinite).sorted().toArray();
        if (means.length == 0) {
            return;
        }
        if (group.getFirst().metric().equals("accuracy")) {
            chart.getStyler().setYAxisMin(Math.max(0, bottom - 0.02));
            chart.getStyler().setYAxisMax(Math.min(1, top + 0.02));
        } else {
            chart.getStyler().setYAxisMin(0.0);
            double cap = 4 * means[means.length / 2];
            if (top > cap) {
                chart.getStyler().setYAxisMax(cap);
                chart.setTitle(chart.getTitle() + " (axis cut at 4× the median)");
            }
        }
    }

    static XYChart errorVsTime(List<Summary.Cell> group) {
        Summary.Cell first = group.getFirst();
        XYChart chart = chart(first.experiment() + ": " + first.data() + " — test " + first.metric()
                + " against time", "median fit + predict time (s, log scale)", label(first));
        chart.getStyler().setXAxisLogarithmic(true);
        for (Map.Entry<String, List<Summary.Cell>> e : byMethod(group).entrySet()) {
            // a log axis cannot show 0 s: runs faster than the clock's resolution sit at 1 ms
            double[] x = e.getValue().stream().mapToDouble(c -> Math.max(1e-3, c.totalMedian())).toArray();
            double[] y = e.getValue().stream().mapToDouble(Summary.Cell::mean).toArray();
            chart.addSeries(e.getKey(), x, y);
        }
        clipY(chart, group, false);
        return chart;
    }

    private static String label(Summary.Cell c) {
        return c.metric().equals("accuracy") ? "test accuracy (higher is better)" : "test RMSE (lower is better)";
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        try (var out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        return file;
    }

    /** A file-name-safe stem: "uci-uci/yacht" → "uci-uci_yacht". */
    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
