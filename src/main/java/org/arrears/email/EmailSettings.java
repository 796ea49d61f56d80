package org.arrears.email;

import java.nio.file.Path;
import java.time.Duration;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

/**
 * Email channel settings. With no SMTP host configured, messages are written as .eml files to the outbox
 * folder instead, so a first run needs no mail server and every message can be opened and read.
 */
public record EmailSettings(String from, String replyTo, String bounceDomain, String smtpHost, int smtpPort,
                            String smtpUser, String smtpPassword, boolean startTls, Duration timeout, Duration deadline,
                            Path outbox, Path invoicePdfDir) {

    public static EmailSettings from(Settings s) {
        String from = oneLine(s, "arrears.email.from", s.require("arrears.email.from"));
        return new EmailSettings(from, oneLine(s, "arrears.email.reply-to", s.get("arrears.email.reply-to")),
                oneLine(s, "arrears.email.bounce-domain", s.get("arrears.email.bounce-domain", domainOf(from))), s.get("arrears.smtp.host"),
                s.getInt("arrears.smtp.port", 25), s.get("arrears.smtp.user"), s.get("arrears.smtp.password"),
                s.getBoolean("arrears.smtp.starttls", false), s.getDuration("arrears.smtp.timeout", Duration.ofSeconds(30)),
                s.getDuration("arrears.smtp.deadline", Duration.ofSeconds(60)),
                Path.of(s.get("arrears.email.outbox", s.get("arrears.data-dir", "data") + "/outbox/email")),
                s.get("arrears.email.invoice-pdf-dir") == null ? null : Path.of(s.get("arrears.email.invoice-pdf-dir")));
    }

    /** A value that goes into a mail header: a CR or LF in it would start a header of its own. */
    private static String oneLine(Settings s, String key, String value) {
        if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
            throw new ConfigException(s.origin() + ": setting '" + key + "' must be one line: it contains a line break "
                    + "(CR or LF), which would add a header to every message");
        }
        return value;
    }

    public boolean smtpConfigured() {
        return smtpHost != null;
    }

    public static String domainOf(String address) {
        String a = address.trim();
        if (a.endsWith(">")) {
            a = a.substring(a.lastIndexOf('<') + 1, a.length() - 1);
        }
        int at = a.lastIndexOf('@');
        return at < 0 ? "localhost" : a.substring(at + 1);
    }
}
