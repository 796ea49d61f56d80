package org.arrears.outreach;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.arrears.compliance.ContactAttempt;
import org.arrears.compliance.Decision;
import org.arrears.compliance.ReasonCode;
import org.arrears.compliance.Verdict;
import org.arrears.db.ConnectionFailures;
import org.arrears.metrics.HubMetrics;
import org.arrears.policy.DunningPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one channel's due messages. Each worker claims a batch, reads its context fresh, and then, a few messages
 * at a time: marks them as being sent (fenced by the claim), asks the compliance gate about each at the moment of
 * sending, delivers the allowed ones over one kept-open gateway session, and records their outcomes in the same
 * transaction that marks the next few. So what a crash can leave in doubt is at most {@code recordEvery} messages
 * per worker, and the sweeper counts exactly those. A heartbeat renews the lease of every live claim; a worker that
 * lost a claim does not send it. Any number of hub instances may dispatch against one database.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** How soon an idle worker looks for due rows again while a planner is still at work. */
    private static final Duration IDLE_LOOK_AGAIN = Duration.ofMillis(100);

    /**
     * Tuning and identity of one dispatcher.
     *
     * @param recordEvery messages per record transaction: the most a worker can have sent and not yet recorded
     * @param lease how long a claim lasts without renewal (the sweeper frees older ones)
     * @param renewEvery how often the heartbeat renews live claims (a third of the lease by default)
     * @param contextMaxAge re-read a batch's context (opt-outs, payments, holds) once it is older than this
     * @param gatewayRetry how long untried messages wait after the gateway went down
     * @param strain when the gateway's refusals make it DEGRADED in health
     */
    public record Options(String instanceId, int batchSize, int workers, int maxAttempts, Duration retryBase,
                          Duration capLookback, int recordEvery, Duration lease, Duration renewEvery,
                          Duration contextMaxAge, Duration gatewayRetry, GatewayStrain.Limits strain) {
        public Options {
            if (batchSize < 1 || workers < 1 || maxAttempts < 1 || recordEvery < 1) {
                throw new IllegalArgumentException("batch size, workers, attempts and record-every must be at least 1");
            }
        }

        public static Options defaults(String instanceId, int batchSize, int workers, int maxAttempts,
                                       Duration retryBase, Duration capLookback) {
            Duration lease = Duration.ofMinutes(5);
            return new Options(instanceId, batchSize, workers, maxAttempts, retryBase, capLookback, 16, lease,
                    lease.dividedBy(3), Duration.ofSeconds(30), Duration.ofMinutes(1), GatewayStrain.Limits.defaults());
        }
    }

    private final MessageLifecycle lifecycle;
    private final Outbox outbox;
    private final ChannelAdapter adapter;
    private final Function<ContactAttempt, Decision> gate;
    private final Map<String, DunningPolicy> policies;
    private final Clock clock;
    private final Options options;
    private final HubMetrics metrics;
    private final ExecutorService workers;
    private final ScheduledExecutorService heartbeat;
    /** Live claims of this dispatcher, each with the ids it has not recorded yet. */
    private final Map<UUID, Set<Long>> live = new ConcurrentHashMap<>();
    /** Ids the heartbeat found lost: not to be sent. */
    private final Set<Long> lost = ConcurrentHashMap.newKeySet();
    private final GatewayStrain strain;
    /** Until when the gateway asked this dispatcher to wait (its Retry-After): no claim is made before then. */
    private volatile Instant askedToWaitUntil = Instant.MIN;
    /** Why the gateway last paused a batch (down, or asked to wait), until a message is taken again; null when not. */
    private final AtomicReference<String> pause = new AtomicReference<>();
    private volatile boolean stopping;

    public Dispatcher(MessageLifecycle lifecycle, Outbox outbox, ChannelAdapter adapter,
                      Function<ContactAttempt, Decision> gate, List<DunningPolicy> policies, Clock clock,
                      Options options, HubMetrics metrics) {
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.adapter = adapter;
        this.gate = gate;
        this.clock = clock;
        this.options = options;
        this.metrics = metrics;
        this.strain = new GatewayStrain(options.strain(), System::nanoTime, clock);
        Map<String, DunningPolicy> byCode = new HashMap<>();
        policies.forEach(p -> byCode.put(p.code(), p));
        this.policies = Map.copyOf(byCode);
        this.workers = Executors.newFixedThreadPool(options.workers(), r -> {
            Thread t = new Thread(r, "arrears-" + adapter.channel().code() + "-dispatch");
            t.setDaemon(true);
            return t;
        });
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arrears-" + adapter.channel().code() + "-lease");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, options.renewEvery().toMillis());
        heartbeat.scheduleWithFixedDelay(this::renewLiveClaims, every, every, TimeUnit.MILLISECONDS);
    }

    public ChannelAdapter adapter() {
        return adapter;
    }

    /**
     * The gateway as health reports it: the adapter's view of its connection (UP or DOWN), DEGRADED while it answers
     * but has lately refused too many messages ({@link GatewayStrain}).
     */
    public GatewayHealth health() {
        return strain.applyTo(adapter.health());
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
        if (stopping) {
            return new DispatchStats();
        }
        List<Future<DispatchStats>> running = new ArrayList<>();
        for (int w = 0; w < options.workers(); w++) {
            String worker = options.instanceId() + "/" + adapter.channel().code() + "-" + w;
            running.add(workers.submit(() -> work(worker, morePlanned)));
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
            LOG.info("{} dispatch: {}{}", adapter.channel().code(), total, total.reasons().isEmpty() ? "" : " " + total.reasons());
        }
        return total;
    }

    private DispatchStats work(String worker, BooleanSupplier morePlanned) {
        DispatchStats stats = new DispatchStats();
        // one gateway connection per worker, kept open across its batches
        try (Connections connections = new Connections()) {
            while (!stopping) {
                Batch b = dispatchBatch(worker, stats, connections);
                if (b == Batch.PAUSED) {
                    break; // the rest waits for the gateway; the next timer run tries again
                }
                if (b == Batch.WORKED) {
                    continue;
                }
                if (!morePlanned.getAsBoolean()) {
                    // whatever was committed before the planner finished is visible now: one last look
                    if (dispatchBatch(worker, stats, connections) != Batch.WORKED) {
                        break;
                    }
                } else {
                    LockSupport.parkNanos(IDLE_LOOK_AGAIN.toNanos());
                }
            }
        }
        return stats;
    }

    /**
     * Asks the workers to stop: each finishes the message it is sending, records what it did, and releases the rest
     * of its claim for another instance (graceful stop, SIGTERM). Returns at once; {@link #drain} returns soon after.
     */
    public void stop() {
        stopping = true;
    }

    private enum Batch { IDLE, WORKED, PAUSED }

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

    /** What one worker does with one claim: decisions, deliveries, and what is not yet recorded. */
    private final class Round {
        final String worker;
        final Set<Long> unrecorded;
        final List<Outcome> pending = new ArrayList<>();
        final Map<Long, List<Instant>> sentThisBatch = new HashMap<>();
        final Map<String, Integer> refusals = new TreeMap<>();
        final DispatchStats stats;
        final long claimedAt = System.nanoTime();
        final Connections connections;
        int lostClaims;
        /** How long the rest waits when the gateway went down (its Retry-After, else the configured retry). */
        Duration downFor = options.gatewayRetry();
        /** Why the rest of the batch waits, as its rows' last error says: the gateway is down, or asked us to wait. */
        String waitsBecause;

        Round(String worker, Set<Long> unrecorded, DispatchStats stats, Connections connections) {
            this.worker = worker;
            this.unrecorded = unrecorded;
            this.stats = stats;
            this.connections = connections;
        }

        /**
         * Lets the session make its deliveries final (a print batch is written) before they are recorded as SENT;
         * if it cannot, each of them is retried instead.
         */
        void commitDeliveries() {
            if (connections.session == null || pending.stream().noneMatch(o -> o.status() == MessageStatus.SENT)) {
                return;
            }
            try {
                connections.session.commit();
            } catch (DeliveryException e) {
                Instant now = clock.instant();
                LOG.warn("{} {}: the deliveries since the last record could not be made final, retried: {}", worker,
                        adapter.channel().code(), Masking.emails(e.getMessage()));
                pending.replaceAll(o -> o.status() != MessageStatus.SENT ? o
                        : retryOrFail(o.message(), o.decision(), now, "not committed: " + e.getMessage(), e.retryAfter()));
            }
        }

        /** Records what is pending and marks {@code next} as being sent; returns the ids that may be sent. */
        Set<Long> flush(List<ClaimedMessage> next) {
            commitDeliveries();
            List<Outcome> out = List.copyOf(pending);
            MessageLifecycle.Recorded r = recordDurably(out, next);
            pending.clear();
            // counted per status and reason once per record group: the meter lookup stays off the per-message path
            Map<List<String>, Integer> counted = new HashMap<>();
            int accepted = 0;
            for (Outcome o : out) {
                if (o.status() == MessageStatus.SENT) {
                    accepted++;
                }
                unrecorded.remove(o.message().id());
                lost.remove(o.message().id());
                if (r.recorded().contains(o.message().id())) {
                    stats.count(o.status().name(), o.reason());
                    counted.merge(java.util.Arrays.asList(o.status().name(), o.reason()), 1, Integer::sum);
                }
            }
            counted.forEach((k, n) -> metrics.outcome(adapter.channel().code(), k.get(0), k.get(1), n));
            strain.accepted(accepted);
            if (accepted > 0) {
                pause.set(null);
            }
            if (!out.isEmpty()) {
                metrics.claimAge(adapter.channel().code(), Duration.ofNanos(System.nanoTime() - claimedAt));
            }
            int lostNow = r.lost() + (next.size() - r.marked().size());
            if (lostNow > 0) {
                lostClaims += lostNow;
                metrics.leaseLost(adapter.channel().code(), lostNow);
            }
            if (!r.lostAfterSend().isEmpty()) {
                LOG.warn("{}: {} message(s) were sent after their claim had expired and another worker took them over: "
                        + "they may have been delivered twice (communication {})", worker, r.lostAfterSend().size(),
                        r.lostAfterSend());
            }
            next.stream().filter(m -> !r.marked().contains(m.id())).forEach(m -> unrecorded.remove(m.id()));
            return r.marked();
        }

        /**
         * Records, retrying while the database is away (a restart, a fail-over) for up to half a lease: outcomes of
         * messages that left are not given up while the claim still protects them.
         */
        MessageLifecycle.Recorded recordDurably(List<Outcome> out, List<ClaimedMessage> next) {
            Instant giveUp = Instant.now().plus(options.lease().dividedBy(2));
            long waitMs = 50;
            boolean warned = false;
            while (true) {
                try {
                    MessageLifecycle.Recorded r = lifecycle.record(out, next);
                    if (warned) {
                        LOG.info("{}: the database is back; {} outcome(s) recorded", worker, out.size());
                    }
                    return r;
                } catch (IllegalStateException e) {
                    if (!ConnectionFailures.isConnectionFailure(e) || Instant.now().isAfter(giveUp)) {
                        throw e;
                    }
                    if (!warned) {
                        LOG.warn("{}: cannot record {} outcome(s), retrying until the database answers: {}", worker,
                                out.size(), Masking.emails(e.getMessage()));
                        warned = true;
                    }
                    LockSupport.parkNanos(Duration.ofMillis(waitMs).toNanos());
                    waitMs = Math.min(waitMs * 2, 2_000);
                }
            }
        }
    }

    /** Claims and handles one batch. */
    private Batch dispatchBatch(String worker, DispatchStats stats, Connections connections) {
        if (clock.instant().isBefore(askedToWaitUntil)) {
            return Batch.PAUSED; // claiming now would only ask the gateway again before it said to
        }
        long started = System.nanoTime();
        List<ClaimedMessage> claimed = lifecycle.claim(adapter.channel(), worker, options.batchSize(), clock.instant());
        if (claimed.isEmpty()) {
            return Batch.IDLE;
        }
        UUID claim = claimed.get(0).claim();
        Set<Long> unrecorded = ConcurrentHashMap.newKeySet();
        claimed.forEach(m -> unrecorded.add(m.id()));
        live.put(claim, unrecorded);
        Round round = new Round(worker, unrecorded, stats, connections);
        boolean paused = false;
        try {
            long contextRead = System.nanoTime();
            Map<Long, MessageContext> contexts = byId(outbox.contexts(claimed, clock.instant(), options.capLookback()));
            String downReason = null;
            for (int from = 0; from < claimed.size(); from += options.recordEvery()) {
                List<ClaimedMessage> chunk = claimed.subList(from, Math.min(claimed.size(), from + options.recordEvery()));
                if (stopping || downReason != null) {
                    release(round, chunk, downReason);
                    continue;
                }
                Set<Long> mayGo = round.flush(chunk);
                if (System.nanoTime() - contextRead > options.contextMaxAge().toNanos()) {
                    // a slow gateway: opt-outs, payments and holds may have changed since the batch was read
                    List<ClaimedMessage> rest = claimed.subList(from, claimed.size());
                    contexts.putAll(byId(outbox.contexts(rest, clock.instant(), options.capLookback())));
                    contextRead = System.nanoTime();
                }
                for (ClaimedMessage m : chunk) {
                    if (!mayGo.contains(m.id()) || lost.remove(m.id())) {
                        continue; // lost to the lease: another worker owns it now
                    }
                    if (stopping || downReason != null) {
                        release(round, List.of(m), downReason);
                        continue;
                    }
                    MessageContext ctx = contexts.get(m.id());
                    if (ctx == null) {
                        round.pending.add(Outcome.failed(m, null, clock.instant(), "debtor " + m.debtorId()
                                + " is no longer in the debtor source (arrears.ar.debtor-source)"));
                        continue;
                    }
                    downReason = handle(round, ctx, connections);
                }
            }
            round.flush(List.of());
            paused = downReason != null;
            if (!round.refusals.isEmpty()) {
                LOG.warn("{} {}: refused by the gateway: {}", worker, adapter.channel().code(), round.refusals);
            }
            if (round.lostClaims > 0) {
                LOG.warn("{} {}: {} claim(s) expired before their outcome was recorded; those were not sent by this worker",
                        worker, adapter.channel().code(), round.lostClaims);
            }
            metrics.dispatchBatch(adapter.channel().code(), Duration.ofNanos(System.nanoTime() - started));
        } finally {
            live.remove(claim);
        }
        return paused ? Batch.PAUSED : Batch.WORKED;
    }

    /** Gives a chunk that will not be tried now back to the queue (the hub is stopping, the gateway is down). */
    private void release(Round round, List<ClaimedMessage> chunk, String downReason) {
        Instant now = clock.instant();
        for (ClaimedMessage m : chunk) {
            round.pending.add(Outcome.untried(m, now, downReason == null ? now : now.plus(round.downFor),
                    downReason == null ? "released: the hub is stopping" : round.waitsBecause + downReason));
        }
    }

    /**
     * Gates and delivers one message at this moment; returns why the rest of the batch waits (the gateway is down or
     * asked to wait), or null.
     */
    private String handle(Round round, MessageContext ctx, Connections connections) {
        ClaimedMessage m = ctx.message();
        Instant now = clock.instant();
        Decision d = gate.apply(attempt(ctx, now, round.sentThisBatch.getOrDefault(m.debtorId(), List.of())));
        if (d.verdict() == Verdict.DENY) {
            round.pending.add(Outcome.decided(m, d.reason() == ReasonCode.PAID ? MessageStatus.CANCELLED
                    : MessageStatus.SUPPRESSED, d, now));
            return null;
        }
        if (d.verdict() == Verdict.DEFER) {
            round.pending.add(Outcome.decided(m, MessageStatus.DEFERRED, d, now));
            return null;
        }
        try {
            Delivery delivery = connections.get().deliver(ctx);
            Instant at = clock.instant();
            round.pending.add(Outcome.sent(m, d, at, delivery, ctx.payableTotal()));
            round.sentThisBatch.computeIfAbsent(m.debtorId(), k -> new ArrayList<>()).add(at);
            return null;
        } catch (DeliveryException e) {
            String error = e.getMessage();
            if (e.kind() == DeliveryException.Kind.GATEWAY_DOWN) {
                connections.close();
                round.pending.add(retryOrFail(m, d, now, "gateway unavailable: " + error, e.retryAfter()));
                // with a retryAfter: an open circuit says when it takes the next probe
                return pauseBatch(round, "gateway unavailable", error, e.retryAfter(), now);
            }
            strain.refused(e.kind() == DeliveryException.Kind.TEMPORARY, Masking.emails(error));
            if (e.kind() == DeliveryException.Kind.TEMPORARY && e.retryAfter() != null) {
                // the gateway said when to come back (HTTP 429 or 5xx with Retry-After, a throughput limit): the rest
                // of the batch waits that long instead of asking again message by message
                round.pending.add(retryOrFail(m, d, now, error, e.retryAfter()));
                return pauseBatch(round, "gateway asked to wait", error, e.retryAfter(), now);
            }
            round.refusals.merge(refusalKey(e), 1, Integer::sum);
            switch (e.kind()) {
                case RECIPIENT_REFUSED -> round.pending.add(Outcome.refused(m, d, now, error, e.addressReason()));
                case PERMANENT -> round.pending.add(Outcome.failed(m, d, now, error));
                case TEMPORARY -> round.pending.add(retryOrFail(m, d, now, error, null));
                default -> throw new IllegalStateException("unknown delivery failure " + e.kind());
            }
            return null;
        } catch (TemplateException e) {
            // A template that fails for one message fails that message only; the batch goes on.
            LOG.error("communication {}: {}", m.id(), Masking.emails(e.getMessage()));
            round.pending.add(Outcome.failed(m, d, now, e.getMessage()));
            return null;
        } catch (RuntimeException e) {
            // a defect met by one message (bad data, a bug) fails that message with its reason, never the batch
            LOG.error("communication {}: cannot be sent: {}", m.id(), Masking.emails(String.valueOf(e)), e);
            round.pending.add(Outcome.failed(m, d, now, "cannot be sent: " + e));
            return null;
        }
    }

    /**
     * The rest of the batch waits: {@code retryAfter} when the gateway said how long (and no claim is made for the
     * channel before then), else {@code arrears.<channel>.gateway-retry}. One WARN line when the gateway first goes
     * down or asks to wait, not one per batch and worker while it lasts (the fault watch logs its start and end): the
     * same pause again before a message is taken is at DEBUG. Returns the reason, for the rest of the batch.
     */
    private String pauseBatch(Round round, String why, String error, Duration retryAfter, Instant now) {
        if (retryAfter != null) {
            round.downFor = retryAfter;
            waitUntil(now.plus(retryAfter));
        }
        round.waitsBecause = why + ": ";
        if (why.equals(pause.getAndSet(why))) {
            LOG.debug("{} {} ({}): the rest of the batch waits {}", adapter.channel().code(), why, Masking.emails(error),
                    round.downFor);
        } else {
            LOG.warn("{} {} ({}): the rest of the batch waits {}; further pauses for the same reason are logged at DEBUG "
                    + "until a message is taken", adapter.channel().code(), why, Masking.emails(error), round.downFor);
        }
        return error;
    }

    private synchronized void waitUntil(Instant until) {
        if (until.isAfter(askedToWaitUntil)) {
            askedToWaitUntil = until;
        }
    }

    /** Refusals are summarised per batch by their reply's first words, not logged one line per message. */
    private static String refusalKey(DeliveryException e) {
        String msg = Masking.emails(e.getMessage() == null ? "" : e.getMessage());
        String[] words = msg.split("\\s+");
        StringBuilder b = new StringBuilder(e.kind().name().toLowerCase(java.util.Locale.ROOT));
        for (int i = 0; i < Math.min(words.length, 5); i++) {
            b.append(' ').append(words[i]);
        }
        return b.toString();
    }

    private static Map<Long, MessageContext> byId(List<MessageContext> contexts) {
        Map<Long, MessageContext> out = new HashMap<>();
        contexts.forEach(c -> out.put(c.message().id(), c));
        return out;
    }

    /** The heartbeat: renews every live claim; rows a claim no longer holds are noted as lost, not to be sent. */
    private void renewLiveClaims() {
        for (Map.Entry<UUID, Set<Long>> e : live.entrySet()) {
            try {
                List<Long> ids = List.copyOf(e.getValue());
                Set<Long> held = lifecycle.renew(e.getKey(), ids);
                for (Long id : ids) {
                    if (!held.contains(id)) {
                        lost.add(id);
                    }
                }
            } catch (RuntimeException ex) {
                LOG.warn("renewing a claim failed (the next renewal tries again): {}", ex.getMessage());
            }
        }
    }

    /** Retried with exponential back-off, or after the gateway's own Retry-After when it said one (if longer). */
    private Outcome retryOrFail(ClaimedMessage m, Decision d, Instant now, String error, Duration retryAfter) {
        if (m.attempts() >= options.maxAttempts()) {
            return Outcome.failed(m, d, now, "gave up after " + m.attempts() + " attempts: " + error);
        }
        long factor = 1L << Math.min(m.attempts() - 1, 10);
        Duration wait = options.retryBase().multipliedBy(factor);
        Duration cap = Duration.ofHours(1);
        wait = wait.compareTo(cap) > 0 ? cap : wait;
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        return Outcome.retry(m, now, now.plus(wait), error);
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

    /** Stops the workers gracefully (waiting up to {@code grace}), then the heartbeat. */
    public void close(Duration grace) {
        stop();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} dispatch did not stop within {}; its remaining claims expire with their lease",
                        adapter.channel().code(), grace);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        heartbeat.shutdownNow();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
