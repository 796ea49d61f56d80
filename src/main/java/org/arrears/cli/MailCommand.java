package org.arrears.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.arrears.config.Hub;
import org.arrears.inbound.BounceRecord;
import org.arrears.inbound.InboundMail;
import org.arrears.inbound.Intent;
import org.arrears.inbound.MailClassifier;
import org.arrears.inbound.MailIntake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "mail", mixinStandardHelpOptions = true, description = "Inbound mail: classify a message, or apply messages to the accounts.",
        subcommands = {MailCommand.Classify.class, MailCommand.Ingest.class, CheckDomainCommand.class,
                ReleaseDomainCommand.class})
final class MailCommand {

    /** Exit status when a file cannot be read as a mail message. */
    static final int UNREADABLE = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    ArrearsCli cli;

    /** The classification as the JSON: kind, bounces, intent, strippedText, matchedBy (absent values null). */
    static ObjectNode json(MailClassifier.Classified c) {
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode bounces = out.putArray("bounces");
        if (c.bounce() != null && c.kind() != InboundMail.Kind.REPLY) {
            for (BounceRecord r : c.bounce().records()) {
                ObjectNode b = bounces.addObject();
                b.put("recipient", r.recipient());
                b.put("status", r.status());
                b.put("smtpCode", r.smtpCode());
                b.put("reason", r.reason());
                b.put("hard", r.hard());
                b.put("diagnostic", r.diagnostic());
            }
        }
        Intent i = c.intent();
        if (i == null || i.kind() == Intent.Kind.NONE) {
            out.putNull("intent");
        } else {
            ObjectNode n = out.putObject("intent");
            n.put("name", i.name());
            n.put("date", i.date() == null ? null : i.date().toString());
            n.put("amount", i.amount());
        }
        out.put("strippedText", c.strippedText());
        out.put("matchedBy", MailClassifier.evidenceKind(c.evidence()));
        return out;
    }

    @Command(name = "classify", mixinStandardHelpOptions = true, description = "Classify one message (a bounce, an "
            + "automatic reply, a feedback report, a reply) without touching the database.")
    static final class Classify implements Callable<Integer> {
        @ParentCommand
        MailCommand mail;

        @Parameters(paramLabel = "FILE", description = "a message (.eml, any line endings)")
        Path file;

        @Option(names = "--json", description = "print the classification as JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            byte[] raw;
            try {
                raw = Files.readAllBytes(file);
            } catch (IOException e) {
                return fail(file + ": cannot be read: " + e.getMessage());
            }
            MailClassifier.Classified c = MailClassifier.from(mail.cli.settings()).classify(raw);
            if (c.error() != null) {
                return fail(file + ": " + c.error());
            }
            ObjectNode out = json(c);
            System.out.println(json ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) : out.toString());
            return 0;
        }

        private int fail(String why) {
            ObjectNode e = JSON.createObjectNode();
            e.put("error", why);
            System.out.println(e);
            return UNREADABLE;
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true, description = "Classify messages and apply them to the "
            + "accounts (bounces, complaints, automatic replies, replies), as the mailbox does; each once.")
    static final class Ingest implements Callable<Integer> {
        @ParentCommand
        MailCommand mail;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "messages (.eml)")
        List<Path> files;

        @Override
        public Integer call() throws IOException {
            int status = 0;
            try (Hub hub = Hub.start(mail.cli.settings(), Clock.systemUTC())) {
                for (Path f : files) {
                    MailIntake.Result r = hub.inboundMail().intake().ingest(Files.readAllBytes(f), "cli");
                    System.out.println(f.getFileName() + ": " + r.line());
                    if (r.quarantined()) {
                        status = UNREADABLE;
                    }
                }
            }
            return status;
        }
    }
}
