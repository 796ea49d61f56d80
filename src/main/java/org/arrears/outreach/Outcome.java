package org.arrears.outreach;

import java.math.BigDecimal;
import java.time.Instant;
import org.arrears.compliance.Decision;

/**
 * How one claimed message ended this round, and when: the gate's decision and the delivery happen at the moment
 * of sending, not at the start of the batch.
 *
 * @param notBefore when a DEFERRED or released (PLANNED) message is due again
 * @param hardBounce the gateway refused the recipient permanently (a 5xx at RCPT): the address is bad
 * @param untried released without being attempted (the gateway went down, or the hub is stopping): the
 *                claim's attempt is given back
 */
public record Outcome(ClaimedMessage message, MessageStatus status, Decision decision, Instant at, Instant notBefore,
                      String error, Delivery delivery, BigDecimal total, boolean hardBounce, boolean untried) {

    public static Outcome sent(ClaimedMessage m, Decision d, Instant at, Delivery delivery, BigDecimal total) {
        return new Outcome(m, MessageStatus.SENT, d, at, null, null, delivery, total, false, false);
    }

    public static Outcome decided(ClaimedMessage m, MessageStatus status, Decision d, Instant at) {
        return new Outcome(m, status, d, at, d.notBefore(), null, null, null, false, false);
    }

    public static Outcome retry(ClaimedMessage m, Instant at, Instant notBefore, String error) {
        return new Outcome(m, MessageStatus.PLANNED, null, at, notBefore, error, null, null, false, false);
    }

    public static Outcome untried(ClaimedMessage m, Instant at, Instant notBefore, String error) {
        return new Outcome(m, MessageStatus.PLANNED, null, at, notBefore, error, null, null, false, true);
    }

    public static Outcome failed(ClaimedMessage m, Decision d, Instant at, String error, boolean hardBounce) {
        return new Outcome(m, MessageStatus.FAILED, d, at, null, error, null, null, hardBounce, false);
    }

    /** The reason to count and log: the gate's, or HARD_BOUNCE for a refused recipient. */
    public String reason() {
        if (hardBounce) {
            return "HARD_BOUNCE";
        }
        if (decision == null || status == MessageStatus.SENT || decision.verdict() == org.arrears.compliance.Verdict.ALLOW) {
            return null; // allowed, then failed or retried: the error says why
        }
        return decision.reason().name();
    }
}
