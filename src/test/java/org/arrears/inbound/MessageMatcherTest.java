package org.arrears.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arrears.bench.SmtpSink;
import org.arrears.inbound.MessageMatcher.Evidence;
import org.arrears.inbound.MessageMatcher.How;
import org.arrears.inbound.MessageMatcher.Match;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inbound mail finds the reminder it answers: by VERP, threading headers, the embedded original, then the address. */
class MessageMatcherTest {

    static final Instant NOON_LONDON = Instant.parse("2026-06-03T11:00:00Z");

    SmtpSink smtp;
    HubFixture f;
    MessageMatcher matcher;
    long alice;
    long bob;
    String aliceToken;
    String bobToken;

    @BeforeEach
    void sendTwoReminders() throws Exception {
        smtp = new SmtpSink();
        Map<String, String> o = new HashMap<>(HubFixture.smtp(smtp.port()));
        o.put("arrears.policies", "src/test/resources/policies/flow");
        f = new HubFixture(NOON_LONDON, o);
        alice = f.book.consumer("Alice", "Europe/London", "GB", "alice@example.test");
        bob = f.book.consumer("Bob", "Europe/London", "GB", "bob@example.test");
        f.book.invoice(alice, "EUR", "10.00", LocalDate.of(2026, 6, 1));
        f.book.invoice(bob, "EUR", "10.00", LocalDate.of(2026, 6, 1));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        f.hub.emailDispatcher().drain();
        aliceToken = f.book.queryString("SELECT token FROM communication WHERE debtor_id = ?", alice);
        bobToken = f.book.queryString("SELECT token FROM communication WHERE debtor_id = ?", bob);
        matcher = new MessageMatcher(f.hub.database().dataSource());
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
        smtp.close();
    }

    private long id(long debtor) {
        return f.book.queryLong("SELECT id FROM communication WHERE debtor_id = ?", debtor);
    }

    @Test
    void theVerpTokenOfTheEnvelopeRecipientWinsOverEverythingElse() {
        Evidence e = new Evidence(List.of("Bounces+" + aliceToken.toUpperCase() + "@acme.example"),
                "<" + bobToken + "@acme.example>", List.of(), List.of(), List.of("bob@example.test"));
        assertThat(matcher.match(e)).contains(new Match(id(alice), alice, How.VERP));
    }

    @Test
    void aReplyIsMatchedByInReplyToThenByTheLastOfItsReferences() {
        assertThat(matcher.match(new Evidence(List.of(), "<" + bobToken + "@acme.example>", List.of(), List.of(), List.of())))
                .contains(new Match(id(bob), bob, How.IN_REPLY_TO));
        assertThat(matcher.match(new Evidence(List.of(), "<unknown@elsewhere.example>",
                List.of("<" + aliceToken + "@acme.example>", "<" + bobToken + "@acme.example>"), List.of(), List.of())))
                .contains(new Match(id(bob), bob, How.REFERENCES));
    }

    @Test
    void aBounceIsMatchedByTheOriginalMessageItEmbeds() {
        String embedded = "Return-Path: <bounces+" + bobToken + "@acme.example>\nMessage-ID: <" + bobToken
                + "@acme.example>\nSubject: Payment reminder\n";
        assertThat(matcher.match(new Evidence(List.of("postmaster@acme.example"), null, List.of(), List.of(embedded),
                List.of()))).contains(new Match(id(bob), bob, How.EMBEDDED));
    }

    @Test
    void withNothingElseTheMostRecentEmailToTheFailedAddressIsTaken() {
        assertThat(matcher.match(new Evidence(List.of(), null, List.of(), List.of(), List.of("ALICE@example.test"))))
                .contains(new Match(id(alice), alice, How.RECIPIENT));
    }

    @Test
    void tokensTheHubNeverSentAndUnknownAddressesMatchNothing() {
        assertThat(matcher.match(new Evidence(List.of("bounces+0123456789abcdef0123456789abcdef@acme.example"),
                "<0123456789abcdef0123456789abcdef@acme.example>", List.of(), List.of("garbage"),
                List.of("nobody@example.test")))).isEmpty();
    }
}
