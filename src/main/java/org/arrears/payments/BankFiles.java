package org.arrears.payments;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Consumer;

/**
 * Entry point: detects a bank file's format from its content and streams it through the matching parser into a
 * {@link PaymentFileHandler}.
 *
 * <p>Contract: {@code parse} returns normally only when the whole file was read and validated (structure,
 * balances, control totals). Otherwise it throws {@link BankFileException} naming the file, the location and the
 * problem; the handler may already have received part of the file, which the caller must discard.
 */
public final class BankFiles {

    private BankFiles() {
    }

    /** Parses a file with the default options (no CSV layout, reconciliation on). */
    public static BankFormat parse(Path file, PaymentFileHandler handler) throws BankFileException {
        return parse(file, handler, ParseOptions.defaults());
    }

    public static BankFormat parse(Path file, PaymentFileHandler handler, ParseOptions options)
            throws BankFileException {
        return parse(file, handler, options, null);
    }

    static BankFormat parse(Path file, PaymentFileHandler handler, ParseOptions options,
                            Consumer<BankFormat> onDetected) throws BankFileException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new BankFileException(name, "", "file not found");
        } catch (IOException e) {
            throw new BankFileException(name, "", "cannot open file: " + e.getMessage(), e);
        }
        try (InputStream closing = in) {
            return parse(closing, name, handler, options, onDetected);
        } catch (IOException e) {
            throw new BankFileException(name, "", "read error: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a stream (not closed here).
     *
     * @param displayName name used in error messages
     * @param csvLayout   layout for delimited files, or null when CSV is not expected
     */
    public static BankFormat parse(InputStream in, String displayName, CsvLayout csvLayout,
                                   PaymentFileHandler handler) throws BankFileException {
        return parse(in, displayName, handler, ParseOptions.defaults().withCsvLayout(csvLayout), null);
    }

    public static BankFormat parse(InputStream in, String displayName, PaymentFileHandler handler,
                                   ParseOptions options) throws BankFileException {
        return parse(in, displayName, handler, options, null);
    }

    static BankFormat parse(InputStream in, String displayName, PaymentFileHandler handler, ParseOptions options,
                            Consumer<BankFormat> onDetected) throws BankFileException {
        BufferedInputStream bin = new BufferedInputStream(in, BankFormatDetector.HEAD_SIZE + 1);
        byte[] head;
        try {
            bin.mark(BankFormatDetector.HEAD_SIZE + 1);
            head = bin.readNBytes(BankFormatDetector.HEAD_SIZE);
            bin.reset();
        } catch (IOException e) {
            throw new BankFileException(displayName, "", "read error: " + e.getMessage(), e);
        }
        if (head.length == 0) {
            throw new BankFileException(displayName, "", "empty file");
        }
        BankFormat format = BankFormatDetector.detect(head);
        if (format == null) {
            if (options.csvLayout() == null) {
                throw new BankFileException(displayName, "", "unrecognised format: not camt.052/053/054, MT940/942,"
                        + " BAI2 or NACHA (and no CSV layout is configured)");
            }
            format = BankFormat.CSV;
        }
        if (onDetected != null) {
            onDetected.accept(format);
        }
        GuardedHandler guarded = new GuardedHandler(handler, displayName);
        try {
            return switch (format) {
                case CAMT_052, CAMT_053, CAMT_054 ->
                        new CamtParser(displayName, options.reconcile(), guarded).parse(bin);
                case MT940, MT942 -> new Mt940Parser(displayName, options.reconcile(), guarded).parse(bin, format);
                case BAI2 -> new Bai2Parser(displayName, options.controlTotals(), guarded).parse(bin);
                case NACHA -> new NachaParser(displayName, options.controlTotals(), guarded).parse(bin);
                case CSV -> new CsvParser(displayName, options.csvLayout(), guarded).parse(bin);
            };
        } catch (HandlerFailure e) {
            throw e.original;
        } catch (InvalidEntry e) {
            throw e.error;
        } catch (RuntimeException e) {
            // malformed input that slipped past a check: still a rejected file, never a crash
            throw new BankFileException(displayName, "", "unreadable " + format + " file: " + e, e);
        }
    }

    /** Lets exceptions thrown by the caller's handler pass through unchanged. */
    private static final class HandlerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final RuntimeException original;

        HandlerFailure(RuntimeException original) {
            super(original);
            this.original = original;
        }
    }

    /** An entry that the database could not take as it is, found before it is handed on. */
    private static final class InvalidEntry extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final BankFileException error;

        InvalidEntry(BankFileException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }

    /**
     * Hands the parser's output on, after the checks every format shares: whatever a parser let through, an entry
     * reaches the database only with an amount it can hold without rounding, dates PostgreSQL can store, and text
     * without NUL characters (which PostgreSQL text cannot hold). A value that fails rejects the file, naming the
     * entry; it never fails inside the database. (An entry without a currency can be shown; posting refuses it.)
     */
    private static final class GuardedHandler implements PaymentFileHandler {
        private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
        private static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

        private final PaymentFileHandler delegate;
        private final String fileName;
        private int statements;
        private int entries;

        GuardedHandler(PaymentFileHandler delegate, String fileName) {
            this.delegate = delegate;
            this.fileName = fileName;
        }

        private InvalidEntry invalid(String problem) {
            return new InvalidEntry(new BankFileException(fileName, "entry " + entries + " (statement " + statements
                    + ")", problem));
        }

        private void checkText(String what, String value) {
            if (value != null && value.indexOf('\0') >= 0) {
                throw invalid(what + " contains a NUL character (U+0000), which bank text must not contain");
            }
        }

        private void checkDate(String what, LocalDate d) {
            if (d != null && (d.isBefore(EARLIEST) || d.isAfter(LATEST))) {
                throw invalid(what + " " + d + " is out of range (1900 to 2999)");
            }
        }

        private void check(PaymentEntry e) {
            if (e.amount() == null) {
                throw invalid("entry has no amount");
            }
            String ccy = e.currency();
            if (ccy != null && ccy.length() != 3) {
                throw invalid("invalid currency code '" + ccy + "'");
            }
            checkText("currency", ccy);
            String problem = Money.problem(e.amount(), ccy);
            if (problem != null) {
                throw invalid(problem);
            }
            checkDate("booking date", e.bookingDate());
            checkDate("value date", e.valueDate());
            checkText("bank reference", e.bankReference());
            checkText("end-to-end id", e.endToEndId());
            checkText("payer name", e.payerName());
            checkText("payer account", e.payerAccount());
            checkText("remittance text", e.remittance());
            checkText("structured reference", e.structuredReference());
            checkText("return reason", e.returnReason());
        }

        @Override
        public void startStatement(StatementHeader header) {
            statements++;
            checkText("account of statement " + statements, header.account());
            try {
                delegate.startStatement(header);
            } catch (RuntimeException e) {
                throw new HandlerFailure(e);
            }
        }

        @Override
        public void entry(PaymentEntry entry) {
            entries++;
            check(entry);
            try {
                delegate.entry(entry);
            } catch (RuntimeException e) {
                throw new HandlerFailure(e);
            }
        }

        @Override
        public void endStatement(StatementTrailer trailer) {
            try {
                delegate.endStatement(trailer);
            } catch (RuntimeException e) {
                throw new HandlerFailure(e);
            }
        }
    }
}
