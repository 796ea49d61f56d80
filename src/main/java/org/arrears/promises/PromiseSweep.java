package org.arrears.promises;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.arrears.db.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides promises to pay and payment plans whose dates have passed, in one transaction per run (the route
 * {@code promise-sweep} runs it on a timer, on the elected leader only):
 * <ul>
 *   <li>a promise (an unreleased PROMISE_TO_PAY hold with a date) whose date plus {@code promiseGraceDays} is before
 *       today is KEPT when the debtor's live payments posted since the promise was made, dated up to that day (for a
 *       promise on one invoice: their allocations to it), reach the promised amount (a promise without an amount:
 *       when nothing it covers is open), else BROKEN (R46); either way the hold is released (a kept promise is
 *       closed as kept), and a broken one gets a BROKEN_PROMISE task naming what was promised, what was paid and
 *       how many of the debtor's promises broke before. With the hold gone the planner plans the next step again:
 *       dunning resumes by itself;</li>
 *   <li>payment plans: instalments are matched to payments ({@link PaymentPlans#match}); an instalment still not
 *       paid in full after its date plus the plan's grace days becomes MISSED; the first miss makes the plan
 *       DELINQUENT with a MISSED_INSTALMENT task, the second DEFAULTED with a PLAN_DEFAULTED task and the hold lifted
 *       (R47); a plan paid in full is COMPLETED and its hold lifted.</li>
 * </ul>
 * "Before today" means a promise dated 07-10 with 2 grace days is decided on 07-13, so a payment booked on 07-12
 * still keeps it (R46's example); an instalment due 08-01 with 3 grace days is missed on 08-05 when unpaid through
 * 08-04 (R47's example).
 */
public final class PromiseSweep {

    private static final Logger LOG = LoggerFactory.getLogger(PromiseSweep.class);

    /** What one run decided. */
    public record Result(int promisesKept, int promisesBroken, int instalmentsPaid, int instalmentsMissed,
                         int plansDelinquent, int plansDefaulted, int plansCompleted) {
        @Override
        public String toString() {
            return "promises kept " + promisesKept + ", broken " + promisesBroken + "; instalments paid " + instalmentsPaid
                    + ", missed " + instalmentsMissed + "; plans delinquent " + plansDelinquent + ", defaulted "
                    + plansDefaulted + ", completed " + plansCompleted;
        }
    }

    private final DataSource ds;
    private final String invoices;
    private final int promiseGraceDays;
    private final Clock clock;

    /**
     * @param invoices         the AR contract's invoice source (its {@code invoice_id}, {@code debtor_id},
     *                         {@code open_amount})
     * @param promiseGraceDays {@code arrears.payments.promise-grace-days}, as the payment poster uses it
     */
    public PromiseSweep(DataSource ds, String invoices, int promiseGraceDays, Clock clock) {
        if (promiseGraceDays < 0) {
            throw new IllegalArgumentException("arrears.payments.promise-grace-days must be 0 or more, got " + promiseGraceDays);
        }
        this.ds = ds;
        this.invoices = invoices;
        this.promiseGraceDays = promiseGraceDays;
        this.clock = clock;
    }

    public Result sweep() {
        LocalDate today = LocalDate.now(clock);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                int[] promises = promises(c, today);
                int paid = PaymentPlans.match(c, null);
                int missed = update(c, new Sql().append("""
                        UPDATE payment_plan_instalment i SET status = 'MISSED'
                        FROM payment_plan pp
                        WHERE pp.id = i.plan_id AND pp.status IN ('ACTIVE', 'DELINQUENT') AND i.status = 'DUE'
                          AND i.due_date + pp.grace_days < ?::date""", today));
                int[] plans = plans(c);
                c.commit();
                Result r = new Result(promises[0], promises[1], paid, missed, plans[0], plans[1], plans[2]);
                if (promises[0] + promises[1] + paid + missed + plans[0] + plans[1] + plans[2] > 0) {
                    LOG.info("promise sweep for {}: {}", today, r);
                }
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the promise sweep failed: " + e.getMessage(), e);
        }
    }

    /** Returns {kept, broken}. */
    private int[] promises(Connection c, LocalDate today) throws SQLException {
        Sql sql = new Sql().append("""
                WITH due AS (
                    SELECT h.id, h.debtor_id, h.invoice_id, h.promised_amount, h.until, h.created_at, h.creditor_id,
                           h.until + ?::int AS last_day
                    FROM hold h
                    WHERE h.kind = 'PROMISE_TO_PAY' AND h.released_at IS NULL AND h.until IS NOT NULL
                      AND h.until + ?::int < ?::date
                    FOR UPDATE OF h
                ), paid AS (
                    SELECT d.*,
                           CASE WHEN d.invoice_id IS NULL THEN
                               (SELECT coalesce(sum(p.amount), 0) FROM payment p
                                WHERE p.debtor_id = d.debtor_id AND p.status IN %2$s AND p.created_at >= d.created_at
                                  AND coalesce(p.value_date, p.booking_date, (p.created_at AT TIME ZONE 'UTC')::date) <= d.last_day)
                           ELSE
                               (SELECT coalesce(sum(a.amount), 0) FROM allocation a JOIN payment p ON p.id = a.payment_id
                                WHERE a.invoice_id = d.invoice_id AND p.status IN %2$s AND p.created_at >= d.created_at
                                  AND coalesce(p.value_date, p.booking_date, (p.created_at AT TIME ZONE 'UTC')::date) <= d.last_day)
                           END AS paid,
                           EXISTS (SELECT 1 FROM %1$s i WHERE i.debtor_id = d.debtor_id AND i.open_amount > 0
                                   AND (d.invoice_id IS NULL OR i.invoice_id = d.invoice_id)) AS still_open
                    FROM due d
                ), decided AS (
                    SELECT p.*, CASE WHEN (p.promised_amount IS NOT NULL AND p.paid >= p.promised_amount)
                                       OR (p.promised_amount IS NULL AND NOT p.still_open)
                                     THEN 'KEPT' ELSE 'BROKEN' END AS status
                    FROM paid p
                ), closed AS (
                    UPDATE hold h SET promise_status = d.status, released_at = now(), promise_decided_at = now()
                    FROM decided d WHERE h.id = d.id
                    RETURNING h.id
                ), tasks AS (
                    INSERT INTO task (kind, debtor_id, invoice_id, title, detail, dedupe_key, creditor_id)
                    SELECT 'BROKEN_PROMISE', d.debtor_id, d.invoice_id,
                           'Broken promise: ' || coalesce(d.promised_amount::text || ' ', '') || 'promised by ' || d.until
                               || ', ' || d.paid || ' paid',
                           'Promise to pay (hold ' || d.id || ') made ' || to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
                               || ', due ' || d.until || ' with ' || ?::int || ' grace days; paid ' || d.paid
                               || ' by ' || d.last_day || '. Earlier broken promises of this debtor: '
                               || (SELECT count(*) FROM hold o WHERE o.debtor_id = d.debtor_id AND o.kind = 'PROMISE_TO_PAY'
                                   AND o.promise_status = 'BROKEN' AND o.id <> d.id)
                               || '. The hold is lifted: dunning resumes at the next step.',
                           'broken-promise:' || d.id, d.creditor_id
                    FROM decided d WHERE d.status = 'BROKEN'
                    ON CONFLICT (dedupe_key) DO NOTHING
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM decided WHERE status = 'KEPT'), (SELECT count(*) FROM decided WHERE status = 'BROKEN'),
                       (SELECT count(*) FROM closed), (SELECT count(*) FROM tasks)""".formatted(invoices, PaymentPlans.LIVE),
                promiseGraceDays, promiseGraceDays, today, promiseGraceDays);
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new int[] {rs.getInt(1), rs.getInt(2)};
        }
    }

    /** Moves plans by their instalments; returns {delinquent, defaulted, completed}. */
    private static int[] plans(Connection c) throws SQLException {
        Sql sql = new Sql().append("""
                WITH state AS (
                    SELECT pp.id, pp.debtor_id, pp.creditor_id, pp.status, pp.hold_id, pp.total, pp.currency,
                           sum(i.paid_amount) AS paid, count(*) FILTER (WHERE i.status = 'MISSED') AS missed,
                           min(i.due_date) FILTER (WHERE i.status = 'MISSED') AS first_missed,
                           max(i.due_date) FILTER (WHERE i.status = 'MISSED') AS last_missed
                    FROM payment_plan pp JOIN payment_plan_instalment i ON i.plan_id = pp.id
                    WHERE pp.status IN ('ACTIVE', 'DELINQUENT')
                    GROUP BY pp.id
                ), next AS (
                    SELECT s.*, CASE WHEN s.paid >= s.total THEN 'COMPLETED'
                                     WHEN s.missed >= 2 THEN 'DEFAULTED'
                                     WHEN s.missed = 1 THEN 'DELINQUENT'
                                     ELSE s.status END AS next_status
                    FROM state s
                ), moved AS (
                    UPDATE payment_plan pp SET status = n.next_status,
                           ended_at = CASE WHEN n.next_status IN ('COMPLETED', 'DEFAULTED') THEN now() END
                    FROM next n WHERE pp.id = n.id AND n.next_status <> n.status
                    RETURNING pp.id, n.next_status, n.debtor_id, n.creditor_id, n.hold_id, n.paid, n.total, n.currency,
                              n.first_missed, n.last_missed
                ), lifted AS (
                    UPDATE hold h SET released_at = now()
                    FROM moved m WHERE h.id = m.hold_id AND m.next_status IN ('COMPLETED', 'DEFAULTED') AND h.released_at IS NULL
                    RETURNING h.id
                ), tasks AS (
                    INSERT INTO task (kind, debtor_id, title, detail, dedupe_key, creditor_id)
                    SELECT CASE m.next_status WHEN 'DELINQUENT' THEN 'MISSED_INSTALMENT' ELSE 'PLAN_DEFAULTED' END, m.debtor_id,
                           CASE m.next_status WHEN 'DELINQUENT' THEN 'Missed instalment of payment plan ' || m.id
                                ELSE 'Payment plan ' || m.id || ' defaulted: a second instalment was missed' END,
                           'Plan ' || m.id || ' of ' || m.total || ' ' || m.currency || ': ' || m.paid || ' paid; missed the '
                               || 'instalment due ' || m.last_missed
                               || CASE m.next_status WHEN 'DELINQUENT' THEN '. The plan is delinquent; the hold stays until a '
                                        || 'second miss.'
                                  ELSE ' (first miss ' || m.first_missed || '). The hold is lifted: dunning resumes.' END,
                           'plan:' || m.id || ':' || m.next_status, m.creditor_id
                    FROM moved m WHERE m.next_status IN ('DELINQUENT', 'DEFAULTED')
                    ON CONFLICT (dedupe_key) DO NOTHING
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM moved WHERE next_status = 'DELINQUENT'),
                       (SELECT count(*) FROM moved WHERE next_status = 'DEFAULTED'),
                       (SELECT count(*) FROM moved WHERE next_status = 'COMPLETED'),
                       (SELECT count(*) FROM lifted), (SELECT count(*) FROM tasks)""");
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)};
        }
    }

    private static int update(Connection c, Sql sql) throws SQLException {
        try (PreparedStatement ps = sql.prepare(c)) {
            return ps.executeUpdate();
        }
    }
}
