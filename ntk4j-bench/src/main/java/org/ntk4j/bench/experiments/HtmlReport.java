package org.ntk4j.bench.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * report.html: one page with inline CSS that shows the command, the machine, the results table
 * (mean ± sd per method × m × data) and the plots, referenced by relative paths so the folder can
 * be moved or archived as a whole.
 */
public final class HtmlReport {

    /** Everything the page shows. */
    public record Content(String commandLine, Machine machine, String startedAt, double wallSeconds,
                          List<Summary.Cell> cells, List<String> notes, List<String> plotPaths, int runs,
                          int failures) {
    }

    private HtmlReport() {
    }

    public static void write(Path file, Content c) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>ntk4j bench report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1300px}table{border-collapse:collapse;")
                .append("font-size:90%}td,th{border:1px solid #ccc;padding:3px 7px}td.n{text-align:right}")
                .append("th{background:#f0f0f0}code,pre{background:#f6f6f6;padding:2px 4px}img{max-width:100%;")
                .append("border:1px solid #ddd;margin:6px 0}</style></head><body>\n")
                .append("<h1>ntk4j bench report</h1>\n");
        h.append("<h2>Run</h2>\n<ul>\n")
                .append("<li>command: <code>").append(esc(c.commandLine())).append("</code></li>\n")
                .append("<li>started ").append(esc(c.startedAt())).append(", wall time ")
                .append(String.format(Locale.ROOT, "%.1f s", c.wallSeconds())).append(", ").append(c.runs())
                .append(" runs, ").append(c.failures()).append(" failed</li>\n")
                .append("<li>machine: ").append(esc(c.machine().oneLine())).append("</li>\n")
                .append("<li>errors: RMSE in target units (regression) or accuracy (classification) on the test split; "
                        + "λ by the CLI's default rule (GCV for exact kernels and linear ridge, a 20 % hold-out of the training rows for random maps). Times are medians over splits (a shared machine is noisy); "
                        + "fit includes features, Gram matrix, λ selection and solve; peak heap is the sum of the heap "
                        + "pools' peaks (an upper bound).</li>\n</ul>\n");
        if (!c.notes().isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul>\n");
            c.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("<h2>Results</h2>\n");
        String exp = null;
        for (Summary.Cell cell : c.cells()) {
            if (!cell.experiment().equals(exp)) {
                if (exp != null) {
                    h.append("</table>\n");
                }
                exp = cell.experiment();
                h.append("<h3>").append(esc(exp)).append("</h3>\n<table>\n<tr><th>data</th><th>method</th><th>m</th>")
                        .append("<th>runs</th><th>test ").append(esc(cell.metric())).append(" (mean ± sd)</th>")
                        .append("<th>fit s</th><th>transform s</th><th>predict s</th><th>train rows/s</th>")
                        .append("<th>peak heap MiB</th><th>n train</th><th>n test</th><th>notes</th></tr>\n");
            }
            h.append("<tr><td>").append(esc(cell.data())).append("</td><td>").append(esc(cell.method()))
                    .append("</td><td class=n>").append(Summary.dim(cell)).append("</td><td class=n>").append(cell.runs())
                    .append("</td><td class=n>").append(Summary.meanSd(cell)).append("</td>")
                    .append(num(cell.fitMedian(), "%.2f")).append(num(cell.transformMedian(), "%.2f"))
                    .append(num(cell.predictMedian(), "%.2f")).append(num(cell.trainRowsPerSecond(), "%,.0f"))
                    .append(num(cell.peakHeapMaxMiB(), "%,.0f")).append("<td class=n>").append(cell.nTrain())
                    .append("</td><td class=n>").append(cell.nTest()).append("</td><td>").append(esc(cell.notes()))
                    .append("</td></tr>\n");
        }
        if (exp != null) {
            h.append("</table>\n");
        } else {
            h.append("<p>No runs finished.</p>\n");
        }
        h.append("<h2>Plots</h2>\n");
        for (String p : c.plotPaths()) {
            h.append("<p><a href=\"").append(esc(p)).append("\"><img src=\"").append(esc(p)).append("\" alt=\"")
                    .append(esc(p)).append("\"></a></p>\n");
        }
        h.append("<p>Raw results: <a href=\"results.csv\">results.csv</a> · Markdown tables: ")
                .append("<a href=\"summary.md\">summary.md</a></p>\n</body></html>\n");
        Files.writeString(file, h, StandardCharsets.UTF_8);
    }

    private static String num(double v, String format) {
        return "<td class=n>" + (Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "–") + "</td>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
