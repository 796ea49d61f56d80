package org.arrears.compliance;

import static org.arrears.compliance.Fixtures.NEW_YORK;
import static org.arrears.compliance.Fixtures.at;
import static org.arrears.compliance.Fixtures.attempt;
import static org.arrears.compliance.Fixtures.debtor;
import static org.arrears.compliance.Fixtures.sms;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** R9, R11, R12, R19, R20, holds and the fresh balance check: the DENY rules ahead of the address rules. */
class LegalStateAndHoldRulesTest {

    private final ComplianceGate gate = new ComplianceGate(GateSettings.defaults());
    private final Instant now = at("2025-07-15T10:00", NEW_YORK);

    private static void assertDenied(Decision d, ReasonCode reason) {
        assertThat(d.verdict()).as(d.detail()).isEqualTo(Verdict.DENY);
        assertThat(d.reason()).as(d.detail()).isEqualTo(reason);
        assertThat(d.notBefore()).isNull();
    }

    private static void assertAllowed(Decision d) {
        assertThat(d.verdict()).as(d.detail()).isEqualTo(Verdict.ALLOW);
        assertThat(d.reason()).isEqualTo(ReasonCode.OK);
    }

    @Test
    void baseline_plainReminderAt1000IsAllowed() {
        Decision d = gate.decide(attempt(now).build());
        assertAllowed(d);
        assertThat(d.detail()).contains("10:00", "America/New_York");
    }

    // ---------------------------------------------------------------- R20, R19

    @ParameterizedTest
    @EnumSource(Channel.class)
    void r20_bankruptcyFlagBlocksEveryChannel(Channel channel) {
        Decision d = gate.decide(attempt(now).channel(channel).debtor(debtor().zone(NEW_YORK).bankruptcy()).build());
        assertDenied(d, ReasonCode.BANKRUPTCY);
        assertThat(d.detail()).contains("R20", "America/New_York");
    }

    @Test
    void r20_bankruptcyWinsOverEveryOtherReasonAndOverQuietHours() {
        var all = debtor().zone(NEW_YORK).bankruptcy().deceased().cease().attorney();
        Decision d = gate.decide(attempt(at("2025-07-15T03:00", NEW_YORK)).debtor(all)
                .hold(HoldKind.DISPUTE, null).noContactPoint().build());
        assertDenied(d, ReasonCode.BANKRUPTCY);
    }

    @Test
    void r19_outboundSmsToDeceasedDebtorIsDenied() {
        Decision d = gate.decide(attempt(now).via(sms().consentAt(at("2025-07-01T09:00", NEW_YORK)))
                .debtor(debtor().zone(NEW_YORK).deceased()).build());
        assertDenied(d, ReasonCode.DECEASED);
        assertThat(d.detail()).contains("R19");
    }

    @Test
    void r19_deceasedIsCheckedBeforeCease() {
        Decision d = gate.decide(attempt(now).debtor(debtor().zone(NEW_YORK).deceased().cease()).build());
        assertDenied(d, ReasonCode.DECEASED);
    }

    // ---------------------------------------------------------------- R11

    @Test
    void r11_ceaseRejectsOrdinaryTemplates() {
        Decision d = gate.decide(attempt(now).template("REMINDER_T_PLUS_7").debtor(debtor().zone(NEW_YORK).cease()).build());
        assertDenied(d, ReasonCode.CEASE_COMMUNICATION);
        assertThat(d.detail()).contains("R11", "REMINDER_T_PLUS_7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CEASE_ACK_TERMINATION", "NOTICE_REMEDY_ORDINARY", "NOTICE_REMEDY_SPECIFIC"})
    void r11_ceaseLetsOnlyTheThreeNoticesThrough(String template) {
        Decision d = gate.decide(attempt(now).channel(Channel.LETTER).template(template)
                .debtor(debtor().zone(NEW_YORK).cease()).build());
        assertAllowed(d);
    }

    @Test
    void r11_allowedNoticesAreConfigurable() {
        ComplianceGate g = new ComplianceGate(GateSettings.builder()
                .ceaseAllowedTemplates(java.util.Set.of("CEASE_ACK_TERMINATION")).build());
        var ceased = debtor().zone(NEW_YORK).cease();
        assertAllowed(g.decide(attempt(now).template("CEASE_ACK_TERMINATION").debtor(ceased).build()));
        assertDenied(g.decide(attempt(now).template("NOTICE_REMEDY_SPECIFIC").debtor(ceased).build()),
                ReasonCode.CEASE_COMMUNICATION);
    }

    @Test
    void r11_ceaseNoticeStillRespectsQuietHours() {
        Decision d = gate.decide(attempt(at("2025-07-15T22:00", NEW_YORK)).template("CEASE_ACK_TERMINATION")
                .debtor(debtor().zone(NEW_YORK).cease()).build());
        assertThat(d.verdict()).isEqualTo(Verdict.DEFER);
        assertThat(d.notBefore()).isEqualTo(at("2025-07-16T08:00", NEW_YORK));
    }

    // ---------------------------------------------------------------- R12

    @Test
    void r12_attorneyRepresentedConsumerChannelJobsAreDenied() {
        Decision d = gate.decide(attempt(now).debtor(debtor().zone(NEW_YORK).attorney()).build());
        assertDenied(d, ReasonCode.ATTORNEY_REPRESENTED);
        assertThat(d.detail()).contains("R12");
    }

    @Test
    void r12_ceaseIsCheckedBeforeAttorneyButACeaseNoticeStillStopsAtAttorney() {
        var both = debtor().zone(NEW_YORK).cease().attorney();
        assertDenied(gate.decide(attempt(now).debtor(both).build()), ReasonCode.CEASE_COMMUNICATION);
        assertDenied(gate.decide(attempt(now).template("CEASE_ACK_TERMINATION").debtor(both).build()),
                ReasonCode.ATTORNEY_REPRESENTED);
    }

    // ---------------------------------------------------------------- R9 and other holds

    @Test
    void r9_debtorLevelDisputeHoldBlocksDunning() {
        Decision d = gate.decide(attempt(now).hold(HoldKind.DISPUTE, null).build());
        assertDenied(d, ReasonCode.DISPUTE);
        assertThat(d.detail()).contains("R9").doesNotContain("free text");
    }

    @Test
    void r9_verificationLetterPassesTheDisputeHold() {
        Decision d = gate.decide(attempt(now).channel(Channel.LETTER).template("DISPUTE_VERIFICATION")
                .hold(HoldKind.DISPUTE, null).openInvoices(0).build());
        assertAllowed(d);
    }

    @Test
    void r9_verificationLetterDoesNotPassOtherHolds() {
        Decision d = gate.decide(attempt(now).channel(Channel.LETTER).template("DISPUTE_VERIFICATION")
                .hold(HoldKind.DISPUTE, null).hold(HoldKind.LEGAL, null).build());
        assertDenied(d, ReasonCode.LEGAL_HOLD);
    }

    @Test
    void r9_disputeOnTheOnlyListedInvoiceBlocksTheMessage() {
        Decision d = gate.decide(attempt(now).hold(HoldKind.DISPUTE, 501L).openInvoices(0).build());
        assertDenied(d, ReasonCode.DISPUTE);
    }

    @Test
    void r9_disputeOnOneInvoiceLeavesTheOtherOpenInvoicesCollectable() {
        Decision d = gate.decide(attempt(now).hold(HoldKind.DISPUTE, 501L).openInvoices(1).build());
        assertAllowed(d);
    }

    @ParameterizedTest
    @EnumSource(HoldKind.class)
    void holds_debtorLevelHoldDeniesWithItsOwnReason(HoldKind kind) {
        assertDenied(gate.decide(attempt(now).hold(kind, null).build()), kind.reason());
    }

    @Test
    void holds_comeBeforeTheContactPointChecks() {
        Decision d = gate.decide(attempt(now).hold(HoldKind.PROMISE_TO_PAY, null).noContactPoint().build());
        assertDenied(d, ReasonCode.PROMISE_TO_PAY);
    }

    @Test
    void paid_noOpenInvoiceAndNoHoldIsDeniedPaid() {
        assertDenied(gate.decide(attempt(now).openInvoices(0).build()), ReasonCode.PAID);
    }

    @Test
    void paid_freshBalanceOfZeroIsDeniedPaid() {
        assertDenied(gate.decide(attempt(now).balance("0.00", "0").build()), ReasonCode.PAID);
    }

    @Test
    void belowMinimum_balanceUnderThePolicyMinimumIsDenied() {
        assertDenied(gate.decide(attempt(now).balance("4.99", "5.00").build()), ReasonCode.BELOW_MINIMUM);
        assertAllowed(gate.decide(attempt(now).balance("5.00", "5.00").build()));
    }

    @Test
    void belowMinimum_missingFreshBalanceIsDenied() {
        assertDenied(gate.decide(attempt(now).balance(null, "0").build()), ReasonCode.BELOW_MINIMUM);
    }
}
