package org.arrears.console;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arrears.db.Sql;
import org.arrears.report.Aging;
import org.arrears.report.CreditorScope;
import org.arrears.report.Kpis;
import org.arrears.report.ReportTable;
import org.arrears.report.Worklist;

/**
 * What managers watch, for the user's creditors: the aging buckets per currency as a chart, DSO, ADD and CEI at the
 * last six month ends and today (90-day periods, R45), the promise-kept rate of the promises decided in the last 90
 * days, and the open tasks by kind. Each figure comes from the report classes the Reports page and the CLI use.
 */
final class DashboardPage extends Page {

    static final int MONTHS = 6;

    @Override
    public String path() {
        return "dashboard";
    }

    @Override
    public String template() {
        return "dashboard";
    }

    @Override
    public String title() {
        return "Dashboard";
    }

    @Override
    public String navigation() {
        return "Dashboard";
    }

    @Override
    public Map<String, Object> model(PageRequest r) throws SQLException {
        ConsoleServices s = r.services();
        CreditorScope scope = CreditorScope.of(r.user().creditors());
        LocalDate today = s.today();
        Map<String, Object> m = new HashMap<>();

        ReportTable aging = new Aging(s.ds()).asOf(today, scope);
        int firstBucket = aging.columns().indexOf("total") + 1;
        List<String> buckets = aging.columns().subList(firstBucket, aging.columns().size());
        List<Map<String, String>> charts = new ArrayList<>();
        for (List<Object> row : aging.rows()) {
            if (Aging.TOTAL.equals(row.get(0))) {
                charts.add(Map.of("currency", String.valueOf(row.get(1)), "labels", String.join(",", buckets),
                        "values", String.join(",", row.subList(firstBucket, row.size()).stream()
                                .map(v -> v == null ? "0" : v.toString()).toList())));
            }
        }
        m.put("aging", charts);

        List<LocalDate> days = new ArrayList<>();
        for (int i = MONTHS; i >= 1; i--) {
            days.add(today.minusMonths(i).with(TemporalAdjusters.lastDayOfMonth()));
        }
        days.add(today);
        List<Map<String, String>> trend = new ArrayList<>();
        Kpis kpis = new Kpis(s.ds());
        for (LocalDate day : days) {
            for (Kpis.Row k : kpis.compute(day, 90, scope)) {
                if (Aging.TOTAL.equals(k.creditor())) {
                    Map<String, String> t = new LinkedHashMap<>();
                    t.put("day", day.toString());
                    t.put("currency", k.currency());
                    t.put("dso", text(k.dso()));
                    t.put("add", text(k.add()));
                    t.put("cei", text(k.cei()));
                    trend.add(t);
                }
            }
        }
        m.put("trend", trend);

        m.put("promises", Work.read(s.ds(), c -> Rows.one(c, new Sql().append("""
                SELECT count(*) FILTER (WHERE h.promise_status = 'KEPT') AS kept,
                       count(*) FILTER (WHERE h.promise_status = 'BROKEN') AS broken
                FROM hold h WHERE h.kind = 'PROMISE_TO_PAY' AND h.promise_decided_at >= ?::date AND""",
                today.minusDays(90).toString()).append(Scope.of(r.user(), "h"))).orElse(Map.of())));

        ReportTable byKind = new Worklist(s.ds()).openByKind(scope);
        List<Map<String, String>> kinds = new ArrayList<>();
        for (List<Object> row : byKind.rows()) {
            kinds.add(Map.of("kind", String.valueOf(row.get(0)), "open", String.valueOf(row.get(1))));
        }
        m.put("tasks", kinds);
        m.put("taskLabels", String.join(",", kinds.stream().map(k -> k.get("kind")).toList()));
        m.put("taskValues", String.join(",", kinds.stream().map(k -> k.get("open")).toList()));
        return m;
    }

    private static String text(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }
}
