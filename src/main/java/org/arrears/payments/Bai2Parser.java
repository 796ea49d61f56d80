package org.arrears.payments;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Line-by-line reader of BAI2 balance reporting files (version 2 of the BAI cash management specification).
 *
 * <p>Each account ({@code 03} record up to its {@code 49} trailer) is one statement: opening ledger balance
 * (type 010) and closing ledger balance (type 015) from the summary, one entry per {@code 16} detail record.
 * Continuation records ({@code 88}) are joined to the record they continue: more fields for an {@code 03}, more
 * text for a {@code 16}. Detail amounts carry no sign; the type code decides it: 100-399 and 920-959 are credits,
 * 400-699 and 960-999 debits. Amounts have implied decimals according to the currency (two for USD). Optional
 * fields may be blank and any field may be padded with blanks; a detail of type 890 (non-monetary information)
 * without an amount is information only and becomes no entry, while any other detail needs its amount.
 *
 * <p>Validation follows the specification's control totals: an account trailer's total is the algebraic sum of
 * all amounts in its {@code 03} and {@code 16} records and its count the number of records from {@code 03} to
 * {@code 49}; group ({@code 98}) and file ({@code 99}) trailers total their accounts and groups and count their
 * records. The record order 01 (02 (03 16* 49)* 98)* 99 is enforced.
 */
final class Bai2Parser {

    private static final int MAX_LINE = 100_000;
    /** Type code 890, "contains non-monetary information": a detail that may come without an amount. */
    private static final String NON_MONETARY = "890";
    private static final int MAX_RECORD = 1 << 20;
    private static final Pattern RECORD_BREAK = Pattern.compile("(?<=/)\\s+(?=(?:01|02|03|16|88|49|98|99),)");
    private static final Pattern RECORD_START = Pattern.compile("[0-9]{2}(?:,|/|$)");
    private static final Pattern SIGNED = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern RETURN_REASON = Pattern.compile(
            "(?i)\\breason\\b[^A-Za-z0-9]{0,4}([RC][0-9]{2})\\b");

    private final String fileName;
    private final boolean reconcile;
    private final PaymentFileHandler handler;

    // logical record being assembled from a physical record and its 88 continuations
    private String recCode;
    private StringBuilder recText;
    private List<String> recFields;
    // the record's last field while lines without a comma carry it on: appended here, not copied once per line
    private StringBuilder recTail;
    private StringBuilder recContinuationText;
    private long recLine;
    private int recPhysical;

    // state
    private String last = null; // code of the last logical record processed
    private String groupCurrency;
    private LocalDate asOfDate;
    private Account account;
    private BigInteger groupTotal;
    private long groupRecords;
    private int groupAccounts;
    private BigInteger fileTotal = BigInteger.ZERO;
    private long fileRecords;
    private int fileGroups;
    private boolean fileEnded;

    Bai2Parser(String fileName, boolean reconcile, PaymentFileHandler handler) {
        this.fileName = fileName;
        this.reconcile = reconcile;
        this.handler = handler;
    }

    private static final class Account {
        String number;
        String currency;
        BigInteger total = BigInteger.ZERO;
        long records;
        BigDecimal closing;
    }

    BankFormat parse(InputStream in) throws BankFileException {
        TextLines lines = new TextLines(in, MAX_LINE);
        try {
            String line;
            while ((line = lines.next()) != null) {
                long ln = lines.lineNumber();
                String t = line.strip();
                if (t.isEmpty()) {
                    continue;
                }
                if (fileEnded) {
                    throw new BankFileException(fileName, "line " + ln, "data after the 99 file trailer");
                }
                // several records may share a line ("...2/   02,..."): split after a slash before a record code
                String[] pieces = RECORD_BREAK.split(t);
                for (int i = 0; i < pieces.length; i++) {
                    if (i == 0 && !RECORD_START.matcher(pieces[0]).lookingAt()) {
                        continuation(pieces[0], ln);
                    } else {
                        record(pieces[i], ln);
                    }
                }
            }
            if (recCode != null) {
                process();
            }
        } catch (TextLines.LineTooLongException e) {
            throw new BankFileException(fileName, "line " + (lines.lineNumber() + 1), e.getMessage(), e);
        } catch (IOException e) {
            throw new BankFileException(fileName, "line " + (lines.lineNumber() + 1), "read error: " + e, e);
        }
        if (!fileEnded) {
            String where = last == null ? "" : "end of file";
            throw new BankFileException(fileName, where, last == null ? "empty file"
                    : "file ends without the 99 file trailer (truncated file); last record was " + last);
        }
        return BankFormat.BAI2;
    }

    /** A physical record starting with its record code. */
    private void record(String t, long ln) throws BankFileException {
        int comma = t.indexOf(',');
        String code = comma < 0 ? stripSlash(t) : t.substring(0, comma);
        if (code.equals("88")) {
            if (recCode == null) {
                throw new BankFileException(fileName, "line " + ln, "continuation record 88 with nothing to"
                        + " continue");
            }
            String more = comma < 0 ? "" : t.substring(comma + 1);
            int held = recText.length() + (recContinuationText == null ? 0 : recContinuationText.length());
            if (held + more.length() > MAX_RECORD) {
                throw new BankFileException(fileName, "line " + ln, "record too long");
            }
            if (recCode.equals("16")) {
                String textPart = stripSlash(more);
                if (recContinuationText == null) {
                    recContinuationText = new StringBuilder(textPart);
                } else {
                    recContinuationText.append(' ').append(textPart);
                }
            } else {
                // the continuation carries on the field sequence of the record it continues
                closeTail();
                recFields.addAll(fields(more));
                recText.append('\n').append(more);
            }
            recPhysical++;
            return;
        }
        if (recCode != null) {
            process();
        }
        recCode = code;
        recText = new StringBuilder(t);
        recFields = code.equals("16") ? null : fields(t);
        recTail = null;
        recContinuationText = null;
        recLine = ln;
        recPhysical = 1;
    }

    /** A line that does not start with a record code: the previous record goes on (seen in wrapped files). */
    private void continuation(String t, long ln) throws BankFileException {
        if (recCode == null) {
            throw new BankFileException(fileName, "line " + ln, "line does not start with a BAI2 record code: '"
                    + t + "'");
        }
        if (recText.length() + t.length() > MAX_RECORD) {
            throw new BankFileException(fileName, "line " + ln, "record too long");
        }
        if (recCode.equals("16")) {
            if (recContinuationText != null) {
                recContinuationText.append(' ').append(stripSlash(t));
            } else {
                recText.append(' ').append(t);
            }
        } else {
            List<String> more = fields(t);
            if (recTail == null) {
                recTail = new StringBuilder(recFields.remove(recFields.size() - 1));
            }
            recTail.append(more.get(0));
            if (more.size() > 1) {
                recFields.add(recTail.toString());
                recFields.addAll(more.subList(1, more.size() - 1));
                recTail = new StringBuilder(more.get(more.size() - 1));
            }
            recText.append(' ').append(t);
        }
    }

    /** Puts the last field carried on by continuation lines back in the record's fields. */
    private void closeTail() {
        if (recTail != null) {
            recFields.add(recTail.toString());
            recTail = null;
        }
    }

    /** The record without its terminating slash and the blanks around it. */
    private static String stripSlash(String s) {
        String t = s.strip();
        if (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1).stripTrailing();
        }
        return t;
    }

    private void process() throws BankFileException {
        closeTail();
        String code = recCode;
        String loc = "line " + recLine + " (record " + code + ")";
        int physical = recPhysical;
        recCode = null;
        fileRecords += physical;
        switch (code) {
            case "01" -> {
                expect(last == null, loc, "file header 01 must be the first record");
            }
            case "02" -> {
                expect("01".equals(last) || "98".equals(last), loc, "group header 02 must follow 01 or 98, not "
                        + last);
                List<String> f = recFields;
                groupCurrency = currencyOrNull(get(f, 6), loc);
                asOfDate = date(get(f, 4), loc, "as-of date");
                groupTotal = BigInteger.ZERO;
                groupRecords = physical;
                groupAccounts = 0;
                fileGroups++;
            }
            case "03" -> {
                expect("02".equals(last) || "49".equals(last), loc, "account identifier 03 must follow 02 or 49, not "
                        + last);
                groupRecords += physical;
                account(recFields, loc, physical);
            }
            case "16" -> {
                expect("03".equals(last) || "16".equals(last), loc, "transaction detail 16 must follow 03 or 16, not "
                        + last);
                groupRecords += physical;
                account.records += physical;
                detail(recText.toString(), recContinuationText == null ? null : recContinuationText.toString(), loc);
            }
            case "49" -> {
                expect("03".equals(last) || "16".equals(last), loc, "account trailer 49 must follow 03 or 16, not "
                        + last);
                groupRecords += physical;
                account.records += physical;
                List<String> f = recFields;
                BigInteger declared = integer(get(f, 1), loc, "account control total");
                long count = count(get(f, 2), loc, "number of records");
                if (reconcile && declared.compareTo(account.total) != 0) {
                    throw new BankFileException(fileName, loc, "account " + account.number
                            + ": declared control total " + declared + " but the amounts of its 03 and 16 records"
                            + " add up to " + account.total);
                }
                if (reconcile && count != account.records) {
                    throw new BankFileException(fileName, loc, "account " + account.number + ": declared "
                            + count + " records but the account has " + account.records);
                }
                groupTotal = groupTotal.add(account.total);
                handler.endStatement(new StatementTrailer(account.closing));
                account = null;
            }
            case "98" -> {
                expect("49".equals(last) || "02".equals(last), loc, "group trailer 98 must follow 49 or 02, not "
                        + last);
                groupRecords += physical;
                List<String> f = recFields;
                BigInteger declared = integer(get(f, 1), loc, "group control total");
                long accounts = count(get(f, 2), loc, "number of accounts");
                long records = count(get(f, 3), loc, "number of records");
                if (reconcile && declared.compareTo(groupTotal) != 0) {
                    throw new BankFileException(fileName, loc, "declared group control total " + declared
                            + " but the group's accounts total " + groupTotal);
                }
                if (reconcile && accounts != groupAccounts) {
                    throw new BankFileException(fileName, loc, "declared " + accounts + " accounts but the group has "
                            + groupAccounts);
                }
                if (reconcile && records != groupRecords) {
                    throw new BankFileException(fileName, loc, "declared " + records
                            + " records but the group has " + groupRecords);
                }
                fileTotal = fileTotal.add(groupTotal);
            }
            case "99" -> {
                expect("98".equals(last), loc, "file trailer 99 must follow 98, not " + last);
                List<String> f = recFields;
                BigInteger declared = integer(get(f, 1), loc, "file control total");
                long groups = count(get(f, 2), loc, "number of groups");
                long records = count(get(f, 3), loc, "number of records");
                if (reconcile && declared.compareTo(fileTotal) != 0) {
                    throw new BankFileException(fileName, loc, "declared file control total " + declared
                            + " but the groups total " + fileTotal);
                }
                if (reconcile && groups != fileGroups) {
                    throw new BankFileException(fileName, loc, "declared " + groups + " groups but the file has "
                            + fileGroups);
                }
                if (reconcile && records != fileRecords) {
                    throw new BankFileException(fileName, loc, "declared " + records + " records but the file has "
                            + fileRecords);
                }
                fileEnded = true;
            }
            default -> throw new BankFileException(fileName, loc, "unknown BAI2 record code '" + code + "'");
        }
        last = code;
    }

    private void account(List<String> f, String loc, int physical) throws BankFileException {
        account = new Account();
        groupAccounts++;
        account.number = get(f, 1).strip();
        if (account.number.isEmpty()) {
            throw new BankFileException(fileName, loc, "account identifier has no account number");
        }
        String ccy = currencyOrNull(get(f, 2), loc);
        account.currency = ccy != null ? ccy : groupCurrency != null ? groupCurrency : "USD";
        account.records = physical;
        BigDecimal opening = null;
        BigDecimal closing = null;
        int i = 3;
        while (i < f.size()) {
            String type = get(f, i).strip();
            String amount = get(f, i + 1).strip();
            String funds = get(f, i + 3).strip();
            if (type.isEmpty()) {
                if (!amount.isEmpty()) {
                    throw new BankFileException(fileName, loc, "summary amount '" + amount + "' without a type code");
                }
                i += 4;
                continue;
            }
            if (type.length() != 3 || !allDigits(type)) {
                throw new BankFileException(fileName, loc, "invalid type code '" + type + "'");
            }
            if (!amount.isEmpty()) {
                BigInteger minor = integer(amount, loc, "amount of type " + type);
                account.total = account.total.add(minor);
                BigDecimal value = Money.fromMinorUnits(minor, account.currency);
                if (type.equals("010") && opening == null) {
                    opening = value;
                } else if (type.equals("015") && closing == null) {
                    closing = value;
                }
            }
            i += 4 + fundsExtra(funds, f, i + 4, loc);
        }
        account.closing = closing;
        handler.startStatement(new StatementHeader(account.number, account.currency, opening));
    }

    /** Number of extra fields that follow a funds type code. */
    private int fundsExtra(String funds, List<String> f, int next, String loc) throws BankFileException {
        switch (funds) {
            case "", "0", "1", "2", "Z" -> {
                return 0;
            }
            case "V" -> {
                return 2;
            }
            case "S" -> {
                return 3;
            }
            case "D" -> {
                long n = count(get(f, next), loc, "number of availability distributions");
                return 1 + (int) (2 * n);
            }
            default -> throw new BankFileException(fileName, loc, "invalid funds type '" + funds + "'");
        }
    }

    private void detail(String raw, String continuation, String loc) throws BankFileException {
        Cursor c = new Cursor(stripSlash(raw));
        c.next(); // 16
        String type = c.next().strip();
        if (type.length() != 3 || !allDigits(type)) {
            throw new BankFileException(fileName, loc, "invalid type code '" + type + "'");
        }
        String amountText = c.next().strip();
        if (amountText.isEmpty()) {
            if (type.equals(NON_MONETARY)) {
                return; // information only: no money moved, nothing to post
            }
            throw new BankFileException(fileName, loc, "transaction detail of type " + type + " has no amount");
        }
        if (!allDigits(amountText)) {
            throw new BankFileException(fileName, loc, "invalid detail amount '" + amountText + "'");
        }
        BigInteger minor = new BigInteger(amountText);
        account.total = account.total.add(minor);
        String funds = c.next().strip();
        LocalDate valueDate = asOfDate;
        switch (funds) {
            case "", "0", "1", "2", "Z" -> {
            }
            case "V" -> {
                valueDate = date(c.next(), loc, "value date");
                c.next();
            }
            case "S" -> {
                c.next();
                c.next();
                c.next();
            }
            case "D" -> {
                long n = count(c.next(), loc, "number of availability distributions");
                for (long k = 0; k < 2 * n; k++) {
                    c.next();
                }
            }
            default -> throw new BankFileException(fileName, loc, "invalid funds type '" + funds + "'");
        }
        String bankRef = blankToNull(c.next());
        String customerRef = blankToNull(c.next());
        String text = c.rest();
        if (continuation != null && !continuation.isBlank()) {
            text = text == null || text.isBlank() ? continuation : text + " " + continuation;
        }
        text = blankToNull(text);
        BigDecimal amount = Money.fromMinorUnits(minor, account.currency);
        int t = Integer.parseInt(type);
        boolean debit = (t >= 400 && t <= 699) || (t >= 960 && t <= 999);
        if (debit) {
            amount = amount.negate();
        }
        String returnReason = null;
        if (text != null) {
            Matcher m = RETURN_REASON.matcher(text);
            if (m.find()) {
                returnReason = m.group(1).toUpperCase();
            }
        }
        handler.entry(new PaymentEntry(amount, account.currency, asOfDate, valueDate, bankRef, customerRef, null,
                null, text, RfReference.find(text), returnReason));
    }

    /** Reads the comma-separated fields of a 16 record; the free text is whatever follows them. */
    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        String next() {
            if (pos > s.length()) {
                return "";
            }
            int end = s.indexOf(',', pos);
            if (end < 0) {
                end = s.length();
            }
            String v = s.substring(pos, end);
            pos = end + 1;
            return v;
        }

        /** The free text: everything after the fields read so far. */
        String rest() {
            return pos >= s.length() ? null : s.substring(pos);
        }
    }

    private static List<String> fields(String raw) {
        String s = stripSlash(raw);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == ',') {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static String get(List<String> f, int i) {
        return i < f.size() ? f.get(i) : "";
    }

    private void expect(boolean ok, String loc, String problem) throws BankFileException {
        if (!ok) {
            throw new BankFileException(fileName, loc, "records out of order: " + problem);
        }
    }

    private BigInteger integer(String v, String loc, String what) throws BankFileException {
        String t = v.strip();
        if (!SIGNED.matcher(t).matches()) {
            throw new BankFileException(fileName, loc, "invalid " + what + " '" + v + "'");
        }
        return new BigInteger(t.startsWith("+") ? t.substring(1) : t);
    }

    private long count(String v, String loc, String what) throws BankFileException {
        String t = v.strip();
        if (t.isEmpty() || !allDigits(t) || t.length() > 12) {
            throw new BankFileException(fileName, loc, "invalid " + what + " '" + v + "'");
        }
        return Long.parseLong(t);
    }

    private String currencyOrNull(String v, String loc) throws BankFileException {
        String t = v.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (t.length() != 3 || !t.chars().allMatch(Character::isLetter)) {
            throw new BankFileException(fileName, loc, "invalid currency code '" + v + "'");
        }
        return t.toUpperCase();
    }

    private LocalDate date(String v, String loc, String what) throws BankFileException {
        String t = v.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (t.length() != 6 || !allDigits(t)) {
            throw new BankFileException(fileName, loc, "invalid " + what + " '" + v + "' (expected YYMMDD)");
        }
        try {
            return LocalDate.of(2000 + Integer.parseInt(t.substring(0, 2)), Integer.parseInt(t.substring(2, 4)),
                    Integer.parseInt(t.substring(4, 6)));
        } catch (DateTimeException e) {
            throw new BankFileException(fileName, loc, "invalid " + what + " '" + v + "'");
        }
    }

    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
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
