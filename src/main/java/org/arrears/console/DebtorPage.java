package org.arrears.console;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.arrears.ar.Holds;
import org.arrears.db.Sql;

/**
 * One debtor of the user's creditors: open invoices with their aging, contact points with consent, quality and
 * opt-outs, active holds, open tasks, and one timeline of everything (messages with their gate decision and a link to
 * the exact content sent, their events, inbound mail and texts with their intent, payments and allocations, holds,
 * calls and notes, tasks), newest first, 200 at most; each part is one indexed query by debtor id.
 * Forms: log a call, promise to pay, dispute, payment plan, hold with an end date, legal flags, a contact point.
 */
final class DebtorPage extends Page {

    static final int TIMELINE = 200;

    private static final String TIMELINE_SQL = """
            SELECT at, kind, summary, detail, message_id FROM (
              SELECT coalesce(c.sent_at, c.planned_at) AS at, 'message' AS kind,
                     c.channel || ' ' || c.step_code || ' (' || lower(c.status) || ')' AS summary,
                     concat_ws(' ', 'gate: ' || c.gate_verdict, c.gate_reason, c.gate_detail) AS detail, c.id AS message_id
              FROM communication c WHERE c.debtor_id = ?
              UNION ALL
              SELECT e.at, 'delivery', c.channel || ' message ' || c.id || ': ' || lower(e.status), concat_ws(' ', e.reason, e.detail), c.id
              FROM communication c JOIN communication_event e ON e.communication_id = c.id
              WHERE c.debtor_id = ? AND e.status NOT IN ('PLANNED', 'CLAIMED', 'SENT')
              UNION ALL
              SELECT ie.received_at, lower(ie.kind), lower(ie.kind) || coalesce(': ' || lower(ie.payload->'intent'->>'name'), ''),
                     left(ie.payload->>'strippedText', 300), ie.communication_id
              FROM inbound_event ie WHERE ie.debtor_id = ?
              UNION ALL
              SELECT p.created_at, 'payment', 'payment ' || p.amount || ' ' || p.currency || ' ' || lower(coalesce(p.status, '')),
                     concat_ws(' ', 'matched by ' || p.match_method, 'from ' || p.payer_name, p.remittance), NULL
              FROM payment p WHERE p.debtor_id = ?
              UNION ALL
              SELECT a.created_at, 'allocation', a.amount || ' ' || p.currency || ' applied to invoice '
                     || coalesce(i.invoice_number, a.invoice_id::text), NULL, NULL
              FROM payment p JOIN allocation a ON a.payment_id = p.id LEFT JOIN invoice i ON i.id = a.invoice_id
              WHERE p.debtor_id = ?
              UNION ALL
              SELECT h.created_at, 'hold', lower(replace(h.kind, '_', ' ')) || ' hold' || coalesce(' until ' || h.until, ''),
                     concat_ws('; ', h.reason, 'promised ' || h.promised_amount, lower(h.promise_status)), NULL
              FROM hold h WHERE h.debtor_id = ?
              UNION ALL
              SELECT h.released_at, 'hold', lower(replace(h.kind, '_', ' ')) || ' hold released', NULL, NULL
              FROM hold h WHERE h.debtor_id = ? AND h.released_at IS NOT NULL
              UNION ALL
              SELECT n.at, lower(n.kind), CASE n.kind WHEN 'CALL' THEN 'call: ' || coalesce(n.outcome, '') ELSE 'note' END,
                     n.text || ' (' || n.user_name || ')', NULL
              FROM debtor_note n WHERE n.debtor_id = ?
              UNION ALL
              SELECT t.created_at, 'task', 'task ' || lower(t.kind) || ': ' || t.title, lower(t.status), NULL
              FROM task t WHERE t.debtor_id = ?
            ) x ORDER BY at DESC NULLS LAST LIMIT ?""";

    static final List<String> CALL_OUTCOMES = List.of("reached", "no answer", "left message", "wrong number", "refused");
    static final List<String> CONSENT_SOURCES = List.of("CONSUMER_USED", "CONSUMER_CONSENT", "CREDITOR_NOTICE",
            "PRIOR_COLLECTOR", "CREDITOR_FILE", "SKIP_TRACE");
    static final Set<String> FLAGS = Set.of("cease_communication", "attorney_represented", "bankruptcy", "deceased");

    @Override
    public String path() {
        return "debtors/:id";
    }

    @Override
    public String template() {
        return "debtor";
    }

    @Override
    public String title() {
        return "Debtor";
    }

    @Override
    public Map<String, Object> model(PageRequest r) throws SQLException {
        long id = r.id("id");
        LocalDate today = r.services().today();
        return Work.read(r.services().ds(), c -> {
            Map<String, Object> m = new HashMap<>();
            Map<String, Object> debtor = Rows.one(c, new Sql().append("""
                    SELECT d.id, d.name, d.kind, d.locale, coalesce(d.time_zone, '') AS time_zone,
                           coalesce(d.jurisdiction, '') AS jurisdiction, coalesce(d.attorney_contact, '') AS attorney_contact,
                           cr.code AS creditor,
                           d.cease_communication OR coalesce(f.cease_communication, false) AS cease_communication,
                           d.attorney_represented OR coalesce(f.attorney_represented, false) AS attorney_represented,
                           d.bankruptcy OR coalesce(f.bankruptcy, false) AS bankruptcy,
                           d.deceased OR coalesce(f.deceased, false) AS deceased
                    FROM debtor d JOIN creditor cr ON cr.id = d.creditor_id LEFT JOIN debtor_flag f ON f.debtor_id = d.id
                    WHERE d.id = ? AND""", id).append(Scope.of(r.user(), "d")))
                    .orElseThrow(() -> new Scope.NotFound("debtor " + id));
            m.put("debtor", debtor);
            m.put("invoices", Rows.list(c, new Sql().append("""
                    SELECT i.id, i.invoice_number, i.currency, i.due_date, i.amount, i.open_amount, (?::date - i.due_date) AS dpd,
                           CASE WHEN ?::date <= i.due_date THEN 'current' WHEN ?::date - i.due_date <= 30 THEN '1-30'
                                WHEN ?::date - i.due_date <= 60 THEN '31-60' WHEN ?::date - i.due_date <= 90 THEN '61-90'
                                ELSE '90+' END AS bucket
                    FROM invoice i WHERE i.debtor_id = ? AND i.open_amount > 0 ORDER BY i.due_date, i.id""",
                    today, today, today, today, today, id)));
            m.put("totals", Rows.list(c, new Sql().append("""
                    SELECT i.currency, sum(i.open_amount) AS open FROM invoice i WHERE i.debtor_id = ? AND i.open_amount > 0
                    GROUP BY i.currency ORDER BY i.currency""", id)));
            m.put("contacts", Rows.list(c, new Sql().append("""
                    SELECT cp.channel, cp.address, coalesce(cp.consent_source, '') AS consent_source, cp.quality,
                           coalesce(cp.opted_out_at::text, '') AS opted_out, coalesce(cp.opt_out_source, '') AS opt_out_source,
                           cp.preferred
                    FROM contact_point cp WHERE cp.debtor_id = ? AND cp.retired_at IS NULL ORDER BY cp.channel, cp.id""", id)));
            m.put("holds", Rows.list(c, new Sql().append("""
                    SELECT h.id, h.kind, coalesce(h.until::text, 'released by hand') AS until, coalesce(h.reason, '') AS reason,
                           coalesce(h.promised_amount::text, '') AS promised, coalesce(lower(h.promise_status), '') AS promise_status,
                           coalesce(i.invoice_number, 'whole debtor') AS scope
                    FROM hold h LEFT JOIN invoice i ON i.id = h.invoice_id
                    WHERE h.debtor_id = ? AND h.released_at IS NULL AND (h.until IS NULL OR h.until >= ?::date)
                    ORDER BY h.id""", id, today)));
            m.put("tasks", Rows.list(c, new Sql().append("""
                    SELECT t.id, t.kind, t.title, coalesce(t.assigned_to, '') AS owner, t.created_at AS created
                    FROM task t WHERE t.debtor_id = ? AND t.status = 'OPEN' ORDER BY t.id""", id)));
            m.put("timeline", Rows.list(c, new Sql().append(TIMELINE_SQL, id, id, id, id, id, id, id, id, id, TIMELINE)));
            m.put("today", today.toString());
            m.put("outcomes", CALL_OUTCOMES);
            m.put("consentSources", CONSENT_SOURCES);
            m.put("holdKinds", Holds.KINDS);
            return m;
        });
    }

    @Override
    public Map<String, Action> actions() {
        return Map.of(
                "call", new Action(Role.AGENT, r -> write(r, (c, id) -> {
                    String outcome = r.required("outcome");
                    if (!CALL_OUTCOMES.contains(outcome)) {
                        throw new IllegalArgumentException("outcome '" + outcome + "': one of " + CALL_OUTCOMES);
                    }
                    String text = r.form("text") == null ? "" : r.required("text");
                    long creditor = Work.debtorCreditor(c, r.user(), id);
                    try (PreparedStatement ps = new Sql().append("""
                            INSERT INTO debtor_note (debtor_id, creditor_id, kind, outcome, text, user_name)
                            VALUES (?, ?, 'CALL', ?, ?, ?)""", id, creditor, outcome, text, r.user().name()).prepare(c)) {
                        ps.executeUpdate();
                    }
                    Audit.record(c, r.user().name(), "debtor.call", "debtor:" + id, null, Work.state("outcome", outcome, "text", text));
                })),
                "promise", new Action(Role.AGENT, r -> write(r, (c, id) ->
                        Promises.promise(c, r.services(), r.user(), id, r.date("date", true), r.amount("amount", true)))),
                "plan", new Action(Role.AGENT, r -> write(r, (c, id) -> {
                    BigDecimal total = r.amount("total", true);
                    int count = integer(r.required("count"), "count");
                    int every = integer(r.required("every"), "every");
                    Promises.plan(c, r.services(), r.user(), id, Promises.schedule(total, count, r.date("first", true), every));
                })),
                "dispute", new Action(Role.AGENT, r -> write(r, (c, id) -> {
                    String reason = r.required("reason");
                    List<Long> invoices = r.formIds("invoice");
                    long creditor = Work.debtorCreditor(c, r.user(), id);
                    for (Long invoice : invoices.isEmpty() ? java.util.Collections.<Long>singletonList(null) : invoices) {
                        if (invoice != null) {
                            checkInvoice(c, id, invoice);
                        }
                        long hold = r.services().holds().place(c, new Holds.Request(id, invoice, "DISPUTE", reason, null, null));
                        Promises.own(c, hold, creditor);
                        Audit.record(c, r.user().name(), "debtor.dispute", "debtor:" + id, null,
                                Work.state("hold", hold, "invoice", invoice == null ? "whole debtor" : invoice, "reason", reason));
                    }
                })),
                "hold", new Action(Role.AGENT, r -> write(r, (c, id) -> {
                    String kind = r.required("kind");
                    LocalDate until = r.date("until", true);
                    if (until.isBefore(r.services().today())) {
                        throw new IllegalArgumentException("until " + until + ": the end date cannot be in the past");
                    }
                    long creditor = Work.debtorCreditor(c, r.user(), id);
                    long hold = r.services().holds().place(c, new Holds.Request(id, null, kind, r.form("reason"), until, null));
                    Promises.own(c, hold, creditor);
                    Audit.record(c, r.user().name(), "debtor.hold", "debtor:" + id, null,
                            Work.state("hold", hold, "kind", kind, "until", until, "reason", r.form("reason")));
                })),
                "flag", new Action(Role.AGENT, r -> write(r, (c, id) -> {
                    String flag = r.required("flag").toLowerCase(Locale.ROOT);
                    if (!FLAGS.contains(flag)) {
                        throw new IllegalArgumentException("flag '" + flag + "': one of " + FLAGS);
                    }
                    Work.debtorCreditor(c, r.user(), id);
                    String contact = r.form("attorney_contact");
                    if (flag.equals("attorney_represented") && contact == null) {
                        throw new IllegalArgumentException("attorney_contact: required for an attorney (name, phone, address)");
                    }
                    // the column name is one of FLAGS, checked above; values are parameters
                    try (PreparedStatement ps = new Sql().append("INSERT INTO debtor_flag (debtor_id, " + flag
                            + ", source) VALUES (?, true, 'OPERATOR') ON CONFLICT (debtor_id) DO UPDATE SET " + flag
                            + " = true, source = 'OPERATOR', updated_at = now()", id).prepare(c)) {
                        ps.executeUpdate();
                    }
                    if (contact != null) {
                        try (PreparedStatement ps = new Sql().append("UPDATE debtor SET attorney_contact = ? WHERE id = ?",
                                r.required("attorney_contact"), id).prepare(c)) {
                            ps.executeUpdate();
                        }
                    }
                    Audit.record(c, r.user().name(), "debtor.flag", "debtor:" + id, Work.state(flag, false),
                            Work.state(flag, true, "attorneyContact", contact));
                })),
                "contact", new Action(Role.AGENT, r -> write(r, (c, id) -> {
                    String channel = r.required("channel").toLowerCase(Locale.ROOT);
                    if (!List.of("email", "sms", "letter", "phone").contains(channel)) {
                        throw new IllegalArgumentException("channel '" + channel + "': email, sms, letter or phone");
                    }
                    String address = r.required("address");
                    String consent = r.required("consent_source");
                    if (!CONSENT_SOURCES.contains(consent)) {
                        throw new IllegalArgumentException("consent_source '" + consent + "': one of " + CONSENT_SOURCES);
                    }
                    long creditor = Work.debtorCreditor(c, r.user(), id);
                    try (PreparedStatement ps = new Sql().append("""
                            INSERT INTO contact_point (debtor_id, channel, address, consent_source, consent_at, creditor_id)
                            VALUES (?, ?, ?, ?, now(), ?) ON CONFLICT (debtor_id, channel, address) DO NOTHING""",
                            id, channel, address, consent, creditor).prepare(c)) {
                        if (ps.executeUpdate() == 0) {
                            throw new IllegalArgumentException("address: the debtor already has this " + channel + " contact point");
                        }
                    }
                    Audit.record(c, r.user().name(), "debtor.contact-point", "debtor:" + id, null,
                            Work.state("channel", channel, "address", address, "consentSource", consent));
                })));
    }

    @FunctionalInterface
    interface Change {
        void apply(Connection c, long debtorId) throws SQLException;
    }

    private static String write(PageRequest r, Change change) throws SQLException {
        long id = r.id("id");
        Work.inTransaction(r.services().ds(), c -> {
            change.apply(c, id);
            return null;
        });
        return "debtors/" + id;
    }

    private static void checkInvoice(Connection c, long debtorId, long invoiceId) throws SQLException {
        if (Rows.one(c, new Sql().append("SELECT 1 AS x FROM invoice WHERE id = ? AND debtor_id = ?", invoiceId, debtorId)).isEmpty()) {
            throw new IllegalArgumentException("invoice " + invoiceId + ": not an invoice of this debtor");
        }
    }

    private static int integer(String v, String name) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + v + "': not a whole number");
        }
    }
}
