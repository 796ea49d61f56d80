package org.arrears.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a database that is away (restarting, failing over, unreachable) from a statement that is wrong. */
public final class ConnectionFailures {

    private ConnectionFailures() {
    }

    /**
     * True when the cause chain holds a connection-level failure: SQLSTATE class 08 (connection exception), 57P01–03
     * (admin shutdown, crash shutdown, cannot connect now), or the pool's timeout waiting for a connection.
     */
    public static boolean isConnectionFailure(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (x instanceof SQLTransientConnectionException) {
                return true;
            }
            if (x instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }
}
