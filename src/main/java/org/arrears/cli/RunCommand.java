package org.arrears.cli;

import java.util.concurrent.Callable;
import org.arrears.HubRunner;
import picocli.CommandLine.Command;

@Command(name = "run", description = "Start the hub (planner, dispatchers, opt-out endpoint) and keep it running.")
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return HubRunner.run();
    }
}
