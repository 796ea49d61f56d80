package org.arrears.report;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.arrears.db.Sql;

/**
 * The placement file for an agency or a legal handoff (COMPLIANCE R48): one row per open invoice of the debtors placed
 * (every debtor with an invoice at least {@code minDpd} days past due as of the date), carrying every suppression and
 * constraint flag the hub knows (cease, dispute with its date, attorney with contact, bankruptcy, deceased, designated
 * inconvenient times, channel opt-outs, the employer-email flag, holds), the itemization the agency builds its own
 * validation notice from (itemization date: the invoice's issue date, the transaction date; components: the amount
 * then, interest and fees since, both zero as the hub charges none, payments and credits since, and the amount now),
 * and the R6 evidence (the creditor's notice date per email address). SCRA and breathing-space status are not
 * recorded by the hub: their columns say so, so the agency runs its own checks (R20, R21).
 *
 * <p>Before the file is returned it is checked against the debtors' own rows ({@link #verify}): a debtor with a flag
 * or inconvenient times whose rows do not carry them fails the export.
 */
public final class Placement {

    /** Put in the SCRA and breathing-space columns. */
    public static final String NOT_RECORDED = "not recorded by the hub";

    /** The export failed its integrity check: a constraint of the account is missing from its rows. */
    public static final class IncompleteException extends IllegalStateException {
        public IncompleteException(String message) {
            super(message);
        }
    }

    private final DataSource ds;

    public Placement(DataSource ds) {
        this.ds = ds;
    }

    public ReportTable report(LocalDate asOf, int minDpd, CreditorScope scope) {
        if (minDpd < 0) {
            throw new IllegalArgumentException("placement --min-dpd must be 0 or more, got " + minDpd);
        }
        Sql placed = new Sql().append("""
                SELECT DISTINCT i.debtor_id FROM invoice i
                WHERE i.open_amount > 0 AND ?::date - i.due_date >= ?""", asOf, minDpd).append(scope.and("i.creditor_id"));
        Sql sql = new Sql().append("WITH placed AS (").append(placed).append("""
                ), flags AS (
                    SELECT d.id AS debtor_id,
                           d.cease_communication OR coalesce(f.cease_communication, false) AS cease,
                           d.attorney_represented OR coalesce(f.attorney_represented, false) AS attorney,
                           d.bankruptcy OR coalesce(f.bankruptcy, false) AS bankruptcy,
                           d.deceased OR coalesce(f.deceased, false) AS deceased
                    FROM debtor d JOIN placed p ON p.debtor_id = d.id LEFT JOIN debtor_flag f ON f.debtor_id = d.id
                ), points AS (
                    SELECT cp.debtor_id,
                           string_agg(cp.channel || ' ' || cp.address || ' opted out ' || to_char(cp.opted_out_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
                                      || coalesce(' (' || cp.opt_out_source || ')', ''), '; ' ORDER BY cp.id)
                               FILTER (WHERE cp.opted_out_at IS NOT NULL) AS opt_outs,
                           bool_or(cp.work_email) AS employer_email,
                           string_agg(cp.address || ' ' || to_char(cp.creditor_notice_sent_on, 'YYYY-MM-DD'), '; ' ORDER BY cp.id)
                               FILTER (WHERE cp.channel = 'email' AND cp.creditor_notice_sent_on IS NOT NULL) AS notice_35_day
                    FROM contact_point cp JOIN placed p ON p.debtor_id = cp.debtor_id
                    GROUP BY cp.debtor_id
                ), holds AS (
                    SELECT h.debtor_id, h.invoice_id, h.kind, h.created_at, h.until
                    FROM hold h JOIN placed p ON p.debtor_id = h.debtor_id
                    WHERE h.released_at IS NULL AND (h.until IS NULL OR h.until >= ?::date)
                )
                SELECT d.id AS debtor_id, d.external_ref, d.name, d.kind, d.jurisdiction, d.postal_code, cr.code AS creditor,
                       i.invoice_number, i.currency, i.issue_date, i.due_date, ?::date - i.due_date AS dpd,
                       i.issue_date AS itemization_date, i.amount AS itemization_amount,
                       0.00::numeric(18, 2) AS interest_since, 0.00::numeric(18, 2) AS fees_since,
                       i.amount - i.open_amount AS payments_since, i.open_amount AS amount_due,
                       fl.cease, dis.since IS NOT NULL AS dispute, dis.since::date AS dispute_since,
                       fl.attorney, d.attorney_contact, fl.bankruptcy, fl.deceased,
                       ?::text AS scra, ?::text AS breathing_space,
                       CASE WHEN d.no_contact_before IS NOT NULL OR d.no_contact_after IS NOT NULL
                            THEN 'not before ' || coalesce(to_char(d.no_contact_before, 'HH24:MI'), '-') || ', not after '
                                 || coalesce(to_char(d.no_contact_after, 'HH24:MI'), '-') || coalesce(' ' || d.time_zone, '') END
                           AS inconvenient_times,
                       pt.opt_outs AS channel_opt_outs, coalesce(pt.employer_email, false) AS employer_email,
                       pt.notice_35_day AS creditor_35_day_notice,
                       (SELECT string_agg(h.kind || coalesce(' until ' || h.until, ''), '; ' ORDER BY h.created_at)
                        FROM holds h WHERE h.debtor_id = d.id AND (h.invoice_id IS NULL OR h.invoice_id = i.id)) AS holds
                FROM placed p
                JOIN debtor d ON d.id = p.debtor_id
                JOIN creditor cr ON cr.id = d.creditor_id
                JOIN flags fl ON fl.debtor_id = d.id
                JOIN invoice i ON i.debtor_id = d.id AND i.open_amount > 0
                LEFT JOIN points pt ON pt.debtor_id = d.id
                LEFT JOIN LATERAL (SELECT min(h.created_at) AS since FROM holds h
                                   WHERE h.debtor_id = d.id AND h.kind = 'DISPUTE'
                                     AND (h.invoice_id IS NULL OR h.invoice_id = i.id)) dis ON true
                ORDER BY d.id, i.due_date, i.id""", asOf, asOf, NOT_RECORDED, NOT_RECORDED);
        try (Connection c = ds.getConnection()) {
            ReportTable t = Rows.query(c, "Placement file as of " + asOf + " (" + minDpd + "+ days past due)", sql);
            verify(t, facts(c, placed, asOf));
            return t;
        } catch (SQLException e) {
            throw new IllegalStateException("placement file as of " + asOf + " failed: " + e.getMessage(), e);
        }
    }

    /** What a placed debtor's own rows say, read separately from the export's query. */
    public record Facts(long debtorId, boolean cease, boolean attorney, boolean bankruptcy, boolean deceased,
                        boolean inconvenientTimes, boolean optOut, boolean employerEmail, boolean dispute) {
    }

    private static Map<Long, Facts> facts(Connection c, Sql placed, LocalDate asOf) throws SQLException {
        Sql sql = new Sql().append("WITH placed AS (").append(placed).append("""
                )
                SELECT d.id,
                       d.cease_communication OR coalesce(f.cease_communication, false),
                       d.attorney_represented OR coalesce(f.attorney_represented, false),
                       d.bankruptcy OR coalesce(f.bankruptcy, false),
                       d.deceased OR coalesce(f.deceased, false),
                       d.no_contact_before IS NOT NULL OR d.no_contact_after IS NOT NULL,
                       EXISTS (SELECT 1 FROM contact_point cp WHERE cp.debtor_id = d.id AND cp.opted_out_at IS NOT NULL),
                       EXISTS (SELECT 1 FROM contact_point cp WHERE cp.debtor_id = d.id AND cp.work_email),
                       EXISTS (SELECT 1 FROM hold h WHERE h.debtor_id = d.id AND h.kind = 'DISPUTE' AND h.released_at IS NULL
                               AND (h.until IS NULL OR h.until >= ?::date))
                FROM debtor d JOIN placed p ON p.debtor_id = d.id LEFT JOIN debtor_flag f ON f.debtor_id = d.id""", asOf);
        Map<Long, Facts> out = new HashMap<>();
        try (var ps = sql.prepare(c); var rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), new Facts(rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                        rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9)));
            }
        }
        return out;
    }

    /**
     * Fails unless every placed debtor has rows, and each of its rows carries each flag its own rows have (R48: a
     * file missing {@code inconvenient_times} for an account that has them fails). Over the columns of
     * {@link #report}.
     */
    public static void verify(ReportTable t, Map<Long, Facts> facts) {
        Map<Long, Integer> rowsPerDebtor = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (List<Object> r : t.rows()) {
            long debtor = ((Number) r.get(t.column("debtor_id"))).longValue();
            rowsPerDebtor.merge(debtor, 1, Integer::sum);
            Facts f = facts.get(debtor);
            if (f == null) {
                continue;
            }
            check(missing, debtor, "cease", f.cease(), Boolean.TRUE.equals(r.get(t.column("cease"))));
            check(missing, debtor, "attorney", f.attorney(), Boolean.TRUE.equals(r.get(t.column("attorney"))));
            check(missing, debtor, "bankruptcy", f.bankruptcy(), Boolean.TRUE.equals(r.get(t.column("bankruptcy"))));
            check(missing, debtor, "deceased", f.deceased(), Boolean.TRUE.equals(r.get(t.column("deceased"))));
            check(missing, debtor, "inconvenient_times", f.inconvenientTimes(), r.get(t.column("inconvenient_times")) != null);
            check(missing, debtor, "channel_opt_outs", f.optOut(), r.get(t.column("channel_opt_outs")) != null);
            check(missing, debtor, "employer_email", f.employerEmail(), Boolean.TRUE.equals(r.get(t.column("employer_email"))));
            if (f.dispute() && !rowsOf(t, debtor).anyMatch(x -> Boolean.TRUE.equals(x.get(t.column("dispute"))))) {
                missing.add("debtor " + debtor + ": dispute");
            }
        }
        facts.keySet().stream().filter(d -> !rowsPerDebtor.containsKey(d)).forEach(d -> missing.add("debtor " + d + ": no rows"));
        if (!missing.isEmpty()) {
            throw new IncompleteException("placement file fails its integrity check (R48), missing "
                    + String.join(", ", missing.stream().distinct().limit(20).toList()));
        }
    }

    private static java.util.stream.Stream<List<Object>> rowsOf(ReportTable t, long debtor) {
        return t.rows().stream().filter(r -> ((Number) r.get(t.column("debtor_id"))).longValue() == debtor);
    }

    private static void check(List<String> missing, long debtor, String what, boolean has, boolean carried) {
        if (has && !carried) {
            missing.add("debtor " + debtor + ": " + what);
        }
    }
}
