package org.arrears.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.db.Database;

/**
 * A hub over a fresh real PostgreSQL database, with the project's config file as the base settings, a
 * temporary data folder, a clock the test moves, and whatever overrides a test needs (SMTP port, policies).
 */
public final class HubFixture implements AutoCloseable {

    public final Database db;
    public final MutableClock clock;
    public final TestBook book;
    public final Path dataDir;
    public final Hub hub;
    private final Map<String, String> settings;
    private final java.util.List<Hub> others = new java.util.ArrayList<>();

    public HubFixture(Instant start, Map<String, String> overrides) {
        try {
            this.dataDir = Files.createTempDirectory("arrears-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.db = TestDatabase.fresh();
        this.clock = new MutableClock(start);
        this.book = new TestBook(db.dataSource());
        Map<String, String> all = new HashMap<>();
        all.put("arrears.data-dir", dataDir.toString());
        all.put("arrears.token-secret", "test-secret-0123456789abcdef");
        all.put("arrears.email.workers", "1");
        all.put("arrears.email.retry-base", "PT1M");
        all.putAll(overrides);
        this.settings = Map.copyOf(all);
        this.hub = Hub.over(db, Settings.load(Path.of("config/application.properties")).with(all), clock);
    }

    /** Settings for delivering to a local SMTP server on the port. */
    public static Map<String, String> smtp(int port) {
        Map<String, String> m = new HashMap<>();
        m.put("arrears.smtp.host", "127.0.0.1");
        m.put("arrears.smtp.port", String.valueOf(port));
        return m;
    }

    /** Another hub instance on the same database and clock (a second process in production). */
    public Hub anotherInstance(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(overrides);
        Hub other = Hub.over(db, Settings.load(Path.of("config/application.properties")).with(all), clock);
        others.add(other);
        return other;
    }

    @Override
    public void close() {
        others.forEach(Hub::stopSending);
        others.forEach(o -> o.emailDispatcher().close());
        hub.close();
    }
}
