package org.arrears.sms.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.arrears.db.Sql;
import org.arrears.inbound.Intent;
import org.arrears.inbound.Intents;
import org.arrears.inbound.ReplyActions;
import org.arrears.sms.PhoneNumbers;
import org.arrears.sms.SmsKeywords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an inbound text does, within the caller's transaction (COMPLIANCE.md R5, R25, R26):
 * <ul>
 *   <li>an opt-out keyword (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPT OUT ...) opts every active SMS
 *       contact point with that number out, with a consent event, and asks for one confirmation text, only when
 *       something was opted in until now (a second STOP gets none);</li>
 *   <li>START, UNSTOP or YES from an opted-out number opts it back in (consent from the consumer, now);</li>
 *   <li>HELP or INFO asks for the help text;</li>
 *   <li>anything else becomes a task for a specialist; a text that mentions an opt-out word ("please stop texting
 *       me") opts the number out too, and the task says so.</li>
 * </ul>
 * Every text is recorded as an {@code inbound_event} keyed by the profile and the provider's message id, so a text
 * the provider delivers twice is handled once.
 */
final class InboundTexts {

    private static final Logger LOG = LoggerFactory.getLogger(InboundTexts.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One inbound text: {@code from} as the provider gave it, {@code to} the number it was sent to (may be null). */
    record Text(String profile, String messageId, String from, String to, String text) {
    }

    /** A text to send back once the transaction committed. */
    record Reply(String kind, String to, String from, String text, long inboundEventId) {
    }

    /** What handling did: the event's kind, whether it was a repeat, the contact points changed, the replies due. */
    record Handled(String kind, boolean repeated, List<Long> changed, List<Reply> replies) {
    }

    private record Point(long id, long debtorId, boolean optedOut) {
    }

    private final SmsKeywords keywords;
    private final String debtorSource;
    private final String confirmationText;
    private final String helpText;
    private final ReplyActions actions;

    InboundTexts(SmsKeywords keywords, String debtorSource, String confirmationText, String helpText,
                 ReplyActions actions) {
        this.keywords = keywords;
        this.debtorSource = debtorSource;
        this.confirmationText = confirmationText;
        this.helpText = helpText;
        this.actions = actions;
    }

    Handled handle(Connection c, Text in, Instant now) throws SQLException {
        String e164 = e164(in.from());
        List<Point> points = e164 == null ? List.of() : points(c, e164);
        SmsKeywords.Kind kind = keywords.classify(in.text());
        boolean mentionsOptOut = kind == SmsKeywords.Kind.OTHER && keywords.mentionsOptOut(in.text());
        List<Long> optedIn = points.stream().filter(p -> !p.optedOut()).map(Point::id).toList();
        List<Long> optedOut = points.stream().filter(Point::optedOut).map(Point::id).toList();
        if (kind == SmsKeywords.Kind.OPT_IN && optedOut.isEmpty()) {
            kind = SmsKeywords.Kind.OTHER; // "yes" from a number that never opted out is an answer for a person
        }
        String eventKind = switch (kind) {
            case OPT_OUT -> "SMS_OPT_OUT";
            case OPT_IN -> "SMS_OPT_IN";
            case HELP -> "SMS_HELP";
            case OTHER -> "SMS_REPLY";
        };
        Long debtorId = points.stream().map(Point::debtorId).min(Long::compare).orElse(null);
        Long eventId = recordEvent(c, in, eventKind, e164, debtorId, points);
        if (eventId == null) {
            LOG.info("inbound SMS {} on profile {} seen before: not handled again", in.messageId(), in.profile());
            return new Handled(eventKind, true, List.of(), List.of());
        }
        String replyTo = e164 != null ? e164 : in.from();
        List<Reply> replies = new ArrayList<>();
        List<Long> changed = List.of();
        switch (kind) {
            case OPT_OUT -> {
                changed = optOut(c, optedIn, "SMS_KEYWORD", now);
                if (!changed.isEmpty()) {
                    replies.add(new Reply("confirmation", replyTo, in.to(), confirmationText, eventId));
                }
            }
            case OPT_IN -> changed = optIn(c, optedOut, now);
            case HELP -> replies.add(new Reply("help", replyTo, in.to(), helpText, eventId));
            case OTHER -> {
                if (mentionsOptOut) {
                    changed = optOut(c, optedIn, "SMS_REPLY", now);
                    if (!changed.isEmpty()) {
                        replies.add(new Reply("confirmation", replyTo, in.to(), confirmationText, eventId));
                    }
                }
                task(c, in, eventId, debtorId, points, mentionsOptOut, now);
            }
            default -> throw new IllegalStateException("unknown keyword kind " + kind);
        }
        LOG.info("inbound SMS {} from {} on profile {}: {}, contact points {} changed", in.messageId(),
                PhoneNumbers.mask(in.from()), in.profile(), mentionsOptOut ? "SMS_REPLY asking to stop" : eventKind, changed);
        return new Handled(eventKind, false, changed, replies);
    }

    /** The sender in E.164, or null for a short code, an alphanumeric sender or anything else that is not a number. */
    static String e164(String from) {
        try {
            return PhoneNumbers.normalise(from, null).e164();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The active (not retired) SMS contact points whose number is {@code e164}, locked. Stored numbers may be national
     * (read in the debtor's jurisdiction country), so candidates are found by their last digits and compared after
     * normalising each.
     */
    private List<Point> points(Connection c, String e164) throws SQLException {
        String digits = e164.substring(1);
        String tail = digits.substring(Math.max(0, digits.length() - 6));
        List<Point> out = new ArrayList<>();
        try (PreparedStatement ps = new Sql().append("""
                SELECT cp.id, cp.debtor_id, cp.address, cp.opted_out_at IS NOT NULL, d.jurisdiction
                FROM contact_point cp LEFT JOIN %s d ON d.debtor_id = cp.debtor_id
                WHERE cp.channel = 'sms' AND cp.retired_at IS NULL
                  AND right(regexp_replace(cp.address, '[^0-9]', '', 'g'), 6) = ?
                ORDER BY cp.id FOR UPDATE OF cp""".formatted(debtorSource), tail).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (e164.equals(normalised(rs.getString(3), rs.getString(5)))) {
                    out.add(new Point(rs.getLong(1), rs.getLong(2), rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    private static String normalised(String stored, String jurisdiction) {
        String region = jurisdiction == null || jurisdiction.length() < 2 ? null
                : jurisdiction.substring(0, 2).toUpperCase(Locale.ROOT);
        try {
            return PhoneNumbers.normalise(stored, region).e164();
        } catch (IllegalArgumentException e) {
            try {
                return PhoneNumbers.normalise(stored, null).e164();
            } catch (IllegalArgumentException again) {
                return null;
            }
        }
    }

    /** The inbound event, or null when the provider's message id was recorded before for this profile. */
    private static Long recordEvent(Connection c, Text in, String kind, String e164, Long debtorId, List<Point> points)
            throws SQLException {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("from", e164 != null ? e164 : in.from());
        payload.put("to", in.to());
        payload.put("text", in.text());
        payload.putPOJO("contact_points", points.stream().map(Point::id).toList());
        String json;
        try {
            json = JSON.writeValueAsString(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an inbound text as JSON: " + e.getOriginalMessage(), e);
        }
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO inbound_event (kind, source, external_id, debtor_id, payload)
                VALUES (?, ?, ?, ?::bigint, ?::jsonb)
                ON CONFLICT (source, external_id) DO NOTHING RETURNING id""",
                kind, in.profile(), in.messageId(), debtorId, json).prepare(c); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private static List<Long> optOut(Connection c, List<Long> ids, String source, Instant now) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        return consent(c, new Sql().append("""
                WITH changed AS (
                  UPDATE contact_point SET opted_out_at = ?, opt_out_source = ?
                  WHERE id = ANY(?) AND opted_out_at IS NULL RETURNING id
                ), ev AS (
                  INSERT INTO consent_event (contact_point_id, event, source, at)
                  SELECT id, 'OPT_OUT', ?::text, ?::timestamptz FROM changed RETURNING 1
                )
                SELECT id FROM changed ORDER BY id""", now, source, ids.toArray(Long[]::new), source, now));
    }

    private static List<Long> optIn(Connection c, List<Long> ids, Instant now) throws SQLException {
        return consent(c, new Sql().append("""
                WITH changed AS (
                  UPDATE contact_point SET opted_out_at = NULL, opt_out_source = NULL,
                         consent_source = 'CONSUMER_CONSENT', consent_at = ?
                  WHERE id = ANY(?) AND opted_out_at IS NOT NULL RETURNING id
                ), ev AS (
                  INSERT INTO consent_event (contact_point_id, event, source, at)
                  SELECT id, 'OPT_IN', 'SMS_KEYWORD', ?::timestamptz FROM changed RETURNING 1
                )
                SELECT id FROM changed ORDER BY id""", now, ids.toArray(Long[]::new), now));
    }

    private static List<Long> consent(Connection c, Sql sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /**
     * A text that is not a keyword: the reply intent rules of inbound mail (paid, dispute, promise, cease...), the
     * same actions as a mail reply when the sender is a known debtor ({@link ReplyActions}), and a task with the text,
     * the intent and what was done, for the specialist who confirms it.
     */
    private void task(Connection c, Text in, long eventId, Long debtorId, List<Point> points, boolean optedOut,
                      Instant now) throws SQLException {
        String text = in.text() == null ? "" : in.text();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Intent intent = Intents.detect(text, null, today);
        List<String> effects = debtorId == null || optedOut ? List.of()
                : actions.act(c, debtorId, lastText(c, points), intent, today, "SMS_REPLY");
        String title = optedOut ? "Text message asking to stop texts: the number is opted out of SMS"
                : "Text message from a debtor" + (intent.kind() == Intent.Kind.NONE ? ""
                : ": " + intent.name().replace('-', ' '));
        String detail = (points.isEmpty() ? "From a number the hub does not know" : "From SMS contact point(s) "
                + points.stream().map(p -> String.valueOf(p.id())).toList()) + " (inbound event " + eventId + ", profile "
                + in.profile() + ")" + (optedOut ? "; treated as an opt-out (R25), read it to confirm" : "")
                + (effects.isEmpty() ? "" : "; done: " + String.join("; ", effects)) + ":\n"
                + (text.length() > 2000 ? text.substring(0, 2000) + "…" : text);
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO task (kind, debtor_id, title, detail, dedupe_key) VALUES ('SMS_REPLY', ?::bigint, ?, ?, ?)
                ON CONFLICT (dedupe_key) DO NOTHING""",
                debtorId, title, detail, "sms-reply:" + in.profile() + ":" + in.messageId()).prepare(c)) {
            ps.executeUpdate();
        }
    }

    /** The last text sent to one of these numbers: the message a reply answers (its invoices are the ones disputed). */
    private static Long lastText(Connection c, List<Point> points) throws SQLException {
        if (points.isEmpty()) {
            return null;
        }
        try (PreparedStatement ps = new Sql().append("""
                SELECT id FROM communication WHERE contact_point_id = ANY(?) AND channel = 'sms'
                  AND status IN ('SENT', 'DELIVERED') ORDER BY sent_at DESC NULLS LAST, id DESC LIMIT 1""",
                (Object) points.stream().map(Point::id).toArray(Long[]::new)).prepare(c); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }
}
