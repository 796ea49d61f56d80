package org.arrears.bench;

import static org.arrears.bench.BenchSupport.check;
import static org.arrears.bench.BenchSupport.deleteTree;
import static org.arrears.bench.BenchSupport.peakHeapBytes;
import static org.arrears.bench.BenchSupport.resetPeaks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.arrears.ar.CreditorReference;
import org.arrears.config.Hub;
import org.arrears.payments.Camt054Writer;
import org.arrears.config.Settings;
import org.arrears.demo.BookSeeder;
import org.arrears.demo.SeedSpec;
import org.arrears.payments.PaymentIngestor;
import org.arrears.payments.PostingReport;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Bank file posting throughput: a generated camt.054 notification of {@code entries} payments against a uniform AR
 * book of {@code invoices} open invoices, parsed, matched and posted by the hub in one transaction, against
 * PostgreSQL's own {@code COPY} of the same normalized rows into a fresh table, measured in the same run. The
 * hub runs on an embedded PostgreSQL of its own in a temporary folder, so nothing of a real installation is
 * touched.
 *
 * <p>The generated payments: most carry the invoice's RF reference as a structured reference, some write it in
 * the remittance text, some name the invoice number with scanner noise, a few carry nothing usable (suspense).
 * Each invoice is paid in several instalments that add up to its amount; every hundredth invoice is overpaid.
 */
public final class PaymentsBenchmark {

    static final String OUR_IBAN = "DE89370400440532013000";

    public record Result(int entries, double entriesPerSecond, double copyRowsPerSecond, long peakHeapMb) {
        public double ratio() {
            return entriesPerSecond / copyRowsPerSecond;
        }

        public String line() {
            return String.format(Locale.ROOT, "entries_per_s=%.0f copy_rows_per_s=%.0f ratio=%.2f peak_heap_mb=%d",
                    entriesPerSecond, copyRowsPerSecond, ratio(), peakHeapMb);
        }
    }

    private PaymentsBenchmark() {
    }

    public static Result run(Settings base, int entries, int invoices, PrintStream out) throws Exception {
        if (entries < 1 || invoices < 1) {
            throw new IllegalArgumentException("--entries and --invoices must be at least 1");
        }
        Path tmp = Files.createTempDirectory("arrears-bench-payments-");
        LocalDate asOf = LocalDate.of(2026, 6, 3);
        Clock clock = Clock.fixed(asOf.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        try {
            Settings settings = base.with(Map.of(
                    "arrears.data-dir", tmp.toString(),
                    "arrears.db.url", "",
                    "arrears.payments.inbox", tmp.resolve("inbox").toString()));
            try (Hub hub = Hub.start(settings, clock)) {
                long t = System.nanoTime();
                new BookSeeder().seed(hub.database().dataSource(), SeedSpec.uniform(invoices, 11, asOf));
                Book book = Book.read(hub.database().dataSource(), invoices);
                out.printf("seeded %,d debtors with one open invoice each in %.1f s (setup, not measured)%n",
                        invoices, (System.nanoTime() - t) / 1e9);

                t = System.nanoTime();
                Path file = tmp.resolve("camt054-bench.xml");
                long bytes = generate(file, book, entries, asOf);
                out.printf("generated %s: %,d entries, %,d MB in %.1f s (setup, not measured)%n", file.getFileName(),
                        entries, bytes / (1024 * 1024), (System.nanoTime() - t) / 1e9);

                System.gc();
                resetPeaks();
                t = System.nanoTime();
                PaymentIngestor.Ingestion r = hub.payments().ingestFile(file);
                double hubSeconds = (System.nanoTime() - t) / 1e9;
                long peak = peakHeapBytes() / (1024 * 1024);
                check(r.status() == PaymentIngestor.Status.POSTED, "file was " + r.status()
                        + (r.error() == null ? "" : ": " + r.error().getMessage()));
                PostingReport rep = r.report();
                check(rep.count("entries") == entries, "posted " + rep.count("entries") + " of " + entries + " entries");
                check(rep.matchedTotal() >= entries * 0.9, "only " + rep.matchedTotal() + " entries matched");
                double hubRate = entries / hubSeconds;
                out.printf("hub: parsed, matched and posted %,d entries in %.2f s = %,.0f entries/s%n", entries, hubSeconds, hubRate);
                out.print(rep.toText());

                double copyRate = copyCeiling(hub, r.bankFileId(), tmp.resolve("normalized.copy"), entries, out);
                out.printf("hub peak heap %d MB (max heap %d MB)%n", peak, Runtime.getRuntime().maxMemory() / (1024 * 1024));
                return new Result(entries, hubRate, copyRate, peak);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** The invoices of the seeded book: id, invoice number, RF reference, amount in cents, debtor. */
    public record Book(long[] ids, String[] numbers, String[] references, long[] cents, long[] debtors) {
        public static Book read(javax.sql.DataSource ds, int n) throws Exception {
            Book b = new Book(new long[n], new String[n], new String[n], new long[n], new long[n]);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, invoice_number, payment_reference, (open_amount * 100)::bigint, "
                         + "debtor_id FROM invoice WHERE open_amount > 0 ORDER BY id")) {
                int i = 0;
                while (rs.next() && i < n) {
                    b.ids[i] = rs.getLong(1);
                    b.numbers[i] = rs.getString(2);
                    b.references[i] = rs.getString(3);
                    b.cents[i] = rs.getLong(4);
                    b.debtors[i] = rs.getLong(5);
                    i++;
                }
                check(i == n, "book has " + i + " open invoices, expected " + n);
            }
            return b;
        }
    }

    /** Streams a camt.054 notification of {@code entries} credits paying the book's invoices; returns its size. */
    public static long generate(Path file, Book book, int entries, LocalDate date) throws IOException {
        int m = book.ids().length;
        SplittableRandom rng = new SplittableRandom(54);
        String day = date.toString();
        try (Camt054Writer camt = new Camt054Writer(new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16),
                "BENCH-" + day, OUR_IBAN, "EUR", date)) {
            for (int k = 0; k < entries; k++) {
                int inv = k % m;
                // instalment j of `parts` for this invoice: equal shares, the last takes the rest
                int parts = entries / m + (inv < entries % m ? 1 : 0);
                int j = k / m;
                long total = book.cents()[inv];
                long share = total / parts;
                long cents = j == parts - 1 ? total - share * (parts - 1) : share;
                if (inv % 100 == 7 && j == parts - 1) {
                    cents += 500; // overpaid: becomes a credit
                }
                if (cents <= 0) {
                    cents = 1;
                }
                long debtor = book.debtors()[inv];
                String ref = book.references()[inv];
                BigDecimal amount = BigDecimal.valueOf(cents, 2);
                int kind = rng.nextInt(100);
                if (kind == 0) {
                    camt.credit(amount, "EUR", date, "BNK" + k, "E2E" + k, "Unknown Payer " + k, null, null, "Order " + k);
                    continue;
                }
                String name = "Debtor " + debtor + " Ltd";
                String iban = "DE" + (10 + debtor % 89) + String.format("%018d", debtor);
                if (kind == 1) {
                    camt.credit(amount, "EUR", date, "BNK" + k, "E2E" + k, name, iban, null, "Payment " + CreditorReference.print(ref));
                } else if (kind <= 3) {
                    String noisy = book.numbers()[inv].replace('0', 'O').replace("INV", "lnv");
                    camt.credit(amount, "EUR", date, "BNK" + k, "E2E" + k, name, iban, null, "Inv.no: " + noisy + " thank you");
                } else {
                    camt.credit(amount, "EUR", date, "BNK" + k, "E2E" + k, name, iban, ref, null);
                }
            }
        }
        return Files.size(file);
    }

    /**
     * Exports the posted file's normalized entries (not measured), then measures PostgreSQL's COPY of exactly
     * those rows into a fresh table: the ceiling for getting these rows into the database at all.
     */
    private static double copyCeiling(Hub hub, long bankFileId, Path dump, int entries, PrintStream out) throws Exception {
        String columns = "amount, currency, booking_date, value_date, bank_reference, account, end_to_end_id, "
                + "payer_name, payer_account, remittance, structured_reference, return_reason";
        try (Connection c = hub.database().dataSource().getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (OutputStream os = Files.newOutputStream(dump)) {
                copy.copyOut("COPY (SELECT " + columns + " FROM payment WHERE bank_file_id = " + bankFileId
                        + " ORDER BY entry_no) TO STDOUT", os);
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bench_copy_ceiling (amount numeric(18, 2) NOT NULL, currency char(3) NOT NULL, "
                        + "booking_date date, value_date date, bank_reference text, account text, end_to_end_id text, "
                        + "payer_name text, payer_account text, remittance text, structured_reference text, return_reason text)");
            }
            c.setAutoCommit(false);
            long t = System.nanoTime();
            long rows;
            try (InputStream in = Files.newInputStream(dump)) {
                rows = copy.copyIn("COPY bench_copy_ceiling (" + columns + ") FROM STDIN", in, 1 << 16);
            }
            c.commit();
            double seconds = (System.nanoTime() - t) / 1e9;
            c.setAutoCommit(true);
            check(rows == entries, "COPY wrote " + rows + " rows, expected " + entries);
            try (PreparedStatement ps = c.prepareStatement("DROP TABLE bench_copy_ceiling")) {
                ps.execute();
            }
            double rate = rows / seconds;
            out.printf("ceiling: PostgreSQL COPY of the same %,d normalized rows (%,d MB) into a fresh table in %.2f s = %,.0f rows/s%n",
                    rows, Files.size(dump) / (1024 * 1024), seconds, rate);
            return rate;
        }
    }
}
