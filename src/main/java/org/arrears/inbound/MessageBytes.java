package org.arrears.inbound;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.SharedInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A message's bytes as the stream Jakarta Mail parses: shared, so the body and each MIME part are views of the one
 * array rather than copies, and unsynchronised, since the parser reads header lines a byte at a time (the JDK's
 * {@code ByteArrayInputStream} takes a lock per byte, which cost a sixth of the classifier's time). One reader at a
 * time, as with any stream.
 *
 * <p>{@link #message} and {@link #multipart} read header blocks straight from the array ({@link #headers}) instead of a
 * byte at a time through Jakarta Mail's line reader, which was the classifier's largest single cost; what they give is
 * the same {@link InternetHeaders}, built line by line with {@code addHeaderLine} as Jakarta Mail's loader does.
 */
final class MessageBytes extends InputStream implements SharedInputStream {

    /** A message over these bytes (LF line ends, as {@link BounceParser#normalise} leaves them). */
    static MimeMessage message(Session session, byte[] bytes) throws MessagingException {
        return new MimeMessage(session, new MessageBytes(bytes)) {
            @Override
            protected InternetHeaders createInternetHeaders(InputStream is) throws MessagingException {
                return is instanceof MessageBytes b ? b.headers() : super.createInternetHeaders(is);
            }
        };
    }

    /** A multipart over a part's content, whose parts' headers are read the same way. */
    static MimeMultipart multipart(DataSource source) throws MessagingException {
        return new MimeMultipart(source) {
            @Override
            protected InternetHeaders createInternetHeaders(InputStream is) throws MessagingException {
                return is instanceof MessageBytes b ? b.headers() : super.createInternetHeaders(is);
            }

            @Override
            protected MimeBodyPart createMimeBodyPart(InputStream is) throws MessagingException {
                if (!(is instanceof MessageBytes b)) {
                    return super.createMimeBodyPart(is);
                }
                InternetHeaders h = b.headers();
                InputStream body = b.newStream(b.getPosition(), -1);
                return new MimeBodyPart() {
                    {
                        headers = h;
                        contentStream = body;
                    }
                };
            }
        };
    }

    /**
     * The header block from the current position up to and including the empty line that ends it (or the end of the
     * bytes), as ISO-8859-1 lines; afterwards the stream is at the body.
     */
    InternetHeaders headers() {
        IndexedHeaders h = new IndexedHeaders();
        while (pos < end) {
            int nl = pos;
            while (nl < end && buf[nl] != '\n') {
                nl++;
            }
            int lineEnd = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
            if (lineEnd == pos) {
                pos = Math.min(nl + 1, end);
                break;
            }
            h.parsed(new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1));
            pos = Math.min(nl + 1, end);
        }
        return h;
    }

    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;
    private int mark;

    /**
     * Headers that answer {@link #getHeader(String)} from an index by lower-case name instead of comparing every
     * header's name (the parser asks for a dozen names per part). The values are those Jakarta Mail gives: the text
     * after the colon without the white space that starts it, continuation lines joined by CRLF. Any change made after
     * parsing drops the index and the lookups go back to Jakarta Mail's own.
     */
    static final class IndexedHeaders extends InternetHeaders {
        private java.util.Map<String, java.util.List<String>> index = new java.util.HashMap<>();
        private java.util.List<String> last;

        /** A header line as read: a new header, or a continuation of the last one. */
        void parsed(String line) {
            super.addHeaderLine(line);
            if (index == null) {
                return;
            }
            char c = line.charAt(0);
            if (c == ' ' || c == '\t') {
                if (last != null) {
                    last.set(last.size() - 1, last.get(last.size() - 1) + "\r\n" + line);
                }
                return;
            }
            int colon = line.indexOf(':');
            String name = (colon < 0 ? line : line.substring(0, colon)).trim().toLowerCase(java.util.Locale.ROOT);
            last = index.computeIfAbsent(name, k -> new java.util.ArrayList<>(1));
            last.add(line);
        }

        @Override
        public String[] getHeader(String name) {
            if (index == null) {
                return super.getHeader(name);
            }
            java.util.List<String> lines = index.get(name.toLowerCase(java.util.Locale.ROOT));
            if (lines == null) {
                return null;
            }
            String[] out = new String[lines.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = value(lines.get(i));
            }
            return out;
        }

        private static String value(String line) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                return line;
            }
            int i = colon + 1;
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\r'
                    || line.charAt(i) == '\n')) {
                i++;
            }
            return line.substring(i);
        }

        @Override
        public void setHeader(String name, String value) {
            index = null;
            super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            index = null;
            super.addHeader(name, value);
        }

        @Override
        public void removeHeader(String name) {
            index = null;
            super.removeHeader(name);
        }

        @Override
        public void addHeaderLine(String line) {
            index = null;
            super.addHeaderLine(line);
        }
    }

    /** Bytes whose header block {@link #headers} reads from the start. */
    static InternetHeaders headers(byte[] bytes) {
        return new MessageBytes(bytes).headers();
    }

    MessageBytes(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private MessageBytes(byte[] buf, int start, int end) {
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.pos = start;
        this.mark = start;
    }

    @Override
    public int read() {
        return pos < end ? buf[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos >= end) {
            return -1;
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, end - pos));
        pos += (int) k;
        return k;
    }

    @Override
    public int available() {
        return end - pos;
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public void mark(int readLimit) {
        mark = pos;
    }

    @Override
    public void reset() {
        pos = mark;
    }

    /** The position relative to this stream's start, as {@link SharedInputStream} asks. */
    @Override
    public long getPosition() {
        return pos - start;
    }

    /** A view from {@code from} to {@code to} (-1: the end), both relative to this stream's start. */
    @Override
    public InputStream newStream(long from, long to) {
        if (from < 0) {
            throw new IllegalArgumentException("a stream cannot start before its bytes: " + from);
        }
        int s = (int) Math.min(start + from, end);
        int e = to == -1 ? end : (int) Math.min(start + to, end);
        return new MessageBytes(buf, s, Math.max(s, e));
    }
}
