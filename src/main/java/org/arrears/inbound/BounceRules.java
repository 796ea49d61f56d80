package org.arrears.inbound;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The classifier of bounce reasons and of hard or soft: a table of rules read from a resource file
 * ({@code bounce-rules.txt} beside this class, which documents its own format), so that the next engineer adds a
 * pattern there rather than code here. Plain Java, thread-safe once built.
 */
public final class BounceRules {

    /** The one vocabulary of reasons. */
    public static final Set<String> REASONS = Set.of("userunknown", "mailboxfull", "hostunknown", "filtered",
            "rejected", "blocked", "spamdetected", "policyviolation", "securityerror", "expired", "suspend",
            "norelaying", "mesgtoobig", "exceedlimit", "contenterror", "networkerror", "systemerror", "toomanyconn",
            "syntaxerror", "virusdetected", "notaccept", "onhold", "undefined", "feedback", "vacation", "delivered");

    private static final Pattern UPPER_ESCAPE = Pattern.compile("(?<!\\\\)\\\\[SWDBPQEAGZ]");
    private static final Pattern STATUS = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})$");

    /**
     * One text rule: a reason, the format it is limited to (or null), its pattern, and the words one of which any
     * match must contain (null when they cannot be told from the pattern): a cheap test before the pattern runs.
     */
    record TextRule(String reason, String format, Pattern pattern, List<Branch> branches) {

        /** Whether the rule matches the lower-cased text: some branch whose words the text contains finds a match. */
        boolean matches(String lower) {
            return BounceRules.matches(branches, lower);
        }
    }

    /**
     * Some of a rule's top-level alternatives as one pattern, with the words one of which any match must contain
     * (null: always tried). Each alternative with such words is its own branch, so a text runs only the
     * alternatives whose words it contains; the rest are joined in one branch that always runs.
     */
    record Branch(Pattern pattern, String[] anyOf) {
    }

    /**
     * A lower-case pattern as a test of lower-cased text that runs only the alternatives whose required words the text
     * contains: the same answer as {@code Pattern.compile(regex).matcher(text).find()}, faster on long texts.
     */
    static java.util.function.Predicate<String> finder(String regex) {
        List<Branch> branches = branches(regex);
        return lower -> matches(branches, lower);
    }

    private static boolean matches(List<Branch> branches, String lower) {
        for (Branch b : branches) {
            if ((b.anyOf == null || containsAny(lower, b.anyOf)) && b.pattern.matcher(lower).find()) {
                return true;
            }
        }
        return false;
    }

    /** The rule's top-level alternatives split into branches (see {@link Branch}). */
    static List<Branch> branches(String regex) {
        List<Branch> out = new ArrayList<>();
        List<String> always = new ArrayList<>();
        int start = 0;
        while (true) {
            int bar = nextAtTop(regex, start, "|");
            String alternative = bar < 0 ? regex.substring(start) : regex.substring(start, bar);
            String[] words = requiredOfSequence(alternative);
            if (words == null) {
                always.add(alternative);
            } else {
                out.add(new Branch(Pattern.compile(alternative), words));
            }
            if (bar < 0) {
                break;
            }
            start = bar + 1;
        }
        if (!always.isEmpty()) {
            out.add(new Branch(Pattern.compile(String.join("|", always)), null));
        }
        return List.copyOf(out);
    }

    /**
     * Words one of which any match of the pattern must contain: for each top-level alternative, the most selective
     * piece it cannot match without (its longest run of literal characters, or the words of a group it must match),
     * or null when some alternative has no such piece of at least three characters (then the pattern always runs).
     * A pattern is lower case, so the words are tested against the lower-cased text.
     */
    static String[] requiredLiterals(String regex) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int bar = nextAtTop(regex, start, "|");
            String[] words = requiredOfSequence(bar < 0 ? regex.substring(start) : regex.substring(start, bar));
            if (words == null) {
                return null;
            }
            out.addAll(List.of(words));
            if (bar < 0) {
                return out.toArray(new String[0]);
            }
            start = bar + 1;
        }
    }

    /** The required words of one alternative (a sequence of atoms), or null. */
    private static String[] requiredOfSequence(String seq) {
        String[] best = null;
        int bestScore = 0;
        StringBuilder run = new StringBuilder();
        int i = 0;
        while (i <= seq.length()) {
            if (i == seq.length()) {
                if (run.length() >= 3 && run.length() > bestScore) {
                    best = new String[] {run.toString()};
                }
                break;
            }
            char c = seq.charAt(i);
            int atomEnd;
            String literal = null;     // the atom is this one literal character
            String[] group = null;     // the atom is a group whose words are these (null: none)
            boolean zeroWidth = false;
            if (c == '\\' && i + 1 < seq.length()) {
                char e = seq.charAt(i + 1);
                atomEnd = i + 2;
                if (e == 'b' || e == 'B') {
                    zeroWidth = true;
                } else if (!Character.isLetterOrDigit(e)) {
                    literal = String.valueOf(e);
                }
            } else if (c == '[') {
                int j = i + 1;
                if (j < seq.length() && seq.charAt(j) == '^') {
                    j++;
                }
                if (j < seq.length() && seq.charAt(j) == ']') {
                    j++;
                }
                while (j < seq.length() && seq.charAt(j) != ']') {
                    j += seq.charAt(j) == '\\' ? 2 : 1;
                }
                atomEnd = Math.min(j + 1, seq.length());
            } else if (c == '(') {
                int close = nextAtTop(seq, i + 1, ")");
                if (close < 0) {
                    return null;
                }
                String inner = seq.substring(i + 1, close);
                atomEnd = close + 1;
                if (inner.startsWith("?:")) {
                    group = requiredLiterals(inner.substring(2));
                } else if (inner.startsWith("?")) {
                    zeroWidth = true; // a look-around
                } else {
                    group = requiredLiterals(inner);
                }
            } else if (c == '^' || c == '$') {
                atomEnd = i + 1;
                zeroWidth = true;
            } else if (".|)".indexOf(c) >= 0) {
                atomEnd = i + 1;
            } else {
                atomEnd = i + 1;
                literal = String.valueOf(c);
            }
            // the quantifier after the atom: optional (?, *, {0,...}) or repeated (+, {n,...} with n >= 1)
            boolean optional = false;
            boolean repeated = false;
            if (atomEnd < seq.length()) {
                char q = seq.charAt(atomEnd);
                if (q == '?' || q == '*') {
                    optional = true;
                    atomEnd++;
                } else if (q == '+') {
                    repeated = true;
                    atomEnd++;
                } else if (q == '{') {
                    int close = seq.indexOf('}', atomEnd);
                    String min = close < 0 ? "0" : seq.substring(atomEnd + 1, close).split(",", -1)[0].strip();
                    optional = min.isEmpty() || min.equals("0");
                    repeated = !optional;
                    atomEnd = close < 0 ? seq.length() : close + 1;
                }
                if (atomEnd < seq.length() && (seq.charAt(atomEnd) == '?' || seq.charAt(atomEnd) == '+')) {
                    atomEnd++; // a lazy or possessive quantifier
                }
            }
            if (zeroWidth && !optional) {
                if (c == '(') {
                    // a look-around: the run before it and the run after it need not be one piece
                    if (run.length() >= 3 && run.length() > bestScore) {
                        best = new String[] {run.toString()};
                        bestScore = run.length();
                    }
                    run.setLength(0);
                }
                i = atomEnd;
                continue;
            }
            if (literal != null && !optional) {
                run.append(literal);
                if (repeated) {
                    // one copy is certain; what follows may be more copies
                    if (run.length() >= 3 && run.length() > bestScore) {
                        best = new String[] {run.toString()};
                        bestScore = run.length();
                    }
                    run.setLength(0);
                }
                i = atomEnd;
                continue;
            }
            // anything else ends the run
            if (run.length() >= 3 && run.length() > bestScore) {
                best = new String[] {run.toString()};
                bestScore = run.length();
            }
            run.setLength(0);
            if (group != null && !optional) {
                int shortest = Integer.MAX_VALUE;
                for (String w : group) {
                    shortest = Math.min(shortest, w.length());
                }
                // a single long word beats a set of words of the same shortest length
                if (shortest >= 3 && (shortest > bestScore || best == null)) {
                    best = group;
                    bestScore = shortest;
                }
            }
            i = atomEnd;
        }
        return best;
    }

    /**
     * The index of the first of {@code stops} at nesting depth 0 from {@code from} (outside character classes and
     * escapes), or -1: a top-level '|', or the ')' that closes a group opened just before {@code from}.
     */
    private static int nextAtTop(String regex, int from, String stops) {
        int depth = 0;
        boolean inClass = false;
        for (int i = from; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (depth == 0 && stops.indexOf(c) >= 0) {
                return i;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        return -1;
    }

    private final List<TextRule> text;
    private final Map<String, String> status;
    private final Set<String> decisive;
    private final Set<String> hard;
    private final Set<String> hardOnlyPermanent;
    private final Set<String> silentCommandFormats;

    private BounceRules(List<TextRule> text, Map<String, String> status, Set<String> decisive, Set<String> hard,
                        Set<String> hardOnlyPermanent, Set<String> silentCommandFormats) {
        this.silentCommandFormats = Set.copyOf(silentCommandFormats);
        this.text = List.copyOf(text);
        this.status = Map.copyOf(status);
        this.decisive = Set.copyOf(decisive);
        this.hard = Set.copyOf(hard);
        this.hardOnlyPermanent = Set.copyOf(hardOnlyPermanent);
    }

    private static final BounceRules DEFAULT = load("bounce-rules.txt");

    /** The project's table ({@code bounce-rules.txt}). */
    public static BounceRules defaults() {
        return DEFAULT;
    }

    /** A table from a resource beside this class, in the same format; fails naming the resource and line. */
    public static BounceRules load(String resource) {
        try (InputStream in = BounceRules.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("bounce rules " + resource + ": resource not found");
            }
            return parse(resource, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalArgumentException("bounce rules " + resource + ": " + e.getMessage(), e);
        }
    }

    static BounceRules parse(String name, BufferedReader reader) throws IOException {
        List<TextRule> text = new ArrayList<>();
        Map<String, String> status = new HashMap<>();
        Set<String> hard = new HashSet<>();
        Set<String> permanent = new HashSet<>();
        Set<String> decisive = new HashSet<>();
        Set<String> silent = new HashSet<>();
        String section = null;
        String line;
        int no = 0;
        while ((line = reader.readLine()) != null) {
            no++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("[") && t.endsWith("]")) {
                section = t.substring(1, t.length() - 1);
                continue;
            }
            String[] f = t.split("\\s+", 2);
            String where = "bounce rules " + name + " line " + no + ": ";
            if ("status".equals(section) || "text".equals(section)) {
                if (f.length < 2) {
                    throw new IllegalArgumentException(where + "expected two columns, got '" + t + "'");
                }
            }
            switch (section == null ? "" : section) {
                case "text" -> {
                    String reason = known(where, f[0]);
                    String format = null;
                    String rest = f[1];
                    if (rest.startsWith("@")) {
                        String[] g = rest.split("\\s+", 2);
                        if (g.length < 2) {
                            throw new IllegalArgumentException(where + "a format but no pattern");
                        }
                        format = g[0].substring(1);
                        rest = g[1];
                    }
                    try {
                        if (UPPER_ESCAPE.matcher(rest).find()) {
                            throw new IllegalArgumentException(where + "write patterns in lower case without upper-case escapes (\\S, \\W, \\D, \\B): the text is matched in lower case");
                        }
                        String lower = rest.toLowerCase(Locale.ROOT);
                        text.add(new TextRule(reason, format, Pattern.compile(lower), branches(lower)));
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException(where + "invalid pattern: " + e.getDescription(), e);
                    }
                }
                case "status" -> {
                    if (!f[0].matches("[x245]\\.\\d{1,3}\\.\\d{1,3}")) {
                        throw new IllegalArgumentException(where + "'" + f[0] + "' is not a status code like x.1.1 or 5.1.1");
                    }
                    String[] g = f[1].strip().split("\\s+");
                    status.put(f[0], known(where, g[0]));
                    if (g.length > 1 && g[1].equals("!")) {
                        decisive.add(f[0]);
                    } else if (g.length > 1) {
                        throw new IllegalArgumentException(where + "expected a code, a reason and optionally '!'");
                    }
                }
                case "hard" -> {
                    String reason = known(where, f[0]);
                    if (f.length > 1 && f[1].strip().equals("permanent")) {
                        permanent.add(reason);
                    } else if (f.length > 1) {
                        throw new IllegalArgumentException(where + "expected a reason and optionally 'permanent'");
                    } else {
                        hard.add(reason);
                    }
                }
                case "silent-command" -> {
                    if (f.length > 1) {
                        throw new IllegalArgumentException(where + "expected one format name, got '" + t + "'");
                    }
                    silent.add(f[0].toLowerCase(Locale.ROOT));
                }
                default -> throw new IllegalArgumentException(where
                        + "a rule outside [text], [status], [hard] or [silent-command]");
            }
        }
        return new BounceRules(text, status, decisive, hard, permanent, silent);
    }

    private static String known(String where, String reason) {
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException(where + "unknown reason '" + reason + "'");
        }
        return reason;
    }

    /** The reason the first matching text rule names, or null. {@code format} may be null. */
    public String reasonOfText(CharSequence diagnostic, String format) {
        if (diagnostic == null || diagnostic.length() == 0) {
            return null;
        }
        // patterns are lower case: matching lower-cased text is several times faster than case-insensitive matching
        String lower = diagnostic.toString().toLowerCase(Locale.ROOT);
        for (TextRule r : text) {
            if (r.format != null && !r.format.equalsIgnoreCase(format)) {
                continue;
            }
            if (r.matches(lower)) {
                return r.reason;
            }
        }
        return null;
    }

    /** The same as {@link #reasonOfText} with every pattern run (the reference the pre-check is tested against). */
    String reasonOfTextWithoutPreCheck(CharSequence diagnostic, String format) {
        if (diagnostic == null || diagnostic.length() == 0) {
            return null;
        }
        String lower = diagnostic.toString().toLowerCase(Locale.ROOT);
        for (TextRule r : text) {
            if ((r.format == null || r.format.equalsIgnoreCase(format)) && r.pattern.matcher(lower).find()) {
                return r.reason;
            }
        }
        return null;
    }

    private static boolean containsAny(String text, String[] words) {
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The reason a status code implies (a full code first, then its x form), or null for x.0.0 and unknown codes. */
    public String reasonOfStatus(String code) {
        if (code == null || !STATUS.matcher(code).matches()) {
            return null;
        }
        String r = status.get(code);
        return r != null ? r : status.get("x" + code.substring(1));
    }

    /** The reason of a status code marked decisive ("!"), which goes before the text; else null. */
    public String decisiveReasonOfStatus(String code) {
        if (code == null || !STATUS.matcher(code).matches()) {
            return null;
        }
        String x = "x" + code.substring(1);
        if (decisive.contains(code) || !status.containsKey(code) && decisive.contains(x)) {
            return reasonOfStatus(code);
        }
        return null;
    }

    /**
     * Whether a bounce of this format leaves out which SMTP command the server refused, so that a "user unknown"
     * without an x.1.x status cannot be told to answer RCPT TO and counts as filtered ({@code [silent-command]}).
     */
    public boolean commandIsSilent(String format) {
        return format != null && silentCommandFormats.contains(format.toLowerCase(Locale.ROOT));
    }

    /** Hard or soft, from the reason and the status class (5 permanent, 4 transient). */
    public boolean isHard(String reason, int statusClass) {
        if (hard.contains(reason)) {
            return true;
        }
        return hardOnlyPermanent.contains(reason) && statusClass == 5;
    }
}
