package org.arrears.email.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arrears.config.Hub;
import org.arrears.inbound.MailIntake;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reputation guard driven by recorded complaints: feedback reports taken in through the inbound loop push a
 * domain's complaint rate over the limit, the next campaign's email of that domain is deferred with REPUTATION_HOLD
 * while email of another domain still goes, and a person's release lets it go.
 */
class ReputationHoldFlowTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

    HubFixture f;
    int debtors;

    @BeforeEach
    void start() {
        Map<String, String> o = new HashMap<>(HubFixture.smtp(mail.getSmtp().getPort()));
        o.put("arrears.policies", "src/test/resources/policies/flow");
        // a small campaign stands for the volume: 20 emails are enough for the limits here
        o.put("arrears.reputation.min-sent", "20");
        f = new HubFixture(NOW, o);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    List<Long> campaign(int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = debtors++;
            long d = f.book.consumer("Debtor " + k, "Europe/London", "GB", "debtor" + k + "@example.test");
            f.book.invoice(d, "EUR", "120.00", TODAY.minusDays(10));
            ids.add(d);
        }
        f.hub.planner().plan(TODAY);
        return ids;
    }

    MailIntake.Result complaint(long debtor) {
        String token = f.book.queryString("SELECT token FROM communication WHERE debtor_id = ? AND channel = 'email'", debtor);
        String arf = org.arrears.inbound.MailFixtures.complaint(token, "arf-" + token, "").replace("\n", "\r\n");
        return f.hub.inboundMail().intake().ingest(arf.getBytes(StandardCharsets.US_ASCII), "fbl");
    }

    String status(long debtor) {
        return f.book.queryString("SELECT status || ' ' || coalesce(gate_reason, '') FROM communication "
                + "WHERE debtor_id = ? AND channel = 'email'", debtor).strip();
    }

    @Test
    void complaintsOverTheLimitHoldTheDomainUntilAPersonReleasesItWhileAnotherDomainStillSends() {
        List<Long> first = campaign(20);
        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(20);
        for (long d : first.subList(0, 3)) {
            assertThat(complaint(d).line()).contains("complaint");
        }
        assertThat(f.book.queryLong("SELECT count(*) FROM inbound_event WHERE kind = 'FEEDBACK'")).isEqualTo(3);

        List<ReputationGuard.Rates> rates = f.hub.reputation().evaluate();

        assertThat(rates).singleElement().satisfies(r -> {
            assertThat(r.domain()).isEqualTo("acme.example");
            assertThat(r.sent()).isEqualTo(20);
            assertThat(r.complaints()).isEqualTo(3);
            assertThat(r.standing()).isEqualTo(ReputationGuard.Standing.HELD);
        });
        assertThat(f.book.queryString("SELECT reason || ' ' || sent || ' ' || complaints FROM sender_hold "
                + "WHERE domain = 'acme.example' AND released_at IS NULL")).isEqualTo("COMPLAINT_RATE 20 3");
        assertThat(f.book.rows("SELECT title FROM task WHERE kind = 'SENDER_REPUTATION' ORDER BY id")).containsExactly(
                "Email from acme.example is held for its complaint rate",
                "Sender reputation of acme.example is above its warning threshold");

        // the next campaign: held for acme.example
        List<Long> second = campaign(2);
        assertThat(f.hub.emailDispatcher().drain().get("DEFERRED")).isEqualTo(2);
        for (long d : second) {
            assertThat(status(d)).isEqualTo("DEFERRED REPUTATION_HOLD");
        }
        assertThat(f.book.queryString("SELECT detail FROM communication_event WHERE communication_id = "
                + "(SELECT id FROM communication WHERE debtor_id = ? AND channel = 'email') ORDER BY id DESC LIMIT 1",
                second.get(0))).startsWith("R31 sender reputation: email from acme.example is held");

        // an instance sending from another domain is not held: once they are due again, it sends them
        Hub brand = f.anotherInstance(Map.of("arrears.email.from", "Brand Receivables <receivables@brand.example>"));
        f.clock.advance(Duration.ofMinutes(16));
        int before = mail.getReceivedMessages().length;
        assertThat(brand.emailDispatcher().drain().get("SENT")).isEqualTo(2);
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(before + 2);
        assertThat(from(received[received.length - 1])).contains("brand.example");

        // acme.example stays held until a person releases it
        List<Long> third = campaign(2);
        assertThat(f.hub.emailDispatcher().drain().get("DEFERRED")).isEqualTo(2);
        f.clock.advance(Duration.ofMinutes(16));
        assertThat(f.hub.emailDispatcher().drain().get("DEFERRED")).isEqualTo(2);

        assertThat(f.hub.reputation().release("acme.example", "Dana Ops", "list cleaned")).isTrue();
        assertThat(f.book.queryString("SELECT released_by || ' ' || released_at FROM sender_hold WHERE domain = 'acme.example'"))
                .startsWith("Dana Ops 2026-03-10 15:32");
        f.clock.advance(Duration.ofMinutes(16));
        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(2);
        for (long d : third) {
            assertThat(status(d)).startsWith("SENT");
        }
        // only email sent since the release counts now: the old complaints do not hold it again
        assertThat(f.hub.reputation().evaluate()).singleElement()
                .satisfies(r -> assertThat(r.standing()).isEqualTo(ReputationGuard.Standing.OK));
        assertThat(f.hub.reputation().held()).isEmpty();
    }

    @Test
    void aHeldDomainDefersOnlyTheEmailOfTheCreditorsThatSendFromIt() {
        f.book.execute("INSERT INTO creditor (id, code, legal_name) VALUES (2, 'brand', 'Brand Ltd')");
        List<Long> sent = campaign(2);
        f.book.execute("UPDATE communication SET creditor_id = 2 WHERE debtor_id = ?", sent.get(1));
        long acme = f.book.queryLong("SELECT id FROM communication WHERE debtor_id = ? AND channel = 'email'", sent.get(0));
        long brand = f.book.queryLong("SELECT id FROM communication WHERE debtor_id = ? AND channel = 'email'", sent.get(1));
        ReputationGuard guard = new ReputationGuard(f.db.dataSource(), ReputationSettings.from(
                org.arrears.config.Settings.load(java.nio.file.Path.of("config/application.properties"))),
                creditor -> creditor == 2 ? "brand.example" : "acme.example", "acme.example", f.clock, new SimpleMeterRegistry());
        f.book.execute("""
                INSERT INTO sender_hold (domain, creditor_id, reason, sent, complaints, hard_bounces, window_start, placed_at)
                VALUES ('brand.example', 2, 'COMPLAINT_RATE', 200, 3, 0, now() - interval '7 days', now())""");

        org.arrears.compliance.ContactAttempt plain = new org.arrears.compliance.ContactAttempt(acme,
                org.arrears.compliance.Channel.EMAIL, "reminder", NOW, null, null, List.of(), 1, java.math.BigDecimal.TEN,
                java.math.BigDecimal.ZERO, List.of());
        org.arrears.compliance.ContactAttempt branded = new org.arrears.compliance.ContactAttempt(brand,
                org.arrears.compliance.Channel.EMAIL, "reminder", NOW, null, null, List.of(), 1, java.math.BigDecimal.TEN,
                java.math.BigDecimal.ZERO, List.of());

        assertThat(guard.apply(plain).senderHold()).isNull();
        assertThat(guard.apply(branded).senderHold()).isNotNull()
                .satisfies(h -> assertThat(h.domain()).isEqualTo("brand.example"));
    }

    @Test
    void oneComplaintInTenEmailsRaisesAWarningAndTheGaugesButNoHold() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ReputationGuard guard = new ReputationGuard(f.db.dataSource(), ReputationSettings.from(
                org.arrears.config.Settings.load(java.nio.file.Path.of("config/application.properties"))),
                creditor -> "acme.example", "acme.example", f.clock, meters);
        List<Long> sent = campaign(10);
        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(10);
        complaint(sent.get(0));

        assertThat(guard.evaluate()).singleElement().satisfies(r -> {
            assertThat(r.complaintRate()).isEqualTo(0.1);
            assertThat(r.standing()).isEqualTo(ReputationGuard.Standing.WARNING);
        });

        assertThat(f.book.queryLong("SELECT count(*) FROM sender_hold")).isZero();
        assertThat(f.book.rows("SELECT title FROM task WHERE kind = 'SENDER_REPUTATION'"))
                .containsExactly("Sender reputation of acme.example is above its warning threshold");
        assertThat(meters.get("arrears_sender_complaint_rate").tag("domain", "acme.example").gauge().value()).isEqualTo(0.1);
        assertThat(meters.get("arrears_sender_bounce_rate").tag("domain", "acme.example").gauge().value()).isZero();
        assertThat(guard.held()).isEmpty();
    }

    private static String from(MimeMessage m) {
        try {
            return m.getHeader("From", null);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
