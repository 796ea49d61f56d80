package org.arrears.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ConsentSource;
import org.arrears.compliance.ContactPointProfile;
import org.arrears.compliance.DebtorProfile;
import org.arrears.compliance.ReasonCode;
import org.arrears.config.Settings;
import org.arrears.outreach.ChannelAdapter;
import org.arrears.outreach.ClaimedMessage;
import org.arrears.outreach.Company;
import org.arrears.outreach.Delivery;
import org.arrears.outreach.DeliveryException;
import org.arrears.outreach.InvoiceLine;
import org.arrears.outreach.MessageContext;
import org.arrears.outreach.MessageModel;
import org.arrears.outreach.OptOutLinks;
import org.arrears.outreach.TemplateException;
import org.arrears.outreach.TemplateRenderer;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.DunningStep;
import org.arrears.sms.http.HttpSmsGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The SMS adapter: numbers checked before any request, the text rendered and recounted, then sent over real HTTP. */
class SmsAdapterTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    static final MessageModel MODEL = new MessageModel(new Company("Acme Supplies Ltd", "1 Harbour Street, Bristol",
            "receivables@acme.example", "+44 117 496 0000", "https://acme.example", "https://pay.acme.example/?ref={reference}"),
            new OptOutLinks("test-secret-0123456789abcdef", "https://hub.example"));

    @TempDir
    Path tmp;

    private HttpSmsGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private SmsAdapter adapter(Path templates, SmsAdapter.MaxSegments max) {
        Map<String, String> m = new HashMap<>();
        m.put("arrears.sms.gateway", "twilio");
        m.put("arrears.sms.twilio.base-url", wm.baseUrl());
        m.put("arrears.sms.twilio.account-sid", "AC123");
        m.put("arrears.sms.twilio.auth-token", "tw-token-abcdef");
        m.put("arrears.sms.from", "+15005550006");
        Settings settings = Settings.of(m::get, m::keySet, "test.properties");
        gateway = (HttpSmsGateway) SmsGateways.from(settings, CLOCK, 2);
        return SmsAdapter.from(settings, gateway, new TemplateRenderer(templates), MODEL, CLOCK, max);
    }

    private SmsAdapter shipped() {
        return adapter(Path.of("templates"), null);
    }

    private static MessageContext context(String number, String jurisdiction, Locale locale) {
        ClaimedMessage m = new ClaimedMessage(11, "tok-sms-1", 4711, "EUR", 3, "standard", "reminder", 1, "sms", "reminder",
                5L, number, 0, UUID.randomUUID());
        DebtorProfile debtor = new DebtorProfile(4711, true, jurisdiction, ZoneId.of("Europe/London"), null, List.of(),
                false, false, false, false, null, null, null);
        ContactPointProfile phone = new ContactPointProfile(5, Channel.SMS, number, ConsentSource.CONSUMER_CONSENT,
                Instant.parse("2026-01-01T00:00:00Z"), null, false, false, null, false, null);
        List<InvoiceLine> invoices = List.of(new InvoiceLine(1, "INV-2026-000101", "EUR", LocalDate.of(2026, 10, 1),
                LocalDate.of(2026, 10, 31), new BigDecimal("1250.00"), new BigDecimal("1250.00"), "RF18539007547034", false));
        return new MessageContext(m, "Jane Doe", locale, debtor, phone, invoices, List.of(), List.of());
    }

    private static void accept() {
        wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
                .withBody("{\"sid\":\"SM42\",\"status\":\"queued\"}")));
    }

    private static Delivery deliver(SmsAdapter a, MessageContext ctx) throws DeliveryException {
        try (ChannelAdapter.Session s = a.open()) {
            return s.deliver(ctx);
        }
    }

    @Test
    void aNumberThatIsNotValidIsRefusedBeforeAnyHttpCall() {
        accept();
        SmsAdapter a = shipped();
        assertThatThrownBy(() -> deliver(a, context("07911 12345", "GB", Locale.UK)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RECIPIENT_REFUSED);
                    assertThat(e.addressReason()).isEqualTo(ReasonCode.INVALID_NUMBER);
                    assertThat(e.getMessage()).startsWith("phone number '").doesNotContain("07911 12345");
                });
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aLandlineIsRefusedBeforeAnyHttpCall() {
        accept();
        SmsAdapter a = shipped();
        assertThatThrownBy(() -> deliver(a, context("0117 496 0123", "GB", Locale.UK)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RECIPIENT_REFUSED);
                    assertThat(e.addressReason()).isEqualTo(ReasonCode.LANDLINE);
                    assertThat(e.getMessage()).isEqualTo("phone number '+**********23': a landline in the numbering plan "
                            + "of GB, it cannot receive texts");
                });
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aNumberThePlanCallsFixedLineOrMobileIsSent() throws Exception {
        accept();
        Delivery d = deliver(shipped(), context("(650) 253-0000", "US-CA", Locale.US));
        assertThat(d.providerMessageId()).isEqualTo("SM42");
        assertThat(wm.findAll(postRequestedFor(urlEqualTo(MESSAGES))).get(0).getBodyAsString()).contains("To=%2B16502530000");
    }

    @Test
    void theRenderedTextCarriesTheOptOutSentenceOfItsLanguageAndTheDeliveryItsEvidence() throws Exception {
        accept();
        SmsAdapter a = shipped();
        Delivery d = deliver(a, context("07911 123456", "GB", Locale.UK));

        LoggedRequest r = wm.findAll(postRequestedFor(urlEqualTo(MESSAGES))).get(0);
        Map<String, String> form = form(r.getBodyAsString());
        assertThat(form.get("To")).isEqualTo("+447911123456");
        assertThat(form.get("Body")).startsWith("Acme Supplies Ltd: Jane Doe").contains("Reply STOP to opt out");
        assertThat(d.providerMessageId()).isEqualTo("SM42");
        assertThat(d.providerResponse()).isEqualTo("HTTP 201, status queued");
        assertThat(d.templateVersion()).isNotBlank();
        assertThat(new String(d.content(), StandardCharsets.UTF_8)).contains("POST " + MESSAGES).doesNotContain("tw-token-abcdef");

        deliver(a, context("+49 151 23456789", "DE", Locale.GERMAN));
        Map<String, String> german = form(wm.findAll(postRequestedFor(urlEqualTo(MESSAGES))).get(1).getBodyAsString());
        assertThat(german.get("To")).isEqualTo("+4915123456789");
        assertThat(german.get("Body")).contains(SmsTemplates.DEFAULT_OPT_OUT_PHRASES.get("de"));
    }

    @Test
    void aTextOverItsStepsMaximumIsPermanentNamingItsSegmentCount() throws IOException {
        accept();
        Path f = tmp.resolve("sms/reminder/text.ftl");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "${debtor.name}, " + "please pay. ".repeat(20) + "Reply STOP to opt out.");
        SmsAdapter a = adapter(tmp, (policy, step) -> "reminder".equals(step) ? 1 : 5);
        assertThatThrownBy(() -> deliver(a, context("07911 123456", "GB", Locale.UK)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
                    assertThat(e.getMessage()).isEqualTo("the text takes 2 segments (272 GSM-7 septets), more than the 1 "
                            + "step 'reminder' allows; not sent");
                });
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void validateTemplatesChecksEachSmsStepAgainstItsOwnMaximum() {
        Path source = Path.of("config/policies/standard.yaml");
        DunningStep email = new DunningStep(0, "courtesy", -3, List.of(Channel.EMAIL), false, "missing", null, false, null, null, 5);
        DunningStep sms = new DunningStep(1, "reminder", 7, List.of(Channel.SMS, Channel.EMAIL), false, "reminder", null, false, null, null, 9);
        List<DunningPolicy> policies = List.of(new DunningPolicy("standard", "1", source, "", 0, null, Map.of(),
                BigDecimal.ZERO, 7, DunningPolicy.CatchUp.FIRST_STEP, List.of(email, sms)));

        assertThatCode(() -> adapter(Path.of("templates"), SmsAdapter.MaxSegments.fixed(2)).validateTemplates(policies))
                .as("an email-only step's template is not the SMS adapter's to check").doesNotThrowAnyException();
        assertThatThrownBy(() -> adapter(Path.of("templates"), (policy, step) -> 1).validateTemplates(policies))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith(source + ":9: step 'reminder': ")
                .hasMessageContaining("more than the 1 step 'reminder' allows");
    }

    @Test
    void theAdapterReportsItsGatewaysHealthAndName() {
        SmsAdapter a = shipped();
        assertThat(a.channel()).isEqualTo(Channel.SMS);
        assertThat(a.describe()).isEqualTo("twilio http://localhost:" + wm.getPort());
        assertThat(a.health().up()).isTrue();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
