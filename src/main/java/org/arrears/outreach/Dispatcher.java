package org.arrears.outreach;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.arrears.compliance.ContactAttempt;
import org.arrears.compliance.Decision;
import org.arrears.compliance.ReasonCode;
import org.arrears.compliance.Verdict;
import org.arrears.policy.DunningPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one channel's due messages: each worker claims a batch, reads its context fresh, asks the
 * compliance gate about every message, renders and delivers the allowed ones over one gateway session,
 * and records the whole batch at once. Any number of hub instances may dispatch against one database.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** How soon an idle worker looks for due rows again while a planner is still at work. */
    private static final Duration IDLE_LOOK_AGAIN = Duration.ofMillis(100);

    /** Tuning and identity of one dispatcher. */
    public record Options(String instanceId, int batchSize, int workers, int maxAttempts, Duration retryBase,
                          Duration capLookback) {
    }

    private final Outbox outbox;
    private final ChannelAdapter adapter;
    private final Function<ContactAttempt, Decision> gate;
    private final Map<String, DunningPolicy> policies;
    private final Clock clock;
    private final Options options;
    private final ExecutorService workers;

    public Dispatcher(Outbox outbox, ChannelAdapter adapter, Function<ContactAttempt, Decision> gate,
                      List<DunningPolicy> policies, Clock clock, Options options) {
        this.outbox = outbox;
        this.adapter = adapter;
        this.gate = gate;
        this.clock = clock;
        this.options = options;
        Map<String, DunningPolicy> byCode = new HashMap<>();
        policies.forEach(p -> byCode.put(p.code(), p));
        this.policies = Map.copyOf(byCode);
        this.workers = Executors.newFixedThreadPool(options.workers(), r -> {
            Thread t = new Thread(r, "arrears-" + adapter.channel().code() + "-dispatch");
            t.setDaemon(true);
            return t;
        });
    }

    public ChannelAdapter adapter() {
        return adapter;
    }

    /** Runs every worker until nothing of this channel is due; returns what happened. */
    public DispatchStats drain() {
        return drainWhile(() -> false);
    }

    /**
     * Like {@link #drain()}, but while {@code morePlanned} is true (a planner is still committing chunks) an
     * idle worker looks again shortly instead of stopping.
     */
    public DispatchStats drainWhile(BooleanSupplier morePlanned) {
        List<Future<DispatchStats>> running = new ArrayList<>();
        for (int w = 0; w < options.workers(); w++) {
            String worker = options.instanceId() + "/" + adapter.channel().code() + "-" + w;
            running.add(workers.submit(() -> {
                DispatchStats stats = new DispatchStats();
                // one gateway connection per worker, kept open across its batches
                try (Connections connections = new Connections()) {
                    while (true) {
                        if (dispatchBatch(worker, stats, connections) > 0) {
                            continue;
                        }
                        if (!morePlanned.getAsBoolean()) {
                            // whatever was committed before the planner finished is visible now: one last look
                            if (dispatchBatch(worker, stats, connections) == 0) {
                                break;
                            }
                        } else {
                            LockSupport.parkNanos(IDLE_LOOK_AGAIN.toNanos());
                        }
                    }
                }
                return stats;
            }));
        }
        DispatchStats total = new DispatchStats();
        for (Future<DispatchStats> f : running) {
            try {
                total.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("dispatch interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("dispatch failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        if (total.total() > 0) {
            LOG.info("{} dispatch: {}", adapter.channel().code(), total);
        }
        return total;
    }

    /** A worker's gateway session, opened on first use and reopened after it broke. */
    private final class Connections implements AutoCloseable {
        private ChannelAdapter.Session session;

        ChannelAdapter.Session get() throws DeliveryException {
            if (session == null) {
                session = adapter.open();
            }
            return session;
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
                session = null;
            }
        }
    }

    /** Claims and handles one batch; returns how many rows it claimed. */
    private int dispatchBatch(String worker, DispatchStats stats, Connections connections) {
        Instant now = clock.instant();
        List<ClaimedMessage> claimed = outbox.claim(adapter.channel(), worker, options.batchSize(), now);
        if (claimed.isEmpty()) {
            return 0;
        }
        List<MessageContext> contexts = outbox.contexts(claimed, now, options.capLookback());
        List<Outcome> outcomes = new ArrayList<>(contexts.size());
        Map<Long, List<Instant>> sentThisBatch = new HashMap<>();
        ChannelAdapter.Session session = null;
        String sessionError = null;
        for (MessageContext ctx : contexts) {
            ClaimedMessage m = ctx.message();
            Decision d = gate.apply(attempt(ctx, now, sentThisBatch.getOrDefault(m.debtorId(), List.of())));
            if (d.verdict() == Verdict.DENY) {
                outcomes.add(Outcome.decided(m, d.reason() == ReasonCode.PAID ? "CANCELLED" : "SUPPRESSED", d));
                continue;
            }
            if (d.verdict() == Verdict.DEFER) {
                outcomes.add(Outcome.decided(m, "DEFERRED", d));
                continue;
            }
            if (session == null && sessionError == null) {
                try {
                    session = connections.get();
                } catch (DeliveryException e) {
                    sessionError = e.getMessage();
                    LOG.warn("{} gateway unavailable ({}): batch of {} left for retry", adapter.channel().code(),
                            Masking.emails(e.getMessage()), claimed.size());
                }
            }
            if (sessionError != null) {
                outcomes.add(retryOrFail(m, d, now, "gateway unavailable: " + sessionError));
                continue;
            }
            try {
                Delivery delivery = session.deliver(ctx);
                outcomes.add(Outcome.sent(m, d, delivery, ctx.payableTotal()));
                sentThisBatch.computeIfAbsent(m.debtorId(), k -> new ArrayList<>()).add(now);
            } catch (DeliveryException e) {
                LOG.warn("communication {}: {} delivery failed ({}): {}", m.id(), adapter.channel().code(),
                        e.permanent() ? "permanent" : "temporary", Masking.emails(e.getMessage()));
                outcomes.add(e.permanent() ? Outcome.failed(m, d, e.getMessage()) : retryOrFail(m, d, now, e.getMessage()));
            } catch (TemplateException e) {
                // A template that fails for one message fails that message only; the batch goes on.
                LOG.error("communication {}: {}", m.id(), Masking.emails(e.getMessage()));
                outcomes.add(Outcome.failed(m, d, e.getMessage()));
            }
        }
        outbox.record(outcomes, now);
        for (Outcome o : outcomes) {
            stats.count(o.status(), o.decision() == null || o.status().equals("SENT") ? null : o.decision().reason().name());
        }
        return claimed.size();
    }

    private Outcome retryOrFail(ClaimedMessage m, Decision d, Instant now, String error) {
        if (m.attempts() >= options.maxAttempts()) {
            return Outcome.failed(m, d, "gave up after " + m.attempts() + " attempts: " + error);
        }
        long factor = 1L << Math.min(m.attempts() - 1, 10);
        Duration wait = options.retryBase().multipliedBy(factor);
        Duration cap = Duration.ofHours(1);
        return Outcome.retry(m, now.plus(wait.compareTo(cap) > 0 ? cap : wait), error);
    }

    private ContactAttempt attempt(MessageContext ctx, Instant now, List<Instant> sentThisBatch) {
        ClaimedMessage m = ctx.message();
        DunningPolicy policy = policies.get(m.policyCode());
        BigDecimal minimum = policy == null ? BigDecimal.ZERO : policy.minimumFor(m.currency());
        List<Instant> recent = ctx.recentSends();
        if (!sentThisBatch.isEmpty()) {
            recent = new ArrayList<>(sentThisBatch);
            recent.addAll(ctx.recentSends());
        }
        List<InvoiceLine> payable = ctx.payableInvoices();
        return new ContactAttempt(m.id(), adapter.channel(), m.template(), now, ctx.debtor(), ctx.contactPoint(),
                ctx.holds(), payable.size(), ctx.payableTotal(), minimum, recent);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
