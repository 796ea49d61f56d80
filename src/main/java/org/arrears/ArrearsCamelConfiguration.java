package org.arrears;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.arrears.config.Hub;
import org.arrears.config.Settings;

/**
 * Builds the hub's beans for the routes: the routes call planner, emailDispatcher, claimSweeper, optOut and
 * paymentInbox. Singleton routes (the planner) run behind master: with a file-lock cluster service, so several hub
 * instances can share one database and a data volume. The payments inbox needs no leader: its read lock is an
 * idempotent repository in PostgreSQL (paymentsInboxRepository), shared by every instance.
 */
public class ArrearsCamelConfiguration implements CamelConfiguration {

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
        Settings settings = Settings.of(key -> ctx.getPropertiesComponent().resolveProperty(key).orElse(null),
                () -> {
                    Set<String> keys = new TreeSet<>();
                    ctx.getPropertiesComponent().loadPropertiesAsMap().keySet().forEach(k -> keys.add(k.toString()));
                    return keys;
                }, origin);
        Clock clock = ctx.getRegistry().findSingleByType(Clock.class);
        Hub hub = Hub.start(settings, clock == null ? Clock.systemUTC() : clock);
        ctx.getRegistry().bind("hub", hub);
        ctx.getRegistry().bind("planner", hub.planner());
        ctx.getRegistry().bind("plannerJob", hub.plannerJob());
        ctx.getRegistry().bind("emailDispatcher", hub.emailDispatcher());
        ctx.getRegistry().bind("claimSweeper", hub.sweeper());
        ctx.getRegistry().bind("optOut", hub.optOut());
        ctx.getRegistry().bind("paymentInbox", hub.payments());
        ctx.getRegistry().bind("paymentsInboxHealthCheck", new org.arrears.health.PaymentsInboxHealthCheck(hub.payments().health()));
        // the route watches the folder the hub resolved (by default under the data folder)
        ctx.getPropertiesComponent().addOverrideProperty("arrears.payments.inbox", hub.payments().inbox().toString());
        JdbcMessageIdRepository inboxLocks = new JdbcMessageIdRepository(hub.database().dataSource(), "payments-inbox");
        inboxLocks.setCreateTableIfNotExists(false); // created by the Flyway migrations
        ctx.getRegistry().bind("paymentsInboxRepository", inboxLocks);

        // a graceful stop (SIGTERM) first tells the dispatchers to finish the message in hand and give the rest of
        // their claims back, so the routes' in-flight exchanges end at once and nothing waits for the lease
        ctx.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                hub.stopSending();
            }
        });

        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setId("arrears-cluster");
        cluster.setRoot(Path.of(settings.get("arrears.data-dir", "data"), "cluster").toAbsolutePath().toString());
        try {
            ctx.addService(cluster);
            // closes the database (and the embedded server) after the routes have stopped
            ctx.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    hub.close();
                }
            }, true, true);
        } catch (Exception e) {
            hub.close();
            throw new IllegalStateException("cannot register hub services: " + e.getMessage(), e);
        }
    }
}
