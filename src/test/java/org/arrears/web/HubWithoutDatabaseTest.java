package org.arrears.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.arrears.db.Database;
import org.arrears.outreach.OptOutLinks;
import org.arrears.testing.LogCapture;
import org.arrears.testing.RunningHub;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A started hub (Camel Main with the YAML routes) whose database goes away: its own database on the test server is
 * terminated and dropped under it, so every connection attempt fails as against a stopped server.
 */
class HubWithoutDatabaseTest {

    String url;
    LogCapture log;
    RunningHub hub;

    @BeforeEach
    void startThenTakeTheDatabaseAway() throws Exception {
        url = TestDatabase.freshUrl();
        Database.of(url, "postgres", null, 2).migrate().close();
        log = LogCapture.start();
        hub = RunningHub.start(url, Map.of(
                "arrears.db.connection-timeout", "PT1S",
                "arrears.health.db-timeout", "PT2S",
                "arrears.planner.delay", "3600000",
                "arrears.outbox.sweep-period", "300"));
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.get(hub.managementPort, "/observe/health").statusCode() == 200);
        TestDatabase.drop(url);
    }

    @AfterEach
    void stop() {
        try {
            if (hub != null) {
                hub.close();
            }
        } finally {
            if (log != null) {
                log.close();
            }
        }
    }

    @Test
    void optOutAnswers503WhenTheDatabaseIsDown() throws Exception {
        String link = new OptOutLinks(RunningHub.TOKEN_SECRET, "http://127.0.0.1:" + hub.httpPort).url("tok-gone-db");
        HttpResponse<String> r = hub.send(HttpRequest.newBuilder(URI.create(link))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build());

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(r.body()).isEqualTo("The service is temporarily unavailable. Please try again in a few minutes.");
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel") || h.equalsIgnoreCase("token"));
        await().atMost(Duration.ofSeconds(5)).until(() -> log.text().contains("route opt-out answered 503, the database is unavailable"));
        assertThat(log.text()).doesNotContain("DefaultErrorHandler");
    }

    @Test
    void healthReportsTheDatabaseDownWhenItIsGone() throws Exception {
        HealthCheck.Result database = HealthCheckHelper.getHealthCheckRegistry(hub.context()).getCheck("database")
                .orElseThrow().call();
        assertThat(database.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(database.getMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("database unavailable"));

        HttpResponse<String> publicView = hub.get(hub.managementPort, "/observe/health");
        assertThat(publicView.statusCode()).isEqualTo(503);
        assertThat(publicView.body()).isEqualToIgnoringWhitespace("{\"status\":\"DOWN\"}");
    }

    @Test
    void aFailingRouteIsHandledByTheSharedErrorHandler() {
        // the claim sweeper runs every 300 ms and now fails on every run
        await().atMost(Duration.ofSeconds(20)).until(() -> log.text().contains("org.arrears.routes - route sweep-claims failed: "));
        String text = log.text();
        // Camel's default error handler would log "Failed delivery for (MessageId: ...)" with the message history
        // and a stack trace
        assertThat(text).doesNotContain("DefaultErrorHandler").doesNotContain("Failed delivery for")
                .doesNotContain("Message History");
        assertThat(hub.context().getRoutes()).allSatisfy(route ->
                assertThat(route.getConfigurationId()).as(route.getRouteId()).isIn("arrears-errors", "arrears-http-errors"));
    }
}
