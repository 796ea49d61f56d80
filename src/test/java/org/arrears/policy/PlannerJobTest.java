package org.arrears.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.arrears.metrics.HubMetrics;
import org.arrears.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** The planner's schedule: once per period, and after a failure soon again with back-off, not a whole period later. */
class PlannerJobTest {

    static final Instant T0 = Instant.parse("2026-06-03T06:00:00Z");

    @Test
    void aFailedRunIsRetriedAfterOneTwoAndFourMinutesThenEveryPeriodOnceItSucceeds() {
        MutableClock clock = new MutableClock(T0);
        AtomicInteger calls = new AtomicInteger();
        HubMetrics metrics = HubMetrics.simple();
        PlannerJob job = new PlannerJob(() -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("planning for 2026-06-03 failed: connection refused");
            }
            return new PlanResult(LocalDate.of(2026, 6, 3), List.of(new PlanResult.Line("flow", "reminder", "email", 5)), 0);
        }, clock, Duration.ofHours(1), Duration.ofMinutes(1), metrics);

        assertThat(job.runIfDue()).isNull();
        assertThat(job.next()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        clock.advance(Duration.ofSeconds(59));
        assertThat(job.runIfDue()).isNull();
        assertThat(calls).hasValue(1); // not due yet: not even tried
        clock.advance(Duration.ofSeconds(1));
        job.runIfDue();
        assertThat(job.next()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        clock.set(job.next());
        job.runIfDue();
        assertThat(job.next()).isEqualTo(T0.plus(Duration.ofMinutes(7)));
        clock.set(job.next());

        PlanResult r = job.runIfDue();

        assertThat(r.planned()).isEqualTo(5);
        assertThat(calls).hasValue(4);
        assertThat(job.next()).isEqualTo(T0.plus(Duration.ofMinutes(7)).plus(Duration.ofHours(1)));
        assertThat(metrics.registry().find("arrears_planner_duration").tag("outcome", "failed").timer().count()).isEqualTo(3);
        assertThat(metrics.registry().find("arrears_planner_duration").tag("outcome", "ok").timer().count()).isEqualTo(1);
    }

    @Test
    void theBackOffNeverWaitsLongerThanThePeriod() {
        MutableClock clock = new MutableClock(T0);
        PlannerJob job = new PlannerJob(() -> {
            throw new IllegalStateException("down");
        }, clock, Duration.ofMinutes(10), Duration.ofMinutes(3), HubMetrics.simple());
        for (int i = 0; i < 5; i++) {
            clock.set(job.next());
            job.runIfDue();
        }
        assertThat(Duration.between(clock.instant(), job.next())).isEqualTo(Duration.ofMinutes(10));
    }
}
