package org.arrears.bench.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A hub instance as its own JVM process ({@code arrears run} through {@code org.arrears.cli.ArrearsCli}, on this
 * JVM's class path and working folder), so the suite can kill it with SIGKILL ({@link #kill()}) or stop it with
 * SIGTERM ({@link #stop()}). Its settings are system properties; its output goes to a log file.
 */
public final class HubProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path log;
    private final int managementPort;
    private final Process process;

    private HubProcess(String name, Path log, int managementPort, Process process) {
        this.name = name;
        this.log = log;
        this.managementPort = managementPort;
        this.process = process;
    }

    /**
     * Starts a hub and waits until its management server answers.
     *
     * @param settings the hub's settings, written after the lines of config/application.properties into the
     *                 properties file the hub is started with (the last value of a key wins)
     * @param env environment variables (the database password)
     */
    public static HubProcess start(String name, Path dataDir, Path logDir, Map<String, String> settings,
                                   Map<String, String> env) {
        Path config = logDir.resolve(name + ".properties");
        int http = FaultDatabase.freePort();
        int management = FaultDatabase.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.add("-Dcamel.server.port=" + http);
        cmd.add("-Dcamel.management.port=" + management);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.arrears.cli.ArrearsCli");
        cmd.add("--config");
        cmd.add(config.toString());
        cmd.add("--data-dir");
        cmd.add(dataDir.toString());
        cmd.add("run");
        try {
            Files.createDirectories(logDir);
            StringBuilder props = new StringBuilder(Files.readString(Path.of("config/application.properties")));
            props.append("\n# ---- the fault suite's settings for this hub ----\n");
            java.util.Properties p = new java.util.Properties();
            settings.forEach(p::setProperty);
            java.io.StringWriter w = new java.io.StringWriter();
            p.store(w, null);
            props.append(w);
            Files.writeString(config, props);
            Path log = logDir.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            HubProcess hub = new HubProcess(name, log, management, pb.start());
            hub.awaitUp(Duration.ofSeconds(120));
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start hub " + name, e);
        }
    }

    private void awaitUp(Duration within) {
        Instant until = Instant.now().plus(within);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("hub " + name + " exited with " + process.exitValue() + " (see " + log + ")");
            }
            if (health() != null) {
                return;
            }
            Waits.pause(Duration.ofMillis(250));
        }
        throw new IllegalStateException("hub " + name + " did not answer on its management port within " + within);
    }

    /** The health report with every check's details ({@code camel.health.exposure-level=full}), or null. */
    public String health() {
        return get("/observe/health");
    }

    /** The Prometheus text, or null. */
    public String metrics() {
        return get("/observe/metrics");
    }

    private String get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The sum of a metric's lines whose labels contain every fragment (such as {@code status="FAILED"}), or NaN. */
    public double metricSum(String name, String... labelFragments) {
        String text = metrics();
        if (text == null) {
            return Double.NaN;
        }
        double sum = Double.NaN;
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String labels = line.substring(0, space);
            if (java.util.Arrays.stream(labelFragments).allMatch(labels::contains)) {
                double v = Double.parseDouble(line.substring(space + 1).trim());
                sum = Double.isNaN(sum) ? v : sum + v;
            }
        }
        return sum;
    }

    /** The hub's log so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    public String name() {
        return name;
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM: the hub's graceful stop. */
    public void stop() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(Duration.ofSeconds(40))) {
                kill();
            }
        }
    }

    private boolean waitFor(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
