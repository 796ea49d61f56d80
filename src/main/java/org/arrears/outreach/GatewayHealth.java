package org.arrears.outreach;

import java.time.Instant;

/**
 * What a channel's gateway last did: DOWN after a connection-level failure (refused, timed out, over its
 * deadline) until an exchange succeeds again. Health checks report it; nothing in it is secret.
 */
public record GatewayHealth(boolean up, String target, String detail, Instant since) {
}
