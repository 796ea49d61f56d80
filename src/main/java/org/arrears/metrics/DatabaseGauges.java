package org.arrears.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from the database, so every hub instance reports the same figures: messages by channel, status and
 * reason, the age of the oldest claim, the suspense list (unmatched payments: count and amount per currency) and
 * open tasks by kind. One statement reads all of them; its result is kept for {@code ttl}, so a scrape costs at
 * most one query however many series there are, and scrapes within the ttl cost none. A series seen once stays
 * registered and reads 0 when its rows are gone. When the database cannot be read every gauge reads NaN.
 */
public final class DatabaseGauges {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseGauges.class);

    static final String QUERY = """
            SELECT 'messages', channel, status, coalesce(gate_reason, ''), count(*), NULL::numeric FROM communication
              GROUP BY channel, status, gate_reason
            UNION ALL
            SELECT 'claim', '', '', '', count(*), coalesce(extract(epoch FROM now() - min(claimed_at)), 0)
              FROM communication WHERE in_flight AND status = 'CLAIMED'
            UNION ALL
            SELECT 'suspense', currency, '', '', count(*), sum(amount) FROM payment WHERE status = 'SUSPENSE'
              GROUP BY currency
            UNION ALL
            SELECT 'tasks', kind, '', '', count(*), NULL FROM task WHERE status = 'OPEN' GROUP BY kind""";

    private final DataSource ds;
    private final MeterRegistry registry;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile Map<String, Double> values = Map.of();
    private volatile long readAt;
    private volatile boolean failing;
    private volatile boolean everRead;
    private long queries;

    public DatabaseGauges(DataSource ds, MeterRegistry registry, Duration ttl) {
        this(ds, registry, ttl, System::nanoTime);
    }

    DatabaseGauges(DataSource ds, MeterRegistry registry, Duration ttl, LongSupplier nanoTime) {
        this.ds = ds;
        this.registry = registry;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        // always present, so a scrape reaches refresh() even before the first series of the other families exist
        register("claim", Gauge.builder("arrears_claim_oldest_age", () -> value("claim"))
                .description("Age of the oldest claim still held by a dispatcher (0 when none)").baseUnit("seconds"));
        refresh();
    }

    /** How many times the database was asked (tests: the cache holds). */
    public synchronized long queries() {
        return queries;
    }

    private double value(String key) {
        Map<String, Double> v = current();
        if (failing || !everRead) {
            return Double.NaN;
        }
        return v.getOrDefault(key, 0.0);
    }

    private Map<String, Double> current() {
        if (nanoTime.getAsLong() - readAt >= ttlNanos) {
            refresh();
        }
        return values;
    }

    private synchronized void refresh() {
        long now = nanoTime.getAsLong();
        if (everRead && now - readAt < ttlNanos) {
            return; // another thread read it meanwhile
        }
        Map<String, Double> v = new ConcurrentHashMap<>();
        queries++;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setQueryTimeout(5);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read(v, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getBigDecimal(6));
                }
            }
            values = v;
            everRead = true;
            if (failing) {
                LOG.info("database gauges readable again");
            }
            failing = false;
        } catch (SQLException e) {
            if (!failing) {
                LOG.warn("database gauges cannot be read (they report NaN until they can): {}", e.getMessage());
            }
            failing = true;
        }
        readAt = nanoTime.getAsLong();
    }

    private void read(Map<String, Double> v, String family, String a, String b, String c, long n, BigDecimal amount) {
        switch (family) {
            case "messages" -> {
                String key = "messages|" + a + "|" + b + "|" + c;
                v.put(key, (double) n);
                register(key, Gauge.builder("arrears_messages", () -> value(key))
                        .description("Messages in the outbox by channel, status and reason (all instances)")
                        .tag("channel", a).tag("status", b).tag("reason", c));
            }
            case "claim" -> v.put("claim", amount == null ? 0.0 : amount.doubleValue());
            case "suspense" -> {
                String count = "suspense|" + a;
                String sum = "suspense-amount|" + a;
                v.put(count, (double) n);
                v.put(sum, amount == null ? 0.0 : amount.doubleValue());
                register(count, Gauge.builder("arrears_suspense_payments", () -> value(count))
                        .description("Unmatched payments on the suspense list").tag("currency", a));
                register(sum, Gauge.builder("arrears_suspense_amount", () -> value(sum))
                        .description("Amount of the unmatched payments on the suspense list").tag("currency", a));
            }
            case "tasks" -> {
                String key = "tasks|" + a;
                v.put(key, (double) n);
                register(key, Gauge.builder("arrears_tasks_open", () -> value(key))
                        .description("Open tasks for specialists by kind").tag("kind", a));
            }
            default -> throw new IllegalStateException("unknown gauge family " + family);
        }
    }

    private void register(String key, Gauge.Builder<?> gauge) {
        if (registered.add(key)) {
            gauge.register(registry);
        }
    }
}
