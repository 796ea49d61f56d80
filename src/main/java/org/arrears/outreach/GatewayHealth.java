package org.arrears.outreach;

import java.time.Instant;

/**
 * What a channel's gateway last did: DOWN after a connection-level failure (refused, timed out, over its
 * deadline) until an exchange succeeds again; DEGRADED while it answers but refuses too many of the messages
 * ({@link GatewayStrain}: 4xx, 429 or 5xx answers, or refused recipients). Health checks report it; nothing in it is
 * secret.
 */
public record GatewayHealth(Level level, String target, String detail, Instant since) {

    /** Answering and taking the messages; answering but refusing too many of them; not answering. */
    public enum Level { UP, DEGRADED, DOWN }

    /** UP or DOWN, as an adapter sees its connection. */
    public GatewayHealth(boolean up, String target, String detail, Instant since) {
        this(up ? Level.UP : Level.DOWN, target, detail, since);
    }

    /** Whether the gateway answers (UP or DEGRADED). */
    public boolean up() {
        return level != Level.DOWN;
    }

    /** The same gateway, answering but strained: why, and since when. */
    public GatewayHealth degraded(String why, Instant from) {
        return new GatewayHealth(Level.DEGRADED, target, why, from);
    }
}
