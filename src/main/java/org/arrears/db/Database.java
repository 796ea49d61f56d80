package org.arrears.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's connection to PostgreSQL: the configured server, or, when no URL is configured, an embedded
 * PostgreSQL server process whose data lives under the data folder and survives restarts.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final EmbeddedPostgres embedded;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    public static Database open(Settings settings) {
        String url = settings.get("arrears.db.url");
        int pool = settings.getInt("arrears.db.pool-size", 8);
        String tempBuffers = settings.get("arrears.db.temp-buffers", "1GB");
        if (!tempBuffers.matches("[0-9]+(kB|MB|GB)?")) {
            throw new ConfigException("arrears.db.temp-buffers: '" + tempBuffers + "' is not a PostgreSQL memory size such as 256MB or 1GB");
        }
        if (url != null) {
            if (url.toLowerCase(java.util.Locale.ROOT).matches(".*[?&;]password=.*")) {
                throw new ConfigException("arrears.db.url carries a password: set it in arrears.db.password "
                        + "(ARREARS_DB_PASSWORD) instead, so that it never reaches a log line");
            }
            return new Database(pool(url, settings.get("arrears.db.user"), settings.get("arrears.db.password"), pool,
                    tempBuffers, connectionTimeout(settings)), null);
        }
        Path dir = Path.of(settings.get("arrears.data-dir", "data")).resolve("postgres");
        EmbeddedPostgres pg = startEmbedded(dir, settings.getInt("arrears.db.embedded-port", 0),
                settings.get("arrears.db.embedded-shared-buffers", "512MB"),
                settings.get("arrears.db.embedded-max-wal-size", "4GB"),
                Boolean.parseBoolean(settings.get("arrears.db.embedded-statement-stats", "false")));
        LOG.info("No arrears.db.url configured: embedded PostgreSQL on port {} with data in {}", pg.getPort(), dir);
        return new Database(pool(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, pool, tempBuffers,
                connectionTimeout(settings)), pg);
    }

    /** A pool over an existing URL (tests and benchmarks use this with their own server). */
    public static Database of(String url, String user, String password, int poolSize) {
        return new Database(pool(url, user, password, poolSize, null, Duration.ofSeconds(30)), null);
    }

    /** How long a caller waits for a connection when the database is unreachable (HTTP callers get a 503 then). */
    private static Duration connectionTimeout(Settings settings) {
        Duration d = settings.getDuration("arrears.db.connection-timeout", Duration.ofSeconds(10));
        if (d.toMillis() < 250) {
            throw new ConfigException("arrears.db.connection-timeout: " + d + " is below the pool's minimum of 250 ms");
        }
        return d;
    }

    /**
     * The embedded server gets more shared buffers and WAL room than PostgreSQL's defaults (128 MB, 1 GB), so a
     * large bank file posted in one transaction neither thrashes its indexes nor checkpoints midway.
     */
    private static EmbeddedPostgres startEmbedded(Path dir, int port, String sharedBuffers, String maxWalSize,
                                                  boolean statementStats) {
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "on")
                    // zonky's test default is off; here the embedded server is the system of record: a committed
                    // SENT row, opt-out or posted bank file must survive a crash
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("shared_buffers", sharedBuffers)
                    .setServerConfig("max_wal_size", maxWalSize);
            if (statementStats) {
                // per-statement timings for the benchmarks' --sql-stats; off by default (it costs a little)
                b.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            if (port > 0) {
                b.setPort(port);
            }
            return b.start();
        } catch (IOException e) {
            throw new ConfigException("cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(String url, String user, String password, int size, String tempBuffers,
                                         Duration connectionTimeout) {
        HikariConfig cfg = new HikariConfig();
        cfg.setConnectionTimeout(connectionTimeout.toMillis());
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(size);
        cfg.setPoolName("arrears");
        cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        // a bank file is matched in temporary tables of about its own size; with PostgreSQL's 8 MB default every
        // pass over them goes out to the file system and back. It can only be set before a session's first
        // temporary table, hence here; buffers are taken only as a session's temporary tables grow.
        if (tempBuffers != null) {
            cfg.addDataSourceProperty("options", "-c temp_buffers=" + tempBuffers);
        }
        return new HikariDataSource(cfg);
    }

    /** Applies the Flyway migrations in db/migration; safe to call on every start. */
    public Database migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return this;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
