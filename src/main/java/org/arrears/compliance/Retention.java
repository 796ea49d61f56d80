package org.arrears.compliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.db.Sql;
import org.arrears.outreach.MessageLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention purge (COMPLIANCE R22, R40 "define retention per data class"): evidence and events older than their
 * retention period are removed, but only for debtors with no collection activity within that period (R22: three years
 * after the last collection activity on the debt).
 *
 * <ul>
 *   <li><b>Evidence</b> ({@code arrears.retention.evidence}, default P3Y): a message's rendered content and the
 *       provider's answer (the row, with its amounts, dates, status and gate decision, stays); a bank file's report
 *       (its row and content hash stay, so the file is still recognised); the raw files of the payments inbox's
 *       processed and quarantine folders and of the inbound mail drop folder's.</li>
 *   <li><b>Events</b> ({@code arrears.retention.events}, default P3Y): message history ({@code communication_event}),
 *       inbound items ({@code inbound_event}, with the replies' text) and consent history ({@code consent_event});
 *       an opt-out itself stays on its contact point.</li>
 * </ul>
 *
 * <p>A debtor's collection activity is a message planned or sent, a payment, an inbound item, or a hold placed (or
 * still in force) within the period. Payments and allocations are bookkeeping and are not purged.
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which data a purge counted or removed. */
    public enum Kind {
        MESSAGE_CONTENT, MESSAGE_EVENTS, INBOUND_EVENTS, CONSENT_EVENTS, BANK_FILE_REPORTS, FILES
    }

    /** The periods: {@code P3Y}, {@code P36M}, {@code P1095D}. */
    public record Periods(Period evidence, Period events) {
        public static Periods from(Settings s) {
            return new Periods(period(s, "arrears.retention.evidence"), period(s, "arrears.retention.events"));
        }

        private static Period period(Settings s, String key) {
            String v = s.get(key, "P3Y").strip();
            Period p;
            try {
                p = Period.parse(v);
            } catch (DateTimeParseException e) {
                throw new ConfigException(s.origin() + ": setting '" + key + "' must be an ISO-8601 period such as P3Y or "
                        + "P36M, got '" + v + "'");
            }
            if (p.isNegative() || p.isZero()) {
                throw new ConfigException(s.origin() + ": setting '" + key + "' must be a positive period, got '" + v + "'");
            }
            return p;
        }
    }

    /** What one purge removed (or, in a dry run, would remove), per kind. */
    public record Report(boolean dryRun, Instant evidenceBefore, Instant eventsBefore, Map<Kind, Integer> counts) {
        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        public String line() {
            StringBuilder b = new StringBuilder(dryRun ? "retention purge (dry run, nothing removed):" : "retention purge:");
            counts.forEach((k, n) -> b.append(' ').append(k.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(n));
            return b.append(" evidence_before=").append(evidenceBefore).append(" events_before=").append(eventsBefore)
                    .toString();
        }
    }

    private final DataSource ds;
    private final Clock clock;
    private final Periods periods;
    private final List<Path> evidenceFolders;

    /** @param evidenceFolders folders of raw evidence files (bank files, inbound mail), purged by file age */
    public Retention(DataSource ds, Clock clock, Periods periods, List<Path> evidenceFolders) {
        this.ds = ds;
        this.clock = clock;
        this.periods = periods;
        this.evidenceFolders = List.copyOf(evidenceFolders);
    }

    /** The timer's call: purges and logs one line. */
    public Report purge() throws SQLException {
        Report r = purge(false);
        LOG.info(r.line());
        return r;
    }

    /** Purges what is past its retention period; a dry run counts it and removes nothing. */
    public Report purge(boolean dryRun) throws SQLException {
        Instant now = clock.instant();
        Instant evidenceBefore = now.atZone(ZoneOffset.UTC).minus(periods.evidence()).toInstant();
        Instant eventsBefore = now.atZone(ZoneOffset.UTC).minus(periods.events()).toInstant();
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                counts.put(Kind.MESSAGE_CONTENT, MessageLifecycle.clearEvidence(c, evidenceBefore, active(evidenceBefore)));
                counts.put(Kind.MESSAGE_EVENTS, MessageLifecycle.purgeEvents(c, eventsBefore, active(eventsBefore)));
                counts.put(Kind.INBOUND_EVENTS, update(c, new Sql().append("""
                        DELETE FROM inbound_event WHERE received_at < ?
                          AND (debtor_id IS NULL OR debtor_id NOT IN (""", eventsBefore).append(active(eventsBefore))
                        .append("))")));
                counts.put(Kind.CONSENT_EVENTS, update(c, new Sql().append("""
                        DELETE FROM consent_event e USING contact_point p
                        WHERE e.contact_point_id = p.id AND e.at < ? AND p.debtor_id NOT IN (""", eventsBefore)
                        .append(active(eventsBefore)).append(")")));
                counts.put(Kind.BANK_FILE_REPORTS, update(c, new Sql().append(
                        "UPDATE bank_file SET report = NULL WHERE report IS NOT NULL AND received_at < ?", evidenceBefore)));
                if (dryRun) {
                    c.rollback();
                } else {
                    counts.put(Kind.FILES, files(evidenceBefore, false));
                    log(c, counts, evidenceBefore, eventsBefore);
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (dryRun) {
            counts.put(Kind.FILES, files(evidenceBefore, true));
        }
        return new Report(dryRun, evidenceBefore, eventsBefore, counts);
    }

    /** Debtors with collection activity since {@code since}: their evidence and events are kept. */
    static Sql active(Instant since) {
        return new Sql().append("""
                SELECT debtor_id FROM communication WHERE planned_at >= ? OR sent_at >= ?
                UNION SELECT debtor_id FROM payment WHERE debtor_id IS NOT NULL AND created_at >= ?
                UNION SELECT debtor_id FROM inbound_event WHERE debtor_id IS NOT NULL AND received_at >= ?
                UNION SELECT debtor_id FROM hold WHERE created_at >= ? OR released_at IS NULL OR released_at >= ?""",
                since, since, since, since, since, since);
    }

    private static int update(Connection c, Sql sql) throws SQLException {
        try (PreparedStatement ps = sql.prepare(c)) {
            return ps.executeUpdate();
        }
    }

    private static void log(Connection c, Map<Kind, Integer> counts, Instant evidenceBefore, Instant eventsBefore)
            throws SQLException {
        ObjectNode detail = JSON.createObjectNode();
        counts.forEach((k, n) -> detail.put(k.name().toLowerCase(java.util.Locale.ROOT), n));
        detail.put("evidenceBefore", evidenceBefore.toString());
        detail.put("eventsBefore", eventsBefore.toString());
        update(c, new Sql().append("INSERT INTO data_protection_log (action, detail) VALUES ('PURGE', ?::jsonb)",
                detail.toString()));
    }

    /** Files under the evidence folders last written before the cutoff: deleted, or only counted. */
    private int files(Instant before, boolean countOnly) {
        int n = 0;
        for (Path folder : evidenceFolders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(folder)) {
                for (Path f : all.filter(Files::isRegularFile).toList()) {
                    try {
                        if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
                            if (!countOnly) {
                                Files.delete(f);
                            }
                            n++;
                        }
                    } catch (NoSuchFileException gone) {
                        // another instance purged it first
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("retention purge: cannot purge the folder " + folder + ": " + e.getMessage(), e);
            }
        }
        return n;
    }
}
