package org.arrears;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.arrears.config.Hub;
import org.arrears.config.SecretKeys;
import org.arrears.config.Settings;
import org.arrears.db.DatabaseProbe;
import org.arrears.health.DatabaseHealthCheck;
import org.arrears.health.GatewayHealthCheck;
import org.arrears.metrics.DatabaseGauges;
import org.arrears.metrics.HubMetrics;
import org.arrears.util.RouteFailures;
import org.arrears.web.HttpGuards;

/**
 * Builds the hub's beans for the routes: the routes call plannerJob, emailDispatcher, smsDispatcher, letterDispatcher, claimSweeper,
 * optOut and paymentInbox. Singleton routes (the planner) run behind master: with a file-lock cluster service, so several hub
 * instances can share one database and a data volume. The payments inbox needs no leader: its read lock is an
 * idempotent repository in PostgreSQL (paymentsInboxRepository), shared by every instance.
 *
 * <p>Watching it: the hub reports to the Prometheus registry Camel serves on /observe/metrics, adds gauges read from
 * the database, and registers health checks for the database and the SMTP gateway. Secret settings are masked in
 * Camel's startup summaries.
 */
public class ArrearsCamelConfiguration implements CamelConfiguration {

    /** The name under which camel-micrometer-prometheus looks up the registry it serves. */
    static final String METRICS_REGISTRY = "metricsRegistry";

    private final String origin;

    public ArrearsCamelConfiguration() {
        this("config/application.properties");
    }

    /** @param origin the properties file, named in configuration errors */
    public ArrearsCamelConfiguration(String origin) {
        this.origin = origin;
    }

    @Override
    public void configure(CamelContext ctx) {
        Set<String> keys = new TreeSet<>();
        ctx.getPropertiesComponent().loadPropertiesAsMap().keySet().forEach(k -> keys.add(k.toString()));
        System.getProperties().keySet().forEach(k -> keys.add(k.toString()));
        maskSecrets(ctx, keys);
        Settings settings = Settings.of(key -> ctx.getPropertiesComponent().resolveProperty(key).orElse(null),
                () -> {
                    Set<String> all = new TreeSet<>();
                    ctx.getPropertiesComponent().loadPropertiesAsMap().keySet().forEach(k -> all.add(k.toString()));
                    return all;
                }, origin);
        Clock clock = ctx.getRegistry().findSingleByType(Clock.class);
        PrometheusMeterRegistry registry = prometheus(ctx);
        Hub hub = Hub.start(settings, clock == null ? Clock.systemUTC() : clock, new HubMetrics(registry));
        ctx.getRegistry().bind("hub", hub);
        ctx.getRegistry().bind("planner", hub.planner());
        ctx.getRegistry().bind("plannerJob", hub.plannerJob());
        ctx.getRegistry().bind("emailDispatcher", hub.emailDispatcher());
        ctx.getRegistry().bind("smsDispatcher", hub.smsDispatcher());
        ctx.getRegistry().bind("letterDispatcher", hub.letterDispatcher());
        ctx.getRegistry().bind("claimSweeper", hub.sweeper());
        ctx.getRegistry().bind("reputationGuard", hub.reputation());
        ctx.getRegistry().bind("retention", hub.retention());
        ctx.getRegistry().bind("promiseSweep", new org.arrears.promises.PromiseSweep(hub.database().dataSource(), hub.ar().invoices(),
                settings.getInt("arrears.payments.promise-grace-days", 2), clock == null ? Clock.systemUTC() : clock));
        ctx.getRegistry().bind("optOut", hub.optOut());
        ctx.getRegistry().bind("smsWebhooks", hub.smsWebhooks());
        bindInboundMail(ctx, hub, settings);
        ctx.getRegistry().bind("paymentInbox", hub.payments());
        ctx.getRegistry().bind("paymentsInboxHealthCheck", new org.arrears.health.PaymentsInboxHealthCheck(hub.payments().health()));
        // the route watches the folder the hub resolved (by default under the data folder)
        ctx.getPropertiesComponent().addOverrideProperty("arrears.payments.inbox", hub.payments().inbox().toString());
        ctx.getRegistry().bind("routeFailures", new RouteFailures());
        JdbcMessageIdRepository inboxLocks = new JdbcMessageIdRepository(hub.database().dataSource(), "payments-inbox");
        inboxLocks.setCreateTableIfNotExists(false); // created by the Flyway migrations
        ctx.getRegistry().bind("paymentsInboxRepository", inboxLocks);
        bindLetters(ctx, hub, clock == null ? Clock.systemUTC() : clock);

        // a graceful stop (SIGTERM) first tells the dispatchers to finish the message in hand and give the rest of
        // their claims back, so the routes' in-flight exchanges end at once and nothing waits for the lease
        ctx.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                hub.stopSending();
            }
        });

        new DatabaseGauges(hub.database().dataSource(), registry,
                settings.getDuration("arrears.metrics.gauge-cache", Duration.ofSeconds(10)));
        DatabaseProbe probe = new DatabaseProbe(hub.database().dataSource(),
                settings.getDuration("arrears.health.db-timeout", Duration.ofSeconds(2)));
        HealthCheckRegistry health = HealthCheckHelper.getHealthCheckRegistry(ctx);
        if (health != null) {
            health.register(new DatabaseHealthCheck(probe));
            health.register(new GatewayHealthCheck("smtp", () -> hub.emailDispatcher().health(),
                    settings.get("arrears.smtp.host") != null));
            health.register(new GatewayHealthCheck("sms", () -> hub.smsDispatcher().health(),
                    !"outbox".equals(org.arrears.sms.SmsSettings.from(settings).gateway())));
            health.register(new GatewayHealthCheck("print", () -> hub.letterDispatcher().health(), true));
        }

        org.arrears.metrics.FaultWatch faults = org.arrears.metrics.FaultWatch.of(hub, probe, registry, Clock.systemUTC());
        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setId("arrears-cluster");
        cluster.setRoot(Path.of(settings.get("arrears.data-dir", "data"), "cluster").toAbsolutePath().toString());
        try {
            ctx.addService(cluster);
            ctx.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                    // the HTTP servers are up once the context has started
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    org.arrears.console.Console.install(context, hub);
                    HttpGuards.install(context);
                }
            });
            // closes the database (and the embedded server) after the routes have stopped
            ctx.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    faults.close();
                    probe.close();
                    hub.close();
                }
            }, true, true);
        } catch (Exception e) {
            faults.close();
            probe.close();
            hub.close();
            throw new IllegalStateException("cannot register hub services: " + e.getMessage(), e);
        }
    }

    /**
     * The letter channel's routes: returned-mail (the print vendor's returned-mail files, applied as receipts by the
     * lifecycle) and print-upload (finished batches to the vendor's SFTP server, started only when
     * arrears.letter.sftp.host is set). The routes watch the folders resolved here (by default under the data folder).
     */
    /**
     * Inbound mail: the bean, the mailboxes' idempotent repository (Message-IDs, in PostgreSQL), the drop folder's read
     * lock, and one route per configured mailbox.
     */
    private static void bindInboundMail(CamelContext ctx, Hub hub, Settings settings) {
        ctx.getRegistry().bind("inboundMail", hub.inboundMail());
        JdbcMessageIdRepository seen = new JdbcMessageIdRepository(hub.database().dataSource(), "inbound-mailbox");
        seen.setCreateTableIfNotExists(false);
        ctx.getRegistry().bind("inboundMailRepository", seen);
        JdbcMessageIdRepository dropLocks = new JdbcMessageIdRepository(hub.database().dataSource(), "inbound-mail-drop");
        dropLocks.setCreateTableIfNotExists(false);
        ctx.getRegistry().bind("inboundDropRepository", dropLocks);
        ctx.getPropertiesComponent().addOverrideProperty("arrears.inbound.drop", hub.inboundMail().drop().toString());
        // one route per configured mailbox, from the inbound-mailbox template (routes/inbound-mail.yaml)
        java.util.Map<String, java.util.Map<String, Object>> mailboxes = new java.util.LinkedHashMap<>();
        for (org.arrears.inbound.Mailboxes.Mailbox m : hub.inboundMail().mailboxes()) {
            java.util.Map<String, Object> p = new java.util.LinkedHashMap<>(m.templateParameters());
            p.put(org.apache.camel.spi.RouteTemplateParameterSource.TEMPLATE_ID, "inbound-mailbox");
            mailboxes.put("inbound-mailbox-" + m.name(), p);
        }
        ctx.getRegistry().bind("inboundMailboxes", new org.apache.camel.spi.RouteTemplateParameterSource() {
            @Override
            public java.util.Map<String, Object> parameters(String routeId) {
                return new java.util.LinkedHashMap<>(mailboxes.get(routeId));
            }

            @Override
            public java.util.Set<String> routeIds() {
                return mailboxes.keySet();
            }
        });
    }

    private static void bindLetters(CamelContext ctx, Hub hub, Clock clock) {
        Settings settings = hub.settings();
        org.arrears.letter.ReturnedMail returned = org.arrears.letter.ReturnedMail.from(settings, hub.lifecycle(), clock);
        ctx.getRegistry().bind("returnedMail", returned);
        ctx.getPropertiesComponent().addOverrideProperty("arrears.letter.returned-mail.inbox", returned.inbox().toString());
        org.arrears.letter.PrintUpload upload = org.arrears.letter.PrintUpload.from(settings,
                org.arrears.letter.LetterSettings.from(settings));
        ctx.getRegistry().bind("printUpload", upload);
        ctx.getPropertiesComponent().addOverrideProperty("arrears.letter.outbox", upload.outbox().toString());
        ctx.getPropertiesComponent().addOverrideProperty("arrears.letter.sftp.enabled", String.valueOf(upload.enabled()));
        if (!upload.enabled()) {
            // the route is not started, but its endpoint URI must still resolve
            ctx.getPropertiesComponent().addOverrideProperty("arrears.letter.sftp.host", "sftp-upload-is-off.invalid");
        }
        for (String name : new String[] {"returned-mail", "print-upload"}) {
            JdbcMessageIdRepository locks = new JdbcMessageIdRepository(hub.database().dataSource(), name);
            locks.setCreateTableIfNotExists(false); // created by the Flyway migrations
            ctx.getRegistry().bind(name.equals("returned-mail") ? "returnedMailRepository" : "printUploadRepository", locks);
        }
    }

    /** The registry Camel's Prometheus endpoint serves: the one already bound, or a new one bound for it. */
    private static PrometheusMeterRegistry prometheus(CamelContext ctx) {
        PrometheusMeterRegistry registry = ctx.getRegistry().findSingleByType(PrometheusMeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ctx.getRegistry().bind(METRICS_REGISTRY, registry);
        }
        return registry;
    }

    /** Camel's startup summaries mask the hub's secret settings too (its default keywords miss token-secret). */
    private static void maskSecrets(CamelContext ctx, Set<String> keys) {
        ExtendedCamelContext ext = ctx.getCamelContextExtension();
        ext.setAdditionalSensitiveKeywords(SecretKeys.camelKeywords(keys, System.getenv().keySet(),
                ext.getAdditionalSensitiveKeywords()));
    }
}
