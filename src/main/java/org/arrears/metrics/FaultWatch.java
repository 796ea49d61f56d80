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
import org.arrears.outreach.GatewayHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what the health checks watch (the database, each channel's gateway or outbox folder, the payments inbox)
 * and makes a fault visible while it lasts: the gauge {@code arrears_fault_active{check}} is 1 while the check is
 * DOWN, {@code arrears_fault_degraded{check}} while a gateway answers but refuses too many messages (DEGRADED), and
 * one log line says when a fault starts (WARN, with the reason) and one when it ends (INFO, with how long it lasted),
 * not one line per message it touched; a fault that turns from DEGRADED to DOWN or back says so in one line more.
 */
public final class FaultWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultWatch.class);

    /** What a check found: UP, DEGRADED or DOWN, with the reason (which names no secret). */
    public record State(GatewayHealth.Level level, String reason) {
        public State(boolean up, String reason) {
            this(up ? GatewayHealth.Level.UP : GatewayHealth.Level.DOWN, reason);
        }

        boolean up() {
            return level == GatewayHealth.Level.UP;
        }
    }

    /** A fault in progress: since when, and how bad it is now. */
    private record Fault(Instant since, GatewayHealth.Level level) {
    }

    private final Map<String, Supplier<State>> checks;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
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
            Gauge.builder("arrears_fault_active", faults, m -> is(m.get(check), GatewayHealth.Level.DOWN))
                    .description("1 while the health check is DOWN (a fault in progress), else 0")
                    .tag("check", check).register(registry);
            Gauge.builder("arrears_fault_degraded", faults, m -> is(m.get(check), GatewayHealth.Level.DEGRADED))
                    .description("1 while the gateway answers but refuses too many messages (DEGRADED), else 0")
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
        checks.put("smtp", gateway(() -> hub.emailDispatcher().health()));
        checks.put("sms", gateway(() -> hub.smsDispatcher().health()));
        checks.put("print", gateway(() -> hub.letterDispatcher().health()));
        checks.put("payments-inbox", () -> {
            org.arrears.payments.PaymentsInboxHealth.Report r = hub.payments().health().report();
            return new State(r.up(), r.message());
        });
        return new FaultWatch(registry, checks, clock,
                hub.settings().getPositiveDuration("arrears.health.watch-period", Duration.ofSeconds(5)));
    }

    private static Supplier<State> gateway(Supplier<GatewayHealth> health) {
        return () -> {
            GatewayHealth h = health.get();
            return new State(h.level(), h.target() + ": " + h.detail());
        };
    }

    private static double is(Fault f, GatewayHealth.Level level) {
        return f != null && f.level() == level ? 1 : 0;
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
            Fault f = faults.get(check);
            if (!s.up() && f == null) {
                faults.put(check, new Fault(clock.instant(), s.level()));
                LOG.warn("fault started: {} is {}: {}", check, s.level(), s.reason());
            } else if (!s.up() && f.level() != s.level()) {
                faults.put(check, new Fault(f.since(), s.level()));
                LOG.warn("fault {}: {} is {}: {}", s.level() == GatewayHealth.Level.DOWN ? "worsened" : "eased", check,
                        s.level(), s.reason());
            } else if (s.up() && f != null) {
                faults.remove(check);
                LOG.info("fault ended: {} is UP again after {}", check,
                        Duration.between(f.since(), clock.instant()).withNanos(0));
            }
        });
    }

    /** The checks DOWN or DEGRADED now, with the moment each fault began. */
    public Map<String, Instant> faults() {
        Map<String, Instant> out = new LinkedHashMap<>();
        faults.forEach((check, f) -> out.put(check, f.since()));
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
