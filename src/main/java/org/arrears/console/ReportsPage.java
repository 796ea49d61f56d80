package org.arrears.console;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arrears.report.Aging;
import org.arrears.report.CreditorScope;
import org.arrears.report.ReportTable;
import org.arrears.report.Reports;

/**
 * The reports (aging, DSO with ADD, CEI, campaign effectiveness, placement, collector activity) as a page for the
 * user's creditors, as of any day, with the same table as CSV or XLSX from {@code reports/export} (the CLI's
 * {@code ./arrears report} runs the same {@link Reports}).
 */
final class ReportsPage extends Page {

    @Override
    public String path() {
        return "reports";
    }

    @Override
    public String template() {
        return "reports";
    }

    @Override
    public String title() {
        return "Reports";
    }

    @Override
    public String navigation() {
        return "Reports";
    }

    /** The report a request names ({@code report}, {@code as_of}, {@code days}), for the user's creditors. */
    static ReportTable table(PageRequest r) {
        Reports.Kind kind = Reports.Kind.parse(r.query("report") == null ? "aging" : r.query("report"));
        LocalDate asOf = r.query("as_of") == null ? r.services().today() : r.date("as_of", true);
        Integer days = r.query("days") == null ? null : r.queryInt("days", 90, 1, 3660);
        Reports.Params p = new Reports.Params(asOf, days, 7, 60, Aging.DEFAULT_BOUNDS);
        return Reports.table(r.services().ds(), kind, p, CreditorScope.of(r.user().creditors()));
    }

    @Override
    public Map<String, Object> model(PageRequest r) throws SQLException {
        ReportTable t = table(r);
        Map<String, Object> m = new HashMap<>();
        m.put("report", Reports.Kind.parse(r.query("report") == null ? "aging" : r.query("report")).code());
        m.put("asOf", r.query("as_of") == null ? r.services().today().toString() : r.query("as_of"));
        m.put("kinds", java.util.Arrays.stream(Reports.Kind.values()).map(Reports.Kind::code).toList());
        m.put("heading", t.title());
        m.put("columns", t.columns());
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> row : t.rows()) {
            rows.add(row.stream().map(v -> v == null ? "" : v.toString()).toList());
        }
        m.put("rows", rows);
        return m;
    }
}
