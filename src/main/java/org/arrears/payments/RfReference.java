package org.arrears.payments;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO 11649 structured creditor reference ("RF reference"): {@code RF}, two check digits and a body of 1 to 21
 * letters and digits, checked with ISO 7064 MOD 97-10 like an IBAN. Printed in groups of four
 * ({@code RF18 5390 0754 7034}); spaces and letter case do not matter.
 */
public final class RfReference {

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);
    private static final Pattern BODY = Pattern.compile("[A-Z0-9]{1,21}");
    /** The printed form, in groups of four separated by single spaces. */
    private static final Pattern GROUPED = Pattern.compile(
            "(?i)(?<![A-Z0-9])RF[0-9]{2}(?: [A-Z0-9]{4}){0,4}(?: [A-Z0-9]{1,4})?(?![A-Z0-9])");
    /** The electronic form, without spaces. */
    private static final Pattern COMPACT = Pattern.compile("(?i)(?<![A-Z0-9])RF[0-9]{2}[A-Z0-9]{1,21}(?![A-Z0-9])");

    private RfReference() {
    }

    /** The reference without spaces, in upper case. */
    public static String normalize(String reference) {
        if (reference == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(reference.length());
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (!Character.isWhitespace(c)) {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    /** True when the text is a well-formed RF reference whose check digits are right. */
    public static boolean isValid(String reference) {
        String r = normalize(reference);
        if (r == null || r.length() < 5 || r.length() > 25 || !r.startsWith("RF")
                || !Character.isDigit(r.charAt(2)) || !Character.isDigit(r.charAt(3))) {
            return false;
        }
        String body = r.substring(4);
        if (!BODY.matcher(body).matches()) {
            return false;
        }
        return mod97(body + r.substring(0, 4)) == 1;
    }

    /**
     * Builds the RF reference for a body (the creditor's own reference: letters and digits, at most 21, spaces
     * ignored), e.g. {@code create("539007547034")} is {@code RF18539007547034}.
     *
     * @throws IllegalArgumentException when the body is empty, too long or has other characters
     */
    public static String create(String body) {
        String b = normalize(body);
        if (b == null || !BODY.matcher(b).matches()) {
            throw new IllegalArgumentException(
                    "RF reference body must be 1 to 21 letters or digits: '" + body + "'");
        }
        int check = 98 - mod97(b + "RF00");
        return "RF" + (check < 10 ? "0" : "") + check + b;
    }

    /** The reference in its printed form, in groups of four characters. */
    public static String format(String reference) {
        String r = normalize(reference);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.length(); i += 4) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(r, i, Math.min(r.length(), i + 4));
        }
        return sb.toString();
    }

    /**
     * Finds the first valid RF reference written in free text (printed with spaces or without), returned without
     * spaces; null when there is none.
     */
    public static String find(String text) {
        if (text == null || text.length() < 5) {
            return null;
        }
        String upper = text.toUpperCase(Locale.ROOT);
        if (!upper.contains("RF")) {
            return null;
        }
        Matcher m = GROUPED.matcher(text);
        while (m.find()) {
            // a trailing group may be an unrelated word: drop groups from the end until the check digits agree
            String g = m.group();
            while (true) {
                String candidate = normalize(g);
                if (candidate.length() >= 5 && isValid(candidate)) {
                    return candidate;
                }
                int sp = g.lastIndexOf(' ');
                if (sp < 0) {
                    break;
                }
                g = g.substring(0, sp);
            }
        }
        m = COMPACT.matcher(text);
        while (m.find()) {
            String candidate = normalize(m.group());
            if (isValid(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int mod97(String alnum) {
        StringBuilder digits = new StringBuilder(alnum.length() * 2);
        for (int i = 0; i < alnum.length(); i++) {
            char c = alnum.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else {
                digits.append(c - 'A' + 10);
            }
        }
        return new BigInteger(digits.toString()).mod(NINETY_SEVEN).intValue();
    }
}
