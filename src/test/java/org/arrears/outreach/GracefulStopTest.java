package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.arrears.db.Database;
import org.arrears.testing.RecordingSmtpServer;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * `arrears run` as its own process, stopped with SIGTERM in the middle of a campaign: it finishes the message in
 * hand, records everything it sent, and leaves nothing claimed, so another instance carries on at once.
 */
class GracefulStopTest {

    Process hub;
    RecordingSmtpServer smtp;
    Database db;

    @AfterEach
    void stop() throws Exception {
        if (hub != null && hub.isAlive()) {
            hub.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (smtp != null) {
            smtp.close();
        }
        if (db != null) {
            db.close();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void sigtermInTheMiddleOfACampaignRecordsWhatWasSentAndLeavesNothingClaimed() throws Exception {
        String url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
        TestBook book = new TestBook(db.dataSource());
        // debtors whose local time is early afternoon now, so the gate allows sending whenever the test runs
        int utcHour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        String zone = ZoneOffset.ofHours(Math.floorMod(13 - utcHour + 12, 24) - 12).getId();
        LocalDate localToday = LocalDate.now(ZoneId.of(zone));
        int n = 60;
        for (int i = 0; i < n; i++) {
            long d = book.debtor("Debtor " + i, "B2C", "en", zone, null, "d" + i + "@example.test");
            book.invoice(d, "EUR", "64.00", localToday.minusDays(3));
        }
        smtp = new RecordingSmtpServer().pause(Duration.ofMillis(100));
        Path data = Files.createTempDirectory("arrears-stop-");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        Map.of("arrears.db.url", url, "arrears.db.user", "postgres", "arrears.data-dir", data.toString(),
                        "arrears.token-secret", "stop-test-secret-0123456789", "arrears.policies", "src/test/resources/policies/flow",
                        "arrears.smtp.host", "127.0.0.1", "arrears.smtp.port", String.valueOf(smtp.port()),
                        "arrears.planner.delay", "0", "arrears.email.poll-period", "200")
                .forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dcamel.server.port=" + freePort());
        cmd.add("-Dcamel.management.port=" + freePort());
        cmd.add("-Darrears.outbox.record-every=4");
        cmd.add("-Darrears.mail.check-domains=false");
        cmd.addAll(List.of("org.arrears.cli.ArrearsCli", "run"));
        Path log = data.resolve("hub.log");
        hub = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.accepted().size() >= 10);
        hub.destroy(); // SIGTERM
        assertThat(hub.waitFor(30, TimeUnit.SECONDS)).as("the hub stops by itself; its log:%n%s", Files.readString(log)).isTrue();

        int delivered = smtp.accepted().size();
        assertThat(delivered).isLessThan(n);
        assertThat(smtp.duplicates()).isZero();
        assertThat(book.queryLong("SELECT count(*) FROM communication WHERE status = 'CLAIMED'")).isZero();
        assertThat(book.queryLong("SELECT count(*) FROM communication WHERE status = 'SENT'")).isEqualTo(delivered);
        assertThat(book.queryLong("SELECT count(*) FROM communication WHERE status = 'PLANNED'")).isEqualTo(n - delivered);
        assertThat(book.queryLong("SELECT count(*) FROM communication_event WHERE detail = 'released: the hub is stopping'"))
                .isPositive();
    }
}
