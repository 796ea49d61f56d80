package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.arrears.bench.SmtpSink;
import org.arrears.testing.HubFixture;
import org.arrears.testing.LogCapture;
import org.apache.logging.log4j.Level;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Permanent SMTP refusals fail the row with the server's reply; temporary ones retry with back-off. */
class SmtpRefusalTest {

    static final Instant NOON_LONDON = Instant.parse("2026-06-03T11:00:00Z");

    SmtpSink server;
    HubFixture f;

    @BeforeEach
    void start() throws Exception {
        server = new SmtpSink();
        Map<String, String> o = new HashMap<>(HubFixture.smtp(server.port()));
        o.put("arrears.policies", "src/test/resources/policies/flow");
        o.put("arrears.email.max-attempts", "3");
        f = new HubFixture(NOON_LONDON, o);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
        server.close();
    }

    @Test
    void permanentRefusalFailsTheRowAndTemporaryRefusalRetriesWithBackoff() {
        long gone = debtorWithInvoice("gone@example.test");
        long busy = debtorWithInvoice("busy@example.test");
        long fine = debtorWithInvoice("fine@example.test");
        server.recipientPolicy(rcpt -> switch (rcpt) {
            case "gone@example.test" -> "550 5.1.1 <gone@example.test>: user unknown";
            case "busy@example.test" -> "451 4.3.2 try again later";
            default -> null;
        });
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));

        DispatchStats first = f.hub.emailDispatcher().drain();

        assertThat(first.get("SENT")).isEqualTo(1);
        assertThat(first.get("FAILED")).isEqualTo(1);
        assertThat(first.get("PLANNED")).isEqualTo(1);
        assertThat(server.messages()).isEqualTo(1);
        // the server's reply, once (not "550 550 5.1.1 ...")
        assertThat(f.book.queryString("SELECT last_error FROM communication WHERE debtor_id = ?", gone))
                .isEqualTo("SMTP refused: 550 5.1.1 <gone@example.test>: user unknown");
        assertThat(f.book.queryString("SELECT last_error FROM communication WHERE debtor_id = ?", busy))
                .isEqualTo("SMTP refused: 451 4.3.2 try again later");
        // a recipient refused at RCPT is a hard bounce: the address is marked, so the next campaign skips it
        assertThat(f.book.rows("SELECT quality FROM contact_point WHERE debtor_id = ?", gone)).containsExactly("HARD_BOUNCE");
        assertThat(f.book.rows("SELECT event, source FROM consent_event")).containsExactly("HARD_BOUNCE|SMTP_RCPT");
        assertThat(f.book.rows("SELECT e.status, e.reason FROM communication_event e JOIN communication c ON c.id = e.communication_id "
                + "WHERE c.debtor_id = ? ORDER BY e.id", gone)).containsExactly("PLANNED|null", "FAILED|HARD_BOUNCE");
        assertThat(f.book.rows("SELECT quality FROM contact_point WHERE debtor_id = ?", busy)).doesNotContain("HARD_BOUNCE");
        assertThat(f.book.rows("SELECT status, attempts, not_before = ?::timestamptz FROM communication WHERE debtor_id = ?",
                NOON_LONDON.plus(Duration.ofMinutes(1)).toString(), busy)).containsExactly("PLANNED|1|t");
        assertThat(f.book.queryString("SELECT status FROM communication WHERE debtor_id = ?", fine)).isEqualTo("SENT");

        // not yet due again; then the second attempt waits twice as long
        f.clock.advance(Duration.ofSeconds(59));
        assertThat(f.hub.emailDispatcher().drain().total()).isZero();
        f.clock.advance(Duration.ofSeconds(1));
        f.hub.emailDispatcher().drain();
        assertThat(f.book.rows("SELECT status, attempts, not_before = ?::timestamptz FROM communication WHERE debtor_id = ?",
                NOON_LONDON.plus(Duration.ofMinutes(3)).toString(), busy)).containsExactly("PLANNED|2|t");

        // the server recovers: the message goes out on the next attempt
        server.recipientPolicy(rcpt -> rcpt.startsWith("gone") ? "550 5.1.1 user unknown" : null);
        f.clock.advance(Duration.ofMinutes(2));
        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(1);
        assertThat(server.messages()).isEqualTo(2);
        assertThat(f.book.queryString("SELECT status FROM communication WHERE debtor_id = ?", busy)).isEqualTo("SENT");
        assertThat(f.book.queryString("SELECT status FROM communication WHERE debtor_id = ?", gone)).isEqualTo("FAILED");
    }

    @Test
    void temporaryRefusalGivesUpAfterMaxAttempts() {
        long busy = debtorWithInvoice("busy@example.test");
        server.recipientPolicy(rcpt -> "421 4.7.0 too busy");
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        for (int i = 0; i < 3; i++) {
            f.hub.emailDispatcher().drain();
            f.clock.advance(Duration.ofHours(1));
        }
        assertThat(f.book.rows("SELECT status, attempts FROM communication WHERE debtor_id = ?", busy))
                .containsExactly("FAILED|3");
        assertThat(f.book.queryString("SELECT last_error FROM communication WHERE debtor_id = ?", busy))
                .startsWith("gave up after 3 attempts").contains("421");
    }

    @Test
    void unreachableServerLeavesTheBatchForRetry() throws Exception {
        debtorWithInvoice("a@example.test");
        debtorWithInvoice("b@example.test");
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        server.close();

        DispatchStats stats = f.hub.emailDispatcher().drain();

        assertThat(stats.get("PLANNED")).isEqualTo(2);
        assertThat(f.book.rows("SELECT DISTINCT status, last_error LIKE 'gateway unavailable: cannot connect%' FROM communication"))
                .containsExactly("PLANNED|t");
    }

    @Test
    void aGatewayThatStaysDownLogsOneWarningForItsPausesNotOnePerBatch() throws Exception {
        f.close();
        Map<String, String> o = new HashMap<>(HubFixture.smtp(server.port()));
        o.put("arrears.policies", "src/test/resources/policies/flow");
        o.put("arrears.email.batch-size", "1");
        o.put("arrears.email.workers", "1");
        f = new HubFixture(NOON_LONDON, o);
        for (int i = 0; i < 3; i++) {
            debtorWithInvoice("d" + i + "@example.test");
        }
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        server.close();

        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 3; i++) {
                assertThat(f.hub.emailDispatcher().drain().get("PLANNED")).as("batch %d paused", i).isEqualTo(1);
            }
            assertThat(log.at(Level.WARN)).filteredOn(l -> l.logger().endsWith("Dispatcher")).singleElement()
                    .satisfies(l -> assertThat(l.message()).contains("email gateway unavailable").contains("cannot connect"));
        }
    }

    @Test
    void refusalsAreSummarisedInOneWarningPerBatchNotOneLinePerMessage() {
        for (int i = 0; i < 30; i++) {
            debtorWithInvoice("busy" + i + "@example.test");
        }
        server.recipientPolicy(rcpt -> "451 4.3.2 try again later");
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));

        try (LogCapture log = LogCapture.start()) {
            assertThat(f.hub.emailDispatcher().drain().get("PLANNED")).isEqualTo(30);
            List<LogCapture.Line> warnings = log.at(Level.WARN);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).message()).contains("refused by the gateway").contains("451 4.3.2").contains("=30");
        }
    }

    @Test
    void aServerAnswering451ToEveryMessageShowsTheGatewayDegradedWithItsReplyWhileItLasts() {
        for (int i = 0; i < 10; i++) {
            debtorWithInvoice("busy" + i + "@example.test");
        }
        assertThat(f.hub.emailDispatcher().health().level()).isEqualTo(GatewayHealth.Level.UP);
        server.recipientPolicy(rcpt -> "451 4.3.2 try again later");
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));

        f.hub.emailDispatcher().drain();

        GatewayHealth h = f.hub.emailDispatcher().health();
        assertThat(h.level()).isEqualTo(GatewayHealth.Level.DEGRADED);
        assertThat(h.up()).isTrue();
        assertThat(h.detail()).contains("10 of the last 10 messages").contains("451 4.3.2 try again later");
        // the adapter's own view of the connection is unchanged: the server answers
        assertThat(f.hub.emailDispatcher().adapter().health().level()).isEqualTo(GatewayHealth.Level.UP);
    }

    @Test
    void aServerRefusingOneRecipientInFiveShowsTheGatewayDegradedWithTheRefusal() {
        for (int i = 0; i < 25; i++) {
            debtorWithInvoice("d" + i + "@example.test");
        }
        server.recipientPolicy(rcpt -> rcpt.matches("d[0-9]*[05]@.*") ? "550 5.1.1 user unknown" : null);
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));

        f.hub.emailDispatcher().drain();

        GatewayHealth h = f.hub.emailDispatcher().health();
        assertThat(h.level()).isEqualTo(GatewayHealth.Level.DEGRADED);
        assertThat(h.detail()).contains("5 of the last 25 messages").contains("5 for good").contains("550 5.1.1");
    }

    private long debtorWithInvoice(String email) {
        long d = f.book.consumer(email, "Europe/London", "GB", email);
        f.book.invoice(d, "GBP", "75.00", LocalDate.of(2026, 5, 30));
        return d;
    }
}
