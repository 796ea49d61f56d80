package org.arrears.compliance;

import static org.arrears.compliance.Fixtures.NEW_YORK;
import static org.arrears.compliance.Fixtures.at;
import static org.arrears.compliance.Fixtures.attempt;
import static org.arrears.compliance.Fixtures.debtor;
import static org.arrears.compliance.Fixtures.email;
import static org.arrears.compliance.Fixtures.sms;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Section 6 evaluation order as a whole, and the detail sentence: every reason code is reachable, and each
 * detail is one sentence naming the rule and a local time and zone, without personal data.
 */
class DecisionDetailTest {

    private final ComplianceGate gate = new ComplianceGate(GateSettings.defaults());
    private final Instant now = at("2025-07-15T10:00", NEW_YORK);

    private Map<ReasonCode, Decision> oneOfEach() {
        var d = debtor().zone(NEW_YORK).postalCode("10001");
        Map<ReasonCode, Decision> out = new EnumMap<>(ReasonCode.class);
        put(out, attempt(now).debtor(d));
        put(out, attempt(now).debtor(debtor().zone(NEW_YORK).postalCode("10001").bankruptcy()));
        put(out, attempt(now).debtor(debtor().zone(NEW_YORK).postalCode("10001").deceased()));
        put(out, attempt(now).debtor(debtor().zone(NEW_YORK).postalCode("10001").cease()));
        put(out, attempt(now).debtor(debtor().zone(NEW_YORK).postalCode("10001").attorney()));
        for (HoldKind k : HoldKind.values()) {
            put(out, attempt(now).debtor(d).hold(k, null));
        }
        put(out, attempt(now).debtor(d).openInvoices(0));
        put(out, attempt(now).debtor(d).balance("1.00", "5.00"));
        put(out, attempt(now).debtor(d).noContactPoint());
        put(out, attempt(now).debtor(d).via(email().optedOutAt(now.minusSeconds(60))));
        put(out, attempt(now).debtor(d).via(email().hardBounced()));
        put(out, attempt(now).debtor(d).via(email().thirdParty()));
        put(out, attempt(now).debtor(d).via(email().unusable(ReasonCode.INVALID_NUMBER)));
        put(out, attempt(now).debtor(d).via(email().unusable(ReasonCode.LANDLINE)));
        put(out, attempt(now).debtor(d).via(email().unusable(ReasonCode.UNDELIVERABLE)));
        put(out, attempt(now).debtor(d).via(email().source(ConsentSource.SKIP_TRACE)));
        put(out, attempt(now).debtor(d).via(email().workEmail().source(ConsentSource.CREDITOR_FILE)));
        put(out, attempt(now).debtor(d).via(sms().consentAt(now.minus(Duration.ofDays(200)))));
        put(out, attempt(at("2025-07-15T06:00", NEW_YORK)).debtor(d));
        put(out, attempt(now).debtor(debtor().zone(NEW_YORK).postalCode("10001").noContactBefore(LocalTime.NOON)));
        put(out, attempt(now).debtor(d).sentEvery(Duration.ofHours(1), 3));
        put(out, attempt(now).debtor(d).senderHeld("acme.example", now.plus(Duration.ofMinutes(15))));
        put(out, attempt(now).debtor(debtor().zone(NEW_YORK).postalCode("10001")
                .noContactBefore(LocalTime.NOON).noContactAfter(LocalTime.NOON)));
        return out;
    }

    private void put(Map<ReasonCode, Decision> out, Fixtures.AttemptBuilder a) {
        Decision dec = gate.decide(a.build());
        out.putIfAbsent(dec.reason(), dec);
    }

    @Test
    void everyReasonCodeIsReachable() {
        assertThat(oneOfEach().keySet()).containsExactlyInAnyOrder(ReasonCode.values());
    }

    @Test
    void everyDetailIsOneSentenceNamingTheRuleAndLocalTimeWithoutPersonalData() {
        oneOfEach().forEach((reason, d) -> {
            assertThat(d.detail()).as(reason.name())
                    .isNotBlank()
                    .endsWith(".")
                    .containsPattern("\\d{2}:\\d{2}")
                    .contains("America/New_York")
                    .doesNotContain("jane", "example.com", "5550123", "10001", "free text")
                    .doesNotContainPattern("\\.\\s+[A-Z]");
            if (reason != ReasonCode.OK) {
                assertThat(d.detail()).as(reason.name())
                        .containsPattern("^(R\\d+[a-z]?|Balance check|Minimum balance|Contact point|Legal hold"
                                + "|Do-not-contact hold)\\b");
            }
        });
    }

    @Test
    void firstDenyWinsOverLaterDeniesAndOverEveryDefer() {
        // Opted out, capped and at 06:00: the address rule denies before any time rule is looked at.
        Decision d = gate.decide(attempt(at("2025-07-15T06:00", NEW_YORK))
                .via(email().optedOutAt(now.minusSeconds(60)).hardBounced()).sentEvery(Duration.ofHours(1), 5).build());
        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.reason()).isEqualTo(ReasonCode.OPTED_OUT);
    }
}
