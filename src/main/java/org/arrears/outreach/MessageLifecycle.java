package org.arrears.outreach;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.arrears.ar.ArWriteBack;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ReasonCode;
import org.arrears.db.Sql;
import org.arrears.policy.Approvals;
import org.arrears.policy.MessageScope;
import org.arrears.util.Gzip;
import org.arrears.util.Sha256;

/**
 * The message lifecycle: the only code that writes {@code communication.status} and appends to
 * {@code communication_event} (a test scans the sources for any other writer). The planner inserts through
 * {@link #insertPlanned}, dispatchers claim, mark, record and release through the methods here, the payment poster
 * cancels through {@link #cancelSettled}, and the channels and inbound events to come go through it too.
 *
 * <p>Every write to a claimed row is fenced by its claim token: a worker whose claim expired (and was released,
 * perhaps claimed again elsewhere) changes nothing. One exception, on purpose: a SENT outcome whose claim was lost
 * is still recorded when no other worker is sending the row at that moment, because the message did leave and
 * recording it is what stops a second worker from sending it again.
 */
public final class MessageLifecycle implements ReceiptSink {

    /** What one {@link #record} transaction did. */
    public record Recorded(Set<Long> recorded, Set<Long> marked, int rescued, List<Long> lostAfterSend,
                           int lostUnsent) {
        /** Claims that were gone when their outcome came to be recorded. */
        public int lost() {
            return rescued + lostAfterSend.size() + lostUnsent;
        }
    }

    /** What one sweep of expired claims released. */
    public record Released(int released, int ambiguous) {
    }

    private final DataSource ds;
    private final ArWriteBack writeBack;

    /** @param writeBack where sent messages are written back to the AR database as contact history */
    public MessageLifecycle(DataSource ds, ArWriteBack writeBack) {
        this.ds = ds;
        this.writeBack = writeBack;
    }

    // ---- planning ----------------------------------------------------------------------------------------------

    /**
     * The planner's insert, as two CTEs of its statement: {@code ins}, which inserts the rows {@code select} yields
     * (columns as listed below, in order; fallback_channels: the step's channels after this one; creditor_id: the
     * debtor's creditor) as PLANNED,
     * skipping dedupe keys that exist, and returns
     * {@code id, debtor_id, currency, step_index, step_code, channel}; and {@code ins_events}, their PLANNED events.
     */
    public static Sql insertPlanned(Sql select, String detail) {
        return new Sql().append("""
                ins AS (
                  INSERT INTO communication (token, dedupe_key, debtor_id, currency, cycle_id, policy_code,
                         policy_version, step_code, step_index, repeat_no, channel, template, contact_point_id,
                         address, plan_date, not_before, total_amount, fallback_channels, creditor_id, status)
                  SELECT x.*, 'PLANNED' FROM (
                """).append(select).append("""
                  ) x
                  ON CONFLICT (dedupe_key) DO NOTHING
                  RETURNING id, debtor_id, currency, step_index, step_code, channel
                ), ins_events AS (
                  INSERT INTO communication_event (communication_id, status, detail)
                  SELECT id, 'PLANNED', ?::text FROM ins
                  RETURNING 1
                )
                """, detail);
    }

    // ---- claiming ----------------------------------------------------------------------------------------------

    /**
     * Claims up to {@code limit} due rows of a channel for {@code worker} under one new claim token; other
     * instances skip them. No index covers the columns a claim changes (V3, V5), so PostgreSQL updates the rows in
     * place (HOT) rather than adding an entry to every index of the table for each claimed message.
     */
    public List<ClaimedMessage> claim(Channel channel, String worker, int limit, Instant now) {
        UUID claim = UUID.randomUUID();
        Sql sql = new Sql().append("""
                UPDATE communication c SET status = 'CLAIMED', claimed_by = ?, claimed_at = now(), claim_token = ?,
                       sending_since = NULL, attempts = c.attempts + 1
                WHERE c.id IN (SELECT id FROM communication WHERE channel = ? AND in_flight AND status IN %s
                               AND not_before <= ? AND %s ORDER BY not_before, id FOR UPDATE SKIP LOCKED LIMIT ?)
                RETURNING c.id, c.token, c.debtor_id, c.currency, c.cycle_id, c.policy_code, c.step_code, c.step_index,
                          c.channel, c.template, c.contact_point_id, c.address, c.attempts, c.creditor_id
                """.formatted(MessageStatus.sqlFrom(MessageStatus.CLAIMED), Approvals.RELEASED), worker, claim, channel.code(), now, limit);
        List<ClaimedMessage> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long cp = rs.getLong(11);
                Long cpId = rs.wasNull() ? null : cp;
                out.add(new ClaimedMessage(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10), cpId,
                        rs.getString(12), rs.getInt(13), claim, rs.getLong(14)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("claiming " + channel.code() + " messages failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Extends the lease of the given rows of a claim that it still holds; returns the ids it still holds. Found by
     * primary key (no index covers the claim token). Rows locked right now, by the worker recording them, are
     * skipped rather than waited for (their record renews them anyway), so the heartbeat can never deadlock with
     * its own worker; they still count as held, as the plain read sees them.
     */
    public Set<Long> renew(UUID claim, java.util.Collection<Long> ids) {
        Set<Long> held = new HashSet<>();
        if (ids.isEmpty()) {
            return held;
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = new Sql().append("""
                WITH mine AS (
                  SELECT id FROM communication WHERE id = ANY(?) AND claim_token = ? AND status = 'CLAIMED'
                ), free AS (
                  SELECT c.id FROM communication c JOIN mine USING (id) FOR UPDATE OF c SKIP LOCKED
                ), renewed AS (
                  UPDATE communication c SET claimed_at = now() FROM free WHERE c.id = free.id RETURNING 1
                )
                SELECT id, (SELECT count(*) FROM renewed) FROM mine
                """, ids.toArray(Long[]::new), claim).prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                held.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("renewing claim " + claim + " failed: " + e.getMessage(), e);
        }
        return held;
    }

    /**
     * Frees claims whose lease expired (their worker died or lost the database). Those that were being sent when
     * the lease ran out may have been delivered: they are counted, get an event saying so and a task for a
     * specialist, and are sent again.
     */
    public Released releaseExpired(Duration lease) {
        Sql sql = new Sql().append("""
                WITH expired AS (
                  SELECT id, debtor_id, attempts, sending_since IS NOT NULL AS ambiguous FROM communication
                  WHERE in_flight AND status = 'CLAIMED' AND claimed_at < now() - ?::interval
                  FOR UPDATE SKIP LOCKED
                ), freed AS (
                  UPDATE communication c SET status = 'PLANNED', claimed_by = NULL, claimed_at = NULL, claim_token = NULL,
                         sending_since = NULL
                  FROM expired e WHERE c.id = e.id
                  RETURNING c.id, e.debtor_id, e.attempts, e.ambiguous
                ), ev AS (
                  INSERT INTO communication_event (communication_id, status, detail)
                  SELECT id, 'PLANNED', CASE WHEN ambiguous
                      THEN 'claim expired while the message was being sent: it may have been delivered; it is sent again'
                      ELSE 'claim expired; released for another attempt' END
                  FROM freed RETURNING 1
                ), tasks AS (
                  INSERT INTO task (kind, debtor_id, communication_id, title, detail, dedupe_key)
                  SELECT 'DELIVERY_UNCERTAIN', debtor_id, id, 'A reminder may have been delivered twice',
                         'Message ' || id || ' was being sent when its worker stopped; it is sent again, so the debtor '
                         || 'may receive it twice.', 'uncertain:' || id || ':' || attempts
                  FROM freed WHERE ambiguous
                  ON CONFLICT (dedupe_key) DO NOTHING RETURNING 1
                )
                SELECT count(*), count(*) FILTER (WHERE ambiguous) FROM freed
                """, lease.toMillis() + " milliseconds");
        try (Connection c = ds.getConnection(); PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Released(rs.getInt(1), rs.getInt(2));
        } catch (SQLException e) {
            throw new IllegalStateException("releasing expired claims failed: " + e.getMessage(), e);
        }
    }

    // ---- recording -----------------------------------------------------------------------------------------------

    /**
     * In one transaction: records {@code outcomes} (fenced by their claims), and marks {@code toSend} as being sent
     * (fenced likewise, renewing their lease). Only marked rows may be handed to the gateway; a row that is not
     * marked was lost to the lease and must not be sent.
     */
    public Recorded record(List<Outcome> outcomes, List<ClaimedMessage> toSend) {
        List<Outcome> sent = outcomes.stream().filter(o -> o.status() == MessageStatus.SENT).toList();
        List<Outcome> other = outcomes.stream().filter(o -> o.status() != MessageStatus.SENT).toList();
        other.forEach(o -> MessageStatus.check(MessageStatus.CLAIMED, o.status()));
        // hash and compress the evidence before the transaction opens, not while it holds row locks
        String[] hashes = sent.stream().map(o -> Sha256.hex(o.delivery().content())).toArray(String[]::new);
        byte[][] contents = sent.stream().map(o -> Gzip.compress(o.delivery().content())).toArray(byte[][]::new);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<Long> recorded = new HashSet<>();
                Set<Long> rescuedIds = new HashSet<>();
                List<Long> lostAfterSend = new ArrayList<>();
                if (!sent.isEmpty()) {
                    recorded.addAll(recordSent(c, sent, hashes, contents, false));
                    if (recorded.size() < sent.size()) {
                        List<Integer> missing = new ArrayList<>();
                        for (int i = 0; i < sent.size(); i++) {
                            if (!recorded.contains(sent.get(i).message().id())) {
                                missing.add(i);
                            }
                        }
                        Set<Long> saved = recordSent(c, missing.stream().map(sent::get).toList(),
                                missing.stream().map(i -> hashes[i]).toArray(String[]::new),
                                missing.stream().map(i -> contents[i]).toArray(byte[][]::new), true);
                        rescuedIds.addAll(saved);
                        recorded.addAll(saved);
                        missing.stream().map(i -> sent.get(i).message().id()).filter(id -> !saved.contains(id))
                                .forEach(lostAfterSend::add);
                    }
                }
                int lostUnsent = 0;
                if (!other.isEmpty()) {
                    Set<Long> done = recordOther(c, other);
                    lostUnsent = other.size() - done.size();
                    recorded.addAll(done);
                }
                List<Outcome> kept = outcomes.stream().filter(o -> recorded.contains(o.message().id())).toList();
                appendEvents(c, kept, rescuedIds);
                hardBounces(c, kept);
                fallBacks(c, kept);
                attorneyTasks(c, kept);
                writeBack.contactHistory(c, kept.stream().filter(o -> o.status() == MessageStatus.SENT)
                        .map(o -> o.message().id()).toArray(Long[]::new));
                Set<Long> marked = toSend.isEmpty() ? Set.of() : mark(c, toSend);
                c.commit();
                return new Recorded(recorded, marked, rescuedIds.size(), lostAfterSend, lostUnsent);
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback); // a broken connection: the first failure is the one that says why
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording " + outcomes.size() + " outcomes failed: " + e.getMessage(), e);
        }
    }

    /**
     * SENT rows, one statement for the whole group (per-row UPDATEs cost more than the rows themselves). Fenced by
     * the claim; with {@code rescue}, instead: any in-flight row that no worker is sending at this moment.
     */
    private static Set<Long> recordSent(Connection c, List<Outcome> sent, String[] hashes, byte[][] contents,
                                        boolean rescue) throws SQLException {
        String fence = rescue ? "c.in_flight AND c.sending_since IS NULL" : "c.claim_token = u.claim AND c.status = 'CLAIMED'";
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = new Sql().append("""
                UPDATE communication c SET status = 'SENT', sent_at = u.at, provider_message_id = u.message_id,
                       provider_response = u.response, template_version = u.version, content_sha256 = u.sha,
                       content_gz = u.content, gate_verdict = u.verdict, gate_reason = u.reason,
                       gate_detail = u.detail, decided_at = u.at, total_amount = u.total, claimed_by = NULL,
                       claim_token = NULL, sending_since = NULL, last_error = NULL
                FROM unnest(?::bigint[], ?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[],
                            ?::text[], ?::text[], ?::text[], ?::numeric[])
                     AS u(id, claim, at, message_id, response, version, sha, content, verdict, reason, detail, total)
                WHERE c.id = u.id AND %s
                RETURNING c.id
                """.formatted(fence),
                ids(sent), claims(sent), ats(sent),
                sent.stream().map(o -> o.delivery().providerMessageId()).toArray(String[]::new),
                sent.stream().map(o -> o.delivery().providerResponse()).toArray(String[]::new),
                sent.stream().map(o -> o.delivery().templateVersion()).toArray(String[]::new),
                hashes, contents,
                sent.stream().map(o -> o.decision().verdict().name()).toArray(String[]::new),
                sent.stream().map(o -> o.decision().reason().name()).toArray(String[]::new),
                sent.stream().map(o -> o.decision().detail()).toArray(String[]::new),
                sent.stream().map(Outcome::total).toArray(BigDecimal[]::new)).prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** Decided, failed and released rows, fenced by their claims. */
    private static Set<Long> recordOther(Connection c, List<Outcome> other) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = new Sql().append("""
                UPDATE communication c SET status = u.status, not_before = coalesce(u.not_before, c.not_before),
                       gate_verdict = coalesce(u.verdict, c.gate_verdict), gate_reason = coalesce(u.reason, c.gate_reason),
                       gate_detail = coalesce(u.detail, c.gate_detail), decided_at = u.at, last_error = u.error,
                       attempts = c.attempts - u.give_back, claimed_by = NULL, claimed_at = NULL, claim_token = NULL,
                       sending_since = NULL
                FROM unnest(?::bigint[], ?::uuid[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::int[])
                     AS u(id, claim, at, status, not_before, verdict, reason, detail, error, give_back)
                WHERE c.id = u.id AND c.claim_token = u.claim AND c.status = 'CLAIMED'
                RETURNING c.id
                """,
                ids(other), claims(other), ats(other),
                other.stream().map(o -> o.status().name()).toArray(String[]::new),
                other.stream().map(o -> o.notBefore() == null ? null : o.notBefore().toString()).toArray(String[]::new),
                other.stream().map(o -> o.decision() == null ? null : o.decision().verdict().name()).toArray(String[]::new),
                other.stream().map(o -> o.decision() == null ? null : o.decision().reason().name()).toArray(String[]::new),
                other.stream().map(o -> o.decision() == null ? null : o.decision().detail()).toArray(String[]::new),
                other.stream().map(Outcome::error).toArray(String[]::new),
                other.stream().map(o -> o.untried() ? 1 : 0).toArray(Integer[]::new)).prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** One event per recorded outcome, at the moment it happened; a SENT recorded after its claim expired says so. */
    private static void appendEvents(Connection c, List<Outcome> kept, Set<Long> rescued) throws SQLException {
        if (kept.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO communication_event (communication_id, at, status, verdict, reason, detail)
                SELECT id, at, status, verdict, reason, detail
                FROM unnest(?::bigint[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[])
                     AS u(id, at, status, verdict, reason, detail)
                """,
                ids(kept), ats(kept),
                kept.stream().map(o -> o.status().name()).toArray(String[]::new),
                kept.stream().map(o -> o.decision() == null ? null : o.decision().verdict().name()).toArray(String[]::new),
                kept.stream().map(o -> o.hardBounce() ? o.addressReason().name()
                        : o.decision() == null ? null : o.decision().reason().name()).toArray(String[]::new),
                kept.stream().map(o -> eventDetail(o, rescued.contains(o.message().id()))).toArray(String[]::new)).prepare(c)) {
            ps.executeUpdate();
        }
    }

    private static String eventDetail(Outcome o, boolean rescued) {
        String d = o.error() != null ? o.error() : o.decision() == null ? null : o.decision().detail();
        return rescued ? (d == null ? "" : d + "; ") + "recorded after its claim had expired (the message had already left)" : d;
    }

    /**
     * A recipient refused permanently (SMTP 5xx at RCPT, an invalid or landline number, an incomplete postal
     * address): the address is known bad, so the next campaign skips it.
     */
    private static void hardBounces(Connection c, List<Outcome> kept) throws SQLException {
        List<Outcome> bounced = kept.stream().filter(o -> o.hardBounce() && o.message().contactPointId() != null).toList();
        if (bounced.isEmpty()) {
            return;
        }
        ContactPoints.undeliverable(c, bounced.stream().map(o -> o.message().contactPointId()).toArray(Long[]::new),
                ids(bounced), bounced.stream().map(o -> switch (o.addressReason()) {
                    case INVALID_NUMBER, UNDELIVERABLE -> "INVALID";
                    case LANDLINE -> "LANDLINE";
                    default -> "HARD_BOUNCE";
                }).toArray(String[]::new),
                bounced.stream().map(o -> o.message().channel().equals("email") ? "SMTP_RCPT"
                        : o.message().channel().toUpperCase(java.util.Locale.ROOT) + "_GATEWAY").toArray(String[]::new));
    }

    /** Messages that could not reach their debtor on this channel: the step's next channel is planned. */
    private static void fallBacks(Connection c, List<Outcome> kept) throws SQLException {
        List<Outcome> fall = kept.stream().filter(o -> o.fallbackReason() != null).toList();
        if (!fall.isEmpty()) {
            fallBack(c, ids(fall), fall.stream().map(o -> o.fallbackReason().name()).toArray(String[]::new), ats(fall));
        }
    }

    private static void attorneyTasks(Connection c, List<Outcome> kept) throws SQLException {
        List<Outcome> attorney = kept.stream().filter(o -> o.decision() != null
                && o.decision().reason() == ReasonCode.ATTORNEY_REPRESENTED).toList();
        if (attorney.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO task (kind, debtor_id, communication_id, cycle_id, title, detail, dedupe_key)
                SELECT 'ATTORNEY', u.debtor_id, u.id, u.cycle_id,
                       'Debtor is represented by an attorney: contact the attorney instead',
                       'Message ' || u.id || ' (' || u.step || ') was not sent to the debtor.',
                       'attorney:' || u.debtor_id || ':' || u.cycle_id
                FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[]) AS u(id, debtor_id, cycle_id, step)
                ON CONFLICT (dedupe_key) DO NOTHING
                """,
                ids(attorney),
                attorney.stream().map(o -> o.message().debtorId()).toArray(Long[]::new),
                attorney.stream().map(o -> o.message().cycleId()).toArray(Long[]::new),
                attorney.stream().map(o -> o.message().stepCode()).toArray(String[]::new)).prepare(c)) {
            ps.executeUpdate();
        }
    }

    /** Marks rows about to be sent, fenced by their claim; renews their lease. Returns the ids marked. */
    private static Set<Long> mark(Connection c, List<ClaimedMessage> toSend) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = new Sql().append("""
                UPDATE communication c SET sending_since = now(), claimed_at = now()
                FROM unnest(?::bigint[], ?::uuid[]) AS u(id, claim)
                WHERE c.id = u.id AND c.claim_token = u.claim AND c.status = 'CLAIMED'
                RETURNING c.id
                """, toSend.stream().map(ClaimedMessage::id).toArray(Long[]::new),
                toSend.stream().map(m -> m.claim().toString()).toArray(String[]::new)).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    // ---- after sending: receipts ------------------------------------------------------------------------------------

    /**
     * Applies delivery receipts in one transaction: DELIVERED moves a SENT message to DELIVERED; UNDELIVERABLE moves a
     * SENT or DELIVERED one to BOUNCED, marks its contact point (HARD_BOUNCE, or RETURNED for a letter) and falls back
     * to the step's next channel; PENDING adds to the history only. A receipt for a message already past that state
     * (a repeated callback) changes nothing; one that names no message of its channel is unmatched.
     */
    @Override
    public Applied apply(List<Receipt> receipts) {
        if (receipts.isEmpty()) {
            return new Applied(0, 0, 0, 0);
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Applied a = applyReceipts(c, receipts);
                c.commit();
                return a;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("applying " + receipts.size() + " receipts failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Applied apply(Connection c, List<Receipt> receipts) throws SQLException {
        return receipts.isEmpty() ? new Applied(0, 0, 0, 0) : applyReceipts(c, receipts);
    }

    private record Matched(Receipt receipt, long id, MessageStatus status, Long contactPointId) {
    }

    private Applied applyReceipts(Connection c, List<Receipt> receipts) throws SQLException {
        int n = receipts.size();
        List<Matched> matched = new ArrayList<>();
        try (PreparedStatement ps = new Sql().append("""
                SELECT r.i, c.id, c.status, c.contact_point_id
                FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[]) WITH ORDINALITY AS r(channel, comm, pid, alt, i)
                JOIN LATERAL (
                  SELECT x.id, x.status, x.contact_point_id FROM communication x
                  WHERE x.channel = r.channel AND (CASE WHEN r.comm IS NOT NULL THEN x.id = r.comm
                                                        ELSE x.provider_message_id = ANY(ARRAY[r.pid, r.alt]) END)
                  ORDER BY x.id DESC LIMIT 1 FOR UPDATE
                ) c ON true
                """,
                receipts.stream().map(r -> r.channel().code()).toArray(String[]::new),
                receipts.stream().map(Receipt::communicationId).toArray(Long[]::new),
                receipts.stream().map(Receipt::providerMessageId).toArray(String[]::new),
                receipts.stream().map(MessageLifecycle::alternativeId).toArray(String[]::new)).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long cp = rs.getLong(4);
                matched.add(new Matched(receipts.get(rs.getInt(1) - 1), rs.getLong(2), MessageStatus.valueOf(rs.getString(3)),
                        rs.wasNull() ? null : cp));
            }
        }
        List<Matched> delivered = new ArrayList<>();
        List<Matched> undeliverable = new ArrayList<>();
        List<Matched> pending = new ArrayList<>();
        java.util.Map<Long, MessageStatus> now = new java.util.HashMap<>();
        matched.forEach(m -> now.putIfAbsent(m.id(), m.status()));
        for (Matched m : matched) {
            MessageStatus at = now.get(m.id());
            switch (m.receipt().kind()) {
                case DELIVERED -> {
                    if (at.canBecome(MessageStatus.DELIVERED)) {
                        delivered.add(m);
                        now.put(m.id(), MessageStatus.DELIVERED);
                    }
                }
                case UNDELIVERABLE -> {
                    if (at.canBecome(MessageStatus.BOUNCED)) {
                        undeliverable.add(m);
                        now.put(m.id(), MessageStatus.BOUNCED);
                    }
                }
                case PENDING -> pending.add(m);
                default -> throw new IllegalStateException("unknown receipt kind " + m.receipt().kind());
            }
        }
        receiptTransition(c, delivered, MessageStatus.DELIVERED);
        receiptTransition(c, undeliverable, MessageStatus.BOUNCED);
        receiptEvents(c, pending, MessageStatus.SENT);
        contactPointReceipts(c, delivered, undeliverable);
        if (!undeliverable.isEmpty()) {
            fallBack(c, undeliverable.stream().map(Matched::id).toArray(Long[]::new),
                    undeliverable.stream().map(m -> m.receipt().channel() == Channel.LETTER ? ReasonCode.UNDELIVERABLE.name()
                            : ReasonCode.HARD_BOUNCE.name()).toArray(String[]::new),
                    undeliverable.stream().map(m -> m.receipt().at().toString()).toArray(String[]::new));
        }
        int unmatched = n - matched.size();
        return new Applied(delivered.size(), undeliverable.size(), pending.size(), unmatched);
    }

    /**
     * Some SMSCs write a receipt's id in decimal while their submit_sm_resp gave it in hexadecimal (SMPP 3.4 leaves the
     * format open): a text receipt whose id is all digits also matches the hexadecimal form of that number.
     */
    static String alternativeId(Receipt r) {
        String id = r.providerMessageId();
        if (r.channel() != Channel.SMS || id == null || !id.matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.toHexString(Long.parseLong(id));
    }

    private static void receiptTransition(Connection c, List<Matched> group, MessageStatus to) throws SQLException {
        if (group.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = new Sql().append("""
                UPDATE communication c SET status = ?::text,
                       delivered_at = CASE WHEN ?::text = 'DELIVERED' THEN u.at ELSE c.delivered_at END,
                       last_error = CASE WHEN ?::text = 'BOUNCED' THEN u.detail ELSE c.last_error END
                FROM unnest(?::bigint[], ?::timestamptz[], ?::text[]) AS u(id, at, detail)
                WHERE c.id = u.id AND c.status IN %s
                """.formatted(MessageStatus.sqlFrom(to)), to.name(), to.name(), to.name(),
                group.stream().map(Matched::id).toArray(Long[]::new),
                group.stream().map(m -> m.receipt().at().toString()).toArray(String[]::new),
                group.stream().map(m -> m.receipt().detail()).toArray(String[]::new)).prepare(c)) {
            ps.executeUpdate();
        }
        receiptEvents(c, group, to);
    }

    private static void receiptEvents(Connection c, List<Matched> group, MessageStatus status) throws SQLException {
        if (group.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO communication_event (communication_id, at, status, reason, detail)
                SELECT id, at, ?::text, reason, detail
                FROM unnest(?::bigint[], ?::timestamptz[], ?::text[], ?::text[]) AS u(id, at, reason, detail)
                """, status.name(),
                group.stream().map(Matched::id).toArray(Long[]::new),
                group.stream().map(m -> m.receipt().at().toString()).toArray(String[]::new),
                group.stream().map(m -> m.receipt().source()).toArray(String[]::new),
                group.stream().map(m -> m.receipt().detail()).toArray(String[]::new)).prepare(c)) {
            ps.executeUpdate();
        }
    }

    private static void contactPointReceipts(Connection c, List<Matched> delivered, List<Matched> undeliverable)
            throws SQLException {
        List<Matched> d = delivered.stream().filter(m -> m.contactPointId() != null).toList();
        if (!d.isEmpty()) {
            ContactPoints.delivered(c, d.stream().map(Matched::contactPointId).toArray(Long[]::new),
                    d.stream().map(m -> m.receipt().at().toString()).toArray(String[]::new));
        }
        List<Matched> u = undeliverable.stream().filter(m -> m.contactPointId() != null).toList();
        if (!u.isEmpty()) {
            ContactPoints.undeliverable(c, u.stream().map(Matched::contactPointId).toArray(Long[]::new),
                    u.stream().map(Matched::id).toArray(Long[]::new),
                    u.stream().map(m -> m.receipt().channel() == Channel.LETTER ? "RETURNED" : "HARD_BOUNCE").toArray(String[]::new),
                    u.stream().map(m -> m.receipt().source()).toArray(String[]::new));
        }
    }

    // ---- fallback ------------------------------------------------------------------------------------------------

    /**
     * Within the caller's transaction: for each message that could not reach its debtor, plans the step's next
     * channel (once: the dedupe key names the channel), due at the moment the first could not reach (the outcome's or
     * the receipt's time), with the reason on both rows' history.
     */
    static int fallBack(Connection c, Long[] ids, String[] reasons, String[] dueAt) throws SQLException {
        try (PreparedStatement ps = new Sql().append("""
                WITH src AS (
                  SELECT c.*, u.reason AS why, u.due FROM unnest(?::bigint[], ?::text[], ?::timestamptz[]) AS u(id, reason, due)
                  JOIN communication c ON c.id = u.id
                  WHERE cardinality(c.fallback_channels) > 0
                ), nxt AS (
                  SELECT s.*, s.fallback_channels[1] AS next_channel, s.fallback_channels[2:] AS rest FROM src s
                ), ins AS (
                  INSERT INTO communication (token, dedupe_key, debtor_id, currency, cycle_id, policy_code, policy_version,
                         step_code, step_index, repeat_no, channel, template, contact_point_id, address, plan_date,
                         not_before, total_amount, status, fallback_channels, fallback_of, creditor_id)
                  SELECT replace(gen_random_uuid()::text, '-', ''),
                         %s,
                         n.debtor_id, n.currency, n.cycle_id, n.policy_code, n.policy_version, n.step_code, n.step_index,
                         n.repeat_no, n.next_channel, n.template, cp.id, cp.address, n.plan_date, n.due, n.total_amount,
                         'PLANNED', n.rest, n.id, n.creditor_id
                  FROM nxt n LEFT JOIN LATERAL (%s) cp ON true
                  ON CONFLICT (dedupe_key) DO NOTHING
                  RETURNING id, fallback_of, channel
                ), links AS (
                  INSERT INTO communication_invoice (communication_id, invoice_id, open_amount_at_plan)
                  SELECT i.id, ci.invoice_id, ci.open_amount_at_plan
                  FROM ins i JOIN communication_invoice ci ON ci.communication_id = i.fallback_of
                  RETURNING 1
                ), ev_new AS (
                  INSERT INTO communication_event (communication_id, status, reason, detail)
                  SELECT i.id, 'PLANNED', n.why, 'fallback from ' || n.channel || ' message ' || n.id || ' (' || n.why || ')'
                  FROM ins i JOIN nxt n ON n.id = i.fallback_of
                  RETURNING 1
                ), ev_old AS (
                  INSERT INTO communication_event (communication_id, status, reason, detail)
                  SELECT n.id, n.status, n.why, 'falls back to ' || i.channel || ' message ' || i.id || ' (' || n.why || ')'
                  FROM ins i JOIN nxt n ON n.id = i.fallback_of
                  RETURNING 1
                )
                SELECT count(*) FROM ins
                """.formatted(MessageScope.dedupeKey("n.debtor_id", "n.currency", "n.policy_code", "n.step_code",
                        "n.cycle_id", "n.repeat_no", "n.next_channel"), MessageScope.contactPoint("n.debtor_id", "n.next_channel")),
                ids, reasons, dueAt).prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // ---- other owners' requests ------------------------------------------------------------------------------------

    /**
     * Cancels, within the caller's transaction, the messages {@code idsQuery} yields (one bigint column named id)
     * that are still waiting (PLANNED or DEFERRED): the payment poster asks this for messages whose invoices a
     * payment settled. Claimed rows are left to their worker, whose gate re-reads the balance before sending.
     */
    public static int cancelSettled(Connection c, Sql idsQuery, String detail) throws SQLException {
        Sql sql = new Sql().append("WITH target AS (").append(idsQuery).append("""
                ), cancelled AS (
                    UPDATE communication c SET status = 'CANCELLED', gate_verdict = 'DENY', gate_reason = 'PAID',
                           gate_detail = ?::text, decided_at = now()
                    FROM target WHERE c.id = target.id AND c.status IN ('PLANNED', 'DEFERRED')
                    RETURNING c.id
                )
                INSERT INTO communication_event (communication_id, status, verdict, reason, detail)
                SELECT id, 'CANCELLED', 'DENY', 'PAID', ?::text FROM cancelled
                """, detail, detail);
        try (PreparedStatement ps = sql.prepare(c)) {
            return ps.executeUpdate();
        }
    }

    /**
     * Retention (R22), within the caller's transaction: clears the rendered content and the provider's answer of the
     * messages planned before {@code before} whose debtor is not in {@code activeDebtors} (one bigint column, no
     * NULLs). The row stays: amounts, dates, status and the gate's decision are kept.
     */
    public static int clearEvidence(Connection c, Instant before, Sql activeDebtors) throws SQLException {
        Sql sql = new Sql().append("""
                UPDATE communication SET content_gz = NULL, provider_response = NULL
                WHERE planned_at < ? AND (content_gz IS NOT NULL OR provider_response IS NOT NULL)
                  AND debtor_id NOT IN (""", before).append(activeDebtors).append(")");
        try (PreparedStatement ps = sql.prepare(c)) {
            return ps.executeUpdate();
        }
    }

    /** Retention (R22), within the caller's transaction: deletes message history older than {@code before}, as above. */
    public static int purgeEvents(Connection c, Instant before, Sql activeDebtors) throws SQLException {
        Sql sql = new Sql().append("""
                DELETE FROM communication_event e USING communication m
                WHERE e.communication_id = m.id AND e.at < ? AND m.debtor_id NOT IN (""", before)
                .append(activeDebtors).append(")");
        try (PreparedStatement ps = sql.prepare(c)) {
            return ps.executeUpdate();
        }
    }

    /**
     * Erasure (R40), within the caller's transaction: removes the debtor's personal data from its messages (the
     * address, the rendered content, the provider's answer, errors and details that may quote an address) and from
     * their history; what was sent when, for how much, and the gate's verdict and reason stay.
     *
     * @return messages and history rows changed
     */
    public static int[] erase(Connection c, long debtorId) throws SQLException {
        int messages;
        try (PreparedStatement ps = new Sql().append("""
                UPDATE communication SET address = NULL, content_gz = NULL, provider_response = NULL, last_error = NULL,
                       gate_detail = NULL
                WHERE debtor_id = ?""", debtorId).prepare(c)) {
            messages = ps.executeUpdate();
        }
        int events;
        try (PreparedStatement ps = new Sql().append("""
                UPDATE communication_event SET detail = NULL
                WHERE detail IS NOT NULL AND communication_id IN (SELECT id FROM communication WHERE debtor_id = ?)""",
                debtorId).prepare(c)) {
            events = ps.executeUpdate();
        }
        return new int[] {messages, events};
    }

    private static Long[] ids(List<Outcome> l) {
        return l.stream().map(o -> o.message().id()).toArray(Long[]::new);
    }

    private static String[] claims(List<Outcome> l) {
        return l.stream().map(o -> o.message().claim().toString()).toArray(String[]::new);
    }

    private static String[] ats(List<Outcome> l) {
        return l.stream().map(o -> o.at().toString()).toArray(String[]::new);
    }
}
