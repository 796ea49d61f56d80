package org.arrears.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.arrears.bench.SmtpSink;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The retention purge (R22, R40) against the real database, with messages the hub planned and sent itself. */
class RetentionTest {

    static final Instant NOON_LONDON = Instant.parse("2026-06-03T11:00:00Z");
    static final String LONG_AGO = "2022-01-10T10:00:00Z";

    SmtpSink smtp;
    HubFixture f;
    long old;
    long recent;
    long paidRecently;

    @BeforeEach
    void sendRemindersAndAgeSomeOfThem() throws Exception {
        smtp = new SmtpSink();
        f = new HubFixture(NOON_LONDON, HubFixture.smtp(smtp.port()));
        old = f.book.consumer("Olga Oldfield", "Europe/London", "GB", "olga@example.test");
        recent = f.book.consumer("Rita Recent", "Europe/London", "GB", "rita@example.test");
        paidRecently = f.book.consumer("Paul Payer", "Europe/London", "GB", "paul@example.test");
        for (long d : new long[] {old, recent, paidRecently}) {
            f.book.invoice(d, "EUR", "250.00", LocalDate.of(2026, 5, 20));
        }
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        f.hub.emailDispatcher().drain();
        for (long d : new long[] {old, recent, paidRecently}) {
            f.book.execute("""
                    INSERT INTO inbound_event (kind, source, external_id, communication_id, debtor_id, payload)
                    SELECT 'REPLY', 'mailbox', 'reply-' || id, id, debtor_id, '{"strippedText": "I will pay"}'::jsonb
                    FROM communication WHERE debtor_id = ?""", d);
            f.book.execute("""
                    INSERT INTO consent_event (contact_point_id, event, source)
                    SELECT id, 'OPT_IN', 'OPERATOR' FROM contact_point WHERE debtor_id = ?""", d);
        }
        // three and a half years pass for two of the debtors: their messages, history and inbound mail are old
        for (long d : new long[] {old, paidRecently}) {
            f.book.execute("UPDATE communication SET planned_at = ?::timestamptz, sent_at = ?::timestamptz WHERE debtor_id = ?",
                    LONG_AGO, LONG_AGO, d);
            f.book.execute("""
                    UPDATE communication_event SET at = ?::timestamptz
                    WHERE communication_id IN (SELECT id FROM communication WHERE debtor_id = ?)""", LONG_AGO, d);
            f.book.execute("UPDATE inbound_event SET received_at = ?::timestamptz WHERE debtor_id = ?", LONG_AGO, d);
            f.book.execute("""
                    UPDATE consent_event SET at = ?::timestamptz
                    WHERE contact_point_id IN (SELECT id FROM contact_point WHERE debtor_id = ?)""", LONG_AGO, d);
        }
        // ... but one of them paid last week: collection activity within the period keeps everything (R22)
        f.book.execute("INSERT INTO payment (debtor_id, amount, currency, status, created_at) "
                + "VALUES (?, 100.00, 'EUR', 'MATCHED', ?::timestamptz)", paidRecently, "2026-05-27T09:00:00Z");
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
        smtp.close();
    }

    private long count(String sql, long debtor) {
        return f.book.queryLong(sql, debtor);
    }

    private long contents(long debtor) {
        return count("SELECT count(*) FROM communication WHERE debtor_id = ? AND content_gz IS NOT NULL", debtor);
    }

    private long events(long debtor) {
        return count("SELECT count(*) FROM communication_event e JOIN communication m ON m.id = e.communication_id "
                + "WHERE m.debtor_id = ?", debtor);
    }

    private long inbound(long debtor) {
        return count("SELECT count(*) FROM inbound_event WHERE debtor_id = ?", debtor);
    }

    private long consent(long debtor) {
        return count("SELECT count(*) FROM consent_event e JOIN contact_point p ON p.id = e.contact_point_id "
                + "WHERE p.debtor_id = ?", debtor);
    }

    @Test
    void thePurgeRemovesOldEvidenceAndEventsOfInactiveDebtorsAndKeepsTheRecentAndTheActive() throws Exception {
        for (long d : new long[] {old, recent, paidRecently}) {
            assertThat(contents(d)).as("content of %s", d).isEqualTo(1);
            assertThat(events(d)).isPositive();
            assertThat(inbound(d)).isEqualTo(1);
            assertThat(consent(d)).isEqualTo(1);
        }
        Path processed = f.hub.payments().processed();
        Files.createDirectories(processed);
        Path oldFile = Files.writeString(processed.resolve("2022-statement.xml"), "<Document/>");
        Files.setLastModifiedTime(oldFile, FileTime.from(Instant.parse(LONG_AGO)));
        Path newFile = Files.writeString(processed.resolve("2026-statement.xml"), "<Document/>");
        long eventsOfRecent = events(recent);
        long eventsOfActive = events(paidRecently);

        Retention.Report r = f.hub.retention().purge(false);

        // the old debtor's evidence and events are gone ...
        assertThat(contents(old)).isZero();
        assertThat(events(old)).isZero();
        assertThat(inbound(old)).isZero();
        assertThat(consent(old)).isZero();
        assertThat(oldFile).doesNotExist();
        // ... what retention keeps stays: the message, that it was sent, for how much, and the gate's decision
        assertThat(f.book.rows("SELECT status, gate_verdict, total_amount, sent_at IS NOT NULL, content_sha256 IS NOT NULL "
                + "FROM communication WHERE debtor_id = ?", old)).containsExactly("SENT|ALLOW|250.00|t|t");
        // the recent and the still active debtors keep everything
        for (long d : new long[] {recent, paidRecently}) {
            assertThat(contents(d)).isEqualTo(1);
            assertThat(inbound(d)).isEqualTo(1);
            assertThat(consent(d)).isEqualTo(1);
        }
        assertThat(events(recent)).isEqualTo(eventsOfRecent);
        assertThat(events(paidRecently)).isEqualTo(eventsOfActive);
        assertThat(newFile).exists();

        assertThat(r.counts()).containsEntry(Retention.Kind.MESSAGE_CONTENT, 1).containsEntry(Retention.Kind.INBOUND_EVENTS, 1)
                .containsEntry(Retention.Kind.CONSENT_EVENTS, 1).containsEntry(Retention.Kind.FILES, 1);
        assertThat(r.line()).startsWith("retention purge: message_content=1 message_events=");
        assertThat(f.book.rows("SELECT action, detail->>'message_content', detail->>'files' FROM data_protection_log"))
                .containsExactly("PURGE|1|1");

        Retention.Report again = f.hub.retention().purge(false);
        assertThat(again.total()).isZero();
    }

    @Test
    void aDryRunCountsWhatThePurgeWouldRemoveAndRemovesNothing() throws Exception {
        long eventsBefore = events(old);

        Retention.Report r = f.hub.retention().purge(true);

        assertThat(r.dryRun()).isTrue();
        assertThat(r.counts()).containsEntry(Retention.Kind.MESSAGE_CONTENT, 1)
                .containsEntry(Retention.Kind.MESSAGE_EVENTS, (int) eventsBefore);
        assertThat(r.line()).startsWith("retention purge (dry run, nothing removed): message_content=1");
        assertThat(contents(old)).isEqualTo(1);
        assertThat(events(old)).isEqualTo(eventsBefore);
        assertThat(inbound(old)).isEqualTo(1);
        assertThat(f.book.queryLong("SELECT count(*) FROM data_protection_log")).isZero();
    }

    @Test
    void aLongerRetentionPeriodKeepsWhatTheDefaultWouldPurge() throws Exception {
        Settings five = Settings.load(Path.of("config/application.properties"))
                .with(Map.of("arrears.retention.evidence", "P5Y", "arrears.retention.events", "P60M"));
        Retention longer = new Retention(f.db.dataSource(), f.clock, Retention.Periods.from(five), java.util.List.of());

        assertThat(longer.purge(false).total()).isZero();
        assertThat(contents(old)).isEqualTo(1);
        assertThat(events(old)).isPositive();
    }

    @Test
    void anInvalidRetentionPeriodFailsNamingTheSetting() {
        Map<String, String> bad = new HashMap<>();
        bad.put("arrears.retention.events", "3 years");
        Settings s = Settings.load(Path.of("config/application.properties")).with(bad);
        assertThatThrownBy(() -> Retention.Periods.from(s)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.properties").hasMessageContaining("'arrears.retention.events'")
                .hasMessageContaining("'3 years'");
        bad.put("arrears.retention.events", "P0D");
        assertThatThrownBy(() -> Retention.Periods.from(Settings.load(Path.of("config/application.properties")).with(bad)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be a positive period");
    }
}
