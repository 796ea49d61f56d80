package org.arrears.util;

import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip (RFC 1952) at the fastest level, with one deflater per thread kept for reuse: evidence of every sent
 * message is compressed, and a fresh {@link java.util.zip.GZIPOutputStream} allocates and clears a quarter
 * megabyte of deflater state per message.
 */
public final class Gzip {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED, true));

    private Gzip() {
    }

    public static byte[] compress(byte[] content) {
        Deflater d = DEFLATER.get();
        d.reset();
        d.setInput(content);
        d.finish();
        byte[] out = new byte[HEADER.length + content.length + content.length / 8 + 64];
        System.arraycopy(HEADER, 0, out, 0, HEADER.length);
        int n = HEADER.length;
        while (!d.finished()) {
            if (n == out.length - 8) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            n += d.deflate(out, n, out.length - 8 - n);
        }
        CRC32 crc = new CRC32();
        crc.update(content);
        n = putIntLe(out, n, (int) crc.getValue());
        n = putIntLe(out, n, content.length);
        return java.util.Arrays.copyOf(out, n);
    }

    private static int putIntLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
        return at + 4;
    }
}
