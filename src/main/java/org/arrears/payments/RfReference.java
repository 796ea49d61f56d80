package org.arrears.payments;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arrears.ar.CreditorReference;

/**
 * ISO 11649 structured creditor reference ("RF reference"): {@code RF}, two check digits and a body of 1 to 21
 * letters and digits, checked with ISO 7064 MOD 97-10 like an IBAN. Printed in groups of four
 * ({@code RF18 5390 0754 7034}); spaces and letter case do not matter.
 *
 * <p>The rules themselves live in {@link CreditorReference} (the AR side issues the references); this class is
 * the payments side's view of them and adds {@link #find(String)}, which picks a reference out of remittance text.
 */
public final class RfReference {

    /** The printed form, in groups of four separated by single spaces. */
    private static final Pattern GROUPED = Pattern.compile(
            "(?i)(?<![A-Z0-9])RF[0-9]{2}(?: [A-Z0-9]{4}){0,4}(?: [A-Z0-9]{1,4})?(?![A-Z0-9])");
    /** The electronic form, without spaces. */
    private static final Pattern COMPACT = Pattern.compile("(?i)(?<![A-Z0-9])RF[0-9]{2}[A-Z0-9]{1,21}(?![A-Z0-9])");

    private RfReference() {
    }

    /** The reference without spaces, in upper case; null stays null. */
    public static String normalize(String reference) {
        return reference == null ? null : CreditorReference.normalize(reference);
    }

    /** True when the text is a well-formed RF reference whose check digits are right. */
    public static boolean isValid(String reference) {
        return CreditorReference.isValid(reference);
    }

    /**
     * Builds the RF reference for a body (the creditor's own reference: letters and digits, at most 21, spaces
     * ignored), e.g. {@code create("539007547034")} is {@code RF18539007547034}.
     *
     * @throws IllegalArgumentException when the body is empty, too long or has other characters
     */
    public static String create(String body) {
        if (body == null) {
            throw new IllegalArgumentException("RF reference body must be 1 to 21 letters or digits: null");
        }
        return CreditorReference.create(body);
    }

    /** The reference in its printed form, in groups of four characters. */
    public static String format(String reference) {
        return CreditorReference.print(reference);
    }

    /**
     * Finds the first valid RF reference written in free text (printed with spaces or without), returned without
     * spaces; null when there is none.
     */
    public static String find(String text) {
        if (text == null || text.length() < 5) {
            return null;
        }
        if (!containsRf(text)) {
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

    /** Whether "RF" occurs in any letter case (cheaper than upper-casing every remittance line). */
    private static boolean containsRf(String text) {
        for (int i = 0, n = text.length() - 1; i < n; i++) {
            char c = text.charAt(i);
            if ((c == 'R' || c == 'r') && (text.charAt(i + 1) == 'F' || text.charAt(i + 1) == 'f')) {
                return true;
            }
        }
        return false;
    }
}
