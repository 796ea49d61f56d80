package org.arrears.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.arrears.config.Settings;
import org.arrears.email.EmailSettings;
import org.arrears.email.dkim.DkimSigner;
import org.arrears.email.dkim.DomainCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "check-domain", mixinStandardHelpOptions = true, description = "Look up what mailbox providers check "
        + "for a sending domain: SPF, the DKIM selector's key (and that it matches the configured key), DMARC and MX. "
        + "Exit status 1 when something is missing.")
final class CheckDomainCommand implements Callable<Integer> {

    @ParentCommand
    MailCommand mail;

    @Parameters(paramLabel = "DOMAIN", description = "the sending domain (of the From address)")
    String domain;

    @Option(names = "--server", paramLabel = "HOST:PORT", description = "ask this DNS server (default: the system's resolvers)")
    String server;

    @Option(names = "--selector", paramLabel = "S", description = "the DKIM selector (default: those configured for the domain)")
    List<String> selectors;

    @Option(names = "--timeout", description = "per question, ISO-8601 (default: ${DEFAULT-VALUE})", defaultValue = "PT5S")
    Duration timeout;

    @Override
    public Integer call() {
        Settings s = mail.cli.settings();
        DkimSigner signer = DkimSigner.from(s, Clock.systemUTC());
        List<String> use = selectors != null ? selectors : signer.keys(domain).stream().map(DkimSigner.Key::selector).toList();
        EmailSettings email = EmailSettings.from(s);
        String envelope = EmailSettings.domainOf(email.from()).equalsIgnoreCase(domain.strip()) ? email.bounceDomain() : null;
        DomainCheck.Report r = DomainCheck.using(server, timeout).check(domain, use, signer, envelope);
        r.findings().forEach(f -> System.out.println(f.line()));
        System.out.println(r.ok() ? r.domain() + ": nothing missing" : r.domain() + ": "
                + r.findings().stream().filter(f -> f.status() == DomainCheck.Status.MISSING).count() + " missing");
        return r.ok() ? 0 : 1;
    }
}
