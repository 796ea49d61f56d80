package org.arrears.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.arrears.config.ConfigException;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.db.ConnectionFailures;
import org.arrears.payments.BankFileException;
import org.arrears.payments.BankFiles;
import org.arrears.payments.CsvLayout;
import org.arrears.payments.ParseOptions;
import org.arrears.payments.PaymentEntry;
import org.arrears.payments.PaymentFileHandler;
import org.arrears.payments.PaymentFileJson;
import org.arrears.payments.PaymentIngestor;
import org.arrears.payments.StatementHeader;
import org.arrears.payments.StatementTrailer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "payments", mixinStandardHelpOptions = true, description = "Bank payment files: parse, or post whole files.",
        subcommands = {PaymentsCommand.Ingest.class, PaymentsCommand.Parse.class})
final class PaymentsCommand {

    /** Exit status of a file that was rejected (quarantined). */
    static final int REJECTED = PaymentFileJson.REJECTED;

    @ParentCommand
    ArrearsCli cli;

    static CsvLayout csvLayout(Settings s) {
        try {
            return CsvLayout.fromProperties(s.withPrefix("arrears.payments.csv."), "arrears.payments.csv.");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin() + ": " + e.getMessage(), e);
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true, description = "Parse, validate, match and post bank files, each whole or not at all, "
            + "and print each file's report. A rejected file is left in place, copied to the quarantine folder with "
            + "its error report, and nothing of it is posted (exit status 2).")
    static final class Ingest implements Callable<Integer> {
        @ParentCommand
        PaymentsCommand payments;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "bank files (camt.052/053/054, MT940/942, BAI2, NACHA, CSV)")
        List<Path> files;

        @Option(names = "--json", description = "print each report as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            int status = 0;
            try (Hub hub = Hub.start(payments.cli.settings(), Clock.systemUTC())) {
                for (Path file : files) {
                    if (!Files.isRegularFile(file)) {
                        System.err.println("arrears: " + file + ": no such file");
                        status = REJECTED;
                        continue;
                    }
                    PaymentIngestor.Ingestion r;
                    try {
                        r = hub.payments().ingestFile(file);
                    } catch (SQLException e) {
                        if (ConnectionFailures.isConnectionFailure(e)) {
                            throw e; // the database is away: the other files cannot be posted either
                        }
                        // busy (deadlock, out of resources): this file is not posted; the next ones may be
                        System.err.println("arrears: " + file.getFileName() + ": not posted, the database is busy ("
                                + e.getMessage() + "); nothing of it was posted, run the command again for it");
                        status = REJECTED;
                        continue;
                    }
                    switch (r.status()) {
                        case POSTED -> System.out.print(json ? r.report().toJson() + "\n" : r.report().toText());
                        case DUPLICATE -> System.out.println(json
                                ? "{\"file\": \"" + file.getFileName() + "\", \"status\": \"DUPLICATE\", \"duplicateOf\": "
                                        + r.duplicateOf() + "}"
                                : r.summary());
                        case QUARANTINED -> {
                            System.err.println("arrears: " + r.error().getMessage());
                            System.err.println("arrears: nothing posted; a copy and its error report are in "
                                    + hub.payments().quarantine());
                            status = REJECTED;
                        }
                    }
                }
            }
            return status;
        }
    }

    @Command(name = "parse", mixinStandardHelpOptions = true, description = "Read a bank file and print its normalized entries without touching the "
            + "database. A rejected file prints only its error (exit status 2).")
    static final class Parse implements Callable<Integer> {
        @ParentCommand
        PaymentsCommand payments;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--json", description = "JSON: {\"format\", \"statements\": [{\"account\", ..., \"entries\": [...]}]}, "
                + "or {\"error\": \"...\"} for a rejected file")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CsvLayout layout = csvLayout(payments.cli.settings());
            if (json) {
                return PaymentFileJson.write(file, System.out, layout);
            }
            PrintStream out = System.out;
            try {
                var format = BankFiles.parse(file, new TextLister(out), ParseOptions.forParsing().withCsvLayout(layout));
                out.println("format " + format + ": read (statement balances are checked when the file is posted)");
                return 0;
            } catch (BankFileException e) {
                out.flush();
                System.err.println("arrears: rejected: " + e.getMessage());
                return REJECTED;
            }
        }
    }

    /** One line per entry, for people. */
    private static final class TextLister implements PaymentFileHandler {
        private final PrintStream out;

        TextLister(PrintStream out) {
            this.out = out;
        }

        @Override
        public void startStatement(StatementHeader h) {
            out.println("statement " + h.account() + " " + h.currency() + " opening " + plain(h.openingBalance()));
        }

        @Override
        public void entry(PaymentEntry e) {
            out.printf("  %12s %s %s %-20s %-24s %s%s%n", plain(e.amount()), e.currency(), e.bookingDate(),
                    e.bankReference() == null ? "-" : e.bankReference(), e.payerName() == null ? "-" : e.payerName(),
                    e.structuredReference() != null ? e.structuredReference() + " " : "",
                    (e.remittance() == null ? "" : e.remittance().replace('\n', ' '))
                            + (e.returnReason() == null ? "" : " [" + e.returnReason() + "]"));
        }

        @Override
        public void endStatement(StatementTrailer t) {
            out.println("  closing " + plain(t.closingBalance()));
        }

        private static String plain(BigDecimal v) {
            return v == null ? "-" : v.toPlainString();
        }
    }
}
