package org.arrears.inbound;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.arrears.config.Settings;

/**
 * The one path every inbound message takes, from the mailbox, the drop folder, {@code mail ingest}, {@code mail
 * classify} and the benchmark alike: the raw bytes are read once, then
 * <ol>
 *   <li>a delivery report, a non-standard bounce or a feedback report ({@link BounceParser});</li>
 *   <li>else an automatic reply ({@link AutoReplies}, R32);</li>
 *   <li>else a human reply: the new text without quotes and signature ({@link ReplyText}) and its intent
 *       ({@link Intents});</li>
 * </ol>
 * and what {@link MessageMatcher} needs to find the message it answers. Database-free and thread-safe.
 */
public final class MailClassifier {

    private static final Session SESSION = Session.getInstance(new Properties());

    /** A classified message. {@code error} is set (and kind OTHER) when the bytes are not a readable message. */
    public record Classified(InboundMail.Kind kind, String messageId, BounceReport bounce, String autoReplyReason,
                             String strippedText, Intent intent, MessageMatcher.Evidence evidence, Instant date,
                             String error) {
    }

    private final BounceParser bounces;
    private final AutoReplies autoReplies;
    private final ReplyText replies;
    private final Intents intents;

    public MailClassifier(BounceParser bounces, AutoReplies autoReplies, ReplyText replies, Intents intents) {
        this.bounces = bounces;
        this.autoReplies = autoReplies;
        this.replies = replies;
        this.intents = intents;
    }

    public static MailClassifier from(Settings settings) {
        ReplyText replies = ReplyText.from(settings);
        return new MailClassifier(BounceParser.from(settings), new AutoReplies(replies), replies, Intents.from(settings));
    }

    public Classified classify(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return new Classified(InboundMail.Kind.OTHER, null, null, null, null, null, empty(), null, "empty message");
        }
        MimeMessage m;
        try {
            m = MessageBytes.message(SESSION, BounceParser.normalise(raw));
            // read the headers now: a file that is not mail fails here, not half way
            if (!m.getAllHeaders().hasMoreElements()) {
                return new Classified(InboundMail.Kind.OTHER, null, null, null, null, null, empty(), null,
                        "not a mail message: no header lines");
            }
        } catch (MessagingException | RuntimeException e) {
            return new Classified(InboundMail.Kind.OTHER, null, null, null, null, null, empty(), null,
                    "not a readable mail message: " + e.getMessage());
        }
        return classify(m);
    }

    public Classified classify(MimeMessage m) {
        String id = header(m, "Message-ID");
        Instant date = sent(m);
        BounceReport b = bounces.parse(m);
        if (b.kind() == BounceReport.Kind.ERROR) {
            return new Classified(InboundMail.Kind.OTHER, id, b, null, null, null, empty(), date, b.error());
        }
        if (b.kind() == BounceReport.Kind.BOUNCE || b.kind() == BounceReport.Kind.FEEDBACK) {
            List<String> embedded = new ArrayList<>();
            if (b.originalMessageId() != null) {
                embedded.add(b.originalMessageId());
            }
            embedded.addAll(b.originalHeaders().values());
            List<String> recipients = b.records().stream().map(BounceRecord::recipient).filter(r -> r != null).toList();
            MessageMatcher.Evidence e = new MessageMatcher.Evidence(envelope(m, b.envelopeRecipient()), null, List.of(),
                    embedded, recipients);
            return new Classified(b.kind() == BounceReport.Kind.BOUNCE ? InboundMail.Kind.BOUNCE : InboundMail.Kind.FEEDBACK,
                    id, b, null, null, null, e, date, null);
        }
        MessageMatcher.Evidence threading = new MessageMatcher.Evidence(envelope(m, null), header(m, "In-Reply-To"),
                references(m), List.of(), from(m));
        AutoReplies.Verdict auto = autoReplies.classify(m);
        if (b.kind() == BounceReport.Kind.AUTOREPLY || auto.automatic()) {
            return new Classified(InboundMail.Kind.AUTOREPLY, id, b, auto.automatic() ? auto.reason() : "vacation", null,
                    null, threading, date, null);
        }
        String text;
        try {
            text = replies.of(m).text();
        } catch (MessagingException | IOException | RuntimeException e) {
            return new Classified(InboundMail.Kind.OTHER, id, b, null, null, null, threading, date,
                    "the body cannot be read: " + e.getMessage());
        }
        LocalDate day = LocalDate.ofInstant(date != null ? date : Instant.now(), ZoneOffset.UTC);
        Intent intent = intents.first(text, null, day);
        return new Classified(InboundMail.Kind.REPLY, id, b, null, text, intent, threading, date, null);
    }

    /** Which kind of evidence a match would start from (verp, in-reply-to, references, embedded, recipient), or null. */
    public static String evidenceKind(MessageMatcher.Evidence e) {
        if (!MessageMatcher.tokens(MessageMatcher.VERP, e.envelopeRecipients()).isEmpty()) {
            return "verp";
        }
        if (e.inReplyTo() != null && !MessageMatcher.tokens(MessageMatcher.MESSAGE_ID, List.of(e.inReplyTo())).isEmpty()) {
            return "in-reply-to";
        }
        if (!MessageMatcher.tokens(MessageMatcher.MESSAGE_ID, e.references()).isEmpty()) {
            return "references";
        }
        if (!MessageMatcher.tokens(MessageMatcher.MESSAGE_ID, e.embedded()).isEmpty()
                || !MessageMatcher.tokens(MessageMatcher.VERP, e.embedded()).isEmpty()) {
            return "embedded";
        }
        return e.recipients().isEmpty() ? null : "recipient";
    }

    private static MessageMatcher.Evidence empty() {
        return new MessageMatcher.Evidence(List.of(), null, List.of(), List.of(), List.of());
    }

    private static List<String> envelope(MimeMessage m, String known) {
        List<String> out = new ArrayList<>();
        if (known != null) {
            out.add(known);
        }
        for (String h : new String[] {"Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To"}) {
            try {
                String[] v = m.getHeader(h);
                if (v != null) {
                    out.addAll(List.of(v));
                }
            } catch (MessagingException e) {
                // an unreadable header is no evidence
            }
        }
        return out;
    }

    private static List<String> references(MimeMessage m) {
        String refs = header(m, "References");
        return refs == null ? List.of() : List.of(refs.split("\\s+"));
    }

    private static List<String> from(MimeMessage m) {
        try {
            Address[] a = m.getFrom();
            List<String> out = new ArrayList<>();
            if (a != null) {
                for (Address x : a) {
                    if (x instanceof InternetAddress ia && ia.getAddress() != null) {
                        out.add(ia.getAddress());
                    }
                }
            }
            return out;
        } catch (MessagingException e) {
            return List.of();
        }
    }

    private static String header(MimeMessage m, String name) {
        try {
            String v = m.getHeader(name, null);
            return v == null ? null : v.strip();
        } catch (MessagingException e) {
            return null;
        }
    }

    private static Instant sent(MimeMessage m) {
        try {
            java.util.Date d = m.getSentDate();
            return d == null ? null : d.toInstant();
        } catch (MessagingException e) {
            return null;
        }
    }
}
