package org.arrears.payments;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Line-by-line reader of SWIFT MT940 customer statements and MT942 interim transaction reports, with or without
 * SWIFT envelope blocks ({@code {1:...}{2:...}{4:} ... -}}), as banks deliver them in files.
 *
 * <p>A statement starts at {@code :20:} (or at the first tag when a file has none) and ends at the next
 * {@code :20:}, at the {@code -} message terminator, or at the end of the file. Each {@code :61:} line becomes one
 * entry, completed by the {@code :86:} field that follows it (see {@link Mt86Details}). Statement balances are
 * {@code :60F:/:60M:} and {@code :62F:/:62M:}. When both are present the entries must add up to the difference;
 * MT942 entry counts and sums must match {@code :90D:} and {@code :90C:}.
 *
 * <p>Tolerated real-world quirks: lines wrapped inside {@code :61:} (also between the mark and the amount), a tag
 * whose leading colon stands alone on the previous line, blank entry dates written as spaces, value dates such as
 * 30 February (German interest convention, read as the last day of the month), bank header lines before the first
 * tag, and text lines inside {@code :86:} that merely look like tags.
 */
final class Mt940Parser {

    private static final int MAX_LINE = 100_000;
    private static final int MAX_FIELD = 1 << 20;
    private static final Pattern TAG = Pattern.compile("^:([0-9]{2}[A-Z]?|NS):");
    private static final Pattern BARE_TAG = Pattern.compile("^([0-9]{2}[A-Z]?|NS):");
    private static final Set<String> KNOWN_TAGS = Set.of("20", "21", "25", "25P", "28", "28C", "13", "13D", "34F",
            "60F", "60M", "60", "61", "62F", "62M", "62", "64", "65", "86", "90D", "90C", "NS");
    private static final Pattern BALANCE = Pattern.compile(
            "([CD])([0-9]{6})([A-Z]{3})([0-9]+(?:[,.][0-9]*)?)");
    private static final Pattern SUM_ENTRIES = Pattern.compile("([0-9]{1,5})([A-Z]{3})([0-9]+(?:[,.][0-9]*)?)");
    private static final Pattern FLOOR_LIMIT = Pattern.compile("([A-Z]{3})([CD]?)([0-9]+(?:[,.][0-9]*)?)");
    private static final Pattern TYPE_CODE = Pattern.compile("[A-Z][A-Z0-9]{3}");

    private final String fileName;
    private final boolean reconcile;
    private final PaymentFileHandler handler;

    private Statement stmt;
    private Statement previous;
    private Pending pending;
    private String lastTag;
    private BankFormat format;

    Mt940Parser(String fileName, boolean reconcile, PaymentFileHandler handler) {
        this.fileName = fileName;
        this.reconcile = reconcile;
        this.handler = handler;
    }

    private static final class Statement {
        String account;
        String currency;
        BigDecimal opening;
        String openingCcy;
        BigDecimal closing;
        String closingCcy;
        long closingLine;
        String closingTag;
        boolean headerSent;
        int entries;
        BigDecimal sum = BigDecimal.ZERO;
        int debitCount;
        BigDecimal debitSum = BigDecimal.ZERO;
        int creditCount;
        BigDecimal creditSum = BigDecimal.ZERO;
        Integer declaredDebitCount;
        BigDecimal declaredDebitSum;
        long declaredDebitLine;
        Integer declaredCreditCount;
        BigDecimal declaredCreditSum;
        long declaredCreditLine;
        long startLine;
        boolean explicit;
    }

    /** A :61: line waiting for its :86:. */
    private static final class Pending {
        BigDecimal amount;
        LocalDate valueDate;
        LocalDate entryDate;
        String bankReference;
        StringBuilder details;
        String supplementary;
        long line;
    }

    BankFormat parse(InputStream in, BankFormat format) throws BankFileException {
        this.format = format;
        TextLines lines = new TextLines(in, MAX_LINE);
        String tag = null;
        StringBuilder content = new StringBuilder();
        long tagLine = 0;
        boolean lonelyColon = false;
        try {
            String line;
            while ((line = lines.next()) != null) {
                long ln = lines.lineNumber();
                line = stripFraming(line);
                if (lonelyColon) {
                    lonelyColon = false;
                    Matcher bare = BARE_TAG.matcher(line);
                    if (bare.find() && KNOWN_TAGS.contains(bare.group(1))) {
                        line = ":" + line;
                    } else if (tag != null) {
                        content.append('\n').append(':');
                    }
                }
                String trimmed = line.strip();
                // SWIFT envelope: {1:...}{2:...}{3:...}{4: starts a message, -} ends it
                if (trimmed.startsWith("{1:") || trimmed.startsWith("{2:") || trimmed.startsWith("{4:")) {
                    if (tag != null) {
                        field(tag, content, tagLine);
                        tag = null;
                    }
                    endStatement();
                    int four = line.indexOf("{4:");
                    String rest = four >= 0 ? line.substring(four + 3) : "";
                    if (rest.isBlank()) {
                        continue;
                    }
                    line = rest;
                    trimmed = line.strip();
                }
                if (trimmed.equals("-") || trimmed.startsWith("-}")) {
                    if (tag != null) {
                        field(tag, content, tagLine);
                        tag = null;
                    }
                    endStatement();
                    continue;
                }
                if (trimmed.equals(":")) {
                    lonelyColon = true;
                    continue;
                }
                Matcher m = TAG.matcher(line);
                if (m.find() && KNOWN_TAGS.contains(m.group(1))) {
                    if (tag != null) {
                        field(tag, content, tagLine);
                    }
                    checkCharacters(line, ln, m.group(1));
                    tag = m.group(1);
                    content.setLength(0);
                    content.append(line, m.end(), line.length());
                    tagLine = ln;
                    continue;
                }
                if (tag != null) {
                    checkCharacters(line, ln, tag);
                    if (content.length() + line.length() > MAX_FIELD) {
                        throw new BankFileException(fileName, "line " + ln, "field :" + tag
                                + ": is longer than " + MAX_FIELD + " characters");
                    }
                    content.append('\n').append(line);
                }
                // text outside any field (bank header lines, envelope trailers) carries no statement data
            }
            if (tag != null) {
                field(tag, content, tagLine);
            }
            endStatement();
        } catch (TextLines.LineTooLongException e) {
            throw new BankFileException(fileName, "line " + (lines.lineNumber() + 1), e.getMessage(), e);
        } catch (IOException e) {
            throw new BankFileException(fileName, "line " + (lines.lineNumber() + 1), "read error: " + e, e);
        }
        return format;
    }

    /**
     * A line without the transmission framing around SWIFT messages: control characters (SOH, STX, ETX, EOT, NUL
     * padding, the DOS end-of-file mark) before a block, a tag, a terminator or a message separator, and after a
     * block's closing brace or a terminator. Control characters anywhere else are left for
     * {@link #checkCharacters} to refuse.
     */
    private static String stripFraming(String line) {
        int n = line.length();
        int start = 0;
        while (start < n && isControl(line.charAt(start))) {
            start++;
        }
        if (start > 0 && start < n) {
            char c = line.charAt(start);
            if (c != '{' && c != ':' && c != '-' && c != '$' && !Character.isWhitespace(c)) {
                start = 0;
            }
        }
        int end = n;
        while (end > start && isControl(line.charAt(end - 1))) {
            end--;
        }
        if (end < n && end > start) {
            String kept = line.substring(start, end).strip();
            if (!kept.endsWith("}") && !kept.equals("-") && !kept.equals("$") && !kept.isEmpty()) {
                end = n;
            }
        }
        return start == 0 && end == n ? line : line.substring(start, end);
    }

    /** Control characters other than tab (C0 and DEL). */
    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f;
    }

    /** SWIFT fields hold printable characters only: a control character in one rejects the file. */
    private void checkCharacters(String line, long ln, String tag) throws BankFileException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (isControl(c)) {
                throw new BankFileException(fileName, "line " + ln + " (:" + tag + ":)", String.format(
                        "control character U+%04X at column %d: SWIFT fields may hold printable characters only",
                        (int) c, i + 1));
            }
        }
    }

    private void field(String tag, StringBuilder contentSb, long line) throws BankFileException {
        String content = stripTrailingBlankLines(contentSb.toString());
        String loc = "line " + line + " (:" + tag + ":)";
        switch (tag) {
            case "20" -> {
                endStatement();
                startStatement(line);
                stmt.explicit = true;
            }
            case "21", "28", "28C", "13", "13D" -> ensureStatement(line);
            case "25", "25P" -> {
                ensureStatement(line);
                if (stmt.entries > 0 || pending != null) {
                    throw new BankFileException(fileName, loc,
                            "account identification appears after the statement's transactions (damaged or"
                                    + " merged statement)");
                }
                stmt.account = blankToNull(firstLine(content));
            }
            case "34F" -> {
                ensureStatement(line);
                Matcher m = FLOOR_LIMIT.matcher(singleLine(content, loc));
                if (!m.matches()) {
                    throw new BankFileException(fileName, loc, "invalid floor limit '" + content.strip() + "'");
                }
                if (stmt.currency == null) {
                    stmt.currency = m.group(1);
                }
            }
            case "60F", "60M", "60" -> {
                ensureStatement(line);
                if (stmt.entries > 0 || pending != null) {
                    throw new BankFileException(fileName, loc, "opening balance appears after transactions");
                }
                if (stmt.opening != null) {
                    throw new BankFileException(fileName, loc, "second opening balance in one statement");
                }
                Object[] b = balance(content, loc);
                stmt.opening = (BigDecimal) b[0];
                stmt.openingCcy = (String) b[1];
                stmt.currency = stmt.openingCcy;
            }
            case "61" -> {
                ensureStatement(line);
                flushPending();
                pending = statementLine(content, loc, line);
            }
            case "86" -> {
                ensureStatement(line);
                if (pending != null && ("61".equals(lastTag) || "86".equals(lastTag))) {
                    if (pending.details == null) {
                        pending.details = new StringBuilder(content);
                    } else {
                        pending.details.append('\n').append(content);
                    }
                }
                // an :86: after the closing balance is information for the whole statement: not an entry
            }
            case "62F", "62M", "62" -> {
                ensureStatement(line);
                flushPending();
                if (stmt.closing != null) {
                    throw new BankFileException(fileName, loc, "second closing balance in one statement");
                }
                Object[] b = balance(content, loc);
                stmt.closing = (BigDecimal) b[0];
                stmt.closingCcy = (String) b[1];
                stmt.closingLine = line;
                stmt.closingTag = tag;
                if (stmt.currency == null) {
                    stmt.currency = stmt.closingCcy;
                }
            }
            case "64", "65" -> {
                ensureStatement(line);
                flushPending();
                balance(content, loc);
            }
            case "90D", "90C" -> {
                ensureStatement(line);
                flushPending();
                Matcher m = SUM_ENTRIES.matcher(singleLine(content, loc));
                if (!m.matches()) {
                    throw new BankFileException(fileName, loc, "invalid number and sum of entries '"
                            + content.strip() + "'");
                }
                int count = Integer.parseInt(m.group(1));
                BigDecimal sum = swiftAmount(m.group(3), loc);
                if (stmt.currency == null) {
                    stmt.currency = m.group(2);
                }
                if (tag.equals("90D")) {
                    stmt.declaredDebitCount = count;
                    stmt.declaredDebitSum = sum;
                    stmt.declaredDebitLine = line;
                } else {
                    stmt.declaredCreditCount = count;
                    stmt.declaredCreditSum = sum;
                    stmt.declaredCreditLine = line;
                }
            }
            case "NS" -> {
                ensureStatement(line);
                // bank-specific non-SWIFT field: no standard content
            }
            default -> {
            }
        }
        lastTag = tag;
    }

    private void startStatement(long line) {
        stmt = new Statement();
        stmt.startLine = line;
        pending = null;
        lastTag = null;
    }

    /**
     * A tag outside a statement (no :20: since the last message ended) opens an implicit statement; it continues
     * the account and currency of the previous statement in the file, since it carries none of its own.
     */
    private void ensureStatement(long line) {
        if (stmt == null) {
            startStatement(line);
            if (previous != null) {
                stmt.account = previous.account;
                stmt.currency = previous.currency;
            }
        }
    }

    private void sendHeader() {
        stmt.headerSent = true;
        handler.startStatement(new StatementHeader(stmt.account, stmt.currency, stmt.opening));
    }

    private void flushPending() throws BankFileException {
        if (pending == null) {
            return;
        }
        Pending p = pending;
        pending = null;
        if (!stmt.headerSent) {
            sendHeader();
        }
        Mt86Details d = Mt86Details.parse(p.details == null ? null : p.details.toString());
        stmt.entries++;
        stmt.sum = stmt.sum.add(p.amount);
        if (p.amount.signum() < 0) {
            stmt.debitCount++;
            stmt.debitSum = stmt.debitSum.add(p.amount.negate());
        } else {
            stmt.creditCount++;
            stmt.creditSum = stmt.creditSum.add(p.amount);
        }
        String structured = d.structuredReference != null ? d.structuredReference
                : RfReference.find(p.supplementary);
        handler.entry(new PaymentEntry(p.amount, stmt.currency, p.entryDate, p.valueDate, p.bankReference,
                d.endToEndId, d.payerName, d.payerAccount, d.remittance, structured, d.returnReason));
    }

    private void endStatement() throws BankFileException {
        if (stmt == null) {
            return;
        }
        flushPending();
        Statement s = stmt;
        if (!s.headerSent) {
            sendHeader();
        }
        if (format == BankFormat.MT940 && s.explicit && s.opening != null && s.closing == null) {
            throw new BankFileException(fileName, "line " + s.startLine + " (:20:)", "statement has an opening"
                    + " balance but no closing balance (:62F:/:62M:); the file is incomplete or truncated");
        }
        if (reconcile) {
            if (s.opening != null && s.closing != null) {
                String loc = "line " + s.closingLine + " (:" + s.closingTag + ":)";
                if (!s.openingCcy.equals(s.closingCcy)) {
                    throw new BankFileException(fileName, loc, "closing balance currency " + s.closingCcy
                            + " differs from opening balance currency " + s.openingCcy);
                }
                BigDecimal expected = s.opening.add(s.sum);
                if (expected.compareTo(s.closing) != 0) {
                    throw new BankFileException(fileName, loc, "balances do not reconcile: opening "
                            + s.opening.toPlainString() + " + " + s.entries + " entries "
                            + s.sum.toPlainString() + " = " + expected.toPlainString() + " " + s.openingCcy
                            + ", but the closing balance is " + s.closing.toPlainString());
                }
            }
            if (s.declaredDebitCount != null && (s.declaredDebitCount != s.debitCount
                    || s.declaredDebitSum.compareTo(s.debitSum) != 0)) {
                throw new BankFileException(fileName, "line " + s.declaredDebitLine + " (:90D:)",
                        "declared " + s.declaredDebitCount + " debit entries totalling "
                                + s.declaredDebitSum.toPlainString() + ", but the report has " + s.debitCount
                                + " totalling " + s.debitSum.toPlainString());
            }
            if (s.declaredCreditCount != null && (s.declaredCreditCount != s.creditCount
                    || s.declaredCreditSum.compareTo(s.creditSum) != 0)) {
                throw new BankFileException(fileName, "line " + s.declaredCreditLine + " (:90C:)",
                        "declared " + s.declaredCreditCount + " credit entries totalling "
                                + s.declaredCreditSum.toPlainString() + ", but the report has " + s.creditCount
                                + " totalling " + s.creditSum.toPlainString());
            }
        }
        handler.endStatement(new StatementTrailer(s.closing));
        previous = s;
        stmt = null;
        lastTag = null;
    }

    // ------------------------------------------------------------------------------------------------ fields

    private Object[] balance(String content, String loc) throws BankFileException {
        String v = singleLine(content, loc).replace(" ", "");
        Matcher m = BALANCE.matcher(v);
        if (!m.matches()) {
            throw new BankFileException(fileName, loc, "invalid balance '" + content.strip()
                    + "' (expected D/C mark, YYMMDD date, 3-letter currency and amount)");
        }
        date(m.group(2), loc);
        BigDecimal amount = swiftAmount(m.group(4), loc);
        String problem = Money.problem(amount, m.group(3));
        if (problem != null) {
            throw new BankFileException(fileName, loc, problem);
        }
        return new Object[] {m.group(1).equals("D") ? amount.negate() : amount, m.group(3)};
    }

    private Pending statementLine(String content, String loc, long line) throws BankFileException {
        String s = content;
        int n = s.length();
        if (n < 6 || !allDigits(s, 0, 6)) {
            throw new BankFileException(fileName, loc, "statement line does not start with a YYMMDD value date: '"
                    + firstLine(s) + "'");
        }
        Pending p = new Pending();
        p.line = line;
        p.valueDate = date(s.substring(0, 6), loc);
        int i = 6;
        String entryMmdd = null;
        if (i + 4 <= n && allDigits(s, i, i + 4)) {
            entryMmdd = s.substring(i, i + 4);
            i += 4;
        } else if (i + 4 <= n && s.substring(i, i + 4).isBlank() && s.substring(i, i + 4).indexOf('\n') < 0) {
            i += 4;
        }
        // debit/credit mark: C, D, RC (reversal of credit), RD (reversal of debit)
        int sign;
        if (i + 1 < n && s.charAt(i) == 'R' && (s.charAt(i + 1) == 'C' || s.charAt(i + 1) == 'D')) {
            sign = s.charAt(i + 1) == 'C' ? -1 : 1;
            i += 2;
        } else if (i < n && (s.charAt(i) == 'C' || s.charAt(i) == 'D')) {
            sign = s.charAt(i) == 'C' ? 1 : -1;
            i++;
        } else {
            throw new BankFileException(fileName, loc, "statement line has no debit/credit mark (C, D, RC or RD)"
                    + " after the date: '" + firstLine(s) + "'");
        }
        // optional funds code: third letter of the currency code
        if (i < n && Character.isLetter(s.charAt(i))) {
            i++;
        }
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int amountStart = i;
        while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == ',' || s.charAt(i) == '.')) {
            i++;
        }
        if (i == amountStart) {
            throw new BankFileException(fileName, loc, "statement line has no amount: '" + firstLine(s) + "'");
        }
        BigDecimal amount = swiftAmount(s.substring(amountStart, i), loc);
        String problem = Money.problem(amount, stmt.currency);
        if (problem != null) {
            throw new BankFileException(fileName, loc, problem);
        }
        p.amount = sign < 0 ? amount.negate() : amount;
        if (entryMmdd != null) {
            p.entryDate = entryDate(p.valueDate, entryMmdd, loc);
        }
        // transaction type identification code (e.g. NTRF, NMSC, S051)
        int eol = s.indexOf('\n', i);
        String restOfLine = eol < 0 ? s.substring(i) : s.substring(i, eol);
        String supplementary = eol < 0 ? "" : s.substring(eol + 1);
        if (restOfLine.length() >= 4 && TYPE_CODE.matcher(restOfLine.substring(0, 4)).matches()) {
            restOfLine = restOfLine.substring(4);
        }
        int slashes = restOfLine.indexOf("//");
        String customerRef = slashes >= 0 ? restOfLine.substring(0, slashes) : restOfLine;
        if (customerRef.length() > 16) {
            // text beyond the 16-character customer reference (some banks put the counterparty name there)
            supplementary = customerRef.substring(16) + "\n" + supplementary;
        }
        if (slashes >= 0) {
            String bankRef = blankToNull(restOfLine.substring(slashes + 2));
            // "NONREF" is the SWIFT placeholder for "no reference"
            p.bankReference = "NONREF".equals(bankRef) ? null : bankRef;
        }
        p.supplementary = blankToNull(supplementary.replace('\n', ' '));
        return p;
    }

    private LocalDate date(String yymmdd, String loc) throws BankFileException {
        int yy = Integer.parseInt(yymmdd.substring(0, 2));
        int mm = Integer.parseInt(yymmdd.substring(2, 4));
        int dd = Integer.parseInt(yymmdd.substring(4, 6));
        int year = yy < 80 ? 2000 + yy : 1900 + yy;
        return dateOf(year, mm, dd, yymmdd, loc);
    }

    private LocalDate dateOf(int year, int mm, int dd, String text, String loc) throws BankFileException {
        if (mm < 1 || mm > 12 || dd < 1 || dd > 31) {
            throw new BankFileException(fileName, loc, "invalid date '" + text + "'");
        }
        try {
            int last = YearMonth.of(year, mm).lengthOfMonth();
            // German banks write 30 February and the like for month-end interest postings (30/360 convention)
            return LocalDate.of(year, mm, Math.min(dd, last));
        } catch (DateTimeException e) {
            throw new BankFileException(fileName, loc, "invalid date '" + text + "'");
        }
    }

    /** The entry (booking) date MMDD lies in the value date's year, or the adjacent one around the year end. */
    private LocalDate entryDate(LocalDate valueDate, String mmdd, String loc) throws BankFileException {
        int mm = Integer.parseInt(mmdd.substring(0, 2));
        int dd = Integer.parseInt(mmdd.substring(2, 4));
        int year = valueDate.getYear();
        if (mm - valueDate.getMonthValue() > 6) {
            year--;
        } else if (valueDate.getMonthValue() - mm > 6) {
            year++;
        }
        return dateOf(year, mm, dd, mmdd, loc);
    }

    private BigDecimal swiftAmount(String text, String loc) throws BankFileException {
        try {
            return Money.parseSwift(text);
        } catch (NumberFormatException e) {
            throw new BankFileException(fileName, loc, "invalid amount '" + text + "': " + e.getMessage());
        }
    }

    private String singleLine(String content, String loc) throws BankFileException {
        String t = content.strip();
        if (t.indexOf('\n') >= 0) {
            throw new BankFileException(fileName, loc, "unexpected text after the field value: '"
                    + t.substring(t.indexOf('\n') + 1).strip() + "'");
        }
        return t;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static String stripTrailingBlankLines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
