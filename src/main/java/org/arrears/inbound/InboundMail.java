package org.arrears.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.arrears.compliance.Channel;
import org.arrears.db.Sql;
import org.arrears.outreach.Receipt;
import org.arrears.outreach.ReceiptSink;

/**
 * Applies one classified inbound message (a bounce, a feedback report, an automatic reply, a human reply) to the
 * account, in one transaction: the inbound event (once per source and Message-ID: a message read again changes
 * nothing), the message it answers ({@link MessageMatcher}), and the effects that are certain:
 * <ul>
 *   <li>a hard bounce: the sent email becomes BOUNCED, its address is marked and the step falls back (through the
 *       message lifecycle's receipts); a soft bounce is history and marks the address SOFT_BOUNCE, and the
 *       {@code softBounceLimit}-th soft bounce of an address counts as hard; a delivered report moves it to
 *       DELIVERED;</li>
 *   <li>a feedback-loop complaint (ARF) opts the address out (R5);</li>
 *   <li>an automatic reply is recorded on the debtor and nothing else (never consent, dispute or reply, never
 *       answered: R32);</li>
 *   <li>a human reply becomes a task for a specialist with its stripped text and the detected intent; cease sets the
 *       debtor's cease flag (R11), a dispute holds the message's invoices, a promise places a promise-to-pay hold
 *       until its date with its amount, "already paid" holds reminders for a few days.</li>
 * </ul>
 */
public final class InboundMail {

    /** What an inbound message is. */
    public enum Kind { BOUNCE, AUTOREPLY, FEEDBACK, REPLY, OTHER }

    /** One classified message, ready to apply; {@code source} names the mailbox or folder it came from. */
    public record Item(String source, String messageId, Kind kind, List<BounceRecord> bounces, Intent intent,
                       String strippedText, MessageMatcher.Evidence evidence, Instant receivedAt) {
        public Item {
            bounces = bounces == null ? List.of() : List.copyOf(bounces);
        }
    }

    /** What applying did: the event (null when the message was seen before), the match, and the effects in words. */
    public record Applied(Long eventId, Kind kind, MessageMatcher.Match match, List<String> effects) {
        public boolean repeated() {
            return eventId == null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_STORED_TEXT = 4_000;

    private final DataSource ds;
    private final MessageMatcher matcher;
    private final ReceiptSink receipts;
    private final ReplyActions actions;
    private final Clock clock;
    private final int softBounceLimit;
    private final java.time.Duration softBounceAge;

    /**
     * @param actions         what a reply's intent does (shared with inbound texts)
     * @param softBounceLimit the soft bounce of an address that counts as hard (3: the third)
     * @param softBounceAge   how long an address may keep bouncing softly before its next soft bounce counts as hard
     */
    public InboundMail(DataSource ds, ReceiptSink receipts, ReplyActions actions, Clock clock, int softBounceLimit,
                       java.time.Duration softBounceAge) {
        this.ds = ds;
        this.matcher = new MessageMatcher(ds);
        this.receipts = receipts;
        this.actions = actions;
        this.clock = clock;
        this.softBounceLimit = softBounceLimit;
        this.softBounceAge = softBounceAge;
    }

    public Applied apply(Item item) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Applied a = apply(c, item);
                c.commit();
                return a;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("applying inbound message " + item.messageId() + " from " + item.source()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private Applied apply(Connection c, Item item) throws SQLException {
        Optional<MessageMatcher.Match> match = matcher.match(c, item.evidence());
        Long commId = match.map(MessageMatcher.Match::communicationId).orElse(null);
        Long debtorId = match.map(MessageMatcher.Match::debtorId).orElse(null);
        Long eventId = event(c, item, match.orElse(null));
        if (eventId == null) {
            return new Applied(null, item.kind(), match.orElse(null), List.of("seen before: nothing changed"));
        }
        List<String> effects = new ArrayList<>();
        Instant at = item.receivedAt() != null ? item.receivedAt() : clock.instant();
        switch (item.kind()) {
            case BOUNCE -> {
                if (commId != null) {
                    bounce(c, item, commId, at, effects);
                } else {
                    effects.add("no sent message matched: recorded only");
                }
            }
            case FEEDBACK -> {
                if (commId != null && optOut(c, commId, at)) {
                    effects.add("complaint: address opted out");
                }
            }
            case AUTOREPLY -> effects.add("automatic reply: recorded, not answered");
            case REPLY -> reply(c, item, commId, debtorId, eventId, effects);
            case OTHER -> effects.add("recorded");
            default -> throw new IllegalStateException("unknown inbound kind " + item.kind());
        }
        return new Applied(eventId, item.kind(), match.orElse(null), List.copyOf(effects));
    }

    /** The inbound event, once per source and Message-ID; null when it was recorded before. */
    private static Long event(Connection c, Item item, MessageMatcher.Match match) throws SQLException {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("kind", item.kind().name().toLowerCase(Locale.ROOT));
        payload.put("matchedBy", match == null ? null : match.how().name());
        ArrayNode bounces = payload.putArray("bounces");
        for (BounceRecord b : item.bounces()) {
            ObjectNode n = bounces.addObject();
            n.put("recipient", b.recipient());
            n.put("status", b.status());
            n.put("smtpCode", b.smtpCode());
            n.put("reason", b.reason());
            n.put("hard", b.hard());
            n.put("diagnostic", b.diagnostic());
        }
        if (item.intent() != null) {
            ObjectNode i = payload.putObject("intent");
            i.put("name", item.intent().name());
            i.put("phrase", item.intent().phrase());
            i.put("date", item.intent().date() == null ? null : item.intent().date().toString());
            i.put("amount", item.intent().amount());
        }
        String text = item.strippedText();
        payload.put("strippedText", text == null ? null : text.length() > MAX_STORED_TEXT ? text.substring(0, MAX_STORED_TEXT) : text);
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO inbound_event (kind, source, external_id, communication_id, debtor_id, received_at, payload)
                VALUES (?, ?, ?, ?, ?, coalesce(?::timestamptz, now()), ?::jsonb)
                ON CONFLICT (source, external_id) DO NOTHING RETURNING id
                """, item.kind().name(), item.source(), item.messageId(), match == null ? null : match.communicationId(),
                match == null ? null : match.debtorId(), item.receivedAt() == null ? null : item.receivedAt().toString(),
                payload.toString()).prepare(c); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private void bounce(Connection c, Item item, long commId, Instant at, List<String> effects) throws SQLException {
        List<Receipt> out = new ArrayList<>();
        String soft = null;
        for (BounceRecord b : item.bounces()) {
            String detail = String.join(" ", nonNull(b.status(), b.smtpCode(), b.reason())).strip()
                    + (b.diagnostic() == null ? "" : ": " + clip(b.diagnostic(), 300));
            if ("delivered".equals(b.action()) || "delivered".equals(b.reason()) || b.statusClass() == 2) {
                out.add(new Receipt(Channel.EMAIL, commId, null, Receipt.Kind.DELIVERED, at, "DSN", detail));
                effects.add("delivered");
            } else if ("delayed".equals(b.action())) {
                out.add(new Receipt(Channel.EMAIL, commId, null, Receipt.Kind.PENDING, at, "DSN", "delayed " + detail));
                effects.add("delayed: history only");
            } else if (b.hard() || (soft = softHistory(c, commId, at)) != null) {
                out.add(new Receipt(Channel.EMAIL, commId, null, Receipt.Kind.UNDELIVERABLE, at, "DSN", detail));
                effects.add(b.hard() ? "hard bounce (" + b.reason() + "): address undeliverable, next channel planned"
                        : "soft bounce (" + b.reason() + ") " + soft + ": treated as hard, next channel planned");
            } else {
                softBounce(c, commId, at);
                out.add(new Receipt(Channel.EMAIL, commId, null, Receipt.Kind.PENDING, at, "DSN", "soft bounce " + detail));
                effects.add("soft bounce (" + b.reason() + "): retried with the next reminder");
            }
        }
        receipts.apply(c, out);
    }

    /**
     * Whether this soft bounce makes the address undeliverable: null when not, else why (the count or the age).
     * The address's soft bounces since it last took a message count ({@code contact_point.last_delivered_at}): the
     * {@code softBounceLimit}-th one counts as hard, and so does one that comes {@code softBounceAge} or more after the
     * first of them.
     */
    private String softHistory(Connection c, long commId, Instant at) throws SQLException {
        try (PreparedStatement ps = new Sql().append("""
                SELECT count(*), min(e.at) FROM consent_event e
                JOIN communication m ON m.contact_point_id = e.contact_point_id
                JOIN contact_point p ON p.id = m.contact_point_id
                WHERE m.id = ? AND e.event = 'SOFT_BOUNCE' AND e.at > coalesce(p.last_delivered_at, '-infinity')
                """, commId).prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            int before = rs.getInt(1);
            java.sql.Timestamp first = rs.getTimestamp(2);
            if (before + 1 >= softBounceLimit) {
                return softBounceLimit + " of " + softBounceLimit;
            }
            if (first != null && !first.toInstant().plus(softBounceAge).isAfter(at)) {
                return "after " + softBounceAge.toDays() + " days of soft bounces";
            }
            return null;
        }
    }

    private static void softBounce(Connection c, long commId, Instant at) throws SQLException {
        try (PreparedStatement ps = new Sql().append("""
                WITH cp AS (
                  UPDATE contact_point p SET quality = CASE WHEN p.quality IN ('GOOD', 'UNKNOWN') THEN 'SOFT_BOUNCE'
                                                            ELSE p.quality END
                  FROM communication m WHERE m.id = ? AND p.id = m.contact_point_id RETURNING p.id
                )
                INSERT INTO consent_event (contact_point_id, event, source, communication_id, at)
                SELECT id, 'SOFT_BOUNCE', 'DSN', ?, ?::timestamptz FROM cp
                """, commId, commId, at.toString()).prepare(c)) {
            ps.executeUpdate();
        }
    }

    /** An ARF complaint: the address the message went to is opted out (kept if it already was). */
    private static boolean optOut(Connection c, long commId, Instant at) throws SQLException {
        try (PreparedStatement ps = new Sql().append("""
                WITH cp AS (
                  UPDATE contact_point p SET opted_out_at = coalesce(p.opted_out_at, ?::timestamptz),
                         opt_out_source = coalesce(p.opt_out_source, 'COMPLAINT')
                  FROM communication m WHERE m.id = ? AND p.id = m.contact_point_id RETURNING p.id
                )
                INSERT INTO consent_event (contact_point_id, event, source, communication_id)
                SELECT id, 'OPT_OUT', 'COMPLAINT', ? FROM cp
                """, at.toString(), commId, commId).prepare(c)) {
            return ps.executeUpdate() > 0;
        }
    }

    private void reply(Connection c, Item item, Long commId, Long debtorId, long eventId, List<String> effects)
            throws SQLException {
        Intent intent = item.intent() == null ? Intent.NONE : item.intent();
        String name = intent.kind().name();
        if (debtorId != null) {
            effects.addAll(actions.act(c, debtorId, commId, intent, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC),
                    "REPLY"));
        }
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO task (kind, debtor_id, communication_id, title, detail, dedupe_key)
                VALUES ('MAIL_REPLY', ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING
                """, debtorId, commId, "Reply from the debtor: " + name.toLowerCase(Locale.ROOT).replace('_', ' '),
                clip(item.strippedText() == null ? "" : item.strippedText(), MAX_STORED_TEXT),
                "mail-reply:" + eventId).prepare(c)) {
            ps.executeUpdate();
        }
        effects.add("task for a specialist (" + name + ")");
    }

    private static List<String> nonNull(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                out.add(v);
            }
        }
        return out;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
