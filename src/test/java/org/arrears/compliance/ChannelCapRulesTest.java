package org.arrears.compliance;

import static org.arrears.compliance.Fixtures.NEW_YORK;
import static org.arrears.compliance.Fixtures.at;
import static org.arrears.compliance.Fixtures.attempt;
import static org.arrears.compliance.Fixtures.debtor;
import static org.arrears.compliance.Fixtures.sms;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** R4: per-channel frequency caps DEFER until the oldest counted send leaves the window, inside the contact window. */
class ChannelCapRulesTest {

    private final ComplianceGate gate = new ComplianceGate(GateSettings.defaults());
    private final Instant tuesday10 = at("2025-07-15T10:00", NEW_YORK);

    private static void assertDefer(Decision d, ReasonCode reason, Instant notBefore) {
        assertThat(d.verdict()).as(d.detail()).isEqualTo(Verdict.DEFER);
        assertThat(d.reason()).as(d.detail()).isEqualTo(reason);
        assertThat(d.notBefore()).as(d.detail()).isEqualTo(notBefore);
    }

    @Test
    void r4_twentyEmailsInSevenDaysIsDeferredWithChannelCap() {
        // 20 emails, one every 8 hours; the cap is 3 per 7 days, so the third newest (24 h ago) must leave first.
        Decision d = gate.decide(attempt(tuesday10).sentEvery(Duration.ofHours(8), 20).build());
        assertDefer(d, ReasonCode.CHANNEL_CAP, at("2025-07-21T10:00", NEW_YORK));
        assertThat(d.detail()).contains("R4", "20 email", "3/P7D", "America/New_York");
    }

    @Test
    void r4_twoEmailsInSevenDaysAreUnderTheCap() {
        Decision d = gate.decide(attempt(tuesday10).sentEvery(Duration.ofDays(2), 2).build());
        assertThat(d.verdict()).as(d.detail()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void r4_sendsThatLeftTheWindowDoNotCount() {
        Instant eightDaysAgo = tuesday10.minus(Duration.ofDays(8));
        Decision d = gate.decide(attempt(tuesday10)
                .sentAt(eightDaysAgo, eightDaysAgo.plusSeconds(60), eightDaysAgo.plusSeconds(120)).build());
        assertThat(d.verdict()).as(d.detail()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void r4_sendExactlySevenDaysAgoHasLeftTheWindow() {
        Instant weekAgo = tuesday10.minus(Duration.ofDays(7));
        Decision d = gate.decide(attempt(tuesday10)
                .sentAt(weekAgo, tuesday10.minus(Duration.ofDays(3)), tuesday10.minus(Duration.ofDays(1))).build());
        assertThat(d.verdict()).as(d.detail()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void r4_smsOnePerDayReleasesTwentyFourHoursAfterTheLastSms() {
        Instant last = at("2025-07-14T20:50", NEW_YORK);
        Decision d = gate.decide(attempt(tuesday10).via(sms().consentAt(at("2025-07-01T09:00", NEW_YORK)))
                .sentAt(last).build());
        assertDefer(d, ReasonCode.CHANNEL_CAP, at("2025-07-15T20:50", NEW_YORK));
    }

    @Test
    void r4_capReleaseAfterWindowEndMovesToTheNextMorning() {
        Instant last = at("2025-07-14T21:30", NEW_YORK);
        Decision d = gate.decide(attempt(tuesday10).via(sms().consentAt(at("2025-07-01T09:00", NEW_YORK)))
                .sentAt(last).build());
        assertDefer(d, ReasonCode.CHANNEL_CAP, at("2025-07-16T08:00", NEW_YORK));
    }

    @Test
    void r4_capReleaseInsideTheSafetyMarginMovesToTheNextMorning() {
        ComplianceGate margin = new ComplianceGate(GateSettings.builder().windowMargin(Duration.ofMinutes(15)).build());
        Instant last = at("2025-07-14T20:50", NEW_YORK);
        Decision d = margin.decide(attempt(tuesday10).via(sms().consentAt(at("2025-07-01T09:00", NEW_YORK)))
                .sentAt(last).build());
        assertDefer(d, ReasonCode.CHANNEL_CAP, at("2025-07-16T08:00", NEW_YORK));
    }

    @Test
    void r4_smsThreeInSevenDaysWaitsForTheOldestToLeave() {
        Decision d = gate.decide(attempt(tuesday10).via(sms().consentAt(at("2025-07-01T09:00", NEW_YORK)))
                .sentAt(tuesday10.minus(Duration.ofDays(6)), tuesday10.minus(Duration.ofDays(4)),
                        tuesday10.minus(Duration.ofDays(2)))
                .build());
        assertDefer(d, ReasonCode.CHANNEL_CAP, at("2025-07-16T10:00", NEW_YORK));
        assertThat(d.detail()).contains("3/P7D");
    }

    @Test
    void r4_lettersHaveNoCapByDefault() {
        Decision d = gate.decide(attempt(tuesday10).channel(Channel.LETTER).sentEvery(Duration.ofHours(1), 50).build());
        assertThat(d.verdict()).as(d.detail()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void r4_quietHoursAreReportedFirstButNotBeforeAlsoWaitsForTheCap() {
        Instant sixAm = at("2025-07-15T06:00", NEW_YORK);
        // The third newest email was sent 6 days 21 hours ago, so the cap frees at 09:00, after the window opens.
        Decision d = gate.decide(attempt(sixAm).debtor(debtor().zone(NEW_YORK))
                .sentAt(sixAm.minus(Duration.ofHours(6 * 24 + 21)), sixAm.minus(Duration.ofDays(2)),
                        sixAm.minus(Duration.ofDays(1)))
                .build());
        assertDefer(d, ReasonCode.QUIET_HOURS, at("2025-07-15T09:00", NEW_YORK));
    }

    @Test
    void r4_configuredCapsReplaceTheDefaults() {
        ComplianceGate strict = new ComplianceGate(GateSettings.builder()
                .caps(Channel.LETTER, List.of(FrequencyCap.parse("1/P14D"))).build());
        Instant lastLetter = at("2025-07-10T12:00", NEW_YORK);
        Decision d = strict.decide(attempt(tuesday10).channel(Channel.LETTER).sentAt(lastLetter).build());
        assertDefer(d, ReasonCode.CHANNEL_CAP, at("2025-07-24T12:00", NEW_YORK));
    }

    @Test
    void r4_releaseAtCountsOnlySendsInsideTheWindow() {
        FrequencyCap cap = new FrequencyCap(2, Duration.ofDays(1));
        Instant t = Instant.parse("2025-07-15T12:00:00Z");
        List<Instant> sends = List.of(t.minusSeconds(3600), t.minusSeconds(7200), t.minus(Duration.ofDays(2)));
        assertThat(cap.countAt(sends, t)).isEqualTo(2);
        // Two inside the window: one more fits once the older of them (2 h ago) leaves.
        assertThat(cap.releaseAt(sends, t)).isEqualTo(t.minusSeconds(7200).plus(Duration.ofDays(1)));
        assertThat(cap.releaseAt(List.of(t.minusSeconds(3600)), t)).isEqualTo(t);
        // Three inside a cap of two: the second newest must leave, not merely the oldest.
        List<Instant> three = List.of(t.minusSeconds(3600), t.minusSeconds(7200), t.minusSeconds(10800));
        assertThat(cap.releaseAt(three, t)).isEqualTo(t.minusSeconds(7200).plus(Duration.ofDays(1)));
    }
}
