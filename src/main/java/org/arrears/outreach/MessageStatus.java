package org.arrears.outreach;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a message (a communication row) and the transitions allowed between them. {@link MessageLifecycle}
 * is the only code that writes them.
 *
 * <pre>
 * PLANNED ─claim─► CLAIMED ─► SENT ─► DELIVERED ─► BOUNCED
 *    ▲  │             │ │ │      └──────────────────►┘
 *    │  │             │ │ └─► DEFERRED (gate: later) ─claim─► CLAIMED
 *    │  │             │ └───► SUPPRESSED · CANCELLED · FAILED (final)
 *    │  └─► CANCELLED └─release (retry later, lease expired, shutdown)─► PLANNED
 * </pre>
 */
public enum MessageStatus {
    PLANNED, CLAIMED, DEFERRED, SENT, DELIVERED, BOUNCED, SUPPRESSED, CANCELLED, FAILED;

    /** Rows a dispatcher may still take or hold: the generated in_flight column of V3 says the same. */
    public boolean inFlight() {
        return this == PLANNED || this == CLAIMED || this == DEFERRED;
    }

    /** Nothing leaves these. */
    public boolean isFinal() {
        return this == SUPPRESSED || this == CANCELLED || this == FAILED;
    }

    public Set<MessageStatus> next() {
        return switch (this) {
            case PLANNED, DEFERRED -> EnumSet.of(CLAIMED, CANCELLED);
            case CLAIMED -> EnumSet.of(PLANNED, SENT, DEFERRED, SUPPRESSED, CANCELLED, FAILED);
            case SENT -> EnumSet.of(DELIVERED, BOUNCED);
            case DELIVERED -> EnumSet.of(BOUNCED);
            case BOUNCED, SUPPRESSED, CANCELLED, FAILED -> EnumSet.noneOf(MessageStatus.class);
        };
    }

    public boolean canBecome(MessageStatus to) {
        return next().contains(to);
    }

    /** Throws, naming both states, unless {@code from → to} is allowed. */
    static void check(MessageStatus from, MessageStatus to) {
        if (!from.canBecome(to)) {
            throw new IllegalArgumentException("a message cannot go from " + from + " to " + to);
        }
    }

    /** The statuses that may become {@code to}, as an SQL list literal of constants ('PLANNED','DEFERRED'). */
    static String sqlFrom(MessageStatus to) {
        StringBuilder b = new StringBuilder("(");
        for (MessageStatus s : values()) {
            if (s.canBecome(to)) {
                b.append(b.length() > 1 ? "," : "").append('\'').append(s.name()).append('\'');
            }
        }
        return b.append(')').toString();
    }
}
