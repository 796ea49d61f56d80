package org.arrears.outreach;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.arrears.ar.ArSource;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ContactPointProfile;
import org.arrears.db.Sql;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.DunningStep;

/** Renders the message a debtor would get for a step right now, without planning or sending anything. */
public final class PreviewService {

    private final DataSource ds;
    private final ArSource ar;
    private final List<DunningPolicy> policies;
    private final TemplateRenderer renderer;
    private final MessageModel model;
    private final Clock clock;

    public PreviewService(DataSource ds, ArSource ar, List<DunningPolicy> policies, TemplateRenderer renderer,
                          MessageModel model, Clock clock) {
        this.ds = ds;
        this.ar = ar;
        this.policies = policies;
        this.renderer = renderer;
        this.model = model;
        this.clock = clock;
    }

    public RenderedMessage render(long debtorId, String stepCode, String currency) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        try (Connection c = ds.getConnection()) {
            Rows.DebtorRow debtor;
            try (PreparedStatement ps = new Sql().append("SELECT * FROM " + ar.debtors() + " d WHERE d.debtor_id = ?", debtorId).prepare(c);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no debtor " + debtorId + " in the debtor source");
                }
                debtor = Rows.debtor(rs);
            }
            DunningPolicy policy = policyOf(c, debtorId);
            DunningStep step = policy.step(stepCode).orElseThrow(() -> new IllegalArgumentException(
                    "policy " + policy.code() + " (debtor " + debtorId + "'s policy) has no step '" + stepCode + "'; steps: "
                            + policy.steps().stream().map(DunningStep::code).toList()));
            if (step.escalation()) {
                throw new IllegalArgumentException("step '" + stepCode + "' is an escalation: it creates a task, not a message");
            }
            List<InvoiceLine> lines = new ArrayList<>();
            try (PreparedStatement ps = new Sql().append("""
                    SELECT invoice_id, invoice_number, currency, issue_date, due_date, amount, open_amount, payment_reference
                    FROM %s i WHERE i.debtor_id = ? AND i.open_amount > 0 AND (?::text IS NULL OR i.currency = ?)
                      AND i.due_date <= ?::date - least(?::int, 1)
                    ORDER BY i.currency, i.due_date""".formatted(ar.invoices()), debtorId, currency, currency, today,
                    step.offsetDays()).prepare(c); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String cur = rs.getString(3);
                    if (!lines.isEmpty() && !lines.get(0).currency().equals(cur)) {
                        break;
                    }
                    lines.add(new InvoiceLine(rs.getLong(1), rs.getString(2), cur, rs.getObject(4, LocalDate.class),
                            rs.getObject(5, LocalDate.class), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getString(8), false));
                }
            }
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("debtor " + debtorId + " has no open invoice that step '" + stepCode + "' would list");
            }
            ContactPointProfile cp = null;
            try (PreparedStatement ps = new Sql().append("SELECT * FROM contact_point WHERE debtor_id = ? AND channel = ? AND retired_at IS NULL ORDER BY preferred DESC, id LIMIT 1",
                    debtorId, Channel.EMAIL.code()).prepare(c); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    cp = Rows.contactPoint(rs);
                }
            }
            ClaimedMessage m = new ClaimedMessage(0, "preview00000000000000000000000000", debtorId, lines.get(0).currency(), 0,
                    policy.code(), step.code(), step.index(), Channel.EMAIL.code(), step.template(), cp == null ? null : cp.id(),
                    cp == null ? null : cp.address(), 0, null);
            MessageContext ctx = new MessageContext(m, debtor.name(), debtor.locale(), debtor.profile(), cp, lines, List.of(), List.of());
            return renderer.renderEmail(step.template(), debtor.locale(), model.build(ctx, today));
        } catch (SQLException e) {
            throw new IllegalStateException("preview failed: " + e.getMessage(), e);
        }
    }

    private DunningPolicy policyOf(Connection c, long debtorId) throws SQLException {
        for (DunningPolicy p : policies) {
            Sql q = new Sql().append("SELECT EXISTS (SELECT 1 FROM " + ar.debtors() + " d WHERE d.debtor_id = ? AND (d.policy_code = ? OR (d.policy_code IS NULL AND ",
                    debtorId, p.code());
            q.append(p.segment().predicate());
            q.append(")))");
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
