package org.arrears.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * The one CSV writer of the reports (RFC 4180: comma-separated, CRLF line ends, a cell quoted when it holds a comma,
 * a quote, CR or LF, quotes doubled inside). Formula injection is neutralised: a text cell (a header or a value
 * that is not a number, date or boolean) that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a CR
 * gets a leading apostrophe, so a spreadsheet shows it as text and never evaluates it. Numbers are written as
 * numbers ({@code -12.50} stays a negative amount). Dates are ISO 8601, times UTC.
 */
public final class CsvExport {

    private CsvExport() {
    }

    public static void write(ReportTable t, Writer out) {
        try {
            row(out, t.columns());
            for (List<Object> r : t.rows()) {
                row(out, r);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing report '" + t.title() + "' as CSV failed", e);
        }
    }

    private static void row(Writer out, List<?> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** One cell as written: neutralised when it is text starting with a formula character, quoted when needed. */
    static String cell(Object v) {
        String s = Cells.text(v);
        if (v instanceof String && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            s = '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
