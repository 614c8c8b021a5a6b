package org.ntk4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with right-aligned numbers, for results people read in a terminal. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;

    Table(String... header) {
        this.header = header;
    }

    Table row(Object... cells) {
        String[] r = new String[header.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = i < cells.length ? String.valueOf(cells[i]) : "";
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        line(out, header, width, true);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(rule);
        for (String[] r : rows) {
            line(out, r, width, false);
        }
        out.flush();
    }

    private static void line(PrintWriter out, String[] cells, int[] width, boolean header) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean left = i == 0 || header || !cells[i].matches("[-+0-9.,e%x ]+");
            String pad = " ".repeat(width[i] - cells[i].length());
            sb.append(i == 0 ? "" : "  ").append(left ? cells[i] + pad : pad + cells[i]);
        }
        out.println(sb.toString().stripTrailing());
    }
}
