package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.arrears.health.PaymentsInboxHealthCheck;
import org.apache.camel.health.HealthCheck;
import org.arrears.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** The payments inbox's health: a file in hand for longer than the bound is a stuck inbox, DOWN until it ends. */
class PaymentsInboxHealthTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-06-05T10:00:00Z"));
    final PaymentsInboxHealth health = new PaymentsInboxHealth(clock, Duration.ofMinutes(15));

    @Test
    void aFileInHandForLongerThanTheBoundMakesTheInboxDownUntilItEnds() {
        health.started("big.xml");
        clock.advance(Duration.ofMinutes(14));
        assertThat(health.report().up()).isTrue();
        assertThat(health.report().message()).startsWith("processing big.xml since 2026-06-05T10:00:00Z");

        clock.advance(Duration.ofMinutes(2));
        PaymentsInboxHealth.Report stuck = health.report();
        assertThat(stuck.up()).isFalse();
        assertThat(stuck.message()).isEqualTo("stuck: big.xml has been in hand since 2026-06-05T10:00:00Z, longer than PT15M");
        assertThat(stuck.details()).containsEntry("current.file", "big.xml");
        HealthCheck.Result camel = new PaymentsInboxHealthCheck(health).call();
        assertThat(camel.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(camel.getMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("stuck: big.xml"));

        health.finished("big.xml", PaymentsInboxHealth.Outcome.POSTED, null);
        assertThat(health.report().up()).isTrue();
        assertThat(new PaymentsInboxHealthCheck(health).call().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void theReportNamesTheLastFileAndTheLastQuarantinedOneWithItsProblem() {
        health.started("deep.xml");
        health.finished("deep.xml", PaymentsInboxHealth.Outcome.QUARANTINED, "deep.xml: elements nested too deep");
        health.started("good.xml");
        health.finished("good.xml", PaymentsInboxHealth.Outcome.POSTED, null);

        PaymentsInboxHealth.Report r = health.report();

        assertThat(r.up()).isTrue();
        assertThat(r.message()).isEqualTo("idle; last file good.xml: POSTED");
        assertThat(r.details()).containsEntry("last.file", "good.xml").containsEntry("last.outcome", "POSTED")
                .containsEntry("last.quarantined.file", "deep.xml")
                .containsEntry("last.quarantined.problem", "deep.xml: elements nested too deep")
                .containsEntry("files.posted", 1L).containsEntry("files.quarantined", 1L);
    }
}
