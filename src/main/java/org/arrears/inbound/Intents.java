package org.arrears.inbound;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arrears.config.Settings;
import org.arrears.inbound.Intent.Kind;

/**
 * Detects what a human reply says ({@link Intent.Kind}) with the rules of {@link IntentRules}, in English, German,
 * French, Spanish and Dutch. The hint's language is tried first, then the others; the first language with a match
 * decides. Of several intents in one reply the one first in {@link Intent.Kind}'s order is the one {@link #detect}
 * returns; {@link #detectAll} gives them all. For a payment, promise or plan the date and amount are read from the
 * sentence that matched (then from the rest of the reply); only the first {@value #DEFAULT_MAX_CHARS} characters
 * (configurable) are read, since a reply's point is at its top.
 *
 * <p>Patterns are compiled once, when the class loads; an instance holds no state and can be shared.
 */
public final class Intents {

    public static final String MAX_CHARS = "arrears.inbound.intents.max-chars";
    public static final int DEFAULT_MAX_CHARS = 4000;
    /** How many words before a phrase are searched for a negation. */
    private static final int NEGATION_WORDS = 3;

    /**
     * One language's rules as one pattern (a named group per intent, in precedence order, so a scan finds every
     * intent at once), and the phrases that do not start a word ("?"), tested apart.
     */
    private record Compiled(Pattern phrases, Kind[] groups, Map<Kind, Pattern> loose, Pattern negation) {
    }

    private static final Map<String, Compiled> LANGUAGES = new LinkedHashMap<>();

    static {
        IntentRules.PHRASES.forEach((language, table) -> {
            List<String> groups = new ArrayList<>();
            List<Kind> kinds = new ArrayList<>();
            Map<Kind, Pattern> loose = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                List<String> words = new ArrayList<>();
                List<String> others = new ArrayList<>();
                for (String phrase : table.getOrDefault(kind, List.of())) {
                    String folded = foldPattern(phrase);
                    boolean word = Character.isLetterOrDigit(folded.charAt(0)) || folded.startsWith("(");
                    (word ? words : others).add("(?:" + folded + ")");
                }
                if (!words.isEmpty()) {
                    groups.add("(?<k" + kinds.size() + ">(?:" + String.join("|", words) + ")(?![\\p{L}]))");
                    kinds.add(kind);
                }
                if (!others.isEmpty()) {
                    loose.put(kind, Pattern.compile(String.join("|", others)));
                }
            }
            Pattern phrases = Pattern.compile("(?<![\\p{L}\\p{N}'])(?:" + String.join("|", groups) + ")");
            Pattern negation = Pattern.compile("(?<![\\p{L}])(?:" + IntentRules.NEGATIONS.get(language) + ")(?![\\p{L}])");
            LANGUAGES.put(language, new Compiled(phrases, kinds.toArray(new Kind[0]), loose, negation));
        });
    }

    /** Kinds whose own phrase may hold the negation ("habe die Rechnung noch nicht bezahlt"). */
    private static final java.util.Set<Kind> NEGATABLE_INSIDE = java.util.EnumSet.of(Kind.ALREADY_PAID, Kind.PROMISE_TO_PAY,
            Kind.PAYMENT_PLAN);
    /** A negation before "but" (and its translations) does not reach past it. */
    private static final Pattern CONTRAST = Pattern.compile("(?<![\\p{L}])(?:but|aber|mais|pero|maar|however|jedoch|doch)(?![\\p{L}])");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?;\\n]");

    private final int maxChars;

    public Intents() {
        this(DEFAULT_MAX_CHARS);
    }

    public Intents(int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
        }
        this.maxChars = maxChars;
    }

    /** Reads {@value #MAX_CHARS} (at least 200; default {@value #DEFAULT_MAX_CHARS}). */
    public static Intents from(Settings settings) {
        return new Intents(ReplyText.atLeast(settings, MAX_CHARS, DEFAULT_MAX_CHARS, 200));
    }

    /** The reply's intent (the first in precedence order), or {@link Intent#NONE}. */
    public static Intent detect(String strippedText, Locale hint, LocalDate messageDate) {
        return DEFAULT.first(strippedText, hint, messageDate);
    }

    private static final Intents DEFAULT = new Intents();

    /** As {@link #detect(String, Locale, LocalDate)}, reading at most this instance's number of characters. */
    public Intent first(String strippedText, Locale hint, LocalDate messageDate) {
        List<Intent> all = all(strippedText, hint, messageDate);
        return all.isEmpty() ? Intent.NONE : all.get(0);
    }

    /** Every intent of the reply, in precedence order; empty for none. */
    public static List<Intent> detectAll(String strippedText, Locale hint, LocalDate messageDate) {
        return DEFAULT.all(strippedText, hint, messageDate);
    }

    public List<Intent> all(String strippedText, Locale hint, LocalDate messageDate) {
        if (strippedText == null || strippedText.isBlank()) {
            return List.of();
        }
        if (messageDate == null) {
            throw new IllegalArgumentException("messageDate is required to resolve dates such as \"the 15th\"");
        }
        String original = strippedText.length() > maxChars ? strippedText.substring(0, maxChars) : strippedText;
        String text = AutoReplies.fold(original);
        if (text.length() != original.length()) {
            original = text; // folding changed the length (rare ligatures): show the folded phrase
        }
        boolean monthFirst = hint != null && "US".equals(hint.getCountry());
        for (String language : order(hint, text)) {
            Compiled rules = LANGUAGES.get(language);
            List<Intent> found = new ArrayList<>();
            java.util.Set<Kind> seen = java.util.EnumSet.noneOf(Kind.class);
            Matcher m = rules.phrases().matcher(text);
            int from = 0;
            while (from < text.length() && m.find(from)) {
                for (int g = 0; g < rules.groups().length; g++) {
                    int start = m.start("k" + g);
                    if (start < 0) {
                        continue;
                    }
                    Kind kind = rules.groups()[g];
                    if (!seen.contains(kind) && (kind == Kind.QUESTION || !negated(text, start, m.end(), rules.negation(), kind))) {
                        seen.add(kind);
                        found.add(intent(kind, text, original, start, m.end(), language, messageDate, monthFirst));
                    }
                    break;
                }
                from = m.start() + 1;
            }
            for (Map.Entry<Kind, Pattern> e : rules.loose().entrySet()) {
                Matcher l = e.getValue().matcher(text);
                if (!seen.contains(e.getKey()) && l.find()) {
                    seen.add(e.getKey());
                    found.add(intent(e.getKey(), text, original, l.start(), l.end(), language, messageDate, monthFirst));
                }
            }
            if (!found.isEmpty()) {
                found.sort((a, b) -> a.kind().compareTo(b.kind()));
                return found;
            }
        }
        return List.of();
    }

    /**
     * The languages to try: those whose common words the reply uses, most used first, with the hint's language among
     * them; every language (the hint's first) when the reply uses none of their common words ("Bezahlt.").
     */
    private static List<String> order(Locale hint, String text) {
        String wanted = hint == null ? null : hint.getLanguage();
        Map<String, Integer> scores = new LinkedHashMap<>();
        int end = Math.min(text.length(), 600);
        int i = 0;
        while (i < end) {
            while (i < end && !isWordChar(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < end && isWordChar(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                String word = text.substring(start, i);
                IntentRules.STOPWORDS.forEach((language, words) -> {
                    if (words.contains(word)) {
                        scores.merge(language, 1, Integer::sum);
                    }
                });
            }
        }
        List<String> languages = new ArrayList<>(LANGUAGES.keySet());
        if (wanted != null && languages.remove(wanted)) {
            languages.add(0, wanted);
        }
        if (scores.isEmpty()) {
            return languages;
        }
        List<String> used = new ArrayList<>();
        for (String language : languages) {
            if (scores.containsKey(language) || language.equals(wanted)) {
                used.add(language);
            }
        }
        used.sort((a, b) -> Integer.compare(scores.getOrDefault(b, 0) + (b.equals(wanted) ? 1 : 0),
                scores.getOrDefault(a, 0) + (a.equals(wanted) ? 1 : 0)));
        return used;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetter(c) || c == '\'';
    }

    private static boolean negated(String text, int start, int end, Pattern negation, Kind kind) {
        if (NEGATABLE_INSIDE.contains(kind) && negation.matcher(text).region(start, end).find()) {
            return true;
        }
        int from = start;
        int words = 0;
        while (from > 0 && words <= NEGATION_WORDS) {
            char c = text.charAt(from - 1);
            if (".!?;:,\n".indexOf(c) >= 0) {
                break;
            }
            if (c == ' ' && from < start) {
                words++;
            }
            from--;
        }
        String window = text.substring(from, start);
        Matcher contrast = CONTRAST.matcher(window);
        int after = -1;
        while (contrast.find()) {
            after = contrast.end();
        }
        if (after >= 0) {
            window = window.substring(after);
        }
        return negation.matcher(window).find();
    }

    private static Intent intent(Kind kind, String text, String original, int start, int end, String language,
            LocalDate messageDate, boolean monthFirst) {
        String phrase = original.substring(start, Math.min(end, start + 120)).strip();
        if (kind != Kind.ALREADY_PAID && kind != Kind.PROMISE_TO_PAY && kind != Kind.PAYMENT_PLAN) {
            return new Intent(kind, null, null, null, phrase, language);
        }
        int sentenceStart = start;
        while (sentenceStart > 0 && ".!?;\n".indexOf(text.charAt(sentenceStart - 1)) < 0) {
            sentenceStart--;
        }
        Matcher next = SENTENCE_END.matcher(text).region(end, text.length());
        int sentenceEnd = text.length();
        while (next.find()) {
            // a dot inside a number or a date ("150.50", "3.12.") does not end the sentence
            int at = next.start();
            boolean inNumber = text.charAt(at) == '.' && at > 0 && Character.isDigit(text.charAt(at - 1))
                    && (at + 1 >= text.length() || Character.isDigit(text.charAt(at + 1)) || isDateDot(text, at));
            if (!inNumber) {
                sentenceEnd = at;
                break;
            }
        }
        boolean future = kind != Kind.ALREADY_PAID;
        Mentions.Span date = Mentions.date(text, sentenceStart, sentenceEnd, messageDate, future, monthFirst);
        Mentions.Amount amount = Mentions.amount(text, sentenceStart, sentenceEnd, date);
        if (date == null && kind == Kind.PROMISE_TO_PAY) {
            date = Mentions.date(text, 0, text.length(), messageDate, true, monthFirst);
        }
        return new Intent(kind, date == null ? null : date.date(), amount == null ? null : amount.value(),
                amount == null ? null : amount.currency(), phrase, language);
    }

    /** "3.12." : the second dot of a day.month. date. */
    private static boolean isDateDot(String text, int at) {
        int k = at - 1;
        while (k >= 0 && Character.isDigit(text.charAt(k))) {
            k--;
        }
        return k >= 0 && text.charAt(k) == '.' && k > 0 && Character.isDigit(text.charAt(k - 1));
    }

    /** A pattern written like the folded text: accents removed, ß as ss, typographic apostrophes as '. */
    static String foldPattern(String pattern) {
        return java.text.Normalizer.normalize(pattern.replace('’', '\''), java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "").replace("ß", "ss");
    }
}
