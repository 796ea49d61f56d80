package org.arrears.policy;

import java.time.Duration;
import org.arrears.metrics.HubMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One scheduled planner run, as the plan-campaign route calls it: timed, counted by outcome and logged once. */
public final class PlannerRun {

    private static final Logger LOG = LoggerFactory.getLogger(PlannerRun.class);

    private final Planner planner;
    private final HubMetrics metrics;

    public PlannerRun(Planner planner, HubMetrics metrics) {
        this.planner = planner;
        this.metrics = metrics;
    }

    public PlanResult run() {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            PlanResult r = planner.planToday();
            ok = true;
            LOG.info("planned {} messages and {} escalation tasks for {} in {} ms", r.planned(), r.tasksCreated(), r.asOf(),
                    (System.nanoTime() - started) / 1_000_000);
            return r;
        } finally {
            metrics.plannerRun(Duration.ofNanos(System.nanoTime() - started), ok);
        }
    }
}
