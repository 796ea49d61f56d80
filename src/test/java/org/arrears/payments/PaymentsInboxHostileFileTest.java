package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.time.LocalDate;
import org.arrears.config.Hub;
import org.arrears.db.Database;
import org.arrears.testing.RunningHub;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A running hub (Camel Main with the YAML routes and the management server, as `arrears run` starts it) whose
 * inbox receives a hostile file, nested a million levels deep, and then a good one: the good one is posted, the
 * hostile one quarantined with a short report, and the health endpoint reports both.
 */
class PaymentsInboxHostileFileTest {

    RunningHub running;
    Database db;
    TestBook book;
    Path inbox;
    int managementPort;

    @BeforeEach
    void start() throws Exception {
        String url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
        book = new TestBook(db.dataSource());
        running = RunningHub.start(url, Map.of("arrears.payments.poll-delay", "100",
                "arrears.payments.read-lock-interval", "100", "arrears.planner.delay", "3600000",
                "camel.management.enabled", "true", "camel.health.exposure-level", "full"));
        inbox = running.dataDir.resolve("inbox");
        managementPort = running.managementPort;
    }

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
        db.close();
    }

    String health() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/observe/health?data=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    @Test
    void aHostileFileIsQuarantinedWithAShortReportTheNextIsPostedAndHealthReportsBoth() throws Exception {
        long d = book.debtor("Hanna Holm", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = book.invoice(d, "EUR", "80.00", LocalDate.of(2026, 5, 20));
        String rf = book.queryString("SELECT payment_reference FROM invoice WHERE id = ?", inv);

        Path staging = Files.createDirectories(inbox.resolveSibling("staging"));
        Path hostile = staging.resolve("deep.xml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(hostile), 1 << 16)) {
            out.write(HostileInputTest.CAMT_HEAD.getBytes(StandardCharsets.UTF_8));
            byte[] level = "<Ntry>".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 1_000_000; i++) {
                out.write(level);
            }
        }
        Files.move(hostile, inbox.resolve("deep.xml"));
        Path quarantined = inbox.resolve("quarantine/deep.xml");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(PaymentInbox.errorReportOf(quarantined)));

        CamtBuilder good = CamtBuilder.message("AFTER-HOSTILE");
        good.statement("DE89370400440532013000", "EUR", "0.00").credit("80.00", "H-1").rf(rf).from("Hanna Holm", null);
        Files.move(good.writeTo(staging.resolve("good.xml")), inbox.resolve("good.xml"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("processed/good.xml")));

        String report = Files.readString(PaymentInbox.errorReportOf(quarantined));
        assertThat(report).contains("file:      deep.xml").contains("nested deeper than " + CamtParser.MAX_DEPTH);
        assertThat(report.length()).isLessThan(1500);
        assertThat(book.queryString("SELECT open_amount FROM invoice WHERE id = ?", inv)).isEqualTo("0.00");
        assertThat(book.rows("SELECT file_name, status, length(error) < 1100 FROM bank_file ORDER BY id"))
                .containsExactly("deep.xml|QUARANTINED|t", "good.xml|POSTED|null");

        Hub hub = running.context().getRegistry().lookupByNameAndType("hub", Hub.class);
        PaymentsInboxHealth.Report state = hub.payments().health().report();
        assertThat(state.up()).isTrue();
        assertThat(state.details()).containsEntry("last.file", "good.xml").containsEntry("last.outcome", "POSTED")
                .containsEntry("last.quarantined.file", "deep.xml").containsEntry("files.posted", 1L)
                .containsEntry("files.quarantined", 1L);
        String health = health();
        assertThat(health).contains("\"name\":\"payments-inbox\",\"status\":\"UP\"")
                .contains("\"last.file\":\"good.xml\"").contains("\"last.quarantined.file\":\"deep.xml\"")
                .contains("\"files.posted\":1").contains("\"files.quarantined\":1");
    }
}
