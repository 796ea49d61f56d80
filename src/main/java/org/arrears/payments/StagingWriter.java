package org.arrears.payments;

import java.sql.SQLException;
import java.util.List;
import org.arrears.db.CopyRows;
import org.postgresql.copy.CopyManager;

/**
 * Streams a bank file's entries into the per-file staging table with one {@code COPY}, while the parser reads
 * it. Besides the normalized entry it writes what matching needs and is cheaper to work out in Java: the RF
 * reference with verified check digits, the invoice-number candidate keys of the remittance text, and the payer's
 * account and name reduced to comparable keys.
 */
final class StagingWriter implements PaymentFileHandler {

    static final String COLUMNS = "entry_no, stmt_no, account, amount, currency, booking_date, value_date, "
            + "bank_reference, end_to_end_id, payer_name, payer_account, remittance, structured_reference, "
            + "return_reason, rf, inv_keys, payer_account_key, payer_name_key";

    /** The staging table: a temporary table dropped when the file's transaction ends. */
    static final String CREATE_TABLE = """
            CREATE TEMP TABLE pay_stage (
                entry_no             int            NOT NULL,
                stmt_no              int            NOT NULL,
                account              text,
                amount               numeric(18, 2) NOT NULL,
                currency             char(3)        NOT NULL,
                booking_date         date,
                value_date           date,
                bank_reference       text,
                end_to_end_id        text,
                payer_name           text,
                payer_account        text,
                remittance           text,
                structured_reference text,
                return_reason        text,
                rf                   text,
                inv_keys             text[],
                payer_account_key    text,
                payer_name_key       text
            ) ON COMMIT DROP""";

    private final CopyRows rows;
    private int statements;
    private int entries;
    private String account;

    private final String fileName;

    StagingWriter(CopyManager copy, String fileName) throws SQLException {
        this.rows = new CopyRows(copy, "pay_stage", COLUMNS);
        this.fileName = fileName;
    }

    @Override
    public void startStatement(StatementHeader header) {
        statements++;
        account = header.account() == null ? null : header.account().strip();
    }

    @Override
    public void entry(PaymentEntry e) {
        entries++;
        if (e.currency() == null) {
            throw new Rejected(new BankFileException(fileName, "entry " + entries + " (statement " + statements + ")",
                    "entry has no currency (the file gives none for it or its statement)"));
        }
        String rf = rf(e);
        // camt gives the structured reference as the remittance when there is no text: no invoice number in it
        List<String> keys = e.remittance() == null || e.remittance().equals(e.structuredReference())
                ? List.of() : InvoiceNumbers.candidates(e.remittance());
        try {
            rows.number(entries).number(statements).text(account)
                    .decimal(e.amount()).text(e.currency())
                    .date(e.bookingDate()).date(e.valueDate())
                    .text(e.bankReference()).text(e.endToEndId())
                    .text(e.payerName()).text(e.payerAccount())
                    .text(e.remittance()).text(e.structuredReference()).text(e.returnReason())
                    .text(rf)
                    .textArray(keys.isEmpty() ? null : keys.toArray(String[]::new))
                    .text(accountKey(e.payerAccount()))
                    .text(nameKey(e.payerName()))
                    .endRow();
        } catch (SQLException ex) {
            throw new StagingException(ex);
        }
    }

    @Override
    public void endStatement(StatementTrailer trailer) {
        // balances were reconciled by the parser
    }

    /** Ends the COPY; returns the number of entries staged. */
    long finish() throws SQLException {
        return rows.finish();
    }

    /**
     * Abandons the COPY (the transaction is rolled back next).
     *
     * @return false when the COPY could not be ended: the connection must then be closed, not rolled back
     */
    boolean abort() {
        try {
            rows.close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    int statements() {
        return statements;
    }

    int entries() {
        return entries;
    }

    /** The structured reference if it is a valid RF reference, else the first valid one in the remittance text. */
    static String rf(PaymentEntry e) {
        String s = e.structuredReference();
        if (s != null && RfReference.isValid(s)) {
            return RfReference.normalize(s);
        }
        return RfReference.find(e.remittance());
    }

    /** An account number or IBAN as compared: letters and digits only, upper case; null when empty. */
    static String accountKey(String account) {
        return alnumUpper(account, 1);
    }

    /** A payer name as compared: letters and digits only, upper case; null when shorter than three. */
    static String nameKey(String name) {
        return alnumUpper(name, 3);
    }

    /** The SQL form of {@link #accountKey} and {@link #nameKey} (without their length rules). */
    static final String SQL_ALNUM_UPPER = "upper(regexp_replace(%1$s, '[^A-Za-z0-9]+', '', 'g'))";

    private static String alnumUpper(String s, int minLength) {
        if (s == null) {
            return null;
        }
        if (isAlnumUpper(s)) {
            return s.length() < minLength ? null : s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
                sb.append(c);
            } else if (c >= 'a' && c <= 'z') {
                sb.append((char) (c - 'a' + 'A'));
            }
        }
        return sb.length() < minLength ? null : sb.toString();
    }

    private static boolean isAlnumUpper(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    /** An entry that cannot be posted, carried through the parser's handler callbacks: the file is rejected. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final BankFileException error;

        Rejected(BankFileException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }

        BankFileException error() {
            return error;
        }
    }

    /** A database failure while staging, carried through the parser's handler callbacks. */
    static final class StagingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StagingException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        SQLException sqlException() {
            return (SQLException) getCause();
        }
    }
}
