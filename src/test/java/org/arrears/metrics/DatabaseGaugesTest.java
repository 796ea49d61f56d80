package org.arrears.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.arrears.db.Database;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gauges read from a real PostgreSQL database, and their cache. */
class DatabaseGaugesTest {

    final Database db = TestDatabase.fresh();
    final TestBook book = new TestBook(db.dataSource());
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicLong nanos = new AtomicLong();

    @AfterEach
    void close() {
        db.close();
    }

    void message(String status, String reason, String claimedAgo) {
        book.execute("""
                INSERT INTO communication (token, dedupe_key, debtor_id, currency, cycle_id, policy_code, policy_version,
                    step_code, step_index, channel, template, status, gate_reason, plan_date, not_before, claimed_at)
                VALUES (gen_random_uuid()::text, gen_random_uuid()::text, 1, 'EUR', 1, 'p', '1', 's', 0, 'email', 't', ?, ?,
                    current_date, now(), now() - ?::interval)""", status, reason, claimedAgo);
    }

    double gauge(String name, String... tags) {
        var search = registry.find(name);
        if (tags.length > 0) {
            search = search.tags(tags);
        }
        return search.gauge().value();
    }

    @Test
    void gaugesReportMessagesClaimsSuspenseAndTasksFromTheDatabase() {
        message("SENT", null, "0 s");
        message("SENT", null, "0 s");
        message("SUPPRESSED", "OPTED_OUT", "0 s");
        message("CLAIMED", null, "90 s");
        book.execute("INSERT INTO payment (amount, currency, status) VALUES (12.50, 'EUR', 'SUSPENSE'), (7.25, 'EUR', 'SUSPENSE'), (3, 'EUR', 'MATCHED')");
        book.execute("INSERT INTO task (kind, title) VALUES ('SUSPENSE', 'a'), ('SUSPENSE', 'b'), ('ATTORNEY', 'c')");
        book.execute("INSERT INTO task (kind, title, status) VALUES ('ESCALATION', 'd', 'DONE')");

        new DatabaseGauges(db.dataSource(), registry, Duration.ofSeconds(5), nanos::get);

        assertThat(gauge("arrears_messages", "channel", "email", "status", "SENT", "reason", "")).isEqualTo(2.0);
        assertThat(gauge("arrears_messages", "status", "SUPPRESSED", "reason", "OPTED_OUT")).isEqualTo(1.0);
        assertThat(gauge("arrears_claim_oldest_age")).isBetween(90.0, 150.0);
        assertThat(gauge("arrears_suspense_payments", "currency", "EUR")).isEqualTo(2.0);
        assertThat(gauge("arrears_suspense_amount", "currency", "EUR")).isEqualTo(19.75);
        assertThat(gauge("arrears_tasks_open", "kind", "SUSPENSE")).isEqualTo(2.0);
        assertThat(gauge("arrears_tasks_open", "kind", "ATTORNEY")).isEqualTo(1.0);
        assertThat(registry.find("arrears_tasks_open").tags("kind", "ESCALATION").gauge()).isNull();
    }

    @Test
    void oneQueryServesEveryGaugeUntilTheCacheExpires() {
        message("SENT", null, "0 s");
        DatabaseGauges gauges = new DatabaseGauges(db.dataSource(), registry, Duration.ofSeconds(5), nanos::get);
        assertThat(gauges.queries()).isEqualTo(1);

        registry.getMeters().forEach(m -> m.measure().forEach(x -> { }));
        gauge("arrears_messages", "status", "SENT");
        gauge("arrears_claim_oldest_age");
        assertThat(gauges.queries()).isEqualTo(1);

        message("SENT", null, "0 s");
        message("DEFERRED", "QUIET_HOURS", "0 s");
        assertThat(gauge("arrears_messages", "status", "SENT")).isEqualTo(1.0);

        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(gauge("arrears_messages", "status", "SENT")).isEqualTo(2.0);
        assertThat(gauges.queries()).isEqualTo(2);
        // a series first seen in the new read is registered by it
        assertThat(gauge("arrears_messages", "status", "DEFERRED", "reason", "QUIET_HOURS")).isEqualTo(1.0);
        assertThat(gauges.queries()).isEqualTo(2);
    }

    @Test
    void gaugesReadNaNWhileTheDatabaseCannotBeRead() {
        message("SENT", null, "0 s");
        DatabaseGauges gauges = new DatabaseGauges(db.dataSource(), registry, Duration.ofSeconds(1), nanos::get);
        assertThat(gauge("arrears_messages", "status", "SENT")).isEqualTo(1.0);

        db.close();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(gauge("arrears_messages", "status", "SENT")).isNaN();
        assertThat(gauge("arrears_claim_oldest_age")).isNaN();
        assertThat(gauges.queries()).isEqualTo(2);
    }
}
