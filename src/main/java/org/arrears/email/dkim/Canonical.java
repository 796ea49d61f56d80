package org.arrears.email.dkim;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;

/**
 * The relaxed canonicalisation of RFC 6376 section 3.4.2 (headers) and 3.4.4 (body), over the message bytes as
 * written: no copy of the body is made, its canonical form goes straight into the digest.
 */
final class Canonical {

    private Canonical() {
    }

    /** Where the header block ends: the index of the empty line's CRLF pair (the body starts 2 bytes later), or -1. */
    static int headerEnd(byte[] m) {
        if (m.length >= 2 && m[0] == '\r' && m[1] == '\n') {
            return 0;
        }
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                return i + 2;
            }
        }
        return -1;
    }

    /** The relaxed body canonical form of {@code m[from..]} fed to the digest. */
    static void body(byte[] m, int from, MessageDigest digest) {
        byte[] buf = new byte[8192];
        int n = 0;
        int pendingLines = 0;
        boolean space = false;
        boolean any = false;
        for (int i = from; i < m.length; i++) {
            byte b = m[i];
            if (b == '\r' && i + 1 < m.length && m[i + 1] == '\n') {
                space = false;
                pendingLines++;
                i++;
                continue;
            }
            if (b == ' ' || b == '\t') {
                space = true;
                continue;
            }
            if (n + 2 * pendingLines + 2 > buf.length) {
                digest.update(buf, 0, n);
                n = 0;
            }
            for (; pendingLines > 0; pendingLines--) {
                if (n + 2 > buf.length) {
                    digest.update(buf, 0, n);
                    n = 0;
                }
                buf[n++] = '\r';
                buf[n++] = '\n';
            }
            if (space) {
                buf[n++] = ' ';
                space = false;
            }
            buf[n++] = b;
            any = true;
        }
        if (any) {
            if (n + 2 > buf.length) {
                digest.update(buf, 0, n);
                n = 0;
            }
            buf[n++] = '\r';
            buf[n++] = '\n';
        }
        digest.update(buf, 0, n);
    }

    /** The relaxed form of one header field {@code m[start..end)} (its CRLF excluded), with a CRLF appended when asked. */
    static void header(byte[] m, int start, int end, boolean crlf, ByteArrayOutputStream out) {
        int colon = start;
        while (colon < end && m[colon] != ':') {
            colon++;
        }
        int nameEnd = colon;
        while (nameEnd > start && (m[nameEnd - 1] == ' ' || m[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        for (int i = start; i < nameEnd; i++) {
            byte b = m[i];
            out.write(b >= 'A' && b <= 'Z' ? b + 32 : b);
        }
        out.write(':');
        boolean space = false;
        boolean started = false;
        for (int i = colon + 1; i < end; i++) {
            byte b = m[i];
            if (b == '\r' || b == '\n') {
                continue;
            }
            if (b == ' ' || b == '\t') {
                space = true;
                continue;
            }
            if (space && started) {
                out.write(' ');
            }
            space = false;
            started = true;
            out.write(b);
        }
        if (crlf) {
            out.write('\r');
            out.write('\n');
        }
    }

    /** The lower-case name of the header field starting at {@code start}. */
    static String name(byte[] m, int start, int end) {
        int i = start;
        while (i < end && m[i] != ':' && m[i] != ' ' && m[i] != '\t') {
            i++;
        }
        char[] c = new char[i - start];
        for (int k = start; k < i; k++) {
            byte b = m[k];
            c[k - start] = (char) (b >= 'A' && b <= 'Z' ? b + 32 : b & 0xFF);
        }
        return new String(c);
    }
}
