package org.arrears.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Asks the database {@code SELECT 1} and waits at most {@code timeout} for the answer, however long the pool would
 * wait for a connection. A probe still waiting when the next one is asked for is not joined by a second one: the
 * database is reported down until it returns.
 */
public final class DatabaseProbe implements AutoCloseable {

    /** What the probe found; the detail names the problem, never a credential. */
    public record Result(boolean up, String detail) {
    }

    private final DataSource ds;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "arrears-db-probe");
        t.setDaemon(true);
        return t;
    });
    private Future<?> pending;

    public DatabaseProbe(DataSource ds, Duration timeout) {
        this.ds = ds;
        this.timeout = timeout;
    }

    public synchronized Result probe() {
        if (pending != null && !pending.isDone()) {
            return new Result(false, "the previous probe has had no answer yet");
        }
        long started = System.nanoTime();
        pending = executor.submit(() -> {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                s.execute("SELECT 1");
            }
            return null;
        });
        try {
            pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(true, "SELECT 1 answered in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (TimeoutException e) {
            return new Result(false, "no answer to SELECT 1 within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Result(false, cause instanceof SQLException ? cause.getMessage() : String.valueOf(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted while waiting for SELECT 1");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
