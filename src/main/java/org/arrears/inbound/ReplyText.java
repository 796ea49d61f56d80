package org.arrears.inbound;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

/**
 * The new text of a human reply: quoted history and signatures stripped. Reads the first {@code text/plain} part
 * of a message (an HTML-only reply is converted by {@link HtmlText}), normalises LF, CRLF and CR line ends, cuts
 * at the first marker of quoted history (see {@link #QUOTE_HEADERS} and {@link #SEPARATORS}, {@code >} quoting, and
 * Outlook's "From: ... Sent: ..." header blocks), then splits off a signature ({@code "-- "} delimiter, "Sent from
 * my iPhone" and its equivalents in German, French, Spanish and Dutch).
 */
public final class ReplyText {

    /** Characters of a message body read at most (a reply's new text is at the top). */
    public static final String MAX_CHARS = "arrears.inbound.replies.max-chars";
    public static final int DEFAULT_MAX_CHARS = 65_536;

    /** What was found: the reply without quoted history, with and without its signature. */
    public record Reply(String text, String signature, String withSignature, String cutAt) {
        /** True when nothing is left: a reply that only quotes, or an empty body. */
        public boolean isEmpty() {
            return text.isBlank();
        }
    }

    /**
     * Attribution lines ("On ... wrote:") in English, German, French, Spanish and Dutch (and Italian, Portuguese
     * and the Scandinavian languages, which cost nothing), matched over up to three joined lines since clients wrap
     * them. Also the "2012/4/3 Name &lt;a@b&gt;" form of some webmails and any short line ending in an address and
     * a colon.
     */
    static final List<Pattern> QUOTE_HEADERS = List.of(
            Pattern.compile("^\\s*(?:-{1,3}\\s*)?(?:on|am|le|el|op|il|em|den|på|pa|w dniu)\\s.{0,250}?"
                    + "(?:wrote|writes|schrieb|geschrieben|a écrit|a ecrit|écrit|escribió|escribio|escribe|schreef|"
                    + "heeft geschreven|ha scritto|scrisse|escreveu|skrev|kirjoitti|napisał)(?:\\s*:?|\\s.{0,150}:)\\s*$",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
            Pattern.compile("^\\s*.{0,200}\\s(?:wrote|schrieb|a écrit|escribió|schreef)\\s*:\\s*$",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
            Pattern.compile("^\\s*\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}[ ,].{0,150}[<\\[(]?[^\\s<>@]+@[^\\s<>@]+[>\\])]?\\s*:\\s*$"));

    /** Separator lines before forwarded or quoted history. */
    static final List<Pattern> SEPARATORS = List.of(
            Pattern.compile("^\\s*-{2,}\\s*(?:original message|forwarded message|ursprüngliche nachricht|"
                    + "originalnachricht|weitergeleitete nachricht|message d'origine|message original|message transféré|"
                    + "mensaje original|mensaje reenviado|oorspronkelijk bericht|origineel bericht|doorgestuurd bericht|"
                    + "messaggio originale|mensagem original)\\s*-{2,}\\s*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
            Pattern.compile("^\\s*(?:begin forwarded message|anfang der weitergeleiteten nachricht|"
                    + "début du message réexpédié|inicio del mensaje reenviado|begin doorgestuurd bericht)\\s*:\\s*$",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
            Pattern.compile("^\\s*_{10,}\\s*$"),
            Pattern.compile("^\\s*-{10,}\\s*$"));

    /** The first line of an Outlook header block: From and its translations. */
    private static final Pattern HEADER_FROM = Pattern.compile(
            "^\\s*+\\*?\\s*+(?:from|von|de|van|da|fra|från|od)\\s*+:\\s*+\\*?\\s*+\\S.*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** The other lines of such a block. */
    private static final Pattern HEADER_OTHER = Pattern.compile(
            "^\\s*+\\*?\\s*+(?:sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|envoye|date|à|a|objet|enviado|fecha|"
                    + "para|asunto|verzonden|aan|onderwerp|verstuurd|inviato|oggetto|data|assunto|sendt|emne|skickat|"
                    + "ämne)\\s*+:\\s*+\\*?.*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern QUOTED = Pattern.compile("^\\s*>");
    private static final Pattern ATTRIBUTION_HINT = Pattern.compile("\\d|@");

    /** Mobile and webmail signatures: "Sent from my iPhone" and its equivalents. */
    static final Pattern DEVICE_SIGNATURE = Pattern.compile("^\\s*(?:sent from (?:my |the )?\\S.{0,60}|sent via \\S.{0,60}|"
            + "sent using \\S.{0,60}|get outlook for \\S.{0,40}|von meinem \\S.{0,40}gesendet|gesendet von (?:meinem )?\\S.{0,40}|"
            + "envoyé (?:de|depuis) mon \\S.{0,40}|envoye (?:de|depuis) mon \\S.{0,40}|enviado desde mi \\S.{0,40}|"
            + "verzonden (?:vanaf|met|van) mijn \\S.{0,40}|verstuurd (?:vanaf|met|van) mijn \\S.{0,40}|"
            + "inviato da(?:l mio)? \\S.{0,40})\\s*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern DELIMITER = Pattern.compile("^(?:-- ?|—|__)\\s*$");
    /** A device signature counts only this near the end of the new text. */
    private static final int SIGNATURE_TAIL_LINES = 4;

    private final int maxChars;

    public ReplyText() {
        this(DEFAULT_MAX_CHARS);
    }

    public ReplyText(int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
        }
        this.maxChars = maxChars;
    }

    /** Reads {@value #MAX_CHARS} (at least 256; default {@value #DEFAULT_MAX_CHARS}). */
    public static ReplyText from(Settings settings) {
        return new ReplyText(atLeast(settings, MAX_CHARS, DEFAULT_MAX_CHARS, 256));
    }

    /** A whole-number setting of at least {@code min}; otherwise startup fails naming the file and the key. */
    static int atLeast(Settings settings, String key, int fallback, int min) {
        int value = settings.getInt(key, fallback);
        if (value < min) {
            throw new ConfigException(settings.origin() + ": setting '" + key + "' must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** The reply in a message: its first text/plain part, or its HTML converted when it has none. */
    public Reply of(MimeMessage message) throws MessagingException, IOException {
        return strip(bodyText(message));
    }

    /** The body of a message as text (first text/plain part, else the first text/html part as text), or "". */
    public String bodyText(Part message) throws MessagingException, IOException {
        String plain = firstPart(message, "text/plain", 0);
        if (plain != null) {
            return plain;
        }
        String html = firstPart(message, "text/html", 0);
        return html == null ? "" : HtmlText.toText(html, maxChars * 4);
    }

    private String firstPart(Part part, String type, int depth) throws MessagingException, IOException {
        if (depth > 8) {
            return null;
        }
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    if (Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition())) {
                        continue;
                    }
                    String found = firstPart(child, type, depth + 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
        if (!part.isMimeType(type) || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return null;
        }
        return read(part);
    }

    /** The part's text in its declared charset (UTF-8 when unknown), at most a bounded number of bytes. */
    private String read(Part part) throws MessagingException, IOException {
        Charset charset = StandardCharsets.UTF_8;
        try {
            String declared = new ContentType(part.getContentType()).getParameter("charset");
            if (declared != null) {
                charset = Charset.forName(jakarta.mail.internet.MimeUtility.javaCharset(declared.trim()));
            }
        } catch (MessagingException | IllegalArgumentException e) {
            charset = StandardCharsets.UTF_8;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long limit = (long) maxChars * 4;
        try (InputStream in = part.getInputStream()) {
            int read;
            while (bytes.size() < limit && (read = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, read);
            }
        } catch (UnsupportedEncodingException e) {
            return "";
        }
        return bytes.toString(charset);
    }

    /** The reply in a body's text. */
    public Reply strip(String body) {
        String s = body.length() > maxChars ? body.substring(0, maxChars) : body;
        String[] lines = s.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int cut = lines.length;
        String cutAt = null;
        for (int i = 0; i < lines.length && cut == lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (QUOTED.matcher(line).find()) {
                cut = attributionBefore(lines, i);
                cutAt = "quoted";
            } else if (matchesAny(SEPARATORS, line)) {
                cut = i;
                cutAt = "separator";
            } else if (isHeaderBlock(lines, i)) {
                cut = i;
                cutAt = "header block";
            } else {
                int span = quoteHeaderSpan(lines, i);
                if (span > 0) {
                    cut = i;
                    cutAt = "quote header";
                }
            }
        }
        int end = trimEnd(lines, cut);
        int signature = signatureStart(lines, end);
        String withSignature = join(lines, 0, end);
        String text = join(lines, 0, trimEnd(lines, signature));
        String sig = signature < end ? join(lines, signature, end) : "";
        return new Reply(text, sig, withSignature, cutAt);
    }

    /**
     * Where quoted lines at {@code quoted} begin, with the line just before them when it reads as an attribution in
     * any language: short, ending in a colon, holding a digit or an address ("03.04.2012, bob написал:").
     */
    private static int attributionBefore(String[] lines, int quoted) {
        int k = quoted - 1;
        while (k >= 0 && lines[k].isBlank() && quoted - k <= 2) {
            k--;
        }
        if (k < 0 || lines[k].isBlank()) {
            return quoted;
        }
        String line = lines[k].strip();
        boolean attribution = line.length() <= 200 && line.endsWith(":") && ATTRIBUTION_HINT.matcher(line).find();
        return attribution ? k : quoted;
    }

    private static boolean matchesAny(List<Pattern> patterns, String line) {
        for (Pattern p : patterns) {
            if (p.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }

    /** "From: ..." followed, within the next four lines, by at least one more header line such as "Sent: ...". */
    private static boolean isHeaderBlock(String[] lines, int i) {
        if (lines[i].length() > 300 || !HEADER_FROM.matcher(lines[i]).matches()) {
            return false;
        }
        int headers = 0;
        for (int k = i + 1; k < lines.length && k <= i + 4; k++) {
            // a header line is short: a long line (a mutated or pasted one) is not read by the patterns at all
            if (lines[k].length() <= 300 && HEADER_OTHER.matcher(lines[k]).matches()) {
                headers++;
            } else if (!lines[k].isBlank() && headers == 0 && k > i + 1) {
                return false;
            }
        }
        return headers >= 1;
    }

    /** How many lines (1 to 3) from {@code i} make an attribution line, or 0. */
    private static int quoteHeaderSpan(String[] lines, int i) {
        StringBuilder joined = new StringBuilder();
        for (int k = i; k < lines.length && k < i + 3; k++) {
            if (k > i) {
                if (lines[k].isBlank()) {
                    return 0;
                }
                joined.append(' ');
            }
            joined.append(lines[k].strip());
            if (joined.length() > 400) {
                return 0;
            }
            if (joined.charAt(joined.length() - 1) == ':' || k == i) {
                String candidate = joined.toString();
                // a header wrapped over lines starts with its "On"/"Am"/"Le"...; the looser forms count on one line only
                if (k == i ? matchesAny(QUOTE_HEADERS, candidate) : QUOTE_HEADERS.get(0).matcher(candidate).matches()) {
                    return k - i + 1;
                }
            }
        }
        return 0;
    }

    /** Where the signature starts in lines [0, end): a "-- " delimiter, or a device line near the end; else end. */
    private static int signatureStart(String[] lines, int end) {
        for (int i = 0; i < end; i++) {
            if (i > 0 && DELIMITER.matcher(lines[i]).matches()) {
                return i;
            }
        }
        int seen = 0;
        for (int i = end - 1; i > 0 && seen < SIGNATURE_TAIL_LINES; i--) {
            if (lines[i].isBlank()) {
                continue;
            }
            seen++;
            if (DEVICE_SIGNATURE.matcher(lines[i]).matches()) {
                return i;
            }
        }
        return end;
    }

    private static int trimEnd(String[] lines, int end) {
        int e = end;
        while (e > 0 && lines[e - 1].isBlank()) {
            e--;
        }
        return e;
    }

    private static String join(String[] lines, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                b.append('\n');
            }
            b.append(lines[i].stripTrailing());
        }
        return b.toString().strip();
    }
}
