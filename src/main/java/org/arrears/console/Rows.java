package org.arrears.console;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arrears.db.Sql;

/**
 * Query results as the templates read them: one map per row by column label, every value as text (amounts plain,
 * timestamps as UTC minutes, null as ""), except booleans and whole numbers, which stay as they are.
 */
final class Rows {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private Rows() {
    }

    static List<Map<String, Object>> list(Connection c, Sql sql) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), value(rs.getObject(i)));
                }
                out.add(row);
            }
        }
        return out;
    }

    static Optional<Map<String, Object>> one(Connection c, Sql sql) throws SQLException {
        List<Map<String, Object>> rows = list(c, sql);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static Object value(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
            return v;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Timestamp t) {
            return MINUTES.format(t.toInstant());
        }
        if (v instanceof java.time.OffsetDateTime t) {
            return MINUTES.format(t.toInstant());
        }
        return v.toString();
    }
}
