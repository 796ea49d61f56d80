package org.arrears.sms.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.metrics.HubMetrics;
import org.arrears.sms.SmsOutboxGateway;
import org.arrears.sms.WebhookSignatures;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.Test;

/** The webhooks' settings, and what happens when a text back cannot be sent (real PostgreSQL, the real gateway). */
class SmsWebhooksTest {

    static Settings settings(Map<String, String> values) {
        Map<String, String> all = new HashMap<>();
        all.put("arrears.company.name", "Acme Supplies");
        all.put("arrears.company.phone", "+44 117 496 0000");
        all.putAll(values);
        return Settings.of(all::get, () -> Set.copyOf(all.keySet()), "test.properties");
    }

    @Test
    void aConfirmationTheGatewayCannotTakeLeavesTheOptOutInPlaceAndIsCounted() throws Exception {
        try (HubFixture f = new HubFixture(Instant.parse("2026-06-02T10:00:00Z"), Map.of())) {
            long d = f.book.debtor("Ida Ihle", "B2C", "de", "Europe/Berlin", "DE", null);
            long cp = f.book.queryLong("""
                    INSERT INTO contact_point (debtor_id, channel, address, consent_source, consent_at)
                    VALUES (?, 'sms', '0151 2345 6789', 'CONSUMER_USED', now()) RETURNING id""", d);
            // the outbox folder cannot be created under a regular file: the gateway is down
            Path blocker = Files.writeString(f.dataDir.resolve("not-a-folder"), "x");
            HubMetrics metrics = HubMetrics.simple();
            SmsWebhooks webhooks = SmsWebhooks.from(settings(Map.of("arrears.web.public-url", "https://hub.example/base/",
                            "arrears.sms.webhook.profiles", "twilio", "arrears.sms.webhook.twilio.type", "twilio",
                            "arrears.sms.webhook.twilio.auth-token", "token-0123")),
                    f.db.dataSource(), f.hub.lifecycle(), new SmsOutboxGateway(blocker.resolve("sms"), f.clock), metrics, f.clock, new org.arrears.inbound.ReplyActions(f.hub.holds(), 5));
            Map<String, String> form = new LinkedHashMap<>();
            form.put("MessageSid", "SMgatewaydown");
            form.put("From", "+4915123456789");
            form.put("Body", "QUIT");
            String signature = WebhookSignatures.twilioSignature("token-0123", "https://hub.example/base/sms/inbound/twilio", form);

            org.arrears.web.OptOutResponse r = webhooks.inbound("POST", "twilio", Map.of("x-twilio-signature", signature), form, null, null);

            assertThat(r.getStatus()).isEqualTo(200);
            assertThat(f.book.rows("SELECT opt_out_source, opted_out_at IS NOT NULL FROM contact_point WHERE id = ?", cp))
                    .containsExactly("SMS_KEYWORD|t");
            assertThat(metrics.registry().find("arrears_webhook_replies_failed").tags("profile", "twilio", "kind", "confirmation")
                    .counter().count()).isEqualTo(1);
        }
    }

    @Test
    void signaturesPastTheirWindowArePrunedAndTheirRequestsNoLongerRecognised() throws Exception {
        try (HubFixture f = new HubFixture(Instant.parse("2026-06-02T10:00:00Z"), Map.of())) {
            SmsWebhooks webhooks = SmsWebhooks.from(settings(Map.of("arrears.web.public-url", "https://hub.example",
                            "arrears.sms.webhook.profiles", "twilio", "arrears.sms.webhook.twilio.type", "twilio",
                            "arrears.sms.webhook.twilio.auth-token", "token-0123", "arrears.sms.webhook.twilio.window", "PT1H")),
                    f.db.dataSource(), f.hub.lifecycle(), f.hub.smsGateway(), HubMetrics.simple(), f.clock, new org.arrears.inbound.ReplyActions(f.hub.holds(), 5));
            Map<String, String> form = Map.of("MessageSid", "SMnotours", "MessageStatus", "delivered");
            Map<String, Object> headers = Map.of("X-Twilio-Signature",
                    WebhookSignatures.twilioSignature("token-0123", "https://hub.example/sms/status/twilio", form));

            assertThat(webhooks.status("POST", "twilio", headers, form, null, null).getStatus()).isEqualTo(200);
            assertThat(webhooks.status("POST", "twilio", headers, form, null, null).getStatus()).isEqualTo(403);
            assertThat(f.book.queryLong("SELECT count(*) FROM webhook_signature_seen")).isEqualTo(1);

            f.clock.advance(java.time.Duration.ofMinutes(61));
            Map<String, String> other = Map.of("MessageSid", "SMnotours2", "MessageStatus", "sent");
            assertThat(webhooks.status("POST", "twilio", Map.of("X-Twilio-Signature", WebhookSignatures.twilioSignature(
                    "token-0123", "https://hub.example/sms/status/twilio", other)), other, null, null).getStatus()).isEqualTo(200);

            // the first signature is gone; the second is kept for the window from when it was seen
            assertThat(f.book.rows("SELECT profile || '|' || (forget_after = timestamptz '2026-06-02 12:01:00+00') "
                    + "FROM webhook_signature_seen")).containsExactly("twilio|true");
        }
    }

    @Test
    void aTwilioRequestWhoseUrlCarriesBodySha256IsCheckedAgainstItsRawBody() throws Exception {
        try (HubFixture f = new HubFixture(Instant.parse("2026-06-02T10:00:00Z"), Map.of())) {
            SmsWebhooks webhooks = SmsWebhooks.from(settings(Map.of("arrears.web.public-url", "https://hub.example",
                            "arrears.sms.webhook.profiles", "twilio", "arrears.sms.webhook.twilio.type", "twilio",
                            "arrears.sms.webhook.twilio.auth-token", "token-0123")),
                    f.db.dataSource(), f.hub.lifecycle(), f.hub.smsGateway(), HubMetrics.simple(), f.clock, new org.arrears.inbound.ReplyActions(f.hub.holds(), 5));
            byte[] body = "{\"MessageSid\":\"SMjson\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String query = "bodySHA256=" + org.arrears.util.Sha256.hex(body);
            Map<String, Object> headers = Map.of("X-Twilio-Signature", WebhookSignatures.twilioSignature(
                    "token-0123", "https://hub.example/sms/status/twilio?" + query, Map.of()));

            assertThat(webhooks.status("POST", "twilio", headers, null, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    query).getStatus()).as("another body").isEqualTo(403);
            assertThat(webhooks.status("POST", "twilio", headers, null, body, query).getStatus())
                    .as("the signed body passes the signature check, then has no form fields").isEqualTo(400);
        }
    }

    @Test
    void aListedTwilioProfileWithoutItsAuthTokenFailsNamingTheSetting() {
        assertThatThrownBy(() -> WebhookProfile.all(settings(Map.of("arrears.sms.webhook.profiles", "twilio",
                "arrears.sms.webhook.twilio.type", "twilio"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.properties").hasMessageContaining("arrears.sms.webhook.twilio.auth-token");
    }

    @Test
    void anUnknownProfileTypeFailsNamingTheSetting() {
        assertThatThrownBy(() -> WebhookProfile.all(settings(Map.of("arrears.sms.webhook.profiles", "vonage",
                "arrears.sms.webhook.vonage.type", "nexmo"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("arrears.sms.webhook.vonage.type").hasMessageContaining("twilio or generic");
    }

    @Test
    void aStatusMapEntryThatIsNotAReceiptKindFailsNamingTheSetting() {
        assertThatThrownBy(() -> WebhookProfile.all(settings(Map.of("arrears.sms.webhook.profiles", "acme",
                "arrears.sms.webhook.acme.type", "generic", "arrears.sms.webhook.acme.secret", "s3cr3t",
                "arrears.sms.webhook.acme.status-map", "delivered:DELIVERED,failed:BOUNCED"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("arrears.sms.webhook.acme.status-map").hasMessageContaining("failed:BOUNCED");
    }

    @Test
    void aGenericProfileSigningTheTimestampNeedsTheTimestampHeader() {
        assertThatThrownBy(() -> WebhookProfile.all(settings(Map.of("arrears.sms.webhook.profiles", "acme",
                "arrears.sms.webhook.acme.type", "generic", "arrears.sms.webhook.acme.secret", "s3cr3t",
                "arrears.sms.webhook.acme.signed", "timestamp.body",
                "arrears.sms.webhook.acme.status-map", "delivered:DELIVERED"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("arrears.sms.webhook.acme.timestamp-header");
    }

    @Test
    void aProfileNameThatCannotBeAUrlPathSegmentFails() {
        assertThatThrownBy(() -> WebhookProfile.all(settings(Map.of("arrears.sms.webhook.profiles", "Twilio Main"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("arrears.sms.webhook.profiles")
                .hasMessageContaining("'Twilio Main'");
    }

    @Test
    void aDottedJsonPathReadsTheSamePointerAsASlashedOne() {
        Settings s = settings(Map.of());
        assertThat(WebhookProfile.pointer(s, "k", "data.message_id")).isEqualTo(WebhookProfile.pointer(s, "k", "/data/message_id"));
    }

    @Test
    void aHelpTextWithoutReplyStopFailsNamingTheSetting() {
        assertThatThrownBy(() -> SmsWebhooks.from(settings(Map.of("arrears.sms.webhook.help-text", "{brand}: call {support}.")),
                null, null, null, HubMetrics.simple(), java.time.Clock.systemUTC(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("arrears.sms.webhook.help-text")
                .hasMessageContaining("STOP");
    }

    @Test
    void theSecretIsNeverPartOfAProfilesText() {
        WebhookProfile p = WebhookProfile.all(settings(Map.of("arrears.sms.webhook.profiles", "twilio",
                "arrears.sms.webhook.twilio.type", "twilio", "arrears.sms.webhook.twilio.auth-token", "very-secret-token")))
                .get("twilio");
        assertThat(p.toString()).doesNotContain("very-secret-token");
    }
}
