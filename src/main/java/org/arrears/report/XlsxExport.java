package org.arrears.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A report as an XLSX workbook (fastexcel, streamed): one sheet named after the report, a bold header row, numbers as
 * numbers, dates and times as Excel dates (times in UTC). Text cells are stored as strings, never as formulas, so
 * nothing in them is evaluated.
 */
public final class XlsxExport {

    private XlsxExport() {
    }

    public static void write(ReportTable t, OutputStream out) {
        try {
            Workbook wb = new Workbook(out, "Arrears", "1.0");
            Worksheet ws = wb.newWorksheet(sheetName(t.title()));
            List<String> columns = t.columns();
            for (int c = 0; c < columns.size(); c++) {
                ws.value(0, c, columns.get(c));
            }
            ws.range(0, 0, 0, columns.size() - 1).style().bold().set();
            int r = 1;
            for (List<Object> row : t.rows()) {
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v == null) {
                        continue;
                    }
                    if (v instanceof BigDecimal d) {
                        ws.value(r, c, d);
                    } else if (v instanceof Number n) {
                        ws.value(r, c, n);
                    } else if (v instanceof Boolean b) {
                        ws.value(r, c, b);
                    } else if (v instanceof LocalDate d) {
                        ws.value(r, c, d);
                        ws.style(r, c).format("yyyy-mm-dd").set();
                    } else if (v instanceof OffsetDateTime odt) {
                        ws.value(r, c, odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
                        ws.style(r, c).format("yyyy-mm-dd hh:mm:ss").set();
                    } else {
                        ws.value(r, c, v.toString());
                    }
                }
                r++;
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("writing report '" + t.title() + "' as XLSX failed", e);
        }
    }

    /** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ]. */
    static String sheetName(String title) {
        String s = title.replaceAll("[:\\\\/?*\\[\\]]", " ").trim();
        return s.length() > 31 ? s.substring(0, 31).trim() : s.isEmpty() ? "Report" : s;
    }
}
