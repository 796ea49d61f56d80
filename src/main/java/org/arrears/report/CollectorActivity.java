package org.arrears.report;

import java.time.LocalDate;
import javax.sql.DataSource;
import org.arrears.db.Sql;

/**
 * What the collectors did in the period ({@code days} days to the as-of date), per owner (the task's {@code assigned_to};
 * "(unassigned)" when none) and kind: tasks created, tasks closed (status DONE or CANCELLED, by {@code closed_at},
 * which V14 records; tasks closed before V14 have none and are not counted), tasks still open now; and, as kinds of
 * their own, promises to pay logged (PROMISE_TO_PAY holds placed in the period) and payment plans made, with how
 * many of those promises were kept and broken so far. Calls logged by hand are not counted: the hub has no record
 * of them until the console writes one.
 */
public final class CollectorActivity {

    private final DataSource ds;

    public CollectorActivity(DataSource ds) {
        this.ds = ds;
    }

    public ReportTable report(LocalDate asOf, int days, CreditorScope scope) {
        LocalDate from = asOf.minusDays(days - 1L);
        Sql sql = new Sql().append("""
                SELECT coalesce(assigned_to, '(unassigned)') AS owner, kind,
                       count(*) FILTER (WHERE created_at >= ?::date AND created_at < ?::date + 1) AS created,
                       count(*) FILTER (WHERE closed_at >= ?::date AND closed_at < ?::date + 1) AS closed,
                       count(*) FILTER (WHERE status = 'OPEN') AS open_now,
                       NULL::bigint AS kept, NULL::bigint AS broken
                FROM task t WHERE (t.status = 'OPEN' OR t.created_at >= ?::date OR t.closed_at >= ?::date)""",
                from, asOf, from, asOf, from, from).append(scope.and("t.creditor_id")).append("""
                 GROUP BY 1, 2
                UNION ALL
                SELECT '(all)', 'PROMISE_TO_PAY', count(*), count(*) FILTER (WHERE promise_status IN ('KEPT', 'BROKEN')),
                       count(*) FILTER (WHERE promise_status = 'OPEN'),
                       count(*) FILTER (WHERE promise_status = 'KEPT'), count(*) FILTER (WHERE promise_status = 'BROKEN')
                FROM hold h WHERE h.kind = 'PROMISE_TO_PAY' AND h.created_at >= ?::date AND h.created_at < ?::date + 1""",
                from, asOf).append(scope.and("h.creditor_id")).append("""
                 UNION ALL
                SELECT coalesce(created_by, '(unassigned)'), 'PAYMENT_PLAN', count(*), count(*) FILTER (WHERE ended_at IS NOT NULL),
                       count(*) FILTER (WHERE status IN ('ACTIVE', 'DELINQUENT')),
                       count(*) FILTER (WHERE status = 'COMPLETED'), count(*) FILTER (WHERE status = 'DEFAULTED')
                FROM payment_plan pp WHERE pp.created_at >= ?::date AND pp.created_at < ?::date + 1""", from, asOf)
                .append(scope.and("pp.creditor_id")).append(" GROUP BY 1 ORDER BY 1, 2");
        return Rows.query(ds, "Collector activity " + from + " to " + asOf, sql);
    }
}
