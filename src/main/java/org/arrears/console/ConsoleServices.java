package org.arrears.console;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.arrears.ar.Holds;
import org.arrears.payments.PaymentPoster;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.Planner;

/** The hub's parts the console's pages use. */
public record ConsoleServices(DataSource ds, Clock clock, Users users, Holds holds, Planner planner,
                              List<DunningPolicy> policies, PaymentPoster poster, ConsoleSettings settings) {

    /** The console's parts over a started hub. */
    public static ConsoleServices of(org.arrears.config.Hub hub) {
        ConsoleSettings s = ConsoleSettings.from(hub.settings());
        return new ConsoleServices(hub.database().dataSource(), hub.clock(),
                new Users(hub.database().dataSource(), hub.clock(), s.maxFailures(), s.lockFor()), hub.holds(), hub.planner(),
                hub.policies(), hub.payments().ingestor().poster(), s);
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
