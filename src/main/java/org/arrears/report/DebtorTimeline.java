package org.arrears.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.arrears.db.Sql;

/**
 * Everything about one debtor, for {@code arrears debtor show} and the console's debtor page: the debtor with its
 * legal flags; its open invoices with their aging as of a date; its contact points with consent, quality and
 * opt-outs; its holds; and one timeline of what happened, newest first: each message with its gate decision (its
 * exact sent content from {@link #content}), its status changes (deliveries, bounces, failures), inbound events
 * (bounces, replies with their intent), payments with their allocations, holds placed and released, tasks and
 * payment plans. Each query reads the debtor's rows by index; a debtor outside the caller's creditors is not found.
 */
public final class DebtorTimeline {

    private final DataSource ds;

    public DebtorTimeline(DataSource ds) {
        this.ds = ds;
    }

    /** The debtor with its flags (merged with the hub's own debtor_flag rows); no row when not found or not in scope. */
    public ReportTable debtor(long debtorId, CreditorScope scope) {
        return Rows.query(ds, "Debtor " + debtorId, new Sql().append("""
                SELECT d.id, d.external_ref, d.name, d.kind, d.locale, d.time_zone, d.jurisdiction, cr.code AS creditor,
                       d.cease_communication OR coalesce(f.cease_communication, false) AS cease,
                       d.attorney_represented OR coalesce(f.attorney_represented, false) AS attorney,
                       d.attorney_contact,
                       d.bankruptcy OR coalesce(f.bankruptcy, false) AS bankruptcy,
                       d.deceased OR coalesce(f.deceased, false) AS deceased,
                       d.no_contact_before, d.no_contact_after
                FROM debtor d JOIN creditor cr ON cr.id = d.creditor_id LEFT JOIN debtor_flag f ON f.debtor_id = d.id
                WHERE d.id = ?""", debtorId).append(scope.and("d.creditor_id")));
    }

    /** True when the debtor exists and belongs to a creditor in scope. */
    public boolean visible(long debtorId, CreditorScope scope) {
        return !debtor(debtorId, scope).rows().isEmpty();
    }

    /** Open invoices (as of now) with days past due and aging bucket as of the date (R44's default buckets). */
    public ReportTable invoices(long debtorId, LocalDate asOf, CreditorScope scope) {
        return Rows.query(ds, "Open invoices of debtor " + debtorId + " as of " + asOf, new Sql().append("""
                SELECT i.id, i.invoice_number, i.currency, i.issue_date, i.due_date, i.amount, i.open_amount,
                       ?::date - i.due_date AS dpd,
                       CASE WHEN ?::date - i.due_date <= 0 THEN 'current' WHEN ?::date - i.due_date <= 30 THEN '1-30'
                            WHEN ?::date - i.due_date <= 60 THEN '31-60' WHEN ?::date - i.due_date <= 90 THEN '61-90'
                            ELSE '90+' END AS bucket,
                       i.payment_reference,
                       EXISTS (SELECT 1 FROM hold h WHERE h.debtor_id = i.debtor_id AND h.kind = 'DISPUTE'
                               AND h.released_at IS NULL AND (h.invoice_id IS NULL OR h.invoice_id = i.id)) AS disputed
                FROM invoice i
                WHERE i.debtor_id = ? AND i.open_amount > 0""", asOf, asOf, asOf, asOf, asOf, debtorId)
                .append(scope.and("i.creditor_id")).append(" ORDER BY i.due_date, i.id"));
    }

    /** Contact points with consent, quality and opt-outs, retired ones included (marked). */
    public ReportTable contactPoints(long debtorId, CreditorScope scope) {
        return Rows.query(ds, "Contact points of debtor " + debtorId, new Sql().append("""
                SELECT cp.id, cp.channel, cp.address, cp.consent_source, cp.consent_at, cp.creditor_notice_sent_on,
                       cp.quality, cp.preferred, cp.work_email, cp.opted_out_at, cp.opt_out_source, cp.origin, cp.retired_at
                FROM contact_point cp
                WHERE cp.debtor_id = ?""", debtorId).append(scope.and("cp.creditor_id")).append(" ORDER BY cp.channel, cp.id"));
    }

    /** Holds, active first, then released ones, newest first. */
    public ReportTable holds(long debtorId, CreditorScope scope) {
        return Rows.query(ds, "Holds of debtor " + debtorId, new Sql().append("""
                SELECT h.id, h.kind, h.invoice_id, h.reason, h.until, h.promised_amount, h.promise_status,
                       h.created_at, h.released_at
                FROM hold h
                WHERE h.debtor_id = ?""", debtorId).append(scope.and("h.creditor_id"))
                .append(" ORDER BY h.released_at IS NOT NULL, h.created_at DESC, h.id DESC"));
    }

    /** The timeline, newest first, at most {@code limit} entries: columns at, kind, ref, summary, detail. */
    public ReportTable timeline(long debtorId, CreditorScope scope, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("timeline limit must be at least 1, got " + limit);
        }
        if (!visible(debtorId, scope)) {
            return new ReportTable("Timeline of debtor " + debtorId, java.util.List.of("at", "kind", "ref", "summary", "detail"),
                    java.util.List.of());
        }
        Sql sql = new Sql().append("""
                WITH comms AS (
                    SELECT * FROM communication WHERE debtor_id = ?
                )
                SELECT * FROM (
                    SELECT coalesce(c.sent_at, c.decided_at, c.planned_at) AS at, 'MESSAGE' AS kind, c.id AS ref,
                           c.channel || ' ' || c.step_code || ' (' || c.template || ') to ' || coalesce(c.address, '-')
                               || ': ' || c.status AS summary,
                           'gate ' || coalesce(c.gate_verdict, '-') || coalesce(' ' || c.gate_reason, '')
                               || coalesce(': ' || c.gate_detail, '')
                               || coalesce('; content sha256 ' || c.content_sha256, '') AS detail
                    FROM comms c
                    UNION ALL
                    SELECT e.at, 'MESSAGE_' || e.status, e.communication_id,
                           c.channel || ' ' || c.step_code || ': ' || e.status,
                           concat_ws(' ', e.verdict, e.reason, e.detail)
                    FROM comms c JOIN communication_event e ON e.communication_id = c.id
                    WHERE e.status NOT IN ('PLANNED', 'CLAIMED')
                    UNION ALL
                    SELECT ie.received_at, 'INBOUND_' || ie.kind, ie.id,
                           ie.kind || coalesce(' intent ' || (ie.payload -> 'intent' ->> 'name'), '') || ' from ' || ie.source,
                           concat_ws(' ', 'status ' || ie.status, ie.payload -> 'intent' ->> 'phrase')
                    FROM inbound_event ie WHERE ie.debtor_id = ?
                    UNION ALL
                    SELECT coalesce(p.value_date, p.booking_date)::timestamptz, 'PAYMENT', p.id,
                           p.amount || ' ' || p.currency || ' ' || coalesce(p.status, '') || coalesce(' by ' || p.match_method, ''),
                           (SELECT string_agg(coalesce(i.invoice_number, a.invoice_id::text) || ': ' || a.amount, ', ' ORDER BY a.id)
                            FROM allocation a LEFT JOIN invoice i ON i.id = a.invoice_id WHERE a.payment_id = p.id)
                    FROM payment p WHERE p.debtor_id = ?
                    UNION ALL
                    SELECT h.created_at, 'HOLD_PLACED', h.id,
                           h.kind || coalesce(' on invoice ' || h.invoice_id, '') || coalesce(' until ' || h.until, '')
                               || coalesce(', promised ' || h.promised_amount, ''),
                           h.reason
                    FROM hold h WHERE h.debtor_id = ?
                    UNION ALL
                    SELECT h.released_at, 'HOLD_RELEASED', h.id, h.kind || coalesce(' ' || h.promise_status, ''), h.reason
                    FROM hold h WHERE h.debtor_id = ? AND h.released_at IS NOT NULL
                    UNION ALL
                    SELECT t.created_at, 'TASK', t.id, t.kind || ': ' || t.title || ' (' || t.status || ')', t.detail
                    FROM task t WHERE t.debtor_id = ?
                    UNION ALL
                    SELECT pp.created_at, 'PAYMENT_PLAN', pp.id,
                           pp.total || ' ' || pp.currency || ' in ' || (SELECT count(*) FROM payment_plan_instalment pi
                                                                       WHERE pi.plan_id = pp.id) || ' instalments: ' || pp.status,
                           pp.note
                    FROM payment_plan pp WHERE pp.debtor_id = ?
                ) x
                ORDER BY at DESC NULLS LAST, kind, ref DESC
                LIMIT ?""", debtorId, debtorId, debtorId, debtorId, debtorId, debtorId, debtorId, limit);
        return Rows.query(ds, "Timeline of debtor " + debtorId, sql);
    }

    /** A message's exact sent content (as stored, decompressed), or null when it has none or is not in scope. */
    public String content(long communicationId, CreditorScope scope) {
        Sql sql = new Sql().append("SELECT c.content_gz FROM communication c WHERE c.id = ?", communicationId)
                .append(scope.and("c.creditor_id"));
        try (Connection c = ds.getConnection(); PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            byte[] gz = rs.next() ? rs.getBytes(1) : null;
            if (gz == null) {
                return null;
            }
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading message " + communicationId + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("message " + communicationId + " has unreadable content", e);
        }
    }
}
