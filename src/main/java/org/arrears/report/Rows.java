package org.arrears.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.arrears.db.Sql;

/** Runs a report query and keeps its rows as plain values, named by the query's column labels. */
final class Rows {

    private Rows() {
    }

    static ReportTable query(DataSource ds, String title, Sql sql) {
        try (Connection c = ds.getConnection()) {
            return query(c, title, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(title + " failed: " + e.getMessage(), e);
        }
    }

    static ReportTable query(Connection c, String title, Sql sql) throws SQLException {
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> r = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    r.add(value(rs, i, md.getColumnType(i)));
                }
                rows.add(r);
            }
            return new ReportTable(title, columns, rows);
        }
    }

    private static Object value(ResultSet rs, int i, int type) throws SQLException {
        Object v = switch (type) {
            case Types.DATE -> rs.getObject(i, java.time.LocalDate.class);
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(i, java.time.OffsetDateTime.class);
            case Types.NUMERIC, Types.DECIMAL -> rs.getBigDecimal(i);
            case Types.BIGINT -> rs.getLong(i);
            case Types.INTEGER, Types.SMALLINT -> rs.getInt(i);
            case Types.BIT, Types.BOOLEAN -> rs.getBoolean(i);
            default -> rs.getString(i);
        };
        return rs.wasNull() ? null : v;
    }
}
