package org.arrears.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.arrears.db.Sql;
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

    private final String debtorSource;

    public OptOutService(DataSource ds, OptOutLinks links) {
        this(ds, links, "ar_debtor_source");
    }

    /** {@code debtorSource}: the debtors as a FROM item ({@code ArSource.debtors()}), for the page's language. */
    public OptOutService(DataSource ds, OptOutLinks links, String debtorSource) {
        this.ds = ds;
        this.links = links;
        this.debtorSource = debtorSource;
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
            return OptOutPage.confirm(locale(token.get()));
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
        return OptOutPage.done(locale(token));
    }

    /** The language of the debtor the message went to (English when the lookup fails: the page changes nothing). */
    private Locale locale(String token) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = new Sql().append("SELECT d.locale FROM communication cm JOIN "
                + debtorSource + " d ON d.debtor_id = cm.debtor_id WHERE cm.token = ?", token).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getString(1) != null ? Locale.forLanguageTag(rs.getString(1).replace('_', '-')) : Locale.ENGLISH;
        } catch (SQLException e) {
            LOG.warn("cannot read the language for the unsubscribe page, answering in English: {}", e.getMessage());
            return Locale.ENGLISH;
        }
    }
}
