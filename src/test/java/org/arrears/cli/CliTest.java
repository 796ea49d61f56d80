package org.arrears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.arrears.db.Database;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line against a real database, as a user runs it (minus the launcher). */
class CliTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 16);

    Database db;
    TestBook book;
    Path config;

    @BeforeEach
    void setUp() throws Exception {
        String url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
        book = new TestBook(db.dataSource());
        Path dir = Files.createTempDirectory("arrears-cli-");
        String base = Files.readString(Path.of("config/application.properties"));
        config = dir.resolve("application.properties");
        Files.writeString(config, base + "\narrears.db.url=" + url + "\narrears.db.user=postgres\narrears.data-dir=" + dir
                + "\narrears.token-secret=cli-test-secret-0123456789\n");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private String run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int status = new CommandLine(new ArrearsCli()).execute(args);
            assertThat(status).as("exit status of %s", String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dryRunListsWhatWouldGoOutWhyAndWhatIsHeldBackWithoutWritingAnything() {
        long payer = book.consumer("Nora North", "Europe/London", "GB", "nora@example.test");
        String invoice = book.invoiceNumber(book.invoice(payer, "GBP", "120.00", DAY.minusDays(8)));
        long optedOut = book.consumer("Otto Opted", "Europe/London", "GB", "otto@example.test");
        book.invoice(optedOut, "GBP", "60.00", DAY.minusDays(2));
        book.execute("UPDATE contact_point SET opted_out_at = now() WHERE debtor_id = ?", optedOut);
        long disputed = book.consumer("Dora Dispute", "Europe/London", "GB", "dora@example.test");
        long d = book.invoice(disputed, "GBP", "75.00", DAY.minusDays(9));
        book.hold(disputed, d, "DISPUTE", null);

        String out = run("--config", config.toString(), "plan", "--dry-run", "--date", DAY.toString());

        assertThat(out).contains("Plan for 2026-03-16: 2 messages would be planned")
                // a debtor new to the hub starts at the first reminder of the shipped ladder (catch-up: first-step)
                .contains("oldest open invoice 8 days past due; step 'reminder' starts at +1 days")
                .contains(invoice).contains("n***@example.test").doesNotContain("nora@example.test")
                .contains("DISPUTE").contains("OPTED_OUT");
        assertThat(book.queryLong("SELECT count(*) FROM communication")).isZero();
        assertThat(book.queryLong("SELECT count(*) FROM dunning_cycle")).isZero();
    }

    @Test
    void planWritesAndPreviewRendersTheMessageOfAStep() {
        long d = book.debtor("Fabienne Faure", "B2C", "fr", "Europe/Paris", "FR", "fabienne@example.test");
        String invoice = book.invoiceNumber(book.invoice(d, "EUR", "410.00", LocalDate.now().minusDays(12)));

        String planned = run("--config", config.toString(), "plan");
        assertThat(planned).contains("planned 1 messages");

        String preview = run("--config", config.toString(), "preview", "--debtor", String.valueOf(d), "--step", "follow-up");
        assertThat(preview).contains("To: f***@example.test (EUR invoices)").containsPattern("Gate now: (ALLOW|DEFER)")
                .contains("Subject: Deuxième rappel").contains("Bonjour Fabienne Faure").contains(invoice)
                .contains("/unsubscribe/");
    }

    @Test
    void arRefreshIssuesReferencesOnDemandAndHoldPlacesAHold() throws Exception {
        long d = book.debtor("Fabienne Faure", "B2C", "fr", "Europe/Paris", "FR", "fabienne@example.test");
        long invoice = book.invoice(d, "EUR", "410.00", LocalDate.now().minusDays(12));
        book.execute("UPDATE invoice SET payment_reference = NULL WHERE id = ?", invoice);
        Files.writeString(config, "arrears.ar.issue-references=true\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(run("--config", config.toString(), "ar", "refresh")).contains("RF references issued 1");
        assertThat(book.queryString("SELECT reference FROM invoice_reference WHERE invoice_id = ?", invoice))
                .isEqualTo(org.arrears.ar.ArSource.issuedReference(invoice));
        assertThat(run("--config", config.toString(), "ar", "refresh")).as("issued once").contains("RF references issued 0");

        String placed = run("--config", config.toString(), "hold", "--debtor", String.valueOf(d), "--invoice",
                String.valueOf(invoice), "--kind", "dispute", "--until", "2026-04-30", "--reason", "goods returned");
        assertThat(placed).contains("placed: DISPUTE on debtor " + d);
        assertThat(book.rows("SELECT kind, invoice_id, until, reason FROM hold WHERE debtor_id = ?", d))
                .containsExactly("DISPUTE|" + invoice + "|2026-04-30|goods returned");
    }

    @Test
    void demoSeedsPlansSendsToTheOutboxAndPostsABankFile() throws Exception {
        String out = run("--config", config.toString(), "demo", "--debtors", "150");

        assertThat(out).contains("Book: seeded 150 debtors").contains("Planned:").contains("SENT")
                .contains("(POSTED)").contains("matched").contains("Open invoices:");
        Path outbox = config.getParent().resolve("demo").resolve("outbox").resolve("email");
        try (var files = Files.list(outbox)) {
            long eml = files.filter(p -> p.toString().endsWith(".eml")).count();
            assertThat(eml).isPositive();
            assertThat(out).contains("(" + eml + " .eml files");
        }
        // every channel, its fallbacks, and the mail that came back with its effects
        assertThat(out).contains("After dispatch, by channel:").contains("Fallbacks (").contains("texts as JSON lines")
                .contains("print batches");
        assertThat(out).contains("Inbound mail (written by the demo")
                .contains("hard bounce (userunknown): address undeliverable, next channel planned")
                .contains("soft bounce (mailboxfull)").contains("automatic reply: recorded, not answered")
                .contains("complaint: address opted out").contains("promise-to-pay hold until").contains("dispute hold on");
        assertThat(out).containsPattern("Console: http://127\\.0\\.0\\.1:\\d+/console/")
                .containsPattern("sign in as demo \\(manager\\), password [a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}\n");
        // two creditors of two countries and brands, each named with its share, each paid on its own account
        assertThat(out).contains("Creditors:").containsPattern("hanse-gmbh +Hanse Handelsgesellschaft mbH \\(DE, AT, EUR\\): [0-9]+ debtors")
                .containsPattern("lakeside-inc +Lakeside Supply Inc\\. \\(US-IL, US-WI, USD\\): [0-9]+ debtors")
                .contains("on the account of Hanse Handelsgesellschaft mbH:").contains("on the account of Lakeside Supply Inc.:");
        // the demo keeps to its own embedded database: the configured one is untouched
        assertThat(book.queryLong("SELECT count(*) FROM debtor")).isZero();

        // the next commands it prints work on its data, typed as printed
        Path demo = config.getParent().resolve("demo");
        List<String> next = out.lines().map(String::strip).filter(l -> l.startsWith("./arrears --data-dir " + demo + " "))
                .map(l -> l.substring("./arrears ".length())).toList();
        assertThat(next).containsExactly("--data-dir " + demo + " plan --dry-run",
                "--data-dir " + demo + " payments ingest " + demo.resolve("inbox").resolve("camt054-" + LocalDate.now(ZoneOffset.UTC) + ".xml"),
                "--data-dir " + demo + " run");
        assertThat(run(next.get(0).split(" "))).contains("messages would be planned").contains("Held back by the planner:");
        assertThat(run(next.get(1).split(" "))).contains("content already posted as bank file 1; nothing posted");
    }
}
