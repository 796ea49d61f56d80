package org.arrears.sms;

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

    private static int unitsOf(Encoding e, int codePoint) {
        return e == Encoding.GSM_7 ? septets(codePoint) : Character.charCount(codePoint);
    }
}
