package org.arrears.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.arrears.outreach.OptOutLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 8058 one-click unsubscribe. A POST to the link opts that one address out of that one channel (a
 * Reg F opt-out, R5/R30: not a cease-communication), idempotently, with no cookie, login or redirect. A GET
 * (mail scanners prefetch links) changes nothing and shows a page with a button that POSTs.
 */
public final class OptOutService {

    private static final Logger LOG = LoggerFactory.getLogger(OptOutService.class);

    private final DataSource ds;
    private final OptOutLinks links;

    public OptOutService(DataSource ds, OptOutLinks links) {
        this.ds = ds;
        this.links = links;
    }

    public OptOutResponse handle(String httpMethod, String linkToken) {
        Optional<String> token = links.verify(linkToken);
        if (token.isEmpty()) {
            return new OptOutResponse(404, "text/plain; charset=utf-8", "This unsubscribe link is not valid.\n");
        }
        if ("POST".equalsIgnoreCase(httpMethod)) {
            return optOut(token.get());
        }
        if ("GET".equalsIgnoreCase(httpMethod) || "HEAD".equalsIgnoreCase(httpMethod)) {
            return new OptOutResponse(200, "text/html; charset=utf-8", """
                    <!doctype html><html><head><meta charset="utf-8"><title>Unsubscribe</title></head>
                    <body><p>Stop emails about your account to this address?</p>
                    <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
                    <button type="submit">Unsubscribe</button></form></body></html>
                    """);
        }
        return new OptOutResponse(405, "text/plain; charset=utf-8", "Use POST to unsubscribe.\n");
    }

    private OptOutResponse optOut(String token) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long commId;
            long cpId;
            String channel;
            boolean already;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT cm.id, cp.id, cp.channel, cp.opted_out_at IS NOT NULL FROM communication cm
                    JOIN contact_point cp ON cp.id = cm.contact_point_id WHERE cm.token = ? FOR UPDATE OF cp""")) {
                ps.setString(1, token);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return new OptOutResponse(404, "text/plain; charset=utf-8", "This unsubscribe link is not valid.\n");
                    }
                    commId = rs.getLong(1);
                    cpId = rs.getLong(2);
                    channel = rs.getString(3);
                    already = rs.getBoolean(4);
                }
            }
            if (!already) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE contact_point SET opted_out_at = now(), opt_out_source = 'ONE_CLICK' WHERE id = ?")) {
                    ps.setLong(1, cpId);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO consent_event (contact_point_id, event, source, communication_id)
                        VALUES (?, 'OPT_OUT', 'ONE_CLICK', ?)""")) {
                    ps.setLong(1, cpId);
                    ps.setLong(2, commId);
                    ps.executeUpdate();
                }
                LOG.info("one-click opt-out recorded for contact point {} ({}) from communication {}", cpId, channel, commId);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("recording an opt-out failed: " + e.getMessage(), e);
        }
        return new OptOutResponse(200, "text/plain; charset=utf-8",
                "You are unsubscribed: no more emails about your account will be sent to this address.\n");
    }
}
