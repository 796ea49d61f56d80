package org.arrears.compliance;

import static org.arrears.compliance.Fixtures.NEW_YORK;
import static org.arrears.compliance.Fixtures.at;
import static org.arrears.compliance.Fixtures.attempt;
import static org.arrears.compliance.Fixtures.email;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** R31: a held sending domain defers its email; the hold is data in the attempt, the gate stays pure. */
class SenderHoldRuleTest {

    private final ComplianceGate gate = new ComplianceGate(GateSettings.defaults());
    private final Instant now = at("2025-07-15T10:00", NEW_YORK);

    @Test
    void emailOfAHeldDomainIsDeferredWithReputationHoldUntilItIsLookedAtAgain() {
        Decision d = gate.decide(attempt(now).senderHeld("acme.example", now.plus(Duration.ofMinutes(15))).build());

        assertThat(d.verdict()).isEqualTo(Verdict.DEFER);
        assertThat(d.reason()).isEqualTo(ReasonCode.REPUTATION_HOLD);
        assertThat(d.notBefore()).isEqualTo(now.plus(Duration.ofMinutes(15)));
        assertThat(d.detail()).startsWith("R31 sender reputation: email from acme.example is held")
                .contains("arrears mail release-domain acme.example");
    }

    @Test
    void theSameAttemptWithoutAHoldIsAllowed() {
        assertThat(gate.decide(attempt(now).build()).verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aDenyOfTheAddressStillWinsOverTheHold() {
        Decision d = gate.decide(attempt(now).via(email().optedOutAt(now.minusSeconds(60)))
                .senderHeld("acme.example", now.plus(Duration.ofMinutes(15))).build());

        assertThat(d.reason()).isEqualTo(ReasonCode.OPTED_OUT);
    }

    @Test
    void aTextIsNotHeldByAnEmailDomain() {
        Decision d = gate.decide(attempt(now).channel(Channel.SMS).via(Fixtures.sms())
                .senderHeld("acme.example", now.plus(Duration.ofMinutes(15))).build());

        assertThat(d.reason()).isNotEqualTo(ReasonCode.REPUTATION_HOLD);
    }
}
