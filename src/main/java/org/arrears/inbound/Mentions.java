package org.arrears.inbound;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates and amounts mentioned in a (folded, see {@link AutoReplies#fold}) reply, in English, German, French, Spanish
 * and Dutch: "on the 15th", "am 3.12.", "le 15 décembre", "el 15 de enero", "op 15 december", "2026-12-15",
 * "12/15" (month first only for US English), today, tomorrow, yesterday, last or next week, end of the month and
 * weekdays; "200", "€150", "150 €", "1.234,56 EUR", "$1,234.56". A date without a year (or a month) is the next one
 * on or after the message date for what is to come, the last one on or before it for what is past.
 */
final class Mentions {

    record Amount(BigDecimal value, String currency, int start, int end) {
    }

    record Span(LocalDate date, int start, int end) {
    }

    private static final Map<String, Integer> MONTHS = new HashMap<>();
    private static final Map<String, DayOfWeek> WEEKDAYS = new HashMap<>();
    private static final Map<String, String> CURRENCIES = new HashMap<>();

    static {
        String[][] months = {
                {"january", "jan", "januar", "janner", "janvier", "enero", "januari"},
                {"february", "feb", "februar", "fevrier", "febrero", "februari"},
                {"march", "mar", "marz", "maerz", "mars", "marzo", "maart"},
                {"april", "apr", "avril", "abril"},
                {"may", "mai", "mayo", "mei"},
                {"june", "jun", "juni", "juin", "junio"},
                {"july", "jul", "juli", "juillet", "julio"},
                {"august", "aug", "aout", "agosto", "augustus"},
                {"september", "sep", "sept", "septembre", "septiembre", "setiembre"},
                {"october", "oct", "oktober", "octobre", "octubre", "okt"},
                {"november", "nov", "novembre", "noviembre"},
                {"december", "dec", "dezember", "dez", "decembre", "diciembre"}};
        for (int m = 0; m < months.length; m++) {
            for (String name : months[m]) {
                MONTHS.put(name, m + 1);
            }
        }
        String[][] days = {
                {"monday", "montag", "lundi", "lunes", "maandag"},
                {"tuesday", "dienstag", "mardi", "martes", "dinsdag"},
                {"wednesday", "mittwoch", "mercredi", "miercoles", "woensdag"},
                {"thursday", "donnerstag", "jeudi", "jueves", "donderdag"},
                {"friday", "freitag", "vendredi", "viernes", "vrijdag"},
                {"saturday", "samstag", "sonnabend", "samedi", "sabado", "zaterdag"},
                {"sunday", "sonntag", "dimanche", "domingo", "zondag"}};
        for (int d = 0; d < days.length; d++) {
            for (String name : days[d]) {
                WEEKDAYS.put(name, DayOfWeek.of(d + 1));
            }
        }
        for (String[] c : new String[][] {{"€", "EUR"}, {"eur", "EUR"}, {"euro", "EUR"}, {"euros", "EUR"}, {"£", "GBP"},
                {"gbp", "GBP"}, {"pounds", "GBP"}, {"pound", "GBP"}, {"usd", "USD"}, {"us$", "USD"}, {"cad", "CAD"},
                {"c$", "CAD"}, {"chf", "CHF"}, {"$", "$"}, {"dollars", "$"}, {"dollar", "$"}}) {
            CURRENCIES.put(c[0], c[1]);
        }
    }

    private static final String MONTH = "(" + String.join("|", MONTHS.keySet().stream()
            .sorted((a, b) -> b.length() - a.length()).toList()) + ")\\.?";
    private static final String WEEKDAY = "(" + String.join("|", WEEKDAYS.keySet()) + ")";
    private static final Pattern ISO = Pattern.compile("(?<!\\d)(20\\d\\d)-(\\d{1,2})-(\\d{1,2})(?!\\d)");
    private static final Pattern NUMERIC = Pattern.compile("(?<![\\d.,/])(\\d{1,2})([./])(\\d{1,2})(?:\\2(\\d{4}|\\d{2}))?(?![\\d,]|\\.\\d)");
    private static final Pattern DAY_MONTH = Pattern.compile(
            "(?<!\\d)(\\d{1,2})(?:st|nd|rd|th|er|e|de|ste|º|°)?\\.?\\s*(?:of\\s+|de\\s+)?" + MONTH + "(?:,?\\s*(20\\d\\d))?(?![\\p{L}])");
    private static final Pattern MONTH_DAY = Pattern.compile(
            "(?<![\\p{L}])" + MONTH + "\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s*(20\\d\\d))?");
    /** A day of the month alone: "the 15th", "am 15.", "le 15", "el (día) 15", "de 15e". */
    private static final Pattern DAY_ALONE = Pattern.compile("(?<![\\p{L}\\d])(?:(?:on |by |before |until )?the (\\d{1,2})(?:st|nd|rd|th)?"
            + "|(\\d{1,2})(?:st|nd|rd|th)|(?:am|bis zum|zum|bis) (\\d{1,2})\\.|(?:le|au|avant le|jusqu'au) (\\d{1,2})(?:er)?"
            + "|(?:el|el dia|antes del|hasta el) (\\d{1,2})|(?:op de|de|voor de|uiterlijk de) (\\d{1,2})(?:e|ste|de))(?![\\d\\p{L}.,/])");
    private static final Pattern DATE_WORD_BEFORE = Pattern.compile("(?:^|\\s)(?:on|by|am|bis|zum|le|au|el|op|voor|until|before)\\s+$");
    private static final Pattern RELATIVE = Pattern.compile("(?<![\\p{L}])(?:(today|heute|aujourd'hui|hoy|vandaag)"
            + "|(tomorrow|morgen|demain|manana)|(yesterday|gestern|hier|ayer|gisteren)"
            + "|(last week|letzte woche|letzten woche|vergangene woche|la semaine derniere|la semana pasada|vorige week|afgelopen week)"
            + "|(next week|nachste woche|nachsten woche|la semaine prochaine|la semana que viene|la proxima semana|volgende week)"
            + "|(end of (?:the |this )?month|ende des monats|monatsende|fin du mois|fin de mes|final de mes|eind van de maand|einde van de maand))(?![\\p{L}])");
    private static final Pattern WEEKDAY_NAME = Pattern.compile("(?<![\\p{L}])" + WEEKDAY + "(?![\\p{L}])");

    private static final String NUMBER = "(\\d{1,3}(?:[.,'\u00a0\u202f]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)";
    private static final String CURRENCY = "(€|£|us\\$|c\\$|\\$|eur|euros?|usd|cad|gbp|chf|pounds?|dollars?)";
    private static final Pattern CURRENCY_FIRST = Pattern.compile("(?<![\\p{L}])" + CURRENCY + "\\s?" + NUMBER + "(?![\\d])");
    private static final Pattern CURRENCY_AFTER = Pattern.compile("(?<![\\d.,])" + NUMBER + "\\s?" + CURRENCY + "(?![\\p{L}])");
    private static final Pattern BARE = Pattern.compile("(?<![\\d.,#/\\p{L}-])" + NUMBER + "(?![\\d%/\\p{L}]|[.,]\\d|\\.\\d)");
    /** Words before a number that make it a reference, not an amount. */
    private static final Pattern REFERENCE_BEFORE = Pattern.compile("(?:invoice|rechnung|facture|factura|factuur|nr|no|number|nummer|numero|n°|ref|"
            + "reference|referenz|kunden|account|konto|compte|cuenta|rekening|order|bestellung|commande|pedido)\\.?\\s*(?:#|:|nr\\.?|no\\.?)?\\s*$");

    private Mentions() {
    }

    /** The first date in text[from, to), resolved against the message date; null when none. */
    static Span date(String text, int from, int to, LocalDate messageDate, boolean future, boolean monthFirst) {
        Span best = null;
        best = earlier(best, iso(text, from, to));
        best = earlier(best, numeric(text, from, to, messageDate, future, monthFirst));
        best = earlier(best, named(text, from, to, messageDate, future));
        if (best == null) {
            best = dayAlone(text, from, to, messageDate, future);
        }
        if (best == null) {
            best = relative(text, from, to, messageDate, future);
        }
        return best;
    }

    private static Span earlier(Span a, Span b) {
        return a == null ? b : b == null || a.start() <= b.start() ? a : b;
    }

    private static Span iso(String text, int from, int to) {
        Matcher m = ISO.matcher(text).region(from, to);
        while (m.find()) {
            LocalDate d = of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (d != null) {
                return new Span(d, m.start(), m.end());
            }
        }
        return null;
    }

    private static Span numeric(String text, int from, int to, LocalDate ref, boolean future, boolean monthFirst) {
        Matcher m = NUMERIC.matcher(text).region(from, to);
        while (m.find()) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(3));
            boolean slash = m.group(2).equals("/");
            boolean dotAfter = m.end() < text.length() && text.charAt(m.end()) == '.';
            if (!slash && m.group(4) == null && !dotAfter && !DATE_WORD_BEFORE.matcher(text.substring(Math.max(0, m.start() - 12), m.start())).find()) {
                continue; // "150.50" is an amount; a date without a year is written "3.12." or after "am", "le", "op", ...
            }
            int day = slash && monthFirst ? b : a;
            int month = slash && monthFirst ? a : b;
            if (month > 12 && day <= 12) {
                int t = day;
                day = month;
                month = t;
            }
            Integer year = m.group(4) == null ? null : Integer.parseInt(m.group(4)) < 100 ? 2000 + Integer.parseInt(m.group(4)) : Integer.parseInt(m.group(4));
            LocalDate d = resolve(year, month, day, ref, future);
            if (d != null) {
                return new Span(d, m.start(), m.end());
            }
        }
        return null;
    }

    private static Span named(String text, int from, int to, LocalDate ref, boolean future) {
        Matcher m = DAY_MONTH.matcher(text).region(from, to);
        Span first = null;
        if (m.find()) {
            LocalDate d = resolve(m.group(3) == null ? null : Integer.parseInt(m.group(3)), MONTHS.get(m.group(2)),
                    Integer.parseInt(m.group(1)), ref, future);
            first = d == null ? null : new Span(d, m.start(), m.end());
        }
        Matcher n = MONTH_DAY.matcher(text).region(from, to);
        if (n.find()) {
            LocalDate d = resolve(n.group(3) == null ? null : Integer.parseInt(n.group(3)), MONTHS.get(n.group(1)),
                    Integer.parseInt(n.group(2)), ref, future);
            first = earlier(first, d == null ? null : new Span(d, n.start(), n.end()));
        }
        return first;
    }

    private static Span dayAlone(String text, int from, int to, LocalDate ref, boolean future) {
        Matcher m = DAY_ALONE.matcher(text).region(from, to);
        while (m.find()) {
            String g = null;
            for (int i = 1; i <= m.groupCount() && g == null; i++) {
                g = m.group(i);
            }
            int day = Integer.parseInt(g);
            if (day < 1 || day > 31) {
                continue;
            }
            LocalDate d = ref;
            for (int k = 0; k < 13; k++) {
                LocalDate candidate = of(d.getYear(), d.getMonthValue(), day);
                if (candidate != null && (future ? !candidate.isBefore(ref) : !candidate.isAfter(ref))) {
                    return new Span(candidate, m.start(), m.end());
                }
                d = future ? d.plusMonths(1).withDayOfMonth(1) : d.withDayOfMonth(1).minusMonths(1);
            }
        }
        return null;
    }

    private static Span relative(String text, int from, int to, LocalDate ref, boolean future) {
        Matcher m = RELATIVE.matcher(text).region(from, to);
        if (m.find()) {
            LocalDate d = m.group(1) != null ? ref : m.group(2) != null ? ref.plusDays(1) : m.group(3) != null ? ref.minusDays(1)
                    : m.group(4) != null ? ref.minusWeeks(1) : m.group(5) != null ? ref.plusWeeks(1)
                    : ref.with(TemporalAdjusters.lastDayOfMonth());
            return new Span(d, m.start(), m.end());
        }
        Matcher w = WEEKDAY_NAME.matcher(text).region(from, to);
        if (w.find()) {
            DayOfWeek day = WEEKDAYS.get(w.group(1));
            LocalDate d = future ? ref.with(TemporalAdjusters.next(day)) : ref.with(TemporalAdjusters.previous(day));
            return new Span(d, w.start(), w.end());
        }
        return null;
    }

    private static LocalDate resolve(Integer year, Integer month, int day, LocalDate ref, boolean future) {
        if (month == null || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        if (year != null) {
            return of(year, month, day);
        }
        for (int k = 0; k <= 1; k++) {
            LocalDate d = of(future ? ref.getYear() + k : ref.getYear() - k, month, day);
            if (d != null && (future ? !d.isBefore(ref) : !d.isAfter(ref))) {
                return d;
            }
        }
        return null;
    }

    private static LocalDate of(int y, int m, int d) {
        try {
            return LocalDate.of(y, m, d);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The first amount in text[from, to) outside the date span: with a currency when one is written, else bare. */
    static Amount amount(String text, int from, int to, Span date) {
        Amount withCurrency = null;
        for (Pattern p : new Pattern[] {CURRENCY_FIRST, CURRENCY_AFTER}) {
            Matcher m = p.matcher(text).region(from, to);
            while (m.find()) {
                if (overlaps(date, m.start(), m.end())) {
                    continue;
                }
                boolean first = p == CURRENCY_FIRST;
                BigDecimal v = number(m.group(first ? 2 : 1));
                String currency = CURRENCIES.get(m.group(first ? 1 : 2));
                if (v != null && (withCurrency == null || m.start() < withCurrency.start())) {
                    withCurrency = new Amount(v, "$".equals(currency) ? null : currency, m.start(), m.end());
                }
                break;
            }
        }
        if (withCurrency != null) {
            return withCurrency;
        }
        Matcher m = BARE.matcher(text).region(from, to);
        while (m.find()) {
            if (overlaps(date, m.start(), m.end())) {
                continue;
            }
            String before = text.substring(Math.max(0, m.start() - 20), m.start());
            if (REFERENCE_BEFORE.matcher(before).find()) {
                continue;
            }
            BigDecimal v = number(m.group(1));
            boolean year = v != null && v.scale() == 0 && v.intValue() >= 1990 && v.intValue() <= 2100 && m.group(1).length() == 4;
            if (v != null && !year && v.signum() > 0) {
                return new Amount(v, null, m.start(), m.end());
            }
        }
        return null;
    }

    private static boolean overlaps(Span s, int start, int end) {
        return s != null && start < s.end() && end > s.start();
    }

    /** "1.234,56", "1,234.56", "1'234", "150,50", "200" as a decimal. */
    static BigDecimal number(String raw) {
        String s = raw.replace("'", "").replace("\u00a0", "").replace("\u202f", "");
        int lastDot = s.lastIndexOf('.');
        int lastComma = s.lastIndexOf(',');
        int last = Math.max(lastDot, lastComma);
        String digits;
        if (last >= 0 && s.length() - last - 1 <= 2) {
            digits = s.substring(0, last).replace(".", "").replace(",", "") + "." + s.substring(last + 1);
        } else {
            digits = s.replace(".", "").replace(",", "");
        }
        try {
            return new BigDecimal(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
