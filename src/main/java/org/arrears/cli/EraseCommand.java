package org.arrears.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.arrears.compliance.Erasure;
import org.arrears.config.Hub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "erase", mixinStandardHelpOptions = true, description = "An erasure request for one debtor (GDPR Art 17, "
        + "COMPLIANCE R40): removes or pseudonymises the debtor's personal data in the hub's tables and keeps what "
        + "retention requires; with an open balance or a legal or dispute hold, restricts processing instead. Exit "
        + "status 2 when the debtor is unknown, 3 when restricted and not erased.")
final class EraseCommand implements Callable<Integer> {

    @ParentCommand
    ArrearsCli cli;

    @Parameters(index = "0", paramLabel = "DEBTOR", description = "debtor id")
    long debtor;

    @Option(names = "--dry-run", description = "say what would be changed, change nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        try (Hub hub = Hub.start(cli.settings(), Clock.systemUTC())) {
            Erasure.Report r = hub.erasure().erase(debtor, dryRun);
            System.out.println(r.line());
            return switch (r.outcome()) {
                case ERASED -> 0;
                case NOT_FOUND -> 2;
                case RESTRICTED -> 3;
            };
        }
    }
}
