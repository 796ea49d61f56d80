package org.arrears.outreach;

import java.time.Instant;
import org.arrears.compliance.Decision;

/** How one claimed message ended this round; recorded in one batched statement per batch. */
public record Outcome(ClaimedMessage message, String status, Decision decision, Instant notBefore, String error,
                      Delivery delivery, java.math.BigDecimal total) {

    public static Outcome sent(ClaimedMessage m, Decision d, Delivery delivery, java.math.BigDecimal total) {
        return new Outcome(m, "SENT", d, null, null, delivery, total);
    }

    public static Outcome decided(ClaimedMessage m, String status, Decision d) {
        return new Outcome(m, status, d, d.notBefore(), null, null, null);
    }

    public static Outcome retry(ClaimedMessage m, Instant at, String error) {
        return new Outcome(m, "PLANNED", null, at, error, null, null);
    }

    public static Outcome failed(ClaimedMessage m, Decision d, String error) {
        return new Outcome(m, "FAILED", d, null, error, null, null);
    }
}
