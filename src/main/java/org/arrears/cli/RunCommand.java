package org.arrears.cli;

import java.util.concurrent.Callable;
import org.arrears.HubRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Start the hub (planner, dispatchers, opt-out endpoint) and keep it running.")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    ArrearsCli cli;

    @Override
    public Integer call() throws Exception {
        return HubRunner.run(cli.configFile(), cli.dataDir);
    }
}
