package org.arrears.payments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Streaming reader of delimited bank exports described by a {@link CsvLayout}. Quoted fields may contain the
 * delimiter, doubled quotes and line breaks. Consecutive rows of the same account form one statement; files carry
 * no balances, so there is nothing to reconcile beyond each row being well-formed.
 */
final class CsvParser {

    private static final int MAX_FIELD = 100_000;
    private static final int MAX_FIELDS = 1_000;

    private final String fileName;
    private final CsvLayout layout;
    private final PaymentFileHandler handler;

    private Reader reader;
    private long line = 1;
    private int peeked = -2;

    CsvParser(String fileName, CsvLayout layout, PaymentFileHandler handler) {
        this.fileName = fileName;
        this.layout = layout;
        this.handler = handler;
    }

    BankFormat parse(InputStream in) throws BankFileException {
        reader = new BufferedReader(new InputStreamReader(in, layout.encoding()), 64 * 1024);
        try {
            for (int i = 0; i < layout.skipLines(); i++) {
                if (!skipLine()) {
                    return BankFormat.CSV;
                }
            }
            Map<CsvLayout.Field, int[]> cols;
            long headerLine = line;
            if (layout.header()) {
                List<String> header = readRecord();
                if (header == null) {
                    throw new BankFileException(fileName, "line " + headerLine, "file has no header line");
                }
                cols = resolve(header, headerLine);
            } else {
                cols = resolve(null, headerLine);
            }
            String currentAccount = null;
            boolean open = false;
            while (true) {
                long recLine = line;
                List<String> rec = readRecord();
                if (rec == null) {
                    break;
                }
                if (rec.stream().allMatch(String::isBlank)) {
                    continue;
                }
                String loc = "line " + recLine;
                String account = text(rec, cols.get(CsvLayout.Field.ACCOUNT), loc);
                if (account == null) {
                    account = layout.account();
                }
                String currency = text(rec, cols.get(CsvLayout.Field.CURRENCY), loc);
                if (currency == null) {
                    currency = layout.currency();
                }
                if (currency != null) {
                    currency = currency.toUpperCase(Locale.ROOT);
                    if (currency.length() != 3 || !currency.chars().allMatch(Character::isLetter)) {
                        throw new BankFileException(fileName, loc, "invalid currency code '" + currency + "'");
                    }
                }
                BigDecimal amount = amount(rec, cols, loc);
                String amountProblem = Money.problem(amount, currency);
                if (amountProblem != null) {
                    throw new BankFileException(fileName, loc, amountProblem);
                }
                if (!open || !Objects.equals(currentAccount, account)) {
                    if (open) {
                        handler.endStatement(new StatementTrailer(null));
                    }
                    handler.startStatement(new StatementHeader(account, currency, null));
                    currentAccount = account;
                    open = true;
                }
                String remittance = text(rec, cols.get(CsvLayout.Field.REMITTANCE), loc);
                String structured = text(rec, cols.get(CsvLayout.Field.STRUCTURED_REFERENCE), loc);
                if (structured == null) {
                    structured = RfReference.find(remittance);
                }
                handler.entry(new PaymentEntry(amount, currency,
                        date(rec, cols.get(CsvLayout.Field.BOOKING_DATE), loc),
                        date(rec, cols.get(CsvLayout.Field.VALUE_DATE), loc),
                        text(rec, cols.get(CsvLayout.Field.BANK_REFERENCE), loc),
                        text(rec, cols.get(CsvLayout.Field.END_TO_END_ID), loc),
                        text(rec, cols.get(CsvLayout.Field.PAYER_NAME), loc),
                        text(rec, cols.get(CsvLayout.Field.PAYER_ACCOUNT), loc),
                        remittance, structured,
                        text(rec, cols.get(CsvLayout.Field.RETURN_REASON), loc)));
            }
            if (open) {
                handler.endStatement(new StatementTrailer(null));
            }
        } catch (IOException e) {
            throw new BankFileException(fileName, "line " + line, "read error: " + e, e);
        }
        return BankFormat.CSV;
    }

    private Map<CsvLayout.Field, int[]> resolve(List<String> header, long headerLine) throws BankFileException {
        Map<String, Integer> byName = new HashMap<>();
        if (header != null) {
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i).strip();
                if (i == 0 && h.startsWith("\uFEFF")) {
                    h = h.substring(1).strip();
                }
                byName.putIfAbsent(h.toLowerCase(Locale.ROOT), i);
            }
        }
        Map<CsvLayout.Field, int[]> out = new EnumMap<>(CsvLayout.Field.class);
        for (Map.Entry<CsvLayout.Field, List<String>> e : layout.columns().entrySet()) {
            int[] idx = new int[e.getValue().size()];
            for (int k = 0; k < idx.length; k++) {
                String ref = e.getValue().get(k);
                if (CsvLayout.isPosition(ref)) {
                    idx[k] = Integer.parseInt(ref) - 1;
                    if (idx[k] < 0) {
                        throw new BankFileException(fileName, "", "CSV column positions start at 1, not " + ref);
                    }
                } else {
                    Integer i = byName.get(ref.strip().toLowerCase(Locale.ROOT));
                    if (i == null) {
                        throw new BankFileException(fileName, "line " + headerLine, "column '" + ref + "' (for "
                                + e.getKey().key() + ") is not in the header " + header);
                    }
                    idx[k] = i;
                }
            }
            out.put(e.getKey(), idx);
        }
        return out;
    }

    private BigDecimal amount(List<String> rec, Map<CsvLayout.Field, int[]> cols, String loc)
            throws BankFileException {
        int[] single = cols.get(CsvLayout.Field.AMOUNT);
        if (single != null) {
            String v = text(rec, single, loc);
            if (v == null) {
                throw new BankFileException(fileName, loc, "amount is empty");
            }
            BigDecimal a = number(v, loc);
            String cd = text(rec, cols.get(CsvLayout.Field.CREDIT_DEBIT), loc);
            if (cd != null) {
                String mark = cd.strip().toUpperCase(Locale.ROOT);
                if (layout.debitMarkers().contains(mark)) {
                    return a.abs().negate();
                }
                if (layout.creditMarkers().contains(mark)) {
                    return a.abs();
                }
                throw new BankFileException(fileName, loc, "credit/debit indicator '" + cd
                        + "' is neither a credit marker " + layout.creditMarkers() + " nor a debit marker "
                        + layout.debitMarkers());
            }
            return a;
        }
        String credit = text(rec, cols.get(CsvLayout.Field.CREDIT_AMOUNT), loc);
        String debit = text(rec, cols.get(CsvLayout.Field.DEBIT_AMOUNT), loc);
        if (credit == null && debit == null) {
            throw new BankFileException(fileName, loc, "both credit and debit amount are empty");
        }
        BigDecimal c = credit == null ? BigDecimal.ZERO : number(credit, loc).abs();
        BigDecimal d = debit == null ? BigDecimal.ZERO : number(debit, loc).abs();
        return c.subtract(d);
    }

    private BigDecimal number(String v, String loc) throws BankFileException {
        try {
            return Money.parseDecimal(v, layout.decimalSeparator(), layout.groupingSeparator());
        } catch (NumberFormatException e) {
            throw new BankFileException(fileName, loc, "invalid amount '" + v + "': " + e.getMessage());
        }
    }

    private LocalDate date(List<String> rec, int[] idx, String loc) throws BankFileException {
        String v = text(rec, idx, loc);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v, layout.dateFormatter());
        } catch (DateTimeParseException e) {
            throw new BankFileException(fileName, loc, "invalid date '" + v + "' (expected format "
                    + layout.dateFormat() + ")");
        }
    }

    private String text(List<String> rec, int[] idx, String loc) throws BankFileException {
        if (idx == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i : idx) {
            if (i >= rec.size()) {
                throw new BankFileException(fileName, loc, "row has " + rec.size() + " fields, column " + (i + 1)
                        + " is missing");
            }
            String v = rec.get(i).strip();
            if (v.isEmpty()) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(v);
            } else {
                sb.append(' ').append(v);
            }
        }
        return sb == null ? null : sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ reading

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return reader.read();
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = reader.read();
        }
        return peeked;
    }

    private boolean skipLine() throws IOException {
        int c;
        while ((c = read()) != -1) {
            if (c == '\n') {
                line++;
                return true;
            }
            if (c == '\r') {
                if (peek() == '\n') {
                    read();
                }
                line++;
                return true;
            }
        }
        return false;
    }

    /** One record, or null at the end of the input. */
    private List<String> readRecord() throws IOException, BankFileException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        long startLine = line;
        while (true) {
            if (c == -1) {
                if (quoted) {
                    throw new BankFileException(fileName, "line " + startLine,
                            "quoted field is not closed before the end of the file (truncated file?)");
                }
                fields.add(f.toString());
                return fields;
            }
            char ch = (char) c;
            if (quoted) {
                if (ch == layout.quote()) {
                    if (peek() == layout.quote()) {
                        read();
                        f.append(ch);
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    f.append(ch);
                }
            } else if (fieldStart && ch == layout.quote()) {
                quoted = true;
                fieldStart = false;
            } else if (ch == layout.delimiter()) {
                fields.add(f.toString());
                f.setLength(0);
                fieldStart = true;
                if (fields.size() > MAX_FIELDS) {
                    throw new BankFileException(fileName, "line " + startLine, "more than " + MAX_FIELDS + " fields");
                }
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && peek() == '\n') {
                    read();
                }
                line++;
                fields.add(f.toString());
                return fields;
            } else {
                f.append(ch);
                fieldStart = false;
            }
            if (f.length() > MAX_FIELD) {
                throw new BankFileException(fileName, "line " + startLine, "field longer than " + MAX_FIELD
                        + " characters");
            }
            c = read();
        }
    }
}
