package org.arrears.outreach;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * How a channel's gateway has been answering lately: the messages it took and the ones it refused, for now (SMTP
 * 4xx, HTTP 429 or 5xx) or for good (refused recipients, 5xx replies), over a sliding window. The gateway is
 * DEGRADED while at least {@code min} of the answers in the window were refusals and they are at least {@code share}
 * of them: a single greylisting 451 is not a fault, a server answering 451 to every message or refusing one recipient
 * in ten is one an operator wants to see. Answers are counted in buckets of a twelfth of the window, so the view ages
 * out without a timer; a gateway that is not asked anything ages back to UP.
 *
 * <p>Plain Java, no Camel: the dispatcher feeds it (accepted messages once per record group, refusals one by one,
 * which are the rare path) and its health reads it.
 */
public final class GatewayStrain {

    /**
     * When strain counts as DEGRADED.
     *
     * @param window how far back answers count ({@code arrears.health.strain-window}, a minute)
     * @param min the fewest refusals in the window that can make a gateway DEGRADED ({@code arrears.health.strain-min})
     * @param share the share of refusals among the window's answers that does ({@code arrears.health.strain-share})
     */
    public record Limits(Duration window, int min, double share) {
        public Limits {
            if (window.isNegative() || window.isZero() || min < 1 || !(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("strain limits: the window must be positive, min at least 1 and "
                        + "share in (0, 1], got " + window + ", " + min + ", " + share);
            }
        }

        public static Limits defaults() {
            return new Limits(Duration.ofMinutes(1), 5, 0.05);
        }
    }

    private static final int BUCKETS = 12;
    private static final int REPLY_CHARS = 160;

    private final Limits limits;
    private final LongSupplier nanos;
    private final Clock clock;
    private final long bucketNanos;
    private final long[] stamp = new long[BUCKETS];
    private final long[] accepted = new long[BUCKETS];
    private final long[] temporary = new long[BUCKETS];
    private final long[] refused = new long[BUCKETS];
    private String lastTemporary;
    private String lastRefused;
    private Instant degradedSince;

    /**
     * @param nanos the monotonic time the window slides on ({@code System::nanoTime})
     * @param clock the time a health report gives as the strain's start
     */
    public GatewayStrain(Limits limits, LongSupplier nanos, Clock clock) {
        this.limits = limits;
        this.nanos = nanos;
        this.clock = clock;
        this.bucketNanos = Math.max(1, limits.window().toNanos() / BUCKETS);
        java.util.Arrays.fill(stamp, Long.MIN_VALUE);
    }

    /** The bucket of now, emptied when it last served an older slice of time. */
    private int bucket() {
        long slice = Math.floorDiv(nanos.getAsLong(), bucketNanos);
        int i = (int) Math.floorMod(slice, BUCKETS);
        if (stamp[i] != slice) {
            stamp[i] = slice;
            accepted[i] = 0;
            temporary[i] = 0;
            refused[i] = 0;
        }
        return i;
    }

    /** The gateway took {@code n} messages. */
    public synchronized void accepted(int n) {
        if (n > 0) {
            accepted[bucket()] += n;
        }
    }

    /**
     * The gateway refused a message: for now (try again later) or for good; {@code reply} is what it said (masked
     * by the caller, never a secret).
     */
    public synchronized void refused(boolean forNow, String reply) {
        int i = bucket();
        String r = reply == null ? "" : reply.length() > REPLY_CHARS ? reply.substring(0, REPLY_CHARS) + "..." : reply;
        if (forNow) {
            temporary[i]++;
            lastTemporary = r;
        } else {
            refused[i]++;
            lastRefused = r;
        }
    }

    /** Why the gateway is DEGRADED now, or null while it is not. */
    public synchronized String degraded() {
        long current = Math.floorDiv(nanos.getAsLong(), bucketNanos);
        long ok = 0;
        long later = 0;
        long never = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (stamp[i] != Long.MIN_VALUE && current - stamp[i] < BUCKETS) {
                ok += accepted[i];
                later += temporary[i];
                never += refused[i];
            }
        }
        long answers = ok + later + never;
        long refusals = later + never;
        if (refusals < limits.min() || refusals < limits.share() * answers) {
            degradedSince = null;
            return null;
        }
        if (degradedSince == null) {
            degradedSince = clock.instant();
        }
        String window = limits.window().toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        StringBuilder why = new StringBuilder("answering but refusing: ");
        why.append(refusals).append(" of the last ").append(answers).append(" messages in ").append(window).append(" (");
        if (later > 0) {
            why.append(later).append(" for now, last: ").append(lastTemporary);
        }
        if (never > 0) {
            why.append(later > 0 ? "; " : "").append(never).append(" for good, last: ").append(lastRefused);
        }
        return why.append(')').toString();
    }

    /** The adapter's view, DEGRADED with the reason while the gateway is strained and not DOWN. */
    public synchronized GatewayHealth applyTo(GatewayHealth adapterView) {
        if (adapterView.level() == GatewayHealth.Level.DOWN) {
            return adapterView;
        }
        String why = degraded();
        return why == null ? adapterView : adapterView.degraded(why, degradedSince);
    }
}
