package org.arrears.outreach;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.arrears.ar.ArSource;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ComplianceGate;
import org.arrears.compliance.ContactAttempt;
import org.arrears.compliance.ContactPointProfile;
import org.arrears.compliance.Decision;
import org.arrears.db.Sql;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.DunningStep;
import org.arrears.policy.MessageScope;

/**
 * Renders the message a debtor would get for a step right now, without planning or sending anything, and says
 * what the compliance gate would decide about it now.
 */
public final class PreviewService {

    private final DataSource ds;
    private final ArSource ar;
    private final List<DunningPolicy> policies;
    private final TemplateRenderer renderer;
    private final MessageModel model;
    private final Clock clock;
    private final ComplianceGate gate;
    private final Duration capLookback;
    /** By creditor id: its templates, its message model, the policies it may use (null: any); see forCreditors. */
    private volatile java.util.function.LongFunction<TemplateRenderer> renderers;
    private volatile java.util.function.LongFunction<MessageModel> models;
    private volatile java.util.function.Function<String, Long[]> creditorsOf = code -> null;

    /** @param capLookback how far back sends count for the gate's frequency caps (the dispatcher's lookback) */
    public PreviewService(DataSource ds, ArSource ar, List<DunningPolicy> policies, TemplateRenderer renderer,
                          MessageModel model, Clock clock, ComplianceGate gate, Duration capLookback) {
        this.gate = gate;
        this.capLookback = capLookback;
        this.ds = ds;
        this.ar = ar;
        this.policies = policies;
        this.renderer = renderer;
        this.model = model;
        this.clock = clock;
        this.renderers = id -> renderer;
        this.models = id -> model;
    }

    /**
     * Renders each debtor's preview as its creditor's messages are rendered (templates, brand, bank details), under a
     * policy its creditor may use, as the planner does.
     */
    public PreviewService forCreditors(java.util.function.LongFunction<TemplateRenderer> renderersById,
                                       java.util.function.LongFunction<MessageModel> modelsById,
                                       java.util.function.Function<String, Long[]> creditorsOfPolicy) {
        this.renderers = renderersById;
        this.models = modelsById;
        this.creditorsOf = creditorsOfPolicy;
        return this;
    }

    /** A rendered preview and what the compliance gate would decide about it at this moment. */
    /**
     * @param message the rendered email (null for another channel: its adapter renders {@code context})
     * @param context what the channel's adapter renders
     */
    public record Preview(RenderedMessage message, String currency, ContactPointProfile contactPoint, Decision gate,
                          Channel channel, MessageContext context) {
    }

    /**
     * Renders what the debtor would get for the step now, with the planner's definitions (MessageScope): the
     * invoices it lists (open, not on hold, overdue or inside a courtesy offset), the currency group that goes
     * first when none is given, and the address. The gate's decision is made as it would be right now.
     */
    public Preview render(long debtorId, String stepCode, String currency) {
        return render(debtorId, stepCode, currency, Channel.EMAIL);
    }

    /** Like {@link #render(long, String, String)}, for the message of the step on {@code channel}. */
    public Preview render(long debtorId, String stepCode, String currency, Channel channel) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try (Connection c = ds.getConnection()) {
            Rows.DebtorRow debtor;
            long creditor;
            try (PreparedStatement ps = new Sql().append("SELECT * FROM " + ar.debtors() + " d WHERE d.debtor_id = ?", debtorId).prepare(c);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("--debtor " + debtorId + ": no such debtor in the debtor source");
                }
                debtor = Rows.debtor(rs);
                creditor = rs.getLong("creditor_id");
            }
            DunningPolicy policy = policyOf(c, debtorId);
            DunningStep step = policy.step(stepCode).orElseThrow(() -> new IllegalArgumentException(
                    "--step " + stepCode + ": policy " + policy.code() + " (debtor " + debtorId + "'s policy) has no such step; steps: "
                            + policy.steps().stream().map(DunningStep::code).toList()));
            if (step.escalation()) {
                throw new IllegalArgumentException("--step " + stepCode + ": an escalation creates a task, not a message");
            }
            if (!step.channels().contains(channel)) {
                throw new IllegalArgumentException("--channel " + channel.code() + ": step '" + stepCode + "' goes by "
                        + step.channels().stream().map(Channel::code).toList());
            }
            List<InvoiceLine> lines = new ArrayList<>();
            try (PreparedStatement ps = new Sql().append("""
                    WITH l AS (
                      SELECT i.*, (?::date - i.due_date) AS dpd FROM %s i
                      WHERE i.debtor_id = ? AND i.open_amount > 0 AND (?::text IS NULL OR i.currency = ?)
                        AND %s AND %s
                    ), g AS (
                      SELECT x.currency FROM (SELECT l.currency, max(l.dpd) AS dpd, sum(l.open_amount) AS total,
                                                     (SELECT max(c.plan_date) FROM dunning_cycle cy
                                                      JOIN communication c ON c.cycle_id = cy.id
                                                      WHERE cy.debtor_id = l.debtor_id AND cy.currency = l.currency
                                                        AND cy.closed_at IS NULL) AS last_contact
                                              FROM l GROUP BY l.debtor_id, l.currency) x
                      ORDER BY %s LIMIT 1
                    )
                    SELECT invoice_id, invoice_number, currency, issue_date, due_date, amount, open_amount, payment_reference
                    FROM l WHERE currency = (SELECT currency FROM g) ORDER BY due_date, invoice_number
                    """.formatted(ar.invoices(), MessageScope.listed("(?::date - i.due_date)", "?::int"),
                    MessageScope.notHeld("i"), MessageScope.groupOrder("x")),
                    today, debtorId, currency, currency, today, step.offsetDays(), today).prepare(c);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new InvoiceLine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                            rs.getObject(5, LocalDate.class), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getString(8), false));
                }
            }
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("debtor " + debtorId + " has no open invoice"
                        + (currency == null ? "" : " in " + currency) + " that step '" + stepCode + "' would list"
                        + heldNote(c, debtorId, today));
            }
            ContactPointProfile cp = null;
            try (PreparedStatement ps = new Sql().append(MessageScope.contactPoint("?::bigint", "?::text"),
                    debtorId, channel.code()).prepare(c); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    cp = Rows.contactPoint(rs);
                }
            }
            String cur = lines.get(0).currency();
            ClaimedMessage m = new ClaimedMessage(0, "preview00000000000000000000000000", debtorId, cur, 0,
                    policy.code(), step.code(), step.index(), channel.code(), step.template(), cp == null ? null : cp.id(),
                    cp == null ? null : cp.address(), 0, null, creditor);
            MessageContext ctx = new MessageContext(m, debtor.name(), debtor.locale(), debtor.profile(), cp, lines, List.of(),
                    Outbox.recentSends(c, new Long[] {debtorId}, channel.code(), now.minus(capLookback))
                            .getOrDefault(debtorId, List.of()));
            Decision decision = gate.decide(new ContactAttempt(0, channel, step.template(), now, debtor.profile(), cp,
                    List.of(), lines.size(), ctx.payableTotal(), policy.minimumFor(cur), ctx.recentSends()));
            RenderedMessage rendered = channel == Channel.EMAIL
                    ? renderers.apply(creditor).renderEmail(step.template(), debtor.locale(), models.apply(creditor).build(ctx, today))
                    : null;
            return new Preview(rendered, cur, cp, decision, channel, ctx);
        } catch (SQLException e) {
            throw new IllegalStateException("preview failed: " + e.getMessage(), e);
        }
    }

    /** Why nothing is listed, when holds are the reason: "; on hold: DISPUTE (invoice 7), …". */
    private static String heldNote(Connection c, long debtorId, LocalDate today) throws SQLException {
        List<String> held = new ArrayList<>();
        try (PreparedStatement ps = new Sql().append("""
                SELECT kind, invoice_id FROM hold WHERE debtor_id = ? AND released_at IS NULL
                  AND (until IS NULL OR until >= ?::date) ORDER BY id""", debtorId, today).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String kind = rs.getString(1);
                long inv = rs.getLong(2);
                held.add(kind + (rs.wasNull() ? " (whole debtor)" : " (invoice " + inv + ")"));
            }
        }
        return held.isEmpty() ? "" : "; on hold: " + String.join(", ", held);
    }

    private DunningPolicy policyOf(Connection c, long debtorId) throws SQLException {
        for (DunningPolicy p : policies) {
            Sql q = new Sql().append("SELECT EXISTS (SELECT 1 FROM " + ar.debtors() + " d WHERE d.debtor_id = ? AND (d.policy_code = ? OR (d.policy_code IS NULL AND ",
                    debtorId, p.code());
            q.append(p.segment().predicate());
            q.append("))");
            Long[] creditors = creditorsOf.apply(p.code());
            if (creditors != null) {
                q.append(" AND d.creditor_id = ANY(?)", (Object) creditors);
            }
            q.append(")");
            try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("no policy covers debtor " + debtorId);
    }
}
