package org.arrears.payments;

import java.nio.charset.Charset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Describes a delimited (CSV) bank export: delimiter, quote, number and date conventions, encoding, and which
 * column holds which field. A column is named by its header text or by its 1-based position.
 *
 * <p>Built with {@link #builder()} or from properties, e.g. with the prefix {@code arrears.payments.csv.}:
 *
 * <pre>
 * arrears.payments.csv.delimiter=;
 * arrears.payments.csv.decimalSeparator=,
 * arrears.payments.csv.groupingSeparator=.
 * arrears.payments.csv.dateFormat=dd.MM.yyyy
 * arrears.payments.csv.encoding=windows-1252
 * arrears.payments.csv.header=true
 * arrears.payments.csv.skipLines=0
 * arrears.payments.csv.account=DE89370400440532013000
 * arrears.payments.csv.currency=EUR
 * arrears.payments.csv.column.bookingDate=Buchungstag
 * arrears.payments.csv.column.valueDate=Valuta
 * arrears.payments.csv.column.amount=Betrag
 * arrears.payments.csv.column.payerName=Auftraggeber
 * arrears.payments.csv.column.payerAccount=IBAN
 * arrears.payments.csv.column.remittance=Verwendungszweck 1|Verwendungszweck 2
 * </pre>
 *
 * <p>Column keys: {@code account, amount, creditAmount, debitAmount, creditDebit, currency, bookingDate,
 * valueDate, bankReference, endToEndId, payerName, payerAccount, remittance, structuredReference, returnReason}.
 * Either {@code amount} (signed, or unsigned with a {@code creditDebit} indicator column) or both
 * {@code creditAmount} and {@code debitAmount} are required. Several columns joined by {@code |} are concatenated
 * with a space. Other keys: {@code delimiter} (a character, or {@code tab}), {@code quote}, {@code
 * decimalSeparator}, {@code groupingSeparator}, {@code dateFormat} (a {@link DateTimeFormatter} pattern), {@code
 * encoding}, {@code header} (true when the first line names the columns), {@code skipLines} (lines before the
 * header), {@code account} and {@code currency} (fixed values when there is no column), {@code creditMarkers} and
 * {@code debitMarkers} (comma-separated values of the creditDebit column).
 */
public final class CsvLayout {

    /** The fields a column can be mapped to. */
    public enum Field {
        ACCOUNT("account"),
        AMOUNT("amount"),
        CREDIT_AMOUNT("creditAmount"),
        DEBIT_AMOUNT("debitAmount"),
        CREDIT_DEBIT("creditDebit"),
        CURRENCY("currency"),
        BOOKING_DATE("bookingDate"),
        VALUE_DATE("valueDate"),
        BANK_REFERENCE("bankReference"),
        END_TO_END_ID("endToEndId"),
        PAYER_NAME("payerName"),
        PAYER_ACCOUNT("payerAccount"),
        REMITTANCE("remittance"),
        STRUCTURED_REFERENCE("structuredReference"),
        RETURN_REASON("returnReason");

        private final String key;

        Field(String key) {
            this.key = key;
        }

        /** The property key suffix, e.g. {@code bookingDate}. */
        public String key() {
            return key;
        }

        static Field byKey(String key) {
            for (Field f : values()) {
                if (f.key.equalsIgnoreCase(key)) {
                    return f;
                }
            }
            return null;
        }
    }

    private final char delimiter;
    private final char quote;
    private final char decimalSeparator;
    private final Character groupingSeparator;
    private final String dateFormat;
    private final DateTimeFormatter dateFormatter;
    private final Charset encoding;
    private final boolean header;
    private final int skipLines;
    private final String account;
    private final String currency;
    private final Set<String> creditMarkers;
    private final Set<String> debitMarkers;
    private final Map<Field, List<String>> columns;

    private CsvLayout(Builder b) {
        this.delimiter = b.delimiter;
        this.quote = b.quote;
        this.decimalSeparator = b.decimalSeparator;
        this.groupingSeparator = b.groupingSeparator;
        this.dateFormat = b.dateFormat;
        try {
            this.dateFormatter = DateTimeFormatter.ofPattern(b.dateFormat, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CSV date format '" + b.dateFormat + "': " + e.getMessage(), e);
        }
        this.encoding = b.encoding;
        this.header = b.header;
        this.skipLines = b.skipLines;
        this.account = b.account;
        this.currency = b.currency;
        this.creditMarkers = upper(b.creditMarkers);
        this.debitMarkers = upper(b.debitMarkers);
        EnumMap<Field, List<String>> cols = new EnumMap<>(Field.class);
        b.columns.forEach((k, v) -> cols.put(k, List.copyOf(v)));
        this.columns = Collections.unmodifiableMap(cols);
        boolean signed = cols.containsKey(Field.AMOUNT);
        boolean split = cols.containsKey(Field.CREDIT_AMOUNT) && cols.containsKey(Field.DEBIT_AMOUNT);
        if (!signed && !split) {
            throw new IllegalArgumentException(
                    "CSV layout needs an 'amount' column, or both 'creditAmount' and 'debitAmount' columns");
        }
        if (decimalSeparator == delimiter) {
            throw new IllegalArgumentException("CSV decimal separator and delimiter must differ");
        }
        if (!header) {
            for (List<String> refs : cols.values()) {
                for (String ref : refs) {
                    if (!isPosition(ref)) {
                        throw new IllegalArgumentException("CSV column '" + ref
                                + "' is named by header text, but the layout says the file has no header line");
                    }
                }
            }
        }
    }

    private static Set<String> upper(Set<String> in) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : in) {
            out.add(s.trim().toUpperCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(out);
    }

    static boolean isPosition(String ref) {
        if (ref.isEmpty()) {
            return false;
        }
        for (int i = 0; i < ref.length(); i++) {
            if (!Character.isDigit(ref.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a layout from properties whose keys start with {@code prefix} (e.g. {@code arrears.payments.csv.}).
     *
     * @return the layout, or null when no property has the prefix (CSV is then not configured)
     * @throws IllegalArgumentException when the properties are inconsistent or a value is invalid
     */
    public static CsvLayout fromProperties(Properties properties, String prefix) {
        String p = prefix == null ? "" : prefix;
        boolean any = false;
        Builder b = builder();
        for (String name : properties.stringPropertyNames()) {
            if (!name.startsWith(p)) {
                continue;
            }
            any = true;
            String key = name.substring(p.length());
            String value = properties.getProperty(name);
            switch (key) {
                case "delimiter" -> b.delimiter(parseChar(key, value));
                case "quote" -> b.quote(parseChar(key, value));
                case "decimalSeparator" -> b.decimalSeparator(parseChar(key, value));
                case "groupingSeparator" -> b.groupingSeparator(
                        value == null || value.isEmpty() ? null : parseChar(key, value));
                case "dateFormat" -> b.dateFormat(value.trim());
                case "encoding" -> b.encoding(Charset.forName(value.trim()));
                case "header" -> b.header(parseBoolean(key, value));
                case "skipLines" -> b.skipLines(parseInt(key, value));
                case "account" -> b.account(emptyToNull(value));
                case "currency" -> b.currency(emptyToNull(value));
                case "creditMarkers" -> b.creditMarkers(splitList(value));
                case "debitMarkers" -> b.debitMarkers(splitList(value));
                default -> {
                    if (key.startsWith("column.")) {
                        Field f = Field.byKey(key.substring("column.".length()));
                        if (f == null) {
                            throw new IllegalArgumentException("unknown CSV column key '" + name + "'");
                        }
                        List<String> refs = new ArrayList<>();
                        for (String part : value.split("\\|")) {
                            if (!part.trim().isEmpty()) {
                                refs.add(part.trim());
                            }
                        }
                        b.column(f, refs.toArray(new String[0]));
                    } else {
                        throw new IllegalArgumentException("unknown CSV layout property '" + name + "'");
                    }
                }
            }
        }
        return any ? b.build() : null;
    }

    private static String emptyToNull(String v) {
        return v == null || v.trim().isEmpty() ? null : v.trim();
    }

    private static List<String> splitList(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.trim().isEmpty()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static char parseChar(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("CSV layout property '" + key + "' has no value");
        }
        String v = value;
        if (v.equalsIgnoreCase("tab") || v.equals("\\t")) {
            return '\t';
        }
        if (v.equalsIgnoreCase("space")) {
            return ' ';
        }
        if (v.equalsIgnoreCase("semicolon")) {
            return ';';
        }
        if (v.equalsIgnoreCase("comma")) {
            return ',';
        }
        if (v.equalsIgnoreCase("pipe")) {
            return '|';
        }
        if (v.length() != 1) {
            v = v.trim();
        }
        if (v.length() != 1) {
            throw new IllegalArgumentException("CSV layout property '" + key + "' must be one character: '" + value + "'");
        }
        return v.charAt(0);
    }

    private static boolean parseBoolean(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("yes") || v.equals("1")) {
            return true;
        }
        if (v.equals("false") || v.equals("no") || v.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException("CSV layout property '" + key + "' must be true or false: '" + value + "'");
    }

    private static int parseInt(String key, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CSV layout property '" + key + "' must be a number >= 0: '" + value + "'");
        }
    }

    public char delimiter() {
        return delimiter;
    }

    public char quote() {
        return quote;
    }

    public char decimalSeparator() {
        return decimalSeparator;
    }

    /** The grouping (thousands) separator, or null when amounts have none. */
    public Character groupingSeparator() {
        return groupingSeparator;
    }

    public String dateFormat() {
        return dateFormat;
    }

    DateTimeFormatter dateFormatter() {
        return dateFormatter;
    }

    public Charset encoding() {
        return encoding;
    }

    /** True when the first line (after {@link #skipLines()}) holds column names. */
    public boolean header() {
        return header;
    }

    /** Lines to skip before the header (or before the data when there is no header). */
    public int skipLines() {
        return skipLines;
    }

    /** Fixed account for all rows when there is no account column; may be null. */
    public String account() {
        return account;
    }

    /** Fixed currency for rows without a currency column or value; may be null. */
    public String currency() {
        return currency;
    }

    public Set<String> creditMarkers() {
        return creditMarkers;
    }

    public Set<String> debitMarkers() {
        return debitMarkers;
    }

    /** The column references (header names or 1-based positions) mapped to each field. */
    public Map<Field, List<String>> columns() {
        return columns;
    }

    /** Builds a {@link CsvLayout}. Defaults: comma, double quote, dot decimals, ISO dates, UTF-8, header line. */
    public static final class Builder {
        private char delimiter = ',';
        private char quote = '"';
        private char decimalSeparator = '.';
        private Character groupingSeparator;
        private String dateFormat = "yyyy-MM-dd";
        private Charset encoding = Charset.forName("UTF-8");
        private boolean header = true;
        private int skipLines;
        private String account;
        private String currency;
        private Set<String> creditMarkers = new LinkedHashSet<>(List.of("C", "CR", "CRDT", "CREDIT", "H", "+"));
        private Set<String> debitMarkers = new LinkedHashSet<>(List.of("D", "DR", "DBIT", "DEBIT", "S", "-"));
        private final Map<Field, List<String>> columns = new EnumMap<>(Field.class);

        private Builder() {
        }

        public Builder delimiter(char c) {
            this.delimiter = c;
            return this;
        }

        public Builder quote(char c) {
            this.quote = c;
            return this;
        }

        public Builder decimalSeparator(char c) {
            this.decimalSeparator = c;
            return this;
        }

        public Builder groupingSeparator(Character c) {
            this.groupingSeparator = c;
            return this;
        }

        public Builder dateFormat(String pattern) {
            this.dateFormat = pattern;
            return this;
        }

        public Builder encoding(Charset charset) {
            this.encoding = charset;
            return this;
        }

        public Builder header(boolean hasHeader) {
            this.header = hasHeader;
            return this;
        }

        public Builder skipLines(int n) {
            this.skipLines = n;
            return this;
        }

        public Builder account(String fixedAccount) {
            this.account = fixedAccount;
            return this;
        }

        public Builder currency(String fixedCurrency) {
            this.currency = fixedCurrency;
            return this;
        }

        public Builder creditMarkers(List<String> markers) {
            this.creditMarkers = new LinkedHashSet<>(markers);
            return this;
        }

        public Builder debitMarkers(List<String> markers) {
            this.debitMarkers = new LinkedHashSet<>(markers);
            return this;
        }

        /** Maps a field to one or more columns (header names or 1-based positions); several are joined. */
        public Builder column(Field field, String... columnRefs) {
            if (columnRefs.length == 0) {
                columns.remove(field);
            } else {
                columns.put(field, List.of(columnRefs));
            }
            return this;
        }

        public CsvLayout build() {
            return new CsvLayout(this);
        }
    }
}
