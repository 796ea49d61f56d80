package org.arrears.cli;

import java.util.concurrent.Callable;
import org.arrears.bench.CampaignBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", description = "Benchmarks that compare the hub with a named baseline in the same run.",
        subcommands = BenchCommand.Campaign.class)
final class BenchCommand {

    @ParentCommand
    ArrearsCli cli;

    @Command(name = "campaign", description = "Plan, gate, render and send a campaign over SMTP to a local sink, "
            + "against a bare JavaMail loop over the same connections.")
    static final class Campaign implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--debtors", defaultValue = "100000", description = "campaign size (default ${DEFAULT-VALUE})")
        int debtors;

        @Option(names = "--connections", defaultValue = "4", description = "SMTP connections for both sides (default ${DEFAULT-VALUE})")
        int connections;

        @Override
        public Integer call() throws Exception {
            CampaignBenchmark.Result r = CampaignBenchmark.run(bench.cli.settings(), debtors, connections, System.out);
            System.out.println(r.line());
            return 0;
        }
    }
}
