package org.arrears.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.sms.http.HttpSmsGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which SMS gateway the settings build, and that every invalid setting stops startup naming itself. */
class SmsGatewaysTest {

    private static Settings settings(Map<String, String> values) {
        Map<String, String> m = new HashMap<>(values);
        return Settings.of(m::get, m::keySet, "app.properties");
    }

    private static Map<String, String> twilio() {
        Map<String, String> m = new HashMap<>();
        m.put("arrears.sms.gateway", "twilio");
        m.put("arrears.sms.twilio.account-sid", "AC123");
        m.put("arrears.sms.twilio.auth-token", "secret-token-value");
        m.put("arrears.sms.from", "+15005550006");
        return m;
    }

    private static Map<String, String> generic() {
        Map<String, String> m = new HashMap<>();
        m.put("arrears.sms.gateway", "generic");
        m.put("arrears.sms.generic.url", "https://sms.example/send");
        m.put("arrears.sms.generic.body", "{\"to\":\"{to}\",\"text\":\"{text}\"}");
        m.put("arrears.sms.generic.id-path", "id");
        return m;
    }

    @Test
    void noGatewaySettingWritesTextsToTheOutboxFolderUnderTheDataDir() {
        SmsGateway g = SmsGateways.from(settings(Map.of("arrears.data-dir", "data/x")), Clock.systemUTC(), 2);
        assertThat(g).isInstanceOf(SmsOutboxGateway.class);
        assertThat(((SmsOutboxGateway) g).folder()).isEqualTo(Path.of("data/x/outbox/sms"));
        SmsGateway named = SmsGateways.from(settings(Map.of("arrears.sms.gateway", "outbox", "arrears.sms.outbox", "texts")),
                Clock.systemUTC(), 2);
        assertThat(((SmsOutboxGateway) named).folder()).isEqualTo(Path.of("texts"));
    }

    @Test
    void twilioAndGenericBuildHttpGatewaysWithOneConnectionPerWorker() {
        try (SmsGateway t = SmsGateways.from(settings(twilio()), Clock.systemUTC(), 3);
             SmsGateway g = SmsGateways.from(settings(generic()), Clock.systemUTC(), 4)) {
            assertThat(t.describe()).isEqualTo("twilio https://api.twilio.com");
            assertThat(((HttpSmsGateway) t).maxConnectionsPerRoute()).isEqualTo(3);
            assertThat(g.describe()).isEqualTo("generic https://sms.example");
            assertThat(((HttpSmsGateway) g).maxConnectionsPerRoute()).isEqualTo(4);
        }
    }

    @Test
    void anUnknownGatewayFailsNamingTheSettingAndTheChoices() {
        assertThatThrownBy(() -> SmsGateways.from(settings(Map.of("arrears.sms.gateway", "carrier-pigeon")), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class)
                .hasMessage("app.properties: setting 'arrears.sms.gateway' must be one of [outbox, twilio, generic, smpp] "
                        + "(empty: outbox), got 'carrier-pigeon'");
    }

    @Test
    void smppWithoutAnSmscHostFailsNamingTheSetting() {
        assertThatThrownBy(() -> SmsGateways.from(settings(Map.of("arrears.sms.gateway", "smpp")), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("arrears.smpp.host");
    }

    @Test
    void twilioWithoutItsAccountOrTokenOrSenderFailsNamingTheSetting() {
        Map<String, String> noSid = twilio();
        noSid.remove("arrears.sms.twilio.account-sid");
        assertThatThrownBy(() -> SmsGateways.from(settings(noSid), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.sms.twilio.account-sid'");
        Map<String, String> noToken = twilio();
        noToken.remove("arrears.sms.twilio.auth-token");
        assertThatThrownBy(() -> SmsGateways.from(settings(noToken), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.sms.twilio.auth-token'")
                .hasMessageContaining("ARREARS_SMS_TWILIO_AUTH_TOKEN");
        Map<String, String> noSender = twilio();
        noSender.remove("arrears.sms.from");
        assertThatThrownBy(() -> SmsGateways.from(settings(noSender), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.sms.from'")
                .hasMessageContaining("'arrears.sms.twilio.messaging-service-sid'");
    }

    @Test
    void aSenderThatIsNeitherANumberNorASenderIdFailsNamingTheSetting() {
        Map<String, String> m = twilio();
        m.put("arrears.sms.from", "Acme Receivables Ltd");
        assertThatThrownBy(() -> SmsGateways.from(settings(m), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("app.properties: setting 'arrears.sms.from' must be an E.164 number");
    }

    @Test
    void theGenericProfileRejectsAnUnknownPlaceholderAMissingSecretAndAMissingIdPath() {
        Map<String, String> typo = generic();
        typo.put("arrears.sms.generic.body", "{\"to\":\"{recipient}\"}");
        assertThatThrownBy(() -> SmsGateways.from(settings(typo), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("app.properties: setting 'arrears.sms.generic.body': unknown placeholder {recipient}; known: {to}");
        Map<String, String> noKey = generic();
        noKey.put("arrears.sms.generic.header.Authorization", "Bearer {api-key}");
        assertThatThrownBy(() -> SmsGateways.from(settings(noKey), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class)
                .hasMessage("app.properties: setting 'arrears.sms.generic.header.Authorization' uses {api-key} but "
                        + "'arrears.sms.generic.api-key' is not set (env ARREARS_SMS_GENERIC_API_KEY)");
        Map<String, String> noId = generic();
        noId.remove("arrears.sms.generic.id-path");
        assertThatThrownBy(() -> SmsGateways.from(settings(noId), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.sms.generic.id-path'");
        Map<String, String> badType = generic();
        badType.put("arrears.sms.generic.body-type", "xml");
        assertThatThrownBy(() -> SmsGateways.from(settings(badType), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class)
                .hasMessage("app.properties: setting 'arrears.sms.generic.body-type' must be json, form or none, got 'xml'");
    }

    @Test
    void invalidLimitsFailNamingTheSetting() {
        Map<String, String> rate = twilio();
        rate.put("arrears.sms.rate-limit", "fast");
        assertThatThrownBy(() -> SmsGateways.from(settings(rate), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class)
                .hasMessage("app.properties: setting 'arrears.sms.rate-limit' must be a number of messages per second "
                        + "(0 for no limit), got 'fast'");
        Map<String, String> failure = twilio();
        failure.put("arrears.sms.circuit.failure-rate", "150");
        assertThatThrownBy(() -> SmsGateways.from(settings(failure), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.sms.circuit.failure-rate'");
        Map<String, String> timeout = twilio();
        timeout.put("arrears.sms.response-timeout", "PT0S");
        assertThatThrownBy(() -> SmsGateways.from(settings(timeout), Clock.systemUTC(), 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.sms.response-timeout'");
    }

    @Test
    void theShippedConfigurationBuildsTheOutboxGateway() {
        Settings shipped = Settings.load(Path.of("config/application.properties"));
        assertThat(SmsGateways.from(shipped, Clock.systemUTC(), 2)).isInstanceOf(SmsOutboxGateway.class);
        assertThat(SmsSettings.from(shipped)).isEqualTo(SmsSettings.from(settings(Map.of())));
    }

    @ParameterizedTest
    @CsvSource({"Vonage (SMS API):, generic https://rest.nexmo.com", "Plivo:, generic https://api.plivo.com"})
    void theShippedCommentedExamplesConfigureAGenericGateway(String heading, String describe) throws IOException {
        Properties example = new Properties();
        example.load(new StringReader(example(heading)));
        assertThat(example.getProperty("arrears.sms.gateway")).isEqualTo("generic");
        Map<String, String> m = new HashMap<>();
        example.stringPropertyNames().forEach(k -> m.put(k, example.getProperty(k)));
        m.put("arrears.sms.from", "ACME");
        m.putAll(Map.of("arrears.sms.generic.user", "auth-id", "arrears.sms.generic.password", "auth-token",
                "arrears.sms.generic.api-key", "key", "arrears.sms.generic.api-secret", "secret"));
        try (SmsGateway g = SmsGateways.from(settings(m), Clock.systemUTC(), 2)) {
            assertThat(g.describe()).isEqualTo(describe);
        }
    }

    /** The commented lines under "# <heading>" in the shipped properties, uncommented. */
    private static String example(String heading) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("config/application.properties"));
        int start = lines.indexOf("# " + heading);
        assertThat(start).as("the example '" + heading + "' in config/application.properties").isNotNegative();
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (!line.startsWith("#arrears.") && !line.startsWith("#  ")) {
                break;
            }
            out.append(line.substring(1)).append('\n');
        }
        return out.toString();
    }

    @Test
    void theSettingsHaveTheirDefaults() {
        SmsSettings s = SmsSettings.from(settings(Map.of()));
        assertThat(s.gateway()).isEqualTo("outbox");
        assertThat(s.batchSize()).isEqualTo(100);
        assertThat(s.workers()).isEqualTo(2);
        assertThat(s.maxAttempts()).isEqualTo(8);
        assertThat(s.retryBase()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.gatewayRetry()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.pollPeriodMs()).isEqualTo(10000);
        assertThat(s.maxSegments()).isEqualTo(SmsTemplates.DEFAULT_MAX_SEGMENTS);
        assertThat(s.rateLimit()).isZero();
        assertThat(s.circuit()).isEqualTo(new SmsSettings.Circuit(10, 5, 50, Duration.ofSeconds(30)));
        assertThat(s.publicUrl()).isEqualTo("http://localhost:8080");
    }
}
