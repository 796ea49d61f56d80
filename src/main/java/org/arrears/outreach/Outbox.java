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
import org.arrears.db.Sql;

/**
 * What the gate and the renderer need to know about claimed messages, read fresh in a few set queries: debtor,
 * address, listed invoices, holds and recent sends. Claiming and recording are {@link MessageLifecycle}'s.
 */
public final class Outbox {


    private final DataSource ds;
    private final ArSource ar;

    public Outbox(DataSource ds, ArSource ar) {
        this.ds = ds;
        this.ar = ar;
    }

    /**
     * Reads debtor, address, invoices, holds and recent sends for a batch in five set queries. A message whose debtor
     * is no longer in the debtor source gets no context.
     */
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
        Map<Long, List<Instant>> sends;
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
            sends = recentSends(c, debtorIds, channel, now.minus(capLookback));
        } catch (SQLException e) {
            throw new IllegalStateException("reading message context failed: " + e.getMessage(), e);
        }
        List<MessageContext> out = new ArrayList<>(batch.size());
        for (ClaimedMessage m : batch) {
            Rows.DebtorRow d = debtors.get(m.debtorId());
            if (d == null) {
                continue; // gone from the AR source since planning: the dispatcher fails that message alone
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

    /**
     * Sends of a channel to these debtors since the instant, newest first, by debtor: what the gate's frequency caps
     * and gaps count, for the dispatcher and the preview alike.
     */
    static Map<Long, List<Instant>> recentSends(Connection c, Long[] debtorIds, String channel, Instant since)
            throws SQLException {
        Map<Long, List<Instant>> sends = new HashMap<>();
        try (PreparedStatement ps = new Sql().append("""
                SELECT debtor_id, sent_at FROM communication
                WHERE debtor_id = ANY(?) AND channel = ? AND status IN ('SENT', 'DELIVERED') AND sent_at > ?
                ORDER BY sent_at DESC
                """, debtorIds, channel, since).prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sends.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(rs.getObject(2, OffsetDateTime.class).toInstant());
            }
        }
        return sends;
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
}
