package org.arrears.email;

import jakarta.mail.MessagingException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import org.arrears.compliance.Channel;
import org.arrears.email.dkim.DkimSigner;
import org.arrears.outreach.ChannelAdapter;
import org.arrears.outreach.Delivery;
import org.arrears.outreach.DeliveryException;
import org.arrears.outreach.GatewayHealth;
import org.arrears.outreach.MessageContext;
import org.arrears.outreach.MessageModel;
import org.arrears.outreach.RenderedMessage;
import org.arrears.outreach.TemplateException;
import org.arrears.outreach.TemplateRenderer;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.DunningStep;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * The email channel: renders, composes and sends over one SMTP connection per batch, or writes .eml
 * files to the outbox folder when no SMTP host is configured.
 */
public final class EmailAdapter implements ChannelAdapter {

    private final EmailSettings settings;
    private final TemplateRenderer renderer;
    private final MessageModel model;
    private final EmailComposer composer;
    private final Clock clock;
    private final jakarta.mail.Session mailSession;
    private final BiFunction<String, String, List<String>> contentLint;
    private final java.util.concurrent.atomic.AtomicReference<GatewayHealth> health;

    /**
     * @param contentLint checks a rendered text body against its opt-out URL; returns problems (R5)
     */
    public EmailAdapter(EmailSettings settings, TemplateRenderer renderer, MessageModel model, Clock clock,
                        BiFunction<String, String, List<String>> contentLint) {
        this(settings, renderer, model, clock, contentLint, DkimSigner.NONE);
    }

    /** @param dkim signs each message for its From domain (README: "Mail that reaches the inbox") */
    public EmailAdapter(EmailSettings settings, TemplateRenderer renderer, MessageModel model, Clock clock,
                        BiFunction<String, String, List<String>> contentLint, DkimSigner dkim) {
        this.settings = settings;
        this.renderer = renderer;
        this.model = model;
        this.composer = new EmailComposer(settings, dkim);
        this.clock = clock;
        this.contentLint = contentLint;
        Properties p = new Properties();
        if (settings.smtpConfigured()) {
            String t = String.valueOf(settings.timeout().toMillis());
            p.put("mail.smtp.host", settings.smtpHost());
            p.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
            p.put("mail.smtp.connectiontimeout", t);
            p.put("mail.smtp.timeout", t);
            p.put("mail.smtp.quitwait", "false");
            p.put("mail.smtp.auth", String.valueOf(settings.smtpUser() != null));
            p.put("mail.smtp.starttls.enable", String.valueOf(settings.startTls()));
            p.put("mail.smtp.starttls.required", String.valueOf(settings.startTls()));
        }
        this.mailSession = jakarta.mail.Session.getInstance(p);
        this.health = new java.util.concurrent.atomic.AtomicReference<>(new GatewayHealth(true, describe(),
                settings.smtpConfigured() ? "no SMTP exchange yet" : "writing to the outbox folder", null));
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    public EmailComposer composer() {
        return composer;
    }

    @Override
    public String describe() {
        return settings.smtpConfigured() ? "smtp://" + settings.smtpHost() + ":" + settings.smtpPort()
                : settings.outbox().toString();
    }

    @Override
    public void validateTemplates(List<DunningPolicy> policies) {
        for (DunningPolicy p : policies) {
            for (DunningStep s : p.steps()) {
                if (!s.channels().contains(Channel.EMAIL)) {
                    continue;
                }
                for (String part : List.of("subject.ftl", "text.ftl", "html.ftlh")) {
                    if (!renderer.exists("email", s.template(), part)) {
                        throw new TemplateException(p.source() + ":" + s.line() + ": step '" + s.code() + "' uses template '"
                                + s.template() + "' but " + renderer.root().resolve("email").resolve(s.template()).resolve(part)
                                + " does not exist");
                    }
                }
                for (Locale locale : renderer.locales("email", s.template())) {
                    Map<String, Object> sample = model.sample(s.code(), locale);
                    RenderedMessage r = renderer.renderEmail(s.template(), locale, sample);
                    String optOut = (String) sample.get("optOutUrl");
                    String base = "email/" + s.template() + "/";
                    List<String> problems = new java.util.ArrayList<>();
                    for (String problem : contentLint.apply(r.text(), optOut)) {
                        problems.add(renderer.source(base + "text.ftl", locale) + ": " + problem);
                    }
                    if (!r.html().contains(optOut)) {
                        problems.add(renderer.source(base + "html.ftlh", locale) + ": the HTML part has no opt-out link (${optOutUrl})");
                    }
                    if (r.subject().isBlank()) {
                        problems.add(renderer.source(base + "subject.ftl", locale) + ": the subject renders empty");
                    }
                    if (!problems.isEmpty()) {
                        throw new TemplateException(renderer.root().resolve("email").resolve(s.template()) + " (locale "
                                + locale.toLanguageTag() + "): " + String.join("; ", problems));
                    }
                }
            }
        }
    }

    @Override
    public ChannelAdapter.Session open() throws DeliveryException {
        if (!settings.smtpConfigured()) {
            return new OutboxSession();
        }
        SmtpSession s = new SmtpSession();
        s.connect(false);
        return s;
    }

    private record Composed(EmailComposer.ComposedMessage message, byte[] bytes, String version) {
    }

    private Composed compose(MessageContext ctx) throws DeliveryException {
        Instant now = clock.instant();
        Map<String, Object> m = model.build(ctx, LocalDate.ofInstant(now, ctx.debtor().timeZone() == null
                ? java.time.ZoneOffset.UTC : ctx.debtor().timeZone()));
        RenderedMessage r = renderer.renderEmail(ctx.message().template(), ctx.locale(), m);
        try {
            EmailComposer.ComposedMessage msg = composer.compose(mailSession, ctx.message().token(),
                    ctx.contactPoint().address(), r, (String) m.get("optOutUrl"), ctx.payableInvoices(), now);
            return new Composed(msg, msg.bytes(), r.templateVersion());
        } catch (jakarta.mail.internet.AddressException e) {
            throw new DeliveryException("invalid address: " + e.getMessage(), DeliveryException.Kind.PERMANENT, e);
        } catch (MessagingException | IOException e) {
            throw new DeliveryException("cannot compose the message: " + e.getMessage(), true, e);
        }
    }

    /** Writes each message as an .eml file (atomically: a temp file renamed into place, removed if that fails). */
    private final class OutboxSession implements ChannelAdapter.Session {
        @Override
        public Delivery deliver(MessageContext ctx) throws DeliveryException {
            Composed c = compose(ctx);
            Path dir = settings.outbox();
            Path target = dir.resolve(ctx.message().id() + ".eml");
            Path tmp = dir.resolve(ctx.message().id() + ".eml.tmp");
            try {
                Files.createDirectories(dir);
                Files.write(tmp, c.bytes());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                up();
                return new Delivery(composer.messageId(ctx.message().token()), "written to " + target, c.bytes(), c.version());
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the folder itself is unusable; the error below says so
                }
                String why = "cannot write to the outbox " + dir + ": " + e;
                down(why);
                throw new DeliveryException(why, DeliveryException.Kind.GATEWAY_DOWN, e);
            }
        }

        @Override
        public void close() {
            // nothing held open
        }
    }

    /**
     * One SMTP connection reused for a whole batch; reconnects after a failure. Each exchange (connect and
     * greeting, or one message) is bounded by arrears.smtp.deadline.
     */
    private final class SmtpSession implements ChannelAdapter.Session {
        private final DeadlineSockets sockets = new DeadlineSockets();
        private final jakarta.mail.Session ascii;
        private final jakarta.mail.Session utf8;
        private SMTPTransport transport;
        private boolean transportUtf8;

        SmtpSession() {
            this.ascii = session(false);
            this.utf8 = session(true);
        }

        private jakarta.mail.Session session(boolean allowUtf8) {
            Properties p = new Properties();
            p.putAll(mailSession.getProperties());
            p.put("mail.smtp.socketFactory", sockets);
            p.put("mail.smtp.socketFactory.fallback", "false");
            // an internationalised local part goes out with SMTPUTF8 (RFC 6531); only such a message asks for it
            p.put("mail.mime.allowutf8", String.valueOf(allowUtf8));
            return jakarta.mail.Session.getInstance(p);
        }

        void connect(boolean wantUtf8) throws DeliveryException {
            try (DeadlineSockets.Deadline d = sockets.start(settings.deadline().toMillis())) {
                transport = (SMTPTransport) (wantUtf8 ? utf8 : ascii).getTransport("smtp");
                transportUtf8 = wantUtf8;
                transport.connect(settings.smtpHost(), settings.smtpPort(), settings.smtpUser(), settings.smtpPassword());
            } catch (MessagingException e) {
                close();
                String why = "cannot connect to " + describe() + ": "
                        + (sockets.expired() ? "no greeting within " + settings.deadline() : e.getMessage());
                down(why);
                throw new DeliveryException(why, DeliveryException.Kind.GATEWAY_DOWN, e);
            }
        }

        @Override
        public Delivery deliver(MessageContext ctx) throws DeliveryException {
            Composed c = compose(ctx);
            boolean wantUtf8 = c.message().needsSmtpUtf8();
            if (transport == null || !transport.isConnected() || (wantUtf8 && !transportUtf8)) {
                close();
                connect(wantUtf8);
            }
            if (wantUtf8 && !transport.supportsExtension("SMTPUTF8")) {
                throw new DeliveryException("the address has a non-ASCII local part and " + describe()
                        + " does not offer SMTPUTF8 (RFC 6531); it was not sent", DeliveryException.Kind.PERMANENT, null);
            }
            try (DeadlineSockets.Deadline d = sockets.start(settings.deadline().toMillis())) {
                transport.sendMessage(c.message(), c.message().getAllRecipients());
                up();
                return new Delivery(composer.messageId(ctx.message().token()), transport.getLastServerResponse(),
                        c.bytes(), c.version());
            } catch (MessagingException e) {
                // The server may be mid-transaction after a refusal: start clean on the next message.
                close();
                throw refusal(e, sockets.expired());
            }
        }

        @Override
        public void close() {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException ignored) {
                    // closing a broken connection
                }
                transport = null;
            }
        }
    }

    /** What a failed SMTP exchange means for the message and for the gateway. */
    private DeliveryException refusal(MessagingException e, boolean deadlineExpired) {
        if (deadlineExpired) {
            String why = "SMTP exchange with " + describe() + " exceeded its deadline of " + settings.deadline();
            down(why);
            return new DeliveryException(why, DeliveryException.Kind.GATEWAY_DOWN, e);
        }
        int code = replyCode(e);
        if (code < 0) {
            String why = "SMTP connection to " + describe() + " failed: " + e.getMessage();
            down(why);
            return new DeliveryException(why, DeliveryException.Kind.GATEWAY_DOWN, e);
        }
        String line = lastLine(e);
        String reply = line.startsWith(String.valueOf(code)) ? line : code + " " + line;
        DeliveryException.Kind kind;
        if (code == 421) {
            kind = DeliveryException.Kind.GATEWAY_DOWN;
            down("SMTP refused: " + reply);
        } else if (code >= 500) {
            kind = recipientRefused(e) ? DeliveryException.Kind.RECIPIENT_REFUSED : DeliveryException.Kind.PERMANENT;
        } else {
            kind = DeliveryException.Kind.TEMPORARY;
        }
        return new DeliveryException("SMTP refused: " + reply, kind, e);
    }

    @Override
    public GatewayHealth health() {
        return health.get();
    }

    private void up() {
        GatewayHealth h = health.get();
        if (!h.up() || h.since() == null) {
            health.set(new GatewayHealth(true, describe(), "last exchange succeeded", clock.instant()));
        }
    }

    private void down(String why) {
        health.set(new GatewayHealth(false, describe(), why, clock.instant()));
    }

    /** A 5xx for the recipient itself (at RCPT), as opposed to one for the message or the session. */
    private static boolean recipientRefused(Exception e) {
        for (Throwable t = e; t != null; t = t instanceof MessagingException me && me.getNextException() != null
                ? me.getNextException() : t.getCause()) {
            if (t instanceof SMTPAddressFailedException) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }

    private static int replyCode(Exception e) {
        for (Throwable t = e; t != null; t = t instanceof MessagingException me && me.getNextException() != null
                ? me.getNextException() : t.getCause()) {
            if (t instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (t instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return -1;
    }

    private static String lastLine(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage().strip();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MessagingException me && me.getNextException() != null && me.getNextException().getMessage() != null) {
                m = me.getNextException().getMessage().strip();
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return m;
    }

    static {
        // never let the mail library's debug output (which includes addresses) reach the log
        System.setProperty("mail.debug", "false");
        // Jakarta Mail looks its stream provider up with a ServiceLoader scan of the class path on every
        // encode unless this property names it; measured as the largest cost of composing a message.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }
}
