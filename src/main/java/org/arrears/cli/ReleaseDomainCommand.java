package org.arrears.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.arrears.config.Hub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "release-domain", mixinStandardHelpOptions = true, description = "Release the reputation hold on a "
        + "sending domain, so its deferred email goes again; who released it and when are recorded.")
final class ReleaseDomainCommand implements Callable<Integer> {

    @ParentCommand
    MailCommand mail;

    @Parameters(paramLabel = "DOMAIN", description = "the held sending domain")
    String domain;

    @Option(names = "--by", description = "who releases it (default: the user running the command)")
    String by;

    @Option(names = "--note", description = "why it may send again (kept with the release)")
    String note;

    @Override
    public Integer call() {
        String who = by != null ? by : System.getProperty("user.name");
        try (Hub hub = Hub.start(mail.cli.settings(), Clock.systemUTC())) {
            if (!hub.reputation().release(domain, who, note)) {
                System.out.println(domain + " is not held: nothing released");
                return 1;
            }
            System.out.println(domain + " released by " + who + ": its email goes again");
            return 0;
        }
    }
}
