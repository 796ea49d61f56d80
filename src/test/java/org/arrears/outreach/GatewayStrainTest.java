package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.arrears.testing.MutableClock;
import org.junit.jupiter.api.Test;

class GatewayStrainTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T09:00:00Z"));
    final GatewayStrain strain = new GatewayStrain(new GatewayStrain.Limits(Duration.ofSeconds(60), 5, 0.05), nanos::get, clock);
    final GatewayHealth answering = new GatewayHealth(true, "smtp.example:587", "last exchange succeeded", null);

    void later(Duration d) {
        nanos.addAndGet(d.toNanos());
        clock.advance(d);
    }

    @Test
    void aSingleGreylistingRefusalAmongManyAcceptedMessagesIsNotAFault() {
        strain.accepted(200);
        strain.refused(true, "451 4.7.1 greylisted");
        assertThat(strain.degraded()).isNull();
        assertThat(strain.applyTo(answering)).isSameAs(answering);
    }

    @Test
    void refusalsAboveTheMinimumAndTheShareMakeTheGatewayDegradedWithTheLastReplyAndSinceWhen() {
        strain.accepted(50);
        for (int i = 0; i < 6; i++) {
            strain.refused(true, "451 4.3.2 try again later");
        }
        Instant from = clock.instant();
        GatewayHealth h = strain.applyTo(answering);
        assertThat(h.level()).isEqualTo(GatewayHealth.Level.DEGRADED);
        assertThat(h.detail()).isEqualTo("answering but refusing: 6 of the last 56 messages in 1m (6 for now, last: "
                + "451 4.3.2 try again later)");
        assertThat(h.since()).isEqualTo(from);
        later(Duration.ofSeconds(5));
        assertThat(strain.applyTo(answering).since()).as("the strain's start, not the last look").isEqualTo(from);
    }

    @Test
    void fewerRefusalsThanTheMinimumAreNotAFaultEvenWhenEveryAnswerWasOne() {
        for (int i = 0; i < 4; i++) {
            strain.refused(false, "550 5.1.1 user unknown");
        }
        assertThat(strain.degraded()).isNull();
        strain.refused(false, "550 5.1.1 user unknown");
        assertThat(strain.degraded()).contains("5 of the last 5 messages").contains("5 for good, last: 550 5.1.1 user unknown");
    }

    @Test
    void bothKindsOfRefusalAreNamedWithTheirLastReplies() {
        for (int i = 0; i < 3; i++) {
            strain.refused(true, "HTTP 429 too many requests");
            strain.refused(false, "HTTP 500 provider error");
        }
        assertThat(strain.degraded()).contains("3 for now, last: HTTP 429 too many requests; 3 for good, last: HTTP 500");
    }

    @Test
    void theStrainAgesOutOfTheWindowAndTheGatewayIsUpAgain() {
        for (int i = 0; i < 10; i++) {
            strain.refused(true, "451 try later");
        }
        assertThat(strain.degraded()).isNotNull();
        later(Duration.ofSeconds(30));
        strain.accepted(10);
        assertThat(strain.degraded()).as("half a window later the refusals still count").contains("10 of the last 20");
        later(Duration.ofSeconds(35));
        assertThat(strain.degraded()).as("the refusals left the window; the accepted ones remain").isNull();
        assertThat(strain.applyTo(answering).level()).isEqualTo(GatewayHealth.Level.UP);
    }

    @Test
    void aGatewayThatIsDownStaysDownWhateverItsStrain() {
        for (int i = 0; i < 10; i++) {
            strain.refused(true, "451 try later");
        }
        GatewayHealth down = new GatewayHealth(false, "smtp.example:587", "connection refused", clock.instant());
        assertThat(strain.applyTo(down)).isSameAs(down);
    }

    @Test
    void aLongRepliedRefusalIsShortenedInTheReason() {
        for (int i = 0; i < 5; i++) {
            strain.refused(true, "4".repeat(500));
        }
        assertThat(strain.degraded()).hasSizeLessThan(300).contains("...");
    }

    @Test
    void limitsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> new GatewayStrain.Limits(Duration.ZERO, 5, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatewayStrain.Limits(Duration.ofMinutes(1), 0, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatewayStrain.Limits(Duration.ofMinutes(1), 5, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
