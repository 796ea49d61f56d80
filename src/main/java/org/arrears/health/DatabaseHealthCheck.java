package org.arrears.health;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.arrears.db.DatabaseProbe;

/** The hub's database, for Camel's health registry (group arrears, id database): a SELECT 1 with a short timeout. */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final DatabaseProbe probe;

    public DatabaseHealthCheck(DatabaseProbe probe) {
        super("arrears", "database");
        this.probe = probe;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        DatabaseProbe.Result r = probe.probe();
        builder.detail("database", r.detail());
        if (r.up()) {
            builder.up();
        } else {
            builder.message("database unavailable: " + r.detail()).down();
        }
    }
}
