package org.arrears.config;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.arrears.ar.ArSource;
import org.arrears.ar.Holds;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ComplianceGate;
import org.arrears.compliance.FrequencyCap;
import org.arrears.compliance.GateSettings;
import org.arrears.compliance.OptOutNoticeLint;
import org.arrears.creditor.Creditor;
import org.arrears.creditor.Creditors;
import org.arrears.db.Database;
import org.arrears.email.EmailAdapter;
import org.arrears.email.EmailSettings;
import org.arrears.email.dkim.DkimSigner;
import org.arrears.email.reputation.ReputationGuard;
import org.arrears.email.reputation.ReputationSettings;
import org.arrears.inbound.InboundMail;
import org.arrears.inbound.Mailboxes;
import org.arrears.inbound.ReplyActions;
import org.arrears.inbound.MailClassifier;
import org.arrears.inbound.MailInbox;
import org.arrears.inbound.MailIntake;
import org.arrears.letter.LetterAdapter;
import org.arrears.metrics.HubMetrics;
import org.arrears.outreach.ByCreditor;
import org.arrears.outreach.ChannelAdapter;
import org.arrears.outreach.ClaimSweeper;
import org.arrears.outreach.Company;
import org.arrears.outreach.DispatchStats;
import org.arrears.outreach.Dispatcher;
import org.arrears.outreach.GatewayStrain;
import org.arrears.outreach.MessageLifecycle;
import org.arrears.outreach.MessageModel;
import org.arrears.outreach.OptOutLinks;
import org.arrears.outreach.Outbox;
import org.arrears.outreach.PreviewService;
import org.arrears.outreach.TemplateRenderer;
import org.arrears.payments.CsvLayout;
import org.arrears.payments.ParseOptions;
import org.arrears.payments.PaymentInbox;
import org.arrears.payments.PaymentIngestor;
import org.arrears.payments.PaymentPoster;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.DunningStep;
import org.arrears.policy.Planner;
import org.arrears.policy.PlannerJob;
import org.arrears.policy.PolicyLoader;
import org.arrears.sms.SmsAdapter;
import org.arrears.sms.SmsGateway;
import org.arrears.sms.SmsGateways;
import org.arrears.sms.SmsSettings;
import org.arrears.sms.webhook.SmsWebhooks;
import org.arrears.util.SecretFile;
import org.arrears.web.OptOutService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the hub's parts from settings, in an order that fails fast: database and AR contract, policies,
 * templates (rendered with sample data), gate settings. The Camel configuration binds these parts for the
 * routes; the CLI uses them directly.
 */
public final class Hub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final Settings settings;
    private final Database database;
    private final ArSource ar;
    private final Creditors creditors;
    private final Holds holds;
    private final List<DunningPolicy> policies;
    private final ComplianceGate gate;
    private final Planner planner;
    private final PlannerJob plannerJob;
    private final Outbox outbox;
    private final MessageLifecycle lifecycle;
    private final Dispatcher emailDispatcher;
    private final OptOutService optOut;
    private final ClaimSweeper sweeper;
    private final TemplateRenderer renderer;
    private final MessageModel messageModel;
    private final PreviewService previews;
    private final PaymentInbox payments;
    private final HubMetrics metrics;
    private final SmsGateway smsGateway;
    private final SmsWebhooks smsWebhooks;
    private final MailInbox inboundMail;
    private final ReputationGuard reputation;
    private final org.arrears.compliance.Retention retention;
    /** Every channel's dispatcher, in the order a drain runs them (email, sms, letter): a fallback moves forward. */
    private final Map<Channel, Dispatcher> dispatchers = new EnumMap<>(Channel.class);
    /** Each creditor's message model and templates, by creditor id. */
    private final Map<Long, MessageModel> models = new java.util.HashMap<>();
    private final Map<Long, TemplateRenderer> renderers = new java.util.HashMap<>();
    private final String instance;
    private final Clock clock;
    /** Texts from handsets that the SMS gateway itself receives (SMPP deliver_sm): the inbound SMS handling. */
    private volatile BiConsumer<String, String> inboundTexts = (from, text) -> {
        throw new IllegalStateException("no inbound SMS handling yet");
    };

    private Hub(Settings settings, Database database, Clock clock, HubMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.database = database;
        this.ar = ArSource.from(settings);
        this.policies = new PolicyLoader(EnumSet.of(Channel.EMAIL, Channel.SMS, Channel.LETTER)).loadFolder(Path.of(settings.get("arrears.policies", "config/policies")));
        this.creditors = Creditors.load(settings, policies.stream().map(DunningPolicy::code).collect(Collectors.toSet()))
                .sync(database.dataSource());
        ar.verify(database.dataSource());
        this.holds = new Holds(database.dataSource(), ar.writeBack());
        this.gate = new ComplianceGate(gateSettings(settings));
        this.renderer = new TemplateRenderer(Path.of(settings.get("arrears.templates", "templates")));
        OptOutLinks links = new OptOutLinks(tokenSecret(settings), settings.get("arrears.web.public-url", "http://localhost:8080"));
        this.messageModel = new MessageModel(Company.from(settings), links);
        DkimSigner dkim = DkimSigner.from(settings, clock);
        Map<Long, String> creditorDomains = new HashMap<>();
        for (Creditor c : creditors.all()) {
            Settings cs = Creditors.settingsFor(c, settings);
            long id = creditors.idOf(c);
            models.put(id, cs == settings ? messageModel : new MessageModel(Company.from(cs), links));
            renderers.put(id, c.templates() == null ? renderer : new TemplateRenderer(renderer.root(), c.templates()));
            creditorDomains.put(id, EmailSettings.domainOf(EmailSettings.from(cs).from()));
        }
        EmailSettings emailSettings = EmailSettings.from(settings);
        // one DKIM signer for every creditor: it signs with the key of each message's From domain
        ChannelAdapter email = forCreditors(new EmailAdapter(emailSettings, renderer, messageModel, clock,
                OptOutNoticeLint::check, dkim), (c, cs) -> new EmailAdapter(EmailSettings.from(cs), rendererOf(c),
                modelOf(c), clock, OptOutNoticeLint::check, dkim));
        // rates, holds and deferrals per creditor sending domain (the From domain of its settings)
        String sendingDomain = EmailSettings.domainOf(emailSettings.from());
        this.reputation = new ReputationGuard(database.dataSource(), ReputationSettings.from(settings),
                creditor -> creditorDomains.getOrDefault(creditor, sendingDomain), sendingDomain, clock, metrics.registry());
        email.validateTemplates(policies);
        this.planner = new Planner(database.dataSource(), ar, policies, clock,
                settings.getPositiveInt("arrears.planner.chunk-debtors", Planner.DEFAULT_CHUNK_DEBTORS),
                settings.getPositiveDuration("arrears.planner.statement-timeout", Duration.ofMinutes(5)));
        planner.verifySegments();
        if (!creditors.single()) {
            planner.scopedBy(creditors::mayUse);
        }
        this.plannerJob = new PlannerJob(planner::planToday, clock,
                settings.getPositiveDuration("arrears.planner.period", Duration.ofHours(1)),
                settings.getPositiveDuration("arrears.planner.retry-base", Duration.ofMinutes(1)), metrics);
        this.outbox = new Outbox(database.dataSource(), ar);
        String instance = settings.get("arrears.instance-id", hostName() + "-" + UUID.randomUUID().toString().substring(0, 8));
        Duration lookback = capLookback(gate, Channel.EMAIL);
        this.lifecycle = new MessageLifecycle(database.dataSource(), ar.writeBack());
        this.instance = instance;
        this.clock = clock;
        this.emailDispatcher = dispatcher(email, settings.getPositiveInt("arrears.outbox.record-every", 16));
        dispatchers.put(Channel.EMAIL, emailDispatcher);
        this.optOut = new OptOutService(database.dataSource(), links, ar.debtors());
        this.previews = new PreviewService(database.dataSource(), ar, policies, renderer, messageModel, clock, gate, lookback);
        if (!creditors.single()) {
            previews.forCreditors(id -> renderers.getOrDefault(id, renderer), id -> models.getOrDefault(id, messageModel),
                    creditors::mayUse);
        }
        this.sweeper = new ClaimSweeper(lifecycle, settings.getPositiveDuration("arrears.outbox.lease", Duration.ofMinutes(5)), metrics);
        this.payments = payments(settings, database, ar, clock, metrics, creditors);
        SmsSettings sms = SmsSettings.from(settings);
        this.smsGateway = SmsGateways.from(settings, clock, sms.workers(), lifecycle,
                (from, text) -> inboundTexts.accept(from, text));
        ChannelAdapter smsAdapter = forCreditors(SmsAdapter.from(settings, smsGateway, renderer, messageModel,
                clock, (policy, step) -> maxSegments(policy, step, sms.maxSegments())),
                (c, cs) -> SmsAdapter.from(cs, smsGateway, rendererOf(c), modelOf(c), clock,
                        (policy, step) -> maxSegments(policy, step, sms.maxSegments())));
        smsAdapter.validateTemplates(policies);
        ReplyActions replyActions = new ReplyActions(holds, settings.getPositiveInt("arrears.inbound.already-paid-hold-days", 5));
        this.smsWebhooks = SmsWebhooks.from(settings, database.dataSource(), lifecycle, smsGateway,
                metrics, clock, replyActions);
        this.inboundTexts = smsWebhooks::fromGateway;
        this.inboundMail = inboundMail(settings, database, lifecycle, replyActions, clock);
        this.retention = new org.arrears.compliance.Retention(database.dataSource(), clock,
                org.arrears.compliance.Retention.Periods.from(settings), List.of(payments.processed(), payments.quarantine(),
                inboundMail.drop().resolve("processed"), inboundMail.drop().resolve("quarantine")));
        LetterAdapter defaultLetters = LetterAdapter.from(settings, renderer, messageModel, clock);
        ChannelAdapter letters = forCreditors(defaultLetters, (c, cs) -> LetterAdapter.from(cs, rendererOf(c),
                modelOf(c), clock));
        letters.validateTemplates(policies);
        // one print batch per record transaction: a letter is recorded SENT only with the batch that holds it
        dispatchers.put(Channel.LETTER, dispatcher(letters, defaultLetters.settings().batchSize()));
        dispatchers.put(Channel.SMS, dispatcher(smsAdapter, settings.getPositiveInt("arrears.outbox.record-every", 16)));
        LOG.info("Arrears ready: {} policies {}, email via {}, texts via {}, letters via {}", policies.size(),
                policies.stream().map(p -> p.code() + "@" + p.version()).toList(), email.describe(), smsAdapter.describe(),
                letters.describe());
    }

    /**
     * A channel's adapter for every creditor: the default creditor's alone in a single-creditor installation, else
     * one per creditor built over its settings ({@link Creditors#settingsFor}), chosen by each message's creditor.
     */
    private ChannelAdapter forCreditors(ChannelAdapter single, BiFunction<Creditor, Settings, ChannelAdapter> build) {
        if (creditors.single()) {
            return single;
        }
        Map<Long, ChannelAdapter> out = new java.util.LinkedHashMap<>();
        for (Creditor c : creditors.all()) {
            out.put(creditors.idOf(c), c.isDefault() && c.source() == null ? single : build.apply(c, Creditors.settingsFor(c, settings)));
        }
        return new ByCreditor(out, Creditor.DEFAULT_ID);
    }

    /** The templates of a creditor: its own folder first, then the shared one. */
    private TemplateRenderer rendererOf(Creditor c) {
        return renderers.get(creditors.idOf(c));
    }

    /** What a creditor's templates see: its brand, letterhead, contact and bank details. */
    private MessageModel modelOf(Creditor c) {
        return models.get(creditors.idOf(c));
    }

    /** A step's own max-segments, else the hub's (arrears.sms.max-segments). */
    private int maxSegments(String policyCode, String stepCode, int fallback) {
        return policies.stream().filter(p -> p.code().equals(policyCode)).findFirst()
                .flatMap(p -> p.step(stepCode)).map(DunningStep::maxSegments)
                .filter(Objects::nonNull).orElse(fallback);
    }

    /** The longest frequency-cap window of a channel: how far back a dispatcher reads recent sends. */
    private static Duration capLookback(ComplianceGate gate, Channel channel) {
        return gate.settings().caps(channel).stream().map(FrequencyCap::window).max(Duration::compareTo)
                .orElse(Duration.ofDays(7));
    }

    /**
     * A channel's dispatcher, tuned by {@code arrears.<channel>.batch-size, workers, max-attempts, retry-base,
     * gateway-retry} and the shared outbox settings.
     */
    private Dispatcher dispatcher(ChannelAdapter adapter, int recordEvery) {
        String p = "arrears." + adapter.channel().code() + ".";
        Duration lease = settings.getPositiveDuration("arrears.outbox.lease", Duration.ofMinutes(5));
        // email of a held sending domain: the hold is data in the attempt, the gate decides
        java.util.function.Function<org.arrears.compliance.ContactAttempt, org.arrears.compliance.Decision> decide =
                adapter.channel() == Channel.EMAIL ? a -> gate.decide(reputation.apply(a)) : gate::decide;
        return new Dispatcher(lifecycle, outbox, adapter, decide, policies, clock, new Dispatcher.Options(instance,
                settings.getPositiveInt(p + "batch-size", 200), settings.getPositiveInt(p + "workers", 2),
                settings.getPositiveInt(p + "max-attempts", 8),
                settings.getPositiveDuration(p + "retry-base", Duration.ofMinutes(1)), capLookback(gate, adapter.channel()),
                recordEvery, lease,
                settings.getPositiveDuration("arrears.outbox.renew-every", lease.dividedBy(3)),
                settings.getPositiveDuration("arrears.outbox.context-max-age", Duration.ofSeconds(30)),
                settings.getPositiveDuration(p + "gateway-retry", Duration.ofMinutes(1)), strainLimits()), metrics);
    }

    /** When a gateway's refusals make it DEGRADED: {@code arrears.health.strain-window, strain-min, strain-percent}. */
    private GatewayStrain.Limits strainLimits() {
        int percent = settings.getPercent("arrears.health.strain-percent", 5);
        return new GatewayStrain.Limits(settings.getPositiveDuration("arrears.health.strain-window", Duration.ofMinutes(1)),
                settings.getPositiveInt("arrears.health.strain-min", 5), percent / 100.0);
    }

    /** Opens the database (embedded when none is configured), migrates it, and builds every part. */
    public static Hub start(Settings settings, Clock clock) {
        return start(settings, clock, HubMetrics.simple());
    }

    /** Like {@link #start(Settings, Clock)}, reporting to the given meters (the Camel configuration's registry). */
    public static Hub start(Settings settings, Clock clock, HubMetrics metrics) {
        Database db = Database.open(settings).migrate();
        try {
            return new Hub(settings, db, clock, metrics);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Builds the parts over an already migrated database (tests, benchmarks); closing the hub closes it. */
    public static Hub over(Database database, Settings settings, Clock clock) {
        return new Hub(settings, database, clock, HubMetrics.simple());
    }

    /**
     * The payments inbox and ingestion: folders, CSV layout, where open amounts are written back (the invoice
     * source itself when it is a table or an updatable view, else arrears.payments.invoice-target), and the
     * grace days for promises to pay.
     */
    static PaymentInbox payments(Settings s, Database db, ArSource ar, Clock clock, HubMetrics metrics, Creditors creditors) {
        Path inbox = s.get("arrears.payments.inbox") != null ? Path.of(s.get("arrears.payments.inbox"))
                : Path.of(s.get("arrears.data-dir", "data"), "inbox", "payments");
        String q = s.get("arrears.payments.quarantine");
        String p = s.get("arrears.payments.processed");
        CsvLayout layout;
        try {
            layout = CsvLayout.fromProperties(s.withPrefix("arrears.payments.csv."), "arrears.payments.csv.");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin() + ": " + e.getMessage(), e);
        }
        String target = s.get("arrears.payments.invoice-target");
        if (target == null && !ar.invoiceRelation().startsWith("(")) {
            target = ar.invoiceRelation();
        }
        if (target == null) {
            // the hub still runs; ingestion refuses files (they stay in the inbox) until this is configured
            LOG.warn("arrears.ar.invoice-source is a query: set arrears.payments.invoice-target (a table or updatable "
                    + "view with invoice_id and open_amount) to post bank payment files");
        } else if (!target.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new ConfigException(s.origin() + ": arrears.payments.invoice-target must be a table or view name, got '"
                    + target + "'");
        } else {
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.executeQuery("SELECT invoice_id, open_amount FROM " + target + " LIMIT 0").close();
            } catch (SQLException e) {
                throw new ConfigException("payments write open amounts to " + target + ", which cannot be used: "
                        + e.getMessage(), e);
            }
        }
        PaymentPoster poster = new PaymentPoster(ar, target, s.getInt("arrears.payments.promise-grace-days", 2))
                .withAccounts(creditors.accounts());
        PaymentIngestor ingestor = new PaymentIngestor(db.dataSource(), poster,
                ParseOptions.defaults().withCsvLayout(layout));
        return new PaymentInbox(ingestor, inbox, p == null ? inbox.resolve("processed") : Path.of(p),
                q == null ? inbox.resolve("quarantine") : Path.of(q), clock, metrics,
                s.getPositiveDuration("arrears.payments.stuck-after", Duration.ofMinutes(15)));
    }

    static GateSettings gateSettings(Settings s) {
        try {
            return GateSettings.fromProperties(s.withPrefix("arrears.compliance."), "arrears.compliance.");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin() + ": " + e.getMessage(), e);
        }
    }

    /** The configured opt-out link secret, or one generated once and kept (owner-only) in the data folder. */
    static String tokenSecret(Settings s) {
        String configured = s.get("arrears.token-secret");
        if (configured != null) {
            return configured;
        }
        Path file = Path.of(s.get("arrears.data-dir", "data")).resolve("token-secret");
        try {
            String existing = SecretFile.read(file);
            if (existing != null) {
                return existing;
            }
            String secret = SecretFile.readOrCreate(file);
            LOG.info("arrears.token-secret not set: generated one in {}", file);
            return secret;
        } catch (IOException e) {
            throw new ConfigException("arrears.token-secret is not set and " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        return h == null || h.isBlank() ? "arrears" : h;
    }

    public HubMetrics metrics() {
        return metrics;
    }

    public Clock clock() {
        return clock;
    }

    public Settings settings() {
        return settings;
    }

    public Database database() {
        return database;
    }

    public ArSource ar() {
        return ar;
    }

    /** The creditors this hub collects for (config/creditors/*.yaml, or the one of arrears.company.*). */
    public Creditors creditors() {
        return creditors;
    }

    /** Places holds and writes them back to the AR database. */
    /** The sending domains' complaint and bounce rates, and their holds. */
    public ReputationGuard reputation() {
        return reputation;
    }

    public Holds holds() {
        return holds;
    }

    public List<DunningPolicy> policies() {
        return policies;
    }

    public ComplianceGate gate() {
        return gate;
    }

    public Planner planner() {
        return planner;
    }

    /** The planner as the hub's schedule runs it: once per period, with back-off after a failure. */
    public PlannerJob plannerJob() {
        return plannerJob;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** The only writer of message status and history. */
    public MessageLifecycle lifecycle() {
        return lifecycle;
    }

    public Dispatcher emailDispatcher() {
        return emailDispatcher;
    }

    public Dispatcher smsDispatcher() {
        return dispatchers.get(Channel.SMS);
    }

    public Dispatcher letterDispatcher() {
        return dispatchers.get(Channel.LETTER);
    }

    /** The dispatcher of a channel. */
    public Dispatcher dispatcher(Channel channel) {
        Dispatcher d = dispatchers.get(channel);
        if (d == null) {
            throw new IllegalArgumentException("no " + channel.code() + " channel in this hub");
        }
        return d;
    }

    /** Every channel's dispatcher, email first, then sms, then letter. */
    public Collection<Dispatcher> dispatchers() {
        return Collections.unmodifiableCollection(dispatchers.values());
    }

    /**
     * Sends everything due on every channel, again while a round moved anything (a message that could not reach its
     * debtor plans the step's next channel, due at once), at most once per channel more; returns the totals per
     * channel.
     */
    public Map<Channel, DispatchStats> drainAll() {
        Map<Channel, DispatchStats> out = new EnumMap<>(Channel.class);
        for (int round = 0; round <= dispatchers.size(); round++) {
            int moved = 0;
            for (Map.Entry<Channel, Dispatcher> e : dispatchers.entrySet()) {
                DispatchStats s = e.getValue().drain();
                out.computeIfAbsent(e.getKey(), k -> new DispatchStats()).add(s);
                moved += s.total();
            }
            if (moved == 0) {
                break;
            }
        }
        return out;
    }

    public OptOutService optOut() {
        return optOut;
    }

    public ClaimSweeper sweeper() {
        return sweeper;
    }

    public TemplateRenderer renderer() {
        return renderer;
    }

    public PreviewService previews() {
        return previews;
    }

    public MessageModel messageModel() {
        return messageModel;
    }

    /**
     * Inbound mail: the classifier (bounces, complaints, automatic replies, replies), its effects on the accounts, and
     * the drop folder ({@code arrears.inbound.drop}, default {@code ${arrears.data-dir}/inbox/mail}).
     */
    static MailInbox inboundMail(Settings s, Database db, MessageLifecycle lifecycle, ReplyActions replyActions, Clock clock) {
        MailClassifier classifier = MailClassifier.from(s);
        InboundMail effects = new InboundMail(db.dataSource(), lifecycle, replyActions, clock,
                s.getPositiveInt("arrears.inbound.soft-bounce-limit", 3),
                s.getPositiveDuration("arrears.inbound.soft-bounce-age", Duration.ofDays(14)));
        Path drop = s.get("arrears.inbound.drop") != null ? Path.of(s.get("arrears.inbound.drop"))
                : Path.of(s.get("arrears.data-dir", "data"), "inbox", "mail");
        return new MailInbox(new MailIntake(classifier, effects, clock), drop, Mailboxes.from(s));
    }

    /** Inbound mail: the mailbox and drop-folder routes and {@code mail ingest} go through it. */
    /** The retention purge (README "Retention and erasure"). */
    public org.arrears.compliance.Retention retention() {
        return retention;
    }

    /** Erasure requests (README "Retention and erasure"). */
    public org.arrears.compliance.Erasure erasure() {
        return new org.arrears.compliance.Erasure(database.dataSource(), ar, holds);
    }

    public MailInbox inboundMail() {
        return inboundMail;
    }

    /** Delivery status callbacks and inbound texts (the sms-webhooks routes; SMPP's texts from handsets too). */
    public SmsWebhooks smsWebhooks() {
        return smsWebhooks;
    }

    /** Where texts go (the configured gateway, or the outbox folder): dispatch and inbound replies share it. */
    public SmsGateway smsGateway() {
        return smsGateway;
    }

    /** Bank payment files: the inbox the route feeds, and ingestion for the CLI. */
    public PaymentInbox payments() {
        return payments;
    }

    /**
     * The first step of a graceful stop: dispatchers finish the message in hand, record it, and give the rest of
     * their claims back at once, instead of leaving them to the lease.
     */
    public void stopSending() {
        dispatchers.values().forEach(Dispatcher::stop);
    }

    @Override
    public void close() {
        dispatchers.values().forEach(Dispatcher::close);
        smsGateway.close();
        database.close();
    }
}
