package org.arrears.sms.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.arrears.compliance.ReasonCode;
import org.arrears.config.Settings;
import org.arrears.outreach.DeliveryException;
import org.arrears.sms.SmsEncoding;
import org.arrears.sms.SmsGateway;
import org.arrears.sms.SmsMessage;
import org.arrears.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP SMS gateways against a real HTTP server (WireMock): every answer a provider gives, and the protections. */
class HttpSmsGatewayTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "tw-auth-token-0123456789abcdef";
    static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";
    static final String TO = "+447911123456";

    private final List<SmsGateway> opened = new ArrayList<>();

    @AfterEach
    void closeGateways() {
        opened.forEach(SmsGateway::close);
    }

    private Map<String, String> twilioSettings() {
        Map<String, String> m = new HashMap<>();
        m.put("arrears.sms.gateway", "twilio");
        m.put("arrears.sms.twilio.base-url", wm.baseUrl());
        m.put("arrears.sms.twilio.account-sid", "AC123");
        m.put("arrears.sms.twilio.auth-token", TOKEN);
        m.put("arrears.sms.from", "+15005550006");
        m.put("arrears.web.public-url", "https://hub.example/");
        m.put("arrears.sms.rate-limit", "0");
        m.put("arrears.sms.response-timeout", "PT2S");
        return m;
    }

    private HttpSmsGateway twilio(Map<String, String> settings, Clock clock) {
        HttpSmsGateway g = HttpSmsGateway.twilio(Settings.of(settings::get, settings::keySet, "test.properties"), clock, 2);
        opened.add(g);
        return g;
    }

    private HttpSmsGateway twilio() {
        return twilio(twilioSettings(), Clock.systemUTC());
    }

    private HttpSmsGateway generic(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("arrears.sms.gateway", "generic");
        m.put("arrears.web.public-url", "https://hub.example");
        m.put("arrears.sms.from", "ACME");
        m.putAll(extra);
        HttpSmsGateway g = HttpSmsGateway.generic(Settings.of(m::get, m::keySet, "test.properties"), Clock.systemUTC(), 2);
        opened.add(g);
        return g;
    }

    private static SmsMessage text(String body) {
        return new SmsMessage(7, "tok123", TO, null, body, SmsEncoding.count(body));
    }

    private static void answer(int status, String json) {
        wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(json)));
    }

    @Test
    void twilioPostsToFromBodyAndStatusCallbackWithBasicAuthAndRecordsTheSid() throws Exception {
        answer(201, "{\"sid\":\"SM0001\",\"status\":\"queued\"}");
        SmsGateway.Accepted a = twilio().send(text("Acme: please pay 12.00 EUR. Reply STOP to opt out."));

        assertThat(a.providerMessageId()).isEqualTo("SM0001");
        assertThat(a.providerResponse()).isEqualTo("HTTP 201, status queued");
        wm.verify(1, postRequestedFor(urlEqualTo(MESSAGES))
                .withBasicAuth(new BasicCredentials("AC123", TOKEN))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded; charset=UTF-8"))
                .withFormParam("To", equalTo(TO))
                .withFormParam("From", equalTo("+15005550006"))
                .withFormParam("Body", equalTo("Acme: please pay 12.00 EUR. Reply STOP to opt out."))
                .withFormParam("StatusCallback", equalTo("https://hub.example/sms/status/twilio?token=tok123")));
        String wire = new String(a.wire(), StandardCharsets.UTF_8);
        assertThat(wire).startsWith("POST " + MESSAGES + " HTTP/1.1\r\n").contains("Authorization: Basic xxxxxx\r\n")
                .contains("Body=Acme%3A+please+pay").doesNotContain(TOKEN);
    }

    @Test
    void twilioWithAMessagingServiceSendsItsSidInsteadOfFromAndRecordsAccepted() throws Exception {
        answer(201, "{\"sid\":\"SM0002\",\"status\":\"accepted\"}");
        Map<String, String> s = twilioSettings();
        s.remove("arrears.sms.from");
        s.put("arrears.sms.twilio.messaging-service-sid", "MG999");
        SmsGateway.Accepted a = twilio(s, Clock.systemUTC()).send(text("Hello"));

        assertThat(a.providerMessageId()).isEqualTo("SM0002");
        assertThat(a.providerResponse()).contains("status accepted");
        LoggedRequest r = wm.findAll(postRequestedFor(urlEqualTo(MESSAGES))).get(0);
        assertThat(r.getBodyAsString()).contains("MessagingServiceSid=MG999").doesNotContain("From=");
    }

    @Test
    void aTwilioInvalidNumberErrorIsRecipientRefusedAndTheQuotedNumberIsMasked() {
        answer(400, "{\"code\":21211,\"message\":\"The 'To' number " + TO + " is not a valid phone number.\",\"status\":400}");
        assertThatThrownBy(() -> twilio().send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RECIPIENT_REFUSED);
                    assertThat(e.addressReason()).isEqualTo(ReasonCode.INVALID_NUMBER);
                    assertThat(e.getMessage()).contains("answered 400").contains("code 21211")
                            .contains("+**********56").doesNotContain(TO);
                });
    }

    @Test
    void anInvalidSenderIsPermanentThoughItsErrorSaysNotAValidPhoneNumber() {
        answer(400, "{\"code\":21212,\"message\":\"The 'From' number +15005550001 is not a valid phone number, shortcode, "
                + "or alphanumeric sender ID.\",\"status\":400}");
        assertThatThrownBy(() -> twilio().send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
                    assertThat(e.getMessage()).contains("code 21212").contains("+*********01");
                });
    }

    @Test
    void aGenericErrorWithoutCodesIsReadWithTheInvalidNumberPattern() {
        wm.stubFor(post(urlEqualTo("/send")).willReturn(aResponse().withStatus(422).withBody("Invalid destination number")));
        HttpSmsGateway g = generic(Map.of("arrears.sms.generic.url", wm.baseUrl() + "/send",
                "arrears.sms.generic.body", "{\"to\":\"{to}\",\"text\":\"{text}\"}", "arrears.sms.generic.id-path", "id"));
        assertThatThrownBy(() -> g.send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RECIPIENT_REFUSED);
                    assertThat(e.getMessage()).endsWith("answered 422: the number is invalid or unreachable: Invalid destination number");
                });
        wm.stubFor(post(urlEqualTo("/send")).willReturn(aResponse().withStatus(422).withBody("text too long")));
        assertThatThrownBy(() -> g.send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.PERMANENT));
    }

    @Test
    void refusedCredentialsTakeTheGatewayDownInsteadOfFailingTheMessage() {
        answer(401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
        HttpSmsGateway g = twilio();
        assertThatThrownBy(() -> g.send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GATEWAY_DOWN);
                    assertThat(e.getMessage()).contains("credentials were refused").doesNotContain(TOKEN);
                });
        assertThat(g.health().up()).isFalse();
    }

    @Test
    void anotherClientErrorIsPermanent() {
        answer(400, "{\"code\":21602,\"message\":\"Message body is required.\",\"status\":400}");
        assertThatThrownBy(() -> twilio().send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
                    assertThat(e.getMessage()).isEqualTo("SMS gateway twilio http://localhost:" + wm.getPort()
                            + " answered 400: refused: code 21602: Message body is required.");
                });
    }

    @Test
    void tooManyRequestsIsTemporaryWithTheRetryAfterSeconds() {
        wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
        assertThatThrownBy(() -> twilio().send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TEMPORARY);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void tooManyRequestsWithAnHttpDateWaitsUntilThatDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "Tue, 01 Dec 2026 10:02:30 GMT")));
        assertThatThrownBy(() -> twilio(twilioSettings(), clock).send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TEMPORARY);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(150));
                });
        assertThat(HttpSmsGateway.retryAfter("Tue, 01 Dec 2026 09:00:00 GMT", clock.instant())).isEqualTo(Duration.ZERO);
        assertThat(HttpSmsGateway.retryAfter("soon", clock.instant())).isNull();
    }

    @Test
    void aServerErrorIsTemporaryForTheDispatchersBackOffAndTheRetrySucceeds() throws Exception {
        wm.stubFor(post(urlEqualTo(MESSAGES)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("upstream failure")).willSetStateTo("recovered"));
        wm.stubFor(post(urlEqualTo(MESSAGES)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SM0003\",\"status\":\"queued\"}")));
        HttpSmsGateway g = twilio();
        assertThatThrownBy(() -> g.send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TEMPORARY);
                    assertThat(e.retryAfter()).as("the dispatcher's own back-off").isNull();
                    assertThat(e.getMessage()).contains("answered 500: provider error: upstream failure");
                });
        assertThat(g.send(text("Hello")).providerMessageId()).isEqualTo("SM0003");
        wm.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void anAnswerSlowerThanTheResponseTimeoutIsGatewayDown() {
        wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201).withFixedDelay(3000)
                .withBody("{\"sid\":\"SM0004\",\"status\":\"queued\"}")));
        Map<String, String> s = twilioSettings();
        s.put("arrears.sms.response-timeout", "PT0.3S");
        HttpSmsGateway g = twilio(s, Clock.systemUTC());
        long start = System.nanoTime();
        assertThatThrownBy(() -> g.send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GATEWAY_DOWN);
                    assertThat(e.getMessage()).contains("no answer within PT0.3S");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(g.health().up()).isFalse();
    }

    @Test
    void aRefusedConnectionIsGatewayDownAndTheHealthSaysSoUntilASendSucceeds() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> s = twilioSettings();
        s.put("arrears.sms.twilio.base-url", "http://127.0.0.1:" + closed);
        HttpSmsGateway g = twilio(s, Clock.systemUTC());
        assertThat(g.health().up()).isTrue();
        assertThatThrownBy(() -> g.send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GATEWAY_DOWN);
                    assertThat(e.getMessage()).startsWith("SMS gateway twilio http://127.0.0.1:" + closed + ": no answer:");
                });
        assertThat(g.health().up()).isFalse();
        assertThat(g.health().detail()).contains("no answer");
    }

    @Test
    void theGenericProfileSendsAJsonBodyWithItsHeadersAndReadsTheIdAtAJsonPointer() throws Exception {
        wm.stubFor(post(urlEqualTo("/v1/Account/MA42/Message/")).willReturn(aResponse().withStatus(202)
                .withBody("{\"api_id\":\"a1\",\"message\":\"message(s) queued\",\"message_uuid\":[\"uuid-1\"]}")));
        HttpSmsGateway g = generic(Map.of(
                "arrears.sms.generic.url", wm.baseUrl() + "/v1/Account/{user}/Message/",
                "arrears.sms.generic.user", "MA42",
                "arrears.sms.generic.password", "plivo-secret-token",
                "arrears.sms.generic.header.X-Client-Ref", "{token}",
                "arrears.sms.generic.body-type", "json",
                "arrears.sms.generic.body", "{\"src\":\"{from}\",\"dst\":\"{to}\",\"text\":\"{text}\",\"url\":\"{callback}\"}",
                "arrears.sms.generic.id-path", "/message_uuid/0",
                "arrears.sms.generic.status-path", "message"));
        String body = "Line one \"quoted\"\nline two \\ done";
        SmsGateway.Accepted a = g.send(text(body));

        assertThat(a.providerMessageId()).isEqualTo("uuid-1");
        assertThat(a.providerResponse()).isEqualTo("HTTP 202, status message(s) queued");
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/Account/MA42/Message/"))
                .withBasicAuth(new BasicCredentials("MA42", "plivo-secret-token"))
                .withHeader("X-Client-Ref", equalTo("tok123"))
                .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
                .withRequestBody(equalToJson("{\"src\":\"ACME\",\"dst\":\"" + TO + "\",\"text\":\"Line one \\\"quoted\\\"\\nline two \\\\ done\","
                        + "\"url\":\"https://hub.example/sms/status/generic?token=tok123\"}")));
        assertThat(new String(a.wire(), StandardCharsets.UTF_8)).contains("/v1/Account/xxxxxx/Message/")
                .doesNotContain("plivo-secret-token").doesNotContain("MA42");
    }

    @Test
    void theGenericProfileReadsADottedPathAndAStatusItListsAsRefused() throws Exception {
        wm.stubFor(post(urlEqualTo("/sms/json")).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("to=447911123456"))
                .willReturn(aResponse().withStatus(200)
                        .withBody("{\"message-count\":\"1\",\"messages\":[{\"message-id\":\"V-77\",\"status\":\"0\"}]}")));
        Map<String, String> vonage = Map.of(
                "arrears.sms.generic.url", wm.baseUrl() + "/sms/json",
                "arrears.sms.generic.api-key", "vonage-key",
                "arrears.sms.generic.api-secret", "vonage-secret-value",
                "arrears.sms.generic.body-type", "form",
                "arrears.sms.generic.body", "api_key={api-key}&api_secret={api-secret}&from={from}&to={to-digits}&text={text}&type={encoding}",
                "arrears.sms.generic.id-path", "messages.0.message-id",
                "arrears.sms.generic.status-path", "messages.0.status",
                "arrears.sms.generic.accepted-statuses", "0",
                "arrears.sms.generic.refused-statuses", "6, 7");
        HttpSmsGateway g = generic(vonage);
        SmsGateway.Accepted a = g.send(text("Zahlen Sie bitte"));
        assertThat(a.providerMessageId()).isEqualTo("V-77");
        LoggedRequest r = wm.findAll(postRequestedFor(urlEqualTo("/sms/json"))).get(0);
        assertThat(r.getBodyAsString()).contains("api_secret=vonage-secret-value").contains("type=text").contains("from=ACME");
        assertThat(new String(a.wire(), StandardCharsets.UTF_8)).contains("api_key=xxxxxx&api_secret=xxxxxx")
                .doesNotContain("vonage-secret-value");

        wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(aResponse().withStatus(200)
                .withBody("{\"messages\":[{\"status\":\"7\",\"error-text\":\"Number barred\"}]}")));
        assertThatThrownBy(() -> g.send(text("Zahlen Sie bitte")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RECIPIENT_REFUSED);
                    assertThat(e.addressReason()).isEqualTo(ReasonCode.INVALID_NUMBER);
                    assertThat(e.getMessage()).contains("status 7");
                });
        wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(aResponse().withStatus(200)
                .withBody("{\"messages\":[{\"status\":\"4\",\"error-text\":\"Bad Credentials\"}]}")));
        assertThatThrownBy(() -> g.send(text("Zahlen Sie bitte")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.PERMANENT));
    }

    @Test
    void theCircuitOpensAfterTheFailuresLetsNoRequestThroughWhileOpenAndClosesAfterAProbe() throws Exception {
        wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(503)));
        Map<String, String> s = twilioSettings();
        s.put("arrears.sms.circuit.window", "3");
        s.put("arrears.sms.circuit.min-calls", "3");
        s.put("arrears.sms.circuit.failure-rate", "100");
        s.put("arrears.sms.circuit.open-for", "PT0.5S");
        HttpSmsGateway g = twilio(s, Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> g.send(text("Hello")))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TEMPORARY));
        }
        assertThat(g.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(g.health().up()).isFalse();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> g.send(text("Hello")))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GATEWAY_DOWN);
                        assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
                        assertThat(e.getMessage()).contains("circuit open");
                    });
        }
        wm.verify(3, anyRequestedFor(anyUrl()));

        answer(201, "{\"sid\":\"SM0005\",\"status\":\"queued\"}");
        List<String> ids = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                ids.add(g.send(text("Hello")).providerMessageId());
                return true;
            } catch (DeliveryException e) {
                assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GATEWAY_DOWN);
                return false;
            }
        });
        assertThat(ids).containsExactly("SM0005");
        wm.verify(4, anyRequestedFor(anyUrl()));
        assertThat(g.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(g.health().up()).isTrue();
    }

    @Test
    void aProbeThatFailsOpensTheCircuitAgain() {
        wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(500)));
        Map<String, String> s = twilioSettings();
        s.put("arrears.sms.circuit.window", "2");
        s.put("arrears.sms.circuit.min-calls", "2");
        s.put("arrears.sms.circuit.failure-rate", "100");
        s.put("arrears.sms.circuit.open-for", "PT0.3S");
        HttpSmsGateway g = twilio(s, Clock.systemUTC());
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> g.send(text("Hello"))).isInstanceOf(DeliveryException.class);
        }
        assertThat(g.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                g.send(text("Hello"));
                return false;
            } catch (DeliveryException e) {
                return e.kind() == DeliveryException.Kind.TEMPORARY; // the probe reached the provider and failed
            }
        });
        wm.verify(3, anyRequestedFor(anyUrl()));
        assertThat(g.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> g.send(text("Hello")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GATEWAY_DOWN));
        wm.verify(3, anyRequestedFor(anyUrl()));
    }

    @Test
    void theThroughputLimitSpacesTheRequestsOfAllWorkers() throws Exception {
        answer(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}");
        Map<String, String> s = twilioSettings();
        s.put("arrears.sms.rate-limit", "5");
        HttpSmsGateway g = twilio(s, Clock.systemUTC());
        ExecutorService workers = Executors.newFixedThreadPool(3);
        long start = System.nanoTime();
        try {
            List<Future<SmsGateway.Accepted>> sent = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                sent.add(workers.submit(() -> g.send(text("Hello"))));
            }
            for (Future<SmsGateway.Accepted> f : sent) {
                assertThat(f.get().providerMessageId()).isEqualTo("SM1");
            }
        } finally {
            workers.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        wm.verify(11, postRequestedFor(urlEqualTo(MESSAGES)));
        // 11 requests at 5 per second: the last one no earlier than 2 s after the first (less a cycle's slack)
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1800));
    }

    @Test
    void thePoolKeepsAsManyConnectionsPerRouteAsThereAreWorkers() {
        Map<String, String> m = twilioSettings();
        HttpSmsGateway g = HttpSmsGateway.twilio(Settings.of(m::get, m::keySet, "test.properties"), Clock.systemUTC(), 6);
        opened.add(g);
        assertThat(g.maxConnectionsPerRoute()).isEqualTo(6);
    }

    @Test
    void noSecretReachesALogLineOrAnExceptionMessage() {
        wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(500)
                .withBody("bad token " + TOKEN + " for account AC123")));
        Map<String, String> s = twilioSettings();
        s.put("arrears.sms.circuit.window", "2");
        s.put("arrears.sms.circuit.min-calls", "2");
        s.put("arrears.sms.circuit.failure-rate", "100");
        List<String> messages = new ArrayList<>();
        try (LogCapture log = LogCapture.start()) {
            HttpSmsGateway g = twilio(s, Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                try {
                    g.send(text("Hello"));
                } catch (DeliveryException e) {
                    messages.add(e.getMessage());
                }
            }
            assertThat(g.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(log.text()).contains("circuit open").doesNotContain(TOKEN);
            assertThat(g.health().detail()).doesNotContain(TOKEN);
        }
        assertThat(messages).hasSize(3).allSatisfy(msg -> assertThat(msg).doesNotContain(TOKEN));
        assertThat(messages.get(0)).contains("bad token xxxxxx");
    }
}
