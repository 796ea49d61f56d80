package org.arrears.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.arrears.ar.CreditorReference;
import org.arrears.db.CopyRows;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the hub's own AR tables (debtor, contact_point, invoice, payment, allocation, hold) with a generated
 * book: a believable mixed book for the demo or a flat one for throughput measurement (see
 * {@link SeedSpec.Profile}).
 *
 * <p>The book is generated in memory first, from the seed alone, then written in one transaction with one
 * {@code COPY} per table. Ids are explicit: under a lock that keeps other writers out of these tables, the
 * seeder takes the id range after both the highest existing id and the sequence's current value, moves each
 * sequence past its range before writing, and so appends to a non-empty database without collisions. The
 * same seed and spec written from the same starting ids give the same rows (only the {@code created_at}
 * defaults differ).
 */
public final class BookSeeder {

    private static final Logger LOG = LoggerFactory.getLogger(BookSeeder.class);

    private static final String[] TABLES = {"debtor", "contact_point", "invoice", "payment", "allocation", "hold"};

    /** Generates the book described by {@code spec} and writes it into {@code ds}; returns what was added. */
    public SeedReport seed(DataSource ds, SeedSpec spec) {
        long started = System.nanoTime();
        Book book = switch (spec.profile()) {
            case REALISTIC -> RealisticBook.generate(spec);
            case UNIFORM -> UniformBook.generate(spec, false);
            case UNIFORM_SMS -> UniformBook.generate(spec, true);
        };
        try (Connection c = ds.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Map<String, Long> base = reserveIds(c, book);
                write(c, book, base);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            analyze(c);
        } catch (SQLException e) {
            throw new IllegalStateException("seeding the AR book failed: " + e.getMessage(), e);
        }
        SeedReport report = book.report();
        LOG.info("{} ({} profile, seed {}, as of {}) in {} ms", report, spec.profile(), spec.randomSeed(),
                spec.asOf(), (System.nanoTime() - started) / 1_000_000);
        return report;
    }

    /**
     * Locks the AR tables against other writers and, per table, reserves the ids after the highest id in
     * use (or handed out by the sequence) by moving the sequence past the range. Returns the id base per
     * table: row k (1-based) gets id base + k.
     */
    private static Map<String, Long> reserveIds(Connection c, Book book) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE " + String.join(", ", TABLES) + " IN SHARE ROW EXCLUSIVE MODE");
        }
        Map<String, Integer> counts = Map.of(
                "debtor", book.debtors.size(),
                "contact_point", book.contactPoints.size(),
                "invoice", book.invoices.size(),
                "payment", book.payments.size(),
                "allocation", book.payments.size(),
                "hold", book.holds.size());
        Map<String, Long> base = new LinkedHashMap<>();
        for (String table : TABLES) {
            String sequence;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_serial_sequence(?, 'id')")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sequence = rs.getString(1);
                }
            }
            long b;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM " + table + "), "
                         + "(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM " + sequence + "))")) {
                rs.next();
                b = rs.getLong(1);
            }
            base.put(table, b);
            int n = counts.get(table);
            if (n > 0) {
                try (PreparedStatement ps = c.prepareStatement("SELECT setval(?::regclass, ?)")) {
                    ps.setString(1, sequence);
                    ps.setLong(2, b + n);
                    ps.executeQuery().close();
                }
            }
        }
        return base;
    }

    private static void write(Connection c, Book book, Map<String, Long> base) throws SQLException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        long debtorBase = base.get("debtor");
        long contactBase = base.get("contact_point");
        long invoiceBase = base.get("invoice");
        long paymentBase = base.get("payment");
        long allocationBase = base.get("allocation");
        long holdBase = base.get("hold");

        try (CopyRows rows = new CopyRows(copy, "debtor", "id, external_ref, name, kind, locale, time_zone, "
                + "jurisdiction, postal_code, phone_area_codes, bankruptcy, deceased, cease_communication, "
                + "attorney_represented, attorney_contact, outside_hours_consent_at, no_contact_before, "
                + "no_contact_after")) {
            int k = 0;
            for (Book.Debtor d : book.debtors) {
                long id = debtorBase + ++k;
                rows.number(id)
                        .text(externalRef(id))
                        .text(d.nameAfterId == null ? d.name : d.name + id + d.nameAfterId)
                        .text(d.kind).text(d.locale).text(d.timeZone).text(d.jurisdiction).text(d.postalCode)
                        .textArray(d.phoneAreaCodes)
                        .bool(d.bankruptcy).bool(d.deceased).bool(d.ceaseCommunication).bool(d.attorneyRepresented)
                        .text(d.attorneyContact)
                        .timestamp(d.outsideHoursConsentAt)
                        .time(d.noContactBefore).time(d.noContactAfter)
                        .endRow();
            }
            rows.finish();
        }

        try (CopyRows rows = new CopyRows(copy, "contact_point", "id, debtor_id, channel, address, consent_source, "
                + "consent_at, creditor_notice_sent_on, work_email, reassigned_check_at, opted_out_at, "
                + "opt_out_source, quality, preferred")) {
            int k = 0;
            for (Book.ContactPoint cp : book.contactPoints) {
                long debtorId = debtorBase + cp.debtor;
                rows.number(contactBase + ++k)
                        .number(debtorId)
                        .text(cp.channel)
                        .text(cp.addressAfterId == null ? cp.address : cp.address + debtorId + cp.addressAfterId)
                        .text(cp.consentSource)
                        .timestamp(cp.consentAt)
                        .date(cp.creditorNoticeSentOn)
                        .bool(cp.workEmail)
                        .timestamp(cp.reassignedCheckAt)
                        .timestamp(cp.optedOutAt)
                        .text(cp.optOutSource)
                        .text(cp.quality)
                        .bool(cp.preferred)
                        .endRow();
            }
            rows.finish();
        }

        try (CopyRows rows = new CopyRows(copy, "invoice", "id, debtor_id, invoice_number, currency, issue_date, "
                + "due_date, amount, open_amount, payment_reference")) {
            int k = 0;
            for (Book.Invoice inv : book.invoices) {
                long id = invoiceBase + ++k;
                rows.number(id)
                        .number(debtorBase + inv.debtor)
                        .text(invoiceNumber(inv, id))
                        .text(inv.currency)
                        .date(inv.issueDate).date(inv.dueDate)
                        .money(inv.amount).money(inv.open)
                        .text(paymentReference(inv, id))
                        .endRow();
            }
            rows.finish();
        }

        if (!book.payments.isEmpty()) {
            try (CopyRows rows = new CopyRows(copy, "payment", "id, debtor_id, amount, currency, booking_date, "
                    + "value_date, bank_reference, account, end_to_end_id, payer_name, remittance, "
                    + "structured_reference, match_method, status")) {
                int k = 0;
                for (Book.Payment p : book.payments) {
                    long id = paymentBase + ++k;
                    long invoiceId = invoiceBase + p.invoice;
                    Book.Invoice inv = book.invoices.get(p.invoice - 1);
                    String reference = paymentReference(inv, invoiceId);
                    rows.number(id)
                            .number(debtorBase + p.debtor)
                            .money(p.amount)
                            .text(p.currency)
                            .date(p.bookingDate).date(p.bookingDate)
                            .text("BNK" + p.bookingDate.toString().replace("-", "") + pad(id, 8))
                            .text(creditorAccount(p.currency))
                            .text("E2E" + pad(id, 12))
                            .text(p.payerName)
                            .text(p.structured ? CreditorReference.print(reference)
                                    : "Invoice " + invoiceNumber(inv, invoiceId))
                            .text(p.structured ? reference : null)
                            .text(p.structured ? "REFERENCE" : "INVOICE_NUMBER")
                            .text("MATCHED")
                            .endRow();
                }
                rows.finish();
            }
            try (CopyRows rows = new CopyRows(copy, "allocation", "id, payment_id, invoice_id, amount")) {
                int k = 0;
                for (Book.Payment p : book.payments) {
                    ++k;
                    rows.number(allocationBase + k)
                            .number(paymentBase + k)
                            .number(invoiceBase + p.invoice)
                            .money(p.amount)
                            .endRow();
                }
                rows.finish();
            }
        }

        if (!book.holds.isEmpty()) {
            try (CopyRows rows = new CopyRows(copy, "hold", "id, debtor_id, invoice_id, kind, reason, until, "
                    + "promised_amount, promise_status")) {
                int k = 0;
                for (Book.Hold h : book.holds) {
                    rows.number(holdBase + ++k)
                            .number(debtorBase + h.debtor)
                            .id(h.invoice == 0 ? 0 : invoiceBase + h.invoice)
                            .text(h.kind)
                            .text(h.reason)
                            .date(h.until)
                            .money(h.promisedAmount)
                            .text(h.promiseStatus)
                            .endRow();
                }
                rows.finish();
            }
        }
    }

    /** Fresh planner statistics, so the first queries over a large new book plan well. */
    private static void analyze(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("ANALYZE " + table);
            }
        }
    }

    static String externalRef(long debtorId) {
        return "CUST-" + pad(debtorId, 7);
    }

    /** INV-&lt;issue year&gt;-&lt;invoice id, at least 6 digits&gt;: unique because the id is. */
    static String invoiceNumber(Book.Invoice inv, long invoiceId) {
        return "INV-" + inv.issueDate.getYear() + "-" + pad(invoiceId, 6);
    }

    /** The RF reference over the digits of the invoice number. */
    static String paymentReference(Book.Invoice inv, long invoiceId) {
        return CreditorReference.create(inv.issueDate.getYear() + pad(invoiceId, 6));
    }

    /** The creditor's collection account a payment in this currency arrived on (documentation examples). */
    private static String creditorAccount(String currency) {
        return switch (currency) {
            case "GBP" -> "GB33BUKB20201555555555";
            case "USD" -> "US-021000021-000123456789";
            case "CAD" -> "CA-00012-003-1234567";
            default -> "DE89370400440532013000";
        };
    }

    private static String pad(long v, int width) {
        String s = Long.toString(v);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
