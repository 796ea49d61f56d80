package org.arrears.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * DSO, best possible DSO, ADD and CEI with the formulas of COMPLIANCE R45, per creditor and currency and in total per
 * currency, over the period of {@code days} days that ends on the as-of date:
 * <ul>
 *   <li>beginning AR: open as of the day before the period (asOf − days), of invoices issued by then;</li>
 *   <li>credit sales: amounts of invoices issued in the period (after asOf − days, up to asOf);</li>
 *   <li>ending AR: open as of asOf; ending current AR: the part of it not yet past due (DPD ≤ 0);</li>
 *   <li>DSO = ending AR ÷ credit sales × days; BPDSO = ending current AR ÷ credit sales × days; ADD = DSO − BPDSO;</li>
 *   <li>CEI = (beginning AR + credit sales − ending AR) ÷ (beginning AR + credit sales − ending current AR) × 100;</li>
 *   <li>% current = ending current AR ÷ ending AR × 100.</li>
 * </ul>
 * "Open as of" follows {@link AsOf}. A ratio whose divisor is zero is null (shown empty). Ratios are rounded half
 * up to two decimals, from unrounded inputs.
 */
public final class Kpis {

    /** One row: the inputs and the ratios. */
    public record Row(String creditor, String currency, BigDecimal beginningAr, BigDecimal creditSales,
                      BigDecimal endingAr, BigDecimal endingCurrentAr, int days) {

        public BigDecimal dso() {
            return ratio(endingAr.multiply(BigDecimal.valueOf(days)), creditSales);
        }

        public BigDecimal bestPossibleDso() {
            return ratio(endingCurrentAr.multiply(BigDecimal.valueOf(days)), creditSales);
        }

        public BigDecimal add() {
            BigDecimal dso = unrounded(endingAr.multiply(BigDecimal.valueOf(days)), creditSales);
            BigDecimal best = unrounded(endingCurrentAr.multiply(BigDecimal.valueOf(days)), creditSales);
            return dso == null ? null : dso.subtract(best).setScale(2, RoundingMode.HALF_UP);
        }

        public BigDecimal cei() {
            return ratio(beginningAr.add(creditSales).subtract(endingAr).multiply(BigDecimal.valueOf(100)),
                    beginningAr.add(creditSales).subtract(endingCurrentAr));
        }

        public BigDecimal percentCurrent() {
            return ratio(endingCurrentAr.multiply(BigDecimal.valueOf(100)), endingAr);
        }

        private static BigDecimal unrounded(BigDecimal a, BigDecimal b) {
            return b.signum() == 0 ? null : a.divide(b, 12, RoundingMode.HALF_UP);
        }

        private static BigDecimal ratio(BigDecimal a, BigDecimal b) {
            BigDecimal r = unrounded(a, b);
            return r == null ? null : r.setScale(2, RoundingMode.HALF_UP);
        }
    }

    private final DataSource ds;

    public Kpis(DataSource ds) {
        this.ds = ds;
    }

    /** The KPI inputs and ratios, per creditor and currency, then the total per currency (creditor {@link Aging#TOTAL}). */
    public List<Row> compute(LocalDate asOf, int days, CreditorScope scope) {
        if (days < 1) {
            throw new IllegalArgumentException("the KPI period must be at least 1 day, got " + days);
        }
        LocalDate begin = asOf.minusDays(days);
        // open as of a date = open now + later allocations (AsOf): the invoices' sums and the later allocations' sums
        // are taken separately by the same keys and added, so no per-invoice join is needed
        Sql sql = new Sql().append("""
                WITH base AS (
                    SELECT i.creditor_id, i.currency, i.issue_date <= ?::date AS old, i.due_date >= ?::date AS cur,
                           sum(i.open_amount) AS open_now, sum(i.amount) AS amount
                    FROM invoice i
                    WHERE i.issue_date <= ?::date""", begin, asOf, asOf).append(scope.and("i.creditor_id")).append("""
                    GROUP BY 1, 2, 3, 4
                ), later AS (
                    SELECT i.creditor_id, i.currency, i.issue_date <= ?::date AS old, i.due_date >= ?::date AS cur,
                           sum(a.amount) AS after_begin, coalesce(sum(a.amount) FILTER (WHERE %1$s > ?::date), 0) AS after_end
                    FROM payment p JOIN allocation a ON a.payment_id = p.id JOIN invoice i ON i.id = a.invoice_id
                    WHERE %1$s > ?::date AND i.issue_date <= ?::date""".formatted(AsOf.PAYMENT_DAY), begin, asOf, asOf, begin, asOf)
                .append(scope.and("i.creditor_id")).append("""
                    GROUP BY 1, 2, 3, 4
                ), inv AS (
                    SELECT b.creditor_id, b.currency, b.old, b.cur, b.amount,
                           b.open_now + coalesce(l.after_begin, 0) AS open_begin,
                           b.open_now + coalesce(l.after_end, 0) AS open_end
                    FROM base b LEFT JOIN later l
                      ON l.creditor_id = b.creditor_id AND l.currency = b.currency AND l.old = b.old AND l.cur = b.cur
                ), agg AS (
                    SELECT creditor_id, currency,
                           coalesce(sum(open_begin) FILTER (WHERE old), 0) AS beginning,
                           coalesce(sum(amount) FILTER (WHERE NOT old), 0) AS sales,
                           coalesce(sum(open_end), 0) AS ending,
                           coalesce(sum(open_end) FILTER (WHERE cur), 0) AS ending_current
                    FROM inv GROUP BY creditor_id, currency
                )
                SELECT c.code, agg.currency, beginning, sales, ending, ending_current, 0 AS total_row
                FROM agg JOIN creditor c ON c.id = agg.creditor_id
                UNION ALL
                SELECT NULL, currency, sum(beginning), sum(sales), sum(ending), sum(ending_current), 1
                FROM agg GROUP BY currency
                ORDER BY 2, 7, 1""");
        List<Row> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1) == null ? Aging.TOTAL : rs.getString(1), rs.getString(2),
                        rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), days));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("KPIs as of " + asOf + " failed: " + e.getMessage(), e);
        }
        return rows;
    }

    /** DSO, best possible DSO and ADD, with their inputs. */
    public ReportTable dso(LocalDate asOf, int days, CreditorScope scope) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : compute(asOf, days, scope)) {
            rows.add(java.util.Arrays.asList(r.creditor(), r.currency(), r.days(), r.endingAr(), r.endingCurrentAr(),
                    r.creditSales(), r.dso(), r.bestPossibleDso(), r.add(), r.percentCurrent()));
        }
        return new ReportTable("DSO, best possible DSO and ADD over the " + days + " days to " + asOf,
                List.of("creditor", "currency", "days", "ending_ar", "ending_current_ar", "credit_sales", "dso",
                        "best_possible_dso", "add", "percent_current"), rows);
    }

    /** CEI with its inputs. */
    public ReportTable cei(LocalDate asOf, int days, CreditorScope scope) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : compute(asOf, days, scope)) {
            rows.add(java.util.Arrays.asList(r.creditor(), r.currency(), r.days(), r.beginningAr(), r.creditSales(),
                    r.endingAr(), r.endingCurrentAr(), r.cei()));
        }
        return new ReportTable("Collection effectiveness index over the " + days + " days to " + asOf,
                List.of("creditor", "currency", "days", "beginning_ar", "credit_sales", "ending_ar", "ending_current_ar",
                        "cei"), rows);
    }
}
