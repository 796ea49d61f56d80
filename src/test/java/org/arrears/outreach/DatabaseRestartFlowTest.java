package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.testing.MutableClock;
import org.arrears.testing.RecordingSmtpServer;
import org.arrears.testing.TestBook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted in the middle of a batch: the worker keeps the outcomes of what it sent, records them when
 * the server is back, and finishes the batch; nothing is lost and nothing beyond the window of doubt (the
 * messages of one record group) could be sent twice. A server of its own, which the test stops and starts.
 */
class DatabaseRestartFlowTest {

    static final Instant NOON = ZonedDateTime.of(2026, 6, 3, 12, 0, 0, 0, ZoneId.of("America/New_York")).toInstant();
    static final int RECORD_EVERY = 4;

    EmbeddedPostgres pg;
    Hub hub;
    RecordingSmtpServer smtp;

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    static EmbeddedPostgres server(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("synchronous_commit", "on").start();
    }

    @Test
    void aDatabaseRestartInTheMiddleOfABatchLosesNothingAndSendsNothingTwice() throws Exception {
        Path dir = Files.createTempDirectory("arrears-pg-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        pg = server(dir, port);
        smtp = new RecordingSmtpServer().pause(Duration.ofMillis(30));
        Database db = Database.of(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, 4).migrate();
        Map<String, String> o = new HashMap<>();
        o.put("arrears.data-dir", Files.createTempDirectory("arrears-test-").toString());
        o.put("arrears.token-secret", "test-secret-0123456789abcdef");
        o.put("arrears.policies", "src/test/resources/policies/flow");
        o.put("arrears.smtp.host", "127.0.0.1");
        o.put("arrears.smtp.port", String.valueOf(smtp.port()));
        o.put("arrears.email.workers", "1");
        o.put("arrears.outbox.record-every", String.valueOf(RECORD_EVERY));
        hub = Hub.over(db, Settings.load(Path.of("config/application.properties")).with(o), new MutableClock(NOON));
        TestBook book = new TestBook(db.dataSource());
        int n = 60;
        for (int i = 0; i < n; i++) {
            long d = book.consumer("Debtor " + i, "America/New_York", "US-NY", "d" + i + "@example.test");
            book.invoice(d, "USD", "90.00", LocalDate.of(2026, 5, 30));
        }
        hub.planner().plan(LocalDate.of(2026, 6, 3));

        CompletableFuture<DispatchStats> run = CompletableFuture.supplyAsync(() -> hub.emailDispatcher().drain());
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.accepted().size() >= 20);
        pg.close(); // a fast shutdown: every connection of the pool breaks
        pg = server(dir, port);

        DispatchStats stats = await().atMost(Duration.ofSeconds(60)).until(() -> run.getNow(null), s -> s != null);
        assertThat(stats.get("SENT")).isEqualTo(n);
        assertThat(smtp.accepted()).hasSize(n);
        assertThat(smtp.duplicates()).isZero();
        assertThat(book.queryLong("SELECT count(*) FROM communication WHERE status = 'SENT'")).isEqualTo(n);
        assertThat(book.queryLong("SELECT count(*) FROM communication_event WHERE status = 'SENT'")).isEqualTo(n);
        assertThat(book.queryLong("SELECT count(*) FROM communication WHERE claim_token IS NOT NULL OR sending_since IS NOT NULL"))
                .isZero();
    }
}
