package org.arrears.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.arrears.ar.CreditorReference;

/** Writes small, exact AR books for tests: one debtor, its contact points, invoices and holds at a time. */
public final class TestBook {

    private final DataSource ds;
    private int invoiceSeq;

    public TestBook(DataSource ds) {
        this.ds = ds;
    }

    /** A consumer in a known zone with a usable email address; returns the debtor id. */
    public long consumer(String name, String zone, String jurisdiction, String email) {
        return debtor(name, "B2C", "en", zone, jurisdiction, email);
    }

    public long debtor(String name, String kind, String locale, String zone, String jurisdiction, String email) {
        long id = queryLong("INSERT INTO debtor (name, kind, locale, time_zone, jurisdiction) VALUES (?, ?, ?, ?, ?) RETURNING id",
                name, kind, locale, zone, jurisdiction);
        if (email != null) {
            emailAddress(id, email, "CONSUMER_USED", false);
        }
        return id;
    }

    public long emailAddress(long debtorId, String email, String consentSource, boolean workEmail) {
        return queryLong("""
                INSERT INTO contact_point (debtor_id, channel, address, consent_source, consent_at, work_email, quality)
                VALUES (?, 'email', ?, ?, now() - interval '400 days', ?, 'GOOD') RETURNING id""",
                debtorId, email, consentSource, workEmail);
    }

    /** A phone number for texts, with the consent source given (null: none on record); returns the contact point id. */
    public long phone(long debtorId, String number, String consentSource) {
        return queryLong("""
                INSERT INTO contact_point (debtor_id, channel, address, consent_source, consent_at, quality)
                VALUES (?, 'sms', ?, ?, CASE WHEN ?::text IS NULL THEN NULL ELSE now() - interval '10 days' END, 'UNKNOWN')
                RETURNING id""", debtorId, number, consentSource, consentSource);
    }

    /** A postal address (lines separated by newlines); returns the contact point id. */
    public long postal(long debtorId, String lines) {
        return queryLong("""
                INSERT INTO contact_point (debtor_id, channel, address, consent_source, quality)
                VALUES (?, 'letter', ?, 'CREDITOR_FILE', 'UNKNOWN') RETURNING id""", debtorId, lines);
    }

    /** An open invoice due on the date; returns its id. */
    public long invoice(long debtorId, String currency, String amount, LocalDate due) {
        invoiceSeq++;
        String number = "INV-T" + debtorId + "-" + invoiceSeq;
        return queryLong("""
                INSERT INTO invoice (debtor_id, invoice_number, currency, issue_date, due_date, amount, open_amount, payment_reference)
                VALUES (?, ?, ?, ?, ?, ?::numeric, ?::numeric, ?) RETURNING id""",
                debtorId, number, currency, due.minusDays(30), due, amount, amount,
                CreditorReference.create("T" + debtorId + "X" + invoiceSeq));
    }

    public String invoiceNumber(long invoiceId) {
        return queryString("SELECT invoice_number FROM invoice WHERE id = ?", invoiceId);
    }

    public void pay(long invoiceId, String amount) {
        execute("UPDATE invoice SET open_amount = open_amount - ?::numeric WHERE id = ?", amount, invoiceId);
    }

    public void hold(long debtorId, Long invoiceId, String kind, LocalDate until) {
        execute("INSERT INTO hold (debtor_id, invoice_id, kind, reason, until) VALUES (?, ?, ?, 'test', ?)",
                debtorId, invoiceId, kind, until);
    }

    public void execute(String sql, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = prepare(c, sql, params)) {
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public long queryLong(String sql, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public String queryString(String sql, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public byte[] queryBytes(String sql, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Each row's columns joined with '|', in query order. */
    public List<String> rows(String sql, Object... params) {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) {
                        b.append('|');
                    }
                    b.append(rs.getString(i));
                }
                out.add(b.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof LocalDate d) {
                ps.setObject(i + 1, d);
            } else if (p instanceof BigDecimal b) {
                ps.setBigDecimal(i + 1, b);
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }
}
