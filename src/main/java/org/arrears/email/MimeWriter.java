package org.arrears.email;

import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Writes a text + HTML (multipart/alternative) message straight to bytes. Building the same message
 * through JavaMail's object model costs more than sending it; this writer produces RFC 5322/2045 output
 * (CRLF lines, RFC 2047 subject, quoted-printable UTF-8 bodies) in one pass.
 */
final class MimeWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<MailDateFormat> DATES = ThreadLocal.withInitial(MailDateFormat::new);

    private MimeWriter() {
    }

    /** Headers in order (name → value, values already RFC 2047-safe except Subject), then the two parts. */
    static byte[] alternative(Map<String, String> headers, String subject, Date date, String boundary, String text, String html) {
        Bytes out = new Bytes(text.length() + html.length() + 2048);
        header(out, "Date", DATES.get().format(date));
        for (Map.Entry<String, String> h : headers.entrySet()) {
            header(out, h.getKey(), h.getValue());
        }
        header(out, "Subject", encodeSubject(subject));
        header(out, "MIME-Version", "1.0");
        header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        crlf(out);
        for (String[] part : List.of(new String[] {"text/plain", text}, new String[] {"text/html", html})) {
            ascii(out, "--" + boundary);
            crlf(out);
            header(out, "Content-Type", part[0] + "; charset=UTF-8");
            header(out, "Content-Transfer-Encoding", "quoted-printable");
            crlf(out);
            quotedPrintable(out, part[1]);
            crlf(out);
        }
        ascii(out, "--" + boundary + "--");
        crlf(out);
        return out.toArray();
    }

    private static String encodeSubject(String subject) {
        try {
            return MimeUtility.fold(9, MimeUtility.encodeText(subject, "UTF-8", null));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A header line. Values are ASCII (RFC 2047-encoded where needed) except an internationalised recipient's
     * address, which is written as UTF-8 (RFC 6532) and sent only to a server that offers SMTPUTF8. Nothing is
     * masked to 7 bits: a character is written as itself or the message is not built.
     */
    private static void header(Bytes out, String name, String value) {
        ascii(out, name);
        ascii(out, ": ");
        utf8(out, value);
        crlf(out);
    }

    private static void ascii(Bytes out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch > 127) {
                throw new IllegalArgumentException("not ASCII: " + s);
            }
            out.write(ch);
        }
    }

    private static void utf8(Bytes out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            // a folded line (CRLF then white space) continues the header; any other line break would start a new one
            boolean folding = ch == '\r' && i + 2 < s.length() && s.charAt(i + 1) == '\n'
                    && (s.charAt(i + 2) == ' ' || s.charAt(i + 2) == '\t');
            if (folding) {
                i++;
                continue;
            }
            if (ch == '\r' || ch == '\n') {
                throw new IllegalArgumentException("a header value cannot contain a line break");
            }
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                    out.write(b);
                }
                return;
            }
        }
        ascii(out, s);
    }

    private static void crlf(Bytes out) {
        out.write('\r');
        out.write('\n');
    }

    /** RFC 2045 quoted-printable of the UTF-8 text: line breaks become CRLF, lines stay within 76 columns. */
    static void quotedPrintable(Bytes out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int column = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                continue;
            }
            if (b == '\n') {
                crlf(out);
                column = 0;
                continue;
            }
            boolean lineEndsNext = i + 1 == bytes.length || bytes[i + 1] == '\n' || bytes[i + 1] == '\r';
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lineEndsNext);
            // a leading dot is escaped too, so no line can look like the SMTP end of data
            if (b == '.' && column == 0) {
                literal = false;
            }
            int width = literal ? 1 : 3;
            if (column + width > 75) {
                out.write('=');
                crlf(out);
                column = 0;
            }
            if (literal) {
                out.write(b);
            } else {
                out.write('=');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 0x0F]);
            }
            column += width;
        }
    }

    /** An unsynchronized growable byte buffer: the writer appends one byte at a time. */
    static final class Bytes {
        private byte[] buf;
        private int size;

        Bytes(int capacity) {
            buf = new byte[Math.max(capacity, 256)];
        }

        void write(int b) {
            if (size == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            buf[size++] = (byte) b;
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(buf, size);
        }
    }
}
