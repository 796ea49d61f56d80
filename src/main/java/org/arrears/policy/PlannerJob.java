package org.arrears.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.arrears.metrics.HubMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the planner runs: once per period after a success, and after a failure again soon, with back-off
 * (retry-base, doubling, never longer than the period), so a database that was away for a minute does not cost a
 * whole period of reminders. A frequent timer asks {@link #runIfDue()}; the decision is here, in plain Java.
 */
public final class PlannerJob {

    private static final Logger LOG = LoggerFactory.getLogger(PlannerJob.class);

    private final Supplier<PlanResult> plan;
    private final Clock clock;
    private final Duration period;
    private final Duration retryBase;
    private final HubMetrics metrics;
    private Instant next;
    private int failures;

    public PlannerJob(Supplier<PlanResult> plan, Clock clock, Duration period, Duration retryBase, HubMetrics metrics) {
        this.plan = plan;
        this.clock = clock;
        this.period = period;
        this.retryBase = retryBase;
        this.metrics = metrics;
        this.next = clock.instant();
    }

    /** Runs the planner if it is due; returns its result, or null when it was not due or failed. */
    public synchronized PlanResult runIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            return null;
        }
        long started = System.nanoTime();
        try {
            PlanResult r = plan.get();
            metrics.plannerRun(Duration.ofNanos(System.nanoTime() - started), true);
            failures = 0;
            next = now.plus(period);
            LOG.info("planned {} messages and {} escalation tasks for {} in {} ms", r.planned(), r.tasksCreated(), r.asOf(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return r;
        } catch (RuntimeException e) {
            metrics.plannerRun(Duration.ofNanos(System.nanoTime() - started), false);
            failures++;
            Duration wait = retryBase.multipliedBy(1L << Math.min(failures - 1, 20));
            if (wait.compareTo(period) > 0) {
                wait = period;
            }
            next = now.plus(wait);
            LOG.error("planning failed (attempt {}), trying again at {}: {}", failures, next, e.getMessage());
            return null;
        }
    }

    /** When the planner runs next. */
    public synchronized Instant next() {
        return next;
    }
}
