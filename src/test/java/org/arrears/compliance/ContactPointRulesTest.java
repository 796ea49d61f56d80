package org.arrears.compliance;

import static org.arrears.compliance.Fixtures.LOS_ANGELES;
import static org.arrears.compliance.Fixtures.NEW_YORK;
import static org.arrears.compliance.Fixtures.at;
import static org.arrears.compliance.Fixtures.attempt;
import static org.arrears.compliance.Fixtures.debtor;
import static org.arrears.compliance.Fixtures.email;
import static org.arrears.compliance.Fixtures.letter;
import static org.arrears.compliance.Fixtures.sms;
import static org.arrears.compliance.Fixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;

/** R5 (per-address opt-out), R6 (email and SMS procedures), R7 (employer email), bounce and disclosure. */
class ContactPointRulesTest {

    private final ComplianceGate gate = new ComplianceGate(GateSettings.defaults());
    private final Instant now = at("2025-07-15T10:00", NEW_YORK);

    private static void assertDenied(Decision d, ReasonCode reason) {
        assertThat(d.verdict()).as(d.detail()).isEqualTo(Verdict.DENY);
        assertThat(d.reason()).as(d.detail()).isEqualTo(reason);
    }

    private static void assertAllowed(Decision d) {
        assertThat(d.verdict()).as(d.detail()).isEqualTo(Verdict.ALLOW);
    }

    // ---------------------------------------------------------------- the address itself

    @Test
    void contactPoint_missingAddressIsDenied() {
        assertDenied(gate.decide(attempt(now).noContactPoint().build()), ReasonCode.NO_CONTACT_POINT);
    }

    @Test
    void contactPoint_addressForAnotherChannelIsDenied() {
        Decision d = gate.decide(attempt(now).via(email()).channel(Channel.SMS).build());
        assertDenied(d, ReasonCode.NO_CONTACT_POINT);
    }

    @Test
    void r5_optedOutNumberBlocksAnyLaterSms() {
        Decision d = gate.decide(attempt(now).via(sms().consentAt(now.minus(Duration.ofDays(5)))
                .optedOutAt(now.minus(Duration.ofDays(1)))).build());
        assertDenied(d, ReasonCode.OPTED_OUT);
        assertThat(d.detail()).contains("R5").doesNotContain("5550123");
    }

    @Test
    void r5_optOutBeatsQuietHours() {
        Decision d = gate.decide(attempt(at("2025-07-15T03:00", NEW_YORK)).via(email().optedOutAt(now.minusSeconds(60))).build());
        assertDenied(d, ReasonCode.OPTED_OUT);
    }

    @Test
    void r33_hardBouncedAddressIsDenied() {
        assertDenied(gate.decide(attempt(now).via(email().hardBounced()).build()), ReasonCode.HARD_BOUNCE);
    }

    @Test
    void contactPoint_numberFoundInvalidOrALandlineIsDeniedForTexts() {
        Decision invalid = gate.decide(attempt(now).via(sms().consentAt(now.minus(Duration.ofDays(3)))
                .unusable(ReasonCode.INVALID_NUMBER)).build());
        Decision landline = gate.decide(attempt(now).via(sms().consentAt(now.minus(Duration.ofDays(3)))
                .unusable(ReasonCode.LANDLINE)).build());
        assertDenied(invalid, ReasonCode.INVALID_NUMBER);
        assertDenied(landline, ReasonCode.LANDLINE);
        assertThat(landline.detail()).contains("landline").doesNotContain("5550123");
    }

    @Test
    void contactPoint_postalAddressReturnedAsUndeliverableIsDeniedForLetters() {
        Decision d = gate.decide(attempt(now).channel(Channel.LETTER).via(letter().unusable(ReasonCode.UNDELIVERABLE)).build());
        assertDenied(d, ReasonCode.UNDELIVERABLE);
        assertThat(d.detail()).contains("returned mail");
    }

    @Test
    void r6_addressThatCausedAThirdPartyDisclosureIsDenied() {
        assertDenied(gate.decide(attempt(now).via(email().thirdParty()).build()), ReasonCode.THIRD_PARTY_DISCLOSURE);
    }

    @Test
    void r6_thirdPartyDisclosureAppliesToBusinessDebtorsToo() {
        Decision d = gate.decide(attempt(now).debtor(debtor().business().zone(NEW_YORK)).via(email().thirdParty()).build());
        assertDenied(d, ReasonCode.THIRD_PARTY_DISCLOSURE);
    }

    // ---------------------------------------------------------------- R6 email

    @Test
    void r6_creditorFileEmailWithoutNoticeIsDeniedNoEmailProcedure() {
        Decision d = gate.decide(attempt(now).via(email().source(ConsentSource.CREDITOR_FILE)).build());
        assertDenied(d, ReasonCode.NO_EMAIL_PROCEDURE);
        assertThat(d.detail()).contains("R6", "CREDITOR_FILE").doesNotContain("jane");
    }

    @Test
    void r6_creditorNoticeSent34DaysBeforeTheFirstEmailIsDenied() {
        Decision d = gate.decide(attempt(at("2025-02-05T10:00", NEW_YORK))
                .via(email().source(ConsentSource.CREDITOR_NOTICE).creditorNoticeSentOn(LocalDate.of(2025, 1, 2))).build());
        assertDenied(d, ReasonCode.NO_EMAIL_PROCEDURE);
        assertThat(d.detail()).contains("34 days", "35");
    }

    @Test
    void r6_creditorNoticeSent35DaysBeforeTheFirstEmailIsAllowed() {
        Decision d = gate.decide(attempt(at("2025-02-06T10:00", NEW_YORK))
                .via(email().source(ConsentSource.CREDITOR_NOTICE).creditorNoticeSentOn(LocalDate.of(2025, 1, 2))).build());
        assertAllowed(d);
    }

    @Test
    void r6_creditorNoticeDaysCountOnTheDebtorsLocalDateNotUtc() {
        // 2025-02-06 03:00 UTC is still 2025-02-05 in Los Angeles: 34 days there.
        ComplianceGate anyHour = new ComplianceGate(GateSettings.builder()
                .defaultWindow(ContactWindow.parse("00:00-24:00")).build());
        var la = debtor().zone(LOS_ANGELES);
        var notice = email().source(ConsentSource.CREDITOR_NOTICE).creditorNoticeSentOn(LocalDate.of(2025, 1, 2));
        assertDenied(anyHour.decide(attempt(utc("2025-02-06T03:00:00Z")).debtor(la).via(notice).build()),
                ReasonCode.NO_EMAIL_PROCEDURE);
        assertAllowed(anyHour.decide(attempt(utc("2025-02-06T08:00:00Z")).debtor(la).via(notice).build()));
    }

    @Test
    void r6_creditorNoticeWithoutADateIsDenied() {
        Decision d = gate.decide(attempt(now).via(email().source(ConsentSource.CREDITOR_NOTICE)).build());
        assertDenied(d, ReasonCode.NO_EMAIL_PROCEDURE);
    }

    @ParameterizedTest
    @NullSource
    @EnumSource(value = ConsentSource.class, names = {"CREDITOR_FILE", "SKIP_TRACE"})
    void r6_emailWithoutAnyProcedureIsDenied(ConsentSource source) {
        assertDenied(gate.decide(attempt(now).via(email().source(source)).build()), ReasonCode.NO_EMAIL_PROCEDURE);
    }

    @ParameterizedTest
    @EnumSource(value = ConsentSource.class, names = {"CONSUMER_USED", "CONSUMER_CONSENT", "PRIOR_COLLECTOR"})
    void r6_consumerUseConsentOrPriorCollectorPassesTheEmailProcedure(ConsentSource source) {
        assertAllowed(gate.decide(attempt(now).via(email().source(source)).build()));
    }

    @Test
    void r6_businessDebtorEmailIsNotSubjectToTheConsumerProcedure() {
        Decision d = gate.decide(attempt(now).debtor(debtor().business().zone(NEW_YORK))
                .via(email().source(ConsentSource.CREDITOR_FILE)).build());
        assertAllowed(d);
    }

    @Test
    void r6_emailProceduresCanBeSwitchedOffForConsumers() {
        ComplianceGate off = new ComplianceGate(GateSettings.builder().emailProceduresForConsumers(false).build());
        assertAllowed(off.decide(attempt(now).via(email().source(ConsentSource.CREDITOR_FILE)).build()));
        assertAllowed(off.decide(attempt(now).via(email().source(ConsentSource.CREDITOR_NOTICE).workEmail()).build()));
    }

    // ---------------------------------------------------------------- R6 SMS

    @Test
    void r6_smsConsent120DaysOldWithoutReassignedCheckIsDenied() {
        Decision d = gate.decide(attempt(now).via(sms().consentAt(now.minus(Duration.ofDays(120)))).build());
        assertDenied(d, ReasonCode.NO_SMS_CONSENT);
        assertThat(d.detail()).contains("R6", "120 days");
    }

    @Test
    void r6_smsConsent120DaysOldWithReassignedCheckAfterConsentIsAllowed() {
        Decision d = gate.decide(attempt(now).via(sms().consentAt(now.minus(Duration.ofDays(120)))
                .reassignedCheckAt(now.minus(Duration.ofDays(1)))).build());
        assertAllowed(d);
    }

    @Test
    void r6_smsReassignedCheckThatIsItselfOlderThanTheMaxAgeIsDenied() {
        Decision d = gate.decide(attempt(now).via(sms().consentAt(now.minus(Duration.ofDays(120)))
                .reassignedCheckAt(now.minus(Duration.ofDays(90)))).build());
        assertDenied(d, ReasonCode.NO_SMS_CONSENT);
    }

    @Test
    void r6_smsReassignedCheckBeforeTheConsentDoesNotCount() {
        Decision d = gate.decide(attempt(now).via(sms().consentAt(now.minus(Duration.ofDays(120)))
                .reassignedCheckAt(now.minus(Duration.ofDays(121)))).build());
        assertDenied(d, ReasonCode.NO_SMS_CONSENT);
    }

    @Test
    void r6_smsConsentExactlyAtTheMaxAgeIsAllowedAndOneSecondOlderIsNot() {
        assertAllowed(gate.decide(attempt(now).via(sms().consentAt(now.minus(Duration.ofDays(60)))).build()));
        assertDenied(gate.decide(attempt(now).via(sms().consentAt(now.minus(Duration.ofDays(60)).minusSeconds(1))).build()),
                ReasonCode.NO_SMS_CONSENT);
    }

    @ParameterizedTest
    @NullSource
    @EnumSource(value = ConsentSource.class, names = {"SKIP_TRACE", "CREDITOR_FILE", "CREDITOR_NOTICE"})
    void r6_smsToANumberTheConsumerNeverUsedOrConsentedToIsDenied(ConsentSource source) {
        Decision d = gate.decide(attempt(now).via(sms().source(source).consentAt(now.minus(Duration.ofDays(3)))).build());
        assertDenied(d, ReasonCode.NO_SMS_CONSENT);
    }

    @ParameterizedTest
    @NullSource
    @EnumSource(value = ConsentSource.class, names = {"SKIP_TRACE", "CREDITOR_FILE"})
    void r24_aBusinessDebtorsMobileNeedsConsentToo(ConsentSource source) {
        Decision d = gate.decide(attempt(now).debtor(debtor().business().zone(NEW_YORK)).channel(Channel.SMS)
                .via(sms().source(source).consentAt(now.minus(Duration.ofDays(3)))).build());
        assertDenied(d, ReasonCode.NO_SMS_CONSENT);
        assertThat(d.detail()).startsWith("R24 consent");
    }

    @Test
    void r24_aBusinessDebtorsConsentedMobileIsNotHeldToTheConsumerRecencyRule() {
        assertAllowed(gate.decide(attempt(now).debtor(debtor().business().zone(NEW_YORK)).channel(Channel.SMS)
                .via(sms().consentAt(now.minus(Duration.ofDays(400)))).build()));
    }

    @Test
    void r6_smsConsentWithoutADateIsDenied() {
        assertDenied(gate.decide(attempt(now).via(sms().consentAt(null)).build()), ReasonCode.NO_SMS_CONSENT);
    }

    // ---------------------------------------------------------------- R7

    @Test
    void r7_employerEmailWithCreditorNoticeIsDenied() {
        // The notice is old enough for R6(ii), but the creditor procedure can never authorise a work address.
        Decision d = gate.decide(attempt(now).via(email().workEmail().source(ConsentSource.CREDITOR_NOTICE)
                .creditorNoticeSentOn(LocalDate.of(2025, 5, 1))).build());
        assertDenied(d, ReasonCode.EMPLOYER_EMAIL);
        assertThat(d.detail()).contains("R7").doesNotContain("jane");
    }

    @Test
    void r7_employerEmailTheConsumerUsedWithUsIsAllowed() {
        assertAllowed(gate.decide(attempt(now).via(email().workEmail().source(ConsentSource.CONSUMER_USED)).build()));
    }

    @Test
    void r7_optOutStillAppliesToAnEmployerEmailTheConsumerUsed() {
        Decision d = gate.decide(attempt(now).via(email().workEmail().source(ConsentSource.CONSUMER_USED)
                .optedOutAt(now.minusSeconds(3600))).build());
        assertDenied(d, ReasonCode.OPTED_OUT);
    }
}
