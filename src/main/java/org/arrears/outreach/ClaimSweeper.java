package org.arrears.outreach;

import java.time.Duration;

/** Frees claims whose lease ran out, so a crashed instance's batch is sent by another. */
public final class ClaimSweeper {
    private final Outbox outbox;
    private final Duration lease;

    public ClaimSweeper(Outbox outbox, Duration lease) {
        this.outbox = outbox;
        this.lease = lease;
    }

    public int sweep() {
        return outbox.releaseExpiredClaims(lease);
    }
}
