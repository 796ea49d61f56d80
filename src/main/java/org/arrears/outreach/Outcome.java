package org.arrears.outreach;

import java.math.BigDecimal;
import java.time.Instant;
import org.arrears.compliance.Decision;
import org.arrears.compliance.ReasonCode;

/**
 * How one claimed message ended this round, and when: the gate's decision and the delivery happen at the moment
 * of sending, not at the start of the batch.
 *
 * @param notBefore when a DEFERRED or released (PLANNED) message is due again
 * @param addressReason the gateway refused the recipient permanently (a 5xx at RCPT, an invalid or landline
 *                      number, an incomplete postal address): what is wrong with the address, else null
 * @param untried released without being attempted (the gateway went down, or the hub is stopping): the
 *                claim's attempt is given back
 */
public record Outcome(ClaimedMessage message, MessageStatus status, Decision decision, Instant at, Instant notBefore,
                      String error, Delivery delivery, BigDecimal total, ReasonCode addressReason, boolean untried) {

    public static Outcome sent(ClaimedMessage m, Decision d, Instant at, Delivery delivery, BigDecimal total) {
        return new Outcome(m, MessageStatus.SENT, d, at, null, null, delivery, total, null, false);
    }

    public static Outcome decided(ClaimedMessage m, MessageStatus status, Decision d, Instant at) {
        return new Outcome(m, status, d, at, d.notBefore(), null, null, null, null, false);
    }

    public static Outcome retry(ClaimedMessage m, Instant at, Instant notBefore, String error) {
        return new Outcome(m, MessageStatus.PLANNED, null, at, notBefore, error, null, null, null, false);
    }

    public static Outcome untried(ClaimedMessage m, Instant at, Instant notBefore, String error) {
        return new Outcome(m, MessageStatus.PLANNED, null, at, notBefore, error, null, null, null, true);
    }

    public static Outcome failed(ClaimedMessage m, Decision d, Instant at, String error) {
        return new Outcome(m, MessageStatus.FAILED, d, at, null, error, null, null, null, false);
    }

    /** The gateway refused the recipient for good: failed, and the address is marked by {@code addressReason}. */
    public static Outcome refused(ClaimedMessage m, Decision d, Instant at, String error, ReasonCode addressReason) {
        return new Outcome(m, MessageStatus.FAILED, d, at, null, error, null, null, addressReason, false);
    }

    /** The address was refused permanently by the gateway. */
    public boolean hardBounce() {
        return addressReason != null;
    }

    /**
     * Why this message did not reach the debtor on its channel in a way another channel of the step may: the
     * address was refused, or the gate turned it down for a reason of the address (none, opted out, bounced, no
     * consent or procedure). Null when the step should not fall back (sent, deferred, debtor-level reasons).
     */
    public ReasonCode fallbackReason() {
        if (addressReason != null) {
            return addressReason;
        }
        if (status == MessageStatus.SUPPRESSED && decision != null && FALLBACK.contains(decision.reason())) {
            return decision.reason();
        }
        return null;
    }

    private static final java.util.Set<ReasonCode> FALLBACK = java.util.EnumSet.of(ReasonCode.NO_CONTACT_POINT,
            ReasonCode.OPTED_OUT, ReasonCode.HARD_BOUNCE, ReasonCode.NO_EMAIL_PROCEDURE, ReasonCode.EMPLOYER_EMAIL,
            ReasonCode.NO_SMS_CONSENT, ReasonCode.THIRD_PARTY_DISCLOSURE, ReasonCode.INVALID_NUMBER, ReasonCode.LANDLINE,
            ReasonCode.UNDELIVERABLE);

    /** The reason to count and log: the gate's, or HARD_BOUNCE for a refused recipient. */
    public String reason() {
        if (addressReason != null) {
            return addressReason.name();
        }
        if (decision == null || status == MessageStatus.SENT || decision.verdict() == org.arrears.compliance.Verdict.ALLOW) {
            return null; // allowed, then failed or retried: the error says why
        }
        return decision.reason().name();
    }
}
