package org.arrears.util;

import org.arrears.outreach.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of the shared error handlers (routes/error-handling.yaml): one line per failure, naming the route
 * and the reason, with email addresses masked and no stack trace (the cause chain's messages say what failed).
 */
public final class RouteFailures {

    private static final Logger LOG = LoggerFactory.getLogger("org.arrears.routes");

    /** A route that failed and went on. */
    public void failed(String routeId, Throwable e) {
        LOG.error("route {} failed: {}", routeId, reason(e));
    }

    /** An HTTP route that answered an error status instead of its normal answer. */
    public void answered(String routeId, int status, Throwable e) {
        if (status == 503) {
            LOG.warn("route {} answered 503, the database is unavailable: {}", routeId, reason(e));
        } else {
            LOG.error("route {} answered {}: {}", routeId, status, reason(e));
        }
    }

    static String reason(Throwable e) {
        if (e == null) {
            return "(no exception)";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Masking.emails(m.replaceAll("\\s+", " ").strip());
    }
}
