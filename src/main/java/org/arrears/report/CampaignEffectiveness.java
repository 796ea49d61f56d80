package org.arrears.report;

import java.time.LocalDate;
import javax.sql.DataSource;
import org.arrears.db.Sql;

/**
 * What each dunning step brought in: per step, template, channel and currency, the messages sent in the period
 * ({@code days} days to the as-of date) and the payments attributed to them. A payment (applied or credited, dated
 * in the period) is attributed to the last message sent to its debtor in its currency on or before the payment's
 * date, if that message went out at most {@code within} days before; each payment counts once, for one message.
 * Payments without a message in that window are not attributed (they are not in the table).
 */
public final class CampaignEffectiveness {

    private final DataSource ds;

    public CampaignEffectiveness(DataSource ds) {
        this.ds = ds;
    }

    public ReportTable report(LocalDate asOf, int days, int within, CreditorScope scope) {
        if (days < 1 || within < 0) {
            throw new IllegalArgumentException("campaign effectiveness needs a period of at least 1 day and a window of "
                    + "0 days or more, got " + days + " and " + within);
        }
        LocalDate from = asOf.minusDays(days - 1L);
        String sentDay = "(c.sent_at AT TIME ZONE 'UTC')::date";
        Sql sql = new Sql().append("""
                WITH sent AS (
                    SELECT c.id, c.step_code, c.template, c.channel, c.currency
                    FROM communication c
                    WHERE c.sent_at >= ?::date AND c.sent_at < ?::date + 1""", from, asOf)
                .append(scope.and("c.creditor_id")).append("""
                ), pay AS (
                    SELECT p.id, p.debtor_id, p.amount, p.currency, %1$s AS paid_on
                    FROM payment p
                    WHERE p.debtor_id IS NOT NULL AND p.status IN ('MATCHED', 'PARTIAL', 'CREDIT')
                      AND %1$s BETWEEN ?::date AND ?::date""".formatted(AsOf.PAYMENT_DAY), from, asOf)
                .append(scope.and("p.creditor_id")).append("""
                ), attributed AS (
                    SELECT last.id AS communication_id, pay.amount, pay.debtor_id
                    FROM pay CROSS JOIN LATERAL (
                        SELECT c.id, %1$s AS sent_on FROM communication c
                        WHERE c.debtor_id = pay.debtor_id AND c.currency = pay.currency AND c.sent_at IS NOT NULL
                          AND c.sent_at < pay.paid_on + 1
                        ORDER BY c.sent_at DESC LIMIT 1) last
                    WHERE pay.paid_on - last.sent_on <= ?
                ), per_message AS (
                    SELECT communication_id, count(*) AS payments, sum(amount) AS amount
                    FROM attributed GROUP BY communication_id
                )
                SELECT s.step_code AS step, s.template, s.channel, s.currency, count(*) AS sent,
                       count(m.communication_id) AS messages_with_payment,
                       coalesce(sum(m.payments), 0)::bigint AS payments, coalesce(sum(m.amount), 0) AS amount_paid,
                       round(100.0 * count(m.communication_id) / count(*), 2) AS percent_paid
                FROM sent s LEFT JOIN per_message m ON m.communication_id = s.id
                GROUP BY s.step_code, s.template, s.channel, s.currency
                ORDER BY s.currency, s.step_code, s.template, s.channel""".formatted(sentDay), within);
        return Rows.query(ds, "Campaign effectiveness: payments within " + within + " days of each message sent "
                + from + " to " + asOf, sql);
    }
}
