package org.arrears.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.Map;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.Test;

/** The planner route's bean: each run is timed and counted by outcome. */
class PlannerRunTest {

    @Test
    void eachRunIsTimedByOutcome() {
        try (HubFixture f = new HubFixture(Instant.parse("2026-11-20T12:00:00Z"), Map.of("arrears.policies", "src/test/resources/policies/flow"))) {
            PlannerRun run = new PlannerRun(f.hub.planner(), f.hub.metrics());
            run.run();
            run.run();
            Timer ok = f.hub.metrics().registry().find("arrears_planner_duration").tag("outcome", "ok").timer();
            assertThat(ok.count()).isEqualTo(2);

            f.db.close();
            assertThatThrownBy(run::run).isInstanceOf(RuntimeException.class);
            Timer failed = f.hub.metrics().registry().find("arrears_planner_duration").tag("outcome", "failed").timer();
            assertThat(failed.count()).isEqualTo(1);
        }
    }
}
