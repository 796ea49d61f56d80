package org.arrears.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.arrears.compliance.Retention;
import org.arrears.config.Hub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "retention", mixinStandardHelpOptions = true, description = "Retention of evidence and events (README "
        + "\"Retention and erasure\").", subcommands = RetentionCommand.Purge.class)
final class RetentionCommand {

    @ParentCommand
    ArrearsCli cli;

    @Command(name = "purge", mixinStandardHelpOptions = true, description = "Remove evidence and events older than "
            + "arrears.retention.evidence / arrears.retention.events of debtors without collection activity since, as the "
            + "running hub does daily; prints the counts per kind.")
    static final class Purge implements Callable<Integer> {
        @ParentCommand
        RetentionCommand retention;

        @Option(names = "--dry-run", description = "count what would be removed, remove nothing")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            try (Hub hub = Hub.start(retention.cli.settings(), Clock.systemUTC())) {
                Retention.Report r = hub.retention().purge(dryRun);
                System.out.println(r.line());
            }
            return 0;
        }
    }
}
