package org.arrears.letter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.ServiceStatus;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.testing.HubFixture;
import org.arrears.testing.RunningHub;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Returned mail against real PostgreSQL: the vendor's CSV makes a SENT letter BOUNCED, marks its contact point
 * RETURNED and falls back to the step's next channel; a malformed file is quarantined with nothing applied.
 */
class ReturnedMailTest {

    /** A letter that went out in batch b-7 as its second letter, with email as the step's next channel. */
    static long sentLetter(TestBook book, long debtor, long contactPoint, String providerId) {
        return book.queryLong("""
                INSERT INTO communication (token, dedupe_key, debtor_id, currency, cycle_id, policy_code, policy_version,
                    step_code, step_index, channel, template, contact_point_id, address, status, plan_date, not_before,
                    sent_at, provider_message_id, fallback_channels)
                VALUES (gen_random_uuid()::text, gen_random_uuid()::text, ?, 'EUR', 1, 'standard', '1', 'reminder', 1,
                    'letter', 'reminder', ?, 'Gartenstraße 7\nBerlin', 'SENT', current_date, now(), now(), ?, '{email}')
                RETURNING id""", debtor, contactPoint, providerId);
    }

    static long letterAddress(TestBook book, long debtor) {
        return book.queryLong("""
                INSERT INTO contact_point (debtor_id, channel, address, quality)
                VALUES (?, 'letter', ?, 'GOOD') RETURNING id""", debtor, "Gartenstraße 7\n10115 Berlin");
    }

    @Test
    void aReturnedMailFileBouncesTheLettersItNamesByIdOrByBatchAndSequenceAndFallsBackToEmail() throws Exception {
        try (HubFixture f = new HubFixture(Instant.parse("2026-12-01T10:00:00Z"), Map.of(
                "arrears.letter.returned-mail.column.batch", "batch", "arrears.letter.returned-mail.column.sequence", "seq"))) {
            long alice = f.book.consumer("Alice Example", "Europe/Berlin", "DE", "alice@example.com");
            long bob = f.book.consumer("Bob Sample", "Europe/Berlin", "DE", "bob@example.com");
            long aliceCp = letterAddress(f.book, alice);
            long bobCp = letterAddress(f.book, bob);
            long aliceLetter = sentLetter(f.book, alice, aliceCp, "b-7#1");
            long bobLetter = sentLetter(f.book, bob, bobCp, "b-7#2");

            ReturnedMail returned = ReturnedMail.from(f.hub.settings(), f.hub.lifecycle(), f.clock);
            Path file = Files.createDirectories(returned.inbox()).resolve("returns-2026-12-01.csv");
            Files.writeString(file, "communication_id,batch,seq,reason,returned_on\r\n"
                    + aliceLetter + ",,,\"Addressee unknown, moved\",2026-11-28\r\n"
                    + ",b-7,2,Insufficient address,2026-11-29\r\n");

            String line = returned.process(file.toString());

            assertThat(line).contains("2 letters, 2 bounced");
            assertThat(f.book.rows("SELECT id, status, last_error FROM communication WHERE channel = 'letter' ORDER BY id"))
                    .containsExactly(aliceLetter + "|BOUNCED|Addressee unknown, moved", bobLetter + "|BOUNCED|Insufficient address");
            assertThat(f.book.rows("SELECT id, quality, returned_count FROM contact_point WHERE channel = 'letter' ORDER BY id"))
                    .containsExactly(aliceCp + "|RETURNED|1", bobCp + "|RETURNED|1");
            assertThat(f.book.rows("SELECT debtor_id, status, fallback_of FROM communication WHERE channel = 'email' ORDER BY debtor_id"))
                    .containsExactly(alice + "|PLANNED|" + aliceLetter, bob + "|PLANNED|" + bobLetter);
            assertThat(f.book.rows("SELECT reason, at::date FROM communication_event WHERE communication_id = ? AND status = 'BOUNCED'",
                    aliceLetter)).contains("RETURNED_MAIL|2026-11-28");
            assertThat(returned.inbox().resolve("processed/returns-2026-12-01.csv")).exists();
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void aMalformedFileIsQuarantinedWithItsLineAndProblemAndNothingIsApplied() throws Exception {
        try (HubFixture f = new HubFixture(Instant.parse("2026-12-01T10:00:00Z"), Map.of())) {
            long alice = f.book.consumer("Alice Example", "Europe/Berlin", "DE", "alice@example.com");
            long cp = letterAddress(f.book, alice);
            long letter = sentLetter(f.book, alice, cp, "b-8#1");
            ReturnedMail returned = ReturnedMail.from(f.hub.settings(), f.hub.lifecycle(), f.clock);
            Path file = Files.createDirectories(returned.inbox()).resolve("bad.csv");
            Files.writeString(file, "communication_id,reason,returned_on\n" + letter + ",Moved,2026-11-28\n"
                    + "12x,Unknown,2026-11-28\n");

            assertThat(returned.process(file.toString())).contains("quarantined");

            Path quarantined = returned.inbox().resolve("quarantine/bad.csv");
            assertThat(quarantined).exists();
            assertThat(Files.readString(quarantined.resolveSibling("bad.csv.error.txt")))
                    .isEqualTo("bad.csv: line 3: communication id '12x' is not a number\n");
            assertThat(f.book.queryString("SELECT status FROM communication WHERE id = ?", letter)).isEqualTo("SENT");
            assertThat(f.book.queryString("SELECT quality FROM contact_point WHERE id = ?", cp)).isEqualTo("GOOD");
        }
    }

    @Test
    void theLayoutMustNameTheLetterAndNumbersColumnsWithoutAHeader() {
        Settings base = Settings.load(Path.of("config/application.properties"));
        assertThatThrownBy(() -> ReturnedMail.Layout.from(base.with(Map.of("arrears.letter.returned-mail.column.communication-id", ""))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("setting 'arrears.letter.returned-mail.column.communication-id' is empty");
        assertThatThrownBy(() -> ReturnedMail.Layout.from(base.with(Map.of("arrears.letter.returned-mail.header", "false"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'arrears.letter.returned-mail.column.communication-id' must be a column number");
    }

    @Test
    void theReturnedMailRouteOfARunningHubAppliesADroppedFile() throws Exception {
        String url = TestDatabase.freshUrl();
        try (Database db = Database.of(url, "postgres", null, 3).migrate()) {
            TestBook book = new TestBook(db.dataSource());
            long alice = book.consumer("Alice Example", "Europe/Berlin", "DE", "alice@example.com");
            long cp = letterAddress(book, alice);
            long letter = sentLetter(book, alice, cp, "b-9#1");
            try (RunningHub running = RunningHub.start(url, Map.of("arrears.letter.returned-mail.poll-delay", "100",
                    "arrears.planner.delay", "3600000", "camel.management.enabled", "false"))) {
                assertThat(running.context().getRouteController().getRouteStatus("returned-mail")).isEqualTo(ServiceStatus.Started);
                assertThat(running.context().getRouteController().getRouteStatus("print-upload"))
                        .as("no SFTP host: the upload route is not started").isEqualTo(ServiceStatus.Stopped);
                Path inbox = running.dataDir.resolve("inbox/returned-mail");
                Path staged = Files.writeString(Files.createDirectories(running.dataDir.resolve("staging")).resolve("r.csv"),
                        "communication_id,reason,returned_on\n" + letter + ",Return to sender,2026-11-30\n");
                Files.move(staged, Files.createDirectories(inbox).resolve("r.csv"));

                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("processed/r.csv")));
                assertThat(book.queryString("SELECT status FROM communication WHERE id = ?", letter)).isEqualTo("BOUNCED");
                assertThat(book.queryString("SELECT quality FROM contact_point WHERE id = ?", cp)).isEqualTo("RETURNED");
            }
        }
    }
}
