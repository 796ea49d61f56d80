package org.arrears.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Small query helpers for the seeder tests. */
final class SeedQueries {

    private static final String[] TABLES = {"debtor", "contact_point", "invoice", "payment", "allocation", "hold"};

    private final DataSource ds;

    SeedQueries(DataSource ds) {
        this.ds = ds;
    }

    long count(String sql) {
        return Long.parseLong(one(sql));
    }

    String one(String sql) {
        List<String> all = column(sql);
        if (all.size() != 1) {
            throw new IllegalStateException(sql + " returned " + all.size() + " rows");
        }
        return all.get(0);
    }

    List<String> column(String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** One digest over every seeded table's rows in id order, insertion timestamps left out. */
    String digest() {
        StringBuilder sb = new StringBuilder();
        for (String t : TABLES) {
            sb.append(t).append('=').append(one("SELECT md5(COALESCE(string_agg((to_jsonb(t) - 'created_at')::text, "
                    + "'|' ORDER BY id), '')) || ':' || count(*) FROM " + t + " t")).append(' ');
        }
        return sb.toString().trim();
    }
}
