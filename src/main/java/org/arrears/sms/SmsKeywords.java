package org.arrears.sms;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies an inbound text by the carriers' keywords (COMPLIANCE.md R25, R26): matching is on the whole message,
 * in any case, ignoring surrounding spaces and punctuation and the separator inside OPT OUT / OPT-OUT.
 *
 * <p>The lists are the union of the providers' documented defaults: Twilio's opt-out words (STOP, STOPALL,
 * UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT), the ones AWS requires as well (ARRET, the Canadian French
 * one, OPT-OUT, REMOVE, TD), START/UNSTOP/YES to opt back in and HELP/INFO. Where the lists disagree (a word only
 * one provider lists) the word is taken: a needless opt-out costs a text, a missed one breaks R25. Letters are
 * compared without their accents ("Arrêt").
 *
 * <p>A text that is not exactly a keyword is {@link Kind#OTHER}; {@link #mentionsOptOut} tells the caller when such a
 * text still contains an opt-out word ("please stop texting me"), which R25 counts as a revocation a person should
 * read.
 */
public final class SmsKeywords {

    public enum Kind { OPT_OUT, OPT_IN, HELP, OTHER }

    /** R26's universal opt-out keywords, the ones many platforms add (AWS's ARRET and TD too), and R25's per-se ones. */
    public static final Set<String> OPT_OUT = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
            "OPTOUT", "REMOVE", "ARRET", "TD");
    /**
     * Keywords that opt out as a whole message only, not as a word of a longer text: "TD" in "paid it at TD" is a
     * bank.
     */
    private static final Set<String> WHOLE_MESSAGE_ONLY = Set.of("TD");
    /** R26: re-opt-in only on START, UNSTOP or YES. */
    public static final Set<String> OPT_IN = Set.of("START", "UNSTOP", "YES");
    public static final Set<String> HELP = Set.of("HELP", "INFO");

    private final Set<String> optOut;
    private final Set<String> optIn;
    private final Set<String> help;

    /** The carriers' lists above. */
    public SmsKeywords() {
        this(OPT_OUT, OPT_IN, HELP);
    }

    /** Other lists (upper case, without spaces), for a gateway that treats, say, YES differently. */
    public SmsKeywords(Set<String> optOut, Set<String> optIn, Set<String> help) {
        this.optOut = Set.copyOf(optOut);
        this.optIn = Set.copyOf(optIn);
        this.help = Set.copyOf(help);
    }

    public Kind classify(String text) {
        String word = keyword(text);
        if (optOut.contains(word)) {
            return Kind.OPT_OUT;
        }
        if (optIn.contains(word)) {
            return Kind.OPT_IN;
        }
        return help.contains(word) ? Kind.HELP : Kind.OTHER;
    }

    /** True when any word of the text (or OPT OUT across two words) is an opt-out keyword. */
    public boolean mentionsOptOut(String text) {
        String[] words = fold(text).split("[^\\p{L}\\p{N}]+");
        for (int i = 0; i < words.length; i++) {
            if (optOut.contains(words[i]) && !WHOLE_MESSAGE_ONLY.contains(words[i])
                    || i + 1 < words.length && optOut.contains(words[i] + words[i + 1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text as a keyword: compatibility-folded (full-width letters become ASCII), without accents, upper case, without the
     * punctuation, symbols and spaces around it, and with the spaces, hyphens and underscores inside removed.
     */
    static String keyword(String text) {
        String s = fold(text);
        int start = 0;
        int end = s.length();
        while (start < end && !Character.isLetterOrDigit(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && !Character.isLetterOrDigit(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end).replaceAll("[\\s\\-_]+", "");
    }

    private static String fold(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return Normalizer.normalize(decomposed, Normalizer.Form.NFC).toUpperCase(Locale.ROOT);
    }
}
