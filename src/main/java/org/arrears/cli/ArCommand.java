package org.arrears.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.arrears.ar.ArSource;
import org.arrears.config.Hub;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "ar", mixinStandardHelpOptions = true, description = "The AR contract.", subcommands = ArCommand.Refresh.class)
final class ArCommand {

    @ParentCommand
    ArrearsCli cli;

    @Command(name = "refresh", mixinStandardHelpOptions = true, description = "Import the AR database's contact points and issue RF references for "
            + "open invoices without one, as the planner does before each run.")
    static final class Refresh implements Callable<Integer> {
        @ParentCommand
        ArCommand ar;

        @Override
        public Integer call() {
            try (Hub hub = Hub.start(ar.cli.settings(), Clock.systemUTC())) {
                ArSource.Refresh r = hub.ar().refresh(hub.database().dataSource());
                System.out.println("contact points imported or changed " + r.contactPointsImported() + ", retired "
                        + r.contactPointsRetired() + "; RF references issued " + r.referencesIssued());
            }
            return 0;
        }
    }
}
