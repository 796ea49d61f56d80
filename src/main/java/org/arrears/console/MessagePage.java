package org.arrears.console;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.arrears.db.Sql;

/** One message of the user's creditors: its gate decision, its history and the exact content sent (as text). */
final class MessagePage extends Page {

    static final int MAX_SHOWN = 512 * 1024;

    @Override
    public String path() {
        return "messages/:id";
    }

    @Override
    public String template() {
        return "message";
    }

    @Override
    public String title() {
        return "Message";
    }

    @Override
    public Map<String, Object> model(PageRequest r) throws SQLException {
        long id = r.id("id");
        return Work.read(r.services().ds(), c -> {
            Map<String, Object> m = new HashMap<>();
            m.put("message", Rows.one(c, new Sql().append("""
                    SELECT c.id, c.debtor_id, c.channel, c.step_code, c.policy_code, c.template, coalesce(c.address, '') AS address,
                           c.status, c.plan_date, c.sent_at, coalesce(c.gate_verdict, '') AS gate_verdict,
                           coalesce(c.gate_reason, '') AS gate_reason, coalesce(c.gate_detail, '') AS gate_detail,
                           coalesce(c.content_sha256, '') AS sha256
                    FROM communication c WHERE c.id = ? AND""", id).append(Scope.of(r.user(), "c")))
                    .orElseThrow(() -> new Scope.NotFound("message " + id)));
            m.put("events", Rows.list(c, new Sql().append("""
                    SELECT e.at, e.status, coalesce(e.verdict, '') AS verdict, coalesce(e.reason, '') AS reason,
                           coalesce(e.detail, '') AS detail
                    FROM communication_event e WHERE e.communication_id = ? ORDER BY e.at, e.id""", id)));
            String content = "";
            try (PreparedStatement ps = new Sql().append("SELECT content_gz FROM communication WHERE id = ?", id).prepare(c);
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBytes(1) != null) {
                    content = gunzip(rs.getBytes(1));
                }
            }
            m.put("content", content);
            return m;
        });
    }

    static String gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] bytes = in.readNBytes(MAX_SHOWN);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("message content cannot be read: " + e.getMessage(), e);
        }
    }
}
