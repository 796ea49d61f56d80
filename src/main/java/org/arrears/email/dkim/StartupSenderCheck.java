package org.arrears.email.dkim;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.arrears.config.Settings;
import org.arrears.email.EmailSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `run` looks up each sending domain's SPF, DKIM, DMARC and MX records as it starts and warns about what is missing
 * (arrears.mail.check-domains, on by default; the demo and the tests do not go through `run`). It runs beside the
 * start, each DNS question bounded by arrears.mail.check-domains-timeout, so a resolver that does not answer costs a
 * warning, not a delayed start.
 */
public final class StartupSenderCheck {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSenderCheck.class);

    private StartupSenderCheck() {
    }

    /** Starts the check in the background when it is switched on. */
    public static void start(Settings s) {
        if (!s.getBoolean("arrears.mail.check-domains", true)) {
            return;
        }
        // read the settings now, so a bad value stops the start like any other
        Duration timeout = s.getPositiveDuration("arrears.mail.check-domains-timeout", Duration.ofSeconds(3));
        Thread t = new Thread(() -> {
            try {
                check(s, timeout, LOG::warn, LOG::info);
            } catch (RuntimeException e) {
                LOG.warn("the sending domain check could not run: {}", e.getMessage());
            }
        }, "arrears-sender-check");
        t.setDaemon(true);
        t.start();
    }

    /** The sending domains: the From address's and each DKIM domain. */
    static Set<String> domains(Settings s, DkimSigner signer) {
        Set<String> out = new LinkedHashSet<>();
        out.add(EmailSettings.domainOf(s.require("arrears.email.from")).toLowerCase(Locale.ROOT));
        out.addAll(signer.domains());
        return out;
    }

    /** Checks every sending domain; each missing or doubtful finding goes to {@code warn}, one line each. */
    public static void check(Settings s, Duration timeout, Consumer<String> warn, Consumer<String> info) {
        DkimSigner signer = DkimSigner.from(s, Clock.systemUTC());
        EmailSettings email = EmailSettings.from(s);
        String from = EmailSettings.domainOf(email.from()).toLowerCase(Locale.ROOT);
        DomainCheck check = DomainCheck.using(s.get("arrears.mail.dns-server"), timeout);
        for (String domain : domains(s, signer)) {
            List<String> selectors = signer.keys(domain).stream().map(DkimSigner.Key::selector).toList();
            DomainCheck.Report r = check.check(domain, selectors, signer, domain.equals(from) ? email.bounceDomain() : null);
            int problems = 0;
            for (DomainCheck.Finding f : r.findings()) {
                if (f.status() != DomainCheck.Status.OK) {
                    warn.accept("sending domain " + domain + ": " + f.status() + " " + f.check() + " " + f.detail());
                    problems++;
                }
            }
            if (problems == 0) {
                info.accept("sending domain " + domain + ": SPF, DKIM, DMARC and MX in place");
            }
        }
    }
}
