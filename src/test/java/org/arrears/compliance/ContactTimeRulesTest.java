package org.arrears.compliance;

import static org.arrears.compliance.Fixtures.CHICAGO;
import static org.arrears.compliance.Fixtures.HONOLULU;
import static org.arrears.compliance.Fixtures.LONDON;
import static org.arrears.compliance.Fixtures.LOS_ANGELES;
import static org.arrears.compliance.Fixtures.NEW_YORK;
import static org.arrears.compliance.Fixtures.TORONTO;
import static org.arrears.compliance.Fixtures.VANCOUVER;
import static org.arrears.compliance.Fixtures.at;
import static org.arrears.compliance.Fixtures.attempt;
import static org.arrears.compliance.Fixtures.debtor;
import static org.arrears.compliance.Fixtures.sms;
import static org.arrears.compliance.Fixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** R1, R2, R3, R23b, R34, R41, R42: when a message may leave. Every DEFER is checked to the exact instant. */
class ContactTimeRulesTest {

    private final ComplianceGate gate = new ComplianceGate(GateSettings.defaults());

    private static void assertDefer(Decision d, ReasonCode reason, Instant notBefore) {
        assertThat(d.verdict()).as(d.detail()).isEqualTo(Verdict.DEFER);
        assertThat(d.reason()).as(d.detail()).isEqualTo(reason);
        assertThat(d.notBefore()).as(d.detail()).isEqualTo(notBefore);
    }

    private static void assertAllowed(Decision d) {
        assertThat(d.verdict()).as(d.detail()).isEqualTo(Verdict.ALLOW);
        assertThat(d.reason()).isEqualTo(ReasonCode.OK);
        assertThat(d.notBefore()).isNull();
    }

    // ---------------------------------------------------------------- R1

    @Test
    void r1_losAngelesConsumerAt0730PtIsDeferredTo0800() {
        Instant job = at("2025-07-15T10:30", NEW_YORK); // 07:30 PDT
        Decision d = gate.decide(attempt(job).debtor(debtor().zone(LOS_ANGELES)).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, at("2025-07-15T08:00", LOS_ANGELES));
        assertThat(d.notBefore()).isEqualTo(utc("2025-07-15T15:00:00Z"));
        assertThat(d.detail()).contains("R1", "07:30", "America/Los_Angeles");
    }

    @Test
    void r1_2059_59AllowedAnd2100Deferred() {
        var la = debtor().zone(LOS_ANGELES);
        assertAllowed(gate.decide(attempt(at("2025-07-15T20:59:59", LOS_ANGELES)).debtor(la).build()));
        Decision d = gate.decide(attempt(at("2025-07-15T21:00:00", LOS_ANGELES)).debtor(la).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, at("2025-07-16T08:00", LOS_ANGELES));
    }

    @Test
    void r1_0800IsTheFirstAllowedInstantAnd0759_59IsNot() {
        var ny = debtor().zone(NEW_YORK);
        assertAllowed(gate.decide(attempt(at("2025-07-15T08:00", NEW_YORK)).debtor(ny).build()));
        assertDefer(gate.decide(attempt(at("2025-07-15T07:59:59", NEW_YORK)).debtor(ny).build()),
                ReasonCode.QUIET_HOURS, at("2025-07-15T08:00", NEW_YORK));
    }

    @Test
    void r1_consentAllows2130() {
        Instant now = at("2025-07-15T21:30", NEW_YORK);
        var consented = debtor().zone(NEW_YORK).outsideHoursConsentAt(utc("2025-06-01T15:00:00Z"));
        assertAllowed(gate.decide(attempt(now).debtor(consented).build()));
        assertDefer(gate.decide(attempt(now).debtor(debtor().zone(NEW_YORK)).build()),
                ReasonCode.QUIET_HOURS, at("2025-07-16T08:00", NEW_YORK));
    }

    @Test
    void r1_consentRecordedAfterTheSendTimeDoesNotCount() {
        Instant now = at("2025-07-15T21:30", NEW_YORK);
        var later = debtor().zone(NEW_YORK).outsideHoursConsentAt(now.plusSeconds(60));
        assertDefer(gate.decide(attempt(now).debtor(later).build()), ReasonCode.QUIET_HOURS,
                at("2025-07-16T08:00", NEW_YORK));
    }

    @Test
    void r1_januaryUsesStandardTimeSo0730PstIsDeferredTo1600Utc() {
        Decision d = gate.decide(attempt(at("2025-01-15T07:30", LOS_ANGELES)).debtor(debtor().zone(LOS_ANGELES)).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, utc("2025-01-15T16:00:00Z"));
    }

    @Test
    void r1_nightBeforeSpringForwardIsDeferredTo0800DaylightTime() {
        // Saturday 2025-03-08 21:30 EST; clocks go forward at 02:00 on Sunday.
        Decision d = gate.decide(attempt(at("2025-03-08T21:30", NEW_YORK)).debtor(debtor().zone(NEW_YORK)).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, utc("2025-03-09T12:00:00Z"));
    }

    @Test
    void r1_nightBeforeFallBackIsDeferredTo0800StandardTime() {
        Decision d = gate.decide(attempt(at("2025-11-01T22:00", NEW_YORK)).debtor(debtor().zone(NEW_YORK)).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, utc("2025-11-02T13:00:00Z"));
    }

    @Test
    void r1_safetyMarginStopsSendsBeforeTheWindowEnds() {
        ComplianceGate margin = new ComplianceGate(GateSettings.builder().windowMargin(Duration.ofMinutes(15)).build());
        var ny = debtor().zone(NEW_YORK);
        assertAllowed(margin.decide(attempt(at("2025-07-15T20:44:59", NEW_YORK)).debtor(ny).build()));
        assertDefer(margin.decide(attempt(at("2025-07-15T20:45", NEW_YORK)).debtor(ny).build()),
                ReasonCode.QUIET_HOURS, at("2025-07-16T08:00", NEW_YORK));
        assertAllowed(gate.decide(attempt(at("2025-07-15T20:45", NEW_YORK)).debtor(ny).build()));
    }

    @Test
    void r1_appliesToLettersAndSmsAsWellAsEmail() {
        Instant now = at("2025-07-15T06:00", NEW_YORK);
        for (Channel ch : Channel.values()) {
            Decision d = gate.decide(attempt(now).channel(ch).debtor(debtor().zone(NEW_YORK)).build());
            assertDefer(d, ReasonCode.QUIET_HOURS, at("2025-07-15T08:00", NEW_YORK));
        }
    }

    @Test
    void r27_collectionTextToAnOklahomaResidentAt2030IsAllowedAnd2100IsDeferredTo0800() {
        // SMS quiet hours are R1's window in the consumer's zone (R27); collection texts carry no solicitation (R28)
        Decision evening = gate.decide(attempt(at("2025-07-15T20:30", CHICAGO)).channel(Channel.SMS)
                .via(sms().consentAt(at("2025-07-10T12:00", CHICAGO))).debtor(debtor().zone(CHICAGO).jurisdiction("US-OK")).build());
        Decision late = gate.decide(attempt(at("2025-07-15T21:00", CHICAGO)).channel(Channel.SMS)
                .via(sms().consentAt(at("2025-07-10T12:00", CHICAGO))).debtor(debtor().zone(CHICAGO).jurisdiction("US-OK")).build());
        assertAllowed(evening);
        assertDefer(late, ReasonCode.QUIET_HOURS, at("2025-07-16T08:00", CHICAGO));
    }

    @Test
    void r1_businessDebtorGetsTheSameDefaultWindow() {
        Decision d = gate.decide(attempt(at("2025-07-15T07:30", NEW_YORK)).debtor(debtor().business().zone(NEW_YORK)).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, at("2025-07-15T08:00", NEW_YORK));
    }

    @Test
    void r1_configuredBusinessWindowAppliesToBusinessDebtorsOnly() {
        ComplianceGate g = new ComplianceGate(GateSettings.builder()
                .businessWindow(ContactWindow.parse("MON-FRI 09:00-17:00; SAT-SUN closed")).build());
        Instant saturday = at("2025-07-19T10:00", NEW_YORK);
        assertDefer(g.decide(attempt(saturday).debtor(debtor().business().zone(NEW_YORK)).build()),
                ReasonCode.QUIET_HOURS, at("2025-07-21T09:00", NEW_YORK));
        assertAllowed(g.decide(attempt(saturday).debtor(debtor().zone(NEW_YORK)).build()));
    }

    // ---------------------------------------------------------------- R2

    @Test
    void r2_sanFranciscoZipAndNewYorkAreaCodeAt0900PtIsAllowed() {
        var d = debtor().postalCode("94105").areaCodes("212");
        assertAllowed(gate.decide(attempt(at("2025-07-15T09:00", LOS_ANGELES)).debtor(d).build()));
    }

    @Test
    void r2_sanFranciscoZipAndNewYorkAreaCodeAt1900PtIsDeferredBecauseItIs2200Et() {
        var d = debtor().postalCode("94105").areaCodes("212");
        Decision dec = gate.decide(attempt(at("2025-07-15T19:00", LOS_ANGELES)).debtor(d).build());
        // Next morning both must be open: 08:00 PT = 11:00 ET.
        assertDefer(dec, ReasonCode.QUIET_HOURS, at("2025-07-16T08:00", LOS_ANGELES));
        assertThat(dec.detail()).contains("R2", "America/New_York", "22:00");
    }

    @Test
    void r2_sanFranciscoZipAndNewYorkAreaCodeWindowEndsAt1800Pt() {
        var d = debtor().postalCode("94105").areaCodes("212");
        assertAllowed(gate.decide(attempt(at("2025-07-15T17:59", LOS_ANGELES)).debtor(d).build()));
        assertDefer(gate.decide(attempt(at("2025-07-15T18:00", LOS_ANGELES)).debtor(d).build()),
                ReasonCode.QUIET_HOURS, at("2025-07-16T08:00", LOS_ANGELES));
    }

    @Test
    void r2_noLocationInJulyAt1600UtcIsDeferredTo1800Utc() {
        Decision d = gate.decide(attempt(utc("2025-07-15T16:00:00Z")).debtor(debtor()).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, utc("2025-07-15T18:00:00Z"));
        assertThat(d.detail()).contains("R2", "Pacific/Honolulu");
    }

    @Test
    void r2_noLocationInJulyIsOpenUntil0100Utc() {
        assertAllowed(gate.decide(attempt(utc("2025-07-16T00:59:59Z")).debtor(debtor()).build()));
        assertDefer(gate.decide(attempt(utc("2025-07-16T01:00:00Z")).debtor(debtor()).build()),
                ReasonCode.QUIET_HOURS, utc("2025-07-16T18:00:00Z"));
    }

    @Test
    void r2_noLocationInJanuaryAt0130UtcIsAllowed() {
        assertAllowed(gate.decide(attempt(utc("2025-01-15T01:30:00Z")).debtor(debtor()).build()));
    }

    @Test
    void r2_noLocationInJanuaryAt0200UtcIsDeferredTo1800Utc() {
        assertDefer(gate.decide(attempt(utc("2025-01-15T02:00:00Z")).debtor(debtor()).build()),
                ReasonCode.QUIET_HOURS, utc("2025-01-15T18:00:00Z"));
    }

    @Test
    void r2_onlyTollFreeAreaCodeCountsAsNoLocation() {
        var d = debtor().areaCodes("800", "888");
        assertDefer(gate.decide(attempt(utc("2025-07-15T16:00:00Z")).debtor(d).build()),
                ReasonCode.QUIET_HOURS, utc("2025-07-15T18:00:00Z"));
    }

    @Test
    void r2_hawaiiAreaCode808WithNewYorkAddressAt1300EtIsDeferredTo1400Edt() {
        var d = debtor().postalCode("10001").areaCodes("808");
        Decision dec = gate.decide(attempt(at("2025-07-15T13:00", NEW_YORK)).debtor(d).build());
        assertDefer(dec, ReasonCode.QUIET_HOURS, at("2025-07-15T14:00", NEW_YORK));
        assertThat(dec.notBefore()).isEqualTo(at("2025-07-15T08:00", HONOLULU));
        assertThat(dec.detail()).contains("Pacific/Honolulu", "07:00");
    }

    @Test
    void r2_knownZoneIsCombinedWithConflictingAreaCode() {
        var d = debtor().zone(NEW_YORK).areaCodes("213");
        assertDefer(gate.decide(attempt(at("2025-07-15T10:00", NEW_YORK)).debtor(d).build()),
                ReasonCode.QUIET_HOURS, at("2025-07-15T11:00", NEW_YORK));
    }

    @Test
    void r2_zonesWhoseWindowsNeverOverlapAreDeniedForAPersonToResolve() {
        // Office hours in Tokyo and New York, 13 hours apart, never overlap.
        ComplianceGate office = new ComplianceGate(GateSettings.builder()
                .businessWindow(ContactWindow.parse("09:00-17:00")).build());
        var d = debtor().business().zone(ZoneId.of("Asia/Tokyo")).areaCodes("212");
        Decision dec = office.decide(attempt(at("2025-07-15T10:00", NEW_YORK)).debtor(d).build());
        assertThat(dec.verdict()).isEqualTo(Verdict.DENY);
        assertThat(dec.reason()).isEqualTo(ReasonCode.NO_CONTACT_WINDOW);
        assertThat(dec.detail()).contains("Asia/Tokyo", "America/New_York");
    }

    @Test
    void r2_tokyoAndNewYorkStillShareTheStandardWindowInTheirEvening() {
        var d = debtor().zone(ZoneId.of("Asia/Tokyo")).areaCodes("212");
        // 10:00 EDT is 23:00 JST; both are open from 08:00 JST (19:00 EDT) until 21:00 EDT.
        assertDefer(gate.decide(attempt(at("2025-07-15T10:00", NEW_YORK)).debtor(d).build()),
                ReasonCode.QUIET_HOURS, at("2025-07-15T19:00", NEW_YORK));
    }

    // ---------------------------------------------------------------- R3

    @Test
    void r3_noContactBefore1200DefersA1000JobTo1200() {
        var d = debtor().zone(NEW_YORK).noContactBefore(LocalTime.NOON);
        Decision dec = gate.decide(attempt(at("2025-07-15T10:00", NEW_YORK)).debtor(d).build());
        assertDefer(dec, ReasonCode.INCONVENIENT_TIME, at("2025-07-15T12:00", NEW_YORK));
        assertThat(dec.detail()).contains("R3", "10:00", "America/New_York");
        assertAllowed(gate.decide(attempt(at("2025-07-15T12:00", NEW_YORK)).debtor(d).build()));
    }

    @Test
    void r3_noContactAfter1700DefersAnEveningJobToTheNextMorningWindow() {
        var d = debtor().zone(NEW_YORK).noContactAfter(LocalTime.of(17, 0));
        assertDefer(gate.decide(attempt(at("2025-07-15T17:00", NEW_YORK)).debtor(d).build()),
                ReasonCode.INCONVENIENT_TIME, at("2025-07-16T08:00", NEW_YORK));
    }

    @Test
    void r3_designatedTimeHoldsInEveryCandidateZone() {
        var d = debtor().postalCode("94105").areaCodes("212").noContactBefore(LocalTime.NOON);
        // 12:30 ET is 09:30 PT: noon has not come yet in the Pacific zone.
        assertDefer(gate.decide(attempt(at("2025-07-15T12:30", NEW_YORK)).debtor(d).build()),
                ReasonCode.INCONVENIENT_TIME, at("2025-07-15T12:00", LOS_ANGELES));
    }

    @Test
    void r3_quietHoursAreReportedFirstButNotBeforeSatisfiesBoth() {
        var d = debtor().zone(NEW_YORK).noContactBefore(LocalTime.NOON);
        assertDefer(gate.decide(attempt(at("2025-07-15T06:00", NEW_YORK)).debtor(d).build()),
                ReasonCode.QUIET_HOURS, at("2025-07-15T12:00", NEW_YORK));
    }

    @Test
    void r3_evenWithOutsideHoursConsentTheDesignatedTimeHolds() {
        var d = debtor().zone(NEW_YORK).noContactBefore(LocalTime.NOON)
                .outsideHoursConsentAt(utc("2025-06-01T00:00:00Z"));
        assertDefer(gate.decide(attempt(at("2025-07-15T07:00", NEW_YORK)).debtor(d).build()),
                ReasonCode.INCONVENIENT_TIME, at("2025-07-15T12:00", NEW_YORK));
    }

    // ---------------------------------------------------------------- R23b Florida

    @Test
    void r23b_floridaSmsAt2110LocalIsDeferredTo0800() {
        var fl = debtor().jurisdiction("US-FL").zone(NEW_YORK).areaCodes("305");
        Decision d = gate.decide(attempt(at("2025-07-15T21:10", NEW_YORK)).debtor(fl).via(sms()
                .consentAt(utc("2025-07-01T00:00:00Z"))).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, at("2025-07-16T08:00", NEW_YORK));
    }

    @Test
    void r23b_floridaEmailAt2110IsStillDeferredUnderR1() {
        var fl = debtor().jurisdiction("US-FL").zone(NEW_YORK).areaCodes("305");
        assertDefer(gate.decide(attempt(at("2025-07-15T21:10", NEW_YORK)).debtor(fl).build()),
                ReasonCode.QUIET_HOURS, at("2025-07-16T08:00", NEW_YORK));
    }

    // ---------------------------------------------------------------- R34 UK

    @Test
    void r34_ukSundayIsClosedByDefault() {
        var gb = debtor().jurisdiction("GB").zone(LONDON);
        Decision d = gate.decide(attempt(at("2025-06-15T10:00", LONDON)).debtor(gb).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, at("2025-06-16T08:00", LONDON));
        assertThat(d.notBefore()).isEqualTo(utc("2025-06-16T07:00:00Z"));
        assertThat(d.detail()).contains("R34", "Sun", "Europe/London");
    }

    @Test
    void r34_ukBankHolidayIsClosed() {
        var gb = debtor().jurisdiction("GB").zone(LONDON);
        assertDefer(gate.decide(attempt(at("2025-08-25T10:00", LONDON)).debtor(gb).build()),
                ReasonCode.QUIET_HOURS, at("2025-08-26T08:00", LONDON));
    }

    @Test
    void r34_shiftWorkerOnlyAfter1800DefersA1000Job() {
        var gb = debtor().jurisdiction("GB").zone(LONDON).noContactBefore(LocalTime.of(18, 0));
        assertDefer(gate.decide(attempt(at("2025-07-15T10:00", LONDON)).debtor(gb).build()),
                ReasonCode.INCONVENIENT_TIME, at("2025-07-15T18:00", LONDON));
    }

    @Test
    void r34_ukDebtorWithoutZoneUsesLondonFromTheJurisdiction() {
        var gb = debtor().jurisdiction("GB-ENG");
        assertAllowed(gate.decide(attempt(at("2025-07-15T08:30", LONDON)).debtor(gb).build()));
        assertDefer(gate.decide(attempt(at("2025-07-15T07:30", LONDON)).debtor(gb).build()),
                ReasonCode.QUIET_HOURS, at("2025-07-15T08:00", LONDON));
    }

    // ---------------------------------------------------------------- R41 Ontario

    @Test
    void r41_ontarioSunday1230IsDeferredTo1300() {
        var on = debtor().jurisdiction("CA-ON").zone(TORONTO);
        Decision d = gate.decide(attempt(at("2025-06-15T12:30", TORONTO)).debtor(on).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, at("2025-06-15T13:00", TORONTO));
        assertThat(d.detail()).contains("R41", "12:30", "America/Toronto");
    }

    @Test
    void r41_ontarioSunday1700IsDeferredToMonday0700() {
        var on = debtor().jurisdiction("CA-ON").zone(TORONTO);
        assertAllowed(gate.decide(attempt(at("2025-06-15T16:59", TORONTO)).debtor(on).build()));
        assertDefer(gate.decide(attempt(at("2025-06-15T17:00", TORONTO)).debtor(on).build()),
                ReasonCode.QUIET_HOURS, at("2025-06-16T07:00", TORONTO));
    }

    @Test
    void r41_canadaDay20250701IsDeferredToJuly2At0700() {
        var on = debtor().jurisdiction("CA-ON").zone(TORONTO);
        Decision d = gate.decide(attempt(at("2025-07-01T10:00", TORONTO)).debtor(on).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, at("2025-07-02T07:00", TORONTO));
        assertThat(d.notBefore()).isEqualTo(utc("2025-07-02T11:00:00Z"));
        assertThat(d.detail()).contains("R41", "holiday", "Tue 2025-07-01 10:00");
    }

    @Test
    void r41_ontarioWeekday0700IsAllowedBecauseTheOverrideReplacesTheDefault() {
        var on = debtor().jurisdiction("CA-ON").zone(TORONTO);
        assertAllowed(gate.decide(attempt(at("2025-07-15T07:00", TORONTO)).debtor(on).build()));
        assertDefer(gate.decide(attempt(at("2025-07-15T07:00", TORONTO)).debtor(debtor().zone(TORONTO)).build()),
                ReasonCode.QUIET_HOURS, at("2025-07-15T08:00", TORONTO));
    }

    @Test
    void r41_outsideHoursConsentDoesNotLiftOntarioHours() {
        var on = debtor().jurisdiction("CA-ON").zone(TORONTO).outsideHoursConsentAt(utc("2025-01-01T00:00:00Z"));
        assertDefer(gate.decide(attempt(at("2025-06-15T12:30", TORONTO)).debtor(on).build()),
                ReasonCode.QUIET_HOURS, at("2025-06-15T13:00", TORONTO));
    }

    // ---------------------------------------------------------------- R42 BC and Quebec

    @Test
    void r42_quebecSaturday1959IsAllowed() {
        var qc = debtor().jurisdiction("CA-QC").zone(TORONTO);
        assertAllowed(gate.decide(attempt(at("2025-06-14T19:59", TORONTO)).debtor(qc).build()));
    }

    @Test
    void r42_quebecSaturday2000IsDeferredToMonday0800() {
        var qc = debtor().jurisdiction("CA-QC").zone(TORONTO);
        Decision d = gate.decide(attempt(at("2025-06-14T20:00", TORONTO)).debtor(qc).build());
        assertDefer(d, ReasonCode.QUIET_HOURS, at("2025-06-16T08:00", TORONTO));
        assertThat(d.detail()).contains("R42", "Sat", "20:00");
    }

    @Test
    void r42_quebecSundayIsDeferredToMonday0800() {
        var qc = debtor().jurisdiction("CA-QC").zone(TORONTO);
        assertDefer(gate.decide(attempt(at("2025-06-15T14:00", TORONTO)).debtor(qc).build()),
                ReasonCode.QUIET_HOURS, at("2025-06-16T08:00", TORONTO));
    }

    @Test
    void r42_quebecFeteNationaleIsDeferredToTheNextMorning() {
        var qc = debtor().jurisdiction("CA-QC").zone(TORONTO);
        assertDefer(gate.decide(attempt(at("2025-06-24T10:00", TORONTO)).debtor(qc).build()),
                ReasonCode.QUIET_HOURS, at("2025-06-25T08:00", TORONTO));
    }

    @Test
    void r42_britishColumbiaSunday1230IsDeferredTo1300() {
        var bc = debtor().jurisdiction("CA-BC").zone(VANCOUVER);
        assertDefer(gate.decide(attempt(at("2025-06-15T12:30", VANCOUVER)).debtor(bc).build()),
                ReasonCode.QUIET_HOURS, at("2025-06-15T13:00", VANCOUVER));
    }

    @Test
    void r42_quebecDebtorKnownOnlyByPostalCodeUsesEasternTime() {
        var qc = debtor().jurisdiction("CA-QC").postalCode("H2X 1Y4");
        assertDefer(gate.decide(attempt(at("2025-06-14T20:00", TORONTO)).debtor(qc).build()),
                ReasonCode.QUIET_HOURS, at("2025-06-16T08:00", TORONTO));
    }
}
