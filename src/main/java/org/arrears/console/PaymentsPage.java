package org.arrears.console;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arrears.db.Sql;
import org.arrears.payments.PaymentPoster;

/**
 * Bank files (the latest 50 of the user's creditors, or spanning creditors) with their posting reports, and the
 * suspense list (unmatched payments of the user's creditors, oldest first, 50 a page, index payment_suspense). Form:
 * match a suspense payment by hand to an invoice (by number) or a debtor, through payments.PaymentPoster#manualMatch;
 * the file's suspense task is done once none of its payments is left in suspense.
 */
final class PaymentsPage extends Page {

    static final int PAGE_SIZE = 50;

    @Override
    public String path() {
        return "payments";
    }

    @Override
    public String template() {
        return "payments";
    }

    @Override
    public String title() {
        return "Payments";
    }

    @Override
    public String navigation() {
        return "Payments";
    }

    @Override
    public Map<String, Object> model(PageRequest r) throws SQLException {
        int page = r.queryInt("page", 1, 1, 100_000);
        return Work.read(r.services().ds(), c -> {
            Map<String, Object> m = new HashMap<>();
            m.put("files", Rows.list(c, new Sql().append("""
                    SELECT f.id, f.file_name, coalesce(f.format, '') AS format, f.status, f.received_at,
                           coalesce(f.report->>'received', '') AS received, coalesce(f.report->>'suspense', '') AS suspense,
                           coalesce(f.report->>'duplicates', '') AS duplicates, coalesce(f.error, '') AS error,
                           coalesce(jsonb_pretty(f.report), '') AS report
                    FROM bank_file f WHERE (f.creditor_id IS NULL OR""").append(Scope.of(r.user(), "f")).append("""
                    ) ORDER BY f.received_at DESC, f.id DESC LIMIT 50""")));
            List<Map<String, Object>> rows = Rows.list(c, new Sql().append("""
                    SELECT p.id, p.amount, p.currency, coalesce(p.booking_date::text, '') AS booking_date,
                           coalesce(p.payer_name, '') AS payer, coalesce(p.remittance, '') AS remittance,
                           coalesce(p.suspense_reason, '') AS reason, coalesce(f.file_name, '') AS file
                    FROM payment p LEFT JOIN bank_file f ON f.id = p.bank_file_id
                    WHERE p.status = 'SUSPENSE' AND p.amount > 0 AND""").append(Scope.of(r.user(), "p")).append("""
                    ORDER BY p.created_at, p.id LIMIT ? OFFSET ?""", PAGE_SIZE + 1, (page - 1) * PAGE_SIZE));
            m.put("hasNext", rows.size() > PAGE_SIZE);
            m.put("suspense", rows.size() > PAGE_SIZE ? rows.subList(0, PAGE_SIZE) : rows);
            m.put("page", page);
            return m;
        });
    }

    @Override
    public Map<String, Action> actions() {
        return Map.of("match", new Action(Role.AGENT, r -> {
            long payment = r.formId("payment");
            String number = r.form("invoice_number");
            Long debtor = r.form("debtor") == null ? null : r.formId("debtor");
            if (number == null && debtor == null) {
                throw new IllegalArgumentException("invoice_number: give the invoice number or the debtor id");
            }
            ConsoleServices s = r.services();
            Work.inTransaction(s.ds(), c -> {
                if (Rows.one(c, new Sql().append("SELECT 1 AS x FROM payment p WHERE p.id = ? AND", payment)
                        .append(Scope.of(r.user(), "p"))).isEmpty()) {
                    throw new Scope.NotFound("payment " + payment);
                }
                Long invoice = null;
                if (number != null) {
                    invoice = Rows.one(c, new Sql().append("SELECT i.id FROM invoice i WHERE i.invoice_number = ? AND", number)
                            .append(Scope.of(r.user(), "i"))).map(x -> (Long) x.get("id"))
                            .orElseThrow(() -> new IllegalArgumentException("invoice_number " + number + ": no such invoice"));
                }
                if (debtor != null) {
                    Work.debtorCreditor(c, r.user(), debtor);
                }
                PaymentPoster.ManualMatch done = s.poster().manualMatch(c, payment, invoice, debtor);
                try (PreparedStatement ps = new Sql().append("""
                        UPDATE task t SET status = 'DONE' WHERE t.kind = 'SUSPENSE' AND t.status = 'OPEN'
                          AND t.bank_file_id = (SELECT bank_file_id FROM payment WHERE id = ?)
                          AND NOT EXISTS (SELECT 1 FROM payment x WHERE x.bank_file_id = t.bank_file_id AND x.status = 'SUSPENSE'
                                          AND x.amount > 0)""", payment).prepare(c)) {
                    ps.executeUpdate();
                }
                Audit.record(c, r.user().name(), "payment.manual-match", "payment:" + payment,
                        Work.state("status", "SUSPENSE"),
                        Work.state("status", done.status(), "debtor", done.debtorId(), "invoice", invoice,
                                "applied", done.applied(), "credited", done.credited()));
                return null;
            });
            return null;
        }));
    }
}
