package org.arrears.health;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.arrears.outreach.GatewayHealth;

/**
 * A channel's gateway (the SMTP server for email), as its adapter last found it. Without a configured gateway the
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
        if (h.up()) {
            builder.up();
        } else {
            builder.message(h.target() + ": " + h.detail()).down();
        }
    }
}
