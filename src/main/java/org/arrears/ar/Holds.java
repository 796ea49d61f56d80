package org.arrears.ar;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.arrears.db.Sql;

/**
 * Places holds (dispute, promise to pay, payment plan, legal, do not contact) in the hub's hold table, and writes
 * each one back to the AR database in the same transaction ({@code arrears.ar.write-back.holds}).
 */
public final class Holds {

    /** The kinds the hold table accepts. */
    public static final List<String> KINDS = List.of("DISPUTE", "PROMISE_TO_PAY", "PAYMENT_PLAN", "LEGAL", "DO_NOT_CONTACT");

    /** A hold to place: on one invoice (invoiceId set) or the whole debtor (null); until null means until released. */
    public record Request(long debtorId, Long invoiceId, String kind, String reason, LocalDate until,
                          BigDecimal promisedAmount) {
        public Request {
            kind = kind == null ? null : kind.trim().toUpperCase(Locale.ROOT);
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("hold kind '" + kind + "' is not one of " + KINDS);
            }
            if (promisedAmount != null && !"PROMISE_TO_PAY".equals(kind)) {
                throw new IllegalArgumentException("a promised amount belongs to a PROMISE_TO_PAY hold, not to " + kind);
            }
            if (promisedAmount != null && promisedAmount.signum() <= 0) {
                throw new IllegalArgumentException("promised amount must be positive, got " + promisedAmount);
            }
        }
    }

    private final DataSource ds;
    private final ArWriteBack writeBack;

    /** Within the caller's transaction (an inbound reply that places it): the hold, written back; returns its id. */
    public long place(Connection c, Request r) throws SQLException {
        long id;
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO hold (debtor_id, invoice_id, kind, reason, until, promised_amount, promise_status)
                VALUES (?, ?, ?, ?, ?::date, ?, CASE WHEN ? = 'PROMISE_TO_PAY' THEN 'OPEN' END) RETURNING id""",
                r.debtorId(), r.invoiceId(), r.kind(), r.reason(), r.until(), r.promisedAmount(), r.kind()).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        writeBack.holds(c, new Long[] {id});
        return id;
    }

    public Holds(DataSource ds, ArWriteBack writeBack) {
        this.ds = ds;
        this.writeBack = writeBack;
    }

    /** Places the hold and writes it back, in one transaction; returns the hold's id. */
    public long place(Request r) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id = place(c, r);
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("placing a " + r.kind() + " hold on debtor " + r.debtorId() + " failed: "
                    + ArSource.firstLine(e), e);
        }
    }
}
