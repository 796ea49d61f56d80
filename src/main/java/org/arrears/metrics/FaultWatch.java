package org.arrears.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what the health checks watch (the database, each channel's gateway or outbox folder, the payments inbox)
 * and makes a fault visible while it lasts: the gauge {@code arrears_fault_active{check}} is 1 while the check is
 * DOWN, and one log line says when a fault starts (WARN, with the reason) and one when it ends (INFO, with how long
 * it lasted), not one line per message it touched.
 */
public final class FaultWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultWatch.class);

    /** What a check found: up, or down with the reason (which names no secret). */
    public record State(boolean up, String reason) {
    }

    private final Map<String, Supplier<State>> checks;
    private final Map<String, Instant> downSince = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "arrears-fault-watch");
        t.setDaemon(true);
        return t;
    });

    public FaultWatch(MeterRegistry registry, Map<String, Supplier<State>> checks, Clock clock, Duration period) {
        this.checks = new LinkedHashMap<>(checks);
        this.clock = clock;
        for (String check : this.checks.keySet()) {
            Gauge.builder("arrears_fault_active", downSince, m -> m.containsKey(check) ? 1 : 0)
                    .description("1 while the health check is DOWN (a fault in progress), else 0")
                    .tag("check", check).register(registry);
        }
        long ms = Math.max(100, period.toMillis());
        timer.scheduleWithFixedDelay(this::look, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * The hub's watch: the database probe, the email, SMS and print gateways (or their outbox folders) and the
     * payments inbox, looked at every {@code arrears.health.watch-period} (5 s).
     */
    public static FaultWatch of(org.arrears.config.Hub hub, org.arrears.db.DatabaseProbe probe, MeterRegistry registry,
                                Clock clock) {
        Map<String, Supplier<State>> checks = new LinkedHashMap<>();
        checks.put("database", () -> {
            org.arrears.db.DatabaseProbe.Result r = probe.probe();
            return new State(r.up(), r.detail());
        });
        checks.put("smtp", gateway(() -> hub.emailDispatcher().adapter().health()));
        checks.put("sms", gateway(() -> hub.smsDispatcher().adapter().health()));
        checks.put("print", gateway(() -> hub.letterDispatcher().adapter().health()));
        checks.put("payments-inbox", () -> {
            org.arrears.payments.PaymentsInboxHealth.Report r = hub.payments().health().report();
            return new State(r.up(), r.message());
        });
        return new FaultWatch(registry, checks, clock,
                hub.settings().getPositiveDuration("arrears.health.watch-period", Duration.ofSeconds(5)));
    }

    private static Supplier<State> gateway(Supplier<org.arrears.outreach.GatewayHealth> health) {
        return () -> {
            org.arrears.outreach.GatewayHealth h = health.get();
            return new State(h.up(), h.target() + ": " + h.detail());
        };
    }

    /** Looks at every check once: logs the faults that started or ended since the last look. */
    public void look() {
        checks.forEach((check, supplier) -> {
            State s;
            try {
                s = supplier.get();
            } catch (RuntimeException e) {
                s = new State(false, String.valueOf(e.getMessage()));
            }
            Instant since = downSince.get(check);
            if (!s.up() && since == null) {
                downSince.put(check, clock.instant());
                LOG.warn("fault started: {} is DOWN: {}", check, s.reason());
            } else if (s.up() && since != null) {
                downSince.remove(check);
                LOG.info("fault ended: {} is UP again after {}", check,
                        Duration.between(since, clock.instant()).withNanos(0));
            }
        });
    }

    /** The checks DOWN now, with the moment each went down. */
    public Map<String, Instant> faults() {
        return Map.copyOf(downSince);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
