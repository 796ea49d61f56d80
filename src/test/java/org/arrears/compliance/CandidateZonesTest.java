package org.arrears.compliance;

import static org.arrears.compliance.Fixtures.ANCHORAGE;
import static org.arrears.compliance.Fixtures.CHICAGO;
import static org.arrears.compliance.Fixtures.DENVER;
import static org.arrears.compliance.Fixtures.HONOLULU;
import static org.arrears.compliance.Fixtures.LONDON;
import static org.arrears.compliance.Fixtures.LOS_ANGELES;
import static org.arrears.compliance.Fixtures.NEW_YORK;
import static org.arrears.compliance.Fixtures.TORONTO;
import static org.arrears.compliance.Fixtures.debtor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** R2 location evidence: ZIP, area codes, jurisdiction, and the unknown-location fallback. */
class CandidateZonesTest {

    private static final Set<String> STATES_AND_DC = Set.of(
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
            "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH",
            "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY").stream()
            .map(s -> "US-" + s).collect(Collectors.toUnmodifiableSet());

    private final CandidateZones zones = new CandidateZones(GateSettings.DEFAULT_UNKNOWN_LOCATION_ZONES);

    private static Set<ZoneId> set(String ids) {
        return Arrays.stream(ids.split(";")).map(ZoneId::of).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "area code {0} -> {1}")
    @CsvSource({
        "212, America/New_York",
        "213, America/Los_Angeles",
        "305, America/New_York",
        "312, America/Chicago",
        "415, America/Los_Angeles",
        "808, Pacific/Honolulu",
        "907, America/Anchorage;America/Adak",
        "405, America/Chicago",
        "617, America/New_York",
        "303, America/Denver",
        "602, America/Phoenix",
        "915, America/Denver",
        "850, America/New_York;America/Chicago",
        "208, America/Boise;America/Los_Angeles",
        "202, America/New_York",
        "313, America/Detroit",
        "317, America/Indiana/Indianapolis",
        "787, America/Puerto_Rico",
        "416, America/Toronto",
        "514, America/Toronto",
        "604, America/Vancouver"
    })
    void r2_areaCodeMapsToItsZones(String code, String expected) {
        assertThat(CandidateZones.zonesForAreaCode(code)).isEqualTo(set(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"800", "888", "877", "866", "855", "844", "833", "500", "900", "000", "12", "abc"})
    void r2_nonGeographicOrInvalidAreaCodeYieldsNothing(String code) {
        assertThat(CandidateZones.zonesForAreaCode(code)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(212)", "+1 212", "1-212", " 212 "})
    void r2_areaCodeFormattingIsIgnored(String code) {
        assertThat(CandidateZones.zonesForAreaCode(code)).containsExactly(NEW_YORK);
    }

    @ParameterizedTest(name = "ZIP {0} -> {1}")
    @CsvSource({
        "35203, US-AL", "99501, US-AK", "85001, US-AZ", "72201, US-AR", "94105, US-CA", "80202, US-CO",
        "06103, US-CT", "19901, US-DE", "20500, US-DC", "32301, US-FL", "30303, US-GA", "96813, US-HI",
        "83702, US-ID", "62701, US-IL", "46204, US-IN", "50309, US-IA", "66603, US-KS", "40601, US-KY",
        "70802, US-LA", "04330, US-ME", "21401, US-MD", "02108, US-MA", "48933, US-MI", "55101, US-MN",
        "39201, US-MS", "65101, US-MO", "59601, US-MT", "68508, US-NE", "89701, US-NV", "03301, US-NH",
        "08608, US-NJ", "87501, US-NM", "12207, US-NY", "27601, US-NC", "58501, US-ND", "43215, US-OH",
        "73102, US-OK", "97301, US-OR", "17101, US-PA", "02903, US-RI", "29201, US-SC", "57501, US-SD",
        "37219, US-TN", "78701, US-TX", "84111, US-UT", "05602, US-VT", "23219, US-VA", "98501, US-WA",
        "25301, US-WV", "53703, US-WI", "82001, US-WY", "10001, US-NY", "73301, US-TX", "00901, US-PR",
        "10001-1234, US-NY", "60601 4321, US-IL"
    })
    void r2_zipPrefixMapsToItsState(String zip, String region) {
        assertThat(CandidateZones.regionForZip(zip)).contains(region);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00001", "09001", "34001", "96201", "1234", "ABCDE", ""})
    void r2_unassignedMilitaryOrMalformedZipYieldsNothing(String zip) {
        assertThat(CandidateZones.zonesForPostalCode(zip)).isEmpty();
    }

    @Test
    void r2_stateSpanningTwoZonesYieldsBoth() {
        assertThat(CandidateZones.zonesForPostalCode("79901")).isEqualTo(Set.of(CHICAGO, DENVER)); // El Paso, TX
        assertThat(CandidateZones.zonesForPostalCode("32501")).isEqualTo(Set.of(NEW_YORK, CHICAGO)); // Pensacola, FL
        assertThat(CandidateZones.zonesForPostalCode("90012")).isEqualTo(Set.of(LOS_ANGELES));
    }

    @Test
    void r2_canadianPostalCodeGivesItsProvinceZone() {
        assertThat(CandidateZones.zonesForPostalCode("M5V 3L9")).containsExactly(TORONTO);
        assertThat(CandidateZones.zonesForPostalCode("h2x1y4")).containsExactly(TORONTO);
    }

    @Test
    void r2_knownZoneComesFirstAndEveryPieceOfEvidenceIsAdded() {
        DebtorProfile d = debtor().zone(NEW_YORK).postalCode("94105").areaCodes("808", "800", "212").build();
        CandidateZones.Resolution r = zones.resolve(d);
        assertThat(r.basis()).isEqualTo(CandidateZones.Basis.EVIDENCE);
        assertThat(List.copyOf(r.zones())).containsExactly(NEW_YORK, LOS_ANGELES, HONOLULU);
    }

    @Test
    void r2_sanFranciscoZipAndNewYorkAreaCodeGiveBothZones() {
        assertThat(zones.zonesFor(debtor().postalCode("94105").areaCodes("212").build()))
                .containsExactly(LOS_ANGELES, NEW_YORK);
    }

    @Test
    void r2_noEvidenceFallsBackToTheServedZones() {
        CandidateZones.Resolution r = zones.resolve(debtor().areaCodes("800").build());
        assertThat(r.basis()).isEqualTo(CandidateZones.Basis.UNKNOWN_LOCATION);
        assertThat(List.copyOf(r.zones())).containsExactlyElementsOf(GateSettings.DEFAULT_UNKNOWN_LOCATION_ZONES);
        assertThat(r.zones()).contains(HONOLULU, ANCHORAGE);
    }

    @Test
    void r2_configuredUnknownLocationZonesAreUsed() {
        CandidateZones custom = new CandidateZones(List.of(NEW_YORK, CHICAGO));
        assertThat(custom.zonesFor(debtor().build())).containsExactly(NEW_YORK, CHICAGO);
    }

    @Test
    void r2_jurisdictionIsUsedOnlyWhenThereIsNoOtherEvidence() {
        assertThat(zones.resolve(debtor().jurisdiction("US-FL").build()))
                .isEqualTo(new CandidateZones.Resolution(Set.of(NEW_YORK, CHICAGO), CandidateZones.Basis.JURISDICTION));
        assertThat(zones.zonesFor(debtor().jurisdiction("GB-SCT").build())).containsExactly(LONDON);
        assertThat(zones.zonesFor(debtor().jurisdiction("US-FL").zone(NEW_YORK).build())).containsExactly(NEW_YORK);
    }

    @Test
    void r2_everyStateAndDcHasZipRangesAndAreaCodes() {
        ZoneData data = ZoneData.get();
        Set<String> zipRegions = new HashSet<>(Arrays.asList(data.zip3Region));
        assertThat(zipRegions).containsAll(STATES_AND_DC);
        assertThat(data.areaCodeRegion.values()).containsAll(STATES_AND_DC);
        for (String region : STATES_AND_DC) {
            assertThat(data.regionZones.get(region)).as(region).isNotEmpty();
        }
    }

    @Test
    void r2_bundledHolidayTableCoversCanadaDayForEveryBuiltInCanadianProvince() {
        ZoneData data = ZoneData.get();
        for (String j : List.of("CA-ON", "CA-BC", "CA-QC")) {
            for (int year = 2025; year <= 2027; year++) {
                assertThat(data.holidays.get(j)).as(j + " " + year).contains(java.time.LocalDate.of(year, 7, 1));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void r2_postcodesAndAreaCodesOutsideNorthAmericaAreNotReadAsUsEvidence() {
        DebtorProfile stuttgart = new DebtorProfile(1, true, "DE", java.time.ZoneId.of("Europe/Berlin"), "70173",
                java.util.List.of("711"), false, false, false, false, null, null, null);
        assertThat(CandidateZones.of(GateSettings.defaults()).zonesFor(stuttgart))
                .containsExactly(java.time.ZoneId.of("Europe/Berlin"));
        DebtorProfile unknownCountry = new DebtorProfile(2, true, null, null, "94105",
                java.util.List.of(), false, false, false, false, null, null, null);
        assertThat(CandidateZones.of(GateSettings.defaults()).zonesFor(unknownCountry))
                .containsExactly(java.time.ZoneId.of("America/Los_Angeles"));
    }
}
