package org.arrears.outreach;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An SMS provider that throttles (HTTP 429 with Retry-After) over a Twilio stand-in on WireMock: the hub waits as long
 * as it was asked, for the whole batch, rather than asking again message by message, and sends everything afterwards.
 */
class GatewayThrottleFlowTest {

    static final Instant NOON_LONDON = Instant.parse("2026-06-03T11:00:00Z");
    static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";

    @RegisterExtension
    static WireMockExtension twilio = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    HubFixture f;

    @BeforeEach
    void start() {
        Map<String, String> o = new HashMap<>();
        o.put("arrears.policies", "src/test/resources/policies/omni");
        o.put("arrears.sms.gateway", "twilio");
        o.put("arrears.sms.twilio.base-url", twilio.baseUrl());
        o.put("arrears.sms.twilio.account-sid", "AC123");
        o.put("arrears.sms.twilio.auth-token", "tw-auth-token-0123456789abcdef");
        o.put("arrears.sms.from", "+15005550006");
        o.put("arrears.sms.workers", "1");
        o.put("arrears.sms.circuit.min-calls", "100"); // the 500s show as strain here, not as an open circuit
        f = new HubFixture(NOON_LONDON, o);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private void textDebtors(int n) {
        textDebtors(0, n);
    }

    private void textDebtors(int from, int n) {
        for (int i = from; i < from + n; i++) {
            long d = f.book.consumer("Texted " + i, "Europe/London", "GB", null);
            f.book.phone(d, "+4479111234" + String.format("%02d", i), "CONSUMER_CONSENT");
            f.book.invoice(d, "GBP", "40.00", LocalDate.of(2026, 6, 1));
        }
    }

    @Test
    void aThrottlingAnswerWithRetryAfterMakesTheWholeBatchWaitThatLongAndItIsSentAfterwards() {
        textDebtors(4);
        twilio.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")
                .withHeader("Content-Type", "application/json").withBody("{\"code\":20429,\"message\":\"Too Many Requests\"}")));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));

        f.hub.smsDispatcher().drain();

        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES)))).as("asked once, not once per message").hasSize(1);
        String due = NOON_LONDON.plus(Duration.ofSeconds(120)).toString();
        assertThat(f.book.rows("SELECT status, not_before = ?::timestamptz FROM communication WHERE channel = 'sms'", due))
                .hasSize(4).containsOnly("PLANNED|t");
        assertThat(f.book.rows("SELECT last_error LIKE 'gateway asked to wait: %' FROM communication "
                + "WHERE channel = 'sms' AND attempts = 0")).hasSize(3).containsOnly("t");

        twilio.resetAll();
        twilio.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SM0001\",\"status\":\"queued\"}")));
        f.clock.advance(Duration.ofSeconds(119));
        f.hub.smsDispatcher().drain();
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES)))).as("not before the wait is over").isEmpty();
        f.clock.advance(Duration.ofSeconds(1));
        f.hub.smsDispatcher().drain();
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES)))).hasSize(4);
        assertThat(f.book.rows("SELECT DISTINCT status FROM communication WHERE channel = 'sms'")).containsExactly("SENT");
    }

    @Test
    void aTextPlannedWhileTheGatewayAskedToWaitIsNotTriedBeforeTheWaitIsOver() {
        textDebtors(1);
        twilio.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")
                .withHeader("Content-Type", "application/json").withBody("{\"code\":20429}")));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        f.hub.smsDispatcher().drain();
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES)))).hasSize(1);

        textDebtors(1, 2); // due at once, but the gateway said to come back in a minute
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        f.clock.advance(Duration.ofSeconds(30));
        f.hub.smsDispatcher().drain();
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES)))).as("not asked again within its Retry-After").hasSize(1);
        assertThat(f.book.rows("SELECT status FROM communication WHERE channel = 'sms'")).hasSize(3).containsOnly("PLANNED");

        f.clock.advance(Duration.ofSeconds(30));
        f.hub.smsDispatcher().drain();
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES)))).as("asked again once the wait was over").hasSize(2);
    }

    @Test
    void aProviderAnswering500ToEveryTextShowsTheSmsGatewayDegradedWithItsAnswerWhileItsCircuitStaysClosed() {
        textDebtors(6);
        twilio.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"internal error\"}")));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        assertThat(f.hub.smsDispatcher().health().level()).isEqualTo(GatewayHealth.Level.UP);

        f.hub.smsDispatcher().drain();

        GatewayHealth h = f.hub.smsDispatcher().health();
        assertThat(h.level()).isEqualTo(GatewayHealth.Level.DEGRADED);
        assertThat(h.detail()).contains("6 of the last 6 messages").contains("answered 500: provider error");
        assertThat(f.book.rows("SELECT DISTINCT status FROM communication WHERE channel = 'sms'")).containsExactly("PLANNED");
    }
}
