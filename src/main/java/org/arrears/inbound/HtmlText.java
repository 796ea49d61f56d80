package org.arrears.inbound;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small, safe HTML-to-text conversion for HTML-only replies: one pass over the markup, no parser, no external
 * fetching (images, styles and links are never loaded). Block elements start lines, {@code <br>} breaks them,
 * {@code <blockquote>} content comes out with {@code "> "} in front of each line (so {@link ReplyText} strips it as
 * quoted history), the content of {@code head}, {@code style}, {@code script} and {@code title} and comments are
 * dropped, and runs of white space collapse as a browser collapses them (except inside {@code pre}).
 */
public final class HtmlText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4",
            "h5", "h6", "pre", "hr", "dl", "dt", "dd", "section", "article", "header", "footer", "address", "center",
            "blockquote", "body", "html");
    private static final Set<String> SKIPPED = Set.of("head", "style", "script", "title", "xml", "noscript", "template");
    private static final Map<String, String> ENTITIES = Map.ofEntries(Map.entry("nbsp", " "), Map.entry("lt", "<"),
            Map.entry("gt", ">"), Map.entry("amp", "&"), Map.entry("quot", "\""), Map.entry("apos", "'"),
            Map.entry("euro", "€"), Map.entry("pound", "£"), Map.entry("copy", "©"), Map.entry("reg", "®"),
            Map.entry("hellip", "…"), Map.entry("ndash", "–"), Map.entry("mdash", "—"), Map.entry("lsquo", "‘"),
            Map.entry("rsquo", "’"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"), Map.entry("laquo", "«"),
            Map.entry("raquo", "»"), Map.entry("shy", ""), Map.entry("zwnj", ""), Map.entry("zwj", ""),
            Map.entry("auml", "ä"), Map.entry("ouml", "ö"), Map.entry("uuml", "ü"), Map.entry("Auml", "Ä"),
            Map.entry("Ouml", "Ö"), Map.entry("Uuml", "Ü"), Map.entry("szlig", "ß"), Map.entry("eacute", "é"),
            Map.entry("egrave", "è"), Map.entry("ecirc", "ê"), Map.entry("agrave", "à"), Map.entry("acirc", "â"),
            Map.entry("ccedil", "ç"), Map.entry("ocirc", "ô"), Map.entry("ucirc", "û"), Map.entry("icirc", "î"),
            Map.entry("iuml", "ï"), Map.entry("aacute", "á"), Map.entry("iacute", "í"), Map.entry("oacute", "ó"),
            Map.entry("uacute", "ú"), Map.entry("ntilde", "ñ"), Map.entry("Ntilde", "Ñ"), Map.entry("Eacute", "É"),
            Map.entry("iexcl", "¡"), Map.entry("iquest", "¿"));

    private HtmlText() {
    }

    /** The text of {@code html}, at most {@code maxChars} of markup read. */
    public static String toText(String html, int maxChars) {
        String s = html.length() > maxChars ? html.substring(0, maxChars) : html;
        Out out = new Out();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '<') {
                if (s.startsWith("<!--", i)) {
                    int end = s.indexOf("-->", i + 4);
                    i = end < 0 ? n : end + 3;
                    continue;
                }
                int end = s.indexOf('>', i + 1);
                if (end < 0) {
                    break;
                }
                String tag = tagName(s, i + 1, end);
                boolean closing = i + 1 < n && s.charAt(i + 1) == '/';
                i = end + 1;
                if (tag.isEmpty()) {
                    continue;
                }
                if (!closing && SKIPPED.contains(tag)) {
                    int close = indexOfIgnoreCase(s, "</" + tag, i);
                    if (close < 0) {
                        i = n;
                    } else {
                        int gt = s.indexOf('>', close);
                        i = gt < 0 ? n : gt + 1;
                    }
                    continue;
                }
                if (tag.equals("br")) {
                    out.hardBreak();
                } else if (tag.equals("blockquote")) {
                    out.block();
                    out.depth = Math.max(0, out.depth + (closing ? -1 : 1));
                } else if (tag.equals("pre")) {
                    out.block();
                    out.pre = !closing;
                } else if (BLOCKS.contains(tag)) {
                    out.block();
                    if (tag.equals("p") && closing) {
                        out.hardBreak();
                    }
                } else if (tag.equals("td") || tag.equals("th")) {
                    out.text(" ");
                }
            } else if (c == '&') {
                int semi = s.indexOf(';', i + 1);
                String decoded = semi > i && semi - i <= 10 ? entity(s.substring(i + 1, semi)) : null;
                if (decoded == null) {
                    out.text("&");
                    i++;
                } else {
                    out.text(decoded);
                    i = semi + 1;
                }
            } else {
                int next = i;
                while (next < n && s.charAt(next) != '<' && s.charAt(next) != '&') {
                    next++;
                }
                out.text(s.substring(i, next));
                i = next;
            }
        }
        return out.finish();
    }

    private static String tagName(String s, int from, int end) {
        int i = from;
        if (i < end && (s.charAt(i) == '/' || s.charAt(i) == '!' || s.charAt(i) == '?')) {
            i++;
        }
        int start = i;
        while (i < end && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == ':')) {
            i++;
        }
        return s.substring(start, i).toLowerCase(Locale.ROOT);
    }

    private static int indexOfIgnoreCase(String s, String needle, int from) {
        for (int i = from; i <= s.length() - needle.length(); i++) {
            if (s.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    private static String entity(String name) {
        if (name.startsWith("#")) {
            try {
                int cp = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                return cp == 160 ? " " : Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ENTITIES.get(name);
    }

    /** The lines being written, with the blockquote depth of each line's start. */
    private static final class Out {
        final StringBuilder text = new StringBuilder();
        final StringBuilder line = new StringBuilder();
        int depth;
        int lineDepth;
        boolean pre;
        boolean pendingSpace;

        void text(String t) {
            for (int k = 0; k < t.length(); k++) {
                char c = t.charAt(k);
                if (pre && c == '\n') {
                    hardBreak();
                } else if (!pre && Character.isWhitespace(c) && c != '\u00a0') {
                    pendingSpace = line.length() > 0;
                } else {
                    if (line.length() == 0) {
                        lineDepth = depth;
                    } else if (pendingSpace) {
                        line.append(' ');
                    }
                    pendingSpace = false;
                    line.append(c == '\u00a0' ? ' ' : c);
                }
            }
        }

        /** Ends the current line if it has text. */
        void block() {
            if (line.length() > 0) {
                hardBreak();
            }
        }

        void hardBreak() {
            int d = line.length() > 0 ? lineDepth : depth;
            text.append("> ".repeat(d)).append(line.toString().strip()).append('\n');
            line.setLength(0);
            pendingSpace = false;
        }

        String finish() {
            block();
            StringBuilder result = new StringBuilder(text.length());
            boolean lastBlank = true;
            for (String l : text.toString().split("\n", -1)) {
                boolean blank = l.replace(">", "").isBlank();
                if (!(blank && lastBlank)) {
                    result.append(blank ? "" : l).append('\n');
                }
                lastBlank = blank;
            }
            return result.toString().strip();
        }
    }
}
