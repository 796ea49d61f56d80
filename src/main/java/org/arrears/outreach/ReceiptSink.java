package org.arrears.outreach;

import java.util.List;

/**
 * Where delivery receipts go: {@link MessageLifecycle} applies them (DELIVERED, BOUNCED with the fallback to the
 * step's next channel, a history event for the rest). Channels and webhooks depend on this, not on the lifecycle.
 */
public interface ReceiptSink {

    /** What applying a group of receipts did. */
    record Applied(int delivered, int undeliverable, int pending, int unmatched) {
    }

    /** Applies the receipts in one transaction; a receipt naming no known message of its channel is unmatched. */
    Applied apply(List<Receipt> receipts);

    /**
     * Applies the receipts within the caller's transaction (a webhook records the request's signature in the same
     * one, so a replay is refused and a request whose processing rolled back can be retried). A sink that keeps no
     * database rows applies them on its own.
     */
    default Applied apply(java.sql.Connection c, List<Receipt> receipts) throws java.sql.SQLException {
        return apply(receipts);
    }
}
