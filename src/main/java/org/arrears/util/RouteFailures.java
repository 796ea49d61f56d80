package org.arrears.util;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import org.arrears.outreach.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of the shared error handlers (routes/error-handling.yaml): one line per failure, naming the route
 * and the reason, with email addresses masked and no stack trace (the cause chain's messages say what failed).
 *
 * <p>A fault that lasts (the database away, a folder that cannot be written) makes a polling route fail the same way
 * at every poll: the first failure is logged, the same failure of the same route again within {@code repeatEvery}
 * (5 minutes) only at DEBUG, and the next line that is logged says how many were left out. "The same" is the reason
 * with its numbers blanked ("timed out after 3000ms" and "after 3001ms" are one failure); another reason is logged
 * at once. The fault watch logs when the fault itself starts and ends.
 */
public final class RouteFailures {

    private static final Logger LOG = LoggerFactory.getLogger("org.arrears.routes");

    /** The failure a route last logged, when, and how many repeats of it were left out since. */
    private record Last(String signature, long loggedAt, int leftOut) {
    }

    private final Duration repeatEvery;
    private final LongSupplier nanos;
    private final Map<String, Last> last = new java.util.HashMap<>();

    public RouteFailures() {
        this(Duration.ofMinutes(5), System::nanoTime);
    }

    /** @param nanos the monotonic time repeats are measured on ({@code System::nanoTime}) */
    public RouteFailures(Duration repeatEvery, LongSupplier nanos) {
        this.repeatEvery = repeatEvery;
        this.nanos = nanos;
    }

    /** A route that failed and went on. */
    public void failed(String routeId, Throwable e) {
        String reason = reason(e);
        String leftOut = repeat(routeId, reason);
        if (leftOut == null) {
            LOG.debug("route {} failed again: {}", routeId, reason);
        } else {
            LOG.error("route {} failed: {}{}", routeId, reason, leftOut);
        }
    }

    /** An HTTP route that answered an error status instead of its normal answer. */
    public void answered(String routeId, int status, Throwable e) {
        String reason = reason(e);
        String leftOut = repeat(routeId + " " + status, reason);
        if (leftOut == null) {
            LOG.debug("route {} answered {} again: {}", routeId, status, reason);
        } else if (status == 503) {
            LOG.warn("route {} answered 503, the database is unavailable: {}{}", routeId, reason, leftOut);
        } else {
            LOG.error("route {} answered {}: {}{}", routeId, status, reason, leftOut);
        }
    }

    /**
     * Null when this failure repeats the one the route last logged within {@code repeatEvery} (counted, not logged);
     * else the suffix of the line to log: empty, or how many repeats were left out since the last line.
     */
    private synchronized String repeat(String key, String reason) {
        String signature = reason.replaceAll("\\d+", "#");
        long now = nanos.getAsLong();
        Last l = last.get(key);
        if (l != null && l.signature().equals(signature) && now - l.loggedAt() < repeatEvery.toNanos()) {
            last.put(key, new Last(signature, l.loggedAt(), l.leftOut() + 1));
            return null;
        }
        last.put(key, new Last(signature, now, 0));
        return l == null || l.leftOut() == 0 ? ""
                : " (" + l.leftOut() + " more failure(s) like the last one logged were left out)";
    }

    static String reason(Throwable e) {
        if (e == null) {
            return "(no exception)";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Masking.emails(m.replaceAll("\\s+", " ").strip());
    }
}
