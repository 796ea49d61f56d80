package org.arrears.report;

import java.io.PrintStream;
import java.util.List;

/** A report as an aligned text table for the terminal: numbers right-aligned, a rule under the header. */
public final class TextTable {

    private TextTable() {
    }

    public static void print(ReportTable t, PrintStream out) {
        int n = t.columns().size();
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = t.columns().get(c).length();
        }
        for (List<Object> r : t.rows()) {
            for (int c = 0; c < n; c++) {
                width[c] = Math.max(width[c], oneLine(r.get(c)).length());
            }
        }
        out.println(t.title());
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < n; c++) {
            header.append(c == 0 ? "" : "  ").append(pad(t.columns().get(c), width[c], false));
            rule.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        out.println(header.toString().stripTrailing());
        out.println(rule);
        for (List<Object> r : t.rows()) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < n; c++) {
                line.append(c == 0 ? "" : "  ").append(pad(oneLine(r.get(c)), width[c], Cells.numeric(r.get(c))));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + t.rows().size() + (t.rows().size() == 1 ? " row)" : " rows)"));
    }

    private static String oneLine(Object v) {
        String s = Cells.text(v).replaceAll("[\\r\\n\\t]+", " ");
        return s.length() > 80 ? s.substring(0, 79) + "…" : s;
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }
}
