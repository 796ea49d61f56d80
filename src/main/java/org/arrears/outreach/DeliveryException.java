package org.arrears.outreach;

/** A gateway refused or could not take a message; what kind of failure decides what happens next. */
public class DeliveryException extends Exception {

    /** How a delivery failed. */
    public enum Kind {
        /** The gateway refused this recipient for good (SMTP 5xx at RCPT): failed, and the address is a hard bounce. */
        RECIPIENT_REFUSED,
        /** This message can never go as it is (refused content, cannot be composed): failed. */
        PERMANENT,
        /** This message was refused for now (SMTP 4xx): retried with back-off. */
        TEMPORARY,
        /** The gateway itself is unavailable (refused connection, timeout, deadline, 421): retried; the rest waits. */
        GATEWAY_DOWN
    }

    private final Kind kind;

    public DeliveryException(String message, Kind kind, Throwable cause) {
        super(message, cause);
        this.kind = kind;
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
}
