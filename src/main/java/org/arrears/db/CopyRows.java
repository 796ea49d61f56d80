package org.arrears.db;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Streams rows into one {@code COPY ... FROM STDIN} (PostgreSQL text format), in chunks, so a large book
 * goes over the wire in one statement per table and never sits whole in memory as text. Used by the book
 * seeder and by the payment poster, which stages a bank file's entries this way.
 */
public final class CopyRows implements AutoCloseable {

    private static final int CHUNK = 1 << 16;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ssx");

    private final CopyIn in;
    private final StringBuilder sb = new StringBuilder(CHUNK + 1024);
    private boolean rowStart = true;
    private long rows;

    public CopyRows(CopyManager copy, String table, String columns) throws SQLException {
        this.in = copy.copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
    }

    /** Rows ended so far. */
    public long rows() {
        return rows;
    }

    public CopyRows text(String s) {
        sep();
        if (s == null) {
            sb.append("\\N");
            return this;
        }
        if (!needsEscape(s)) {
            sb.append(s);
            return this;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return this;
    }

    private static boolean needsEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    public CopyRows number(long v) {
        sep();
        sb.append(v);
        return this;
    }

    /** A nullable id: 0 and below are written as NULL. */
    public CopyRows id(long v) {
        if (v <= 0) {
            return text(null);
        }
        return number(v);
    }

    /** An amount in cents as a decimal with two places; null stays NULL. */
    public CopyRows money(Long cents) {
        if (cents == null) {
            return text(null);
        }
        sep();
        long v = cents;
        if (v < 0) {
            sb.append('-');
            v = -v;
        }
        sb.append(v / 100).append('.');
        long c = v % 100;
        if (c < 10) {
            sb.append('0');
        }
        sb.append(c);
        return this;
    }

    /** A decimal as written (plain notation); null stays NULL. */
    public CopyRows decimal(BigDecimal v) {
        if (v == null) {
            return text(null);
        }
        sep();
        sb.append(v.toPlainString());
        return this;
    }

    public CopyRows bool(boolean b) {
        sep();
        sb.append(b ? 't' : 'f');
        return this;
    }

    public CopyRows date(LocalDate d) {
        return text(d == null ? null : d.toString());
    }

    public CopyRows time(LocalTime t) {
        return text(t == null ? null : t.toString());
    }

    public CopyRows timestamp(OffsetDateTime t) {
        return text(t == null ? null : TIMESTAMP.format(t.withOffsetSameInstant(ZoneOffset.UTC)));
    }

    /** A text[] value. */
    public CopyRows textArray(String[] values) {
        if (values == null) {
            return text(null);
        }
        StringBuilder a = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                a.append(',');
            }
            a.append('"').append(values[i].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return text(a.append('}').toString());
    }

    public void endRow() throws SQLException {
        sb.append('\n');
        rowStart = true;
        rows++;
        if (sb.length() >= CHUNK) {
            flush();
        }
    }

    /** Finishes the COPY and returns the number of rows the server reports. */
    public long finish() throws SQLException {
        flush();
        long copied = in.endCopy();
        if (copied != rows) {
            throw new SQLException("COPY wrote " + copied + " rows, expected " + rows);
        }
        return copied;
    }

    @Override
    public void close() throws SQLException {
        if (in.isActive()) {
            in.cancelCopy();
        }
    }

    private void sep() {
        if (rowStart) {
            rowStart = false;
        } else {
            sb.append('\t');
        }
    }

    private void flush() throws SQLException {
        if (sb.length() > 0) {
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            sb.setLength(0);
        }
    }
}
