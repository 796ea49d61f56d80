package org.arrears.health;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.arrears.payments.PaymentsInboxHealth;

/**
 * Camel health check of the payments inbox ({@code payments-inbox} in group {@code arrears}): DOWN while a file
 * has been in hand for longer than {@code arrears.payments.stuck-after}; the details name the last file, its
 * outcome and the last file quarantined. A readiness and a liveness check.
 */
public final class PaymentsInboxHealthCheck extends AbstractHealthCheck {

    private final PaymentsInboxHealth state;

    public PaymentsInboxHealthCheck(PaymentsInboxHealth state) {
        super("arrears", "payments-inbox");
        this.state = state;
    }

    /** A stuck inbox does not heal by itself: a restart frees it, so liveness probes see it too. */
    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        PaymentsInboxHealth.Report r = state.report();
        builder.message(r.message());
        builder.details(r.details());
        if (r.up()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
