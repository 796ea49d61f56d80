package org.arrears.sms;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How a text goes over the air and how many segments it takes.
 *
 * <ul>
 *   <li><b>GSM-7</b> (3GPP TS 23.038 default alphabet) when every character is in the basic table or its extension
 *       table; an extension character is sent as ESC plus a code, so it counts two septets. One segment holds 160
 *       septets; a concatenated one 153 (the user data header takes the rest), and an escape pair never straddles
 *       two segments.</li>
 *   <li><b>UCS-2</b> otherwise: 70 UTF-16 code units in one segment, 67 in each of a concatenated message. A
 *       character outside the Basic Multilingual Plane (most emoji) is a surrogate pair and counts two units; a
 *       pair never straddles two segments either.</li>
 * </ul>
 *
 * <p>The basic table is taken as the standard defines it: 0x09 is the capital Ç (a lower-case ç is not in GSM-7),
 * and no character is silently replaced by a look-alike.
 */
public final class SmsEncoding {

    public enum Encoding {
        GSM_7(160, 153), UCS_2(70, 67);

        /** Units (septets or UTF-16 code units) in a single-segment message, and in each part of a longer one. */
        public final int single;
        public final int concatenated;

        Encoding(int single, int concatenated) {
            this.single = single;
            this.concatenated = concatenated;
        }
    }

    /**
     * A text's encoding, its length in that encoding's units (septets for GSM-7, UTF-16 code units for UCS-2)
     * and the number of segments it is sent as. An empty text is one (empty) segment.
     */
    public record Count(Encoding encoding, int units, int segments) {
    }

    /** The basic table, in code order (0x1B, the escape to the extension table, is left out as a space-holder). */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** The extension table's characters: form feed, ^ { } \ [ ~ ] | €. */
    private static final String EXTENSION = "\f^{}\\[~]|€";
    /** The code of each {@link #EXTENSION} character, in the same order (sent after the escape 0x1B). */
    private static final byte[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};
    private static final int ESCAPE = 0x1B;

    static {
        if (BASIC.length() != 128) {
            throw new IllegalStateException("GSM 03.38 basic table has " + BASIC.length() + " characters, not 128");
        }
    }

    private SmsEncoding() {
    }

    /** Septets a character takes in GSM-7: 1 (basic table), 2 (extension table) or 0 when it is not in GSM-7. */
    public static int septets(int codePoint) {
        if (codePoint == 0x1B || codePoint > 0xFFFF) {
            return 0;
        }
        if (BASIC.indexOf(codePoint) >= 0) {
            return 1;
        }
        return EXTENSION.indexOf(codePoint) >= 0 ? 2 : 0;
    }

    /** True when every character of the text is in the GSM-7 default alphabet or its extension table. */
    public static boolean isGsm7(String text) {
        return text.codePoints().allMatch(c -> septets(c) > 0);
    }

    public static Encoding encodingOf(String text) {
        return isGsm7(text) ? Encoding.GSM_7 : Encoding.UCS_2;
    }

    public static Count count(String text) {
        Encoding e = encodingOf(text);
        int units = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            units += unitsOf(e, cp);
            i += Character.charCount(cp);
        }
        return new Count(e, units, split(text, e).size());
    }

    /**
     * The text cut into the parts it is sent as (one part when it fits a single segment). No part ends between an
     * escape character and its code, or between the two halves of a surrogate pair.
     */
    public static List<String> split(String text) {
        return split(text, encodingOf(text));
    }

    private static List<String> split(String text, Encoding e) {
        int total = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            total += unitsOf(e, cp);
            i += Character.charCount(cp);
        }
        if (total <= e.single) {
            return List.of(text);
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int units = unitsOf(e, cp);
            if (used + units > e.concatenated) {
                parts.add(text.substring(start, i));
                start = i;
                used = 0;
            }
            used += units;
            i += Character.charCount(cp);
        }
        parts.add(text.substring(start));
        return List.copyOf(parts);
    }

    /**
     * The text in the GSM-7 default alphabet, one septet per octet (unpacked, as SMPP's data_coding 0x00 carries
     * it): a basic-table character is its code, an extension-table character the escape 0x1B and its code.
     *
     * @throws IllegalArgumentException naming the first character that is not in GSM-7 and its position
     */
    public static byte[] toGsm7(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int basic = c == ESCAPE ? -1 : BASIC.indexOf(c);
            int ext = EXTENSION.indexOf(c);
            if (basic >= 0) {
                out.write(basic);
            } else if (ext >= 0) {
                out.write(ESCAPE);
                out.write(EXTENSION_CODES[ext]);
            } else {
                throw new IllegalArgumentException("text: character U+%04X at %d is not in the GSM-7 alphabet".formatted((int) c, i));
            }
        }
        return out.toByteArray();
    }

    /**
     * Unpacked GSM-7 septets (one per octet) back to text. An escape followed by a code the extension table does
     * not know is read as the basic table's character for that code, as 3GPP TS 23.038 tells receivers to do.
     */
    public static String fromGsm7(byte[] septets) {
        StringBuilder out = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int code = septets[i] & 0x7F;
            if (code == ESCAPE && i + 1 < septets.length) {
                int next = septets[++i] & 0x7F;
                int ext = -1;
                for (int k = 0; k < EXTENSION_CODES.length; k++) {
                    if (EXTENSION_CODES[k] == next) {
                        ext = k;
                    }
                }
                out.append(ext >= 0 ? EXTENSION.charAt(ext) : BASIC.charAt(next));
            } else {
                out.append(code == ESCAPE ? ' ' : BASIC.charAt(code));
            }
        }
        return out.toString();
    }

    private static int unitsOf(Encoding e, int codePoint) {
        return e == Encoding.GSM_7 ? septets(codePoint) : Character.charCount(codePoint);
    }
}
