package org.arrears.sms.smpp;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arrears.outreach.Receipt;

/**
 * An SMSC delivery receipt's text, the de-facto format of SMPP 3.4 appendix B:
 * {@code id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...}.
 * SMSCs differ in case, padding and which fields they send, so only {@code id} and {@code stat} are required and
 * every field is read on its own.
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

    /** The fields this hub uses; {@code err} is null when the receipt has none. */
    public record Parsed(String id, String stat, String err) {
    }

    private static final Pattern ID = Pattern.compile("(?i)\\bid:\\s*(\\S+)");
    private static final Pattern STAT = Pattern.compile("(?i)\\bstat:\\s*([A-Za-z_]+)");
    private static final Pattern ERR = Pattern.compile("(?i)\\berr:\\s*(\\w+)");

    private ReceiptText() {
    }

    /** @throws IllegalArgumentException naming the missing field, when the text has no id or no stat */
    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("delivery receipt: empty text");
        }
        Matcher id = ID.matcher(text);
        if (!id.find()) {
            throw new IllegalArgumentException("delivery receipt: no 'id:' field");
        }
        Matcher stat = STAT.matcher(text);
        String state = stat.find() ? stat.group(1).toUpperCase(Locale.ROOT) : null;
        Matcher err = ERR.matcher(text);
        return new Parsed(id.group(1), state, err.find() ? err.group(1) : null);
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

    /**
     * The state names of the message_state TLV (0x0427), used when a receipt's text has no {@code stat:}; null for a
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
