package org.arrears.payments;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * Record-by-record reader of NACHA ACH files: domestic entries of every standard entry class, IAT entries,
 * returns (addenda 99, R codes), notifications of change (addenda 98, C codes), and ADV (automated accounting
 * advice) batches. Records are 94 characters, one per line (shorter lines are padded, since trailing blanks are
 * often lost in transfer) or back to back without line ends; block filler records of nines after the file
 * control are skipped.
 *
 * <p>Each batch is one statement (account: the company identification); each entry detail record one entry,
 * signed by its transaction code: codes ending in 0-4 are credits to the receiver's account (positive), 5-9
 * debits (negative); ADV codes 81-88 alternate credit and debit.
 *
 * <p>Validation: record order 1 (5 (6 7*)* 8)* 9; fixed field formats; transaction codes allowed by the batch's
 * service class (220 credits only, 225 debits only); addenda indicator consistent with the addenda present; return
 * and change codes from the NACHA lists; routing number check digits; batch and file control records: entry and
 * addenda count, entry hash, total debit and credit amounts, batch count.
 */
final class NachaParser {

    private static final int LEN = 94;
    private static final long HASH_MOD = 10_000_000_000L;
    private static final Set<Integer> DOMESTIC_CODES = Set.of(21, 22, 23, 24, 26, 27, 28, 29, 31, 32, 33, 34, 36, 37,
            38, 39, 41, 42, 43, 44, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56);

    /** Standard entry class codes of the NACHA operating rules. */
    private static final Set<String> SEC_CODES = Set.of("ACK", "ADV", "ARC", "ATX", "BOC", "CCD", "CIE", "COR",
            "CTX", "DNE", "ENR", "IAT", "MTE", "POP", "POS", "PPD", "RCK", "SHR", "TEL", "TRC", "TRX", "WEB",
            "XCK");
    /** Transaction type codes of an IAT entry (addenda 10). */
    private static final Set<String> IAT_TYPES = Set.of("ANN", "BUS", "DEP", "LOA", "MIS", "MOR", "PEN", "REM",
            "RLS", "SAL", "TAX", "ARC", "BOC", "POP", "RCK", "TEL", "WEB");

    private final String fileName;
    private final boolean reconcile;
    private final PaymentFileHandler handler;

    private long recordNo;
    private long nonFillerRecords;
    private char expecting = '1';
    private LocalDate creationDate;
    private boolean fileHasAdv;

    // batch
    private Batch batch;
    private Entry pending;

    // file totals
    private long fileBatches;
    private long fileEntryAddenda;
    private long fileHash;
    private long fileDebit;
    private long fileCredit;
    private boolean fileControlSeen;

    NachaParser(String fileName, boolean reconcile, PaymentFileHandler handler) {
        this.fileName = fileName;
        this.reconcile = reconcile;
        this.handler = handler;
    }

    private static final class Batch {
        int serviceClass;
        String sec;
        boolean iat;
        boolean adv;
        String companyId;
        String batchNumber;
        LocalDate effectiveDate;
        LocalDate settlementDate;
        long entryAddenda;
        long hash;
        long debit;
        long credit;
    }

    private static final class Entry {
        long record;
        int code;
        long cents;
        String account;
        String individualId;
        String name;
        String trace;
        boolean addendaIndicator;
        int addenda;
        StringBuilder remittance;
        String returnReason;
    }

    BankFormat parse(InputStream raw) throws BankFileException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        try {
            boolean fixed = detectFixedLength(in);
            if (fixed) {
                readFixed(in);
            } else {
                readLines(in);
            }
        } catch (IOException e) {
            throw new BankFileException(fileName, "record " + (recordNo + 1), "read error: " + e, e);
        }
        if (!fileControlSeen) {
            throw new BankFileException(fileName, recordNo == 0 ? "" : "end of file",
                    recordNo == 0 ? "empty file" : "file ends without the file control record 9 (truncated file)");
        }
        return BankFormat.NACHA;
    }

    /** Records written back to back without line ends: the 95th byte is not a line end. */
    private static boolean detectFixedLength(BufferedInputStream in) throws IOException {
        in.mark(LEN + 2);
        byte[] head = in.readNBytes(LEN + 1);
        in.reset();
        if (head.length <= LEN) {
            return false;
        }
        for (int i = 0; i < LEN; i++) {
            if (head[i] == '\n' || head[i] == '\r') {
                return false;
            }
        }
        return head[LEN] != '\n' && head[LEN] != '\r';
    }

    private void readFixed(InputStream in) throws IOException, BankFileException {
        byte[] rec = new byte[LEN];
        while (true) {
            int b = in.read();
            while (b == '\n' || b == '\r') {
                b = in.read();
            }
            if (b < 0) {
                return;
            }
            rec[0] = (byte) b;
            int n = 1 + in.readNBytes(rec, 1, LEN - 1);
            String r = new String(rec, 0, n, StandardCharsets.ISO_8859_1);
            recordNo++;
            if (n < LEN) {
                if (r.isBlank()) {
                    return;
                }
                throw new BankFileException(fileName, "record " + recordNo, "truncated record of " + n
                        + " characters (records are 94 characters)");
            }
            record(r, "record " + recordNo);
        }
    }

    private void readLines(InputStream in) throws IOException, BankFileException {
        try (TextLines lines = new TextLines(in, 4096)) {
            String line;
            while ((line = lines.next()) != null) {
                recordNo = lines.lineNumber();
                String loc = "line " + recordNo;
                if (line.isBlank()) {
                    continue;
                }
                String r = line;
                if (r.length() > LEN) {
                    String stripped = r.stripTrailing();
                    if (stripped.length() > LEN) {
                        throw new BankFileException(fileName, loc, "record has " + r.length()
                                + " characters; NACHA records have 94");
                    }
                    r = stripped;
                }
                if (r.length() < LEN) {
                    r = r + " ".repeat(LEN - r.length());
                }
                record(r, loc);
            }
        } catch (TextLines.LineTooLongException e) {
            throw new BankFileException(fileName, "line " + (recordNo + 1), e.getMessage(), e);
        }
    }

    private void record(String r, String loc) throws BankFileException {
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new BankFileException(fileName, loc, "control character 0x"
                        + Integer.toHexString(c) + " at position " + (i + 1) + " (NACHA records are printable text)");
            }
        }
        char type = r.charAt(0);
        if (expecting == 'F') {
            if (isFiller(r)) {
                return;
            }
            throw new BankFileException(fileName, loc, "data after the file control record");
        }
        nonFillerRecords++;
        switch (type) {
            case '1' -> fileHeader(r, loc);
            case '5' -> batchHeader(r, loc);
            case '6' -> entry(r, loc);
            case '7' -> addenda(r, loc);
            case '8' -> batchControl(r, loc);
            case '9' -> fileControl(r, loc);
            default -> throw new BankFileException(fileName, loc, "unknown record type '" + type + "'");
        }
    }

    private static boolean isFiller(String r) {
        for (int i = 0; i < r.length(); i++) {
            if (r.charAt(i) != '9') {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ records

    private void fileHeader(String r, String loc) throws BankFileException {
        if (expecting != '1') {
            throw new BankFileException(fileName, loc, "second file header record");
        }
        if (!r.substring(34, 37).equals("094")) {
            throw new BankFileException(fileName, loc, "file header record size is '" + r.substring(34, 37)
                    + "', must be 094");
        }
        creationDate = optionalDate(r.substring(23, 29));
        expecting = '5';
    }

    private void batchHeader(String r, String loc) throws BankFileException {
        if (expecting == '1') {
            throw new BankFileException(fileName, loc, "batch header before the file header record 1");
        }
        if (batch != null) {
            throw new BankFileException(fileName, loc, "batch header inside a batch (the previous batch has no"
                    + " batch control record 8)");
        }
        Batch b = new Batch();
        b.serviceClass = (int) number(r, 2, 4, loc, "service class code");
        if (b.serviceClass != 200 && b.serviceClass != 220 && b.serviceClass != 225 && b.serviceClass != 280) {
            throw new BankFileException(fileName, loc, "invalid service class code " + b.serviceClass);
        }
        b.sec = r.substring(50, 53);
        if (!SEC_CODES.contains(b.sec)) {
            throw new BankFileException(fileName, loc, "unknown standard entry class code '" + b.sec
                    + "' at positions 51-53");
        }
        b.iat = b.sec.equals("IAT") || (b.sec.equals("COR") && r.startsWith("IATCOR", 4));
        b.adv = b.sec.equals("ADV");
        if (b.adv != (b.serviceClass == 280)) {
            throw new BankFileException(fileName, loc, "service class 280 is for ADV batches only");
        }
        fileHasAdv |= b.adv;
        b.companyId = blankToNull(r.substring(40, 50));
        b.effectiveDate = optionalDate(r.substring(69, 75));
        b.settlementDate = julian(r.substring(75, 78), b.effectiveDate);
        b.batchNumber = r.substring(87, 94);
        batch = b;
        fileBatches++;
        handler.startStatement(new StatementHeader(b.companyId, "USD", null));
    }

    private void entry(String r, String loc) throws BankFileException {
        Batch b = requireBatch(loc, "entry detail");
        flushEntry(loc);
        Entry e = new Entry();
        e.record = recordNo;
        e.code = (int) number(r, 2, 3, loc, "transaction code");
        if (b.adv ? (e.code < 81 || e.code > 88) : !DOMESTIC_CODES.contains(e.code)) {
            throw new BankFileException(fileName, loc, "invalid transaction code " + r.substring(1, 3)
                    + (b.adv ? " for an ADV batch" : ""));
        }
        boolean credit = isCredit(e.code, b.adv);
        if (b.serviceClass == 220 && !credit) {
            throw new BankFileException(fileName, loc, "debit transaction code " + e.code
                    + " in a credits-only batch (service class 220)");
        }
        if (b.serviceClass == 225 && credit) {
            throw new BankFileException(fileName, loc, "credit transaction code " + e.code
                    + " in a debits-only batch (service class 225)");
        }
        String routing = r.substring(3, 11);
        String check = r.substring(11, 12);
        if (!(routing + check).chars().allMatch(Character::isDigit)) {
            throw new BankFileException(fileName, loc, "invalid receiving DFI routing number '" + routing + check + "'");
        }
        if (!checkDigitOk(routing + check)) {
            throw new BankFileException(fileName, loc, "routing number " + routing + check
                    + " fails the check digit test");
        }
        long routingValue = Long.parseLong(routing);
        char indicator;
        if (b.adv) {
            e.account = blankToNull(r.substring(12, 27));
            e.cents = number(r, 28, 39, loc, "amount");
            e.name = blankToNull(r.substring(54, 76));
            indicator = r.charAt(78);
            e.trace = r.substring(79, 94);
        } else if (b.iat) {
            e.cents = number(r, 30, 39, loc, "amount");
            e.account = blankToNull(r.substring(39, 74));
            indicator = r.charAt(78);
            e.trace = r.substring(79, 94);
        } else {
            e.account = blankToNull(r.substring(12, 29));
            e.cents = number(r, 30, 39, loc, "amount");
            switch (b.sec) {
                case "CIE" -> {
                    e.name = blankToNull(r.substring(39, 54));
                    e.individualId = blankToNull(r.substring(54, 76));
                }
                case "CTX", "TRX" -> {
                    e.individualId = blankToNull(r.substring(39, 54));
                    e.name = blankToNull(r.substring(58, 74));
                }
                default -> {
                    e.individualId = blankToNull(r.substring(39, 54));
                    e.name = blankToNull(r.substring(54, 76));
                }
            }
            indicator = r.charAt(78);
            e.trace = r.substring(79, 94);
        }
        if (indicator != '0' && indicator != '1') {
            throw new BankFileException(fileName, loc, "addenda record indicator must be 0 or 1, not '" + indicator
                    + "'");
        }
        e.addendaIndicator = indicator == '1';
        b.entryAddenda++;
        b.hash += routingValue;
        if (credit) {
            b.credit += e.cents;
        } else {
            b.debit += e.cents;
        }
        pending = e;
    }

    private void addenda(String r, String loc) throws BankFileException {
        Batch b = requireBatch(loc, "addenda");
        Entry e = pending;
        if (e == null) {
            throw new BankFileException(fileName, loc, "addenda record without an entry detail record");
        }
        if (!e.addendaIndicator) {
            throw new BankFileException(fileName, loc, "addenda record follows an entry whose addenda record"
                    + " indicator is 0");
        }
        String type = r.substring(1, 3);
        switch (type) {
            case "05" -> {
                if (b.iat) {
                    throw new BankFileException(fileName, loc, "addenda type 05 in an IAT batch");
                }
                appendRemittance(e, r.substring(3, 83));
            }
            case "02" -> {
                // point-of-sale terminal information: nothing to post
            }
            case "10", "11", "12", "13", "14", "15", "16", "17", "18" -> {
                if (!b.iat) {
                    throw new BankFileException(fileName, loc, "IAT addenda type " + type + " outside an IAT batch");
                }
                if (type.equals("10")) {
                    String txType = r.substring(3, 6);
                    if (!IAT_TYPES.contains(txType) && !txType.isBlank()) {
                        throw new BankFileException(fileName, loc, "invalid IAT transaction type code '" + txType
                                + "'");
                    }
                    e.name = blankToNull(r.substring(46, 81));
                } else if (type.equals("17")) {
                    appendRemittance(e, r.substring(3, 83));
                }
            }
            case "98" -> {
                String changeCode = r.substring(3, 6);
                if (!validChangeCode(changeCode)) {
                    throw new BankFileException(fileName, loc, "invalid notification of change code '" + changeCode
                            + "'");
                }
                if (e.returnReason == null) {
                    e.returnReason = changeCode;
                }
                if (!b.iat) {
                    appendRemittance(e, r.substring(35, 64));
                }
            }
            case "99" -> {
                String reason = r.substring(3, 6);
                if (!validReturnCode(reason)) {
                    throw new BankFileException(fileName, loc, "invalid return reason code '" + reason + "'");
                }
                if (e.returnReason == null) {
                    e.returnReason = reason;
                }
                appendRemittance(e, r.substring(35, 79));
            }
            default -> throw new BankFileException(fileName, loc, "unknown addenda type code '" + type + "'");
        }
        e.addenda++;
        b.entryAddenda++;
    }

    private void batchControl(String r, String loc) throws BankFileException {
        Batch b = requireBatch(loc, "batch control");
        flushEntry(loc);
        int svc = (int) number(r, 2, 4, loc, "service class code");
        long count = number(r, 5, 10, loc, "entry/addenda count");
        long hash = number(r, 11, 20, loc, "entry hash");
        long debit;
        long credit;
        String batchNumber;
        if (b.adv) {
            debit = number(r, 21, 40, loc, "total debit amount");
            credit = number(r, 41, 60, loc, "total credit amount");
        } else {
            debit = number(r, 21, 32, loc, "total debit amount");
            credit = number(r, 33, 44, loc, "total credit amount");
        }
        batchNumber = r.substring(87, 94);
        if (svc != b.serviceClass) {
            throw new BankFileException(fileName, loc, "batch control service class " + svc
                    + " differs from the batch header's " + b.serviceClass);
        }
        if (!batchNumber.equals(b.batchNumber)) {
            throw new BankFileException(fileName, loc, "batch control batch number " + batchNumber.strip()
                    + " differs from the batch header's " + b.batchNumber.strip());
        }
        if (reconcile) {
            if (count != b.entryAddenda) {
                throw new BankFileException(fileName, loc, "batch " + b.batchNumber.strip() + ": declared "
                        + count + " entry and addenda records, the batch has " + b.entryAddenda);
            }
            if (hash != b.hash % HASH_MOD) {
                throw new BankFileException(fileName, loc, "batch " + b.batchNumber.strip() + ": declared entry hash "
                        + hash + ", the routing numbers of its entries add up to " + (b.hash % HASH_MOD));
            }
            if (debit != b.debit) {
                throw new BankFileException(fileName, loc, "batch " + b.batchNumber.strip()
                        + ": declared total debit " + cents(debit) + ", the debit entries add up to "
                        + cents(b.debit));
            }
            if (credit != b.credit) {
                throw new BankFileException(fileName, loc, "batch " + b.batchNumber.strip()
                        + ": declared total credit " + cents(credit) + ", the credit entries add up to "
                        + cents(b.credit));
            }
        }
        fileEntryAddenda += b.entryAddenda;
        fileHash += b.hash;
        fileDebit += b.debit;
        fileCredit += b.credit;
        batch = null;
        handler.endStatement(new StatementTrailer(null));
    }

    private void fileControl(String r, String loc) throws BankFileException {
        if (expecting == '1') {
            throw new BankFileException(fileName, loc, "file control before the file header record 1");
        }
        if (batch != null) {
            throw new BankFileException(fileName, loc, "file control inside a batch (the batch has no batch control"
                    + " record 8)");
        }
        long batches = number(r, 2, 7, loc, "batch count");
        // the block count describes physical blocking (10 records a block) and is not checked against content
        number(r, 8, 13, loc, "block count");
        long count = number(r, 14, 21, loc, "entry/addenda count");
        long hash = number(r, 22, 31, loc, "entry hash");
        long debit;
        long credit;
        if (fileHasAdv) {
            debit = number(r, 32, 51, loc, "total debit amount");
            credit = number(r, 52, 71, loc, "total credit amount");
        } else {
            debit = number(r, 32, 43, loc, "total debit amount");
            credit = number(r, 44, 55, loc, "total credit amount");
        }
        if (reconcile) {
            if (batches != fileBatches) {
                throw new BankFileException(fileName, loc, "declared " + batches + " batches, the file has "
                        + fileBatches);
            }
            if (count != fileEntryAddenda) {
                throw new BankFileException(fileName, loc, "declared " + count
                        + " entry and addenda records, the file has " + fileEntryAddenda);
            }
            if (hash != fileHash % HASH_MOD) {
                throw new BankFileException(fileName, loc, "declared entry hash " + hash
                        + ", the batches' routing numbers add up to " + (fileHash % HASH_MOD));
            }
            if (debit != fileDebit) {
                throw new BankFileException(fileName, loc, "declared total debit " + cents(debit)
                        + ", the file's debit entries add up to " + cents(fileDebit));
            }
            if (credit != fileCredit) {
                throw new BankFileException(fileName, loc, "declared total credit " + cents(credit)
                        + ", the file's credit entries add up to " + cents(fileCredit));
            }
        }
        fileControlSeen = true;
        expecting = 'F';
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Batch requireBatch(String loc, String what) throws BankFileException {
        if (expecting == '1') {
            throw new BankFileException(fileName, loc, what + " record before the file header record 1");
        }
        if (batch == null) {
            throw new BankFileException(fileName, loc, what + " record outside a batch (no batch header 5)");
        }
        return batch;
    }

    private void flushEntry(String loc) throws BankFileException {
        Entry e = pending;
        if (e == null) {
            return;
        }
        pending = null;
        if (e.addendaIndicator && e.addenda == 0) {
            throw new BankFileException(fileName, "record " + e.record, "entry's addenda record indicator is 1"
                    + " but no addenda record follows");
        }
        BigDecimal amount = Money.fromMinorUnits(e.cents, "USD");
        if (!isCredit(e.code, batch.adv)) {
            amount = amount.negate();
        }
        String remittance = e.remittance == null ? null : blankToNull(e.remittance.toString());
        String structured = RfReference.find(remittance);
        if (structured == null) {
            structured = RfReference.find(e.individualId);
        }
        LocalDate booking = batch.settlementDate != null ? batch.settlementDate : batch.effectiveDate;
        handler.entry(new PaymentEntry(amount, "USD", booking, batch.effectiveDate, blankToNull(e.trace),
                e.individualId, e.name, e.account, remittance, structured, e.returnReason));
    }

    private static void appendRemittance(Entry e, String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return;
        }
        if (e.remittance == null) {
            e.remittance = new StringBuilder(t);
        } else {
            e.remittance.append(' ').append(t);
        }
    }

    private static boolean isCredit(int code, boolean adv) {
        if (adv) {
            return code % 2 == 1;
        }
        return code % 10 <= 4;
    }

    /** ABA routing number check digit: 3, 7, 1 weights over the nine digits sum to a multiple of ten. */
    static boolean checkDigitOk(String nine) {
        int[] w = {3, 7, 1, 3, 7, 1, 3, 7, 1};
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nine.charAt(i) - '0') * w[i];
        }
        return sum % 10 == 0;
    }

    /** Return reason codes defined by the NACHA operating rules. */
    static boolean validReturnCode(String code) {
        if (code.length() != 3 || code.charAt(0) != 'R' || !Character.isDigit(code.charAt(1))
                || !Character.isDigit(code.charAt(2))) {
            return false;
        }
        int n = Integer.parseInt(code.substring(1));
        return (n >= 1 && n <= 53) || n == 61 || n == 62 || (n >= 67 && n <= 77) || (n >= 80 && n <= 85);
    }

    /** Notification of change codes (C01-C14) and refused notification codes (C61-C69). */
    static boolean validChangeCode(String code) {
        if (code.length() != 3 || code.charAt(0) != 'C' || !Character.isDigit(code.charAt(1))
                || !Character.isDigit(code.charAt(2))) {
            return false;
        }
        int n = Integer.parseInt(code.substring(1));
        return (n >= 1 && n <= 14) || (n >= 61 && n <= 69);
    }

    /** A numeric field at 1-based positions from..to. */
    private long number(String r, int from, int to, String loc, String what) throws BankFileException {
        String v = r.substring(from - 1, to);
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                throw new BankFileException(fileName, loc, "invalid " + what + " '" + v + "' at positions " + from
                        + "-" + to + " (digits expected)");
            }
        }
        String significant = v.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 18) {
            // a 20-position total may hold more than a long: no real file comes near it
            throw new BankFileException(fileName, loc, "invalid " + what + " '" + v + "' at positions " + from
                    + "-" + to + " (more than 18 significant digits)");
        }
        return Long.parseLong(significant);
    }

    private static LocalDate optionalDate(String yymmdd) {
        if (!yymmdd.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return LocalDate.of(2000 + Integer.parseInt(yymmdd.substring(0, 2)),
                    Integer.parseInt(yymmdd.substring(2, 4)), Integer.parseInt(yymmdd.substring(4, 6)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Settlement date: day of the year, in the year of the effective date (or the next, across the year end). */
    private LocalDate julian(String ddd, LocalDate effective) {
        if (!ddd.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int day = Integer.parseInt(ddd);
        LocalDate anchor = effective != null ? effective : creationDate;
        if (day < 1 || day > 366 || anchor == null) {
            return null;
        }
        int year = anchor.getYear();
        if (day < anchor.getDayOfYear() - 180) {
            year++;
        } else if (day > anchor.getDayOfYear() + 180) {
            year--;
        }
        try {
            return LocalDate.ofYearDay(year, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String cents(long c) {
        return BigDecimal.valueOf(c, 2).toPlainString();
    }

    private static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
