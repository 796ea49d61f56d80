package org.arrears.policy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.arrears.ar.ArSource;
import org.arrears.compliance.Channel;
import org.arrears.db.Sql;
import org.arrears.outreach.MessageLifecycle;

/**
 * Plans due dunning steps into the communication outbox with set-based SQL: one statement per policy and
 * chunk of debtors (by id range), each committed on its own, so dispatchers send the first chunk's messages
 * while the next is planned. A unique dedupe key (debtor, currency, policy, step, cycle, repeat, channel)
 * makes planning idempotent, also when two hub instances plan at once or a run stops halfway.
 *
 * <p>Rules: a debtor's open, unheld invoices in one currency form a group; its days past due are those of
 * its oldest invoice; the step planned follows the policy's catch-up (first-step: the step after the cycle's
 * last one, starting at the first message step that fits; age: the highest one whose offset has been reached),
 * never one at or below a step already planned in the same dunning cycle (a repeating final step repeats every
 * N days); a debtor is contacted for one group at a time, the others waiting for the gap between contacts; the
 * message lists every overdue invoice of the group (upcoming ones too for a courtesy step), as {@link MessageScope}
 * defines for the planner, its dry run and the preview alike.
 */
public final class Planner {

    public static final int DEFAULT_CHUNK_DEBTORS = 10_000;

    private static final String ACTIVE = "('PLANNED','CLAIMED','DEFERRED','SENT','DELIVERED')";

    private final DataSource ds;
    private final ArSource ar;
    private final List<DunningPolicy> policies;
    private final Clock clock;
    private final int chunkDebtors;
    private final Duration statementTimeout;
    /** The creditors whose debtors a policy may plan for (null: every creditor); see {@link #scopedBy}. */
    private volatile java.util.function.Function<String, Long[]> creditorsOf = code -> null;

    /**
     * @param chunkDebtors     debtors planned (and committed) per statement; their messages can leave meanwhile
     * @param statementTimeout bounds each planning statement, which runs the policies' segment SQL
     */
    public Planner(DataSource ds, ArSource ar, List<DunningPolicy> policies, Clock clock, int chunkDebtors,
                   Duration statementTimeout) {
        if (chunkDebtors < 1) {
            throw new IllegalArgumentException("chunkDebtors must be at least 1, not " + chunkDebtors);
        }
        this.ds = ds;
        this.ar = ar;
        this.policies = List.copyOf(policies);
        this.clock = clock;
        this.chunkDebtors = chunkDebtors;
        this.statementTimeout = statementTimeout;
    }

    /**
     * Checks every policy's segment SQL against the debtor source, as the planner will run it: a condition that
     * PostgreSQL rejects (a misspelt column, a syntax error, a query where a condition belongs) stops startup
     * with the policy file and the line of its segment.sql.
     */
    public void verifySegments() {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            for (DunningPolicy p : policies) {
                if (p.segment().sql() == null) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    s.execute(timeoutSetting());
                }
                try (PreparedStatement ps = new Sql().append("SELECT 1 FROM " + ar.debtors() + " d WHERE ")
                        .append(p.segment().predicate()).append(" LIMIT 0").prepare(c)) {
                    ps.executeQuery().close();
                } catch (SQLException e) {
                    c.rollback();
                    throw new PolicyException(p.source() + ":" + p.segment().line() + ": segment.sql is not a condition the "
                            + "debtor source (alias d) accepts: " + firstLine(e.getMessage()));
                }
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("checking the policies' segment SQL failed: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** SET LOCAL statement_timeout, in milliseconds (the policies' SQL is trusted, but must not run unbounded). */
    private String timeoutSetting() {
        return "SET LOCAL statement_timeout = " + Math.max(1, statementTimeout.toMillis());
    }

    public List<DunningPolicy> policies() {
        return policies;
    }

    /**
     * Plans each policy only for the debtors of the creditors it names (null: every creditor), so a creditor's own
     * policy never reaches another creditor's debtors; a debtor a restricted policy leaves out falls through to the
     * next policy whose segment it matches, in the planner, its dry run and the preview alike.
     */
    public Planner scopedBy(java.util.function.Function<String, Long[]> creditorsOfPolicy) {
        this.creditorsOf = creditorsOfPolicy;
        return this;
    }

    /** Plans what is due today in the hub's clock. */
    public PlanResult planToday() {
        return plan(LocalDate.now(clock));
    }

    public PlanResult plan(LocalDate asOf) {
        Instant now = clock.instant();
        // planned for a later day: due from that day's start (UTC), so a running dispatcher does not send it early
        Instant dayStart = asOf.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant notBefore = dayStart.isAfter(now) ? dayStart : now;
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        int tasks = 0;
        ar.refresh(ds); // the ERP's contact points imported, RF references issued, before anything is planned
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            closeFinishedCycles(c, asOf);
            Approvals.request(c, policies, asOf); // runs that need approval wait before any message is committed
            c.commit();
            List<long[]> chunks = debtorChunks(c);
            for (int p = 0; p < policies.size(); p++) {
                DunningPolicy policy = policies.get(p);
                for (long[] chunk : chunks) {
                    try (Statement s = c.createStatement()) {
                        // the chunk is grouped and sorted in memory; the default 4 MB spills to disk
                        s.execute("SET LOCAL work_mem = '64MB'");
                        // Planned afresh for each chunk's bounds: a cached generic plan, blind to them, estimates a
                        // handful of rows and joins the chunk's invoices row by row.
                        s.execute("SET LOCAL plan_cache_mode = force_custom_plan");
                        s.execute(timeoutSetting());
                    }
                    try (PreparedStatement ps = openCycles(p, asOf, chunk[0], chunk[1]).prepare(c)) {
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = planStatement(p, asOf, notBefore, chunk[0], chunk[1]).prepare(c);
                         ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if ("task".equals(rs.getString(2))) {
                                tasks += rs.getInt(3);
                            } else {
                                counts.merge(List.of(policy.code(), rs.getString(1), rs.getString(2)), rs.getInt(3), Integer::sum);
                            }
                        }
                    }
                    // committed per chunk: dispatchers send these messages while the next chunk is planned
                    c.commit();
                }
            }
            List<PlanResult.Line> lines = new ArrayList<>();
            counts.forEach((k, n) -> lines.add(new PlanResult.Line(k.get(0), k.get(1), k.get(2), n)));
            PlanResult result = new PlanResult(asOf, lines, tasks);
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("planning for " + asOf + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Debtor id ranges (lower bound exclusive, upper inclusive) of chunkDebtors debtors each, bounded by every
     * chunkDebtors-th id; the first and last are open-ended, so a debtor added meanwhile is still in one of them.
     */
    private List<long[]> debtorChunks(Connection c) throws SQLException {
        List<long[]> out = new ArrayList<>();
        long lo = Long.MIN_VALUE;
        try (PreparedStatement ps = new Sql().append("SELECT debtor_id FROM (SELECT d.debtor_id, row_number() OVER "
                + "(ORDER BY d.debtor_id) AS n FROM " + ar.debtors() + " d) x WHERE n % ? = 0 ORDER BY debtor_id",
                chunkDebtors).prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long bound = rs.getLong(1);
                out.add(new long[] {lo, bound});
                lo = bound;
            }
        }
        out.add(new long[] {lo, Long.MAX_VALUE});
        return out;
    }

    /** Opens a dunning cycle for every eligible group of one policy and chunk that has none open. */
    private Sql openCycles(int p, LocalDate asOf, long lo, long hi) {
        return new Sql().append(eligible(p, asOf, lo, hi)).append("""
                INSERT INTO dunning_cycle (debtor_id, currency) SELECT debtor_id, currency FROM eligible
                ON CONFLICT (debtor_id, currency) WHERE closed_at IS NULL DO NOTHING
                """);
    }

    /**
     * One statement for one policy and one chunk of debtors, after {@link #openCycles}: plans messages with
     * their invoice links and history, and raises escalation tasks. The cycles are opened beforehand so that
     * here they are an indexed table, not a just-inserted set PostgreSQL cannot estimate (joined row by row).
     */
    private Sql planStatement(int p, LocalDate asOf, Instant notBefore, long lo, long hi) {
        DunningPolicy policy = policies.get(p);
        return new Sql().append(eligible(p, asOf, lo, hi)).append("""
                , grouped AS (
                  SELECT e.*, cy.id AS cycle_id, %s AS last_contact FROM eligible e
                  JOIN dunning_cycle cy ON cy.debtor_id = e.debtor_id AND cy.currency = e.currency AND cy.closed_at IS NULL
                  WHERE %s
                ), cycled AS (
                  SELECT * FROM (SELECT e.*, %s FROM grouped e) r WHERE debtor_rank = 1
                ), """.formatted(LAST_CONTACT, NOT_PASSED, RANK)).append(MessageLifecycle.insertPlanned(new Sql().append("""
                  SELECT replace(gen_random_uuid()::text, '-', ''),
                         %s,
                         e.debtor_id, e.currency, e.cycle_id, ?, ?, sc.step_code, e.step_index, e.repeat_no,
                         sc.channel, sc.template, sc.cp_id, sc.cp_address, ?::date, ?::timestamptz, e.total, sc.fallbacks,
                         e.creditor_id
                  FROM cycled e
                  CROSS JOIN LATERAL (%s) sc
                  """.formatted(DEDUPE_KEY, MessageScope.stepChannels("e")),
                        policy.code(), policy.code(), policy.version(), asOf, notBefore),
                "planned by policy " + policy.code() + "@" + policy.version())).append("""
                , links AS (
                  INSERT INTO communication_invoice (communication_id, invoice_id, open_amount_at_plan)
                  SELECT ins.id, i.invoice_id, i.open_amount
                  FROM ins JOIN steps s ON s.step_index = ins.step_index
                  JOIN inv i ON i.debtor_id = ins.debtor_id AND i.currency = ins.currency
                            AND %s
                  RETURNING 1
                ), escalated AS (
                  INSERT INTO task (kind, debtor_id, cycle_id, step_index, title, detail, dedupe_key)
                  SELECT 'ESCALATION', e.debtor_id, e.cycle_id, e.step_index, sc.template,
                         format('%%s %%s open, oldest invoice %%s days past due (policy %%s)', e.currency, e.total, e.dpd, ?::text),
                         concat_ws(':', 'escalation', e.cycle_id, e.step_index, e.repeat_no)
                  FROM cycled e JOIN step_channels sc ON sc.step_index = e.step_index AND sc.channel = 'task'
                  ON CONFLICT (dedupe_key) DO NOTHING
                  RETURNING 1
                )
                SELECT step_code, channel, count(*) FROM ins GROUP BY step_code, channel
                UNION ALL SELECT NULL, 'task', count(*) FROM escalated
                ORDER BY 1, 2
                """.formatted(MessageScope.listed("i.dpd", "s.offset_days")), policy.code());
    }

    /** What plan(asOf) would create, without writing anything, plus what is held back and why. */
    public PlanPreview preview(LocalDate asOf) {
        List<PlanPreview.Candidate> candidates = new ArrayList<>();
        List<PlanPreview.HeldBack> held = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(timeoutSetting());
            }
            for (int p = 0; p < policies.size(); p++) {
                DunningPolicy policy = policies.get(p);
                Sql q = new Sql().append(eligible(p, asOf, Long.MIN_VALUE, Long.MAX_VALUE)).append("""
                        , grouped AS (
                          SELECT e.*, cy.id AS cycle_id, %s AS last_contact FROM eligible e
                          LEFT JOIN dunning_cycle cy ON cy.debtor_id = e.debtor_id AND cy.currency = e.currency AND cy.closed_at IS NULL
                          WHERE %s
                        ), ranked AS (
                          SELECT e.*, %s FROM grouped e
                        ), listed AS (
                          SELECT e.debtor_id, e.currency, string_agg(i.invoice_number, ', ' ORDER BY i.due_date) AS numbers
                          FROM ranked e JOIN inv i ON i.debtor_id = e.debtor_id AND i.currency = e.currency AND %s
                          GROUP BY e.debtor_id, e.currency
                        )
                        SELECT e.debtor_id, e.currency, e.dpd, sc.step_code, e.offset_days, e.repeat_no, sc.channel,
                               sc.template, sc.cp_id, sc.cp_address, e.total, l.numbers, e.debtor_rank, e.first_currency,
                               array_to_string(sc.fallbacks, ','), sc.skipped
                        FROM ranked e
                        JOIN listed l ON l.debtor_id = e.debtor_id AND l.currency = e.currency
                        CROSS JOIN LATERAL (%s
                          UNION ALL
                          SELECT t.step_index, t.channel, t.template, t.step_code, NULL, NULL, '{}'::text[], NULL
                          FROM step_channels t WHERE t.step_index = e.step_index AND t.channel = 'task') sc
                        WHERE NOT EXISTS (SELECT 1 FROM communication c WHERE c.dedupe_key = %s)
                        ORDER BY e.debtor_id, e.currency, sc.channel
                        """.formatted(LAST_CONTACT, NOT_PASSED, RANK, MessageScope.listed("i.dpd", "e.offset_days"),
                        MessageScope.stepChannels("e"), DEDUPE_KEY), policy.code());
                try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(13) > 1) {
                            held.add(new PlanPreview.HeldBack(policy.code(), rs.getLong(1), rs.getString(2), rs.getInt(3),
                                    "MIN_DAYS_BETWEEN_CONTACTS", "the debtor's " + rs.getString(14) + " invoices are "
                                    + "contacted first; one contact per debtor at a time, this group follows"));
                            continue;
                        }
                        long cp = rs.getLong(9);
                        candidates.add(new PlanPreview.Candidate(policy.code(), rs.getLong(1), rs.getString(2),
                                rs.getInt(3), rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getString(7),
                                rs.getString(8), rs.wasNull() ? null : cp, rs.getString(10), rs.getBigDecimal(11),
                                rs.getString(12), rs.getString(15), rs.getString(16)));
                    }
                }
                Sql h = new Sql().append(scope(p, asOf, Long.MIN_VALUE, Long.MAX_VALUE)).append("""
                        SELECT due.debtor_id, due.currency, due.dpd,
                               CASE WHEN due.total < coalesce(m.minimum, ?::numeric) THEN 'BELOW_MINIMUM'
                                    ELSE 'MIN_DAYS_BETWEEN_CONTACTS' END,
                               CASE WHEN due.total < coalesce(m.minimum, ?::numeric)
                                    THEN format('open %%s %%s is below the policy minimum %%s', due.currency, due.total, coalesce(m.minimum, ?::numeric))
                                    ELSE format('last contact on %%s; at most one contact per debtor in %%s day(s), across its currencies',
                                                (SELECT max(coalesce(c.sent_at::date, c.plan_date)) FROM communication c
                                                  WHERE c.debtor_id = due.debtor_id AND c.status IN %s), ?::int) END
                        FROM due LEFT JOIN minbal m ON m.currency = due.currency
                        WHERE due.total < coalesce(m.minimum, ?::numeric) OR %s
                        UNION ALL
                        SELECT h.debtor_id, coalesce(i.currency, ''), coalesce(?::date - i.due_date, 0), h.kind,
                               concat_ws(' ', 'invoice ' || i.invoice_number,
                                         CASE WHEN h.invoice_id IS NULL THEN 'whole debtor' END, h.reason,
                                         'until ' || h.until)
                        FROM hold h JOIN d ON d.debtor_id = h.debtor_id
                        LEFT JOIN %s i ON i.invoice_id = h.invoice_id
                        WHERE h.released_at IS NULL AND (h.until IS NULL OR h.until >= ?::date)
                          AND (h.invoice_id IS NULL OR i.open_amount > 0)
                        ORDER BY 1, 2
                        """.formatted(ACTIVE, gapPredicate("due"), ar.invoices()),
                        policy.defaultMinimumBalance(), policy.defaultMinimumBalance(), policy.defaultMinimumBalance(),
                        gap(policy), policy.defaultMinimumBalance(), asOf, gap(policy),
                        asOf, asOf);
                try (PreparedStatement ps = h.prepare(c); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        held.add(new PlanPreview.HeldBack(policy.code(), rs.getLong(1), rs.getString(2), rs.getInt(3),
                                rs.getString(4), rs.getString(5)));
                    }
                }
            }
            c.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("plan preview for " + asOf + " failed: " + e.getMessage(), e);
        }
        return new PlanPreview(asOf, candidates, held);
    }

    /**
     * Closes the cycles of groups with nothing left to dun: no open invoice that is overdue or inside a
     * courtesy horizon. A later invoice then starts a cycle of its own at the bottom of the ladder.
     */
    private void closeFinishedCycles(Connection c, LocalDate asOf) throws SQLException {
        int horizon = policies.stream().mapToInt(DunningPolicy::courtesyHorizonDays).max().orElse(0);
        try (PreparedStatement ps = new Sql().append("UPDATE dunning_cycle cy SET closed_at = now() WHERE closed_at IS NULL AND NOT EXISTS "
                + "(SELECT 1 FROM " + ar.invoices() + " i WHERE i.debtor_id = cy.debtor_id "
                + "AND i.currency = cy.currency AND i.open_amount > 0 AND i.due_date <= ?::date + ?::int)", asOf, horizon).prepare(c)) {
            ps.executeUpdate();
        }
    }

    /**
     * CTEs steps, step_channels, minbal, d, inv, grp, due: the debtors of policy p (explicitly assigned, or
     * in its segment and in no earlier policy's segment), their open unheld invoices and the step due.
     */
    private Sql scope(int p, LocalDate asOf, long lo, long hi) {
        DunningPolicy policy = policies.get(p);
        List<DunningStep> steps = policy.steps();
        List<Integer> scIndex = new ArrayList<>();
        List<String> scChannel = new ArrayList<>();
        List<String> scTemplate = new ArrayList<>();
        List<String> scCode = new ArrayList<>();
        List<Integer> scOrd = new ArrayList<>();
        List<Boolean> scAllOf = new ArrayList<>();
        List<String> scAfter = new ArrayList<>();
        for (DunningStep s : steps) {
            if (s.escalation()) {
                scIndex.add(s.index());
                scChannel.add("task");
                scTemplate.add(s.taskTitle());
                scCode.add(s.code());
                scOrd.add(1);
                scAllOf.add(true);
                scAfter.add("");
            }
            for (int k = 0; k < s.channels().size(); k++) {
                Channel ch = s.channels().get(k);
                scIndex.add(s.index());
                scChannel.add(ch.code());
                scTemplate.add(s.template());
                scCode.add(s.code());
                scOrd.add(k + 1);
                scAllOf.add(s.allOf());
                scAfter.add(String.join(",", s.fallbacksAfter(ch).stream().map(Channel::code).toList()));
            }
        }
        Sql sql = new Sql().append("""
                WITH steps AS (
                  SELECT * FROM unnest(?::int[], ?::int[], ?::int[], ?::boolean[]) AS s(step_index, offset_days, repeat_every, is_task)
                ), step_channels AS (
                  SELECT * FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::int[], ?::boolean[], ?::text[])
                         AS sc(step_index, channel, template, step_code, ord, all_of, after)
                ), minbal AS (
                  SELECT * FROM unnest(?::text[], ?::numeric[]) AS m(currency, minimum)
                ), d AS (
                  SELECT d.debtor_id FROM %s d WHERE d.debtor_id > ? AND d.debtor_id <= ? AND (d.policy_code = ? OR (d.policy_code IS NULL AND
                """.formatted(ar.debtors()),
                steps.stream().map(DunningStep::index).toArray(Integer[]::new),
                steps.stream().map(DunningStep::offsetDays).toArray(Integer[]::new),
                steps.stream().map(DunningStep::repeatEveryDays).toArray(Integer[]::new),
                steps.stream().map(DunningStep::escalation).toArray(Boolean[]::new),
                scIndex.toArray(Integer[]::new), scChannel.toArray(String[]::new),
                scTemplate.toArray(String[]::new), scCode.toArray(String[]::new), scOrd.toArray(Integer[]::new),
                scAllOf.toArray(Boolean[]::new), scAfter.toArray(String[]::new),
                policy.minimumBalance().keySet().toArray(String[]::new),
                policy.minimumBalance().values().toArray(BigDecimal[]::new),
                lo, hi, policy.code());
        sql.append(policy.segment().predicate());
        for (int earlier = 0; earlier < p; earlier++) {
            sql.append(" AND NOT (");
            sql.append(policies.get(earlier).segment().predicate());
            Long[] others = creditorsOf.apply(policies.get(earlier).code());
            if (others != null) {
                sql.append(" AND d.creditor_id = ANY(?)", (Object) others);
            }
            sql.append(")");
        }
        sql.append("))");
        Long[] creditors = creditorsOf.apply(policy.code());
        if (creditors != null) {
            sql.append(" AND d.creditor_id = ANY(?)", (Object) creditors);
        }
        sql.append("""
                ), inv AS (
                  SELECT i.invoice_id, i.debtor_id, i.currency, i.due_date, i.open_amount, i.invoice_number, i.creditor_id,
                         (?::date - i.due_date) AS dpd
                  FROM %s i JOIN d ON d.debtor_id = i.debtor_id
                  WHERE i.debtor_id > ? AND i.debtor_id <= ? AND i.open_amount > 0 AND i.due_date <= ?::date + ?::int
                    AND %s
                ), grp AS (
                  SELECT debtor_id, currency, max(dpd) AS dpd FROM inv GROUP BY debtor_id, currency
                )""".formatted(ar.invoices(), MessageScope.notHeld("i")), asOf, lo, hi, asOf, policy.courtesyHorizonDays(), asOf);
        if (policy.catchUp() == DunningPolicy.CatchUp.AGE) {
            sql.append("""
                    , due AS (
                      SELECT g.debtor_id, g.currency, g.dpd, s.step_index, s.offset_days, s.is_task,
                             CASE WHEN s.repeat_every IS NULL THEN 0 ELSE (g.dpd - s.offset_days) / s.repeat_every END AS repeat_no,
                             sum(i.open_amount) AS total, min(i.creditor_id) AS creditor_id
                      FROM grp g
                      CROSS JOIN LATERAL (SELECT * FROM steps s WHERE s.offset_days <= g.dpd
                                          ORDER BY s.offset_days DESC LIMIT 1) s
                    """);
        } else {
            // first-step: the step after the last one of the open cycle (none yet: the first message step that fits,
            // never a courtesy step once the group is overdue), when its offset is reached; else a repeat of the last
            sql.append("""
                    , due AS (
                      -- a repeat counts from the day the group first got the step, not from the step's offset
                      SELECT g.debtor_id, g.currency, g.dpd, s.step_index, s.offset_days, s.is_task,
                             CASE WHEN s.repeat_every IS NULL THEN 0
                                  WHEN s.step_index = dn.last_step THEN dn.first_repeat + (?::date - dn.first_date) / s.repeat_every
                                  ELSE (g.dpd - s.offset_days) / s.repeat_every END AS repeat_no,
                             sum(i.open_amount) AS total, min(i.creditor_id) AS creditor_id
                      FROM grp g
                      LEFT JOIN dunning_cycle cy ON cy.debtor_id = g.debtor_id AND cy.currency = g.currency AND cy.closed_at IS NULL
                      -- the cycle's last message (index probes, one per group); an escalation task ends the ladder
                      -- in any case, since nothing comes after it and NOT_PASSED stops a second one
                      LEFT JOIN LATERAL (SELECT c.step_index AS last_step, c.repeat_no AS first_repeat, c.plan_date AS first_date
                                         FROM communication c WHERE c.cycle_id = cy.id
                                         ORDER BY c.step_index DESC, c.repeat_no, c.plan_date LIMIT 1) dn ON true
                      CROSS JOIN LATERAL (SELECT * FROM steps s
                                          WHERE s.offset_days <= g.dpd AND (g.dpd < 1 OR s.offset_days >= 1)
                                            AND (s.step_index > coalesce(dn.last_step, -1)
                                                 OR (s.step_index = dn.last_step AND s.repeat_every IS NOT NULL))
                                          ORDER BY (s.step_index > coalesce(dn.last_step, -1)) DESC, s.step_index
                                          LIMIT 1) s
                    """, asOf);
        }
        return sql.append("""
                  JOIN inv i ON i.debtor_id = g.debtor_id AND i.currency = g.currency AND %s
                  GROUP BY g.debtor_id, g.currency, g.dpd, s.step_index, s.offset_days, s.repeat_every, s.is_task%s
                )
                """.formatted(MessageScope.listed("i.dpd", "s.offset_days"),
                policy.catchUp() == DunningPolicy.CatchUp.AGE ? "" : ", dn.last_step, dn.first_repeat, dn.first_date"));
    }

    /** scope() plus eligible: groups over the minimum balance and outside the minimum gap between contacts. */
    private Sql eligible(int p, LocalDate asOf, long lo, long hi) {
        DunningPolicy policy = policies.get(p);
        return scope(p, asOf, lo, hi).append("""
                , eligible AS (
                  SELECT due.* FROM due LEFT JOIN minbal m ON m.currency = due.currency
                  WHERE due.total >= coalesce(m.minimum, ?::numeric) AND NOT %s
                )
                """.formatted(gapPredicate("due")), policy.defaultMinimumBalance(), asOf, gap(policy));
    }

    /**
     * Groups (alias e, joined to their open cycle cy) with nothing yet at or past their step (and repeat) in that
     * cycle, so that a group already planned today does not take its debtor's turn from another currency; with no
     * cycle yet (a dry run before the first plan) nothing is passed.
     */
    private static final String NOT_PASSED = """
            NOT EXISTS (SELECT 1 FROM communication c WHERE c.cycle_id = cy.id
                          AND (c.step_index > e.step_index OR (c.step_index = e.step_index AND c.repeat_no >= e.repeat_no)))
            AND NOT EXISTS (SELECT 1 FROM task t WHERE t.cycle_id = cy.id AND t.step_index >= e.step_index)""";

    /**
     * One contact per debtor at a time, across its currency groups: debtor_rank 1 is the group contacted in this
     * run (MessageScope.groupOrder), the others wait for the gap between contacts ({@link #gap}); escalation
     * tasks contact no one and are never held back by this. first_currency names the group that goes first.
     */
    /** The day the group (its open cycle cy) was last planned a message, null when never: it waits longest, goes first. */
    /** The dedupe key of a planned message, over the group e and its step channel sc (the policy code bound). */
    private static final String DEDUPE_KEY = MessageScope.dedupeKey("e.debtor_id", "e.currency", "?::text", "sc.step_code",
            "e.cycle_id", "e.repeat_no", "sc.channel");

    private static final String LAST_CONTACT = "(SELECT max(c.plan_date) FROM communication c WHERE c.cycle_id = cy.id)";

    private static final String RANK_WINDOW = "(PARTITION BY e.debtor_id, e.is_task ORDER BY " + MessageScope.groupOrder("e") + ")";
    private static final String RANK = "CASE WHEN e.is_task THEN 1 ELSE row_number() OVER " + RANK_WINDOW + " END AS debtor_rank, "
            + "first_value(e.currency) OVER " + RANK_WINDOW + " AS first_currency";

    /**
     * The policy's minimum days between two contacts of a debtor, counted across its currency groups, and never
     * below one: two groups of one debtor are never contacted on the same day, however the runs interleave.
     */
    private static int gap(DunningPolicy policy) {
        return Math.max(1, policy.minDaysBetweenContacts());
    }

    /** True when the debtor was contacted (or has a message on its way) within the policy's gap; binds asOf, gap. */
    private static String gapPredicate(String alias) {
        return "EXISTS (SELECT 1 FROM communication c WHERE c.debtor_id = " + alias + ".debtor_id AND c.status IN "
                + ACTIVE + " AND coalesce(c.sent_at::date, c.plan_date) > ?::date - ?::int)";
    }
}
