package org.arrears.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/** Runs one console action in one transaction: the change and its audit row commit together or not at all. */
final class Work {

    @FunctionalInterface
    interface Body<T> {
        T run(Connection c) throws SQLException;
    }

    private Work() {
    }

    static <T> T inTransaction(DataSource ds, Body<T> body) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T out = body.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    static <T> T read(DataSource ds, Body<T> body) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return body.run(c);
        }
    }

    /** The debtor's creditor, when the debtor is in the user's creditors; else "not found". */
    static long debtorCreditor(Connection c, ConsoleUser user, long debtorId) throws SQLException {
        try (PreparedStatement ps = new org.arrears.db.Sql().append("SELECT d.creditor_id FROM debtor d WHERE d.id = ? AND",
                debtorId).append(Scope.of(user, "d")).prepare(c); java.sql.ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new Scope.NotFound("debtor " + debtorId);
            }
            return rs.getLong(1);
        }
    }

    static Map<String, Object> state(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
