package org.arrears.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one inbound message as a bounce: an RFC 3464 delivery status notification, an ARF (RFC 5965) feedback report,
 * an Amazon SES notification, the plain-text bounces of other mail servers, or an automatic reply. Plain Java and
 * database-free; thread-safe. It never throws on bad input: garbage gives a report of kind ERROR or NOT_BOUNCE with
 * the reason.
 *
 * <p>Entry points: {@link #parse(byte[])} for the raw bytes of a message (LF, CRLF or CR line endings, an mbox
 * "From " line allowed) and {@link #parse(MimeMessage)} for a message already read (from IMAP).
 */
public final class BounceParser {

    /** Default bytes of each text part scanned. */
    public static final int DEFAULT_SCAN_BYTES = 64 * 1024;
    static final String SCAN_KEY = "arrears.inbound.bounce.scan-kb";
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        // Jakarta Mail looks its stream provider up for every header block and body part it creates; without this
        // property each lookup scans the class path through the ServiceLoader, which costs more than the parsing.
        // The value is the provider that lookup finds (Angus Mail's).
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PARTS = 64;
    private static final int MAX_DEPTH = 6;
    private static final int MAX_RECIPIENTS = 100;
    private static final int DIAGNOSTIC_CHARS = 500;
    private static final int CLASSIFY_CHARS = 1200;

    private static final Pattern STATUS = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d]|\\.\\d)");
    private static final Pattern REPLY = Pattern.compile("(?<![\\w.#\\[/-])(?<!\\w:)([245][0-5]\\d)(?=[ ,;)\\]-]|:\\s|$)(?![ -]?\\d{2,}[^.\\d])", Pattern.MULTILINE);
    private static final Pattern BOUNCE_SENDER = Pattern.compile(
            "^(mailer-daemon|postmaster|mail-daemon|maildaemon|mailer|mail delivery subsystem|mdaemon|bounces?|double-bounce|nobody|root|mail-delivery)(@|$)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DAEMON = Pattern.compile("mailer-daemon|postmaster|mail delivery (subsystem|system)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "undeliver|undelivered|delivery (status|notification|failure|failed|report|has failed|problem)|returned mail|mail delivery|failure notice|"
                    + "could not be delivered|delivery failure|non remis|nicht zustellbar|unzustellbar|delivery status|failed delivery|"
                    + "mail (system )?error|returned to sender|message not delivered|rejected|nondeliverable|warning: could not|bounce|"
                    + "delayed mail|delivery delayed|not delivered|permanent error|sending failed|error sending|fehler|\\bdsn\\b|mail failure|"
                    + "no se pudo entregar|non consegnato|notification d'état",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_BODY = Pattern.compile(
            "(could not|couldn't|cannot|can't|was not|wasn't|unable to|failed to|not be) (be )?deliver|delivery (to the following|has failed|failed|"
                    + "status notification|problem)|(permanent|fatal|temporary) (error|failure)|following address(es)? failed|undeliver|"
                    + "returned mail|message (was|has been) (rejected|blocked|refused)|delivery to .{0,80} failed|giving up on|"
                    + "i'm afraid i wasn't able|error (delivering|sending|transmitting)|delivery error|mail delivery (failed|subsystem)|this is the mail system|non-?delivery|not delivered|"
                    + "error (occurred|occured) while|rejected (your|the) message|user unknown|does not exist|over quota|mailbox (is )?full");
    /** {@link #BOUNCE_BODY} run only for the alternatives whose words a text contains. */
    private static final java.util.function.Predicate<String> BOUNCE_WORDS = BounceRules.finder(BOUNCE_BODY.pattern());
    private static final Pattern ORIGINAL_MARKER = Pattern.compile(
            "^[ \\t>]*+(-{2,}+|={2,}+|_{2,}+|\\*{2,}+)?+[ \\t]*+(this is a copy of|below this line is a copy|original message|original mail|"
                    + "undelivered message|returned message|message headers follow|the header of the original|headers of the original|"
                    + "original message headers|a copy of the original|unsent message below|content of the original|"
                    + "message text follows|the first .{0,20} of the message|your message reads|"
                    + "received: from|copy of the message)",
            Pattern.MULTILINE);
    /** The same, for text whose lower-cased form is not as long as itself (where positions would not line up). */
    private static final Pattern ORIGINAL_MARKER_ANY_CASE = Pattern.compile(ORIGINAL_MARKER.pattern(),
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
    /** Charsets by the name a part gives, once looked up (the JDK caches only the last two names asked for). */
    private static final java.util.concurrent.ConcurrentMap<String, Charset> CHARSETS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Pattern HEADER_BLOCK_START = Pattern.compile(
            "^(Return-Path|Received|DKIM-Signature|X-Received|Delivered-To|Message-I[dD]|ARC-Seal|Authentication-Results):[ \\t]",
            Pattern.MULTILINE);
    private static final Pattern ANY_HEADER = Pattern.compile("^(From|To|Subject|Date):[ \\t]", Pattern.MULTILINE);
    private static final Pattern HTML_SKIP = Pattern.compile("(?is)<(style|script)[^>]*>.*?</\\1>");
    private static final Pattern HTML_BREAK = Pattern.compile("(?i)<br\\s*/?>|</p>|</div>|</tr>|</li>");
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]{0,2000}>");
    private static final Pattern PERMANENT = Pattern.compile(
            "permanent|fatal|given up|gave up|failed permanently|could not be delivered|5\\d\\d[ -]", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRANSIENT = Pattern.compile(
            "temporar|delayed|will (keep|continue|retry|be retried)|still trying|not yet been delivered|warning:|is deferred|deferred|"
                    + "no action is required|retry|warning message only|do not need to resend", Pattern.CASE_INSENSITIVE);
    /** {@link #PERMANENT} and {@link #TRANSIENT} over lower-cased text, each alternative only with its words. */
    private static final java.util.function.Predicate<String> PERMANENT_WORDS = BounceRules.finder(PERMANENT.pattern());
    private static final java.util.function.Predicate<String> TRANSIENT_WORDS = BounceRules.finder(TRANSIENT.pattern());
    /** The server refused at DATA, after it had accepted the recipient. */
    private static final Pattern AT_DATA = Pattern.compile(
            ">>> data\\b|after end of data|smtp command:?\\s+data\\b|in reply to end of data|after data\\b|our final data\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AUTO_SUBJECT = Pattern.compile(
            "^(auto:|auto-reply|autoreply|automatic reply|out of (the )?office|abwesenheit|absence|réponse automatique|respuesta automática|"
                    + "automatisch antwoord|afwezig|vacation|on vacation|away from|fuera de la oficina|automatische antwort)",
            Pattern.CASE_INSENSITIVE);

    /**
     * Formats recognised by markers, most specific first: name, where to look (H header name, F text of the From header,
     * B body text), marker.
     */
    private static final String[][] FORMATS = {
            {"GoogleGroups", "B", "googlegroups.com"},
            {"Activehunter", "H", "x-ahmailid"}, {"MailFoundry", "B", "delivery failed for the following reason:"},
            {"MessagingServer", "B", "this report relates to a message you sent with the following header fields"},
            {"X1", "F", "mail deliver system"}, {"X2", "B", "unable to deliver message to the following address(es)"},
            {"AmazonSES", "B", "\"notificationType\""}, {"AmazonSES", "H", "x-ses-outgoing"},
            {"AmazonSES", "B", "amazonses.com"}, {"SendGrid", "H", "x-sg-eid"}, {"SendGrid", "B", "sendgrid"},
            {"Mailgun", "H", "x-mailgun-sid"}, {"Office365", "H", "x-ms-exchange-crosstenant-id"},
            {"Exchange", "H", "x-ms-exchange-message-is-ndr"}, {"Exchange", "B", "microsoft exchange"},
            {"Outlook", "B", "outlook.com"}, {"Gmail", "B", "google tried to deliver"}, {"Gmail", "H", "x-gm-message-state"},
            {"Yahoo", "B", "yahoo"}, {"Postfix", "H", "x-postfix-queue-id"}, {"Postfix", "B", "this is the mail system at host"},
            {"Postfix", "B", "postfix"}, {"Exim", "H", "x-failed-recipients"},
            {"Exim", "B", "this message was created automatically by mail delivery software"},
            {"qmail", "B", "qmail-send"}, {"qmail", "B", "this is the qmail"},
            {"Sendmail", "B", "the original message was received at"}, {"Sendmail", "H", "x-sendmail"},
    };

    private final BounceRules rules;
    private final int scanBytes;

    public BounceParser() {
        this(BounceRules.defaults(), DEFAULT_SCAN_BYTES);
    }

    public BounceParser(BounceRules rules, int scanBytes) {
        if (scanBytes < 1024) {
            throw new IllegalArgumentException("bounce scan limit must be at least 1024 bytes, got " + scanBytes);
        }
        this.rules = rules;
        this.scanBytes = scanBytes;
    }

    /** Reads {@code arrears.inbound.bounce.scan-kb} (KB of each text part scanned, default 64, 1 to 4096). */
    public static BounceParser from(Settings settings) {
        int kb = settings.getInt(SCAN_KEY, DEFAULT_SCAN_BYTES / 1024);
        if (kb < 1 || kb > 4096) {
            throw new ConfigException(settings.origin() + ": setting '" + SCAN_KEY + "' must be between 1 and 4096 (KB), got " + kb);
        }
        return new BounceParser(BounceRules.defaults(), kb * 1024);
    }

    /** Raw message bytes, any line endings. */
    public BounceReport parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return BounceReport.error("empty message");
        }
        try {
            return parse(MessageBytes.message(SESSION, normalise(raw)));
        } catch (MessagingException | RuntimeException e) {
            return BounceReport.error("not a readable mail message: " + e.getMessage());
        }
    }

    /** A message already read. Never throws. */
    public BounceReport parse(MimeMessage message) {
        try {
            return read(message);
        } catch (MessagingException | IOException | RuntimeException e) {
            return BounceReport.error("not a readable mail message: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** LF line endings (CRLF and lone CR become LF), without a leading mbox "From " line. */
    static byte[] normalise(byte[] raw) {
        int start = 0;
        if (raw.length > 5 && raw[0] == 'F' && raw[1] == 'r' && raw[2] == 'o' && raw[3] == 'm' && raw[4] == ' ') {
            while (start < raw.length && raw[start] != '\n' && raw[start] != '\r') {
                start++;
            }
            if (start < raw.length && raw[start] == '\r') {
                start++;
            }
            if (start < raw.length && raw[start] == '\n') {
                start++;
            }
        }
        int cr = start;
        while (cr < raw.length && raw[cr] != '\r') {
            cr++;
        }
        if (cr == raw.length) {
            // LF line ends already (most files and mailboxes): no copy
            return start == 0 ? raw : java.util.Arrays.copyOfRange(raw, start, raw.length);
        }
        byte[] out = new byte[raw.length - start];
        int n = 0;
        for (int i = start; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\r') {
                out[n++] = '\n';
                if (i + 1 < raw.length && raw[i + 1] == '\n') {
                    i++;
                }
            } else {
                out[n++] = b;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** What the walk over the MIME tree collected. */
    private static final class Parts {
        final StringBuilder text = new StringBuilder();
        String deliveryStatus;
        String feedbackReport;
        InternetHeaders original;
        String originalText;
        int count;
    }

    private BounceReport read(MimeMessage m) throws MessagingException, IOException {
        Parts parts = new Parts();
        walk(m, parts, 0, true);
        String from = firstAddress(m.getHeader("From"));
        String subject = decoded(m.getHeader("Subject", null));
        String envelope = envelopeRecipient(m);
        String format = format(m, parts.text);
        Set<String> excluded = new LinkedHashSet<>();
        addAddresses(excluded, m.getHeader("To"));
        addAddresses(excluded, m.getHeader("From"));
        addAddresses(excluded, m.getHeader("Return-Path"));

        // the failure text and, cut from it, the original message quoted in the body
        String body = parts.text.toString();
        int cut = originalStart(body);
        String failure = cut >= 0 ? body.substring(0, cut) : body;
        if (parts.original == null && cut >= 0) {
            int h = headerStart(body, cut);
            if (h >= 0) {
                parts.original = headers(body.substring(h, Math.min(body.length(), h + 16 * 1024)));
            }
        }
        Map<String, String> originalHeaders = originalHeaders(parts.original);
        String originalId = originalHeaders.get("message-id");

        List<BounceRecord> records = new ArrayList<>();
        BounceReport.Kind kind;
        String jmrp = parts.original == null ? null : parts.original.getHeader("X-HmXmrOriginalRecipient", ",");
        if (parts.feedbackReport != null) {
            kind = BounceReport.Kind.FEEDBACK;
            format = "ARF";
            feedback(parts.feedbackReport, originalHeaders, records);
        } else if (jmrp != null) {
            // Microsoft's junk mail reporting programme: the complained-about message, its recipient in a header
            kind = BounceReport.Kind.FEEDBACK;
            format = "ARF";
            feedback("Feedback-Type: abuse\nOriginal-Rcpt-To: " + jmrp + "\n", originalHeaders, records);
        } else if (parts.deliveryStatus != null && deliveryStatus(parts.deliveryStatus, failure, format, records)) {
            kind = BounceReport.Kind.BOUNCE;
            if (format == null) {
                format = "RFC3464";
            }
        } else if (amazon(body, records)) {
            kind = BounceReport.Kind.BOUNCE;
            format = "AmazonSES";
        } else if (looksLikeBounce(from, subject, m, failure, parts.original != null)) {
            kind = BounceReport.Kind.BOUNCE;
            text(failure, subject, format, excluded, originalHeaders, records);
            if (format == null) {
                format = "text";
            }
        } else if (isAutoReply(m, subject, from)) {
            kind = BounceReport.Kind.AUTOREPLY;
            records.add(new BounceRecord(from, null, null, null, clip(subject), null, "vacation", false, null, null));
            format = "RFC3834";
        } else {
            return new BounceReport(BounceReport.Kind.NOT_BOUNCE, null, List.of(), originalId, originalHeaders, envelope,
                    "not a bounce: no delivery status, no feedback report and no bounce wording");
        }
        return new BounceReport(kind, format, records, originalId, originalHeaders, envelope, null);
    }

    // ---- MIME walk

    private void walk(Part p, Parts parts, int depth, boolean top) throws MessagingException, IOException {
        if (++parts.count > MAX_PARTS || depth > MAX_DEPTH) {
            return;
        }
        String type = baseType(p);
        if (type.startsWith("multipart/")) {
            Multipart mp = null;
            int n = 0;
            try {
                // parsed from the part's own bytes: getContent() would look the type up in the mail capabilities
                MimeMultipart m = MessageBytes.multipart(new MimePartDataSource((MimePart) p));
                mp = m;
                n = m.getCount();
            } catch (MessagingException | RuntimeException e) {
                mp = null; // no boundary where the header says: read the body as text
            }
            if (mp == null || n == 0) {
                textPart(parts, rawText(p));
                return;
            }
            for (int i = 0; i < n && parts.count <= MAX_PARTS; i++) {
                walk(mp.getBodyPart(i), parts, depth + 1, false);
            }
            return;
        }
        switch (type) {
            case "message/delivery-status", "message/global-delivery-status" -> {
                if (parts.deliveryStatus == null) {
                    parts.deliveryStatus = read(p);
                }
            }
            case "message/feedback-report" -> {
                if (parts.feedbackReport == null) {
                    parts.feedbackReport = read(p);
                }
            }
            case "message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers",
                 "text/rfc822", "message/partial" -> {
                if (parts.original == null) {
                    String s = read(p);
                    parts.original = headers(s);
                    parts.originalText = s;
                }
            }
            default -> {
                if (type.equals("text/plain") || top && type.startsWith("text/") && !type.equals("text/html")) {
                    textPart(parts, read(p));
                } else if (type.equals("text/html")) {
                    appendText(parts, stripHtml(read(p)));
                } else if (type.equals("application/json")) {
                    appendText(parts, read(p));
                }
            }
        }
    }

    private void textPart(Parts parts, String s) {
        if (parts.deliveryStatus == null && (s.regionMatches(true, 0, "Reporting-MTA:", 0, 14)
                || s.regionMatches(true, 0, "Final-Recipient:", 0, 16)
                || s.contains("\nFinal-Recipient:") && s.contains("\nStatus:"))) {
            parts.deliveryStatus = s;
        }
        appendText(parts, s);
    }

    /** The undecoded body of a part whose structure could not be read. */
    private String rawText(Part p) {
        if (p instanceof MimeMessage mm) {
            try (InputStream raw = mm.getRawInputStream()) {
                return new String(raw.readNBytes(scanBytes), StandardCharsets.ISO_8859_1);
            } catch (IOException | MessagingException | RuntimeException e) {
                return "";
            }
        }
        if (p instanceof jakarta.mail.internet.MimeBodyPart b) {
            try (InputStream raw = b.getRawInputStream()) {
                return new String(raw.readNBytes(scanBytes), StandardCharsets.ISO_8859_1);
            } catch (IOException | MessagingException | RuntimeException e) {
                return "";
            }
        }
        return "";
    }

    private void appendText(Parts parts, String s) {
        if (parts.text.length() < scanBytes) {
            parts.text.append(s, 0, Math.min(s.length(), scanBytes - parts.text.length())).append('\n');
        }
    }

    private static String baseType(Part p) throws MessagingException {
        String ct = p.getContentType();
        if (ct == null) {
            return "text/plain";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** A part's decoded content as text, bounded; undecodable content gives what could be read. */
    private String read(Part p) {
        byte[] bytes;
        try (InputStream in = p.getInputStream()) {
            bytes = in.readNBytes(scanBytes);
        } catch (IOException | MessagingException | RuntimeException e) {
            if (!(p instanceof jakarta.mail.internet.MimeBodyPart b)) {
                return "";
            }
            try (InputStream raw = b.getRawInputStream()) {
                bytes = raw.readNBytes(scanBytes);
            } catch (IOException | MessagingException | RuntimeException e2) {
                return "";
            }
        }
        Charset cs = StandardCharsets.ISO_8859_1;
        try {
            String name = new ContentType(p.getContentType()).getParameter("charset");
            if (name != null) {
                String key = name.strip().toLowerCase(Locale.ROOT);
                cs = CHARSETS.get(key);
                if (cs == null) {
                    try {
                        cs = Charset.forName(MimeUtility.javaCharset(key));
                    } catch (RuntimeException unknown) {
                        cs = StandardCharsets.ISO_8859_1; // a name the JDK does not know: read as bytes
                    }
                    if (CHARSETS.size() < 64) { // names come from the mail: a bounded cache, unknown names too
                        CHARSETS.put(key, cs);
                    }
                }
            } else if (isUtf8(bytes)) {
                cs = StandardCharsets.UTF_8;
            }
        } catch (MessagingException | RuntimeException e) {
            cs = StandardCharsets.ISO_8859_1;
        }
        return new String(bytes, cs).replace("\r\n", "\n").replace('\r', '\n');
    }

    private static boolean isUtf8(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b), java.nio.CharBuffer.allocate(b.length), true).isUnderflow();
            }
        }
        return false;
    }

    private static String stripHtml(String html) {
        String s = HTML_SKIP.matcher(html).replaceAll(" ");
        s = HTML_BREAK.matcher(s).replaceAll("\n");
        s = HTML_TAG.matcher(s).replaceAll(" ");
        return s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    private static InternetHeaders headers(String s) {
        try {
            return MessageBytes.headers(s.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> originalHeaders(InternetHeaders h) {
        Map<String, String> out = new LinkedHashMap<>();
        if (h == null) {
            return out;
        }
        Enumeration<Header> all = h.getAllHeaders();
        while (all.hasMoreElements()) {
            Header x = all.nextElement();
            String name = x.getName().toLowerCase(Locale.ROOT);
            if (name.equals("message-id") || name.equals("to") || name.equals("from") || name.equals("subject")
                    || name.equals("date") || name.equals("list-unsubscribe") || name.startsWith("x-arrears")) {
                out.putIfAbsent(name, x.getValue() == null ? "" : x.getValue().replaceAll("\\s+", " ").strip());
            }
        }
        return out;
    }

    // ---- message-level facts

    private static String envelopeRecipient(MimeMessage m) throws MessagingException {
        for (String name : new String[] {"X-Original-To", "Delivered-To", "Envelope-To", "X-Envelope-To", "To"}) {
            String a = firstAddress(m.getHeader(name));
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    private static String firstAddress(String[] values) {
        if (values == null) {
            return null;
        }
        for (String v : values) {
            List<String> found = new ArrayList<>();
            addresses(v, found, 1);
            if (!found.isEmpty()) {
                return found.get(0);
            }
        }
        return null;
    }

    private static void addAddresses(Set<String> into, String[] values) {
        if (values == null) {
            return;
        }
        for (String v : values) {
            List<String> found = new ArrayList<>();
            addresses(v, found, 20);
            for (String a : found) {
                into.add(a.toLowerCase(Locale.ROOT));
            }
        }
    }

    private static String decoded(String header) {
        if (header == null) {
            return "";
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(header));
        } catch (IOException | RuntimeException e) {
            return header;
        }
    }

    private static String format(MimeMessage m, CharSequence body) throws MessagingException {
        String lower = null;
        for (String[] f : FORMATS) {
            if (f[1].equals("H")) {
                if (m.getHeader(f[2]) != null) {
                    return f[0];
                }
            } else if (f[1].equals("F")) {
                String from = m.getHeader("From", ",");
                if (from != null && from.toLowerCase(Locale.ROOT).contains(f[2])) {
                    return f[0];
                }
            } else {
                if (lower == null) {
                    lower = body.subSequence(0, Math.min(body.length(), 8192)).toString().toLowerCase(Locale.ROOT);
                }
                if (lower.contains(f[2])) {
                    return f[0];
                }
            }
        }
        return null;
    }

    private static boolean looksLikeBounce(String from, String subject, MimeMessage m, String failure, boolean embedsOriginal)
            throws MessagingException {
        String local = from == null ? "" : from;
        String[] rp = m.getHeader("Return-Path");
        boolean nullSender = rp != null && rp.length > 0 && rp[0].replaceAll("\\s", "").equals("<>");
        String rawFrom = m.getHeader("From", ",");
        boolean sender = BOUNCE_SENDER.matcher(local).find() || m.getHeader("X-Failed-Recipients") != null
                || rawFrom != null && DAEMON.matcher(rawFrom).find();
        boolean subj = BOUNCE_SUBJECT.matcher(subject).find();
        // the pattern is lower case: matching lower-cased text is several times faster than case-insensitive matching
        boolean words = BOUNCE_WORDS.test((failure.length() > 8192 ? failure.substring(0, 8192) : failure)
                .toLowerCase(Locale.ROOT));
        return (sender || nullSender) && (subj || words) || words && (subj || embedsOriginal);
    }

    private static boolean isAutoReply(MimeMessage m, String subject, String from) throws MessagingException {
        String auto = m.getHeader("Auto-Submitted", null);
        if (auto != null && !auto.strip().equalsIgnoreCase("no")) {
            return true;
        }
        if (m.getHeader("X-Autoreply") != null || m.getHeader("X-Autorespond") != null) {
            return true;
        }
        String prec = m.getHeader("Precedence", null);
        if (prec != null && prec.strip().toLowerCase(Locale.ROOT).matches("auto_reply|bulk|junk")) {
            return true;
        }
        return AUTO_SUBJECT.matcher(subject.strip()).find();
    }

    // ---- the original message inside the body

    private static int originalStart(String body) {
        String lower = body.toLowerCase(Locale.ROOT);
        Matcher m = lower.length() == body.length() ? ORIGINAL_MARKER.matcher(lower) : ORIGINAL_MARKER_ANY_CASE.matcher(body);
        int marker = m.find() ? m.start() : -1;
        Matcher h = HEADER_BLOCK_START.matcher(body);
        int header = -1;
        while (h.find()) {
            if (h.start() == 0 || body.charAt(h.start() - 1) == '\n') {
                header = h.start();
                break;
            }
        }
        if (marker < 0) {
            return header;
        }
        return header < 0 ? marker : Math.min(marker, header);
    }

    private static int headerStart(String body, int from) {
        Matcher h = HEADER_BLOCK_START.matcher(body);
        if (h.find(from)) {
            return h.start();
        }
        Matcher any = ANY_HEADER.matcher(body);
        return any.find(from) ? any.start() : -1;
    }

    // ---- RFC 3464

    /** Adds a record per recipient group; false when the text has no recipient group. */
    private boolean deliveryStatus(String ds, String humanText, String format, List<BounceRecord> records) {
        List<Map<String, String>> groups = fieldGroups(ds);
        List<Map<String, String>> recipients = new ArrayList<>();
        for (Map<String, String> g : groups) {
            if (g.containsKey("final-recipient") || g.containsKey("original-recipient")) {
                recipients.add(g);
            }
        }
        if (recipients.isEmpty()) {
            return false;
        }
        List<String> all = new ArrayList<>();
        for (Map<String, String> g : recipients) {
            all.add(addressOf(g.getOrDefault("final-recipient", g.get("original-recipient"))));
        }
        for (Map<String, String> g : recipients) {
            if (records.size() >= MAX_RECIPIENTS) {
                break;
            }
            String recipient = addressOf(g.getOrDefault("final-recipient", g.get("original-recipient")));
            String original = g.containsKey("original-recipient") ? addressOf(g.get("original-recipient")) : null;
            String action = g.getOrDefault("action", "").toLowerCase(Locale.ROOT).strip();
            int sp = action.indexOf(' ');
            if (sp > 0) {
                action = action.substring(0, sp);
            }
            String diagnostic = typed(g.getOrDefault("diagnostic-code", ""));
            String status = firstStatus(g.getOrDefault("status", ""));
            String inText = firstStatus(diagnostic);
            if (status == null || status.endsWith(".0.0") && inText != null && inText.charAt(0) == status.charAt(0)) {
                status = inText != null ? inText : status;
            }
            String remote = g.containsKey("remote-mta") ? typed(g.get("remote-mta")) : null;
            String context = diagnostic;
            if (humanText != null) {
                String about = recipients.size() == 1 ? bounded(humanText, CLASSIFY_CHARS) : segmentAbout(humanText, recipient, all);
                context = diagnostic + "\n" + about;
                String aboutStatus = recipients.size() == 1 ? null : firstStatus(about);
                if (status != null && status.endsWith(".0.0") && aboutStatus != null && aboutStatus.charAt(0) == status.charAt(0)) {
                    status = aboutStatus;
                }
            }
            records.add(record(recipient, original, status, diagnostic, action, remote, context, format));
        }
        return true;
    }

    /**
     * The lines of a report's text about one recipient: from the line of its first mention to the next line that
     * mentions another recipient, at most 800 characters.
     */
    private static String segmentAbout(String text, String recipient, List<String> others) {
        if (recipient == null) {
            return "";
        }
        int i = indexOfIgnoreCase(text, recipient);
        if (i < 0) {
            return "";
        }
        int from = lineStart(text, i);
        int end = Math.min(text.length(), from + 800);
        int eol = text.indexOf('\n', i);
        if (eol > 0 && eol < end) {
            String rest = text.substring(eol, end);
            for (String o : others) {
                if (o != null && !o.equalsIgnoreCase(recipient)) {
                    int j = indexOfIgnoreCase(rest, o);
                    if (j >= 0) {
                        end = Math.min(end, eol + lineStart(rest, j));
                    }
                }
            }
        }
        return text.substring(from, end);
    }

    private static int indexOfIgnoreCase(String text, String what) {
        int n = what.length();
        for (int i = 0; i + n <= text.length(); i++) {
            if (text.regionMatches(true, i, what, 0, n)) {
                return i;
            }
        }
        return -1;
    }

    private BounceRecord record(String recipient, String original, String status, String diagnostic, String action,
                                String remote, String context, String format) {
        if (action == null && status != null && status.startsWith("2.")) {
            status = null; // a success code in a failure text is a number that happens to look like one
        }
        String code = replyCode(diagnostic, status);
        if (action == null && code != null && code.charAt(0) == '2') {
            code = null;
        }
        if (status == null) {
            status = statusOfCode(code, action, context);
        }
        String reason;
        if (action != null && (action.equals("delivered") || action.equals("relayed") || action.equals("expanded"))
                || status != null && status.startsWith("2.")) {
            reason = "delivered";
        } else {
            // the server's own words first, then a specific status (x.y.z, z not 0), then the text around, then a
            // general status (x.y.0)
            reason = rules.decisiveReasonOfStatus(status);
            if (reason == null) {
                reason = rules.reasonOfText(bounded(diagnostic, CLASSIFY_CHARS), format);
            }
            boolean specific = status != null && !status.endsWith(".0");
            if (reason == null && specific) {
                reason = rules.reasonOfStatus(status);
            }
            if (reason == null && context != null && !context.equals(diagnostic)) {
                reason = rules.reasonOfText(bounded(context, CLASSIFY_CHARS), format);
            }
            if (reason == null && !specific) {
                reason = rules.reasonOfStatus(status);
            }
            if (reason == null) {
                if ("delayed".equals(action)) {
                    reason = "expired";
                } else {
                    reason = status != null && !status.isEmpty() ? "onhold" : "undefined";
                }
            }
        }
        if (reason.equals("userunknown") && (status == null || !status.startsWith(".1.", 1))
                && (context != null && AT_DATA.matcher(context).find() || rules.commandIsSilent(format))) {
            reason = "filtered";
        }
        int cls = status == null || status.isEmpty() ? 0 : status.charAt(0) - '0';
        return new BounceRecord(recipient, original, status, code, clip(diagnostic), action == null || action.isEmpty() ? null : action,
                reason, rules.isHard(reason, cls), remote, null);
    }

    private static String statusOfCode(String code, String action, String context) {
        if (code != null) {
            return code.charAt(0) + ".0.0";
        }
        if ("delayed".equals(action)) {
            return "4.0.0";
        }
        if ("failed".equals(action)) {
            return "5.0.0";
        }
        String c = context == null ? "" : bounded(context, CLASSIFY_CHARS).toLowerCase(Locale.ROOT);
        boolean transientWords = TRANSIENT_WORDS.test(c);
        boolean permanentWords = PERMANENT_WORDS.test(c);
        return transientWords && !permanentWords ? "4.0.0" : "5.0.0";
    }

    /** Header-like fields in blank-line separated groups, names lower-case, continuation lines unfolded. */
    static List<Map<String, String>> fieldGroups(String text) {
        List<Map<String, String>> groups = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    groups.add(current);
                    current = new LinkedHashMap<>();
                }
                last = null;
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                current.put(last, current.get(last) + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && colon < 40 && line.substring(0, colon).indexOf(' ') < 0) {
                last = line.substring(0, colon).toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                if (current.containsKey(last)) {
                    if (last.equals("final-recipient") || last.equals("original-rcpt-to")) {
                        // a second recipient without a blank line in between
                        if (last.equals("final-recipient")) {
                            groups.add(current);
                            current = new LinkedHashMap<>();
                            current.put(last, value);
                        } else {
                            current.put(last, current.get(last) + "\u0000" + value);
                        }
                    }
                    continue;
                }
                current.put(last, value);
            }
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    /** "rfc822; a@b" → "a@b", "smtp; 550 ..." → "550 ...". */
    private static String typed(String value) {
        int semi = value.indexOf(';');
        if (semi > 0 && semi < 20 && value.substring(0, semi).indexOf(' ') < 0) {
            return value.substring(semi + 1).strip();
        }
        return value.strip();
    }

    private static String addressOf(String value) {
        if (value == null) {
            return null;
        }
        String v = typed(value);
        List<String> found = new ArrayList<>();
        addresses(v, found, 1);
        return found.isEmpty() ? (v.isEmpty() ? null : v) : found.get(0);
    }

    private static String firstStatus(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        Matcher m = STATUS.matcher(s);
        return m.find() ? m.group() : null;
    }

    private static String replyCode(String diagnostic, String status) {
        if (diagnostic == null || diagnostic.isEmpty()) {
            return null;
        }
        Matcher m = REPLY.matcher(bounded(diagnostic, CLASSIFY_CHARS));
        String first = null;
        while (m.find()) {
            String c = m.group(1);
            if (status == null || c.charAt(0) == status.charAt(0)) {
                return c;
            }
            if (first == null) {
                first = c;
            }
        }
        return status == null ? first : null;
    }

    // ---- ARF

    private void feedback(String report, Map<String, String> original, List<BounceRecord> records) {
        List<Map<String, String>> groups = fieldGroups(report);
        Map<String, String> f = groups.isEmpty() ? Map.of() : groups.get(0);
        String type = f.getOrDefault("feedback-type", "").strip().toLowerCase(Locale.ROOT);
        List<String> recipients = new ArrayList<>();
        String rcpt = f.get("original-rcpt-to");
        if (rcpt != null) {
            for (String r : rcpt.split("\u0000")) {
                addresses(r, recipients, MAX_RECIPIENTS);
            }
        }
        if (recipients.isEmpty() && f.containsKey("removal-recipient")) {
            addresses(f.get("removal-recipient"), recipients, MAX_RECIPIENTS);
        }
        if (recipients.isEmpty() && original.containsKey("to")) {
            addresses(original.get("to"), recipients, 1);
        }
        if (recipients.isEmpty()) {
            recipients.add(null);
        }
        for (String r : new LinkedHashSet<>(recipients)) {
            records.add(new BounceRecord(r, null, null, null, null, null, "feedback", false, null,
                    type.isEmpty() ? "other" : type));
        }
    }

    // ---- Amazon SES notifications (JSON)

    private boolean amazon(String body, List<BounceRecord> records) {
        int start = body.indexOf('{');
        if (start < 0 || body.indexOf("Type\"", start) < 0) {
            return false;
        }
        JsonNode root;
        int end = body.lastIndexOf('}');
        if (end < start) {
            return false;
        }
        String json = body.substring(start, end + 1);
        try {
            root = JSON.readTree(json);
        } catch (IOException | RuntimeException e) {
            try {
                root = JSON.readTree(json.replace("\n", "")); // notifications wrapped at a line length
            } catch (IOException | RuntimeException e2) {
                return false;
            }
        }
        if (root.has("Message") && root.get("Message").isTextual()) {
            try {
                root = JSON.readTree(root.get("Message").asText());
            } catch (IOException e) {
                return false;
            }
        }
        String type = root.path("notificationType").asText(root.path("eventType").asText(""));
        int before = records.size();
        switch (type) {
            case "Bounce" -> {
                JsonNode b = root.path("bounce");
                boolean permanent = "Permanent".equalsIgnoreCase(b.path("bounceType").asText());
                String remote = b.path("remoteMtaIp").asText(null);
                for (JsonNode r : b.path("bouncedRecipients")) {
                    String diag = r.path("diagnosticCode").asText("");
                    String status = firstStatus(r.path("status").asText(""));
                    if (status == null) {
                        status = firstStatus(diag);
                    }
                    String ctx = diag + "\n" + b.path("bounceSubType").asText("");
                    records.add(record(r.path("emailAddress").asText(null), null, status, diag,
                            r.path("action").asText(permanent ? "failed" : "delayed"), remote, ctx, "AmazonSES"));
                }
            }
            case "Delivery" -> {
                JsonNode d = root.path("delivery");
                String diag = d.path("smtpResponse").asText("");
                for (JsonNode r : d.path("recipients")) {
                    String status = firstStatus(diag);
                    records.add(record(r.asText(null), null, status == null ? "2.0.0" : status, diag, "delivered",
                            d.path("remoteMtaIp").asText(null), diag, "AmazonSES"));
                }
            }
            case "Complaint" -> {
                JsonNode c = root.path("complaint");
                for (JsonNode r : c.path("complainedRecipients")) {
                    records.add(new BounceRecord(r.path("emailAddress").asText(null), null, null, null, null, null,
                            "feedback", false, null, c.path("complaintFeedbackType").asText("abuse")));
                }
            }
            default -> {
                return false;
            }
        }
        return records.size() > before;
    }

    // ---- plain-text bounces

    private void text(String failure, String subject, String format, Set<String> excluded,
                      Map<String, String> original, List<BounceRecord> records) {
        String scan = bounded(failure, scanBytes);
        List<int[]> at = new ArrayList<>();
        List<String> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int i = scan.indexOf('@');
        while (i >= 0 && found.size() < MAX_RECIPIENTS) {
            int[] span = addressSpan(scan, i);
            if (span != null) {
                String a = scan.substring(span[0], span[1]);
                String key = a.toLowerCase(Locale.ROOT);
                if (!excluded.contains(key) && !BOUNCE_SENDER.matcher(key).find() && !key.startsWith("noreply@")
                        && !key.startsWith("no-reply@") && !key.startsWith("abuse@") && !inUrl(scan, span[0])
                        && !onIdLine(scan, span[0]) && seen.add(key)) {
                    found.add(a);
                    at.add(span);
                }
                i = scan.indexOf('@', span[1]);
            } else {
                i = scan.indexOf('@', i + 1);
            }
        }
        if (found.isEmpty()) {
            List<String> to = new ArrayList<>();
            if (original.containsKey("to")) {
                addresses(original.get("to"), to, 1);
            }
            String r = to.isEmpty() ? null : to.get(0);
            records.add(record(r, null, firstStatus(scan), bounded(scan.strip(), CLASSIFY_CHARS), null, null,
                    subject + "\n" + scan, format));
            return;
        }
        String preamble = scan.substring(0, lineStart(scan, at.get(0)[0]));
        for (int k = 0; k < found.size(); k++) {
            int from = lineStart(scan, at.get(k)[0]);
            String segment = found.size() == 1 ? scan.substring(from, Math.min(scan.length(), from + CLASSIFY_CHARS))
                    : segmentAbout(scan.substring(from), found.get(k), found);
            String diag = segment.replaceAll("[ \\t]*\\n[ \\t]*", " ").strip();
            String status = firstStatus(segment);
            String context = subject + "\n" + preamble + "\n" + segment;
            records.add(record(found.get(k), null, status, diag, null, null, context, format));
        }
    }

    /** An address-like token on a Message-ID, In-Reply-To or References line is an identifier, not an address. */
    private static boolean onIdLine(String s, int start) {
        int ls = lineStart(s, start);
        String head = s.substring(ls, start).toLowerCase(Locale.ROOT);
        return head.contains("message-id") || head.contains("in-reply-to") || head.contains("references:");
    }

    private static boolean inUrl(String s, int start) {
        int from = Math.max(0, start - 200);
        int sp = Math.max(s.lastIndexOf(' ', start), s.lastIndexOf('\n', start));
        String word = s.substring(Math.max(from, sp + 1), start);
        return word.contains("://") || word.contains("?") || word.contains("=");
    }

    private static int lineStart(String s, int index) {
        int nl = s.lastIndexOf('\n', index);
        return nl + 1;
    }

    // ---- addresses

    private static boolean localChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ".!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0;
    }

    private static boolean domainChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.';
    }

    /** The bounds of an address around the '@' at {@code at}, or null when there is none. */
    static int[] addressSpan(CharSequence s, int at) {
        int a = at;
        while (a > 0 && at - a < 128 && localChar(s.charAt(a - 1))) {
            a--;
        }
        while (a < at && (s.charAt(a) == '.' || s.charAt(a) == '\'' || s.charAt(a) == '=')) {
            a++;
        }
        int b = at + 1;
        while (b < s.length() && b - at < 256 && domainChar(s.charAt(b))) {
            b++;
        }
        while (b > at + 1 && (s.charAt(b - 1) == '.' || s.charAt(b - 1) == '-')) {
            b--;
        }
        if (a == at || b == at + 1) {
            return null;
        }
        int dot = -1;
        for (int k = at + 1; k < b; k++) {
            if (s.charAt(k) == '.') {
                dot = k;
            }
        }
        if (dot < 0 || b - dot < 3) {
            return null;
        }
        for (int k = dot + 1; k < b; k++) {
            char c = s.charAt(k);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return null;
            }
        }
        return new int[] {a, b};
    }

    static void addresses(String s, List<String> into, int max) {
        if (s == null) {
            return;
        }
        int i = s.indexOf('@');
        while (i >= 0 && into.size() < max) {
            int[] span = addressSpan(s, i);
            if (span != null) {
                into.add(s.substring(span[0], span[1]));
                i = s.indexOf('@', span[1]);
            } else {
                i = s.indexOf('@', i + 1);
            }
        }
    }

    private static String bounded(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String clip(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() <= DIAGNOSTIC_CHARS ? t : t.substring(0, DIAGNOSTIC_CHARS);
    }
}
