package org.arrears.ar;

import java.util.Locale;
import java.util.Objects;

/**
 * ISO 11649 structured creditor reference ("RF" + two check digits + a reference of up to 21 letters or
 * digits), the payment reference every invoice and reminder carries so incoming payments match by
 * themselves.
 *
 * <p>The check digits follow ISO 7064 MOD 97-10, as for an IBAN: move "RF00" behind the reference, replace
 * each letter by two digits (A=10 ... Z=35), take the number modulo 97 and subtract the remainder from 98.
 * A reference is valid when the same transformation of the whole reference (check digits included) leaves
 * remainder 1.
 */
public final class CreditorReference {

    /** Longest reference part (the body after "RFnn"). */
    public static final int MAX_BODY_LENGTH = 21;

    private CreditorReference() {
    }

    /**
     * The creditor reference for {@code body}: "RF", two check digits, then the body upper-cased and
     * without whitespace.
     *
     * @throws IllegalArgumentException when the body is empty, longer than 21 characters, or contains
     *                                  anything other than the letters A-Z and the digits 0-9
     */
    public static String create(String body) {
        Objects.requireNonNull(body, "body");
        String b = normalize(body);
        if (b.isEmpty() || b.length() > MAX_BODY_LENGTH || !isAlphanumeric(b)) {
            throw new IllegalArgumentException(
                    "a creditor reference body is 1 to 21 letters A-Z or digits, not '" + body + "'");
        }
        int check = 98 - mod97(b, "RF00");
        return "RF" + (check < 10 ? "0" : "") + check + b;
    }

    /**
     * Whether {@code ref} is a well-formed ISO 11649 reference with correct check digits. Spaces and case
     * are ignored ("rf18 5390 0754 7034" is valid); null is not valid.
     */
    public static boolean isValid(String ref) {
        if (ref == null) {
            return false;
        }
        String r = normalize(ref);
        if (r.length() < 5 || r.length() > 4 + MAX_BODY_LENGTH || !r.startsWith("RF")) {
            return false;
        }
        char c1 = r.charAt(2);
        char c2 = r.charAt(3);
        if (!isDigit(c1) || !isDigit(c2)) {
            return false;
        }
        int check = (c1 - '0') * 10 + (c2 - '0');
        if (check < 2 || check > 98) {
            return false; // MOD 97-10 never yields 00, 01 or 99
        }
        String body = r.substring(4);
        return isAlphanumeric(body) && mod97(body, r.substring(0, 4)) == 1;
    }

    /** The reference in electronic form: all whitespace removed, upper case. */
    public static String normalize(String ref) {
        Objects.requireNonNull(ref, "ref");
        StringBuilder sb = new StringBuilder(ref.length());
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                sb.append(c);
            }
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /** The reference in print form: normalized, in groups of four separated by a space. */
    public static String print(String ref) {
        String r = normalize(ref);
        StringBuilder sb = new StringBuilder(r.length() + r.length() / 4);
        for (int i = 0; i < r.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append(' ');
            }
            sb.append(r.charAt(i));
        }
        return sb.toString();
    }

    /** The remainder modulo 97 of {@code first} followed by {@code second}, letters as two digits. */
    private static int mod97(String first, String second) {
        int r = 0;
        for (String part : new String[] {first, second}) {
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (isDigit(c)) {
                    r = (r * 10 + (c - '0')) % 97;
                } else {
                    r = (r * 100 + (c - 'A' + 10)) % 97;
                }
            }
        }
        return r;
    }

    private static boolean isAlphanumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && (c < 'A' || c > 'Z')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
