package org.arrears.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.arrears.HubRunner;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.arrears.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hub as `arrears run` starts it: Camel Main with the YAML routes in routes/, against real PostgreSQL,
 * a real SMTP server (GreenMail) and real HTTP to the opt-out endpoint.
 */
class HubRoutesTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    Main main;
    TestBook book;
    Database db;
    int httpPort;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        String url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
        book = new TestBook(db.dataSource());
        try (ServerSocket s = new ServerSocket(0)) {
            httpPort = s.getLocalPort();
        }
        // a debtor whose local time is early afternoon now, so the gate allows sending whenever the test runs
        int utcHour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        int offset = Math.floorMod(13 - utcHour + 12, 24) - 12;
        String zone = ZoneOffset.ofHours(offset).getId();
        LocalDate localToday = LocalDate.now(ZoneId.of(zone));
        long d = book.debtor("Lena Lind", "B2C", "en", zone, null, "lena@example.test");
        book.invoice(d, "EUR", "64.00", localToday.minusDays(3));

        Path data = Files.createTempDirectory("arrears-run-");
        main = HubRunner.create();
        main.addOverrideProperty("arrears.db.url", url);
        main.addOverrideProperty("arrears.db.user", "postgres");
        main.addOverrideProperty("arrears.data-dir", data.toString());
        main.addOverrideProperty("arrears.token-secret", "route-test-secret-0123456789");
        main.addOverrideProperty("arrears.policies", "src/test/resources/policies/flow");
        main.addOverrideProperty("arrears.smtp.host", "127.0.0.1");
        main.addOverrideProperty("arrears.smtp.port", String.valueOf(mail.getSmtp().getPort()));
        main.addOverrideProperty("arrears.web.public-url", "http://localhost:" + httpPort);
        main.addOverrideProperty("arrears.planner.delay", "0");
        main.addOverrideProperty("arrears.email.poll-period", "200");
        main.addOverrideProperty("camel.server.port", String.valueOf(httpPort));
        main.addOverrideProperty("camel.management.enabled", "false");
        main.start();
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        db.close();
    }

    @Test
    void runningHubPlansSendsAndHonoursOneClickUnsubscribe() throws Exception {
        assertThat(main.getCamelContext().getRouteController().getRouteStatus("plan-campaign")).isEqualTo(ServiceStatus.Started);
        assertThat(main.getCamelContext().getRoutes()).extracting(r -> r.getRouteId())
                .contains("plan-campaign", "dispatch-email", "sweep-claims", "opt-out", "promise-sweep");

        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length == 1);
        MimeMessage sent = mail.getReceivedMessages()[0];
        String header = sent.getHeader("List-Unsubscribe", null);
        URI link = URI.create(header.substring(1, header.length() - 1));
        assertThat(link.getPort()).isEqualTo(httpPort);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "SENT".equals(book.queryString("SELECT status FROM communication")));

        // a GET (what link scanners do) shows a confirmation form and changes nothing
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(link).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\">");
        assertThat(book.queryString("SELECT opted_out_at IS NULL FROM contact_point")).isEqualTo("t");

        HttpRequest oneClick = HttpRequest.newBuilder(link).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build();
        HttpResponse<String> first = http.send(oneClick, HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("unsubscribed");
        assertThat(first.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("token") || h.toLowerCase().startsWith("camel"));
        assertThat(book.rows("SELECT opt_out_source, opted_out_at IS NOT NULL FROM contact_point")).containsExactly("ONE_CLICK|t");

        HttpResponse<String> again = http.send(oneClick, HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(book.queryLong("SELECT count(*) FROM consent_event WHERE event = 'OPT_OUT'")).isEqualTo(1);

        URI forged = URI.create(link.toString().substring(0, link.toString().length() - 3) + "AAA");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(forged).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(404);
    }
}
