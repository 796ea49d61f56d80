package org.arrears.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What every report returns: a title, column names and rows of plain values (String, Long, Integer, BigDecimal,
 * LocalDate, OffsetDateTime, Boolean or null). A console page, {@link CsvExport}, {@link XlsxExport} and
 * {@link TextTable} all render the same table.
 */
public record ReportTable(String title, List<String> columns, List<List<Object>> rows) {

    public ReportTable {
        Objects.requireNonNull(title, "title");
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("report '" + title + "': a row has " + r.size() + " cells for "
                        + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** The column's index, by name. */
    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("report '" + title + "' has no column '" + name + "' (it has " + columns + ")");
        }
        return i;
    }

    /** The cell of row {@code row} in the named column. */
    public Object cell(int row, String column) {
        return rows.get(row).get(column(column));
    }

    /** The first row whose cells in the named columns equal the values, or null. */
    public List<Object> find(Object... columnsAndValues) {
        outer:
        for (List<Object> r : rows) {
            for (int i = 0; i < columnsAndValues.length; i += 2) {
                if (!Objects.equals(r.get(column((String) columnsAndValues[i])), columnsAndValues[i + 1])) {
                    continue outer;
                }
            }
            return r;
        }
        return null;
    }
}
