package org.arrears.payments;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arrears.ar.ArSource;
import org.arrears.ar.ArWriteBack;
import org.arrears.db.Sql;
import org.arrears.outreach.MessageLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches and posts the entries of one bank file, staged in {@code pay_stage} by {@link StagingWriter}, with a
 * handful of set-based statements on the caller's connection and inside the caller's transaction: nothing here
 * commits, so a file is posted whole or not at all.
 *
 * <p>Every money-in entry is matched in this order, and the payment row records how ({@code match_method}):
 * <ol>
 * <li>{@code REFERENCE}: the RF reference (check digits verified) is an invoice's {@code payment_reference};</li>
 * <li>{@code INVOICE_NUMBER}: the remittance text names invoices of one debtor ({@link InvoiceNumbers}); a short
 * number only when the amount equals the invoice's or the payer is its debtor;</li>
 * <li>{@code ACCOUNT_AMOUNT} or {@code NAME_AMOUNT}: the payer's account (learnt from earlier payments, see
 * {@code debtor_bank_account}) or name identifies one debtor, and the amount equals one of its open undisputed
 * invoices or the oldest-first run of them.</li>
 * </ol>
 * Anything else, anything ambiguous and any currency mismatch goes to suspense: one task per file lists its entries
 * in suspense for a specialist.
 *
 * <p>Creditors: a statement's account belongs to one creditor ({@link #withAccounts}; an account no creditor
 * lists belongs to the default creditor), and every match above looks only at that creditor's invoices, debtors and
 * learnt accounts, so a payment never settles another creditor's invoice: with another creditor's invoice number or
 * reference it goes to suspense, on its own creditor's suspense task.
 *
 * <p>An entry seen before posts nothing: by its bank reference on the statement account, or, without a bank
 * reference, by its content fingerprint ({@link #FINGERPRINTS}).
 *
 * <p>Allocation: to the invoices the payment referenced first (oldest first among them), then to the debtor's
 * other open invoices in the same currency, oldest first, except disputed ones; what is left is a credit on the
 * debtor, and one task per file lists the credits. A payment applied to a disputed invoice (only one that names it)
 * raises a task. Payments in one file are applied in file order: when two pay the same invoice, the first comes
 * first. Partial payments leave the rest open.
 *
 * <p>Returns and reversals (money out with a return reason, or with the end-to-end id of a payment received) find
 * the payment they undo, re-open what it paid, take back its credit, mark it RETURNED and create a task.
 * Planned or deferred messages whose invoices are all paid are cancelled; a promise to pay is marked kept when
 * the debtor's payments since the promise, up to its date plus a grace period, cover the promised amount.
 */
public final class PaymentPoster {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentPoster.class);

    /** Advisory lock key: posting is serialized across hub instances (parsing and staging are not). */
    static final long POSTING_LOCK = 0x4172726561727350L;

    private static final String LIVE = "('MATCHED', 'PARTIAL', 'CREDIT')";

    /** True for an invoice {@code i} under an open dispute of this file ({@code pay_dispute}). */
    private static final String DISPUTED = "SELECT 1 FROM pay_dispute d WHERE d.debtor_id = i.debtor_id "
            + "AND (d.invoice_id IS NULL OR d.invoice_id = i.invoice_id)";

    /** Entries a file's suspense or overpayment task lists one a line; the rest are counted. */
    static final int LISTED = 200;

    /**
     * The fingerprint of each staged entry without a bank reference: its normalized content and the how-manieth
     * entry of that content it is in the file (SQL functions {@code entry_content} and {@code entry_fingerprint},
     * migration V7, which gave payments posted before it theirs with the same functions).
     */
    static final String FINGERPRINTS = """
            SELECT entry_no, entry_fingerprint(content, row_number() OVER (PARTITION BY content ORDER BY entry_no))
                             AS fingerprint
            FROM (SELECT entry_no, entry_content(account, booking_date, amount, currency, payer_account, payer_name,
                                                 remittance) AS content
                  FROM pay_stage WHERE bank_reference IS NULL) c""";

    private final String invoices;
    private final String debtors;
    private final String invoiceTarget;
    private final int promiseGraceDays;
    private final ArWriteBack writeBack;
    /** Statement accounts (upper case, letters and digits) by creditor id; empty: every account the default's. */
    private Map<String, Long> accounts = Map.of();

    /**
     * @param ar               the AR contract sources the poster reads
     * @param invoiceTarget    an updatable relation with the invoice source's {@code invoice_id} and
     *                         {@code open_amount} columns, through which open amounts are written back; null when
     *                         none is configured (then nothing can be posted)
     * @param promiseGraceDays days after a promise's date a payment still keeps it
     */
    public PaymentPoster(ArSource ar, String invoiceTarget, int promiseGraceDays) {
        this.invoices = ar.invoices();
        this.debtors = ar.debtors();
        this.invoiceTarget = invoiceTarget;
        this.promiseGraceDays = promiseGraceDays;
        this.writeBack = ar.writeBack();
    }

    /** Assigns the statements on these accounts (IBANs or account numbers) to these creditor ids. */
    public PaymentPoster withAccounts(Map<String, Long> accountsByKey) {
        this.accounts = Map.copyOf(accountsByKey);
        return this;
    }

    /** Throws when posting is not configured (no relation to write open amounts to). */
    void checkReady() {
        if (invoiceTarget == null) {
            throw new IllegalStateException("payments cannot be posted: the invoice source is a query, so "
                    + "arrears.payments.invoice-target must name a table or updatable view with invoice_id and open_amount");
        }
    }

    /** Takes the posting lock for the rest of the transaction. */
    static void lock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, POSTING_LOCK);
            ps.executeQuery().close();
        }
    }

    /** Matches and posts the staged entries as bank file {@code bankFileId}; returns the file's report. */
    PostingReport post(Connection c, long bankFileId, PostingReport report) throws SQLException {
        String sequence;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_get_serial_sequence('payment', 'id')")) {
            rs.next();
            sequence = rs.getString(1).replace("'", "''");
        }
        // the creditors of the file's statement accounts: one (the usual file) is a constant, several a join
        java.util.Set<Long> fileCreditors = new java.util.TreeSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT upper(regexp_replace(account, '[^A-Za-z0-9]', '', 'g')) FROM pay_stage")) {
            while (rs.next()) {
                fileCreditors.add(rs.getString(1) == null ? ArSource.DEFAULT_CREDITOR
                        : accounts.getOrDefault(rs.getString(1), ArSource.DEFAULT_CREDITOR));
            }
        }
        boolean oneCreditor = fileCreditors.size() <= 1;
        String creditor = oneCreditor ? (fileCreditors.isEmpty() ? ArSource.DEFAULT_CREDITOR : fileCreditors.iterator().next()) + "::bigint"
                : "coalesce(a.creditor_id, " + ArSource.DEFAULT_CREDITOR + ")";
        if (!oneCreditor) {
            try (PreparedStatement ps = new Sql().append("""
                    CREATE TEMP TABLE pay_account ON COMMIT DROP AS
                    SELECT * FROM unnest(?::text[], ?::bigint[]) AS a(account, creditor_id)""",
                    accounts.keySet().toArray(String[]::new), accounts.values().toArray(Long[]::new)).prepare(c)) {
                ps.execute();
            }
        }
        exec(c, """
                CREATE TEMP TABLE pay_work ON COMMIT DROP AS
                -- payment ids in file order, whichever way the joins below run (a file of several creditors sorts)
                SELECT q.entry_no, nextval('%1$s') AS payment_id, q.amount, q.currency, q.creditor_id, q.kind, q.debtor_id,
                       q.method, q.inv_ids, q.inv_currency, q.found_by, q.suspense_reason, q.fingerprint
                FROM (
                SELECT s.entry_no, s.amount, s.currency, %4$s AS creditor_id,
                       CASE WHEN s.amount > 0 THEN 'CREDIT'
                            WHEN s.amount < 0 THEN CASE WHEN s.return_reason IS NULL THEN 'DEBIT' ELSE 'RETURN' END
                            WHEN s.return_reason IS NOT NULL THEN 'NOTICE'
                            ELSE 'IGNORED' END AS kind,
                       r.debtor_id,
                       CASE WHEN r.invoice_id IS NOT NULL THEN 'REFERENCE' END AS method,
                       CASE WHEN r.invoice_id IS NOT NULL THEN ARRAY[r.invoice_id] END AS inv_ids,
                       r.currency AS inv_currency,
                       NULL::text AS found_by,
                       NULL::text AS suspense_reason,
                       f.fingerprint
                FROM pay_stage s%5$s
                LEFT JOIN (SELECT upper(replace(payment_reference, ' ', '')) AS ref, creditor_id, min(invoice_id) AS invoice_id,
                                  min(debtor_id) AS debtor_id, min(currency) AS currency
                           FROM %2$s src WHERE payment_reference IS NOT NULL
                           GROUP BY 1, 2 HAVING count(*) = 1) r
                       ON s.amount > 0 AND s.rf IS NOT NULL AND r.ref = s.rf AND r.creditor_id = %4$s
                LEFT JOIN (%3$s) f ON f.entry_no = s.entry_no
                %6$s) q
                """.formatted(sequence, invoices, FINGERPRINTS, creditor, oneCreditor ? ""
                : " LEFT JOIN pay_account a ON a.account = upper(regexp_replace(s.account, '[^A-Za-z0-9]', '', 'g'))",
                oneCreditor ? "" : "ORDER BY s.entry_no"));
        if (oneCreditor && !fileCreditors.isEmpty()) {
            update(c, "UPDATE bank_file SET creditor_id = ? WHERE id = ?", fileCreditors.iterator().next(), bankFileId);
        }
        exec(c, "ANALYZE pay_work");

        // entries seen before: earlier in this file, or posted from another file (the bank's reference on the account)
        exec(c, """
                UPDATE pay_work w SET kind = 'DUPLICATE'
                FROM pay_stage s
                JOIN (SELECT coalesce(account, '') AS account, bank_reference, min(entry_no) AS first
                      FROM pay_stage WHERE bank_reference IS NOT NULL
                      GROUP BY 1, 2 HAVING count(*) > 1) d
                  ON d.account = coalesce(s.account, '') AND d.bank_reference = s.bank_reference AND s.entry_no > d.first
                WHERE w.entry_no = s.entry_no""");
        exec(c, """
                UPDATE pay_work w SET kind = 'DUPLICATE'
                FROM pay_stage s JOIN payment p
                  ON p.bank_reference = s.bank_reference AND (p.account = s.account OR (p.account IS NULL AND s.account IS NULL))
                WHERE w.entry_no = s.entry_no AND w.kind <> 'DUPLICATE'""");
        // entries without a bank reference: the same content, as the same occurrence in its file, was posted before
        if (exists(c, "SELECT 1 FROM pay_work WHERE fingerprint IS NOT NULL")) {
            exec(c, """
                    UPDATE pay_work w SET kind = 'DUPLICATE'
                    FROM payment p
                    WHERE w.fingerprint IS NOT NULL AND p.entry_fingerprint = w.fingerprint AND w.kind <> 'DUPLICATE'""");
        }

        // open disputes (COMPLIANCE R9): no payment is applied to a disputed invoice by a guess or by the oldest-first
        // spread; one the payer names is applied, with a task
        exec(c, """
                CREATE TEMP TABLE pay_dispute ON COMMIT DROP AS
                SELECT id, debtor_id, invoice_id, reason FROM hold
                WHERE kind = 'DISPUTE' AND released_at IS NULL
                  AND (until IS NULL OR until >= (SELECT coalesce(min(booking_date), current_date) FROM pay_stage))""");
        matchInvoiceNumbers(c);
        matchAccountOrName(c);
        exec(c, """
                UPDATE pay_work SET suspense_reason = 'CURRENCY: paid in ' || currency || ', invoice ' || inv_ids[1]
                                    || ' of its reference is in ' || inv_currency
                WHERE kind = 'CREDIT' AND method = 'REFERENCE' AND inv_currency <> currency""");
        exec(c, """
                UPDATE pay_work SET suspense_reason = 'UNMATCHED: no reference, invoice number, known account or name'
                                    || ' identifies the payer'
                WHERE kind = 'CREDIT' AND method IS NULL AND suspense_reason IS NULL""");

        allocate(c);
        postCredits(c, bankFileId);
        int reopened = postReturns(c, bankFileId, report);
        report.add("invoicesReopened", reopened);
        report.add("noticeTasks", update(c, """
                INSERT INTO task (kind, debtor_id, payment_id, bank_file_id, title, detail, dedupe_key)
                SELECT 'BANK_NOTICE', p.debtor_id, p.id, p.bank_file_id,
                       'Bank notification ' || coalesce(p.return_reason, '') || ' about '
                       || coalesce(p.payer_name, 'an unnamed party') || ': update the debtor''s bank details',
                       'Remittance: ' || coalesce(p.remittance, '(none)'),
                       'payment:' || p.id
                FROM payment p WHERE p.bank_file_id = ? AND p.status = 'NOTICE'
                ON CONFLICT (dedupe_key) DO NOTHING""", bankFileId));
        report.add("suspenseTasks", suspenseTask(c, bankFileId));
        report.add("creditTasks", creditTask(c, bankFileId));
        report.add("disputeTasks", disputeTasks(c, bankFileId));
        report.add("tasks", report.count("noticeTasks") + report.count("suspenseTasks") + report.count("creditTasks")
                + report.count("disputeTasks") + report.count("returnTasks"));
        report.add("communicationsCancelled", cancelPaidCommunications(c, bankFileId));
        report.add("promisesKept", promises(c, bankFileId));
        org.arrears.promises.PaymentPlans.matchFile(c, bankFileId); // payment plans' instalments (V14)
        summarize(c, bankFileId, report);
        writeBack.payments(c, bankFileId); // the ERP's statements over new_payments and new_allocations
        return report;
    }

    /** Invoice numbers in the remittance text of entries no reference matched. */
    private void matchInvoiceNumbers(Connection c) throws SQLException {
        if (!exists(c, """
                SELECT 1 FROM pay_work w JOIN pay_stage s USING (entry_no)
                WHERE w.kind = 'CREDIT' AND w.method IS NULL AND s.inv_keys IS NOT NULL""")) {
            return;
        }
        exec(c, """
                WITH c AS (
                    SELECT w.entry_no, w.currency, w.amount, w.creditor_id, s.payer_account_key, s.payer_name_key, k.key
                    FROM pay_work w JOIN pay_stage s USING (entry_no) CROSS JOIN LATERAL unnest(s.inv_keys) AS k(key)
                    WHERE w.kind = 'CREDIT' AND w.method IS NULL AND s.inv_keys IS NOT NULL
                ), hit AS (
                    SELECT c.entry_no, c.currency AS paid_currency, c.key, i.invoice_id, i.debtor_id, i.currency
                    FROM c JOIN (SELECT invoice_id, debtor_id, creditor_id, currency, amount, open_amount, %2$s AS key
                                 FROM %1$s src) i ON i.key = c.key AND i.creditor_id = c.creditor_id
                    -- a short number counts only when the amount is the invoice's or the payer is its debtor
                    WHERE length(c.key) >= %4$d
                       OR i.currency = c.currency AND c.amount IN (i.open_amount, i.amount)
                       OR EXISTS (SELECT 1 FROM debtor_bank_account b
                                  WHERE b.account = c.payer_account_key AND b.debtor_id = i.debtor_id)
                       OR EXISTS (SELECT 1 FROM %3$s d WHERE d.debtor_id = i.debtor_id AND %5$s = c.payer_name_key)
                ), best AS (
                    SELECT h.* FROM hit h
                    WHERE NOT EXISTS (SELECT 1 FROM hit l WHERE l.entry_no = h.entry_no
                                      AND length(l.key) > length(h.key) AND strpos(l.key, h.key) > 0)
                ), agg AS (
                    SELECT entry_no, count(DISTINCT debtor_id) AS debtors, min(debtor_id) AS debtor_id,
                           array_agg(DISTINCT invoice_id) FILTER (WHERE currency = paid_currency) AS same,
                           min(currency) AS other_currency
                    FROM best GROUP BY entry_no
                )
                UPDATE pay_work w SET
                    debtor_id = CASE WHEN a.debtors = 1 THEN a.debtor_id END,
                    method = CASE WHEN a.debtors = 1 AND a.same IS NOT NULL THEN 'INVOICE_NUMBER' END,
                    inv_ids = CASE WHEN a.debtors = 1 THEN a.same END,
                    suspense_reason = CASE
                        WHEN a.debtors > 1 THEN 'AMBIGUOUS: the remittance names invoices of ' || a.debtors || ' debtors'
                        WHEN a.same IS NULL THEN 'CURRENCY: paid in ' || w.currency || ', the invoices named are in '
                                                 || a.other_currency END
                FROM agg a WHERE w.entry_no = a.entry_no""".formatted(invoices,
                InvoiceNumbers.SQL_KEY.formatted("invoice_number"), debtors, InvoiceNumbers.MIN_KEY,
                StagingWriter.SQL_ALNUM_UPPER.formatted("d.name")));
    }

    /** The payer's known account, else its name, identifies a debtor; the amount must then equal open invoices. */
    private void matchAccountOrName(Connection c) throws SQLException {
        String open = "w.kind = 'CREDIT' AND w.method IS NULL AND w.suspense_reason IS NULL";
        if (!exists(c, "SELECT 1 FROM pay_work w WHERE " + open)) {
            return;
        }
        exec(c, """
                WITH a AS (
                    SELECT w.entry_no, count(DISTINCT b.debtor_id) AS n, min(b.debtor_id) AS debtor_id
                    FROM pay_work w JOIN pay_stage s USING (entry_no)
                    JOIN debtor_bank_account b ON b.account = s.payer_account_key
                    JOIN %s bd ON bd.debtor_id = b.debtor_id AND bd.creditor_id = w.creditor_id
                    WHERE %s
                    GROUP BY w.entry_no)
                UPDATE pay_work w SET debtor_id = CASE WHEN a.n = 1 THEN a.debtor_id END,
                                      found_by = CASE WHEN a.n = 1 THEN 'ACCOUNT' END,
                                      suspense_reason = CASE WHEN a.n > 1 THEN
                                          'AMBIGUOUS: the payer''s account is known for ' || a.n || ' debtors' END
                FROM a WHERE w.entry_no = a.entry_no""".formatted(debtors, open));
        exec(c, """
                WITH names AS (
                    SELECT debtor_id, creditor_id, %2$s AS key FROM %1$s src
                    UNION
                    SELECT b.debtor_id, bd.creditor_id, %3$s FROM debtor_bank_account b
                    JOIN %1$s bd ON bd.debtor_id = b.debtor_id WHERE b.payer_name IS NOT NULL
                ), a AS (
                    SELECT w.entry_no, count(DISTINCT n.debtor_id) AS n, min(n.debtor_id) AS debtor_id
                    FROM pay_work w JOIN pay_stage s USING (entry_no)
                    JOIN names n ON n.key = s.payer_name_key AND n.creditor_id = w.creditor_id
                    WHERE %4$s AND w.found_by IS NULL
                    GROUP BY w.entry_no)
                UPDATE pay_work w SET debtor_id = CASE WHEN a.n = 1 THEN a.debtor_id END,
                                      found_by = CASE WHEN a.n = 1 THEN 'NAME' END,
                                      suspense_reason = CASE WHEN a.n > 1 THEN
                                          'AMBIGUOUS: ' || a.n || ' debtors have the payer''s name' END
                FROM a WHERE w.entry_no = a.entry_no""".formatted(debtors,
                StagingWriter.SQL_ALNUM_UPPER.formatted("name"), StagingWriter.SQL_ALNUM_UPPER.formatted("b.payer_name"),
                open));
        exec(c, """
                WITH cand AS (
                    SELECT w.entry_no, w.amount, i.invoice_id, i.open_amount,
                           sum(i.open_amount) OVER (PARTITION BY w.entry_no ORDER BY i.due_date, i.invoice_id) AS running
                    FROM pay_work w
                    JOIN %1$s i ON i.debtor_id = w.debtor_id AND i.currency = w.currency AND i.open_amount > 0
                         AND NOT EXISTS (%3$s)
                    WHERE %2$s AND w.found_by IS NOT NULL
                ), single AS (
                    SELECT entry_no, count(*) AS n, min(invoice_id) AS invoice_id FROM cand WHERE open_amount = amount
                    GROUP BY entry_no
                ), run AS (
                    SELECT c.entry_no, array_agg(c.invoice_id ORDER BY c.running) AS ids
                    FROM cand c JOIN cand e ON e.entry_no = c.entry_no AND e.running = e.amount AND c.running <= e.running
                    GROUP BY c.entry_no
                ), decided AS (
                    SELECT w.entry_no,
                           CASE WHEN s.n = 1 THEN ARRAY[s.invoice_id] WHEN s.n IS NULL THEN r.ids END AS ids,
                           CASE WHEN s.n > 1 THEN 'AMBIGUOUS: ' || s.n || ' open invoices of the debtor are of the amount paid'
                                WHEN s.n IS NULL AND r.ids IS NULL THEN 'UNMATCHED: the debtor is known by '
                                     || lower(w.found_by) || ', but the amount equals no open invoice or oldest-first run of them'
                           END AS reason
                    FROM pay_work w LEFT JOIN single s USING (entry_no) LEFT JOIN run r USING (entry_no)
                    WHERE %2$s AND w.found_by IS NOT NULL
                )
                UPDATE pay_work w SET inv_ids = d.ids, suspense_reason = d.reason,
                                      method = CASE WHEN d.ids IS NOT NULL THEN w.found_by || '_AMOUNT' END
                FROM decided d WHERE w.entry_no = d.entry_no""".formatted(invoices, open, DISPUTED));
    }

    /**
     * Splits matched payments over invoices into {@code pay_alloc}: first each payment's referenced invoices (in
     * file order per invoice), then what is left oldest first over the debtor's open invoices.
     */
    private void allocate(Connection c) throws SQLException {
        // the payment's offer to each invoice it references: all of it to a single invoice; spread oldest first,
        // each capped at the invoice's open amount, over several
        exec(c, """
                CREATE TEMP TABLE pay_offer ON COMMIT DROP AS
                SELECT w.entry_no, w.payment_id, w.inv_ids[1] AS invoice_id, i.open_amount, least(i.open_amount, w.amount) AS offer
                FROM pay_work w JOIN %1$s i ON i.invoice_id = w.inv_ids[1]
                WHERE w.kind = 'CREDIT' AND w.suspense_reason IS NULL AND cardinality(w.inv_ids) = 1 AND i.open_amount > 0
                """.formatted(invoices));
        if (exists(c, "SELECT 1 FROM pay_work WHERE kind = 'CREDIT' AND suspense_reason IS NULL AND cardinality(inv_ids) > 1")) {
            exec(c, """
                    INSERT INTO pay_offer (entry_no, payment_id, invoice_id, open_amount, offer)
                    SELECT entry_no, payment_id, invoice_id, open_amount,
                           least(open_amount, greatest(0, amount - (sum(open_amount) OVER (PARTITION BY payment_id
                                 ORDER BY due_date, invoice_id) - open_amount)))
                    FROM (SELECT w.entry_no, w.payment_id, w.amount, r.invoice_id, i.open_amount, i.due_date
                          FROM pay_work w CROSS JOIN LATERAL unnest(w.inv_ids) AS r(invoice_id)
                          JOIN %1$s i ON i.invoice_id = r.invoice_id
                          WHERE w.kind = 'CREDIT' AND w.suspense_reason IS NULL AND cardinality(w.inv_ids) > 1
                            AND i.open_amount > 0) ref""".formatted(invoices));
        }
        exec(c, "ANALYZE pay_offer");
        // payments in file order per invoice: each takes what the earlier ones left open
        exec(c, """
                CREATE TEMP TABLE pay_alloc ON COMMIT DROP AS
                SELECT payment_id, entry_no, invoice_id, least(before + offer, open_amount) - before AS amount, 1 AS pass
                FROM (SELECT o.*, sum(offer) OVER (PARTITION BY invoice_id ORDER BY entry_no) - offer AS before
                      FROM pay_offer o WHERE offer > 0) fifo
                WHERE before < open_amount""");
        exec(c, "ANALYZE pay_alloc");
        // what the referenced invoices left of each payment: few payments, kept to spread and then to credit
        exec(c, """
                CREATE TEMP TABLE pay_rem ON COMMIT DROP AS
                WITH used AS (
                    SELECT payment_id, sum(amount) AS amount FROM pay_alloc GROUP BY payment_id
                )
                SELECT w.payment_id, w.entry_no, w.debtor_id, w.currency, w.amount - coalesce(u.amount, 0) AS remainder
                FROM pay_work w LEFT JOIN used u USING (payment_id)
                WHERE w.kind = 'CREDIT' AND w.suspense_reason IS NULL AND w.amount > coalesce(u.amount, 0)""");
        exec(c, "ANALYZE pay_rem");
        exec(c, """
                INSERT INTO pay_alloc (payment_id, entry_no, invoice_id, amount, pass)
                WITH pr AS (
                    SELECT rem.*, sum(remainder) OVER (PARTITION BY debtor_id, currency ORDER BY entry_no) AS p_end
                    FROM pay_rem rem
                ), taken AS (
                    SELECT invoice_id, sum(amount) AS amount FROM pay_alloc GROUP BY invoice_id
                ), inv AS (
                    SELECT i.invoice_id, i.debtor_id, i.currency, i.due_date, i.open_amount - coalesce(t.amount, 0) AS left_open
                    FROM %1$s i
                    JOIN (SELECT DISTINCT debtor_id, currency FROM pay_rem) d ON d.debtor_id = i.debtor_id AND d.currency = i.currency
                    LEFT JOIN taken t ON t.invoice_id = i.invoice_id
                    WHERE i.open_amount - coalesce(t.amount, 0) > 0 AND NOT EXISTS (%2$s)
                ), ir AS (
                    SELECT inv.*, sum(left_open) OVER (PARTITION BY debtor_id, currency ORDER BY due_date, invoice_id) AS i_end
                    FROM inv
                )
                SELECT pr.payment_id, pr.entry_no, ir.invoice_id,
                       least(pr.p_end, ir.i_end) - greatest(pr.p_end - pr.remainder, ir.i_end - ir.left_open), 2
                FROM pr JOIN ir ON ir.debtor_id = pr.debtor_id AND ir.currency = pr.currency
                WHERE ir.i_end - ir.left_open < pr.p_end AND pr.p_end - pr.remainder < ir.i_end""".formatted(invoices, DISPUTED));
        exec(c, """
                CREATE TEMP TABLE pay_result ON COMMIT DROP AS
                WITH final AS (
                    SELECT a.invoice_id, min(i.open_amount) - sum(a.amount) AS open_after
                    FROM pay_alloc a JOIN %1$s i ON i.invoice_id = a.invoice_id GROUP BY a.invoice_id
                )
                SELECT a.payment_id, sum(a.amount) AS allocated, bool_or(f.open_after > 0) AS left_open
                FROM pay_alloc a JOIN final f USING (invoice_id) GROUP BY a.payment_id""".formatted(invoices));
    }

    /** Inserts the money-in and notice entries, their allocations and credits, and updates open amounts. */
    private void postCredits(Connection c, long bankFileId) throws SQLException {
        update(c, """
                INSERT INTO payment (id, debtor_id, amount, currency, booking_date, value_date, bank_reference, account,
                                     end_to_end_id, payer_name, payer_account, remittance, structured_reference,
                                     match_method, bank_file_id, entry_no, status, suspense_reason, return_reason,
                                     entry_fingerprint, creditor_id)
                SELECT w.payment_id, w.debtor_id, s.amount, s.currency, s.booking_date, s.value_date, s.bank_reference,
                       s.account, s.end_to_end_id, s.payer_name, s.payer_account, s.remittance,
                       coalesce(s.structured_reference, s.rf),
                       CASE WHEN w.suspense_reason IS NULL THEN w.method END, ?, w.entry_no,
                       CASE WHEN w.kind = 'NOTICE' THEN 'NOTICE'
                            WHEN w.suspense_reason IS NOT NULL THEN 'SUSPENSE'
                            WHEN coalesce(r.allocated, 0) < w.amount THEN 'CREDIT'
                            WHEN r.left_open THEN 'PARTIAL'
                            ELSE 'MATCHED' END,
                       w.suspense_reason, s.return_reason, w.fingerprint, w.creditor_id
                FROM pay_work w JOIN pay_stage s USING (entry_no) LEFT JOIN pay_result r USING (payment_id)
                WHERE w.kind IN ('CREDIT', 'NOTICE')""", bankFileId);
        update(c, "INSERT INTO allocation (payment_id, invoice_id, amount, bank_file_id) "
                + "SELECT payment_id, invoice_id, amount, ? FROM pay_alloc WHERE amount > 0", bankFileId);
        exec(c, """
                UPDATE %s t SET open_amount = t.open_amount - a.amount
                FROM (SELECT invoice_id, sum(amount) AS amount FROM pay_alloc GROUP BY invoice_id) a
                WHERE t.invoice_id = a.invoice_id""".formatted(invoiceTarget));
        // what is still left after the debtor's other open invoices
        exec(c, """
                CREATE TEMP TABLE pay_credit ON COMMIT DROP AS
                SELECT r.debtor_id, r.currency, r.remainder - coalesce(sum(a.amount), 0) AS amount, r.payment_id
                FROM pay_rem r LEFT JOIN pay_alloc a ON a.payment_id = r.payment_id AND a.pass = 2
                GROUP BY r.payment_id, r.debtor_id, r.currency, r.remainder
                HAVING r.remainder > coalesce(sum(a.amount), 0)""");
        exec(c, "INSERT INTO debtor_credit (debtor_id, currency, amount, payment_id) "
                + "SELECT debtor_id, currency, amount, payment_id FROM pay_credit");
        // the accounts debtors pay from, learnt from payments their own references identified
        exec(c, """
                INSERT INTO debtor_bank_account (debtor_id, account, payer_name)
                SELECT w.debtor_id, s.payer_account_key, min(s.payer_name)
                FROM pay_work w JOIN pay_stage s USING (entry_no)
                WHERE w.method IN ('REFERENCE', 'INVOICE_NUMBER') AND w.suspense_reason IS NULL
                  AND length(s.payer_account_key) >= 6
                GROUP BY w.debtor_id, s.payer_account_key
                ON CONFLICT (debtor_id, account) DO NOTHING""");
    }

    /**
     * Money-out entries: a return or reversal of a payment received (by end-to-end id, or for coded returns by
     * amount and payer account) re-opens what the payment paid; other debits are recorded only. Returns the number
     * of invoices re-opened.
     */
    private int postReturns(Connection c, long bankFileId, PostingReport report) throws SQLException {
        if (!exists(c, "SELECT 1 FROM pay_work WHERE kind IN ('RETURN', 'DEBIT')")) {
            return 0;
        }
        exec(c, """
                CREATE TEMP TABLE pay_return ON COMMIT DROP AS
                WITH r AS (
                    SELECT w.payment_id AS rid, w.entry_no, w.kind, -s.amount AS amount, s.currency, s.end_to_end_id,
                           s.payer_account_key, w.creditor_id
                    FROM pay_work w JOIN pay_stage s USING (entry_no) WHERE w.kind IN ('RETURN', 'DEBIT')
                ), cand AS (
                    SELECT r.rid, r.entry_no, p.id AS pid, 1 AS rank FROM r
                    JOIN payment p ON p.end_to_end_id = r.end_to_end_id AND p.amount = r.amount AND p.currency = r.currency
                         AND p.creditor_id = r.creditor_id
                    WHERE p.status IN %2$s OR p.status = 'SUSPENSE'
                    UNION ALL
                    SELECT r.rid, r.entry_no, p.id, 2 FROM r
                    JOIN payment p ON p.amount = r.amount AND p.currency = r.currency AND %1$s = r.payer_account_key
                         AND p.creditor_id = r.creditor_id
                    WHERE r.kind = 'RETURN' AND (p.status IN %2$s OR p.status = 'SUSPENSE')
                ), best AS (
                    SELECT DISTINCT ON (rid) rid, entry_no, pid, rank FROM cand ORDER BY rid, rank, pid DESC
                ), paired AS (
                    SELECT rid, pid, rank FROM (SELECT best.*, row_number() OVER (PARTITION BY pid ORDER BY entry_no) AS n
                                                FROM best) b WHERE n = 1
                )
                SELECT r.rid, r.kind, p.pid, CASE p.rank WHEN 1 THEN 'END_TO_END_ID' WHEN 2 THEN 'ACCOUNT_AMOUNT' END AS found_by
                FROM r LEFT JOIN paired p USING (rid)""".formatted(
                StagingWriter.SQL_ALNUM_UPPER.formatted("p.payer_account"), LIVE));
        update(c, """
                INSERT INTO payment (id, debtor_id, amount, currency, booking_date, value_date, bank_reference, account,
                                     end_to_end_id, payer_name, payer_account, remittance, structured_reference,
                                     match_method, bank_file_id, entry_no, status, suspense_reason, return_reason,
                                     reverses_payment_id, entry_fingerprint, creditor_id)
                SELECT w.payment_id, o.debtor_id, s.amount, s.currency, s.booking_date, s.value_date, s.bank_reference,
                       s.account, s.end_to_end_id, s.payer_name, s.payer_account, s.remittance,
                       coalesce(s.structured_reference, s.rf), r.found_by, ?, w.entry_no,
                       CASE WHEN r.pid IS NOT NULL THEN 'REVERSAL' WHEN w.kind = 'RETURN' THEN 'SUSPENSE' ELSE 'DEBIT' END,
                       CASE WHEN r.pid IS NULL AND w.kind = 'RETURN'
                            THEN 'RETURN: the payment returned was not found' END,
                       s.return_reason, r.pid, w.fingerprint, w.creditor_id
                FROM pay_work w JOIN pay_stage s USING (entry_no) JOIN pay_return r ON r.rid = w.payment_id
                LEFT JOIN payment o ON o.id = r.pid""", bankFileId);
        int reopened = update(c, """
                UPDATE %s t SET open_amount = t.open_amount + x.amount
                FROM (SELECT a.invoice_id, sum(a.amount) AS amount
                      FROM pay_return r JOIN allocation a ON a.payment_id = r.pid
                      GROUP BY a.invoice_id HAVING sum(a.amount) <> 0) x
                WHERE t.invoice_id = x.invoice_id""".formatted(invoiceTarget));
        update(c, """
                INSERT INTO allocation (payment_id, invoice_id, amount, bank_file_id)
                SELECT r.rid, a.invoice_id, -sum(a.amount), ?
                FROM pay_return r JOIN allocation a ON a.payment_id = r.pid
                GROUP BY r.rid, a.invoice_id HAVING sum(a.amount) <> 0""", bankFileId);
        exec(c, """
                INSERT INTO debtor_credit (debtor_id, currency, amount, payment_id)
                SELECT d.debtor_id, d.currency, -sum(d.amount), r.rid
                FROM pay_return r JOIN debtor_credit d ON d.payment_id = r.pid
                GROUP BY r.rid, d.debtor_id, d.currency HAVING sum(d.amount) <> 0""");
        exec(c, """
                UPDATE payment p SET status = 'RETURNED', return_reason = coalesce(s.return_reason, 'REVERSAL')
                FROM pay_return r JOIN pay_work w ON w.payment_id = r.rid JOIN pay_stage s ON s.entry_no = w.entry_no
                WHERE p.id = r.pid""");
        report.add("returnTasks", update(c, """
                INSERT INTO task (kind, debtor_id, invoice_id, payment_id, bank_file_id, title, detail, dedupe_key)
                SELECT 'PAYMENT_RETURNED', o.debtor_id,
                       (SELECT min(a.invoice_id) FROM allocation a WHERE a.payment_id = o.id),
                       r.rid, ?::bigint,
                       'Payment of ' || o.amount || ' ' || o.currency || ' from ' || coalesce(o.payer_name, 'an unnamed payer')
                       || ' was returned (' || coalesce(s.return_reason, 'reversal') || ')',
                       'Payment ' || o.id || ' was reversed by entry ' || r.rid || '; re-opened: '
                       || coalesce((SELECT string_agg(a.invoice_id || ' (' || a.amount || ')', ', ' ORDER BY a.invoice_id)
                                    FROM allocation a WHERE a.payment_id = o.id), 'nothing (it was not applied)'),
                       'payment-returned:' || r.rid
                FROM pay_return r JOIN payment o ON o.id = r.pid
                JOIN pay_work w ON w.payment_id = r.rid JOIN pay_stage s ON s.entry_no = w.entry_no
                ON CONFLICT (dedupe_key) DO NOTHING""", bankFileId));
        return reopened;
    }

    /**
     * One task for the whole file's suspense list: its entries by reason, their amounts per currency, and the first
     * {@value #LISTED} of them one a line (the rest are the file's SUSPENSE payments). Returns 1, or 0 when nothing
     * went to suspense.
     */
    private static int suspenseTask(Connection c, long bankFileId) throws SQLException {
        int n = 0;
        for (long creditor : creditorsOf(c, "SELECT DISTINCT creditor_id FROM payment WHERE bank_file_id = ? AND status = 'SUSPENSE'",
                bankFileId)) {
            n += suspenseTask(c, bankFileId, creditor);
        }
        return n;
    }

    /** The creditor ids a query over this file yields, in order. */
    private static List<Long> creditorsOf(Connection c, String query, long bankFileId) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(query + " ORDER BY 1")) {
            ps.setLong(1, bankFileId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** The suffix of a file task's dedupe key: none for the default creditor (as before creditors), else its id. */
    private static String creditorSuffix(long creditor) {
        return creditor == ArSource.DEFAULT_CREDITOR ? "" : ":creditor:" + creditor;
    }

    /** One creditor's suspense task of the file: the file's entries on that creditor's accounts. */
    private static int suspenseTask(Connection c, long bankFileId, long creditor) throws SQLException {
        return update(c, """
                WITH s AS (
                    SELECT id, entry_no, debtor_id, amount, currency, payer_name, remittance, suspense_reason
                    FROM payment WHERE bank_file_id = ? AND status = 'SUSPENSE' AND creditor_id = ?
                ), a AS (
                    SELECT count(*) AS n, count(DISTINCT debtor_id) AS debtors, count(debtor_id) AS known,
                           min(debtor_id) AS debtor_id, min(id) AS payment_id FROM s
                ), totals AS (
                    SELECT string_agg(amount || ' ' || currency, ', ' ORDER BY currency) AS amounts
                    FROM (SELECT currency, sum(amount) AS amount FROM s GROUP BY currency) t
                ), reasons AS (
                    SELECT string_agg(reason || ' ' || n, ', ' ORDER BY n DESC, reason) AS reasons
                    FROM (SELECT split_part(suspense_reason, ':', 1) AS reason, count(*) AS n FROM s GROUP BY 1) r
                ), listed AS (
                    SELECT string_agg('entry ' || entry_no || ': ' || amount || ' ' || currency || ' from '
                                      || coalesce(payer_name, 'an unnamed payer') || '. ' || suspense_reason
                                      || '. Remittance: ' || coalesce(remittance, '(none)'), E'\\n' ORDER BY entry_no) AS lines
                    FROM (SELECT * FROM s ORDER BY entry_no LIMIT %1$d) l
                )
                INSERT INTO task (kind, debtor_id, payment_id, bank_file_id, title, detail, dedupe_key, creditor_id)
                SELECT 'SUSPENSE', CASE WHEN a.debtors = 1 AND a.known = a.n THEN a.debtor_id END,
                       CASE WHEN a.n = 1 THEN a.payment_id END, f.id,
                       'Apply or return ' || a.n || CASE WHEN a.n = 1 THEN ' entry' ELSE ' entries' END
                       || ' in suspense (' || totals.amounts || ') from bank file ' || f.file_name,
                       'By reason: ' || reasons.reasons || E'.\\n' || listed.lines
                       || CASE WHEN a.n > %1$d THEN E'\\n... and ' || (a.n - %1$d) || ' more: the SUSPENSE payments of bank file '
                                                    || f.id ELSE '' END,
                       'suspense:bank-file:' || f.id || ?::text, ?::bigint
                FROM a, totals, reasons, listed, bank_file f
                WHERE f.id = ? AND a.n > 0
                ON CONFLICT (dedupe_key) DO NOTHING""".formatted(LISTED), bankFileId, creditor, creditorSuffix(creditor),
                creditor, bankFileId);
    }

    /**
     * One task for the file's overpayments, each now a credit on its debtor: to refund or to keep. Returns 1, or 0
     * when the file overpaid nothing.
     */
    private static int creditTask(Connection c, long bankFileId) throws SQLException {
        int n = 0;
        for (long creditor : creditorsOf(c, "SELECT DISTINCT w.creditor_id FROM pay_credit p JOIN pay_work w USING (payment_id) "
                + "WHERE ?::bigint IS NOT NULL", bankFileId)) {
            n += creditTask(c, bankFileId, creditor);
        }
        return n;
    }

    private static int creditTask(Connection c, long bankFileId, long creditor) throws SQLException {
        return update(c, """
                WITH cr AS (
                    SELECT p.debtor_id, p.currency, p.amount AS credit, w.entry_no, w.amount AS paid, s.payer_name
                    FROM pay_credit p JOIN pay_work w USING (payment_id) JOIN pay_stage s USING (entry_no)
                    WHERE w.creditor_id = ?
                ), a AS (
                    SELECT count(*) AS n, count(DISTINCT debtor_id) AS debtors, min(debtor_id) AS debtor_id FROM cr
                ), totals AS (
                    SELECT string_agg(amount || ' ' || currency, ', ' ORDER BY currency) AS amounts
                    FROM (SELECT currency, sum(credit) AS amount FROM cr GROUP BY currency) t
                ), listed AS (
                    SELECT string_agg('entry ' || entry_no || ': ' || paid || ' ' || currency || ' from '
                                      || coalesce(payer_name, 'an unnamed payer') || ', ' || credit || ' ' || currency
                                      || ' credited to debtor ' || debtor_id, E'\\n' ORDER BY entry_no) AS lines
                    FROM (SELECT * FROM cr ORDER BY entry_no LIMIT %1$d) l
                )
                INSERT INTO task (kind, debtor_id, bank_file_id, title, detail, dedupe_key, creditor_id)
                SELECT 'OVERPAYMENT', CASE WHEN a.debtors = 1 THEN a.debtor_id END, f.id,
                       'Refund or keep ' || totals.amounts || ' of credit from ' || a.n
                       || CASE WHEN a.n = 1 THEN ' overpayment' ELSE ' overpayments' END || ' in bank file ' || f.file_name,
                       'Each payment paid all the debtor''s open invoices in its currency and left the rest as a credit '
                       || E'on the debtor.\\n' || listed.lines
                       || CASE WHEN a.n > %1$d THEN E'\\n... and ' || (a.n - %1$d) || ' more: the CREDIT payments of bank file '
                                                    || f.id ELSE '' END,
                       'overpayment:bank-file:' || f.id || ?::text, ?::bigint
                FROM a, totals, listed, bank_file f
                WHERE f.id = ? AND a.n > 0
                ON CONFLICT (dedupe_key) DO NOTHING""".formatted(LISTED), creditor, creditorSuffix(creditor), creditor,
                bankFileId);
    }

    /**
     * A task for each payment applied to an invoice under an open dispute ({@code pay_dispute}: a dispute hold on the
     * invoice or on its debtor, not released and not ended before the file's first booking date). Only a payment
     * that names the invoice (its reference or number) is applied to it; it stays applied, and a specialist decides
     * whether the dispute is settled. Returns how many tasks it created.
     */
    private int disputeTasks(Connection c, long bankFileId) throws SQLException {
        if (!exists(c, "SELECT 1 FROM pay_dispute")) {
            return 0;
        }
        return update(c, """
                WITH a AS (
                    SELECT payment_id, invoice_id, sum(amount) AS amount FROM pay_alloc WHERE amount > 0 GROUP BY 1, 2
                ), hit AS (
                    SELECT DISTINCT ON (a.payment_id, a.invoice_id) a.payment_id, a.invoice_id, a.amount, w.debtor_id,
                           w.entry_no, w.amount AS paid, w.currency, s.payer_name, d.reason
                    FROM a JOIN pay_work w USING (payment_id) JOIN pay_stage s USING (entry_no)
                    JOIN pay_dispute d ON d.debtor_id = w.debtor_id AND (d.invoice_id IS NULL OR d.invoice_id = a.invoice_id)
                    ORDER BY a.payment_id, a.invoice_id, d.invoice_id NULLS LAST, d.id
                )
                INSERT INTO task (kind, debtor_id, invoice_id, payment_id, bank_file_id, title, detail, dedupe_key)
                SELECT 'DISPUTED_INVOICE_PAID', h.debtor_id, h.invoice_id, h.payment_id, ?,
                       h.amount || ' ' || h.currency || ' applied to disputed invoice ' || coalesce(i.invoice_number,
                       h.invoice_id::text) || ': settle or review the dispute',
                       'Entry ' || h.entry_no || ' of bank file ' || ? || ' paid ' || h.paid || ' ' || h.currency || ' from '
                       || coalesce(h.payer_name, 'an unnamed payer') || '. The dispute: ' || coalesce(h.reason, '(no reason given)'),
                       'disputed-invoice-paid:' || h.payment_id || ':' || h.invoice_id
                FROM hit h LEFT JOIN %s i ON i.invoice_id = h.invoice_id
                ON CONFLICT (dedupe_key) DO NOTHING""".formatted(invoices), bankFileId, bankFileId);
    }

    /**
     * Asks the message lifecycle to cancel the planned and deferred messages all of whose invoices are now paid;
     * returns how many it cancelled.
     */
    private int cancelPaidCommunications(Connection c, long bankFileId) throws SQLException {
        return MessageLifecycle.cancelSettled(c, new Sql().append("""
                WITH touched AS (
                    SELECT DISTINCT invoice_id FROM pay_alloc WHERE amount > 0
                ), comms AS (
                    SELECT DISTINCT ci.communication_id AS id FROM communication_invoice ci JOIN touched t USING (invoice_id)
                )
                SELECT c.id FROM communication c JOIN comms USING (id)
                WHERE c.in_flight
                  AND NOT EXISTS (SELECT 1 FROM communication_invoice ci JOIN %s i ON i.invoice_id = ci.invoice_id
                                  WHERE ci.communication_id = c.id AND i.open_amount > 0)""".formatted(invoices)),
                "paid: bank file " + bankFileId);
    }

    /**
     * Re-evaluates open (or kept) promises to pay of the debtors this file touched: kept when the payments dated
     * from the promise up to its date plus the grace days cover the promised amount (for a promise without an
     * amount: when nothing it covers is open any more). Returns how many became kept.
     */
    private int promises(Connection c, long bankFileId) throws SQLException {
        return update(c, """
                WITH touched AS (
                    SELECT DISTINCT debtor_id FROM payment WHERE bank_file_id = ? AND debtor_id IS NOT NULL
                ), h AS (
                    SELECT h.id, h.debtor_id, h.invoice_id, h.promised_amount, h.promise_status,
                           h.created_at::date AS from_date, coalesce(h.until + ?::int, 'infinity'::date) AS to_date
                    FROM hold h JOIN touched USING (debtor_id)
                    WHERE h.kind = 'PROMISE_TO_PAY' AND h.released_at IS NULL
                      AND coalesce(h.promise_status, 'OPEN') IN ('OPEN', 'KEPT')
                ), paid AS (
                    SELECT h.*,
                           CASE WHEN h.invoice_id IS NULL THEN
                               (SELECT coalesce(sum(p.amount), 0) FROM payment p
                                WHERE p.debtor_id = h.debtor_id AND p.status IN %2$s
                                  AND coalesce(p.value_date, p.booking_date) BETWEEN h.from_date AND h.to_date)
                           ELSE
                               (SELECT coalesce(sum(a.amount), 0) FROM allocation a JOIN payment p ON p.id = a.payment_id
                                WHERE a.invoice_id = h.invoice_id AND a.amount > 0 AND p.status IN %2$s
                                  AND coalesce(p.value_date, p.booking_date) BETWEEN h.from_date AND h.to_date)
                           END AS paid,
                           EXISTS (SELECT 1 FROM %1$s i WHERE i.debtor_id = h.debtor_id AND i.open_amount > 0
                                   AND (h.invoice_id IS NULL OR i.invoice_id = h.invoice_id)) AS still_open
                    FROM h
                ), decided AS (
                    SELECT id, promise_status,
                           CASE WHEN (promised_amount IS NOT NULL AND paid >= promised_amount)
                                  OR (promised_amount IS NULL AND paid > 0 AND NOT still_open)
                                THEN 'KEPT' ELSE 'OPEN' END AS status
                    FROM paid
                ), changed AS (
                    UPDATE hold SET promise_status = d.status FROM decided d
                    WHERE hold.id = d.id AND d.status IS DISTINCT FROM coalesce(d.promise_status, 'OPEN')
                    RETURNING hold.id, d.status
                )
                SELECT count(*) FILTER (WHERE status = 'KEPT') FROM changed""".formatted(invoices, LIVE),
                bankFileId, promiseGraceDays);
    }

    /** What a manual match did: the debtor, the amount applied to invoices, the rest credited, the payment's new status. */
    public record ManualMatch(long paymentId, long debtorId, BigDecimal applied, BigDecimal credited, String status) {
    }

    /**
     * Applies a payment on the suspense list by hand (match method MANUAL), in the caller's transaction: to the invoice
     * named (when one is), then as the poster applies any payment, to the debtor's other open undisputed invoices in the
     * payment's currency, oldest first; the rest is a credit on the debtor. Messages it settles are cancelled and the
     * debtor's promises re-evaluated, as for a posted file. Give an invoice id, or a debtor id, or both.
     */
    public ManualMatch manualMatch(Connection c, long paymentId, Long invoiceId, Long debtorId) throws SQLException {
        checkReady();
        lock(c);
        BigDecimal amount;
        String currency;
        long bankFileId;
        try (PreparedStatement ps = new Sql().append("""
                SELECT amount, currency, coalesce(bank_file_id, 0), status FROM payment WHERE id = ? FOR UPDATE""", paymentId)
                .prepare(c); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalArgumentException("payment " + paymentId + ": no such payment");
            }
            if (!"SUSPENSE".equals(rs.getString(4)) || rs.getBigDecimal(1).signum() <= 0) {
                throw new IllegalArgumentException("payment " + paymentId + ": not a payment on the suspense list");
            }
            amount = rs.getBigDecimal(1);
            currency = rs.getString(2);
            bankFileId = rs.getLong(3);
        }
        if (invoiceId != null) {
            try (PreparedStatement ps = new Sql().append("SELECT debtor_id, currency, open_amount FROM " + invoices
                    + " WHERE invoice_id = ?", invoiceId).prepare(c); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("invoice " + invoiceId + ": no such invoice");
                }
                if (debtorId != null && debtorId != rs.getLong(1)) {
                    throw new IllegalArgumentException("invoice " + invoiceId + ": belongs to debtor " + rs.getLong(1)
                            + ", not to debtor " + debtorId);
                }
                if (!currency.equals(rs.getString(2))) {
                    throw new IllegalArgumentException("invoice " + invoiceId + ": in " + rs.getString(2) + ", the payment in " + currency);
                }
                debtorId = rs.getLong(1);
            }
        } else if (debtorId == null) {
            throw new IllegalArgumentException("give the invoice or the debtor the payment belongs to");
        } else {
            try (PreparedStatement ps = new Sql().append("SELECT 1 FROM " + debtors + " WHERE debtor_id = ?", debtorId).prepare(c);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("debtor " + debtorId + ": no such debtor");
                }
            }
        }
        exec(c, "CREATE TEMP TABLE pay_alloc (payment_id bigint, entry_no int, invoice_id bigint, amount numeric(18, 2), "
                + "pass int) ON COMMIT DROP");
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO pay_alloc (payment_id, entry_no, invoice_id, amount, pass)
                WITH inv AS (
                    SELECT i.invoice_id, i.open_amount, i.due_date, i.invoice_id IS NOT DISTINCT FROM ?::bigint AS named
                    FROM %s i
                    WHERE i.debtor_id = ? AND i.currency = ? AND i.open_amount > 0
                      AND (i.invoice_id IS NOT DISTINCT FROM ?::bigint OR NOT EXISTS (
                           SELECT 1 FROM hold h WHERE h.kind = 'DISPUTE' AND h.released_at IS NULL
                             AND (h.until IS NULL OR h.until >= current_date) AND h.debtor_id = i.debtor_id
                             AND (h.invoice_id IS NULL OR h.invoice_id = i.invoice_id)))
                ), run AS (
                    SELECT inv.*, sum(open_amount) OVER (ORDER BY named DESC, due_date, invoice_id) AS cum FROM inv
                )
                SELECT ?, 0, invoice_id, least(open_amount, ?::numeric - (cum - open_amount)), 1 FROM run
                WHERE cum - open_amount < ?::numeric""".formatted(invoices),
                invoiceId, debtorId, currency, invoiceId, paymentId, amount, amount).prepare(c)) {
            ps.executeUpdate();
        }
        BigDecimal applied;
        boolean leftOpen;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce(sum(a.amount), 0), coalesce(bool_or(i.open_amount > a.amount), false)
                FROM pay_alloc a JOIN %s i ON i.invoice_id = a.invoice_id""".formatted(invoices)); ResultSet rs = ps.executeQuery()) {
            rs.next();
            applied = rs.getBigDecimal(1);
            leftOpen = rs.getBoolean(2);
        }
        BigDecimal credited = amount.subtract(applied);
        String status = credited.signum() > 0 ? "CREDIT" : leftOpen ? "PARTIAL" : "MATCHED";
        update(c, "INSERT INTO allocation (payment_id, invoice_id, amount, bank_file_id) "
                + "SELECT payment_id, invoice_id, amount, nullif(?, 0) FROM pay_alloc", bankFileId);
        exec(c, """
                UPDATE %s t SET open_amount = t.open_amount - a.amount FROM pay_alloc a
                WHERE t.invoice_id = a.invoice_id""".formatted(invoiceTarget));
        if (credited.signum() > 0) {
            try (PreparedStatement ps = new Sql().append("INSERT INTO debtor_credit (debtor_id, currency, amount, payment_id) "
                    + "VALUES (?, ?, ?, ?)", debtorId, currency, credited, paymentId).prepare(c)) {
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = new Sql().append("""
                UPDATE payment SET debtor_id = ?, status = ?, match_method = 'MANUAL', suspense_reason = NULL,
                       creditor_id = coalesce((SELECT d.creditor_id FROM debtor d WHERE d.id = ?), creditor_id)
                WHERE id = ?""", debtorId, status, debtorId, paymentId).prepare(c)) {
            ps.executeUpdate();
        }
        cancelPaidCommunications(c, bankFileId);
        if (bankFileId > 0) {
            promises(c, bankFileId);
        }
        LOG.info("payment {} matched by hand to debtor {}: {} {} applied, {} credited", paymentId, debtorId,
                applied.toPlainString(), currency, credited.toPlainString());
        return new ManualMatch(paymentId, debtorId, applied, credited, status);
    }

    private void summarize(Connection c, long bankFileId, PostingReport report) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT status, coalesce(match_method, ''), currency, count(*), sum(amount)
                FROM payment WHERE bank_file_id = ? GROUP BY 1, 2, 3""")) {
            ps.setLong(1, bankFileId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String status = rs.getString(1);
                    String method = rs.getString(2);
                    String ccy = rs.getString(3);
                    long n = rs.getLong(4);
                    BigDecimal sum = rs.getBigDecimal(5);
                    switch (status) {
                        case "MATCHED", "PARTIAL", "CREDIT" -> {
                            report.add("received", n);
                            report.addAmount("received", ccy, sum);
                            report.addMatched(method, n);
                            if (status.equals("PARTIAL")) {
                                report.add("partial", n);
                            } else if (status.equals("CREDIT")) {
                                report.add("overpaid", n);
                            }
                        }
                        case "RETURNED" -> {
                            // received and returned within this same file
                            report.add("received", n);
                            report.addAmount("received", ccy, sum);
                            report.addMatched(method, n);
                        }
                        case "SUSPENSE" -> {
                            if (sum.signum() > 0) {
                                report.add("received", n);
                                report.addAmount("received", ccy, sum);
                            }
                            report.add("suspense", n);
                            report.addAmount("suspense", ccy, sum);
                        }
                        case "REVERSAL" -> {
                            report.add("returned", n);
                            report.addAmount("returned", ccy, sum.negate());
                        }
                        case "DEBIT" -> report.add("debits", n);
                        case "NOTICE" -> report.add("notices", n);
                        default -> {
                        }
                    }
                }
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT kind, count(*) FROM pay_work WHERE kind IN ('DUPLICATE', 'IGNORED') GROUP BY 1")) {
            while (rs.next()) {
                report.add(rs.getString(1).equals("DUPLICATE") ? "duplicates" : "ignored", rs.getLong(2));
            }
        }
        // this file's allocations to invoices are its pay_alloc rows (returns take back with negative rows)
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT w.currency, sum(a.amount) FROM pay_alloc a JOIN pay_work w USING (payment_id)
                WHERE a.amount > 0 GROUP BY 1""")) {
            while (rs.next()) {
                report.addAmount("applied", rs.getString(1), rs.getBigDecimal(2));
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT currency, sum(amount), (SELECT count(DISTINCT debtor_id) FROM pay_credit) FROM pay_credit GROUP BY 1")) {
            long debtorsCredited = 0;
            while (rs.next()) {
                report.addAmount("credited", rs.getString(1), rs.getBigDecimal(2));
                debtorsCredited = rs.getLong(3);
            }
            report.add("debtorsCredited", debtorsCredited);
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT count(*) FILTER (WHERE i.open_amount <= 0), count(*) FILTER (WHERE i.open_amount > 0)
                     FROM (SELECT DISTINCT invoice_id FROM pay_alloc) t JOIN %s i ON i.invoice_id = t.invoice_id"""
                     .formatted(invoices))) {
            rs.next();
            report.add("invoicesPaid", rs.getLong(1));
            report.add("invoicesPartlyPaid", rs.getLong(2));
        }
    }

    private static boolean exists(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT EXISTS (" + query + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        long t = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        timed(t, sql);
    }

    private static void timed(long started, String sql) {
        if (LOG.isDebugEnabled()) {
            String first = sql.strip();
            int nl = first.indexOf('\n');
            LOG.debug("{} ms: {}", (System.nanoTime() - started) / 1_000_000, nl < 0 ? first : first.substring(0, nl));
        }
    }

    /** Runs an update (or a query returning one count) with long parameters; returns the count. */
    private static int update(Connection c, String sql, Object... params) throws SQLException {
        long t = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            int n;
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    n = rs.next() ? rs.getInt(1) : 0;
                }
            } else {
                n = ps.getUpdateCount();
            }
            timed(t, sql);
            return n;
        }
    }
}
