package org.arrears.outreach;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.arrears.bench.SmtpSink;
import org.arrears.compliance.Channel;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A step with channels [email, sms, letter] over real parts: an SMTP server that refuses some recipients, a Twilio
 * gateway stand-in on WireMock, and the print outbox. Whatever cannot reach the debtor moves to the next channel,
 * once, and nothing is sent twice.
 */
class FallbackFlowTest {

    static final Instant NOON_LONDON = Instant.parse("2026-06-03T11:00:00Z");
    static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";

    @RegisterExtension
    static WireMockExtension twilio = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    SmtpSink smtp;
    HubFixture f;

    @BeforeEach
    void start() throws Exception {
        smtp = new SmtpSink();
        smtp.recipientPolicy(rcpt -> rcpt.startsWith("gone") ? "550 5.1.1 <" + rcpt + ">: user unknown" : null);
        twilio.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SM0001\",\"status\":\"queued\"}")));
        Map<String, String> o = new HashMap<>(HubFixture.smtp(smtp.port()));
        o.put("arrears.policies", "src/test/resources/policies/omni");
        o.put("arrears.sms.gateway", "twilio");
        o.put("arrears.sms.twilio.base-url", twilio.baseUrl());
        o.put("arrears.sms.twilio.account-sid", "AC123");
        o.put("arrears.sms.twilio.auth-token", "tw-auth-token-0123456789abcdef");
        o.put("arrears.sms.from", "+15005550006");
        f = new HubFixture(NOON_LONDON, o);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
        smtp.close();
    }

    private long debtor(String email, String phone, String phoneConsent, boolean postal) {
        long d = f.book.consumer("Fallback", "Europe/London", "GB", email);
        if (phone != null) {
            f.book.phone(d, phone, phoneConsent);
        }
        if (postal) {
            f.book.postal(d, "1 High Street\nBristol\nBS1 1AA");
        }
        f.book.invoice(d, "EUR", "40.00", LocalDate.of(2026, 6, 1));
        return d;
    }

    private List<String> messages(long debtor) {
        return f.book.rows("SELECT channel, status, coalesce(gate_reason, '') FROM communication WHERE debtor_id = ? "
                + "ORDER BY id", debtor);
    }

    @Test
    void anEmailThatHardFailsGoesOutAsATextAndANumberWithoutConsentFallsBackToALetterNothingTwice() throws IOException {
        long texted = debtor("gone.texted@example.test", "+447911123456", "CONSUMER_CONSENT", true);
        long written = debtor("gone.written@example.test", "+447911654321", "CREDITOR_FILE", true);
        long landline = debtor(null, "+442079460000", "CONSUMER_CONSENT", true);
        long emailed = debtor("fine@example.test", "+447911000111", "CONSUMER_CONSENT", true);
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));

        Map<Channel, DispatchStats> first = f.hub.drainAll();
        Map<Channel, DispatchStats> again = f.hub.drainAll();

        assertThat(messages(texted)).containsExactly("email|FAILED|OK", "sms|SENT|OK");
        assertThat(messages(written)).containsExactly("email|FAILED|OK", "sms|SUPPRESSED|NO_SMS_CONSENT", "letter|SENT|OK");
        assertThat(messages(landline)).as("no email address: planned as a text; a landline cannot take one")
                .containsExactly("sms|FAILED|OK", "letter|SENT|OK");
        assertThat(messages(emailed)).containsExactly("email|SENT|OK");
        assertThat(again.values()).allSatisfy(s -> assertThat(s.total()).isZero());
        assertThat(first.get(Channel.LETTER).get("SENT")).isEqualTo(2);

        // what left: one email, one text to the consented number, two letters in one print batch
        assertThat(smtp.messages()).isEqualTo(1);
        List<LoggedRequest> texts = twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES)));
        assertThat(texts).hasSize(1);
        assertThat(URLDecoder.decode(texts.get(0).getBodyAsString(), StandardCharsets.UTF_8)).contains("To=+447911123456")
                .contains("Reply STOP to opt out");
        Path print = f.dataDir.resolve("outbox").resolve("print");
        try (Stream<Path> files = Files.list(print)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".done"))).hasSize(1);
        }

        // each fallback names the message it replaces and why, on both rows
        assertThat(f.book.rows("SELECT o.channel, n.channel, e.reason FROM communication n JOIN communication o "
                + "ON o.id = n.fallback_of JOIN communication_event e ON e.communication_id = n.id AND e.status = 'PLANNED' "
                + "WHERE n.debtor_id IN (?, ?, ?) ORDER BY n.id", texted, written, landline))
                .containsExactly("email|sms|HARD_BOUNCE", "email|sms|HARD_BOUNCE", "sms|letter|LANDLINE",
                        "sms|letter|NO_SMS_CONSENT");
        assertThat(f.book.rows("SELECT e.detail FROM communication_event e JOIN communication c ON c.id = e.communication_id "
                + "WHERE c.debtor_id = ? AND c.channel = 'email' AND e.detail LIKE 'falls back%'", texted))
                .singleElement().asString().startsWith("falls back to sms message");
        assertThat(f.book.rows("SELECT channel, quality FROM contact_point WHERE debtor_id = ? ORDER BY id", landline))
                .containsExactly("sms|LANDLINE", "letter|UNKNOWN");
    }
}
