package org.arrears.health;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.arrears.outreach.GatewayHealth;

/**
 * A channel's gateway (the SMTP server for email), as its dispatcher last found it: DOWN while it cannot be reached,
 * UP with a "degraded: ..." message while it answers but refuses too many messages. Without a configured gateway the
 * messages go to an outbox folder: the check is UP and says so, and DOWN with the reason while the folder cannot be
 * written.
 */
public final class GatewayHealthCheck extends AbstractHealthCheck {

    private final Supplier<GatewayHealth> health;
    private final boolean configured;

    public GatewayHealthCheck(String id, Supplier<GatewayHealth> health, boolean configured) {
        super("arrears", id);
        this.health = health;
        this.configured = configured;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        GatewayHealth h = health.get();
        if (!configured && h.up()) {
            builder.detail("gateway", "none configured: messages are written to " + h.target()).up();
            return;
        }
        builder.detail("gateway", h.target()).detail("state", h.detail());
        if (h.since() != null) {
            builder.detail("since", h.since().toString());
        }
        switch (h.level()) {
            case UP -> builder.up();
            // it still answers: readiness stays UP, the reason shows in the message and the fault gauges
            case DEGRADED -> builder.detail("degraded", "true").message("degraded: " + h.target() + ": " + h.detail()).up();
            case DOWN -> builder.message(h.target() + ": " + h.detail()).down();
            default -> throw new IllegalStateException("unknown gateway level " + h.level());
        }
    }
}
