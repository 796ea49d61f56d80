package org.arrears.compliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.arrears.ar.ArSource;
import org.arrears.ar.Holds;
import org.arrears.db.Sql;
import org.arrears.outreach.MessageLifecycle;
import org.arrears.util.Sha256;

/**
 * An erasure request for one debtor (COMPLIANCE R40, GDPR Art 17).
 *
 * <p>With an open balance or a legal or dispute hold in force, the law keeps the data (Art 17(3)(b), (e)): processing is
 * restricted instead (Art 18): a DO_NOT_CONTACT hold stops all outreach and nothing is removed. Otherwise the debtor's
 * personal data is removed or pseudonymised in every hub table: the name (the hub's own debtor table), the postal
 * code and attorney contact, every contact point's address (replaced by {@code erased:} and the row's id), the rendered
 * messages, the provider's answers and errors, the history details, the inbound mail and texts' content, the
 * payer's name, account and remittance text on payments, the learnt bank accounts, task texts, hold reasons, and the
 * name and addresses wherever a bank file's report quotes them. Kept, as retention requires (R22): amounts, dates,
 * that a message was sent and the gate's decision, holds and flags, and every opt-out, whose address is kept as a hash
 * in {@code suppressed_address} so that it stays suppressed when it comes back. Each request writes a
 * {@code data_protection_log} row naming the debtor by id and the counts.
 */
public final class Erasure {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What became of the request. */
    public enum Outcome {
        ERASED, RESTRICTED, NOT_FOUND
    }

    /** The outcome, why (for a restriction), and the rows changed per table (or, in a dry run, that would be). */
    public record Report(long debtorId, Outcome outcome, String reason, boolean dryRun, Map<String, Integer> changed) {
        public String line() {
            StringBuilder b = new StringBuilder("debtor ").append(debtorId).append(": ");
            b.append(switch (outcome) {
                case ERASED -> dryRun ? "would be erased" : "erased";
                case RESTRICTED -> (dryRun ? "would be restricted, not erased: " : "restricted, not erased: ") + reason;
                case NOT_FOUND -> "no such debtor in the hub's tables";
            });
            changed.forEach((table, n) -> b.append(' ').append(table).append('=').append(n));
            return b.append(dryRun ? " (dry run, nothing changed)" : "").toString();
        }
    }

    private final DataSource ds;
    private final ArSource ar;
    private final Holds holds;

    public Erasure(DataSource ds, ArSource ar, Holds holds) {
        this.ds = ds;
        this.ar = ar;
        this.holds = holds;
    }

    /** The hash under which an address stays suppressed: SHA-256 of its lower-cased UTF-8 bytes, in hex. */
    public static String addressHash(String address) {
        return Sha256.hex(address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }

    public Report erase(long debtorId, boolean dryRun) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Report r = erase(c, debtorId, dryRun);
                if (dryRun) {
                    c.rollback();
                } else {
                    c.commit();
                }
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Report erase(Connection c, long debtorId, boolean dryRun) throws SQLException {
        // one request at a time per debtor, and none while the debtor's rows change under it
        exec(c, new Sql().append("SELECT pg_advisory_xact_lock(hashtext('arrears-erasure'), ?::int)", (int) debtorId));
        String name = string(c, new Sql().append("SELECT name FROM debtor WHERE id = ?", debtorId));
        boolean known = name != null || count(c, new Sql().append(
                "SELECT count(*) FROM contact_point WHERE debtor_id = ?", debtorId)) > 0
                || count(c, new Sql().append("SELECT count(*) FROM communication WHERE debtor_id = ?", debtorId)) > 0;
        Map<String, Integer> changed = new LinkedHashMap<>();
        if (!known) {
            return new Report(debtorId, Outcome.NOT_FOUND, null, dryRun, changed);
        }
        String restriction = restriction(c, debtorId);
        if (restriction != null) {
            boolean held = count(c, new Sql().append("""
                    SELECT count(*) FROM hold WHERE debtor_id = ? AND invoice_id IS NULL AND kind = 'DO_NOT_CONTACT'
                      AND released_at IS NULL""", debtorId)) > 0;
            if (!held) {
                holds.place(c, new Holds.Request(debtorId, null, "DO_NOT_CONTACT", "erasure requested: processing "
                        + "restricted (" + restriction + ")", null, null));
            }
            changed.put("hold", held ? 0 : 1);
            log(c, "RESTRICT", debtorId, restriction, changed);
            return new Report(debtorId, Outcome.RESTRICTED, restriction, dryRun, changed);
        }

        List<String> quoted = new ArrayList<>();
        if (name != null && !name.isBlank()) {
            quoted.add(name);
        }
        int suppressed = 0;
        int points = 0;
        try (PreparedStatement ps = new Sql().append("""
                SELECT id, channel, address, opted_out_at FROM contact_point
                WHERE debtor_id = ? AND address NOT LIKE 'erased:%'""", debtorId).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, java.time.OffsetDateTime.class)});
            }
            for (Object[] row : rows) {
                String address = (String) row[2];
                String hash = addressHash(address);
                quoted.add(address);
                if (row[3] != null) {
                    suppressed += exec(c, new Sql().append("""
                            INSERT INTO suppressed_address (channel, address_sha256, opted_out_at) VALUES (?, ?, ?)
                            ON CONFLICT (channel, address_sha256) DO NOTHING""", row[1], hash, row[3]));
                }
                points += exec(c, new Sql().append("UPDATE contact_point SET address = ? WHERE id = ?",
                        "erased:" + row[0], row[0]));
            }
        }
        changed.put("contact_point", points);
        changed.put("suppressed_address", suppressed);
        changed.put("debtor", exec(c, new Sql().append("""
                UPDATE debtor SET name = ?, postal_code = NULL, attorney_contact = NULL, phone_area_codes = '{}'
                WHERE id = ?""", "(erased " + debtorId + ")", debtorId)));
        int[] messages = MessageLifecycle.erase(c, debtorId);
        changed.put("communication", messages[0]);
        changed.put("communication_event", messages[1]);
        changed.put("inbound_event", exec(c, new Sql().append("""
                UPDATE inbound_event SET payload = jsonb_build_object('kind', payload->'kind', 'erased', true)
                WHERE debtor_id = ? OR communication_id IN (SELECT id FROM communication WHERE debtor_id = ?)""",
                debtorId, debtorId)));
        changed.put("payment", exec(c, new Sql().append("""
                UPDATE payment SET payer_name = NULL, payer_account = NULL, remittance = NULL WHERE debtor_id = ?""",
                debtorId)));
        changed.put("debtor_bank_account", exec(c, new Sql().append(
                "DELETE FROM debtor_bank_account WHERE debtor_id = ?", debtorId)));
        changed.put("task", exec(c, new Sql().append(
                "UPDATE task SET title = kind || ' (erased)', detail = NULL WHERE debtor_id = ?", debtorId)));
        changed.put("hold", exec(c, new Sql().append(
                "UPDATE hold SET reason = NULL WHERE debtor_id = ? AND reason IS NOT NULL", debtorId)));
        int reports = 0;
        for (String q : quoted) {
            reports += exec(c, new Sql().append("""
                    UPDATE bank_file SET report = replace(report::text, ?, '(erased)')::jsonb,
                           error = replace(error, ?, '(erased)')
                    WHERE strpos(report::text, ?) > 0 OR strpos(error, ?) > 0""", q, q, q, q));
        }
        changed.put("bank_file", reports);
        log(c, "ERASE", debtorId, null, changed);
        return new Report(debtorId, Outcome.ERASED, null, dryRun, changed);
    }

    /** Why the data must be kept (R40), or null when it may be erased. */
    private String restriction(Connection c, long debtorId) throws SQLException {
        BigDecimal open;
        try (PreparedStatement ps = new Sql().append("SELECT coalesce(sum(open_amount), 0) FROM " + ar.invoiceRelation()
                + " i WHERE i.debtor_id = ?", debtorId).prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            open = rs.getBigDecimal(1);
        }
        if (open.signum() > 0) {
            return "open balance " + open.toPlainString();
        }
        String hold = string(c, new Sql().append("""
                SELECT string_agg(DISTINCT kind, ', ' ORDER BY kind) FROM hold
                WHERE debtor_id = ? AND kind IN ('LEGAL', 'DISPUTE') AND released_at IS NULL
                  AND (until IS NULL OR until >= current_date)""", debtorId));
        return hold == null ? null : "hold in force: " + hold;
    }

    private static void log(Connection c, String action, long debtorId, String reason, Map<String, Integer> changed)
            throws SQLException {
        ObjectNode detail = JSON.createObjectNode();
        if (reason != null) {
            detail.put("reason", reason);
        }
        changed.forEach(detail::put);
        exec(c, new Sql().append("INSERT INTO data_protection_log (action, debtor_id, detail) VALUES (?, ?, ?::jsonb)",
                action, debtorId, detail.toString()));
    }

    private static int exec(Connection c, Sql sql) throws SQLException {
        try (PreparedStatement ps = sql.prepare(c)) {
            if (ps.execute()) {
                return 0;
            }
            return ps.getUpdateCount();
        }
    }

    private static long count(Connection c, Sql sql) throws SQLException {
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String string(Connection c, Sql sql) throws SQLException {
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
