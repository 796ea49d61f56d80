package org.arrears.compliance;

import static org.arrears.compliance.Fixtures.NEW_YORK;
import static org.arrears.compliance.Fixtures.TORONTO;
import static org.arrears.compliance.Fixtures.at;
import static org.arrears.compliance.Fixtures.attempt;
import static org.arrears.compliance.Fixtures.debtor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Defaults, the builder, and reading overrides from properties (fail fast, naming key and value). */
class GateSettingsTest {

    private static final String P = "arrears.compliance.";

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void defaults_matchTheDocumentedRules() {
        GateSettings s = GateSettings.defaults();
        assertThat(s.defaultWindow().describe()).isEqualTo("daily 08:00-21:00");
        assertThat(s.windowMargin()).isEqualTo(Duration.ZERO);
        assertThat(s.unknownLocationZones()).extracting(ZoneId::getId).containsExactly("America/New_York",
                "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage",
                "Pacific/Honolulu");
        assertThat(s.caps(Channel.EMAIL)).containsExactly(FrequencyCap.parse("3/P7D"));
        assertThat(s.caps(Channel.SMS)).containsExactly(FrequencyCap.parse("1/P1D"), FrequencyCap.parse("3/P7D"));
        assertThat(s.caps(Channel.LETTER)).isEmpty();
        assertThat(s.ceaseAllowedTemplates())
                .containsExactlyInAnyOrder("CEASE_ACK_TERMINATION", "NOTICE_REMEDY_ORDINARY", "NOTICE_REMEDY_SPECIFIC");
        assertThat(s.emailProceduresForConsumers()).isTrue();
        assertThat(s.smsConsentMaxAge()).isEqualTo(Duration.ofDays(60));
        assertThat(s.creditorNoticeWaitDays()).isEqualTo(35);
        assertThat(s.businessWindow()).isEmpty();
    }

    @Test
    void defaults_haveCanadianAndUkJurisdictionWindowsWithHolidays() {
        GateSettings s = GateSettings.defaults();
        assertThat(s.jurisdictionWindows().get("CA-ON").describe()).isEqualTo("MON-SAT 07:00-21:00; SUN 13:00-17:00");
        assertThat(s.jurisdictionWindows().get("CA-BC").describe()).isEqualTo("MON-SAT 07:00-21:00; SUN 13:00-17:00");
        assertThat(s.jurisdictionWindows().get("CA-QC").describe()).isEqualTo("MON-SAT 08:00-20:00; SUN closed");
        assertThat(s.jurisdictionWindows().get("GB").describe()).isEqualTo("MON-SAT 08:00-21:00; SUN closed");
        for (String j : List.of("CA-ON", "CA-BC")) {
            assertThat(s.jurisdictionWindows().get(j).holidays()).contains(
                    LocalDate.of(2025, 7, 1), LocalDate.of(2026, 7, 1), LocalDate.of(2027, 7, 1),
                    LocalDate.of(2025, 12, 25), LocalDate.of(2026, 1, 1), LocalDate.of(2027, 11, 11),
                    LocalDate.of(2025, 9, 30));
        }
        assertThat(s.jurisdictionWindows().get("CA-QC").holidays()).contains(LocalDate.of(2025, 6, 24));
        assertThat(s.jurisdictionKey("gb-eng")).contains("GB");
        assertThat(s.jurisdictionKey("US-NY")).isEmpty();
    }

    @Test
    void fromProperties_readsEveryKey() {
        GateSettings s = GateSettings.fromProperties(props(
                P + "window.default", "09:00-20:00",
                P + "window.business", "MON-FRI 08:00-18:00; SAT,SUN closed",
                P + "window.margin-minutes", "15",
                P + "window.search-days", "21",
                P + "window.CA-QC", "MON-FRI 08:00-20:00; SAT 09:00-17:00; SUN closed",
                P + "window.us-ny", "MON-SAT 09:00-20:00; SUN closed",
                P + "holidays.US-NY", "2025-07-04,2025-12-25",
                P + "window.consent-ignored-in", "CA-ON,GB",
                P + "unknown-location-zones", "America/New_York, America/Chicago",
                P + "cap.email", "2/P7D",
                P + "cap.sms", "1/P1D,2/P7D",
                P + "cap.letter", "1/P14D",
                P + "cap.phone", "none",
                P + "cease.allowed-templates", "CEASE_ACK_TERMINATION",
                P + "dispute.allowed-templates", "none",
                P + "email.procedures-for-consumers", "false",
                P + "email.creditor-notice-days", "40",
                P + "sms.consent-max-age-days", "30",
                "other.key", "ignored"), P);
        assertThat(s.defaultWindow().describe()).isEqualTo("daily 09:00-20:00");
        assertThat(s.businessWindow()).isPresent();
        assertThat(s.windowMargin()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.windowSearchHorizon()).isEqualTo(Duration.ofDays(21));
        assertThat(s.jurisdictionWindows().get("CA-QC").describe())
                .isEqualTo("MON-FRI 08:00-20:00; SAT 09:00-17:00; SUN closed");
        assertThat(s.jurisdictionWindows().get("CA-QC").holidays()).contains(LocalDate.of(2025, 6, 24));
        assertThat(s.jurisdictionWindows().get("US-NY").holidays())
                .containsExactly(LocalDate.of(2025, 7, 4), LocalDate.of(2025, 12, 25));
        assertThat(s.consentIgnoredIn()).containsExactly("CA-ON", "GB");
        assertThat(s.unknownLocationZones()).containsExactly(NEW_YORK, ZoneId.of("America/Chicago"));
        assertThat(s.caps(Channel.EMAIL)).containsExactly(new FrequencyCap(2, Duration.ofDays(7)));
        assertThat(s.caps(Channel.SMS)).hasSize(2);
        assertThat(s.caps(Channel.LETTER)).containsExactly(new FrequencyCap(1, Duration.ofDays(14)));
        assertThat(s.caps(Channel.PHONE)).isEmpty();
        assertThat(s.ceaseAllowedTemplates()).containsExactly("CEASE_ACK_TERMINATION");
        assertThat(s.disputeAllowedTemplates()).isEmpty();
        assertThat(s.emailProceduresForConsumers()).isFalse();
        assertThat(s.creditorNoticeWaitDays()).isEqualTo(40);
        assertThat(s.smsConsentMaxAge()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void fromProperties_parsedSettingsDriveTheGate() {
        GateSettings s = GateSettings.fromProperties(props(
                "window.CA-ON", "default",
                "window.margin-minutes", "30"), "");
        ComplianceGate gate = new ComplianceGate(s);
        // Ontario now uses the default window, shortened to 20:30, and no Ontario holidays.
        Decision d = gate.decide(attempt(at("2025-07-01T20:30", TORONTO))
                .debtor(debtor().jurisdiction("CA-ON").zone(TORONTO)).build());
        assertThat(d.verdict()).isEqualTo(Verdict.DEFER);
        assertThat(d.notBefore()).isEqualTo(at("2025-07-02T08:00", TORONTO));
        assertThat(gate.decide(attempt(at("2025-07-01T10:00", TORONTO))
                .debtor(debtor().jurisdiction("CA-ON").zone(TORONTO)).build()).verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void fromProperties_holidaysNoneClearsTheBuiltInHolidays() {
        GateSettings s = GateSettings.fromProperties(props(P + "holidays.CA-ON", "none"), P);
        assertThat(s.jurisdictionWindows().get("CA-ON").holidays()).isEmpty();
        assertThat(s.jurisdictionWindows().get("CA-BC").holidays()).isNotEmpty();
    }

    @Test
    void fromProperties_withNoMatchingKeysGivesTheDefaults() {
        GateSettings s = GateSettings.fromProperties(props("unrelated", "x"), P);
        assertThat(s.toString()).isEqualTo(GateSettings.defaults().toString());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "window.default|8-21",
        "window.default|MON-SAT 08:00-20:00; SUN",
        "window.default|MON 21:00-08:00",
        "window.margin-minutes|abc",
        "window.margin-minutes|-5",
        "window.margin-minutes|720",
        "window.search-days|0",
        "window.CA-QC|MON-SAT 08:00-20:00; MON closed",
        "window.QUEBEC|MON-SAT 08:00-20:00",
        "window.consent-ignored-in|Ontario",
        "holidays.CA-ON|2025-13-01",
        "holidays.CA-ON|2025-07-01,,2025-12-25",
        "unknown-location-zones|America/Nowhere",
        "cap.email|3/7days",
        "cap.email|three/P7D",
        "cap.sms|0/P1D",
        "cap.sms|1/P0D",
        "cap.fax|1/P1D",
        "email.procedures-for-consumers|yes",
        "email.creditor-notice-days|thirty-five",
        "sms.consent-max-age-days|0",
        "window.defualt|08:00-21:00",
        "colour|blue",
        "cease.allowed-templates|A,,B",
        "window.default|' '"
    })
    void fromProperties_malformedEntryFailsNamingKeyAndValue(String key, String value) {
        Properties p = props(P + key, value);
        assertThatThrownBy(() -> GateSettings.fromProperties(p, P))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(P + key)
                .hasMessageContaining("=" + value);
    }

    @Test
    void builder_rejectsEmptyUnknownLocationZones() {
        assertThatThrownBy(() -> GateSettings.builder().unknownLocationZones(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toBuilder_keepsEverySetting() {
        GateSettings s = GateSettings.builder().windowMargin(Duration.ofMinutes(10))
                .jurisdictionHolidays("US-TX", List.of(LocalDate.of(2025, 3, 2))).build();
        assertThat(s.toBuilder().build().toString()).isEqualTo(s.toString());
        assertThat(s.jurisdictionWindows().get("US-TX").holidays()).containsExactly(LocalDate.of(2025, 3, 2));
    }
}
