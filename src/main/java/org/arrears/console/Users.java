package org.arrears.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.arrears.db.Sql;

/**
 * Console users in the hub's database: created with a role and granted creditors, signed in with an Argon2id
 * password; after {@code maxFailures} wrong passwords in a row the user is locked for {@code lockFor}.
 */
public final class Users {

    /** What a sign-in attempt gave. */
    public enum Outcome { OK, WRONG, LOCKED }

    public record SignIn(Outcome outcome, ConsoleUser user) {
    }

    private final DataSource ds;
    private final Clock clock;
    private final int maxFailures;
    private final Duration lockFor;

    public Users(DataSource ds, Clock clock, int maxFailures, Duration lockFor) {
        this.ds = ds;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockFor = lockFor;
    }

    /**
     * Creates a user with the creditors named by code (none: every creditor there is, for a single-creditor hub)
     * and returns it; a short error names a taken name or an unknown creditor code. Audited as done by {@code by}.
     */
    public ConsoleUser add(String name, Role role, List<String> creditorCodes, char[] password, String by) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!n.matches("[a-z0-9][a-z0-9._@-]{1,63}")) {
            throw new IllegalArgumentException("user name '" + name + "': 2-64 lower-case letters, digits, '.', '_', '@' or '-'");
        }
        Passwords.checkStrength(password);
        String hash = Passwords.hash(password);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Long> creditors = creditorIds(c, creditorCodes);
                long id;
                try (PreparedStatement ps = new Sql().append("""
                        INSERT INTO console_user (name, role, password_hash) VALUES (?, ?, ?)
                        ON CONFLICT (name) DO NOTHING RETURNING id""", n, role.name(), hash).prepare(c);
                     ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("user name '" + n + "' is taken");
                    }
                    id = rs.getLong(1);
                }
                try (PreparedStatement ps = new Sql().append("""
                        INSERT INTO console_user_creditor (user_id, creditor_id) SELECT ?, unnest(?::bigint[])""",
                        id, creditors.toArray(Long[]::new)).prepare(c)) {
                    ps.executeUpdate();
                }
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("name", n);
                after.put("role", role.label());
                after.put("creditors", creditors);
                Audit.record(c, by, "user.add", "user:" + n, null, after);
                c.commit();
                return new ConsoleUser(id, n, role, creditors);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("adding user " + n + " failed: " + e.getMessage(), e);
        }
    }

    private static List<Long> creditorIds(Connection c, List<String> codes) throws SQLException {
        List<Long> ids = new ArrayList<>();
        if (codes == null || codes.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM creditor ORDER BY id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
        for (String code : codes) {
            try (PreparedStatement ps = new Sql().append("SELECT id FROM creditor WHERE code = ?", code.trim()).prepare(c);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("--creditor " + code + ": no such creditor code");
                }
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /**
     * Checks a password. A wrong one counts a failure; the {@code maxFailures}-th in a row locks the user for
     * {@code lockFor}, and while locked even the right password is refused. The right one clears the count.
     * Every attempt is audited (never the password).
     */
    public SignIn signIn(String name, char[] password) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                String hash;
                Instant lockedUntil;
                int failures;
                try (PreparedStatement ps = new Sql().append("""
                        SELECT id, password_hash, locked_until, failed_logins FROM console_user
                        WHERE name = ? AND NOT disabled FOR UPDATE""", n).prepare(c); ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        // the same work as for a real user, so timing does not tell which names exist
                        Passwords.verify(password, DUMMY);
                        Audit.record(c, n.isEmpty() ? "-" : n, "login.unknown-user", null, null, null);
                        c.commit();
                        return new SignIn(Outcome.WRONG, null);
                    }
                    id = rs.getLong(1);
                    hash = rs.getString(2);
                    java.sql.Timestamp t = rs.getTimestamp(3);
                    lockedUntil = t == null ? null : t.toInstant();
                    failures = rs.getInt(4);
                }
                if (lockedUntil != null && lockedUntil.isAfter(now)) {
                    Audit.record(c, n, "login.locked", "user:" + n, null, Map.of("lockedUntil", lockedUntil.toString()));
                    c.commit();
                    return new SignIn(Outcome.LOCKED, null);
                }
                if (!Passwords.verify(password, hash)) {
                    int f = failures + 1;
                    Instant lock = f >= maxFailures ? now.plus(lockFor) : null;
                    try (PreparedStatement ps = new Sql().append(
                            "UPDATE console_user SET failed_logins = ?, locked_until = ? WHERE id = ?",
                            lock == null ? f : 0, lock, id).prepare(c)) {
                        ps.executeUpdate();
                    }
                    Map<String, Object> after = new LinkedHashMap<>();
                    after.put("failedLogins", f);
                    if (lock != null) {
                        after.put("lockedUntil", lock.toString());
                    }
                    Audit.record(c, n, lock == null ? "login.failed" : "login.lockout", "user:" + n,
                            Map.of("failedLogins", failures), after);
                    c.commit();
                    return new SignIn(lock == null ? Outcome.WRONG : Outcome.LOCKED, null);
                }
                try (PreparedStatement ps = new Sql().append("""
                        UPDATE console_user SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?""",
                        now, id).prepare(c)) {
                    ps.executeUpdate();
                }
                Audit.record(c, n, "login", "user:" + n, null, null);
                c.commit();
                return new SignIn(Outcome.OK, find(c, id).orElseThrow());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("signing in failed: " + e.getMessage(), e);
        }
    }

    /**
     * Issues a new bearer token for the JSON API to the user and returns it; only its SHA-256 is stored, so it is shown
     * this once. Audited as done by {@code by}.
     */
    public String issueToken(String name, String by) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String token = "arr_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = new Sql().append("""
                        INSERT INTO console_api_token (user_id, token_sha256)
                        SELECT id, ? FROM console_user WHERE name = ? AND NOT disabled""", hashOf(token), n).prepare(c)) {
                    if (ps.executeUpdate() == 0) {
                        throw new IllegalArgumentException("user '" + n + "': no such user");
                    }
                }
                Audit.record(c, by, "user.token", "user:" + n, null, null);
                c.commit();
                return token;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("issuing a token for " + n + " failed: " + e.getMessage(), e);
        }
    }

    /** The user a bearer token belongs to, unless disabled or locked. */
    public Optional<ConsoleUser> byToken(String token) {
        if (token == null || !token.startsWith("arr_") || token.length() > 100) {
            return Optional.empty();
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = new Sql().append("""
                SELECT u.id FROM console_api_token t JOIN console_user u ON u.id = t.user_id
                WHERE t.token_sha256 = ? AND NOT u.disabled AND (u.locked_until IS NULL OR u.locked_until <= ?)""",
                hashOf(token), clock.instant()).prepare(c); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? find(c, rs.getLong(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("reading a token failed: " + e.getMessage(), e);
        }
    }

    private static String hashOf(String token) {
        return org.arrears.util.Sha256.hex(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static final String DUMMY = Passwords.hash("not-a-password-of-anyone".toCharArray());

    /** The user with its role and creditors, unless disabled. */
    public Optional<ConsoleUser> find(long id) {
        try (Connection c = ds.getConnection()) {
            return find(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException("reading user " + id + " failed: " + e.getMessage(), e);
        }
    }

    private static Optional<ConsoleUser> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = new Sql().append("""
                SELECT u.name, u.role, coalesce(array_agg(g.creditor_id ORDER BY g.creditor_id)
                                                FILTER (WHERE g.creditor_id IS NOT NULL), '{}')
                FROM console_user u LEFT JOIN console_user_creditor g ON g.user_id = u.id
                WHERE u.id = ? AND NOT u.disabled GROUP BY u.id""", id).prepare(c); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            Long[] creditors = (Long[]) rs.getArray(3).getArray();
            return Optional.of(new ConsoleUser(id, rs.getString(1), Role.valueOf(rs.getString(2)), List.of(creditors)));
        }
    }
}
