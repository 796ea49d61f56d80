package org.arrears.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.arrears.compliance.Channel;
import org.arrears.outreach.ChannelAdapter;
import org.arrears.config.Hub;
import org.arrears.compliance.Decision;
import org.arrears.outreach.PreviewService;
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

    @Option(names = "--currency", description = "which currency's invoices (default: the group the planner contacts first)")
    String currency;

    @Option(names = "--html", description = "print the HTML part instead of the text part")
    boolean html;

    @Option(names = "--channel", defaultValue = "email",
            description = "email, sms (the text and its segments) or letter (the PDF, written to a file); default ${DEFAULT-VALUE}")
    String channel;

    @Override
    public Integer call() throws Exception {
        Channel ch;
        try {
            ch = Channel.of(channel);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--channel " + channel + ": not a channel (email, sms, letter)");
        }
        try (Hub hub = Hub.start(cli.settings(), java.time.Clock.systemUTC())) {
            PreviewService.Preview p = hub.previews().render(debtor, step, currency, ch);
            Decision d = p.gate();
            System.out.println("To: " + PlanReport.mask(p.contactPoint() == null ? null : p.contactPoint().address())
                    + " (" + p.currency() + " invoices)");
            System.out.println("Gate now: " + d.verdict() + (d.reason() == null ? "" : " " + d.reason())
                    + (d.notBefore() == null ? "" : " until " + d.notBefore()) + (d.detail() == null ? "" : ": " + d.detail()));
            if (ch != Channel.EMAIL) {
                ChannelAdapter.Rendering r = hub.dispatcher(ch).adapter().preview(p.context());
                System.out.println(r.description());
                if (r.document() != null) {
                    Path file = Path.of(cli.settings().get("arrears.data-dir", "data"), "preview",
                            "debtor-" + debtor + "-" + step + "." + r.documentExtension());
                    Files.createDirectories(file.getParent());
                    Files.write(file, r.document());
                    System.out.println("PDF: " + file);
                }
                if (r.text() != null) {
                    System.out.println();
                    System.out.println(r.text());
                }
                return 0;
            }
            RenderedMessage m = p.message();
            System.out.println("Subject: " + m.subject());
            System.out.println("Template version: " + m.templateVersion());
            System.out.println();
            System.out.println(html ? m.html() : m.text());
        }
        return 0;
    }
}
