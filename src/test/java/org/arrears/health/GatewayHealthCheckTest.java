package org.arrears.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.arrears.outreach.GatewayHealth;
import org.junit.jupiter.api.Test;

class GatewayHealthCheckTest {

    HealthCheck.Result call(GatewayHealthCheck check) {
        check.setCamelContext(new DefaultCamelContext());
        return check.call();
    }

    @Test
    void aGatewayThatLastFailedIsDownWithItsReason() {
        Instant since = Instant.parse("2026-12-01T10:00:00Z");
        HealthCheck.Result r = call(new GatewayHealthCheck("smtp",
                () -> new GatewayHealth(false, "smtp.example:587", "connection refused", since), true));
        assertThat(r.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(r.getMessage()).hasValue("smtp.example:587: connection refused");
        assertThat(r.getDetails()).containsEntry("since", since.toString());
    }

    @Test
    void aGatewayThatLastSucceededIsUp() {
        HealthCheck.Result r = call(new GatewayHealthCheck("smtp",
                () -> new GatewayHealth(true, "smtp.example:587", "250 OK", null), true));
        assertThat(r.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(r.getDetails()).containsEntry("gateway", "smtp.example:587");
    }

    @Test
    void withoutAGatewayTheCheckIsUpAndSaysWhereMessagesGo() {
        HealthCheck.Result r = call(new GatewayHealthCheck("smtp",
                () -> new GatewayHealth(true, "data/outbox/email", "writing to the outbox folder", null), false));
        assertThat(r.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(String.valueOf(r.getDetails().get("gateway"))).isEqualTo("none configured: messages are written to data/outbox/email");
    }

    @Test
    void withoutAGatewayAnOutboxFolderThatCannotBeWrittenIsDownWithItsReason() {
        HealthCheck.Result r = call(new GatewayHealthCheck("smtp", () -> new GatewayHealth(false, "data/outbox/email",
                "cannot write to the outbox data/outbox/email: java.nio.file.FileSystemException: read-only", Instant.now()),
                false));
        assertThat(r.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(r.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("cannot write to the outbox"));
    }

    @Test
    void aGatewayThatAnswersButRefusesTooManyMessagesIsUpWithADegradedMessage() {
        HealthCheck.Result r = call(new GatewayHealthCheck("smtp", () -> new GatewayHealth(true, "smtp.example:587", "ok", null)
                .degraded("answering but refusing: 10 of the last 10 messages in 1m", Instant.parse("2026-12-02T10:00:00Z")), true));
        assertThat(r.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(r.getMessage()).hasValue("degraded: smtp.example:587: answering but refusing: 10 of the last 10 messages in 1m");
        assertThat(r.getDetails()).containsEntry("degraded", "true").containsEntry("since", "2026-12-02T10:00:00Z");
    }
}
