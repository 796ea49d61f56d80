package org.arrears.ar;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Arrays;
import javax.sql.DataSource;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.db.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the hub's outcomes back to the AR database through statements the administrator configures, each run in
 * the transaction of the outcome it reports, over a temporary table of the new rows:
 *
 * <table>
 * <tr><th>setting</th><th>runs when</th><th>temporary tables</th></tr>
 * <tr><td>{@code arrears.ar.write-back.payments}</td><td>a bank file is posted</td><td>new_payments, new_allocations</td></tr>
 * <tr><td>{@code arrears.ar.write-back.allocations}</td><td>a bank file is posted</td><td>new_payments, new_allocations</td></tr>
 * <tr><td>{@code arrears.ar.write-back.contact-history}</td><td>a dispatch batch is recorded</td><td>new_contacts</td></tr>
 * <tr><td>{@code arrears.ar.write-back.holds}</td><td>holds are placed</td><td>new_holds</td></tr>
 * </table>
 *
 * The columns of each table are the SELECT lists below (README, "The AR contract"). A failing payments, allocations
 * or holds statement fails the outcome (the bank file is not posted, the hold is not placed). A failing
 * contact-history statement does not undo the record of messages already sent, which would send them again: it is
 * rolled back alone, logged, and a WRITE_BACK task names the messages.
 */
public final class ArWriteBack {

    private static final Logger LOG = LoggerFactory.getLogger(ArWriteBack.class);

    public static final String PAYMENTS_KEY = "arrears.ar.write-back.payments";
    public static final String ALLOCATIONS_KEY = "arrears.ar.write-back.allocations";
    public static final String CONTACT_HISTORY_KEY = "arrears.ar.write-back.contact-history";
    public static final String HOLDS_KEY = "arrears.ar.write-back.holds";

    /** No write-back at all (the default installation: the hub's own tables are the AR database). */
    public static final ArWriteBack NONE = new ArWriteBack(null, null, null, null, "");

    /** A bank file's payment rows; %s is the filter. */
    static final String NEW_PAYMENTS = """
            SELECT p.id AS payment_id, p.bank_file_id, p.entry_no, p.debtor_id, p.amount, p.currency, p.booking_date,
                   p.value_date, p.bank_reference, p.end_to_end_id, p.payer_name, p.payer_account, p.remittance,
                   p.structured_reference AS reference, p.match_method, p.status, p.suspense_reason, p.return_reason,
                   p.reverses_payment_id
            FROM payment p WHERE %s""";
    /** A bank file's allocations to invoices (negative for what a return takes back), with their payment's data. */
    static final String NEW_ALLOCATIONS = """
            SELECT a.id AS allocation_id, a.payment_id, a.invoice_id, p.debtor_id, a.amount, p.currency, p.booking_date,
                   p.value_date, p.structured_reference AS reference, p.match_method, p.bank_reference
            FROM allocation a JOIN payment p ON p.id = a.payment_id WHERE %s""";
    /** Messages just recorded as sent. */
    static final String NEW_CONTACTS = """
            SELECT c.id AS communication_id, c.debtor_id, c.channel, c.address, c.contact_point_id, c.policy_code,
                   c.step_code, c.template, c.currency, c.total_amount, c.sent_at, c.provider_message_id,
                   c.content_sha256,
                   ARRAY(SELECT ci.invoice_id FROM communication_invoice ci WHERE ci.communication_id = c.id
                         ORDER BY ci.invoice_id) AS invoice_ids
            FROM communication c WHERE %s""";
    /** Holds just placed. */
    static final String NEW_HOLDS = """
            SELECT h.id AS hold_id, h.debtor_id, h.invoice_id, h.kind, h.reason, h.until, h.promised_amount,
                   h.promise_status, h.created_at
            FROM hold h WHERE %s""";

    private final String payments;
    private final String allocations;
    private final String contactHistory;
    private final String holds;
    private final String origin;

    ArWriteBack(String payments, String allocations, String contactHistory, String holds, String origin) {
        this.payments = payments;
        this.allocations = allocations;
        this.contactHistory = contactHistory;
        this.holds = holds;
        this.origin = origin;
    }

    public static ArWriteBack from(Settings s) {
        return new ArWriteBack(s.get(PAYMENTS_KEY), s.get(ALLOCATIONS_KEY), s.get(CONTACT_HISTORY_KEY), s.get(HOLDS_KEY),
                s.origin());
    }

    /**
     * Runs each configured statement once over empty temporary tables, in a transaction that is rolled back, so a
     * typo or a wrong column stops startup naming the setting.
     */
    public void verify(DataSource ds) {
        check(ds, PAYMENTS_KEY, payments);
        check(ds, ALLOCATIONS_KEY, allocations);
        check(ds, CONTACT_HISTORY_KEY, contactHistory);
        check(ds, HOLDS_KEY, holds);
    }

    private void check(DataSource ds, String key, String statement) {
        if (statement == null) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                switch (key) {
                    case PAYMENTS_KEY, ALLOCATIONS_KEY -> {
                        stage(c, "new_payments", NEW_PAYMENTS, "false");
                        stage(c, "new_allocations", NEW_ALLOCATIONS, "false");
                    }
                    case CONTACT_HISTORY_KEY -> stage(c, "new_contacts", NEW_CONTACTS, "false");
                    default -> stage(c, "new_holds", NEW_HOLDS, "false");
                }
                run(c, statement);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new ConfigException(origin + ": setting '" + key + "' is not a statement the database accepts over its "
                    + "temporary tables (README, \"The AR contract\"): " + ArSource.firstLine(e), e);
        }
    }

    /** Whether any statement is configured for the outcome. */
    public boolean writesPayments() {
        return payments != null || allocations != null;
    }

    /**
     * A posted bank file's payments and allocations (the poster calls this last in the file's transaction); a
     * failing statement fails the posting, naming the setting.
     */
    public void payments(Connection c, long bankFileId) throws SQLException {
        if (!writesPayments()) {
            return;
        }
        stage(c, "new_payments", NEW_PAYMENTS, "p.bank_file_id = ?", bankFileId);
        stage(c, "new_allocations", NEW_ALLOCATIONS, "a.bank_file_id = ?", bankFileId);
        runNamed(c, PAYMENTS_KEY, payments);
        runNamed(c, ALLOCATIONS_KEY, allocations);
        drop(c, "new_payments", "new_allocations");
    }

    /**
     * The messages of one dispatch record, as contact history (called just before that record commits). A failure
     * is rolled back alone: the messages stay recorded as sent, the error is logged, and a WRITE_BACK task names them.
     */
    public void contactHistory(Connection c, Long[] communicationIds) throws SQLException {
        if (contactHistory == null || communicationIds.length == 0) {
            return;
        }
        Savepoint sp = c.setSavepoint();
        try {
            stage(c, "new_contacts", NEW_CONTACTS, "c.id = ANY(?) AND c.status IN ('SENT', 'DELIVERED')", (Object) communicationIds);
            run(c, contactHistory);
            drop(c, "new_contacts");
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            c.rollback(sp);
            String problem = ArSource.firstLine(e);
            LOG.error("{} failed for {} sent messages (they stay recorded as sent; a WRITE_BACK task names them): {}",
                    CONTACT_HISTORY_KEY, communicationIds.length, problem);
            try (PreparedStatement ps = new Sql().append("""
                    INSERT INTO task (kind, title, detail)
                    VALUES ('WRITE_BACK', 'Contact history was not written back to the AR database', ?)""",
                    CONTACT_HISTORY_KEY + " failed for communications " + Arrays.toString(communicationIds) + ": " + problem)
                    .prepare(c)) {
                ps.executeUpdate();
            }
        }
    }

    /** Holds just placed (the caller's transaction); a failing statement fails the placement, naming the setting. */
    public void holds(Connection c, Long[] holdIds) throws SQLException {
        if (holds == null || holdIds.length == 0) {
            return;
        }
        stage(c, "new_holds", NEW_HOLDS, "h.id = ANY(?)", (Object) holdIds);
        runNamed(c, HOLDS_KEY, holds);
        drop(c, "new_holds");
    }

    /** Creates the temporary table with the SELECT's columns, then fills it with the rows the filter selects. */
    private static void stage(Connection c, String table, String select, String filter, Object... params) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE " + table + " ON COMMIT DROP AS " + select.formatted("false") + " WITH NO DATA");
        }
        if (!"false".equals(filter)) {
            try (PreparedStatement ps = new Sql().append("INSERT INTO " + table + " " + select.formatted(filter), params).prepare(c)) {
                ps.executeUpdate();
            }
        }
    }

    private static void drop(Connection c, String... tables) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + String.join(", ", tables));
        }
    }

    private static void runNamed(Connection c, String key, String statement) throws SQLException {
        if (statement == null) {
            return;
        }
        try {
            run(c, statement);
        } catch (SQLException e) {
            throw new SQLException(key + " failed: " + ArSource.firstLine(e), e.getSQLState(), e);
        }
    }

    private static void run(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
