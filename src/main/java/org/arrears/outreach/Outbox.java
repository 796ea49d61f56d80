package org.arrears.outreach;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.arrears.ar.ArSource;
import org.arrears.compliance.ActiveHold;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ContactPointProfile;
import org.arrears.compliance.DebtorProfile;
import org.arrears.compliance.HoldKind;
import org.arrears.compliance.ReasonCode;
import org.arrears.db.Sql;
import org.arrears.util.Gzip;
import org.arrears.util.Sha256;

/**
 * The communication table as a durable queue: claim due rows (UPDATE … SKIP LOCKED … RETURNING with a
 * lease), read each claimed row's context in a few set queries, and record a whole batch's outcomes in
 * one transaction. Every status change also lands in communication_event.
 */
public final class Outbox {


    private final DataSource ds;
    private final ArSource ar;

    public Outbox(DataSource ds, ArSource ar) {
        this.ds = ds;
        this.ar = ar;
    }

    /**
     * Claims up to {@code limit} due rows of a channel for {@code worker}; other instances skip them. No index
     * covers the columns a claim changes (see V3), so PostgreSQL updates the rows in place (HOT) rather than
     * adding an entry to every index of the table for each claimed message.
     */
    public List<ClaimedMessage> claim(Channel channel, String worker, int limit, Instant now) {
        Sql sql = new Sql().append("""
                UPDATE communication c SET status = 'CLAIMED', claimed_by = ?, claimed_at = now(), attempts = c.attempts + 1
                WHERE c.id IN (SELECT id FROM communication WHERE channel = ? AND in_flight AND status IN ('PLANNED', 'DEFERRED')
                               AND not_before <= ? ORDER BY not_before, id FOR UPDATE SKIP LOCKED LIMIT ?)
                RETURNING c.id, c.token, c.debtor_id, c.currency, c.cycle_id, c.policy_code, c.step_code, c.step_index,
                          c.channel, c.template, c.contact_point_id, c.address, c.attempts
                """, worker, channel.code(), now, limit);
        List<ClaimedMessage> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long cp = rs.getLong(11);
                Long cpId = rs.wasNull() ? null : cp;
                out.add(new ClaimedMessage(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10), cpId,
                        rs.getString(12), rs.getInt(13)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("claiming " + channel.code() + " messages failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Frees claims older than the lease (an instance died mid-batch); they are picked up again. */
    public int releaseExpiredClaims(Duration lease) {
        Sql sql = new Sql().append("""
                WITH freed AS (
                  UPDATE communication SET status = 'PLANNED', claimed_by = NULL, claimed_at = NULL
                  WHERE in_flight AND status = 'CLAIMED' AND claimed_at < now() - ?::interval
                  RETURNING id
                ), ev AS (
                  INSERT INTO communication_event (communication_id, status, detail)
                  SELECT id, 'PLANNED', 'claim expired; released for another attempt' FROM freed RETURNING 1
                )
                SELECT count(*) FROM freed
                """, lease.toSeconds() + " seconds");
        try (Connection c = ds.getConnection(); PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("releasing expired claims failed: " + e.getMessage(), e);
        }
    }

    /** Reads debtor, address, invoices, holds and recent sends for a batch in five set queries. */
    public List<MessageContext> contexts(List<ClaimedMessage> batch, Instant now, Duration capLookback) {
        if (batch.isEmpty()) {
            return List.of();
        }
        Long[] commIds = batch.stream().map(ClaimedMessage::id).toArray(Long[]::new);
        Long[] debtorIds = batch.stream().map(ClaimedMessage::debtorId).distinct().toArray(Long[]::new);
        Long[] cpIds = batch.stream().map(ClaimedMessage::contactPointId).filter(x -> x != null).distinct().toArray(Long[]::new);
        String channel = batch.get(0).channel();
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        Map<Long, Rows.DebtorRow> debtors;
        Map<Long, ContactPointProfile> points;
        Map<Long, List<InvoiceLine>> invoices = new HashMap<>();
        Map<Long, List<ActiveHold>> holds = new HashMap<>();
        Map<Long, List<Instant>> sends = new HashMap<>();
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            debtors = debtorRows(c, debtorIds);
            points = contactPointRows(c, cpIds);
            java.util.Set<Long> heldInvoices = new java.util.HashSet<>();
            try (PreparedStatement ps = new Sql().append("""
                    SELECT debtor_id, invoice_id, kind, reason FROM hold
                    WHERE debtor_id = ANY(?) AND released_at IS NULL AND (until IS NULL OR until >= ?::date)
                    """, debtorIds, today).prepare(c); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long inv = rs.getLong(2);
                    Long invoiceId = rs.wasNull() ? null : inv;
                    if (invoiceId != null) {
                        heldInvoices.add(invoiceId);
                    }
                    holds.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new ActiveHold(HoldKind.valueOf(rs.getString(3)), invoiceId, rs.getString(4)));
                }
            }
            try (PreparedStatement ps = new Sql().append("""
                    SELECT ci.communication_id, i.invoice_id, i.invoice_number, i.currency, i.issue_date, i.due_date,
                           i.amount, i.open_amount, i.payment_reference
                    FROM communication_invoice ci
                    -- one index probe per listed invoice: as a plain join PostgreSQL may merge-join the batch
                    -- against the whole invoice source instead (OFFSET 0 keeps the subquery from being flattened)
                    CROSS JOIN LATERAL (SELECT * FROM %s i WHERE i.invoice_id = ci.invoice_id OFFSET 0) i
                    WHERE ci.communication_id = ANY(?) ORDER BY i.due_date, i.invoice_number
                    """.formatted(ar.invoices()), (Object) commIds).prepare(c); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long invoiceId = rs.getLong(2);
                    invoices.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new InvoiceLine(invoiceId,
                            rs.getString(3), rs.getString(4), rs.getObject(5, LocalDate.class), rs.getObject(6, LocalDate.class),
                            rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getString(9), heldInvoices.contains(invoiceId)));
                }
            }
            try (PreparedStatement ps = new Sql().append("""
                    SELECT debtor_id, sent_at FROM communication
                    WHERE debtor_id = ANY(?) AND channel = ? AND status IN ('SENT', 'DELIVERED') AND sent_at > ?
                    ORDER BY sent_at DESC
                    """, debtorIds, channel, now.minus(capLookback)).prepare(c); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sends.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(rs.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading message context failed: " + e.getMessage(), e);
        }
        List<MessageContext> out = new ArrayList<>(batch.size());
        for (ClaimedMessage m : batch) {
            Rows.DebtorRow d = debtors.get(m.debtorId());
            if (d == null) {
                throw new IllegalStateException("communication " + m.id() + ": debtor " + m.debtorId() + " is not in the debtor source");
            }
            List<InvoiceLine> lines = invoices.getOrDefault(m.id(), List.of());
            List<ActiveHold> relevant = holds.getOrDefault(m.debtorId(), List.of()).stream()
                    .filter(h -> h.invoiceId() == null || lines.stream().anyMatch(l -> l.invoiceId() == h.invoiceId()))
                    .toList();
            ContactPointProfile cp = m.contactPointId() == null ? null : points.get(m.contactPointId());
            out.add(new MessageContext(m, d.name(), d.locale(), d.profile(), cp, lines, relevant,
                    sends.getOrDefault(m.debtorId(), List.of())));
        }
        return out;
    }

    /** Debtor profiles and contact points by id, as the gate sees them (for dry runs). */
    public Map<Long, DebtorProfile> debtorProfiles(java.util.Collection<Long> debtorIds) {
        try (Connection c = ds.getConnection()) {
            Map<Long, DebtorProfile> out = new HashMap<>();
            debtorRows(c, debtorIds.toArray(Long[]::new)).forEach((id, row) -> out.put(id, row.profile()));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading debtors failed: " + e.getMessage(), e);
        }
    }

    public Map<Long, ContactPointProfile> contactPoints(java.util.Collection<Long> ids) {
        try (Connection c = ds.getConnection()) {
            return contactPointRows(c, ids.toArray(Long[]::new));
        } catch (SQLException e) {
            throw new IllegalStateException("reading contact points failed: " + e.getMessage(), e);
        }
    }

    private Map<Long, Rows.DebtorRow> debtorRows(Connection c, Long[] ids) throws SQLException {
        Map<Long, Rows.DebtorRow> out = new HashMap<>();
        try (PreparedStatement ps = new Sql().append("SELECT * FROM " + ar.debtors() + " d WHERE d.debtor_id = ANY(?)", (Object) ids).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Rows.DebtorRow d = Rows.debtor(rs);
                out.put(d.profile().id(), d);
            }
        }
        return out;
    }

    private static Map<Long, ContactPointProfile> contactPointRows(Connection c, Long[] ids) throws SQLException {
        Map<Long, ContactPointProfile> out = new HashMap<>();
        if (ids.length == 0) {
            return out;
        }
        try (PreparedStatement ps = new Sql().append("SELECT * FROM contact_point WHERE id = ANY(?) AND retired_at IS NULL", (Object) ids).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ContactPointProfile p = Rows.contactPoint(rs);
                out.put(p.id(), p);
            }
        }
        return out;
    }

    /** Records a batch's outcomes (and the tasks some of them raise) in one transaction. */
    public void record(List<Outcome> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return;
        }
        List<Outcome> sent = outcomes.stream().filter(o -> o.delivery() != null).toList();
        // hash and compress the evidence before the transaction opens, not while it holds row locks
        String[] hashes = sent.stream().map(o -> Sha256.hex(o.delivery().content())).toArray(String[]::new);
        byte[][] contents = sent.stream().map(o -> Gzip.compress(o.delivery().content())).toArray(byte[][]::new);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            if (!sent.isEmpty()) {
                // one statement for the whole batch: per-row UPDATEs cost more than the rows themselves
                try (PreparedStatement ps = new Sql().append("""
                        UPDATE communication c SET status = 'SENT', sent_at = ?, provider_message_id = u.message_id,
                               provider_response = u.response, template_version = u.version, content_sha256 = u.sha,
                               content_gz = u.content, gate_verdict = u.verdict, gate_reason = u.reason,
                               gate_detail = u.detail, decided_at = ?, total_amount = u.total, claimed_by = NULL,
                               last_error = NULL
                        FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[], ?::text[],
                                    ?::text[], ?::text[], ?::numeric[])
                             AS u(id, message_id, response, version, sha, content, verdict, reason, detail, total)
                        WHERE c.id = u.id
                        """, now, now,
                        sent.stream().map(o -> o.message().id()).toArray(Long[]::new),
                        sent.stream().map(o -> o.delivery().providerMessageId()).toArray(String[]::new),
                        sent.stream().map(o -> o.delivery().providerResponse()).toArray(String[]::new),
                        sent.stream().map(o -> o.delivery().templateVersion()).toArray(String[]::new),
                        hashes,
                        contents,
                        sent.stream().map(o -> o.decision().verdict().name()).toArray(String[]::new),
                        sent.stream().map(o -> o.decision().reason().name()).toArray(String[]::new),
                        sent.stream().map(o -> o.decision().detail()).toArray(String[]::new),
                        sent.stream().map(Outcome::total).toArray(java.math.BigDecimal[]::new)).prepare(c)) {
                    ps.executeUpdate();
                }
            }
            List<Outcome> other = outcomes.stream().filter(o -> o.delivery() == null).toList();
            if (!other.isEmpty()) {
                try (PreparedStatement ps = new Sql().append("""
                        UPDATE communication c SET status = u.status, not_before = coalesce(u.not_before::timestamptz, c.not_before),
                               gate_verdict = coalesce(u.verdict, c.gate_verdict), gate_reason = coalesce(u.reason, c.gate_reason),
                               gate_detail = coalesce(u.detail, c.gate_detail), decided_at = ?, last_error = u.error,
                               claimed_by = NULL, claimed_at = NULL
                        FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                             AS u(id, status, not_before, verdict, reason, detail, error)
                        WHERE c.id = u.id
                        """, now,
                        other.stream().map(o -> o.message().id()).toArray(Long[]::new),
                        other.stream().map(Outcome::status).toArray(String[]::new),
                        other.stream().map(o -> o.notBefore() == null ? null : o.notBefore().toString()).toArray(String[]::new),
                        other.stream().map(o -> o.decision() == null ? null : o.decision().verdict().name()).toArray(String[]::new),
                        other.stream().map(o -> o.decision() == null ? null : o.decision().reason().name()).toArray(String[]::new),
                        other.stream().map(o -> o.decision() == null ? null : o.decision().detail()).toArray(String[]::new),
                        other.stream().map(Outcome::error).toArray(String[]::new)).prepare(c)) {
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = new Sql().append("""
                    INSERT INTO communication_event (communication_id, at, status, verdict, reason, detail)
                    SELECT id, ?, status, verdict, reason, detail
                    FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(id, status, verdict, reason, detail)
                    """, now,
                    outcomes.stream().map(o -> o.message().id()).toArray(Long[]::new),
                    outcomes.stream().map(Outcome::status).toArray(String[]::new),
                    outcomes.stream().map(o -> o.decision() == null ? null : o.decision().verdict().name()).toArray(String[]::new),
                    outcomes.stream().map(o -> o.decision() == null ? null : o.decision().reason().name()).toArray(String[]::new),
                    outcomes.stream().map(o -> o.error() != null ? o.error() : o.decision() == null ? null : o.decision().detail())
                            .toArray(String[]::new)).prepare(c)) {
                ps.executeUpdate();
            }
            List<Outcome> attorney = outcomes.stream().filter(o -> o.decision() != null
                    && o.decision().reason() == ReasonCode.ATTORNEY_REPRESENTED).toList();
            if (!attorney.isEmpty()) {
                try (PreparedStatement ps = new Sql().append("""
                        INSERT INTO task (kind, debtor_id, communication_id, cycle_id, title, detail, dedupe_key)
                        SELECT 'ATTORNEY', u.debtor_id, u.id, u.cycle_id,
                               'Debtor is represented by an attorney: contact the attorney instead',
                               'Message ' || u.id || ' (' || u.step || ') was not sent to the debtor.',
                               'attorney:' || u.debtor_id || ':' || u.cycle_id
                        FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[]) AS u(id, debtor_id, cycle_id, step)
                        ON CONFLICT (dedupe_key) DO NOTHING
                        """,
                        attorney.stream().map(o -> o.message().id()).toArray(Long[]::new),
                        attorney.stream().map(o -> o.message().debtorId()).toArray(Long[]::new),
                        attorney.stream().map(o -> o.message().cycleId()).toArray(Long[]::new),
                        attorney.stream().map(o -> o.message().stepCode()).toArray(String[]::new)).prepare(c)) {
                    ps.executeUpdate();
                }
            }
            ar.writeBack().contactHistory(c, sent.stream().map(o -> o.message().id()).toArray(Long[]::new));
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("recording " + outcomes.size() + " outcomes failed: " + e.getMessage(), e);
        }
    }
}
