package org.arrears.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.arrears.db.Sql;

/**
 * Aging (COMPLIANCE R44): the open amount as of a date in buckets of days past due ({@code asOf - due_date}):
 * Current (DPD 0 or less), then one bucket per upper bound (inclusive; default 30, 60, 90: 1–30, 31–60, 61–90),
 * then the rest (90+). Per creditor and currency, with a total per currency over the creditors in scope. "As of"
 * follows {@link AsOf}: later payments are added back, later invoices left out.
 */
public final class Aging {

    /** R44's buckets. */
    public static final int[] DEFAULT_BOUNDS = {30, 60, 90};

    /** The creditor column's value on the total rows. */
    public static final String TOTAL = "(total)";

    private final DataSource ds;
    private final int[] bounds;

    public Aging(DataSource ds) {
        this(ds, DEFAULT_BOUNDS);
    }

    /** @param bounds inclusive upper bounds of the overdue buckets, ascending, each at least 1 */
    public Aging(DataSource ds, int[] bounds) {
        this.ds = ds;
        this.bounds = checkBounds(bounds);
    }

    /** Parses a setting such as {@code 30,60,90}; names the setting in its error. */
    public static int[] parseBounds(String setting, String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_BOUNDS;
        }
        String[] parts = value.split(",");
        int[] b = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                b[i] = Integer.parseInt(parts[i].trim());
            }
            return checkBounds(b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + "=" + value + ": expected ascending whole numbers of days "
                    + "such as 30,60,90 (" + e.getMessage() + ")");
        }
    }

    private static int[] checkBounds(int[] b) {
        if (b.length == 0) {
            throw new IllegalArgumentException("aging needs at least one bucket bound");
        }
        for (int i = 0; i < b.length; i++) {
            if (b[i] < 1 || (i > 0 && b[i] <= b[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must be ascending and at least 1, got " + java.util.Arrays.toString(b));
            }
        }
        return b.clone();
    }

    /** The bucket names: Current, 1-30, 31-60, 61-90, 90+ for the default bounds. */
    public List<String> bucketNames() {
        List<String> names = new ArrayList<>();
        names.add("current");
        int lower = 1;
        for (int b : bounds) {
            names.add(lower + "-" + b);
            lower = b + 1;
        }
        names.add(bounds[bounds.length - 1] + "+");
        return names;
    }

    /** The aging of the creditors in scope as of the date. */
    public ReportTable asOf(LocalDate asOf, CreditorScope scope) {
        Sql sql = new Sql().append("WITH later AS (").append(AsOf.laterAllocations(), asOf, asOf).append("""
                ), inv AS (
                    SELECT i.creditor_id, i.currency, ?::date - i.due_date AS dpd,
                           i.open_amount + coalesce(l.after_first, 0) AS open
                    FROM invoice i LEFT JOIN later l ON l.invoice_id = i.id
                    WHERE i.issue_date <= ?::date""", asOf, asOf).append(scope.and("i.creditor_id")).append("""
                )
                SELECT CASE WHEN grouping(c.code) = 1 THEN NULL ELSE c.code END, inv.currency, count(*), sum(open),
                       coalesce(sum(open) FILTER (WHERE dpd <= 0), 0.00)""");
        int lower = 1;
        for (int b : bounds) {
            sql.append(", coalesce(sum(open) FILTER (WHERE dpd BETWEEN ? AND ?), 0.00)", lower, b);
            lower = b + 1;
        }
        sql.append(", coalesce(sum(open) FILTER (WHERE dpd >= ?), 0.00)", lower);
        sql.append("""
                FROM inv JOIN creditor c ON c.id = inv.creditor_id
                WHERE open > 0
                GROUP BY GROUPING SETS ((c.code, inv.currency), (inv.currency))
                ORDER BY inv.currency, grouping(c.code), c.code""");
        List<String> columns = new ArrayList<>(List.of("creditor", "currency", "invoices", "total"));
        bucketNames().forEach(columns::add);
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<Object> r = new ArrayList<>();
                r.add(rs.getString(1) == null ? TOTAL : rs.getString(1));
                r.add(rs.getString(2));
                r.add(rs.getLong(3));
                r.add(rs.getBigDecimal(4));
                for (int i = -1; i <= bounds.length; i++) {
                    r.add(rs.getBigDecimal(6 + i));
                }
                rows.add(r);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("aging as of " + asOf + " failed: " + e.getMessage(), e);
        }
        return new ReportTable("Aging as of " + asOf, columns, rows);
    }
}
