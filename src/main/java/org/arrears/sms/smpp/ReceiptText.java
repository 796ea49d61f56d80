package org.arrears.sms.smpp;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arrears.outreach.Receipt;

/**
 * An SMSC delivery receipt's text, the de-facto format of SMPP 3.4 appendix B:
 * {@code id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...}.
 *
 * <p>The text is read as a sequence of {@code label:value} fields, in any order, with labels in any case
 * ({@code Text:}, {@code submit_date:}). A value ends at the next space; the text field's value runs to the end,
 * or to the next label of a field not read yet (a receipt that sends {@code text:} before {@code stat:}). Dates
 * are local times without a zone, as SMSCs send them: {@code YYMMDDhhmm}, {@code YYMMDDhhmmss} or
 * {@code YYYYMMDDhhmmss}.
 *
 * <ul>
 *   <li>{@link #parseStrict}: what appendix B says. Every word before the text must be one of the eight fields
 *       (a misspelled label such as {@code su:} or {@code submit dat:} is refused), no field twice, and
 *       {@code id}, both dates and {@code stat} (one of the eight appendix B states, or its full name such as
 *       DELIVERED) must be there; {@code sub}, {@code dlvrd} (digits), {@code err} (letters or digits, three by the
 *       appendix) and {@code text} may be left out, as many SMSCs do.</li>
 *   <li>{@link #parse}: what the gateway reads, since SMSCs add fields of their own ({@code mcc:}, {@code imsi:})
 *       and get others wrong: only {@code id} is required, unknown words are skipped and a value that does not
 *       read (a date of nine digits) is left out. The gateway takes the receipted_message_id and message_state
 *       TLVs over the text when the PDU has them.</li>
 * </ul>
 *
 * <p>What a final state means for the message:
 * <ul>
 *   <li>DELIVRD: DELIVERED;</li>
 *   <li>UNDELIV, REJECTD: UNDELIVERABLE (the network refused the number: unknown or barred subscriber);</li>
 *   <li>EXPIRED, DELETED: PENDING, that is history only. The handset was off or out of coverage for the whole
 *       validity period, or an operator removed the message: nothing says the number is wrong, so its contact
 *       point is not marked bad;</li>
 *   <li>ENROUTE, ACCEPTD, UNKNOWN and anything else: PENDING.</li>
 * </ul>
 */
public final class ReceiptText {

    /**
     * A receipt's fields; each is null when the receipt has none. {@code err} is as sent ({@code 012}), see
     * {@link #errorCode()}; {@code text} is null when empty.
     */
    public record Parsed(String id, Integer sub, Integer dlvrd, LocalDateTime submitDate, LocalDateTime doneDate,
                         String stat, String err, String text) {

        /** A receipt with only the fields the hub acts on. */
        public Parsed(String id, String stat, String err) {
            this(id, null, null, null, null, stat, err, null);
        }

        /** The error code as a number when {@code err} is decimal digits ({@code 012} is 12), else null. */
        public Integer errorCode() {
            return err != null && err.chars().allMatch(c -> c >= '0' && c <= '9') ? Integer.valueOf(err) : null;
        }

        /** The same receipt with another id and state (the PDU's TLVs); a null argument keeps the text's. */
        public Parsed withIdAndStat(String otherId, String otherStat) {
            return new Parsed(otherId == null || otherId.isBlank() ? id : otherId, sub, dlvrd, submitDate, doneDate,
                    otherStat == null ? stat : otherStat, err, text);
        }
    }

    private enum Field {
        ID("id"), SUB("sub"), DLVRD("dlvrd"), SUBMIT_DATE("submit date"), DONE_DATE("done date"), STAT("stat"),
        ERR("err"), TEXT("text");

        final String label;

        Field(String label) {
            this.label = label;
        }
    }

    /** A field label at a word's start; {@code submit date} before {@code sub}, so the longer one wins. */
    private static final Pattern LABEL = Pattern.compile(
            "(?i)(id|submit[ _]?date|sub|dlvrd|done[ _]?date|stat|err|text)[ \\t]*:");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");
    private static final Pattern ERR = Pattern.compile("[A-Za-z0-9]{1,10}");
    private static final Pattern STATE = Pattern.compile("[A-Za-z_]+");

    /** The eight states of SMPP 3.4 appendix B table B-2. */
    public static final Set<String> STATES = Set.of("DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN",
            "REJECTD", "ENROUTE");

    private ReceiptText() {
    }

    /**
     * Reads a receipt as the gateway does (see the class comment).
     *
     * @throws IllegalArgumentException naming the problem, when the text is empty or has no id
     */
    public static Parsed parse(String text) {
        return read(text, false);
    }

    /**
     * Reads a receipt as appendix B describes it (see the class comment).
     *
     * @throws IllegalArgumentException naming the field and the problem
     */
    public static Parsed parseStrict(String text) {
        return read(text, true);
    }

    private static Parsed read(String raw, boolean strict) {
        if (raw == null || raw.replace('\0', ' ').isBlank()) {
            throw new IllegalArgumentException("delivery receipt: empty text");
        }
        String s = raw.replace('\0', ' ');
        Map<Field, String> values = new EnumMap<>(Field.class);
        int n = s.length();
        int pos = skipSpaces(s, 0);
        while (pos < n) {
            Matcher m = LABEL.matcher(s).region(pos, n);
            if (!m.lookingAt()) {
                int end = wordEnd(s, pos);
                if (strict) {
                    throw new IllegalArgumentException("delivery receipt: '" + abbreviate(s.substring(pos, end))
                            + "' is not a field of SMPP appendix B");
                }
                pos = skipSpaces(s, end);
                continue;
            }
            Field field = fieldOf(m.group(1));
            int start = m.end();
            int end;
            if (field == Field.TEXT) {
                end = nextUnreadLabel(s, start, values.keySet());
            } else {
                start = skipSpaces(s, start);
                Matcher next = LABEL.matcher(s).region(start, n);
                end = start < n && next.lookingAt() ? start : wordEnd(s, start);
            }
            String value = s.substring(start, end).strip();
            if (values.containsKey(field)) {
                if (strict) {
                    throw new IllegalArgumentException("delivery receipt: field '" + field.label + ":' twice");
                }
            } else {
                values.put(field, value);
            }
            pos = skipSpaces(s, end);
        }
        String id = values.get(Field.ID);
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("delivery receipt: no 'id:' field");
        }
        if (strict) {
            for (Field required : new Field[] {Field.SUBMIT_DATE, Field.DONE_DATE, Field.STAT}) {
                if (values.get(required) == null || values.get(required).isEmpty()) {
                    throw new IllegalArgumentException("delivery receipt: no '" + required.label + ":' field");
                }
            }
        }
        String stat = values.get(Field.STAT);
        if (stat != null && !stat.isEmpty()) {
            stat = stat.toUpperCase(Locale.ROOT);
            if (!STATE.matcher(stat).matches() || strict && !STATES.contains(abbreviation(stat))) {
                stat = invalid(strict, Field.STAT, stat, "not a message state of SMPP appendix B");
            }
        } else {
            stat = null;
        }
        String err = values.get(Field.ERR);
        if (err != null && !ERR.matcher(err).matches()) {
            err = err.isEmpty() && !strict ? null : invalid(strict, Field.ERR, err, "not an error code in letters or digits");
        }
        String message = values.get(Field.TEXT);
        return new Parsed(id, number(values, Field.SUB, strict), number(values, Field.DLVRD, strict),
                date(values, Field.SUBMIT_DATE, strict), date(values, Field.DONE_DATE, strict), stat, err,
                message == null || message.isEmpty() ? null : message);
    }

    private static Integer number(Map<Field, String> values, Field field, boolean strict) {
        String v = values.get(field);
        if (v == null) {
            return null;
        }
        if (!DIGITS.matcher(v).matches()) {
            return invalid(strict, field, v, "not a count in digits");
        }
        return Integer.valueOf(v);
    }

    /** A receipt's date: YYMMDDhhmm, YYMMDDhhmmss or YYYYMMDDhhmmss, two-digit years in 2000–2099. */
    private static LocalDateTime date(Map<Field, String> values, Field field, boolean strict) {
        String v = values.get(field);
        if (v == null) {
            return null;
        }
        if (!v.chars().allMatch(c -> c >= '0' && c <= '9') || v.length() != 10 && v.length() != 12 && v.length() != 14) {
            return invalid(strict, field, v, "not a date YYMMDDhhmm, YYMMDDhhmmss or YYYYMMDDhhmmss");
        }
        String d = v.length() == 14 ? v : "20" + v;
        try {
            return LocalDateTime.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                    Integer.parseInt(d.substring(6, 8)), Integer.parseInt(d.substring(8, 10)),
                    Integer.parseInt(d.substring(10, 12)), d.length() == 14 ? Integer.parseInt(d.substring(12, 14)) : 0);
        } catch (DateTimeException e) {
            return invalid(strict, field, v, "not a calendar date and time");
        }
    }

    private static <T> T invalid(boolean strict, Field field, String value, String problem) {
        if (strict) {
            throw new IllegalArgumentException("delivery receipt: field '" + field.label + ":' value '"
                    + abbreviate(value) + "': " + problem);
        }
        return null;
    }

    private static Field fieldOf(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        if (l.startsWith("submit")) {
            return Field.SUBMIT_DATE;
        }
        if (l.startsWith("done")) {
            return Field.DONE_DATE;
        }
        return Field.valueOf(l.toUpperCase(Locale.ROOT));
    }

    /** Where the text field ends: at a word that starts the label of a field not read yet, or at the end. */
    private static int nextUnreadLabel(String s, int from, Set<Field> read) {
        for (int i = from; i < s.length(); i++) {
            if ((i == from || Character.isWhitespace(s.charAt(i - 1))) && !Character.isWhitespace(s.charAt(i))) {
                Matcher m = LABEL.matcher(s).region(i, s.length());
                if (m.lookingAt()) {
                    Field f = fieldOf(m.group(1));
                    if (f != Field.TEXT && !read.contains(f)) {
                        return i;
                    }
                }
            }
        }
        return s.length();
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int wordEnd(String s, int i) {
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String abbreviate(String s) {
        return s.length() <= 30 ? s : s.substring(0, 30) + "…";
    }

    /** What a receipt's final state means for the message (see the class comment). */
    public static Receipt.Kind kindOf(String stat) {
        if (stat == null) {
            return Receipt.Kind.PENDING;
        }
        return switch (stat.toUpperCase(Locale.ROOT)) {
            case "DELIVRD", "DELIVERED" -> Receipt.Kind.DELIVERED;
            case "UNDELIV", "UNDELIVERABLE", "REJECTD", "REJECTED" -> Receipt.Kind.UNDELIVERABLE;
            default -> Receipt.Kind.PENDING;
        };
    }

    /** True for the states after which an SMSC sends no further receipt: all of appendix B's but ENROUTE. */
    public static boolean isFinal(String stat) {
        String s = abbreviation(stat);
        return s != null && STATES.contains(s) && !s.equals("ENROUTE");
    }

    /**
     * A state's appendix B abbreviation, for the full names of the message_state TLV table (DELIVERED, ACCEPTED,
     * UNDELIVERABLE, REJECTED) as well; other names upper case as given, null for null.
     */
    public static String abbreviation(String state) {
        if (state == null) {
            return null;
        }
        String s = state.strip().toUpperCase(Locale.ROOT);
        return switch (s) {
            case "DELIVERED" -> "DELIVRD";
            case "ACCEPTED" -> "ACCEPTD";
            case "UNDELIVERABLE" -> "UNDELIV";
            case "REJECTED" -> "REJECTD";
            default -> s;
        };
    }

    /**
     * The state names of the message_state TLV (0x0427), which win over a receipt's {@code stat:}; null for a
     * value SMPP 3.4 does not define.
     */
    public static String stateName(int messageState) {
        return switch (messageState) {
            case 1 -> "ENROUTE";
            case 2 -> "DELIVRD";
            case 3 -> "EXPIRED";
            case 4 -> "DELETED";
            case 5 -> "UNDELIV";
            case 6 -> "ACCEPTD";
            case 7 -> "UNKNOWN";
            case 8 -> "REJECTD";
            default -> null;
        };
    }
}
