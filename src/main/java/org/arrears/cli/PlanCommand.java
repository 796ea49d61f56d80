package org.arrears.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.arrears.config.Hub;
import org.arrears.policy.PlanPreview;
import org.arrears.policy.PlanResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "plan", mixinStandardHelpOptions = true, description = "Plan due dunning steps for a date; with --dry-run, only show what would be planned and why.",
        subcommands = PaymentPlanCommand.class)
final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    ArrearsCli cli;

    @Option(names = "--dry-run", description = "write nothing; list what would go out and what is held back")
    boolean dryRun;

    @Option(names = "--date", description = "the planning date (default today, UTC); messages for a later day are due from its start")
    LocalDate date;

    @Option(names = "--limit", defaultValue = "200", description = "rows to list in a dry run (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit " + limit + ": must be 0 or more");
        }
        // the planner's day is the UTC day, as in the running hub
        LocalDate asOf = date == null ? LocalDate.now(java.time.ZoneOffset.UTC) : date;
        try (Hub hub = Hub.start(cli.settings(), java.time.Clock.systemUTC())) {
            if (!dryRun) {
                PlanResult r = hub.planner().plan(asOf);
                r.lines().forEach(l -> System.out.printf("%-10s %-14s %-6s %6d%n", l.policy(), l.step(), l.channel(), l.planned()));
                System.out.printf("planned %d messages and %d escalation tasks for %s%n", r.planned(), r.tasksCreated(), asOf);
                return 0;
            }
            PlanPreview p = hub.planner().preview(asOf);
            new PlanReport(hub).print(p, limit, System.out);
        }
        return 0;
    }
}
