package org.arrears.compliance;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * R5 startup lint for a rendered email body: it must carry a clear way to opt out of further electronic
 * messages to that address (a live link to the opt-out URL, or a reply-keyword instruction such as
 * "Reply STOP"), and its footer must not be empty.
 *
 * <p>The footer is, in HTML, the {@code <footer>} element or the first element whose {@code class} or
 * {@code id} contains "footer"; in plain text, everything after the last signature delimiter ({@code -- })
 * or horizontal rule line (three or more {@code -}, {@code _}, {@code =} or {@code *}).
 */
public final class OptOutNoticeLint {

    private static final Pattern REPLY_KEYWORD = Pattern.compile(
            "\\breply(?:\\s+with)?\\s+[\"'\u201c\u2018]?(STOP|STOPALL|UNSUBSCRIBE|END|QUIT|CANCEL|OPT[- ]?OUT)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML = Pattern.compile("<(html|body|a|p|div|table|footer|span|br)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{|\\{\\{|<#|\\[\\[");
    private static final Pattern RULE_LINE = Pattern.compile("\\s*(?:--\\s?|([-_=*])\\1{2,})\\s*");
    private static final Pattern FOOTER_TAG = Pattern.compile("<footer\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern FOOTER_ATTR = Pattern.compile(
            "<([a-zA-Z][a-zA-Z0-9]*)\\b[^>]*\\b(?:class|id)\\s*=\\s*[\"'][^\"']*footer[^\"']*[\"'][^>]*>",
            Pattern.CASE_INSENSITIVE);

    private OptOutNoticeLint() {
    }

    /**
     * The problems found; empty when the body passes.
     *
     * @param renderedText the email body after rendering (HTML or plain text)
     * @param optOutUrl    the live opt-out URL the body should link to; may be null when the template relies on
     *                     a reply keyword only
     */
    public static List<String> check(String renderedText, String optOutUrl) {
        List<String> problems = new ArrayList<>();
        if (renderedText == null || renderedText.isBlank()) {
            problems.add("R5: the rendered body is empty, so it carries no opt-out notice and no footer");
            return problems;
        }
        Matcher ph = PLACEHOLDER.matcher(renderedText);
        if (ph.find()) {
            problems.add("R5: the rendered body still contains an unrendered template placeholder near '"
                    + snippet(renderedText, ph.start()) + "'");
        }
        boolean html = HTML.matcher(renderedText).find();
        boolean urlLive = isLiveUrl(optOutUrl);
        if (optOutUrl != null && !optOutUrl.isBlank() && !urlLive) {
            problems.add("R5: the opt-out URL '" + optOutUrl + "' is not a live absolute http(s) link");
        }
        boolean linked = urlLive && (html ? hasHref(renderedText, optOutUrl) : renderedText.contains(optOutUrl));
        boolean keyword = REPLY_KEYWORD.matcher(html ? text(renderedText) : renderedText).find();
        if (!linked && !keyword) {
            if (urlLive && html && renderedText.contains(optOutUrl)) {
                problems.add("R5: the opt-out URL appears only as text, not as a link (href), and there is no "
                        + "reply-keyword instruction such as \"Reply STOP\"");
            } else {
                problems.add("R5: the body has neither a link to the opt-out URL"
                        + (urlLive ? " " + optOutUrl : "") + " nor a reply-keyword instruction such as \"Reply STOP\"");
            }
        }
        String footer = html ? htmlFooter(renderedText) : textFooter(renderedText);
        if (footer == null) {
            problems.add(html
                    ? "R5: no footer found (expected a <footer> element or an element whose class or id contains 'footer')"
                    : "R5: no footer found (expected the footer after a '-- ' line or a rule line such as '---')");
        } else if (footer.isBlank()) {
            problems.add("R5: the footer is empty");
        }
        return problems;
    }

    private static boolean isLiveUrl(String url) {
        if (url == null || url.isBlank() || PLACEHOLDER.matcher(url).find() || !url.equals(url.trim())) {
            return false;
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && u.getHost() != null && !u.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean hasHref(String html, String url) {
        String escaped = url.replace("&", "&amp;");
        Pattern href = Pattern.compile("\\bhref\\s*=\\s*([\"'])(" + Pattern.quote(url) + "|" + Pattern.quote(escaped)
                + ")\\1", Pattern.CASE_INSENSITIVE);
        return href.matcher(html).find();
    }

    /** The footer's text content (tags stripped), null when there is no footer element. */
    private static String htmlFooter(String html) {
        Matcher m = FOOTER_TAG.matcher(html);
        String tag;
        if (m.find()) {
            tag = "footer";
        } else {
            m = FOOTER_ATTR.matcher(html);
            if (!m.find()) {
                return null;
            }
            tag = m.group(1);
        }
        if (m.group().endsWith("/>")) {
            return "";
        }
        int contentStart = m.end();
        int contentEnd = closingTag(html, tag, contentStart);
        return text(html.substring(contentStart, contentEnd));
    }

    /** Index of the {@code </tag>} that closes an element whose content starts at {@code from}, nesting aware. */
    private static int closingTag(String html, String tag, int from) {
        Pattern p = Pattern.compile("<(/?)" + Pattern.quote(tag) + "\\b[^>]*?(/?)>", Pattern.CASE_INSENSITIVE);
        Matcher m = p.matcher(html);
        int depth = 1;
        int pos = from;
        while (m.find(pos)) {
            if (!m.group(1).isEmpty()) {
                depth--;
                if (depth == 0) {
                    return m.start();
                }
            } else if (m.group(2).isEmpty()) {
                depth++;
            }
            pos = m.end();
        }
        return html.length();
    }

    private static String textFooter(String text) {
        String[] lines = text.split("\\R", -1);
        for (int i = lines.length - 1; i >= 0; i--) {
            if (RULE_LINE.matcher(lines[i]).matches()) {
                StringBuilder sb = new StringBuilder();
                for (int j = i + 1; j < lines.length; j++) {
                    sb.append(lines[j]).append('\n');
                }
                return sb.toString();
            }
        }
        return null;
    }

    /** Visible text of an HTML fragment: comments, style and script dropped, tags removed, entities for space. */
    private static String text(String html) {
        return html.replaceAll("(?is)<!--.*?-->", " ")
                .replaceAll("(?is)<(style|script)\\b.*?</\\1\\s*>", " ")
                .replaceAll("(?s)<[^>]*>", " ")
                .replace("&nbsp;", " ")
                .replace("&#160;", " ")
                .replace("&quot;", "\"");
    }

    private static String snippet(String s, int at) {
        int end = Math.min(s.length(), at + 20);
        return s.substring(at, end).replaceAll("\\s+", " ");
    }
}
