package org.arrears.payments;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds invoice numbers in remittance text written by people and scanners: "Inv.no: INV 2026-000123",
 * "invoice 2026/000123", "lNV-2026-OOO123" all name invoice INV-2026-000123.
 *
 * <p>Both sides are reduced to a <em>key</em>: the letters and digits only, upper case, without the leading
 * letters (the prefix people leave out or misspell), and with the characters scanners confuse with digits read as
 * those digits (O as 0, I and L as 1). The payment poster computes the same key in SQL ({@link #SQL_KEY}) for the
 * invoice source and joins it against the candidate keys found here, so the two definitions must stay equal.
 *
 * <p>Candidates are taken from every run of up to {@value #MAX_TOKENS} consecutive letter-and-digit tokens of the
 * text, so a number split by spaces, dashes or slashes is found whole, and a noise word in front ("no", "nr",
 * "Rechnung") is stripped with the prefix. Which candidate is meant is decided by the join: a candidate that is
 * part of a longer matching candidate is dropped there.
 *
 * <p>Short numbers ({@code SI-1001}: keys of {@value #MIN_SHORT_KEY} to {@value #MIN_KEY} - 1 characters) would
 * match too much inside longer text, so they are taken only as whole tokens: one token of the text ({@code 1001},
 * {@code SI1001}) after its letter prefix, if any ({@code SI-1001}, {@code SI 1001}); never part of a token
 * ({@code 1001} in {@code 21001}) or two tokens run together ({@code 10} and {@code 01}). Such a candidate is
 * {@linkplain #isShort(String) short}, and the poster accepts it only when the amount or the payer confirms the
 * invoice.
 */
public final class InvoiceNumbers {

    /** Shortest key matched on its own. */
    public static final int MIN_KEY = 5;
    /** Shortest key matched as a whole token, when the amount or the payer confirms it. */
    public static final int MIN_SHORT_KEY = 3;
    /** Short candidates kept per text, besides the others. */
    static final int MAX_SHORT_CANDIDATES = 8;
    /** Longest key considered. */
    static final int MAX_KEY = 32;
    /** Tokens joined at most into one candidate. */
    static final int MAX_TOKENS = 4;
    /** Candidates kept per text. */
    static final int MAX_CANDIDATES = 24;
    /** Characters of remittance text looked at. */
    static final int MAX_TEXT = 512;

    /**
     * The key in SQL, over a text expression {@code %1$s}: the same rule as {@link #key(String)}.
     */
    public static final String SQL_KEY = "translate(regexp_replace(upper(regexp_replace(%1$s, '[^A-Za-z0-9]+', '', 'g')),"
            + " '^[A-Z]+', ''), 'OIL', '011')";

    private InvoiceNumbers() {
    }

    /** The matching key of an invoice number, or null when it is too short to be matched on its own. */
    public static String key(String invoiceNumber) {
        if (invoiceNumber == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(invoiceNumber.length());
        for (int i = 0; i < invoiceNumber.length(); i++) {
            char c = invoiceNumber.charAt(i);
            if (isAsciiAlnum(c)) {
                sb.append(c);
            }
        }
        return keyOfAlnum(sb, MIN_KEY);
    }

    /** True when a candidate key is a short one, to be confirmed by the amount or the payer. */
    public static boolean isShort(String key) {
        return key.length() < MIN_KEY;
    }

    /**
     * The distinct candidate keys in a remittance text, longest windows first, then the short whole-token ones;
     * empty when there are none. Never more than {@value #MAX_CANDIDATES} plus {@value #MAX_SHORT_CANDIDATES}.
     */
    public static List<String> candidates(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        int n = Math.min(text.length(), MAX_TEXT);
        List<String> tokens = new ArrayList<>();
        int start = -1;
        boolean anyDigit = false;
        for (int i = 0; i <= n; i++) {
            boolean alnum = i < n && isAsciiAlnum(text.charAt(i));
            if (alnum) {
                if (start < 0) {
                    start = i;
                }
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    anyDigit = true;
                }
            } else if (start >= 0) {
                tokens.add(text.substring(start, i));
                start = -1;
            }
        }
        if (tokens.isEmpty() || !anyDigit && !hasConfusable(tokens)) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        StringBuilder window = new StringBuilder(MAX_KEY * 2);
        for (int len = Math.min(MAX_TOKENS, tokens.size()); len >= 1 && out.size() < MAX_CANDIDATES; len--) {
            for (int from = 0; from + len <= tokens.size() && out.size() < MAX_CANDIDATES; from++) {
                window.setLength(0);
                for (int t = from; t < from + len; t++) {
                    window.append(tokens.get(t));
                }
                if (window.length() > MAX_KEY * 2) {
                    continue;
                }
                String k = keyOfAlnum(window, MIN_KEY);
                if (k != null && containsDigit(k)) {
                    out.add(k);
                }
            }
        }
        // short numbers only as whole tokens: the key of one token (a letter prefix before it is stripped anyway)
        Set<String> shortKeys = new LinkedHashSet<>();
        for (int t = 0; t < tokens.size() && shortKeys.size() < MAX_SHORT_CANDIDATES; t++) {
            String k = keyOfAlnum(tokens.get(t), MIN_SHORT_KEY);
            if (k != null && isShort(k) && containsDigit(k) && !out.contains(k)) {
                shortKeys.add(k);
            }
        }
        out.addAll(shortKeys);
        return new ArrayList<>(out);
    }

    /** Key of a string of ASCII letters and digits; null when shorter than {@code minLength}. */
    private static String keyOfAlnum(CharSequence alnum, int minLength) {
        int i = 0;
        int n = alnum.length();
        while (i < n && Character.isLetter(alnum.charAt(i))) {
            i++;
        }
        int len = n - i;
        if (len < minLength || len > MAX_KEY) {
            return null;
        }
        char[] out = new char[len];
        for (int j = 0; j < len; j++) {
            char c = alnum.charAt(i + j);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 'a' + 'A');
            }
            out[j] = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
        }
        return new String(out);
    }

    private static boolean hasConfusable(List<String> tokens) {
        for (String t : tokens) {
            for (int i = 0; i < t.length(); i++) {
                char c = Character.toUpperCase(t.charAt(i));
                if (c == 'O' || c == 'I' || c == 'L') {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean containsDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
