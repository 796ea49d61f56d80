package org.arrears.letter;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

/**
 * The letter channel's settings ({@code arrears.letter.*}): where print batches go, the envelope layout (per
 * destination country when set), simplex or duplex, the postage class (per country when set), the envelope's
 * return name and address, and how many letters make a batch.
 *
 * <p>COMPLIANCE R14 is checked here, so the hub refuses to start rather than print an envelope that discloses the
 * debt: the return name and address must not contain a word of {@code arrears.letter.r14.forbidden-words}, and a
 * postcard (the mail piece or the postage class {@code postcard}) is refused.
 */
public record LetterSettings(Path outbox, EnvelopeLayout layout, Map<String, EnvelopeLayout> layoutByCountry,
                             PrintBatchWriter.Sides sides, String postageClass, Map<String, String> postageByCountry,
                             String returnName, String returnAddress, int batchSize, List<String> forbiddenWords) {

    /** The default R14 word list: names that indicate debt collection, in the languages the templates speak. */
    public static final List<String> DEFAULT_FORBIDDEN_WORDS = List.of("collection", "collections", "collector",
            "collect", "debt", "recovery", "arrears", "delinquen", "inkasso", "forderung", "recouvrement", "cobranza",
            "cobro", "recobro");

    public LetterSettings {
        layoutByCountry = Map.copyOf(layoutByCountry);
        postageByCountry = Map.copyOf(postageByCountry);
        forbiddenWords = List.copyOf(forbiddenWords);
    }

    /** The envelope layout for a destination country (ISO 3166 alpha-2). */
    public EnvelopeLayout layoutFor(String country) {
        return layoutByCountry.getOrDefault(country == null ? "" : country.toUpperCase(Locale.ROOT), layout);
    }

    /** The postage class for a destination country (ISO 3166 alpha-2). */
    public String postageFor(String country) {
        return postageByCountry.getOrDefault(country == null ? "" : country.toUpperCase(Locale.ROOT), postageClass);
    }

    /**
     * Reads {@code arrears.letter.*}; an invalid value or an R14 violation throws {@link ConfigException} naming the
     * file and the key. The return name and address default to {@code arrears.company.name} and
     * {@code arrears.company.postal-address}.
     */
    public static LetterSettings from(Settings s) {
        String origin = s.origin();
        Path outbox = s.get("arrears.letter.outbox") != null ? Path.of(s.get("arrears.letter.outbox"))
                : Path.of(s.get("arrears.data-dir", "data"), "outbox", "print");
        EnvelopeLayout layout = layout(s, "arrears.letter.layout", "din-5008-b");
        Map<String, EnvelopeLayout> layouts = new HashMap<>();
        Map<String, String> postage = new HashMap<>();
        for (String key : s.withPrefix("arrears.letter.layout.").stringPropertyNames()) {
            layouts.put(country(origin, key, "arrears.letter.layout."), layout(s, key, null));
        }
        String mailPiece = s.get("arrears.letter.mail-piece", "letter").toLowerCase(Locale.ROOT);
        if (mailPiece.equals("postcard")) {
            throw new ConfigException(origin + ": setting 'arrears.letter.mail-piece' is 'postcard': debt collection "
                    + "letters must go in a closed envelope, never on a postcard (COMPLIANCE R14)");
        }
        if (!mailPiece.equals("letter")) {
            throw new ConfigException(origin + ": setting 'arrears.letter.mail-piece' must be 'letter', got '" + mailPiece + "'");
        }
        String postageClass = postage(s, "arrears.letter.postage-class", "standard");
        for (String key : s.withPrefix("arrears.letter.postage-class.").stringPropertyNames()) {
            postage.put(country(origin, key, "arrears.letter.postage-class."), postage(s, key, null));
        }
        String sidesValue = s.get("arrears.letter.sides", "simplex");
        PrintBatchWriter.Sides sides = Arrays.stream(PrintBatchWriter.Sides.values())
                .filter(v -> v.label().equalsIgnoreCase(sidesValue)).findFirst()
                .orElseThrow(() -> new ConfigException(origin + ": setting 'arrears.letter.sides' must be simplex or duplex, got '"
                        + sidesValue + "'"));
        List<String> words = s.get("arrears.letter.r14.forbidden-words") == null ? DEFAULT_FORBIDDEN_WORDS
                : Arrays.stream(s.get("arrears.letter.r14.forbidden-words").split(","))
                        .map(w -> w.strip().toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).toList();
        String returnName = s.get("arrears.letter.return-name", s.get("arrears.company.name"));
        if (returnName == null) {
            throw new ConfigException(origin + ": setting 'arrears.letter.return-name' (or 'arrears.company.name') is "
                    + "missing: the envelope's return line needs a name");
        }
        String returnAddress = s.get("arrears.letter.return-address", s.get("arrears.company.postal-address", ""));
        checkReturnLine(origin, s.get("arrears.letter.return-name") != null ? "arrears.letter.return-name"
                : "arrears.company.name", returnName, words);
        checkReturnLine(origin, s.get("arrears.letter.return-address") != null ? "arrears.letter.return-address"
                : "arrears.company.postal-address", returnAddress, words);
        int batchSize = s.getPositiveInt("arrears.letter.batch-size", 200);
        return new LetterSettings(outbox, layout, layouts, sides, postageClass, postage, returnName, returnAddress,
                batchSize, words);
    }

    /** The first forbidden word the text contains (case-insensitive, anywhere in a word), or null. */
    public static String forbiddenWordIn(String text, List<String> words) {
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (t.contains(w.toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        return null;
    }

    /** R14: the return name and address show on the envelope and must not indicate debt collection. */
    static void checkReturnLine(String origin, String key, String value, List<String> words) {
        String word = forbiddenWordIn(value, words);
        if (word != null) {
            throw new ConfigException(origin + ": setting '" + key + "': '" + value + "' is printed on the envelope and "
                    + "must not indicate debt collection (it contains '" + word + "', listed in "
                    + "arrears.letter.r14.forbidden-words; COMPLIANCE R14)");
        }
    }

    private static EnvelopeLayout layout(Settings s, String key, String fallback) {
        String v = s.get(key, fallback);
        try {
            return EnvelopeLayout.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin() + ": setting '" + key + "': " + e.getMessage(), e);
        }
    }

    private static String postage(Settings s, String key, String fallback) {
        String v = s.get(key, fallback).toLowerCase(Locale.ROOT);
        if (v.equals("postcard")) {
            throw new ConfigException(s.origin() + ": setting '" + key + "' is 'postcard': debt collection letters must go "
                    + "in a closed envelope, never on a postcard (COMPLIANCE R14)");
        }
        if (!v.matches("[a-z0-9][a-z0-9-]*")) {
            throw new ConfigException(s.origin() + ": setting '" + key + "' must be lower-case letters, digits and dashes "
                    + "(the print vendor's postage class, for instance first-class), got '" + v + "'");
        }
        return v;
    }

    private static String country(String origin, String key, String prefix) {
        String cc = key.substring(prefix.length());
        if (!cc.matches("[A-Za-z]{2}")) {
            throw new ConfigException(origin + ": setting '" + key + "' must end in a two-letter ISO country code");
        }
        return cc.toUpperCase(Locale.ROOT);
    }
}
