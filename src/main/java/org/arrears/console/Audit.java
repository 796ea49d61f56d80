package org.arrears.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import org.arrears.db.Sql;

/** One audit row per console action: who, when (the database's now()), what, and the state before and after as JSON. */
public final class Audit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Audit() {
    }

    /** Within the caller's transaction, so the row exists exactly when the action happened. */
    public static void record(Connection c, String user, String action, String target, Map<String, ?> before,
                              Map<String, ?> after) throws SQLException {
        try (PreparedStatement ps = new Sql().append(
                "INSERT INTO audit_log (user_name, action, target, before, after) VALUES (?, ?, ?, ?::jsonb, ?::jsonb)",
                user, action, target, json(before), json(after)).prepare(c)) {
            ps.executeUpdate();
        }
    }

    static String json(Map<String, ?> state) {
        if (state == null) {
            return null;
        }
        Map<String, Object> plain = new java.util.LinkedHashMap<>();
        // dates, times and amounts as their ISO / plain text
        state.forEach((k, v) -> plain.put(k, v == null || v instanceof Number || v instanceof Boolean || v instanceof String
                || v instanceof java.util.Collection<?> ? v : v.toString()));
        try {
            return JSON.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit state cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
