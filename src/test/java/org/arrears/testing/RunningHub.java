package org.arrears.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.arrears.HubRunner;

/**
 * The hub as `arrears run` starts it (Camel Main with the YAML routes, config/application.properties), over the
 * given database URL, with a temporary data folder, free business and management ports and the test's overrides.
 */
public final class RunningHub implements AutoCloseable {

    public static final String TOKEN_SECRET = "running-hub-secret-0123456789";

    public final Main main;
    public final Path dataDir;
    public final int httpPort;
    public final int managementPort;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private RunningHub(Main main, Path dataDir, int httpPort, int managementPort) {
        this.main = main;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /** Settings every test hub gets; the overrides win. */
    public static RunningHub start(String dbUrl, Map<String, String> overrides) throws Exception {
        Path data = Files.createTempDirectory("arrears-hub-");
        int http = freePort();
        int management = freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("arrears.db.url", dbUrl);
        all.put("arrears.db.user", "postgres");
        all.put("arrears.data-dir", data.toString());
        all.put("arrears.policies", "src/test/resources/policies/flow");
        all.put("arrears.payments.inbox", data.resolve("inbox").toString());
        all.put("arrears.web.public-url", "http://localhost:" + http);
        all.put("camel.server.port", String.valueOf(http));
        all.put("camel.management.port", String.valueOf(management));
        all.putAll(overrides);
        if (!System.getProperties().containsKey("arrears.token-secret")) {
            all.putIfAbsent("arrears.token-secret", TOKEN_SECRET);
        }
        Main main = HubRunner.create();
        all.forEach(main::addOverrideProperty);
        main.start();
        return new RunningHub(main, data, http, management);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        main.stop();
    }
}
