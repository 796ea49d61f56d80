package org.arrears.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * The hub's own meters, in one place so their names are documented once (README: "Watching it"). Plain
 * Micrometer: the Camel configuration hands in the Prometheus registry; the CLI and tests use a simple one.
 * Counts that the database already knows (messages by status, suspense) are gauges read from it, not
 * counters kept here, so every instance reports the same figures.
 */
public final class HubMetrics {

    private final MeterRegistry registry;

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters that go nowhere but can still be read (CLI runs, tests). */
    public static HubMetrics simple() {
        return new HubMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One planner run. */
    public void plannerRun(Duration took, boolean ok) {
        Timer.builder("arrears_planner_duration").description("Time of one planner run")
                .tag("outcome", ok ? "ok" : "failed").register(registry).record(took);
    }

    /** One dispatcher batch of a channel, from claim to the last recorded outcome. */
    public void dispatchBatch(String channel, Duration took) {
        Timer.builder("arrears_dispatch_batch_duration").description("Time of one dispatch batch, claim to last record")
                .tag("channel", channel).register(registry).record(took);
    }

    /** Outcomes recorded by this instance, by channel, status and reason. */
    public void outcome(String channel, String status, String reason, int n) {
        if (n > 0) {
            Counter.builder("arrears_dispatch_outcomes").description("Message outcomes recorded by this instance")
                    .tag("channel", channel).tag("status", status).tag("reason", reason == null ? "" : reason)
                    .register(registry).increment(n);
        }
    }

    /** Claims this instance lost to the lease before it could record them. */
    public void leaseLost(String channel, int n) {
        if (n > 0) {
            Counter.builder("arrears_claims_lost").description("Claims lost to the lease before their outcome was recorded")
                    .tag("channel", channel).register(registry).increment(n);
        }
    }

    /** Expired claims released by the sweeper; ambiguous ones were being sent when their worker vanished. */
    public void claimsReleased(int released, int ambiguous) {
        if (released > 0) {
            Counter.builder("arrears_claims_released").description("Expired claims released for another attempt")
                    .register(registry).increment(released);
        }
        if (ambiguous > 0) {
            Counter.builder("arrears_messages_ambiguous").description(
                    "Messages whose worker vanished while sending them: they may have been delivered, and are sent again")
                    .register(registry).increment(ambiguous);
        }
    }

    /** Age of a claim each time outcomes of it are recorded (a few messages at a time). */
    public void claimAge(String channel, Duration age) {
        Timer.builder("arrears_claim_age").description("Age of a claim when outcomes of it were recorded")
                .tag("channel", channel).register(registry).record(age);
    }

    /** One bank file and its entries, by outcome (POSTED, DUPLICATE, QUARANTINED). */
    public void bankFile(String outcome, long entries) {
        Counter.builder("arrears_bank_files").description("Bank files by outcome").tag("outcome", outcome)
                .register(registry).increment();
        if (entries > 0) {
            Counter.builder("arrears_bank_entries").description("Bank file entries by the file's outcome")
                    .tag("outcome", outcome).register(registry).increment(entries);
        }
    }

    /** A webhook request refused by its signature check (reason unsigned, forged or replayed). */
    public void webhookRefused(String profile, String reason) {
        Counter.builder("arrears_webhook_refused").description("Webhook requests refused: unsigned, forged or replayed")
                .tag("profile", profile).tag("reason", reason).register(registry).increment();
    }

    /** A text back to an inbound sender (opt-out confirmation, help) that the SMS gateway did not take. */
    public void webhookReplyFailed(String profile, String kind) {
        Counter.builder("arrears_webhook_replies_failed").description("Texts to inbound senders the SMS gateway did not take")
                .tag("profile", profile).tag("kind", kind).register(registry).increment();
    }
}
