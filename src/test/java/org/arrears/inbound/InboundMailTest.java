package org.arrears.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arrears.bench.SmtpSink;
import org.arrears.inbound.InboundMail.Item;
import org.arrears.inbound.InboundMail.Kind;
import org.arrears.inbound.MessageMatcher.Evidence;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Classified inbound mail applied to the account: what is certain acts, everything is recorded once. */
class InboundMailTest {

    static final Instant NOON_LONDON = Instant.parse("2026-06-03T11:00:00Z");

    SmtpSink smtp;
    HubFixture f;
    InboundMail inbound;
    long debtor;
    String token;

    @BeforeEach
    void sendAReminder() throws Exception {
        smtp = new SmtpSink();
        Map<String, String> o = new HashMap<>(HubFixture.smtp(smtp.port()));
        o.put("arrears.policies", "src/test/resources/policies/omni");
        f = new HubFixture(NOON_LONDON, o);
        debtor = f.book.consumer("Dana", "Europe/London", "GB", "dana@example.test");
        f.book.phone(debtor, "+447911123456", "CONSUMER_CONSENT");
        f.book.invoice(debtor, "EUR", "250.00", LocalDate.of(2026, 6, 1));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        f.hub.emailDispatcher().drain();
        token = f.book.queryString("SELECT token FROM communication WHERE debtor_id = ?", debtor);
        inbound = new InboundMail(f.hub.database().dataSource(), f.hub.lifecycle(), new ReplyActions(f.hub.holds(), 5), f.clock, 3,
                java.time.Duration.ofDays(14));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
        smtp.close();
    }

    private Evidence verp() {
        return new Evidence(List.of("bounces+" + token + "@acme.example"), null, List.of(), List.of(), List.of());
    }

    private Item bounce(String id, boolean hard) {
        return new Item("bounces", id, Kind.BOUNCE, List.of(new BounceRecord("dana@example.test", null,
                hard ? "5.1.1" : "4.2.2", hard ? "550" : "452", "mailbox unavailable", "failed",
                hard ? "userunknown" : "mailboxfull", hard, null, null)), null, null, verp(), NOON_LONDON);
    }

    @Test
    void aHardBounceMarksTheAddressUndeliverableAndPlansTheFallbackOnce() {
        InboundMail.Applied first = inbound.apply(bounce("<b1@mx.example>", true));
        InboundMail.Applied again = inbound.apply(bounce("<b1@mx.example>", true));

        assertThat(first.match().how()).isEqualTo(MessageMatcher.How.VERP);
        assertThat(again.repeated()).isTrue();
        assertThat(f.book.rows("SELECT channel, status FROM communication WHERE debtor_id = ? ORDER BY id", debtor))
                .containsExactly("email|BOUNCED", "sms|PLANNED");
        assertThat(f.book.rows("SELECT quality FROM contact_point WHERE debtor_id = ? AND channel = 'email'", debtor))
                .containsExactly("HARD_BOUNCE");
        assertThat(f.book.queryLong("SELECT count(*) FROM inbound_event")).isEqualTo(1);
    }

    @Test
    void softBouncesAreRetriedAndTheThirdCountsAsHard() {
        inbound.apply(bounce("<s1@mx.example>", false));
        inbound.apply(bounce("<s2@mx.example>", false));
        assertThat(f.book.rows("SELECT status FROM communication WHERE debtor_id = ? AND channel = 'email'", debtor))
                .containsExactly("SENT");
        assertThat(f.book.rows("SELECT quality FROM contact_point WHERE debtor_id = ? AND channel = 'email'", debtor))
                .containsExactly("SOFT_BOUNCE");

        inbound.apply(bounce("<s3@mx.example>", false));

        assertThat(f.book.rows("SELECT status FROM communication WHERE debtor_id = ? AND channel = 'email'", debtor))
                .containsExactly("BOUNCED");
    }

    @Test
    void aSoftBounceTwoWeeksAfterTheAddressFirstBouncedSoftlyCountsAsHard() {
        inbound.apply(bounceAt("<s1@mx.example>", NOON_LONDON));
        assertThat(f.book.rows("SELECT status FROM communication WHERE debtor_id = ? AND channel = 'email'", debtor))
                .containsExactly("SENT");

        InboundMail.Applied late = inbound.apply(bounceAt("<s2@mx.example>", NOON_LONDON.plus(java.time.Duration.ofDays(14))));

        assertThat(late.effects()).anyMatch(e -> e.contains("after 14 days of soft bounces"));
        assertThat(f.book.rows("SELECT status FROM communication WHERE debtor_id = ? AND channel = 'email'", debtor))
                .containsExactly("BOUNCED");
    }

    @Test
    void aSecondSoftBounceWithinTwoWeeksStaysSoft() {
        inbound.apply(bounceAt("<s1@mx.example>", NOON_LONDON));
        inbound.apply(bounceAt("<s2@mx.example>", NOON_LONDON.plus(java.time.Duration.ofDays(13))));

        assertThat(f.book.rows("SELECT status FROM communication WHERE debtor_id = ? AND channel = 'email'", debtor))
                .containsExactly("SENT");
    }

    @Test
    void softBouncesBeforeTheAddressLastTookAMessageDoNotCount() {
        inbound.apply(bounce("<s1@mx.example>", false));
        inbound.apply(bounce("<s2@mx.example>", false));
        f.book.execute("UPDATE contact_point SET last_delivered_at = ?::timestamptz WHERE debtor_id = ? AND channel = 'email'",
                NOON_LONDON.plusSeconds(60).toString(), debtor);

        inbound.apply(bounceAt("<s3@mx.example>", NOON_LONDON.plusSeconds(120)));

        assertThat(f.book.rows("SELECT status FROM communication WHERE debtor_id = ? AND channel = 'email'", debtor))
                .containsExactly("SENT");
    }

    private Item bounceAt(String id, java.time.Instant at) {
        return new Item("bounces", id, Kind.BOUNCE, List.of(new BounceRecord("dana@example.test", null, "4.2.2", "452",
                "mailbox full", "failed", "mailboxfull", false, null, null)), null, null, verp(), at);
    }

    @Test
    void aReplyPromisingToPayCreatesAPromiseToPayHoldWithItsDateAndAmountAndATask() {
        Evidence reply = new Evidence(List.of(), "<" + token + "@acme.example>", List.of(), List.of(), List.of());
        inbound.apply(new Item("replies", "<r1@client.example>", Kind.REPLY, List.of(),
                new Intent(Intent.Kind.PROMISE_TO_PAY, LocalDate.of(2026, 6, 15), new BigDecimal("200"), null,
                        "I will pay 200 on the 15th", "en"),
                "I will pay 200 on the 15th", reply, NOON_LONDON));

        assertThat(f.book.rows("SELECT kind, until, promised_amount, promise_status FROM hold WHERE debtor_id = ?", debtor))
                .containsExactly("PROMISE_TO_PAY|2026-06-15|200.00|OPEN");
        assertThat(f.book.rows("SELECT kind, detail FROM task WHERE debtor_id = ?", debtor))
                .containsExactly("MAIL_REPLY|I will pay 200 on the 15th");
    }

    @Test
    void anAutomaticReplyChangesNothingButItsRecord() {
        Evidence reply = new Evidence(List.of(), "<" + token + "@acme.example>", List.of(), List.of(), List.of());
        inbound.apply(new Item("replies", "<ooo@client.example>", Kind.AUTOREPLY, List.of(), null, "I am away", reply,
                NOON_LONDON));

        assertThat(f.book.rows("SELECT kind, debtor_id FROM inbound_event")).containsExactly("AUTOREPLY|" + debtor);
        assertThat(f.book.queryLong("SELECT count(*) FROM task")).isZero();
        assertThat(f.book.queryLong("SELECT count(*) FROM hold")).isZero();
        assertThat(f.book.rows("SELECT status FROM communication WHERE debtor_id = ?", debtor)).containsExactly("SENT");
    }

    @Test
    void aComplaintOptsTheAddressOut() {
        inbound.apply(new Item("bounces", "<arf@fbl.example>", Kind.FEEDBACK, List.of(), null, null, verp(), NOON_LONDON));

        assertThat(f.book.rows("SELECT opt_out_source FROM contact_point WHERE debtor_id = ? AND channel = 'email'", debtor))
                .containsExactly("COMPLAINT");
        assertThat(f.book.rows("SELECT event, source FROM consent_event")).containsExactly("OPT_OUT|COMPLAINT");
    }

    @Test
    void aReplyAskingToStopWritingSetsTheCeaseFlag() {
        Evidence reply = new Evidence(List.of(), "<" + token + "@acme.example>", List.of(), List.of(), List.of());
        inbound.apply(new Item("replies", "<r2@client.example>", Kind.REPLY, List.of(), new Intent(Intent.Kind.CEASE_COMMUNICATION, null, null, null,
                "Stop writing to me", "en"),
                "Stop writing to me.", reply, NOON_LONDON));

        assertThat(f.book.rows("SELECT cease_communication, source FROM debtor_flag WHERE debtor_id = ?", debtor))
                .containsExactly("t|REPLY");
    }
}
