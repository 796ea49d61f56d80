package org.arrears.payments;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a bank file's format from its first bytes (a few kilobytes are enough), never from its name.
 * Delimited text (CSV) has no signature and is not recognised here; {@link BankFiles} falls back to it when a
 * {@link CsvLayout} is configured.
 */
public final class BankFormatDetector {

    /** How many leading bytes {@link BankFiles} reads for detection. */
    public static final int HEAD_SIZE = 64 * 1024;

    private static final Pattern SWIFT_TAG = Pattern.compile(
            "(?m)^:(20|21|25|25P|28|28C|13D|34F|60F|60M|61|62F|62M|64|65|86|90D|90C|NS):");
    private static final Pattern MT942_BLOCK = Pattern.compile("\\{2:[IO]942");
    private static final Pattern MT940_BLOCK = Pattern.compile("\\{2:[IO]940");

    private BankFormatDetector() {
    }

    /**
     * The format of a file starting with these bytes, or null when it is none of camt.052/053/054, MT940/MT942,
     * BAI2 or NACHA.
     */
    public static BankFormat detect(byte[] head) {
        if (head == null || head.length == 0) {
            return null;
        }
        String text = decode(head);
        String t = text.stripLeading();
        if (t.startsWith("<")) {
            return detectXml(t);
        }
        String first = firstLine(t);
        if (first.startsWith("01,")) {
            return BankFormat.BAI2;
        }
        if (isNachaHeader(first) || isNachaBatchHeader(first)) {
            return BankFormat.NACHA;
        }
        if (MT942_BLOCK.matcher(t).find()) {
            return BankFormat.MT942;
        }
        if (MT940_BLOCK.matcher(t).find()) {
            return BankFormat.MT940;
        }
        Matcher m = SWIFT_TAG.matcher(t);
        if (m.find() || sparkassenColon(t)) {
            boolean interim = t.contains(":34F:") || t.contains(":13D:") || t.contains(":90D:")
                    || t.contains(":90C:");
            boolean balances = t.contains(":60F:") || t.contains(":60M:") || t.contains(":62F:")
                    || t.contains(":62M:");
            return interim && !balances ? BankFormat.MT942 : BankFormat.MT940;
        }
        return null;
    }

    /** A tag whose colon stands alone on the previous line (seen in savings bank exports). */
    private static boolean sparkassenColon(String t) {
        return Pattern.compile("(?m)^:\\r?\\n(61|86):").matcher(t).find();
    }

    private static BankFormat detectXml(String t) {
        // element names decide; the namespace is a fallback
        if (t.contains("BkToCstmrStmt")) {
            return BankFormat.CAMT_053;
        }
        if (t.contains("BkToCstmrDbtCdtNtfctn")) {
            return BankFormat.CAMT_054;
        }
        if (t.contains("BkToCstmrAcctRpt")) {
            return BankFormat.CAMT_052;
        }
        if (t.contains("camt.053.")) {
            return BankFormat.CAMT_053;
        }
        if (t.contains("camt.054.")) {
            return BankFormat.CAMT_054;
        }
        if (t.contains("camt.052.")) {
            return BankFormat.CAMT_052;
        }
        return null;
    }

    private static boolean isNachaHeader(String line) {
        // record type 1, record size 094 at positions 35-37
        return line.length() >= 40 && line.charAt(0) == '1' && line.startsWith("094", 34);
    }

    /** A file starting with a batch header: NACHA without its file header (the parser reports what is missing). */
    private static boolean isNachaBatchHeader(String line) {
        if (line.length() < 80 || line.charAt(0) != '5') {
            return false;
        }
        String svc = line.substring(1, 4);
        if (!svc.equals("200") && !svc.equals("220") && !svc.equals("225") && !svc.equals("280")) {
            return false;
        }
        String sec = line.substring(50, 53);
        return sec.chars().allMatch(c -> c >= 'A' && c <= 'Z');
    }

    private static String firstLine(String t) {
        int end = 0;
        while (end < t.length() && t.charAt(end) != '\n' && t.charAt(end) != '\r') {
            end++;
        }
        return t.substring(0, end);
    }

    private static String decode(byte[] head) {
        if (head.length >= 2) {
            int b0 = head[0] & 0xff;
            int b1 = head[1] & 0xff;
            if (b0 == 0xFE && b1 == 0xFF) {
                return new String(head, 2, head.length - 2, StandardCharsets.UTF_16BE);
            }
            if (b0 == 0xFF && b1 == 0xFE) {
                return new String(head, 2, head.length - 2, StandardCharsets.UTF_16LE);
            }
            if (b0 == 0 && b1 == '<') {
                return new String(head, StandardCharsets.UTF_16BE);
            }
            if (b0 == '<' && b1 == 0) {
                return new String(head, StandardCharsets.UTF_16LE);
            }
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            return new String(head, 3, head.length - 3, StandardCharsets.ISO_8859_1);
        }
        return new String(head, StandardCharsets.ISO_8859_1);
    }
}
