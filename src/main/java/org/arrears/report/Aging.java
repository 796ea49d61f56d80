package org.arrears.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The aging of the creditors in scope as of the date. One pass over the invoices groups them by creditor,
     * currency and bucket (one sum per invoice); the buckets are turned into columns and the totals per currency
     * added from that small result.
     */
    public ReportTable asOf(LocalDate asOf, CreditorScope scope) {
        Sql bucket = new Sql().append("CASE WHEN ?::date - i.due_date <= 0 THEN 0", asOf);
        for (int b = 0; b < bounds.length; b++) {
            bucket.append(" WHEN ?::date - i.due_date <= ? THEN " + (b + 1), asOf, bounds[b]);
        }
        bucket.append(" ELSE " + (bounds.length + 1) + " END");
        Sql sql = new Sql().append("WITH later AS (").append(AsOf.laterAllocations(), asOf, asOf).append("""
                ), inv AS (
                    SELECT i.creditor_id, i.currency, """).append(bucket).append(" AS bucket,").append("""
                           i.open_amount + coalesce(l.after_first, 0) AS open
                    FROM invoice i LEFT JOIN later l ON l.invoice_id = i.id
                    WHERE i.issue_date <= ?::date""", asOf).append(scope.and("i.creditor_id")).append("""
                ), agg AS (
                    SELECT creditor_id, currency, bucket, count(*) AS n, sum(open) AS open
                    FROM inv WHERE open > 0
                    GROUP BY creditor_id, currency, bucket
                )
                SELECT c.code, agg.currency, agg.bucket, agg.n, agg.open
                FROM agg JOIN creditor c ON c.id = agg.creditor_id
                ORDER BY agg.currency, c.code""");
        int buckets = bounds.length + 2;
        Map<String, Object[]> byKey = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String creditor = rs.getString(1);
                String currency = rs.getString(2);
                for (String key : new String[] {currency + "\u0000" + creditor, currency + "\u0001" + TOTAL}) {
                    Object[] row = byKey.computeIfAbsent(key, k -> newRow(k.endsWith(TOTAL) ? TOTAL : creditor, currency, buckets));
                    row[2] = (Long) row[2] + rs.getLong(4);
                    row[3] = ((BigDecimal) row[3]).add(rs.getBigDecimal(5));
                    row[4 + rs.getInt(3)] = ((BigDecimal) row[4 + rs.getInt(3)]).add(rs.getBigDecimal(5));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("aging as of " + asOf + " failed: " + e.getMessage(), e);
        }
        List<String> columns = new ArrayList<>(List.of("creditor", "currency", "invoices", "total"));
        bucketNames().forEach(columns::add);
        List<List<Object>> rows = new ArrayList<>();
        // per currency: its creditors by code, then its total
        new java.util.TreeMap<>(byKey).values().forEach(r -> rows.add(java.util.Arrays.asList(r)));
        return new ReportTable("Aging as of " + asOf, columns, rows);
    }

    private static Object[] newRow(String creditor, String currency, int buckets) {
        Object[] r = new Object[4 + buckets];
        r[0] = creditor;
        r[1] = currency;
        r[2] = 0L;
        for (int i = 3; i < r.length; i++) {
            r[i] = ZERO;
        }
        return r;
    }

    private static final BigDecimal ZERO = new BigDecimal("0.00");
}
