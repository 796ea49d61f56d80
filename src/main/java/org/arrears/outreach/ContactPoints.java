package org.arrears.outreach;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.arrears.db.Sql;

/**
 * What the hub learns about a contact point from sending to it: deliveries and failures move its quality and
 * counters. The planner orders bad addresses last (policy.MessageScope) and the gate denies them (R33), so the
 * next campaign does not try a known bad address again.
 */
public final class ContactPoints {

    private ContactPoints() {
    }

    /** Within the caller's transaction: a receipt confirmed delivery to these points (one entry per receipt). */
    public static void delivered(Connection c, Long[] contactPointIds, String[] ats) throws SQLException {
        try (PreparedStatement ps = new Sql().append("""
                UPDATE contact_point cp SET delivered_count = cp.delivered_count + x.n,
                       last_delivered_at = greatest(cp.last_delivered_at, x.last),
                       quality = CASE WHEN cp.quality IN ('UNKNOWN', 'SOFT_BOUNCE') THEN 'GOOD' ELSE cp.quality END
                FROM (SELECT cp, count(*) AS n, max(at) AS last
                      FROM unnest(?::bigint[], ?::timestamptz[]) AS u(cp, at) GROUP BY cp) x
                WHERE cp.id = x.cp
                """, contactPointIds, ats).prepare(c)) {
            ps.executeUpdate();
        }
    }

    /**
     * Within the caller's transaction: these points could not be reached (an SMS to an unknown subscriber, a letter
     * returned by the post): their quality becomes {@code quality} (HARD_BOUNCE, RETURNED, INVALID, LANDLINE), the
     * counters move, and a consent_event names the message and the source.
     */
    public static void undeliverable(Connection c, Long[] contactPointIds, Long[] communicationIds, String[] quality,
                                     String[] sources) throws SQLException {
        try (PreparedStatement ps = new Sql().append("""
                WITH u AS (SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) AS u(cp, comm, quality, source)),
                marked AS (
                  UPDATE contact_point cp SET quality = x.quality,
                         bounced_count = cp.bounced_count + CASE WHEN x.quality = 'RETURNED' THEN 0 ELSE x.n END,
                         returned_count = cp.returned_count + CASE WHEN x.quality = 'RETURNED' THEN x.n ELSE 0 END
                  FROM (SELECT cp, max(quality) AS quality, count(*) AS n FROM u GROUP BY cp) x WHERE cp.id = x.cp
                  RETURNING cp.id
                )
                INSERT INTO consent_event (contact_point_id, event, source, communication_id)
                SELECT u.cp, u.quality, u.source, u.comm FROM u JOIN marked m ON m.id = u.cp
                """, contactPointIds, communicationIds, quality, sources).prepare(c)) {
            ps.executeUpdate();
        }
    }
}
