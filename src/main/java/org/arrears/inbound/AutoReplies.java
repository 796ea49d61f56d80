package org.arrears.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Tells automatic mail (RFC 3834 auto-replies, out-of-office notices, list and bulk mail, mail from a daemon) from
 * mail a person wrote, by the rules of COMPLIANCE.md R32. An automatic message is recorded on the debtor and is never
 * consent, dispute or reply, and is never answered.
 *
 * <p>The rules are a table ({@link #RULES}), tried in order; the first that holds decides, and its name is the
 * reason. Header rules come first (they are what RFC 3834 and the vendors define); subject patterns in English,
 * German, French, Spanish and Dutch next; a few unmistakable body phrases ("this is an automatic reply") last.
 */
public final class AutoReplies {

    /** The verdict: automatic or not, and the rule that decided (null when none did). */
    public record Verdict(boolean automatic, String reason) {
        static final Verdict HUMAN = new Verdict(false, null);
    }

    /** One rule: a name for the reason, and the test on the message's view. */
    record Rule(String name, Function<View, Boolean> test) {
    }

    /** Subject patterns anywhere in the subject: phrases nobody puts in a subject by hand. */
    static final Pattern SUBJECT_ANYWHERE = Pattern.compile(String.join("|",
            // English
            "\\bout of (?:the )?office\\b", "\\bauto(?:matic|mated)?[ -]?(?:reply|replied|response|responder|answer)\\b",
            "\\bvacation (?:reply|response|notice|message)\\b", "\\babsence notice\\b", "\\baway from (?:the |my )?office\\b",
            // German
            "\\bautomatische antwort\\b", "\\bautom\\. antwort\\b", "\\babwesenheitsnotiz\\b", "\\babwesenheitsmeldung\\b",
            "\\babwesenheitsnachricht\\b", "\\bausser haus\\b", "\\bnicht im buro\\b",
            "\\bautomatische benachrichtigung\\b",
            // French
            "\\breponse automatique\\b", "\\bmessage d'absence\\b", "\\babsent(?:e)? du bureau\\b", "\\bavis d'absence\\b",
            "\\bhors du bureau\\b",
            // Spanish
            "\\brespuesta automatica\\b", "\\bfuera de (?:la )?oficina\\b", "\\bmensaje de ausencia\\b",
            "\\brespuesta de ausencia\\b", "\\baviso de ausencia\\b",
            // Dutch
            "\\bautomatisch antwoord\\b", "\\bautomatisch bericht\\b", "\\bafwezigheidsbericht\\b",
            "\\bafwezigheidsmelding\\b", "\\bbuiten kantoor\\b", "\\bniet op kantoor\\b"));

    /** Single words that mark an auto-reply only at the start of the subject ("Abwesenheit: Ihre Rechnung"). */
    static final Pattern SUBJECT_START = Pattern.compile("^\\W*(?:auto|autoreply|autoresponse|abwesend|abwesenheit|"
            + "urlaub|absence|absent|absente|conge|conges|ausente|ausencia|vacaciones|afwezig|afwezigheid|vakantie|"
            + "vacation|away|ooo|oof)\\b\\s*[:\\-(\\[]");

    /** Body phrases that only machines write, looked for in the first {@value #BODY_CHARS} characters. */
    static final Pattern BODY = Pattern.compile(String.join("|", "\\bthis is an? automat(?:ic|ed) (?:reply|response|message)\\b",
            "\\bdies ist eine automatische (?:antwort|nachricht|e-mail)\\b", "\\bceci est une? (?:reponse|message) automatique\\b",
            "\\besta es una respuesta automatica\\b", "\\beste es un mensaje automatico\\b",
            "\\bdit is een automatisch (?:antwoord|bericht|gegenereerd bericht)\\b"));
    static final int BODY_CHARS = 600;

    private static final Pattern PRECEDENCE = Pattern.compile("^\\s*(?:bulk|junk|list|auto_reply|auto-reply)\\b");
    private static final Pattern SUPPRESS = Pattern.compile("\\b(?:oof|autoreply|all)\\b");
    private static final Pattern DAEMON = Pattern.compile("^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|"
            + "noreply-.*|bounces?|auto-?reply|autoresponder|vacation)$");

    /** The rules, in the order they are tried. */
    static final List<Rule> RULES = List.of(
            new Rule("Auto-Submitted", v -> has(v.header("Auto-Submitted"), a -> !a.strip().toLowerCase(Locale.ROOT).startsWith("no"))),
            new Rule("X-Autoreply", v -> v.header("X-Autoreply") != null || v.header("X-Auto-Reply") != null
                    || v.header("X-Autoreply-From") != null || v.header("X-Mail-Autoreply") != null),
            new Rule("X-Autorespond", v -> v.header("X-Autorespond") != null || v.header("X-Autoresponse") != null
                    || v.header("X-Autoresponder") != null),
            new Rule("Precedence", v -> has(v.header("Precedence"), p -> PRECEDENCE.matcher(p.toLowerCase(Locale.ROOT)).find())),
            new Rule("X-MS-Exchange-Inbox-Rules-Loop", v -> v.header("X-MS-Exchange-Inbox-Rules-Loop") != null),
            new Rule("X-MS-Exchange-Generated-Message-Source",
                    v -> v.header("X-MS-Exchange-Generated-Message-Source") != null),
            new Rule("X-Auto-Response-Suppress", v -> has(v.header("X-Auto-Response-Suppress"),
                    s -> SUPPRESS.matcher(s.toLowerCase(Locale.ROOT)).find())),
            new Rule("X-Apple-Action", v -> has(v.header("X-Apple-Action"), a -> a.toLowerCase(Locale.ROOT).contains("vacation"))),
            new Rule("X-POST-MessageClass", v -> has(v.header("X-POST-MessageClass"),
                    a -> a.toLowerCase(Locale.ROOT).contains("autoresponder"))),
            new Rule("X-FC-MachineGenerated", v -> has(v.header("X-FC-MachineGenerated"), a -> a.strip().equalsIgnoreCase("true"))),
            new Rule("List-Id", v -> v.header("List-Id") != null || v.header("List-Unsubscribe") != null),
            new Rule("empty envelope sender", v -> has(v.header("Return-Path"), r -> r.replaceAll("[\\s<>]", "").isEmpty())),
            new Rule("sender mailbox", v -> v.senderLocalPart() != null && DAEMON.matcher(v.senderLocalPart()).matches()),
            new Rule("subject", v -> SUBJECT_ANYWHERE.matcher(v.subject()).find() || SUBJECT_START.matcher(v.subject()).find()),
            new Rule("body", v -> BODY.matcher(v.bodyStart()).find()));

    /** Rules whose header value is a keyword, shown in the reason. */
    private static final java.util.Set<String> SHOWN_VALUES = java.util.Set.of("Auto-Submitted", "Precedence",
            "X-Auto-Response-Suppress", "X-Apple-Action", "X-POST-MessageClass");

    private final ReplyText bodies;

    public AutoReplies() {
        this(new ReplyText());
    }

    /** @param bodies reads the body for the body rule (its size bound applies) */
    public AutoReplies(ReplyText bodies) {
        this.bodies = bodies;
    }

    /** The verdict on a message. */
    public Verdict classify(MimeMessage message) {
        View view = new View(message, bodies);
        for (Rule rule : RULES) {
            if (rule.test().apply(view)) {
                return new Verdict(true, view.reason(rule.name()));
            }
        }
        return Verdict.HUMAN;
    }

    private static boolean has(String value, java.util.function.Predicate<String> test) {
        return value != null && test.test(value);
    }

    /** Lower case, accents removed, typographic apostrophes as ASCII: what the patterns are written against. */
    static String fold(String s) {
        String lower = s.toLowerCase(Locale.ROOT).replace('’', '\'').replace('‘', '\'');
        boolean ascii = true;
        for (int i = 0; i < lower.length() && ascii; i++) {
            ascii = lower.charAt(i) < 128;
        }
        if (ascii) {
            return lower;
        }
        return Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").replace("ß", "ss");
    }

    /** A header sent as raw UTF-8 (which the parser reads as Latin-1) as the text it is; any other header unchanged. */
    static String utf8(String header) {
        boolean high = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c > 0xff) {
                return header;
            }
            high |= c > 0x7f;
        }
        if (!high) {
            return header;
        }
        String decoded = new String(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8);
        return decoded.indexOf('\ufffd') >= 0 ? header : decoded;
    }

    /** What the rules look at, read lazily from the message. */
    static final class View {
        private final MimeMessage message;
        private final ReplyText bodies;
        private String subject;
        private String body;
        private String lastHeader;

        View(MimeMessage message, ReplyText bodies) {
            this.message = message;
            this.bodies = bodies;
        }

        String header(String name) {
            try {
                String value = message.getHeader(name, ",");
                if (value != null) {
                    lastHeader = name + ": " + value.strip();
                }
                return value;
            } catch (MessagingException e) {
                return null;
            }
        }

        String subject() {
            if (subject == null) {
                String raw = header("Subject");
                String decoded = raw == null ? "" : utf8(raw);
                try {
                    decoded = MimeUtility.decodeText(MimeUtility.unfold(decoded));
                } catch (UnsupportedEncodingException e) {
                    decoded = raw;
                }
                subject = fold(decoded.length() > 300 ? decoded.substring(0, 300) : decoded);
            }
            return subject;
        }

        String senderLocalPart() {
            String from = header("From");
            if (from == null) {
                return null;
            }
            try {
                InternetAddress[] addresses = InternetAddress.parseHeader(from, false);
                String address = addresses.length == 0 ? null : addresses[0].getAddress();
                int at = address == null ? -1 : address.indexOf('@');
                return at <= 0 ? null : address.substring(0, at).toLowerCase(Locale.ROOT);
            } catch (MessagingException e) {
                return null;
            }
        }

        String bodyStart() {
            if (body == null) {
                try {
                    String text = bodies.bodyText(message);
                    body = fold(text.length() > BODY_CHARS ? text.substring(0, BODY_CHARS) : text);
                } catch (MessagingException | java.io.IOException | RuntimeException e) {
                    body = "";
                }
            }
            return body;
        }

        /**
         * The reason: the rule's name, with the header's value for the rules whose value is a keyword
         * ("Auto-Submitted: auto-replied"); never a value that may hold an address.
         */
        String reason(String rule) {
            if (!SHOWN_VALUES.contains(rule) || lastHeader == null || !lastHeader.startsWith(rule + ":")) {
                return rule;
            }
            return lastHeader.length() > 60 ? lastHeader.substring(0, 60) : lastHeader;
        }
    }
}
