package org.arrears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.email.EmailSettings;
import org.arrears.testing.TestBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's own behaviour: help everywhere, one-line errors, and commands next to a running hub. */
class CliCommandsTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 16);

    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = ArrearsCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int status = cli.execute(args);
            return new Result(status, stdout.toString(StandardCharsets.UTF_8) + out, err.toString());
        } finally {
            System.setOut(original);
        }
    }

    private static void collect(CommandLine cmd, List<List<String>> paths, List<String> prefix) {
        for (var e : cmd.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            paths.add(path);
            collect(e.getValue(), paths, path);
        }
    }

    @Test
    void everySubcommandPrintsItsUsageForHelpAndExitsWithZero() {
        List<List<String>> paths = new ArrayList<>();
        collect(ArrearsCli.commandLine(), paths, List.of());
        assertThat(paths).hasSizeGreaterThanOrEqualTo(13);

        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Result r = run(args.toArray(String[]::new));
            assertThat(r.status()).as("exit status of %s", args).isZero();
            assertThat(r.out()).as("output of %s", args).contains("Usage: arrears " + String.join(" ", path));
            assertThat(r.err()).as("errors of %s", args).isEmpty();
        }
    }

    @Test
    void aCommandThatCannotReachTheDatabaseSaysWhatToDoInOneLineWithExitStatusTwo() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path config = tmp.resolve("unreachable.properties");
        Files.writeString(config, Files.readString(Path.of("config/application.properties"))
                + "\narrears.db.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/erp\narrears.db.user=arrears\n"
                + "arrears.db.password=s3cret-not-to-print\n");

        for (String[] args : List.of(new String[] {"--config", config.toString(), "plan", "--dry-run"},
                new String[] {"--config", config.toString(), "db", "migrate"})) {
            Result r = run(args);

            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").startsWith("arrears: cannot connect to jdbc:postgresql://127.0.0.1:"
                    + closedPort + "/erp as arrears").contains("check arrears.db.url").doesNotContain("s3cret")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void mailClassifyPrintsTheClassificationAsJsonWithoutADatabaseAndAnUnreadableFileAsAnErrorWithStatusTwo()
            throws Exception {
        Path dsn = Files.writeString(tmp.resolve("bounce.eml"), """
                From: MAILER-DAEMON@mx.example
                To: bounces+0123456789abcdef0123456789abcdef@acme.example
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="B"

                --B
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example

                Final-Recipient: rfc822; dana@example.test
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 user unknown

                --B--
                """);
        Path reply = Files.writeString(tmp.resolve("reply.eml"), """
                From: Pat <pat@example.test>
                Subject: Re: Payment reminder
                In-Reply-To: <0123456789abcdef0123456789abcdef@acme.example>
                Date: Tue, 2 Jun 2026 10:00:00 +0000

                I will pay 200 on the 15th.

                On Mon, 1 Jun 2026, Acme wrote:
                > Your account shows EUR 250.00 overdue.
                """);
        Path empty = Files.writeString(tmp.resolve("empty.eml"), "");

        Result b = run("--data-dir", tmp.toString(), "mail", "classify", dsn.toString(), "--json");
        Result r = run("--data-dir", tmp.toString(), "mail", "classify", reply.toString());
        Result e = run("--data-dir", tmp.toString(), "mail", "classify", empty.toString());

        com.fasterxml.jackson.databind.JsonNode bounce = new com.fasterxml.jackson.databind.ObjectMapper().readTree(b.out());
        assertThat(b.status()).isZero();
        assertThat(bounce.get("kind").asText()).isEqualTo("bounce");
        assertThat(bounce.get("bounces").get(0).get("recipient").asText()).isEqualTo("dana@example.test");
        assertThat(bounce.get("bounces").get(0).get("status").asText()).isEqualTo("5.1.1");
        assertThat(bounce.get("bounces").get(0).get("reason").asText()).isEqualTo("userunknown");
        assertThat(bounce.get("bounces").get(0).get("hard").asBoolean()).isTrue();
        assertThat(bounce.get("matchedBy").asText()).isEqualTo("verp");
        assertThat(bounce.get("intent").isNull()).isTrue();
        com.fasterxml.jackson.databind.JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(answer.get("kind").asText()).isEqualTo("reply");
        assertThat(answer.get("strippedText").asText()).isEqualTo("I will pay 200 on the 15th.");
        assertThat(answer.get("intent").get("name").asText()).isEqualTo("promise-to-pay");
        assertThat(answer.get("intent").get("date").asText()).isEqualTo("2026-06-15");
        assertThat(answer.get("intent").get("amount").asInt()).isEqualTo(200);
        assertThat(answer.get("matchedBy").asText()).isEqualTo("in-reply-to");
        assertThat(e.status()).isEqualTo(2);
        assertThat(e.out()).startsWith("{\"error\":\"").contains("empty.eml");
        assertThat(Files.exists(tmp.resolve("postgres"))).as("no database was started").isFalse();
    }

    @Test
    void aConfigFileThatDoesNotExistIsNamedInOneLine() {
        Result r = run("--config", tmp.resolve("nope.properties").toString(), "plan", "--dry-run");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("arrears: --config " + tmp.resolve("nope.properties") + ": no such file");
    }

    @Test
    void planDryRunNextToARunningHubUsesItsEmbeddedDatabaseAndTheHubKeepsWorking() throws Exception {
        Settings settings = Settings.load(Path.of("config/application.properties"))
                .with(Map.of("arrears.data-dir", tmp.toString(), "arrears.db.embedded-shared-buffers", "32MB"));
        try (Hub hub = Hub.start(settings, Clock.systemUTC())) {
            assertThat(hub.database().startedEmbeddedServer()).isTrue();
            TestBook book = new TestBook(hub.database().dataSource());
            long d = book.consumer("Nora North", "Europe/London", "GB", "nora@example.test");
            String invoice = book.invoiceNumber(book.invoice(d, "GBP", "120.00", DAY.minusDays(8)));

            Result r = run("--data-dir", tmp.toString(), "plan", "--dry-run", "--date", DAY.toString());

            assertThat(r.err()).doesNotContain("Exception");
            assertThat(r.status()).isZero();
            assertThat(r.out()).contains("Plan for 2026-03-16: 1 messages would be planned").contains(invoice);
            // the command left the hub's server running: the hub plans for real afterwards
            assertThat(hub.planner().plan(DAY).planned()).isEqualTo(1);
            assertThat(book.queryLong("SELECT count(*) FROM communication")).isEqualTo(1);
        }
    }

    @Test
    void theInboxProcessedQuarantineAndOutboxFoldersFollowTheDataFolder() {
        Settings settings = Settings.load(Path.of("config/application.properties"))
                .with(Map.of("arrears.data-dir", tmp.toString()));

        assertThat(EmailSettings.from(settings).outbox()).isEqualTo(tmp.resolve("outbox").resolve("email"));
        try (var db = org.arrears.testing.TestDatabase.fresh(); Hub hub = Hub.over(db, settings, Clock.systemUTC())) {
            assertThat(hub.payments().inbox()).isEqualTo(tmp.resolve("inbox").resolve("payments"));
            assertThat(hub.payments().processed()).isEqualTo(tmp.resolve("inbox").resolve("payments").resolve("processed"));
            assertThat(hub.payments().quarantine()).isEqualTo(tmp.resolve("inbox").resolve("payments").resolve("quarantine"));
        }
    }

    @Test
    void aCommandThatMeetsTheEmbeddedDatabaseLockedByAnotherProcessSaysWhatToDoInOneLine() throws Exception {
        Settings settings = Settings.load(Path.of("config/application.properties"))
                .with(Map.of("arrears.data-dir", tmp.toString(), "arrears.db.embedded-shared-buffers", "32MB"));
        Database.open(settings).close();
        // another JVM holds zonky's lock on the data directory, as a hub does while it starts its server
        Path holder = tmp.resolve("LockHolder.java");
        Files.writeString(holder, """
                public class LockHolder {
                    public static void main(String[] a) throws Exception {
                        try (var ch = java.nio.channels.FileChannel.open(java.nio.file.Path.of(a[0]),
                                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.CREATE);
                             var lock = ch.lock()) {
                            System.out.println("locked");
                            System.out.flush();
                            System.in.read();
                        }
                    }
                }
                """);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), holder.toString(), tmp.resolve("postgres/epg-lock").toString())
                .redirectErrorStream(true).start();
        try {
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).isEqualTo("locked");

            Result r = run("--data-dir", tmp.toString(), "plan", "--dry-run");

            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception")
                    .isEqualTo("arrears: the embedded database in " + tmp.resolve("postgres") + " is locked by another "
                            + "process that is starting or stopping it: wait a moment and run the command again");
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    void theDemoRefusesToWipeItsDataWhileAHubRunsOnIt() throws Exception {
        Path demo = tmp.resolve("demo");
        Settings settings = Settings.load(Path.of("config/application.properties"))
                .with(Map.of("arrears.data-dir", demo.toString(), "arrears.db.embedded-shared-buffers", "32MB"));
        try (Database running = Database.open(settings).migrate()) {
            Result r = run("--data-dir", tmp.toString(), "demo", "--debtors", "10");

            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("arrears: a hub is running on the demo's data in " + demo)
                    .doesNotContain("\n");
            assertThat(demo.resolve("postgres").resolve("PG_VERSION")).isRegularFile();
            try (var c = running.dataSource().getConnection()) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
    }
}
