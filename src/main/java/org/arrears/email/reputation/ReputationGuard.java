package org.arrears.email.reputation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import javax.sql.DataSource;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ContactAttempt;
import org.arrears.compliance.SenderHold;
import org.arrears.db.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches each sending domain's reputation (COMPLIANCE R31): over the email sent in the rolling window (7 days), the
 * share that drew a complaint (a feedback report the inbound loop recorded as a FEEDBACK inbound event) and the share
 * that hard-bounced (BOUNCED, or a HARD_BOUNCE on its address). At or above a warning threshold: a task for a person and
 * the gauges {@code arrears_sender_complaint_rate{domain}} and {@code arrears_sender_bounce_rate{domain}}. At or
 * above the limit (R31: 0.3% complaints), with enough volume behind the rate: a hold on the domain, so its email is deferred with REPUTATION_HOLD until
 * a person releases it ({@link #release}). After a release only email sent since then counts.
 *
 * <p>The creditors of a domain come from {@code sendingDomain} (creditor id → the domain of its From address).
 */
public final class ReputationGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ReputationGuard.class);

    /** How a domain stands after an evaluation. */
    public enum Standing { OK, WARNING, HELD }

    /** One domain's figures over its window. */
    public record Rates(String domain, List<Long> creditors, Instant since, int sent, int complaints, int hardBounces,
                        Standing standing) {
        public double complaintRate() {
            return sent == 0 ? 0 : (double) complaints / sent;
        }

        public double bounceRate() {
            return sent == 0 ? 0 : (double) hardBounces / sent;
        }

        /** "acme.example: 3 complaints (1.50%) and 0 hard bounces (0.00%) in 200 emails since ..." */
        public String line() {
            return String.format(Locale.ROOT, "%s: %d complaint(s) (%.2f%%) and %d hard bounce(s) (%.2f%%) in %d email(s) "
                    + "sent since %s: %s", domain, complaints, 100 * complaintRate(), hardBounces, 100 * bounceRate(), sent,
                    since, standing);
        }
    }

    private final DataSource ds;
    private final ReputationSettings settings;
    private final LongFunction<String> sendingDomain;
    private final String emailDomain;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, double[]> gauges = new ConcurrentHashMap<>();
    private volatile Set<String> held;
    private volatile Instant heldReadAt;

    /**
     * @param sendingDomain the sending domain of a creditor's email
     * @param emailDomain   the domain the email adapter sends from (whose email a hold defers)
     */
    public ReputationGuard(DataSource ds, ReputationSettings settings, LongFunction<String> sendingDomain,
                           String emailDomain, Clock clock, MeterRegistry registry) {
        this.ds = ds;
        this.settings = settings;
        this.sendingDomain = sendingDomain;
        this.emailDomain = emailDomain.toLowerCase(Locale.ROOT);
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * The attempt with the hold on its sending domain when email of that domain is held (the gate then defers it);
     * the attempt itself otherwise.
     */
    public ContactAttempt apply(ContactAttempt attempt) {
        if (attempt.channel() != Channel.EMAIL) {
            return attempt;
        }
        Set<String> held = held();
        if (held.isEmpty()) {
            return attempt; // the usual case: no message is looked up
        }
        String domain = domainOf(attempt.communicationId());
        if (!held.contains(domain)) {
            return attempt;
        }
        return attempt.withSenderHold(new SenderHold(domain, attempt.now().plus(settings.lookAgain())));
    }

    /**
     * The sending domain of a message: its creditor's From domain (one look-up by primary key, made only while some
     * domain is held); the hub's own for a message not yet stored (a preview) or when the look-up fails.
     */
    private String domainOf(long communicationId) {
        if (communicationId <= 0) {
            return emailDomain;
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = new Sql().append(
                "SELECT creditor_id FROM communication WHERE id = ?", communicationId).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            String domain = rs.next() ? sendingDomain.apply(rs.getLong(1)) : null;
            return domain == null ? emailDomain : domain.toLowerCase(Locale.ROOT);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("the sending domain of message {} cannot be read (the hub's own is used): {}", communicationId,
                    e.getMessage());
            return emailDomain;
        }
    }

    /** The domains held now (read again after arrears.reputation.refresh; a failed read keeps the last known). */
    public Set<String> held() {
        Set<String> h = held;
        Instant at = heldReadAt;
        Instant now = clock.instant();
        if (h != null && at != null && !now.isAfter(at.plus(settings.refresh())) && !now.isBefore(at)) {
            return h;
        }
        try (Connection c = ds.getConnection()) {
            h = heldDomains(c);
            held = h;
            heldReadAt = now;
            return h;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("the held sending domains cannot be read (the last known are used): {}", e.getMessage());
            return held == null ? Set.of() : held;
        }
    }

    private static Set<String> heldDomains(Connection c) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (PreparedStatement ps = new Sql().append("SELECT domain FROM sender_hold WHERE released_at IS NULL").prepare(c);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Measures every sending domain, raises tasks and gauges, and holds a domain over its limit. */
    public List<Rates> evaluate() {
        Instant now = clock.instant();
        Instant windowStart = now.minus(settings.window());
        List<Rates> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, List<Long>> byDomain = new LinkedHashMap<>();
                try (PreparedStatement ps = new Sql().append("SELECT id FROM creditor ORDER BY id").prepare(c);
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        byDomain.computeIfAbsent(sendingDomain.apply(id).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(id);
                    }
                }
                Set<String> heldNow = heldDomains(c);
                Map<String, Instant> released = lastReleases(c);
                for (Map.Entry<String, List<Long>> e : byDomain.entrySet()) {
                    String domain = e.getKey();
                    Instant since = released.containsKey(domain) && released.get(domain).isAfter(windowStart)
                            ? released.get(domain) : windowStart;
                    Rates r = measure(c, domain, e.getValue(), since, now);
                    gauge(domain, r);
                    out.add(act(c, r, heldNow.contains(domain), now));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            held = heldDomains(c);
            heldReadAt = now;
        } catch (SQLException e) {
            throw new IllegalStateException("the sender reputation could not be evaluated: " + e.getMessage(), e);
        }
        return out;
    }

    private static Map<String, Instant> lastReleases(Connection c) throws SQLException {
        Map<String, Instant> out = new HashMap<>();
        try (PreparedStatement ps = new Sql().append(
                "SELECT domain, max(released_at) FROM sender_hold WHERE released_at IS NOT NULL GROUP BY domain").prepare(c);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        }
        return out;
    }

    private static Rates measure(Connection c, String domain, List<Long> creditors, Instant since, Instant now)
            throws SQLException {
        try (PreparedStatement ps = new Sql().append("""
                SELECT count(*),
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM inbound_event e
                                                      WHERE e.communication_id = m.id AND e.kind = 'FEEDBACK')),
                       count(*) FILTER (WHERE m.status = 'BOUNCED' OR EXISTS (SELECT 1 FROM consent_event x
                                                      WHERE x.communication_id = m.id AND x.event = 'HARD_BOUNCE'))
                FROM communication m
                WHERE m.channel = 'email' AND m.sent_at IS NOT NULL AND m.sent_at >= ?::timestamptz
                  AND m.sent_at <= ?::timestamptz AND m.creditor_id = ANY(?)
                """, since.toString(), now.toString(), (Object) creditors.toArray(Long[]::new)).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Rates(domain, List.copyOf(creditors), since, rs.getInt(1), rs.getInt(2), rs.getInt(3), Standing.OK);
        }
    }

    /** Tasks above the warning thresholds, a hold above a limit; the rates with the domain's standing. */
    private Rates act(Connection c, Rates r, boolean alreadyHeld, Instant now) throws SQLException {
        String reason = null;
        if (r.sent() >= settings.minSent()) {
            if (r.complaints() >= settings.minEvents() && r.complaintRate() >= settings.complaintLimit()) {
                reason = "COMPLAINT_RATE";
            } else if (r.hardBounces() >= settings.minEvents() && r.bounceRate() >= settings.bounceLimit()) {
                reason = "BOUNCE_RATE";
            }
        }
        boolean warn = (r.complaints() > 0 && r.complaintRate() >= settings.complaintWarn())
                || (r.hardBounces() > 0 && r.bounceRate() >= settings.bounceWarn());
        String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        long creditor = r.creditors().get(0);
        if (reason != null && !alreadyHeld) {
            try (PreparedStatement ps = new Sql().append("""
                    INSERT INTO sender_hold (domain, creditor_id, reason, sent, complaints, hard_bounces, window_start, placed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz)
                    ON CONFLICT (domain) WHERE released_at IS NULL DO NOTHING
                    """, r.domain(), creditor, reason, r.sent(), r.complaints(), r.hardBounces(), r.since().toString(),
                    now.toString()).prepare(c)) {
                if (ps.executeUpdate() > 0) {
                    LOG.warn("email from {} is held ({}): {}; release it with: arrears mail release-domain {}", r.domain(),
                            reason, r.line(), r.domain());
                    task(c, creditor, "sender-hold:" + r.domain() + ":" + now, "Email from " + r.domain()
                            + " is held for its " + (reason.equals("COMPLAINT_RATE") ? "complaint" : "hard-bounce") + " rate",
                            r.line() + ". Find the cause (list, content, consent), then release it: arrears mail "
                                    + "release-domain " + r.domain());
                }
            }
        }
        if (warn) {
            task(c, creditor, "sender-reputation:" + r.domain() + ":" + day, "Sender reputation of " + r.domain()
                    + " is above its warning threshold", r.line());
        }
        Standing standing = reason != null || alreadyHeld ? Standing.HELD : warn ? Standing.WARNING : Standing.OK;
        return new Rates(r.domain(), r.creditors(), r.since(), r.sent(), r.complaints(), r.hardBounces(), standing);
    }

    private static void task(Connection c, long creditor, String dedupe, String title, String detail) throws SQLException {
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO task (kind, creditor_id, title, detail, dedupe_key) VALUES ('SENDER_REPUTATION', ?, ?, ?, ?)
                ON CONFLICT (dedupe_key) DO NOTHING
                """, creditor, title, detail, dedupe).prepare(c)) {
            ps.executeUpdate();
        }
    }

    private void gauge(String domain, Rates r) {
        double[] v = gauges.computeIfAbsent(domain, d -> {
            double[] holder = new double[2];
            Gauge.builder("arrears_sender_complaint_rate", holder, h -> h[0])
                    .description("Share of the email sent in the window that drew a complaint").tag("domain", d).register(registry);
            Gauge.builder("arrears_sender_bounce_rate", holder, h -> h[1])
                    .description("Share of the email sent in the window that hard-bounced").tag("domain", d).register(registry);
            return holder;
        });
        v[0] = r.complaintRate();
        v[1] = r.bounceRate();
    }

    /**
     * Releases the hold on a domain, recording who and when; false when the domain was not held.
     *
     * @param by the person releasing it
     */
    public boolean release(String domain, String by, String note) {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("releasing a sending domain needs the name of the person who releases it");
        }
        Instant now = clock.instant();
        try (Connection c = ds.getConnection(); PreparedStatement ps = new Sql().append("""
                UPDATE sender_hold SET released_at = ?::timestamptz, released_by = ?, release_note = ?
                WHERE domain = ? AND released_at IS NULL
                """, now.toString(), by.strip(), note, domain.strip().toLowerCase(Locale.ROOT)).prepare(c)) {
            boolean released = ps.executeUpdate() > 0;
            held = heldDomains(c);
            heldReadAt = now;
            if (released) {
                LOG.info("email from {} released by {}", domain, by.strip());
            }
            return released;
        } catch (SQLException e) {
            throw new IllegalStateException("releasing " + domain + " failed: " + e.getMessage(), e);
        }
    }
}
