package org.arrears.bench.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.util.SecretFile;

/**
 * A PostgreSQL server the suite can stop and start: the hub's own embedded server (a separate OS process), with its
 * data folder and port kept across restarts, so the hubs' connection URL stays valid while it is away.
 */
public final class FaultDatabase implements AutoCloseable {

    private final Settings settings;
    private final Path dir;
    private final int port;
    private Database db;

    public FaultDatabase(Settings base, Path dir) {
        this.dir = dir;
        this.port = freePort();
        this.settings = base.with(Map.of("arrears.data-dir", dir.toString(), "arrears.db.url", "",
                "arrears.db.embedded-port", String.valueOf(port), "arrears.db.embedded-shared-buffers", "128MB",
                "arrears.db.embedded-max-wal-size", "1GB", "arrears.db.pool-size", "6"));
        start();
    }

    /** Starts the server (after {@link #stop()}), on the same port and data. */
    public synchronized FaultDatabase start() {
        if (db == null) {
            // a server that is still shutting down keeps its postmaster.pid: wait until it has gone
            Waits.await(java.time.Duration.ofSeconds(60), "the old server gone",
                    () -> Database.runningPort(dir.resolve("postgres")) == null);
            db = Database.open(settings).migrate();
        }
        return this;
    }

    /** Stops the server: every connection to it breaks, new ones are refused. */
    public synchronized FaultDatabase stop() {
        if (db != null) {
            db.close();
            db = null;
        }
        return this;
    }

    public synchronized Database database() {
        if (db == null) {
            throw new IllegalStateException("the fault suite's database is stopped");
        }
        return db;
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String password() {
        try {
            return SecretFile.read(dir.resolve("postgres-password"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
