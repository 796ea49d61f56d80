package org.arrears.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.time.Duration;
import javax.sql.DataSource;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.util.SecretFile;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's connection to PostgreSQL: the configured server, or, when no URL is configured, an embedded
 * PostgreSQL server process whose data lives under the data folder and survives restarts.
 *
 * <p>The hub's own tables live in their own schema ({@code arrears.db.schema}, default {@code arrears}). Every
 * connection's search path is that schema followed by the ERP's ({@code arrears.db.erp-search-path}, default
 * {@code public}), so the hub's SQL stays unqualified and the AR source queries resolve the ERP's names as written.
 *
 * <p>The embedded server listens on 127.0.0.1 only and requires a password (SCRAM) for every connection; the
 * password is generated once and kept in {@code ${arrears.data-dir}/postgres-password} (mode 600). A second
 * process on the same data folder (a CLI command next to {@code arrears run}) finds the running server through
 * PostgreSQL's own {@code postmaster.pid} and connects to it instead of starting one, and leaves it running.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    public static final String DEFAULT_SCHEMA = "arrears";
    public static final String DEFAULT_ERP_SEARCH_PATH = "public";
    /** An unquoted PostgreSQL identifier as the server folds it: what a schema setting may name. */
    private static final String IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

    private final HikariDataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final String schema;
    private final List<String> erpSearchPath;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded, String schema, List<String> erpSearchPath) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.schema = schema;
        this.erpSearchPath = erpSearchPath;
    }

    public static Database open(Settings settings) {
        String url = settings.get("arrears.db.url");
        int pool = settings.getInt("arrears.db.pool-size", 8);
        String tempBuffers = settings.get("arrears.db.temp-buffers", "1GB");
        if (!tempBuffers.matches("[0-9]+(kB|MB|GB)?")) {
            throw new ConfigException("arrears.db.temp-buffers: '" + tempBuffers + "' is not a PostgreSQL memory size such as 256MB or 1GB");
        }
        String schema = schema(settings);
        List<String> erp = erpSearchPath(settings);
        if (url != null) {
            if (url.toLowerCase(java.util.Locale.ROOT).matches(".*[?&;]password=.*")) {
                throw new ConfigException("arrears.db.url carries a password: set it in arrears.db.password "
                        + "(ARREARS_DB_PASSWORD) instead, so that it never reaches a log line");
            }
            return new Database(pool(url, settings.get("arrears.db.user"), settings.get("arrears.db.password"), pool,
                    tempBuffers, schema, erp, connectionTimeout(settings)), null, schema, erp);
        }
        Path dataDir = Path.of(settings.get("arrears.data-dir", "data"));
        Path dir = dataDir.resolve("postgres");
        Path passwordFile = dataDir.resolve("postgres-password");
        Integer running = runningPort(dir);
        if (running != null) {
            String password = readPassword(passwordFile);
            LOG.info("The embedded PostgreSQL with data in {} is already running (port {}): using it", dir, running);
            return new Database(pool(localUrl(running), "postgres", password, pool, tempBuffers, schema, erp,
                    connectionTimeout(settings)), null, schema, erp);
        }
        EmbeddedPostgres pg = startEmbedded(dir, passwordFile, settings.getInt("arrears.db.embedded-port", 0),
                settings.get("arrears.db.embedded-shared-buffers", "512MB"),
                settings.get("arrears.db.embedded-max-wal-size", "4GB"),
                Boolean.parseBoolean(settings.get("arrears.db.embedded-statement-stats", "false")));
        LOG.info("No arrears.db.url configured: embedded PostgreSQL on 127.0.0.1 port {} with data in {}", pg.getPort(), dir);
        try {
            return new Database(pool(localUrl(pg.getPort()), "postgres", readPassword(passwordFile), pool, tempBuffers,
                    schema, erp, connectionTimeout(settings)), pg, schema, erp);
        } catch (RuntimeException e) {
            closeQuietly(pg);
            throw e;
        }
    }

    /** A pool over an existing URL (tests and benchmarks use this with their own server), hub schema {@code arrears}. */
    public static Database of(String url, String user, String password, int poolSize) {
        List<String> erp = List.of(DEFAULT_ERP_SEARCH_PATH);
        return new Database(pool(url, user, password, poolSize, null, DEFAULT_SCHEMA, erp, Duration.ofSeconds(30)), null,
                DEFAULT_SCHEMA, erp);
    }

    /** arrears.db.schema, validated: the schema that holds the hub's own tables. */
    static String schema(Settings settings) {
        String schema = settings.get("arrears.db.schema", DEFAULT_SCHEMA);
        if (!schema.matches(IDENTIFIER)) {
            throw new ConfigException(settings.origin() + ": arrears.db.schema: '" + schema + "' is not a schema name "
                    + "(lower-case letters, digits and underscores, not starting with a digit, at most 63 characters)");
        }
        return schema;
    }

    /** arrears.db.erp-search-path, validated: the ERP's schemas, searched after the hub's own. */
    static List<String> erpSearchPath(Settings settings) {
        String value = settings.get("arrears.db.erp-search-path", DEFAULT_ERP_SEARCH_PATH);
        List<String> schemas = Arrays.stream(value.split(",")).map(String::strip).toList();
        for (String s : schemas) {
            if (!s.matches(IDENTIFIER)) {
                throw new ConfigException(settings.origin() + ": arrears.db.erp-search-path: '" + s + "' in '" + value
                        + "' is not a schema name (a comma-separated list of lower-case schema names, such as public,erp)");
            }
        }
        return schemas;
    }

    private static String localUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /**
     * The port of a live embedded server on this data directory, from PostgreSQL's own postmaster.pid (line 1 the
     * process id, line 4 the port), or null when none is running there.
     */
    public static Integer runningPort(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return null; // being written by a server that is starting or stopping
            }
            long pid = Long.parseLong(lines.get(0).strip());
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Integer.valueOf(lines.get(3).strip()) : null;
        } catch (IOException | NumberFormatException e) {
            return null; // unreadable or stale: the start below reports what is wrong
        }
    }

    private static String readPassword(Path file) {
        try {
            String password = SecretFile.read(file);
            if (password == null) {
                throw new DatabaseUnavailableException("the embedded PostgreSQL's password file " + file
                        + " is missing: stop the hub that uses this data folder and start again");
            }
            return password;
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot read the embedded PostgreSQL's password from " + file + ": "
                    + e.getMessage() + " (run as the user that owns the data folder)");
        }
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
     * large bank file posted in one transaction neither thrashes its indexes nor checkpoints midway. It listens on
     * 127.0.0.1 only. On the first start (a new cluster, or one from before passwords) the superuser gets a
     * generated password over a loopback connection; the server is then restarted with password authentication.
     */
    private static EmbeddedPostgres startEmbedded(Path dir, Path passwordFile, int port, String sharedBuffers,
                                                  String maxWalSize, boolean statementStats) {
        try {
            Files.createDirectories(dir);
            String password = SecretFile.read(passwordFile);
            if (password != null) {
                return builder(dir, port, sharedBuffers, maxWalSize, statementStats, password).start();
            }
            password = SecretFile.generate();
            try (EmbeddedPostgres first = builder(dir, port, sharedBuffers, maxWalSize, statementStats, null).start();
                 Connection c = first.getPostgresDatabase().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT format('ALTER ROLE postgres PASSWORD %L', ?::text)")) {
                ps.setString(1, password);
                String alter;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    alter = rs.getString(1);
                }
                try (var st = c.createStatement()) {
                    st.execute(alter);
                }
            }
            SecretFile.write(passwordFile, password);
            LOG.info("The embedded PostgreSQL now requires a password, kept in {}", passwordFile);
            return builder(dir, port, sharedBuffers, maxWalSize, statementStats, password).start();
        } catch (IllegalStateException e) {
            // zonky's lock on the data directory: another process (or this one) is starting or running a server there
            if (e instanceof java.nio.channels.OverlappingFileLockException || String.valueOf(e.getMessage()).contains("could not lock")) {
                throw new DatabaseUnavailableException("the embedded database in " + dir + " is locked by another process "
                        + "that is starting or stopping it: wait a moment and run the command again");
            }
            throw e;
        } catch (IOException | SQLException e) {
            throw new DatabaseUnavailableException("cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dir, int port, String sharedBuffers, String maxWalSize,
                                                    boolean statementStats, String password) {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .setServerConfig("fsync", "on")
                // zonky's test default is off; here the embedded server is the system of record: a committed
                // SENT row, opt-out or posted bank file must survive a crash
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("shared_buffers", sharedBuffers)
                .setServerConfig("max_wal_size", maxWalSize)
                // written before every start, after initdb: zonky's initdb trusts every connection
                .setDataDirectoryCustomizer(d -> writeHba(d.toPath(), password != null));
        if (password != null) {
            b.setConnectConfig("password", password);
        }
        if (statementStats) {
            // per-statement timings for the benchmarks' --sql-stats; off by default (it costs a little)
            b.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        if (port > 0) {
            b.setPort(port);
        }
        return b;
    }

    /**
     * pg_hba.conf: with a password, SCRAM for every connection (socket and loopback); without one (only for the
     * moment it is being set) the superuser from 127.0.0.1 alone.
     */
    private static void writeHba(Path dataDir, boolean withPassword) {
        String hba = withPassword
                ? """
                  # Written by Arrears before every start of its embedded PostgreSQL: a password for every connection.
                  local all all scram-sha-256
                  host  all all 127.0.0.1/32 scram-sha-256
                  host  all all ::1/128 scram-sha-256
                  """
                : """
                  # Written by Arrears for the first start, while it sets the superuser's password.
                  host  all postgres 127.0.0.1/32 trust
                  """;
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), hba, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot write " + dataDir.resolve("pg_hba.conf") + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(String url, String user, String password, int size, String tempBuffers,
                                         String schema, List<String> erpSearchPath, Duration connectionTimeout) {
        HikariConfig cfg = new HikariConfig();
        cfg.setConnectionTimeout(connectionTimeout.toMillis());
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(size);
        cfg.setPoolName("arrears");
        cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        // the hub's own schema first, then the ERP's: unqualified hub SQL finds the hub's tables, the AR sources
        // find the ERP's (a startup parameter, so no statement per connection)
        cfg.addDataSourceProperty("currentSchema", schema + "," + String.join(",", erpSearchPath));
        // a bank file is matched in temporary tables of about its own size; with PostgreSQL's 8 MB default every
        // pass over them goes out to the file system and back. It can only be set before a session's first
        // temporary table, hence here; buffers are taken only as a session's temporary tables grow.
        if (tempBuffers != null) {
            cfg.addDataSourceProperty("options", "-c temp_buffers=" + tempBuffers);
        }
        try {
            return new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("cannot connect to " + withoutQuery(url) + " as " + user + ": "
                    + rootMessage(e) + " (check arrears.db.url, arrears.db.user and arrears.db.password, and that the "
                    + "server is running)", e);
        }
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private Flyway flyway() {
        return Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations("classpath:db/migration").load();
    }

    /**
     * Applies the Flyway migrations in db/migration to the hub's schema (created if missing, its history table
     * inside it); safe to call on every start. Touches nothing outside that schema. Warns about ERP tables that the
     * hub's own hide.
     */
    public Database migrate() {
        refuseToHideAnEarlierInstallation();
        flyway().migrate();
        List<String> clashes = nameClashes();
        if (!clashes.isEmpty()) {
            LOG.warn("The ERP search path ({}) has tables named like the hub's own in schema {}: {}. The hub's come first, "
                    + "so write these schema-qualified in arrears.ar.* source queries (for example {})",
                    String.join(",", erpSearchPath), schema, String.join(", ", clashes), clashes.get(0));
        }
        return this;
    }

    /** The applied schema version, or null before the first migration. */
    public String schemaVersion() {
        var current = flyway().info().current();
        MigrationVersion v = current == null ? null : current.getVersion();
        return v == null ? null : v.getVersion();
    }

    /**
     * An earlier installation kept the hub's tables in public. Migrating a new, empty hub schema next to them would
     * start over without its outbox, opt-outs and evidence, so that stops the start with the setting to use.
     */
    private void refuseToHideAnEarlierInstallation() {
        if (schema.equals("public")) {
            return;
        }
        String sql = """
                SELECT count(*) FILTER (WHERE table_schema = 'public' AND table_name IN ('flyway_schema_history', 'communication_event', 'contact_point')),
                       count(*) FILTER (WHERE table_schema = ? AND table_name = 'flyway_schema_history')
                FROM information_schema.tables WHERE table_schema IN ('public', ?)""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = new Sql().append(sql, schema, schema).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getInt(1) == 3 && rs.getInt(2) == 0) {
                throw new ConfigException("this database holds an earlier Arrears installation in schema public "
                        + "(flyway_schema_history, communication_event, contact_point): set arrears.db.schema=public to keep "
                        + "using it, or move its tables to schema " + schema);
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot read the database's tables: " + e.getMessage(), e);
        }
    }

    /** ERP tables and views (schema.name) in the ERP search path that have the name of one in the hub's schema. */
    public List<String> nameClashes() {
        Sql sql = new Sql().append("""
                SELECT e.table_schema || '.' || e.table_name
                FROM information_schema.tables e
                JOIN information_schema.tables h ON h.table_name = e.table_name AND h.table_schema = ?
                WHERE e.table_schema = ANY (?) AND e.table_schema <> ?
                ORDER BY e.table_name, e.table_schema""", schema, erpSearchPath.toArray(String[]::new), schema);
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot read the database's tables: " + e.getMessage(), e);
        }
        return out;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The schema of the hub's own tables. */
    public String schema() {
        return schema;
    }

    /** Whether this process started the embedded server (and stops it on close). */
    public boolean startedEmbeddedServer() {
        return embedded != null;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            closeQuietly(embedded);
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
