package org.arrears.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * PostgreSQL's own account (pg_stat_statements) of where a measured phase spent its database time: which
 * statements, how often, how many rows, buffers and WAL. Needs the embedded server started with
 * {@code arrears.db.embedded-statement-stats=true}.
 */
final class SqlStats {

    private SqlStats() {
    }

    static void reset(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    static void print(DataSource ds, PrintStream out, int top) throws SQLException {
        out.println("statements by database time (wall time, so it includes waiting for a CPU):");
        out.printf("%9s %7s %9s %10s %9s  %s%n", "ms", "calls", "rows", "buffers", "wal_kb", "statement");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT total_exec_time, calls, rows, shared_blks_hit + shared_blks_read, wal_bytes / 1024,
                       left(regexp_replace(query, '\\s+', ' ', 'g'), 90)
                FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
                ORDER BY total_exec_time DESC LIMIT ?
                """)) {
            ps.setInt(1, top);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.printf(Locale.ROOT, "%9.0f %7d %9d %10d %9d  %s%n", rs.getDouble(1), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getString(6));
                }
            }
        }
    }
}
