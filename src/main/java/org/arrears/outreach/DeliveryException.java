package org.arrears.outreach;

import java.time.Duration;
import org.arrears.compliance.ReasonCode;

/** A gateway refused or could not take a message; what kind of failure decides what happens next. */
public class DeliveryException extends Exception {

    /** How a delivery failed. */
    public enum Kind {
        /**
         * The gateway refused this recipient for good (SMTP 5xx at RCPT, an SMS number the provider says is invalid
         * or a landline): failed, the contact point is marked bad, and the step falls back to its next channel.
         */
        RECIPIENT_REFUSED,
        /** This message can never go as it is (refused content, cannot be composed): failed. */
        PERMANENT,
        /** This message was refused for now (SMTP 4xx, HTTP 429 or 5xx): retried with back-off. */
        TEMPORARY,
        /** The gateway itself is unavailable (refused connection, timeout, deadline, 421, circuit open): retried; the rest waits. */
        GATEWAY_DOWN
    }

    private final Kind kind;
    private final Duration retryAfter;
    private final ReasonCode reason;

    public DeliveryException(String message, Kind kind, Throwable cause) {
        this(message, kind, cause, null, null);
    }

    /**
     * @param retryAfter how long the gateway asked us to wait (HTTP Retry-After, an open circuit), or null for the
     *                   dispatcher's own back-off
     * @param reason     for RECIPIENT_REFUSED, what is wrong with the address (HARD_BOUNCE, INVALID_NUMBER,
     *                   LANDLINE); null means HARD_BOUNCE
     */
    public DeliveryException(String message, Kind kind, Throwable cause, Duration retryAfter, ReasonCode reason) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.reason = reason;
    }

    public DeliveryException(String message, boolean permanent, Throwable cause) {
        this(message, permanent ? Kind.PERMANENT : Kind.TEMPORARY, cause);
    }

    public Kind kind() {
        return kind;
    }

    public boolean permanent() {
        return kind == Kind.RECIPIENT_REFUSED || kind == Kind.PERMANENT;
    }

    /** How long the gateway asked to wait before the next try, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** What is wrong with the recipient's address when it was refused (HARD_BOUNCE when not said). */
    public ReasonCode addressReason() {
        return reason == null ? ReasonCode.HARD_BOUNCE : reason;
    }
}
