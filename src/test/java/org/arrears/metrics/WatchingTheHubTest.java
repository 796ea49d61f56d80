package org.arrears.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.arrears.db.Database;
import org.arrears.testing.LogCapture;
import org.arrears.testing.RawHttp;
import org.arrears.testing.RunningHub;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A started hub (Camel Main with the YAML routes, as `arrears run` starts it) watched from outside: its Prometheus
 * endpoint after a small campaign, its health view, its ports and bind address, and its log, captured from before
 * the start under the shipped logging configuration, with secrets set as system properties.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchingTheHubTest {

    static final Map<String, String> SECRETS = new LinkedHashMap<>();

    static {
        SECRETS.put("arrears.token-secret", "sysprop-token-secret-9f8e7d6c5b4a");
        SECRETS.put("arrears.smtp.password", "sysprop-smtp-password-31337");
        SECRETS.put("arrears.smtp.user", "sysprop-smtp-user-7788");
        SECRETS.put("arrears.db.password", "sysprop-db-password-4242");
        SECRETS.put("arrears.sms.api-key", "sysprop-sms-api-key-5566");
    }

    Database db;
    TestBook book;
    LogCapture log;
    RunningHub hub;

    @BeforeAll
    void start() throws Exception {
        String url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
        book = new TestBook(db.dataSource());
        // a debtor whose local time is early afternoon now, so the gate allows sending whenever the test runs
        int utcHour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        int offset = Math.floorMod(13 - utcHour + 12, 24) - 12;
        String zone = ZoneOffset.ofHours(offset).getId();
        long d = book.debtor("Mira Moss", "B2C", "en", zone, null, "mira@example.test");
        book.invoice(d, "EUR", "42.00", LocalDate.now(ZoneId.of(zone)).minusDays(3));

        SECRETS.forEach(System::setProperty);
        log = LogCapture.start();
        hub = RunningHub.start(url, Map.of(
                "arrears.planner.delay", "0",
                "arrears.email.poll-period", "200",
                "arrears.metrics.gauge-cache", "PT0.2S"));
    }

    @AfterAll
    void stop() {
        try {
            if (hub != null) {
                hub.close();
            }
        } finally {
            log.close();
            SECRETS.keySet().forEach(System::clearProperty);
            db.close();
        }
    }

    @Test
    void metricsEndpointCountsTheMessagesTheHubSent() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> book.queryLong("SELECT count(*) FROM communication WHERE status = 'SENT'") == 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> sum(scrape(), "arrears_messages", "status=\"SENT\"") == 1.0);
        String metrics = scrape();
        assertThat(metrics).contains("arrears_messages{channel=\"email\"");
        assertThat(sum(metrics, "arrears_planner_duration_seconds_count", "outcome=\"ok\"")).isGreaterThanOrEqualTo(1.0);
        assertThat(sum(metrics, "arrears_claim_oldest_age_seconds", "")).isEqualTo(0.0);
        // Camel's own meters are served from the same registry
        assertThat(metrics).contains("camel_exchanges_total");
    }

    @Test
    void publicHealthViewShowsOnlyTheOverallStatus() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.get(hub.managementPort, "/observe/health").statusCode() == 200);
        HttpResponse<String> health = hub.get(hub.managementPort, "/observe/health");
        assertThat(health.body()).isEqualToIgnoringWhitespace("{\"status\":\"UP\"}");
        HttpResponse<String> asked = hub.get(hub.managementPort, "/observe/health?exposureLevel=full&stackTrace=true&data=true");
        assertThat(asked.body()).isEqualToIgnoringWhitespace("{\"status\":\"UP\"}");

        // the details are there for the process itself
        HealthCheck.Result database = check("database");
        assertThat(database.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(String.valueOf(database.getDetails().get("database"))).startsWith("SELECT 1 answered in");
        HealthCheck.Result smtp = check("smtp");
        assertThat(smtp.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(String.valueOf(smtp.getDetails().get("gateway"))).startsWith("none configured");
    }

    @Test
    void hubListensOnTheConfiguredPortsOfTheLoopbackAddressOnly() throws Exception {
        assertThat(hub.httpPort).isNotIn(8080, 9876);
        assertThat(hub.managementPort).isNotIn(8080, 9876);
        HttpResponse<String> page = hub.get(hub.httpPort, "/unsubscribe/not-a-link");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(hub.get(hub.managementPort, "/observe/metrics").statusCode()).isEqualTo(200);

        InetAddress outside = nonLoopbackAddress();
        for (int port : new int[] {hub.httpPort, hub.managementPort}) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(outside, port), 2000);
                }
            }).as("port %d on %s", port, outside).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void startupLogShowsNoSecretValue() {
        String text = log.text();
        assertThat(text).contains("Property-placeholders summary").contains("arrears.token-secret = xxxxxx");
        SECRETS.values().forEach(secret -> assertThat(text).doesNotContain(secret));
    }

    @Test
    void malformedRequestsAreAnsweredWithoutAStackTraceInTheLog() throws Exception {
        String badPath = RawHttp.exchange(hub.httpPort,
                "GET /unsubscribe/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null);
        assertThat(RawHttp.status(badPath)).isEqualTo(400);
        assertThat(badPath).contains("Bad request.");

        String field = "List-Unsubscribe=" + "A".repeat(20_000);
        HttpResponse<String> longField = hub.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort + "/unsubscribe/abc.def"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(field)).build());
        assertThat(longField.statusCode()).isIn(400, 413);

        byte[] huge = ("List-Unsubscribe=" + "B".repeat(5_000_000)).getBytes(StandardCharsets.US_ASCII);
        String hugeBody = RawHttp.exchange(hub.httpPort, "POST /unsubscribe/abc.def HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + huge.length
                + "\r\nConnection: close\r\n\r\n", huge);
        assertThat(RawHttp.status(hugeBody)).isEqualTo(413);
        assertThat(hugeBody).doesNotContain("Exception").doesNotContain("Camel");

        String text = log.text();
        assertThat(text).doesNotContain("\tat ").doesNotContain("Unhandled exception").doesNotContain("Invalid escape");
        assertThat(text.lines().filter(l -> l.startsWith("ERROR"))).isEmpty();
    }

    @Test
    void hubLogsItsWorkAtInfoAndNoWarningAtStart() {
        await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("PlannerJob - planned 1 messages"));
        await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("email dispatch:"));
        // the false warning of Camel's master: consumer would come 5 s after leadership was taken
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9))
                .until(() -> log.text().lines().noneMatch(l -> l.startsWith("WARN")));
        assertThat(log.text()).contains("INFO  [main] org.arrears.config.Hub - Arrears ready");
    }

    HealthCheck.Result check(String id) {
        return HealthCheckHelper.getHealthCheckRegistry(hub.context()).getCheck(id).orElseThrow().call();
    }

    String scrape() throws Exception {
        HttpResponse<String> r = hub.get(hub.managementPort, "/observe/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The sum of a metric's samples whose labels contain the fragment. */
    static double sum(String scrape, String name, String labelFragment) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (labels.contains(labelFragment)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a;
                    }
                }
            }
        }
        throw new IllegalStateException("this machine has no non-loopback IPv4 address to test the bind address with");
    }
}
