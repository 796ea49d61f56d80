package org.arrears.report;

import java.util.Locale;
import javax.sql.DataSource;
import org.arrears.db.Sql;

/**
 * The worklist: open tasks with kind, debtor, amount at stake, age, owner and priority, highest priority first
 * (then oldest), with filters and paging. The amount at stake is the payment's amount for a task about a payment,
 * the invoice's open amount for a task about an invoice, else the debtor's open total (its currency empty when the
 * debtor owes in several). One index scan of {@code task_worklist} (V14) that stops after the page; the amounts
 * are read for the page's rows only.
 */
public final class Worklist {

    /** How to narrow and page the list; null filters match everything. */
    public record Query(String kind, Long debtorId, String owner, boolean unassignedOnly, int offset, int limit) {
        public Query {
            kind = kind == null || kind.isBlank() ? null : kind.trim().toUpperCase(Locale.ROOT);
            if (offset < 0 || limit < 1 || limit > 1000) {
                throw new IllegalArgumentException("worklist paging: offset must be 0 or more and limit 1 to 1000, got "
                        + offset + " and " + limit);
            }
        }

        /** The first page of every open task. */
        public static Query firstPage(int limit) {
            return new Query(null, null, null, false, 0, limit);
        }
    }

    private final DataSource ds;

    public Worklist(DataSource ds) {
        this.ds = ds;
    }

    public ReportTable page(Query q, CreditorScope scope) {
        Sql filter = new Sql();
        if (q.kind() != null) {
            filter.append(" AND t.kind = ?", q.kind());
        }
        if (q.debtorId() != null) {
            filter.append(" AND t.debtor_id = ?", q.debtorId());
        }
        if (q.owner() != null) {
            filter.append(" AND t.assigned_to = ?", q.owner());
        }
        if (q.unassignedOnly()) {
            filter.append(" AND t.assigned_to IS NULL");
        }
        filter.append(scope.and("t.creditor_id"));
        Sql sql = new Sql().append("""
                WITH page AS (
                    SELECT t.* FROM task t
                    WHERE t.status = 'OPEN'""").append(filter).append("""
                    ORDER BY t.priority DESC, t.created_at, t.id
                    OFFSET ? LIMIT ?
                )
                SELECT t.id, t.kind, t.priority, t.debtor_id, d.name AS debtor, stake.amount AS amount_at_stake,
                       stake.currency, date_part('day', now() - t.created_at)::int AS age_days, t.assigned_to AS owner, t.title,
                       t.invoice_id, t.payment_id, t.created_at
                FROM page t
                LEFT JOIN debtor d ON d.id = t.debtor_id
                LEFT JOIN payment p ON p.id = t.payment_id
                LEFT JOIN invoice i ON i.id = t.invoice_id
                LEFT JOIN LATERAL (
                    SELECT sum(o.open_amount) AS amount,
                           CASE WHEN count(DISTINCT o.currency) = 1 THEN min(o.currency) END AS currency
                    FROM invoice o WHERE o.debtor_id = t.debtor_id AND o.open_amount > 0
                      AND t.payment_id IS NULL AND t.invoice_id IS NULL) deb ON true
                CROSS JOIN LATERAL (
                    SELECT coalesce(p.amount, i.open_amount, deb.amount) AS amount,
                           coalesce(p.currency, i.currency, deb.currency)::text AS currency) stake
                ORDER BY t.priority DESC, t.created_at, t.id""", q.offset(), q.limit());
        return Rows.query(ds, "Worklist", sql);
    }

    /** Open tasks per kind (the dashboard's "open tasks by kind"). */
    public ReportTable openByKind(CreditorScope scope) {
        return Rows.query(ds, "Open tasks by kind", new Sql().append(
                "SELECT t.kind, count(*) AS open FROM task t WHERE t.status = 'OPEN'").append(scope.and("t.creditor_id"))
                .append(" GROUP BY t.kind ORDER BY count(*) DESC, t.kind"));
    }
}
