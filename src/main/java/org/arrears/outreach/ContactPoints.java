package org.arrears.outreach;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.arrears.db.Sql;

/**
 * What the hub learns about a contact point from sending to it. The planner orders hard-bounced addresses
 * last and the gate denies them (R30), so the next campaign does not try a known bad address again.
 */
public final class ContactPoints {

    private ContactPoints() {
    }

    /** Within the caller's transaction: the points are HARD_BOUNCE, with a consent_event naming the message. */
    public static void markHardBounce(Connection c, Long[] contactPointIds, Long[] communicationIds, String source)
            throws SQLException {
        try (PreparedStatement ps = new Sql().append("""
                WITH u AS (SELECT * FROM unnest(?::bigint[], ?::bigint[]) AS u(cp, comm)),
                marked AS (
                  UPDATE contact_point cp SET quality = 'HARD_BOUNCE' FROM (SELECT DISTINCT cp FROM u) x WHERE cp.id = x.cp
                  RETURNING cp.id
                )
                INSERT INTO consent_event (contact_point_id, event, source, communication_id)
                SELECT u.cp, 'HARD_BOUNCE', ?, u.comm FROM u JOIN marked m ON m.id = u.cp
                """, contactPointIds, communicationIds, source).prepare(c)) {
            ps.executeUpdate();
        }
    }
}
