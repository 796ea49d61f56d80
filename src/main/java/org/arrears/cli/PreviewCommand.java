package org.arrears.cli;

import java.util.concurrent.Callable;
import org.arrears.config.Hub;
import org.arrears.outreach.RenderedMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "preview", mixinStandardHelpOptions = true, description = "Render one message for a debtor and a policy step, as it would be sent now.")
final class PreviewCommand implements Callable<Integer> {

    @ParentCommand
    ArrearsCli cli;

    @Option(names = "--debtor", required = true, description = "debtor id")
    long debtor;

    @Option(names = "--step", required = true, description = "step code, e.g. reminder")
    String step;

    @Option(names = "--currency", description = "which currency's invoices (default: the debtor's first)")
    String currency;

    @Option(names = "--html", description = "print the HTML part instead of the text part")
    boolean html;

    @Override
    public Integer call() {
        try (Hub hub = Hub.start(cli.settings(), java.time.Clock.systemUTC())) {
            RenderedMessage m = hub.previews().render(debtor, step, currency);
            System.out.println("Subject: " + m.subject());
            System.out.println("Template version: " + m.templateVersion());
            System.out.println();
            System.out.println(html ? m.html() : m.text());
        }
        return 0;
    }
}
