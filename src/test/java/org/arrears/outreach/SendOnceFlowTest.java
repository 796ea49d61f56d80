package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.arrears.compliance.Channel;
import org.arrears.config.Hub;
import org.arrears.testing.HubFixture;
import org.arrears.testing.LogCapture;
import org.arrears.testing.RecordingSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each message is sent once and recorded at once, against a recording SMTP server: slow workers keep their claims,
 * a worker that lost a claim sends nothing it no longer holds, a silent server cannot wedge the workers, each
 * message is gated at its own send time, and what a vanished worker leaves in doubt is counted.
 */
class SendOnceFlowTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final Instant NOON = ZonedDateTime.of(2026, 6, 3, 12, 0, 0, 0, NEW_YORK).toInstant();

    RecordingSmtpServer smtp;
    HubFixture f;
    ScheduledExecutorService competitor;

    @BeforeEach
    void start() throws Exception {
        smtp = new RecordingSmtpServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (competitor != null) {
            competitor.shutdownNow();
            competitor.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (f != null) {
            f.close();
        }
        smtp.close();
    }

    HubFixture fixture(Instant start, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(HubFixture.smtp(smtp.port()));
        o.put("arrears.policies", "src/test/resources/policies/flow");
        o.putAll(extra);
        f = new HubFixture(start, o);
        return f;
    }

    void debtors(int n) {
        for (int i = 0; i < n; i++) {
            long d = f.book.consumer("Debtor " + i, "America/New_York", "US-NY", "d" + i + "@example.test");
            f.book.invoice(d, "USD", "90.00", LocalDate.of(2026, 5, 30));
        }
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
    }

    /** Runs this fixture's dispatcher; once it has claimed the campaign, the competitor starts. */
    DispatchStats drainWithCompetitor() {
        CompletableFuture<DispatchStats> run = CompletableFuture.supplyAsync(() -> f.hub.emailDispatcher().drain());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                f.book.queryLong("SELECT count(*) FROM communication WHERE claimed_by LIKE 'slow/%'") > 0);
        competitor();
        return run.join();
    }

    /** Another instance on the same database that sweeps expired claims and dispatches, every 100 ms. */
    Hub competitor() {
        Hub other = f.anotherInstance(Map.of("arrears.instance-id", "other", "arrears.outbox.lease", "PT1S"));
        competitor = Executors.newSingleThreadScheduledExecutor();
        competitor.scheduleWithFixedDelay(() -> {
            other.sweeper().sweep();
            other.emailDispatcher().drain();
        }, 0, 100, TimeUnit.MILLISECONDS);
        return other;
    }

    void assertEachRowSentAndRecordedOnce(int n) {
        assertThat(f.book.queryLong("SELECT count(*) FROM communication WHERE status = 'SENT'")).isEqualTo(n);
        assertThat(f.book.queryLong("SELECT count(*) FROM communication_event WHERE status = 'SENT'")).isEqualTo(n);
        assertThat(f.book.queryLong("SELECT count(DISTINCT communication_id) FROM communication_event WHERE status = 'SENT'"))
                .isEqualTo(n);
    }

    static double counter(Hub hub, String name) {
        Counter c = hub.metrics().registry().find(name).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aWorkerSlowerThanItsLeaseKeepsItsClaimsAliveAndSendsEachMessageOnce() {
        fixture(NOON, Map.of("arrears.outbox.lease", "PT1S", "arrears.outbox.renew-every", "PT0.2S",
                "arrears.outbox.record-every", "2", "arrears.instance-id", "slow"));
        debtors(8);
        smtp.pause(Duration.ofMillis(300)); // 8 messages take 2.4 s: more than twice the lease

        DispatchStats stats = drainWithCompetitor();

        assertThat(stats.get("SENT")).isEqualTo(8);
        assertThat(smtp.accepted()).hasSize(8).doesNotHaveDuplicates();
        assertEachRowSentAndRecordedOnce(8);
        assertThat(f.book.queryLong("SELECT count(*) FROM communication WHERE attempts <> 1")).isZero();
        assertThat(counter(f.hub, "arrears_claims_lost")).isZero();
    }

    @Test
    void aWorkerWhoseLeaseRanOutSendsNothingItNoLongerHoldsAndCountsTheLostClaims() {
        // the heartbeat never runs in time (a paused process, a partition): the lease runs out under the worker
        fixture(NOON, Map.of("arrears.outbox.lease", "PT1S", "arrears.outbox.renew-every", "PT1H",
                "arrears.outbox.record-every", "1", "arrears.instance-id", "slow"));
        debtors(8);
        smtp.pause(Duration.ofMillis(400));

        DispatchStats stats = drainWithCompetitor();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> f.book.queryLong("SELECT count(*) FROM communication WHERE status = 'SENT'") == 8);

        assertThat(smtp.accepted()).hasSize(8).doesNotHaveDuplicates();
        assertEachRowSentAndRecordedOnce(8);
        assertThat(stats.get("SENT")).isBetween(1, 7);
        assertThat(counter(f.hub, "arrears_claims_lost")).isPositive();
        assertThat(counter(f.hub, "arrears_claims_lost") + stats.get("SENT")).isEqualTo(8);
    }

    @Test
    void aServerThatNeverAnswersFreesTheWorkersByTheDeadlineReleasesTheClaimsAndReportsSmtpDown() {
        smtp.mode(RecordingSmtpServer.Mode.SILENT);
        fixture(NOON, Map.of("arrears.smtp.deadline", "PT1S", "arrears.smtp.timeout", "PT60S", "arrears.email.workers", "2"));
        debtors(6);

        CompletableFuture<DispatchStats> run = CompletableFuture.supplyAsync(() -> f.hub.emailDispatcher().drain());

        DispatchStats stats = await().atMost(Duration.ofSeconds(15)).until(() -> run.getNow(null), s -> s != null);
        assertThat(stats.get("PLANNED")).isEqualTo(6);
        assertThat(f.book.queryLong("SELECT count(*) FROM communication WHERE status = 'CLAIMED'")).isZero();
        assertThat(f.book.rows("SELECT DISTINCT status, last_error LIKE 'gateway unavailable: cannot connect%no greeting within PT1S%' "
                + "FROM communication")).containsExactly("PLANNED|t");
        GatewayHealth health = f.hub.emailDispatcher().adapter().health();
        assertThat(health.up()).isFalse();
        assertThat(health.detail()).contains("no greeting within PT1S");
    }

    @Test
    void aServerThatTakesTheMessageAndNeverRepliesIsCutOffByTheDeadlineAndTheRestWaits() {
        smtp.mode(RecordingSmtpServer.Mode.HANG_AFTER_DATA);
        fixture(NOON, Map.of("arrears.smtp.deadline", "PT1S", "arrears.smtp.timeout", "PT60S"));
        debtors(5);

        CompletableFuture<DispatchStats> run = CompletableFuture.supplyAsync(() -> f.hub.emailDispatcher().drain());

        DispatchStats stats = await().atMost(Duration.ofSeconds(15)).until(() -> run.getNow(null), s -> s != null);
        assertThat(stats.get("PLANNED")).isEqualTo(5);
        assertThat(f.book.queryLong("SELECT count(*) FROM communication WHERE status = 'CLAIMED'")).isZero();
        // the one in the hung exchange counts an attempt; the others were not tried and wait for the gateway
        assertThat(f.book.rows("SELECT attempts, count(*) FROM communication GROUP BY attempts ORDER BY attempts"))
                .containsExactly("0|4", "1|1");
        assertThat(f.book.queryLong("SELECT count(*) FROM communication WHERE last_error LIKE "
                + "'gateway unavailable: SMTP exchange with smtp://127.0.0.1:% exceeded its deadline of PT1S'")).isEqualTo(5);
        assertThat(f.hub.emailDispatcher().adapter().health().up()).isFalse();

        // the server recovers: everything goes out once, and health is UP again
        smtp.mode(RecordingSmtpServer.Mode.NORMAL);
        f.clock.advance(Duration.ofMinutes(2));
        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(5);
        assertThat(f.hub.emailDispatcher().adapter().health().up()).isTrue();
    }

    @Test
    void eachMessageIsGatedAndStampedAtItsOwnSendTimeNotAtTheStartOfItsBatch() {
        Instant start = ZonedDateTime.of(2026, 6, 3, 20, 57, 30, 0, NEW_YORK).toInstant();
        fixture(start, Map.of());
        debtors(4);
        smtp.onAccepted(() -> f.clock.advance(Duration.ofMinutes(1))); // each delivery takes a minute

        DispatchStats stats = f.hub.emailDispatcher().drain();

        // 20:57:30, 20:58:30 and 20:59:30 are inside the window; the fourth is decided at 21:00:30
        assertThat(stats.get("SENT")).isEqualTo(3);
        assertThat(stats.get("DEFERRED")).isEqualTo(1);
        assertThat(f.book.rows("SELECT to_char(sent_at AT TIME ZONE 'America/New_York', 'HH24:MI:SS') FROM communication "
                + "WHERE status = 'SENT' ORDER BY sent_at")).containsExactly("20:58:30", "20:59:30", "21:00:30");
        assertThat(f.book.rows("SELECT gate_reason, to_char(decided_at AT TIME ZONE 'America/New_York', 'HH24:MI:SS') "
                + "FROM communication WHERE status = 'DEFERRED'")).containsExactly("QUIET_HOURS|21:00:30");
    }

    @Test
    void aWorkerThatVanishedWhileSendingLeavesItsInFlightMessagesCountedAsAmbiguousWithATask() {
        fixture(NOON, Map.of());
        debtors(5);
        // an instance claims five, marks two as being sent, and dies before recording anything
        MessageLifecycle lifecycle = f.hub.lifecycle();
        List<ClaimedMessage> claimed = lifecycle.claim(Channel.EMAIL, "dead-instance", 10, NOON);
        assertThat(claimed).hasSize(5);
        MessageLifecycle.Recorded marked = lifecycle.record(List.of(), claimed.subList(0, 2));
        assertThat(marked.marked()).hasSize(2);
        f.book.execute("UPDATE communication SET claimed_at = now() - interval '6 minutes'");

        MessageLifecycle.Released released;
        try (LogCapture log = LogCapture.start()) {
            released = f.hub.sweeper().sweep();
            assertThat(log.at(Level.WARN)).extracting(LogCapture.Line::message)
                    .anyMatch(m -> m.contains("released 5 expired claim(s)") && m.contains("2 of them were being sent"));
        }

        assertThat(released).isEqualTo(new MessageLifecycle.Released(5, 2));
        assertThat(counter(f.hub, "arrears_messages_ambiguous")).isEqualTo(2);
        assertThat(counter(f.hub, "arrears_claims_released")).isEqualTo(5);
        assertThat(f.book.rows("SELECT kind, communication_id FROM task WHERE kind = 'DELIVERY_UNCERTAIN' ORDER BY communication_id"))
                .containsExactly("DELIVERY_UNCERTAIN|" + claimed.get(0).id(), "DELIVERY_UNCERTAIN|" + claimed.get(1).id());
        assertThat(f.book.queryLong("SELECT count(*) FROM communication_event WHERE detail LIKE '%may have been delivered%'"))
                .isEqualTo(2);
        // the dead instance's late record changes nothing: its claim is gone
        assertThat(lifecycle.record(List.of(), claimed).marked()).isEmpty();
        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(5);
        assertThat(smtp.accepted()).hasSize(5);
    }

    @Test
    void aGracefulStopFinishesTheMessageInHandAndReleasesTheRestOfTheClaimAtOnce() {
        fixture(NOON, Map.of("arrears.outbox.record-every", "2"));
        debtors(10);
        smtp.pause(Duration.ofMillis(200));
        smtp.onAccepted(() -> {
            if (smtp.accepted().size() == 3) {
                f.hub.stopSending();
            }
        });

        DispatchStats stats = f.hub.emailDispatcher().drain();

        assertThat(stats.get("SENT")).isEqualTo(3);
        assertThat(smtp.accepted()).hasSize(3);
        assertThat(f.book.rows("SELECT status, attempts, count(*) FROM communication GROUP BY status, attempts ORDER BY status"))
                .containsExactly("PLANNED|0|7", "SENT|1|3");
        assertThat(f.book.queryLong("SELECT count(*) FROM communication WHERE status = 'PLANNED' AND not_before <= ?::timestamptz",
                NOON.toString())).isEqualTo(7);
    }

    @Test
    void theHeartbeatRenewsAClaimWithoutWaitingForARowItsWorkerIsRecordingAndStillCountsItHeld() throws Exception {
        fixture(NOON, Map.of());
        debtors(3);
        List<ClaimedMessage> claimed = f.hub.lifecycle().claim(Channel.EMAIL, "worker", 10, NOON);
        try (java.sql.Connection recording = f.db.dataSource().getConnection()) {
            recording.setAutoCommit(false);
            try (java.sql.Statement st = recording.createStatement()) {
                st.execute("SELECT 1 FROM communication WHERE id = " + claimed.get(0).id() + " FOR UPDATE");
            }
            CompletableFuture<java.util.Set<Long>> renewed = CompletableFuture.supplyAsync(() ->
                    f.hub.lifecycle().renew(claimed.get(0).claim(), claimed.stream().map(ClaimedMessage::id).toList()));

            java.util.Set<Long> held = await().atMost(Duration.ofSeconds(5)).until(() -> renewed.getNow(null), h -> h != null);
            assertThat(held).containsExactlyInAnyOrderElementsOf(claimed.stream().map(ClaimedMessage::id).toList());
            recording.rollback();
        }
        assertThat(f.hub.lifecycle().renew(java.util.UUID.randomUUID(), List.of(claimed.get(0).id()))).isEmpty();
    }
}
