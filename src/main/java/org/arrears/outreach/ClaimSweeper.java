package org.arrears.outreach;

import java.time.Duration;
import org.arrears.metrics.HubMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Frees claims whose lease ran out, so a crashed instance's batch is sent by another, and says so. */
public final class ClaimSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimSweeper.class);

    private final MessageLifecycle lifecycle;
    private final Duration lease;
    private final HubMetrics metrics;

    public ClaimSweeper(MessageLifecycle lifecycle, Duration lease, HubMetrics metrics) {
        this.lifecycle = lifecycle;
        this.lease = lease;
        this.metrics = metrics;
    }

    public MessageLifecycle.Released sweep() {
        MessageLifecycle.Released r = lifecycle.releaseExpired(lease);
        metrics.claimsReleased(r.released(), r.ambiguous());
        if (r.ambiguous() > 0) {
            LOG.warn("released {} expired claim(s) for another attempt; {} of them were being sent when their worker "
                    + "stopped and may be delivered twice (a DELIVERY_UNCERTAIN task each)", r.released(), r.ambiguous());
        } else if (r.released() > 0) {
            LOG.info("released {} expired claim(s) for another attempt", r.released());
        }
        return r;
    }
}
