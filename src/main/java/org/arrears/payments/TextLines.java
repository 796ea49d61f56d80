package org.arrears.payments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads text lines from a byte stream, one at a time, ending at LF, CRLF or a lone CR. Each line is decoded as
 * UTF-8 when it is valid UTF-8 and as Windows-1252 otherwise, so files from banks that still write Latin-1 or
 * code page 1252 read correctly without configuration. A leading UTF-8 byte order mark is dropped. Lines longer
 * than a limit are refused, which keeps memory bounded whatever the input.
 */
final class TextLines implements AutoCloseable {

    private static final Charset FALLBACK = Charset.forName("windows-1252");

    private final InputStream in;
    private final int maxLineLength;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int lineLen;
    private long lineNumber;
    private boolean first = true;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** Thrown when a line is longer than the limit. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(String message) {
            super(message);
        }
    }

    TextLines(InputStream in, int maxLineLength) {
        this.in = in;
        this.maxLineLength = maxLineLength;
    }

    /** Number of the line last returned by {@link #next()}, starting at 1. */
    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator, or null at the end of the input. */
    String next() throws IOException {
        lineLen = 0;
        boolean any = false;
        while (true) {
            if (pos >= limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            byte b = buf[pos++];
            any = true;
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                // CRLF or lone CR
                if (pos >= limit) {
                    limit = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        break;
                    }
                }
                if (buf[pos] == '\n') {
                    pos++;
                }
                break;
            }
            if (lineLen == line.length) {
                if (lineLen >= maxLineLength) {
                    throw new LineTooLongException("line " + (lineNumber + 1) + " is longer than " + maxLineLength
                            + " characters");
                }
                byte[] bigger = new byte[Math.min(maxLineLength, line.length * 2)];
                System.arraycopy(line, 0, bigger, 0, lineLen);
                line = bigger;
            }
            line[lineLen++] = b;
        }
        lineNumber++;
        int start = 0;
        if (first) {
            first = false;
            if (lineLen >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
                start = 3;
            }
        }
        return decode(line, start, lineLen - start);
    }

    private String decode(byte[] bytes, int off, int len) {
        boolean ascii = true;
        for (int i = off; i < off + len; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, off, len, StandardCharsets.US_ASCII);
        }
        try {
            CharBuffer cb = utf8.reset().decode(ByteBuffer.wrap(bytes, off, len));
            return cb.toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, off, len, FALLBACK);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
