package org.arrears.inbound;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.arrears.db.Sql;

/**
 * Finds the sent email an inbound message is about, trying in order (COMPLIANCE R33, issue 10 "Matching"):
 * <ol>
 *   <li>{@link How#VERP}: the message token in the envelope recipient the bounce came back to
 *       ({@code bounces+<token>@<bounce domain>}, from Delivered-To, X-Original-To, Envelope-To, Return-Path or To);</li>
 *   <li>{@link How#IN_REPLY_TO}, then {@link How#REFERENCES}: our Message-ID ({@code <token@domain>}) in a reply's
 *       threading headers;</li>
 *   <li>{@link How#EMBEDDED}: our Message-ID or VERP sender in the original message a bounce embeds;</li>
 *   <li>{@link How#RECIPIENT}: the most recent email sent to the failed recipient's (or the replier's) address.</li>
 * </ol>
 * Tokens are 32 hexadecimal characters; a candidate counts only when a message of the hub carries it. The SQL reads by
 * the unique token and, for an address, through the contact-point address index and the debtor's sends.
 */
public final class MessageMatcher {

    /** How a message was matched, recorded on the inbound event. */
    public enum How { VERP, IN_REPLY_TO, REFERENCES, EMBEDDED, RECIPIENT }

    /** What an inbound message says about the message it answers; any part may be empty. */
    public record Evidence(List<String> envelopeRecipients, String inReplyTo, List<String> references,
                           List<String> embedded, List<String> recipients) {
        public Evidence {
            envelopeRecipients = envelopeRecipients == null ? List.of() : List.copyOf(envelopeRecipients);
            references = references == null ? List.of() : List.copyOf(references);
            embedded = embedded == null ? List.of() : List.copyOf(embedded);
            recipients = recipients == null ? List.of() : List.copyOf(recipients);
        }
    }

    /** The matched message, its debtor and how it was found. */
    public record Match(long communicationId, long debtorId, How how) {
    }

    static final Pattern VERP = Pattern.compile("bounces\\+([0-9a-f]{32})@", Pattern.CASE_INSENSITIVE);
    static final Pattern MESSAGE_ID = Pattern.compile("<([0-9a-f]{32})@[^<>\\s]+>", Pattern.CASE_INSENSITIVE);

    private final DataSource ds;

    public MessageMatcher(DataSource ds) {
        this.ds = ds;
    }

    public Optional<Match> match(Evidence e) {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            return match(c, e);
        } catch (SQLException ex) {
            throw new IllegalStateException("matching an inbound message failed: " + ex.getMessage(), ex);
        }
    }

    /** Within the caller's connection (the transaction that applies the inbound message). */
    public Optional<Match> match(Connection c, Evidence e) throws SQLException {
        Optional<Match> m = byToken(c, tokens(VERP, e.envelopeRecipients()), How.VERP);
        if (m.isEmpty() && e.inReplyTo() != null) {
            m = byToken(c, tokens(MESSAGE_ID, List.of(e.inReplyTo())), How.IN_REPLY_TO);
        }
        if (m.isEmpty()) {
            // the last reference is the message answered; earlier ones are older in the thread
            List<String> refs = new ArrayList<>(tokens(MESSAGE_ID, e.references()));
            java.util.Collections.reverse(refs);
            m = byToken(c, refs, How.REFERENCES);
        }
        if (m.isEmpty()) {
            List<String> embedded = new ArrayList<>(tokens(MESSAGE_ID, e.embedded()));
            embedded.addAll(tokens(VERP, e.embedded()));
            m = byToken(c, embedded, How.EMBEDDED);
        }
        if (m.isEmpty()) {
            for (String address : e.recipients()) {
                m = byRecipient(c, address);
                if (m.isPresent()) {
                    break;
                }
            }
        }
        return m;
    }

    /** The tokens the pattern finds in the values, in order, without repeats. */
    static List<String> tokens(Pattern p, List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null) {
                continue;
            }
            Matcher m = p.matcher(v.length() > 4096 ? v.substring(0, 4096) : v);
            while (m.find()) {
                out.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(out);
    }

    /** The first token, in the order given, that names an email of the hub. */
    private static Optional<Match> byToken(Connection c, List<String> tokens, How how) throws SQLException {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = new Sql().append("""
                SELECT c.id, c.debtor_id FROM unnest(?::text[]) WITH ORDINALITY AS t(token, n)
                JOIN communication c ON c.token = t.token AND c.channel = 'email'
                ORDER BY t.n LIMIT 1
                """, (Object) tokens.toArray(String[]::new)).prepare(c); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Match(rs.getLong(1), rs.getLong(2), how)) : Optional.empty();
        }
    }

    /**
     * The most recent email sent to the address (any debtor that has it as a contact point), when every email sent to
     * it speaks for one creditor: an address two creditors wrote to gives no match, so a reply or bounce is never
     * applied across creditors by its address alone.
     */
    private static Optional<Match> byRecipient(Connection c, String address) throws SQLException {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = new Sql().append("""
                WITH m AS (
                  SELECT c.id, c.debtor_id, c.creditor_id, c.sent_at FROM contact_point cp
                  JOIN communication c ON c.debtor_id = cp.debtor_id AND c.channel = 'email' AND c.contact_point_id = cp.id
                  WHERE cp.channel = 'email' AND lower(cp.address) = lower(?) AND c.sent_at IS NOT NULL
                )
                SELECT id, debtor_id FROM m WHERE (SELECT count(DISTINCT creditor_id) FROM m) = 1
                ORDER BY sent_at DESC, id DESC LIMIT 1
                """, address.strip()).prepare(c); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Match(rs.getLong(1), rs.getLong(2), How.RECIPIENT)) : Optional.empty();
        }
    }
}
