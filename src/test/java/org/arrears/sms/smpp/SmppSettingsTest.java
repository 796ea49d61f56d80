package org.arrears.sms.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.junit.jupiter.api.Test;

/** arrears.smpp.*: defaults, and each invalid value refused naming its key. */
class SmppSettingsTest {

    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("arrears.smpp.host", "smsc.example");
        m.put("arrears.smpp.system-id", "arrears");
        m.put("arrears.smpp.password", "pw");
        m.put("arrears.smpp.source-addr", "Acme");
        return m;
    }

    private static SmppSettings read(Map<String, String> m) {
        return SmppSettings.from(Settings.of(m::get, m::keySet, "application.properties"));
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> m = minimal();
        m.put(key, value);
        return m;
    }

    @Test
    void theDefaultsAreATransceiverOnPort2775WithAWindowOf10() {
        SmppSettings s = read(minimal());
        assertThat(s.port()).isEqualTo(2775);
        assertThat(s.bind()).isEqualTo(SmppSettings.Bind.TRANSCEIVER);
        assertThat(s.window()).isEqualTo(10);
        assertThat(s.enquireLink()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.rate()).isZero();
        assertThat(s.sourceTon()).as("alphanumeric").isEqualTo((byte) 5);
        assertThat(s.sourceNpi()).isEqualTo((byte) 0);
        assertThat(read(with("arrears.smpp.source-addr", "+15550100")).sourceTon()).as("international").isEqualTo((byte) 1);
    }

    @Test
    void theShippedPropertiesFileHasNoSmscAndItsDocumentedDefaultsRead() {
        Settings shipped = Settings.load(java.nio.file.Path.of("config/application.properties"));
        assertThat(SmppSettings.configured(shipped)).isFalse();
        SmppSettings s = SmppSettings.from(shipped.with(Map.of("arrears.smpp.host", "smsc.example",
                "arrears.smpp.system-id", "arrears", "arrears.smpp.source-addr", "Acme")));
        assertThat(s).usingRecursiveComparison().ignoringFields("password").isEqualTo(read(minimal()));
    }

    @Test
    void theSummaryNamesTheSmscAndAccountButNotThePassword() {
        assertThat(read(with("arrears.smpp.password", "hunter2")).toString())
                .isEqualTo("SMSC smsc.example:2775 as arrears (transceiver)").doesNotContain("hunter2");
    }

    @Test
    void eachInvalidValueIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> read(with("arrears.smpp.bind", "receiver"))).isInstanceOf(ConfigException.class)
                .hasMessage("application.properties: setting 'arrears.smpp.bind' must be transmitter or transceiver, got 'receiver'");
        assertThatThrownBy(() -> read(with("arrears.smpp.window", "0"))).hasMessageContaining("'arrears.smpp.window' must be at least 1");
        assertThatThrownBy(() -> read(with("arrears.smpp.port", "70000"))).hasMessageContaining("'arrears.smpp.port' must be a TCP port");
        assertThatThrownBy(() -> read(with("arrears.smpp.rate", "-1"))).hasMessageContaining("'arrears.smpp.rate' must be 0");
        assertThatThrownBy(() -> read(with("arrears.smpp.rate", "fast"))).hasMessageContaining("'arrears.smpp.rate' must be a number");
        assertThatThrownBy(() -> read(with("arrears.smpp.enquire-link", "PT0S"))).hasMessageContaining("'arrears.smpp.enquire-link' must be longer than zero");
        assertThatThrownBy(() -> read(with("arrears.smpp.timeout", "soon"))).hasMessageContaining("'arrears.smpp.timeout' must be a duration");
        assertThatThrownBy(() -> read(with("arrears.smpp.source-addr-ton", "9"))).hasMessageContaining("'arrears.smpp.source-addr-ton' must be between 0 and 6");
        assertThatThrownBy(() -> read(with("arrears.smpp.source-addr-npi", "2"))).hasMessageContaining("'arrears.smpp.source-addr-npi' must be a numbering plan");
        assertThatThrownBy(() -> read(with("arrears.smpp.system-id", "a-very-long-system-id"))).hasMessageContaining("'arrears.smpp.system-id' must be at most 15");
        assertThatThrownBy(() -> read(with("arrears.smpp.source-addr", "AcmeReceivables"))).hasMessageContaining("'arrears.smpp.source-addr' an alphanumeric sender id has at most 11");
    }

    @Test
    void aTooLongPasswordIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> read(with("arrears.smpp.password", "muchtoolongsecret")))
                .hasMessage("application.properties: setting 'arrears.smpp.password' must be at most 8 characters (SMPP 3.4), got 17")
                .hasMessageNotContaining("muchtoolongsecret");
    }

    @Test
    void theHostSystemIdAndSourceAddressAreRequired() {
        Map<String, String> m = minimal();
        m.remove("arrears.smpp.system-id");
        assertThatThrownBy(() -> read(m)).isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.smpp.system-id'")
                .hasMessageContaining("missing");
        assertThat(SmppSettings.configured(Settings.of(k -> null, java.util.Set::of, "x"))).isFalse();
    }
}
