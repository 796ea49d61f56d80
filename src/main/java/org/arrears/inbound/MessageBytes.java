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
        InternetHeaders h = new InternetHeaders();
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
            h.addHeaderLine(new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1));
            pos = Math.min(nl + 1, end);
        }
        return h;
    }

    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;
    private int mark;

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
