package org.arrears.promises;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.arrears.ar.Holds;
import org.arrears.db.Sql;

/**
 * Payment plans (COMPLIANCE R47): an agreed total paid in instalments, with a PAYMENT_PLAN hold on the debtor while
 * the plan runs. Instalments are matched to the debtor's payments in the plan's currency posted since the plan was
 * made (applied or credited; a returned payment stops counting), oldest instalment first, by {@link #match}: the
 * payment poster calls it for the debtors of each bank file, and {@link PromiseSweep} for every running plan.
 */
public final class PaymentPlans {

    /** Payment statuses whose money counts (the poster's live statuses). */
    static final String LIVE = "('MATCHED', 'PARTIAL', 'CREDIT')";

    /** One instalment: its due date and amount. */
    public record Instalment(LocalDate due, BigDecimal amount) {
        public Instalment {
            if (due == null || amount == null || amount.signum() <= 0 || amount.scale() > 2) {
                throw new IllegalArgumentException("an instalment needs a date and a positive amount with at most 2 "
                        + "decimals, got " + due + " " + amount);
            }
        }
    }

    /** A plan to make: the debtor, the currency, the schedule, the grace days, who made it and a note. */
    public record Request(long debtorId, String currency, List<Instalment> schedule, int graceDays, String createdBy,
                          String note) {
        public Request {
            currency = currency == null ? null : currency.trim().toUpperCase(Locale.ROOT);
            if (currency == null || !currency.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("plan currency '" + currency + "' is not a 3-letter ISO 4217 code");
            }
            if (schedule == null || schedule.isEmpty()) {
                throw new IllegalArgumentException("a payment plan needs at least one instalment");
            }
            schedule = List.copyOf(schedule);
            for (int i = 1; i < schedule.size(); i++) {
                if (!schedule.get(i).due().isAfter(schedule.get(i - 1).due())) {
                    throw new IllegalArgumentException("instalment dates must ascend: " + schedule.get(i).due()
                            + " is not after " + schedule.get(i - 1).due());
                }
            }
            if (graceDays < 0) {
                throw new IllegalArgumentException("plan grace days must be 0 or more, got " + graceDays);
            }
        }

        public BigDecimal total() {
            return schedule.stream().map(Instalment::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /**
     * R47's schedule: {@code count} instalments of {@code total / count} with banker's rounding to cents, the last
     * absorbing the remainder so the sum is exactly the total; the first due on {@code first}, then one every
     * {@code everyMonths} months (same day of month, or the month's last day).
     */
    public static List<Instalment> schedule(BigDecimal total, int count, LocalDate first, int everyMonths) {
        if (total == null || total.signum() <= 0 || total.scale() > 2) {
            throw new IllegalArgumentException("plan total must be positive with at most 2 decimals, got " + total);
        }
        if (count < 1 || everyMonths < 1) {
            throw new IllegalArgumentException("a plan needs at least 1 instalment, at least 1 month apart, got "
                    + count + " every " + everyMonths);
        }
        BigDecimal each = total.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_EVEN);
        if (each.signum() <= 0) {
            throw new IllegalArgumentException("plan total " + total + " is too small for " + count + " instalments");
        }
        List<Instalment> out = new ArrayList<>();
        for (int i = 0; i < count - 1; i++) {
            out.add(new Instalment(first.plusMonths((long) i * everyMonths), each));
        }
        BigDecimal last = total.subtract(each.multiply(BigDecimal.valueOf(count - 1L)));
        out.add(new Instalment(first.plusMonths((long) (count - 1) * everyMonths), last));
        return out;
    }

    /**
     * Parses {@code 2026-08-01:333.33,2026-09-01:333.33} (date:amount pairs), naming the option in its error.
     */
    public static List<Instalment> parse(String option, String value) {
        List<Instalment> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String[] kv = part.trim().split(":");
            try {
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected DATE:AMOUNT");
                }
                out.add(new Instalment(LocalDate.parse(kv[0].trim()), new BigDecimal(kv[1].trim())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(option + " '" + part.trim() + "': expected DATE:AMOUNT such as "
                        + "2026-08-01:333.33 (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    private final DataSource ds;
    private final Holds holds;

    public PaymentPlans(DataSource ds, Holds holds) {
        this.ds = ds;
        this.holds = holds;
    }

    /** Makes the plan, its instalments and its PAYMENT_PLAN hold in one transaction; returns the plan's id. */
    public long create(Request r) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                long creditor;
                try (PreparedStatement ps = new Sql().append("SELECT creditor_id FROM debtor WHERE id = ?", r.debtorId()).prepare(c);
                     ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("debtor " + r.debtorId() + ": no such debtor");
                    }
                    creditor = rs.getLong(1);
                }
                LocalDate last = r.schedule().get(r.schedule().size() - 1).due();
                long holdId = holds.place(c, new Holds.Request(r.debtorId(), null, "PAYMENT_PLAN",
                        "payment plan of " + r.total() + " " + r.currency() + " in " + r.schedule().size()
                                + " instalments to " + last, null, null));
                long id;
                try (PreparedStatement ps = new Sql().append("""
                        INSERT INTO payment_plan (debtor_id, creditor_id, currency, total, grace_days, hold_id, note, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""", r.debtorId(), creditor, r.currency(), r.total(),
                        r.graceDays(), holdId, r.note(), r.createdBy()).prepare(c);
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO payment_plan_instalment (plan_id, seq, due_date, amount) VALUES (?, ?, ?, ?)")) {
                    int seq = 1;
                    for (Instalment i : r.schedule()) {
                        ps.setLong(1, id);
                        ps.setInt(2, seq++);
                        ps.setObject(3, i.due());
                        ps.setBigDecimal(4, i.amount());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = new Sql().append("UPDATE hold SET creditor_id = ? WHERE id = ?", creditor, holdId).prepare(c)) {
                    ps.executeUpdate();
                }
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("making a payment plan for debtor " + r.debtorId() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Matches the instalments of running plans to payments, in the caller's transaction: for each plan, the money of
     * the debtor's live payments in its currency posted since the plan was made pays its instalments in order; an
     * instalment covered in full becomes PAID (a MISSED one stays MISSED, with its paid amount). Only the plans of
     * {@code debtorIds} (null: every running plan). Returns how many instalments became PAID.
     */
    public static int match(Connection c, Long[] debtorIds) throws SQLException {
        Sql sql = new Sql().append("""
                WITH plans AS (
                    SELECT pp.id, pp.debtor_id, pp.currency, pp.created_at FROM payment_plan pp
                    WHERE pp.status IN ('ACTIVE', 'DELINQUENT')""");
        if (debtorIds != null) {
            sql.append(" AND pp.debtor_id = ANY(?)", (Object) debtorIds);
        }
        sql.append("""
                ), paid AS (
                    SELECT pl.id AS plan_id,
                           (SELECT coalesce(sum(p.amount), 0) FROM payment p
                            WHERE p.debtor_id = pl.debtor_id AND p.currency = pl.currency AND p.status IN %s
                              AND p.created_at >= pl.created_at) AS paid
                    FROM plans pl
                ), due AS (
                    SELECT i.plan_id, i.seq, i.amount, i.status,
                           sum(i.amount) OVER (PARTITION BY i.plan_id ORDER BY i.seq) - i.amount AS before
                    FROM payment_plan_instalment i JOIN plans pl ON pl.id = i.plan_id
                ), next AS (
                    SELECT d.plan_id, d.seq, least(d.amount, greatest(0, p.paid - d.before)) AS paid_amount,
                           CASE WHEN d.status = 'MISSED' THEN 'MISSED'
                                WHEN p.paid - d.before >= d.amount THEN 'PAID' ELSE 'DUE' END AS status
                    FROM due d JOIN paid p ON p.plan_id = d.plan_id
                ), changed AS (
                    UPDATE payment_plan_instalment i
                    SET paid_amount = n.paid_amount, status = n.status,
                        paid_at = CASE WHEN n.status = 'PAID' THEN coalesce(i.paid_at, now()) END
                    FROM next n
                    WHERE i.plan_id = n.plan_id AND i.seq = n.seq
                      AND (i.paid_amount <> n.paid_amount OR i.status <> n.status)
                    RETURNING i.status AS was, n.status AS now
                )
                SELECT count(*) FROM changed WHERE now = 'PAID'""".formatted(LIVE));
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The poster's hook: matches the plans of the debtors bank file {@code bankFileId} paid. */
    public static int matchFile(Connection c, long bankFileId) throws SQLException {
        List<Long> debtors = new ArrayList<>();
        try (PreparedStatement ps = new Sql().append("""
                SELECT DISTINCT p.debtor_id FROM payment p
                WHERE p.bank_file_id = ? AND p.debtor_id IS NOT NULL
                  AND EXISTS (SELECT 1 FROM payment_plan pp WHERE pp.debtor_id = p.debtor_id
                              AND pp.status IN ('ACTIVE', 'DELINQUENT'))""", bankFileId).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                debtors.add(rs.getLong(1));
            }
        }
        return debtors.isEmpty() ? 0 : match(c, debtors.toArray(Long[]::new));
    }
}
