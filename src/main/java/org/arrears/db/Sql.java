package org.arrears.db;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A SQL text built together with its parameters, so a long statement assembled from parts keeps every
 * value bound (never concatenated) and the placeholders stay in step with the values.
 */
public final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    public Sql append(String fragment, Object... values) {
        text.append(fragment);
        params.addAll(java.util.Arrays.asList(values));
        return this;
    }

    public Sql append(Sql other) {
        text.append(other.text);
        params.addAll(other.params);
        return this;
    }

    public String text() {
        return text.toString();
    }

    public PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement(text.toString());
        for (int i = 0; i < params.size(); i++) {
            bind(c, ps, i + 1, params.get(i));
        }
        return ps;
    }

    static void bind(Connection c, PreparedStatement ps, int i, Object v) throws SQLException {
        if (v instanceof LocalDate d) {
            ps.setDate(i, Date.valueOf(d));
        } else if (v instanceof Instant t) {
            ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        } else if (v instanceof Integer[] a) {
            ps.setArray(i, c.createArrayOf("integer", a));
        } else if (v instanceof Long[] a) {
            ps.setArray(i, c.createArrayOf("bigint", a));
        } else if (v instanceof String[] a) {
            ps.setArray(i, c.createArrayOf("text", a));
        } else if (v instanceof byte[][] a) {
            ps.setArray(i, c.createArrayOf("bytea", a));
        } else if (v instanceof BigDecimal[] a) {
            ps.setArray(i, c.createArrayOf("numeric", a));
        } else {
            ps.setObject(i, v);
        }
    }
}
