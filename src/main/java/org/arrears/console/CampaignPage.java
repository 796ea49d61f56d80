package org.arrears.console;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.arrears.db.Sql;
import org.arrears.policy.Approvals;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.PlanPreview;

/**
 * Tomorrow's dry run (policy.Planner#preview: the planner's own rules): what goes out, to whom, on which channel and
 * why, and what is held back and why, 200 of each shown, with totals; the runs waiting for approval (policies with
 * {@code approval: required}) and their approval; and the last runs as a funnel (planned, sent, delivered, bounced,
 * replied, paid within arrears.console.paid-within-days of sending). The dry run covers the whole book (the planner
 * decides per debtor group, across creditors); the funnel is scoped to the user's creditors.
 */
final class CampaignPage extends Page {

    static final int SHOWN = 200;
    static final int RUNS = 7;

    @Override
    public String path() {
        return "campaign";
    }

    @Override
    public String template() {
        return "campaign";
    }

    @Override
    public String title() {
        return "Campaign";
    }

    @Override
    public String navigation() {
        return "Campaign";
    }

    @Override
    public Map<String, Object> model(PageRequest r) throws SQLException {
        ConsoleServices s = r.services();
        LocalDate tomorrow = s.today().plusDays(1);
        PlanPreview preview = s.planner().preview(tomorrow);
        Map<String, Object> m = new HashMap<>();
        m.put("tomorrow", tomorrow.toString());
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Integer> byChannel = new TreeMap<>();
        for (PlanPreview.Candidate c : preview.candidates()) {
            byChannel.merge(c.policy() + " / " + c.channel(), 1, Integer::sum);
            if (out.size() < SHOWN) {
                out.add(Work.state("policy", c.policy(), "debtorId", c.debtorId(), "currency", c.currency(),
                        "total", c.total() == null ? "" : c.total().toPlainString(), "step", c.step(), "channel", c.channel(),
                        "address", c.address() == null ? "" : c.address(), "invoices", c.invoices() == null ? "" : c.invoices(),
                        "why", c.why()));
            }
        }
        List<Map<String, Object>> held = new ArrayList<>();
        for (PlanPreview.HeldBack h : preview.heldBack()) {
            if (held.size() >= SHOWN) {
                break;
            }
            held.add(Work.state("policy", h.policy(), "debtorId", h.debtorId(), "currency", h.currency(),
                    "reason", h.reason(), "detail", h.detail() == null ? "" : h.detail()));
        }
        m.put("candidates", out);
        m.put("candidateCount", preview.candidates().size());
        m.put("byChannel", byChannel);
        m.put("held", held);
        m.put("heldCount", preview.heldBack().size());
        m.put("heldByReason", preview.heldBackByReason());
        return Work.read(s.ds(), c -> {
            List<Map<String, Object>> policies = new ArrayList<>();
            for (DunningPolicy p : s.policies()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("code", p.code());
                row.put("approval", p.approvalRequired());
                row.put("tomorrow", Rows.one(c, new Sql().append("SELECT status FROM campaign_approval WHERE policy_code = ? "
                        + "AND plan_date = ?", p.code(), tomorrow)).map(x -> x.get("status")).orElse(""));
                policies.add(row);
            }
            m.put("policies", policies);
            m.put("pending", Rows.list(c, new Sql().append("""
                    SELECT a.policy_code, a.plan_date, a.requested_at,
                           (SELECT count(*) FROM communication x WHERE x.plan_date = a.plan_date AND x.policy_code = a.policy_code
                              AND x.status IN ('PLANNED', 'DEFERRED')) AS waiting
                    FROM campaign_approval a WHERE a.status = 'PENDING' ORDER BY a.plan_date, a.policy_code""")));
            m.put("funnel", Rows.list(c, new Sql().append("""
                    WITH RECURSIVE d AS (
                      (SELECT plan_date FROM communication ORDER BY plan_date DESC LIMIT 1)
                      UNION ALL
                      SELECT (SELECT x.plan_date FROM communication x WHERE x.plan_date < d.plan_date ORDER BY x.plan_date DESC LIMIT 1)
                      FROM d WHERE d.plan_date IS NOT NULL
                    ), runs AS (SELECT plan_date FROM d WHERE plan_date IS NOT NULL LIMIT ?)
                    SELECT c.plan_date, c.policy_code, count(*) AS planned, count(c.sent_at) AS sent,
                           count(*) FILTER (WHERE c.status = 'DELIVERED') AS delivered,
                           count(*) FILTER (WHERE c.status = 'BOUNCED') AS bounced,
                           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM inbound_event ie WHERE ie.communication_id = c.id
                                                          AND ie.kind = 'REPLY')) AS replied,
                           count(*) FILTER (WHERE c.sent_at IS NOT NULL AND EXISTS (
                               SELECT 1 FROM communication_invoice ci JOIN allocation a ON a.invoice_id = ci.invoice_id
                               JOIN payment p ON p.id = a.payment_id
                               WHERE ci.communication_id = c.id AND a.amount > 0
                                 AND coalesce(p.value_date, p.booking_date) BETWEEN c.sent_at::date AND c.sent_at::date + ?::int)) AS paid
                    FROM runs JOIN communication c ON c.plan_date = runs.plan_date
                    WHERE""", RUNS, s.settings().paidWithinDays()).append(Scope.of(r.user(), "c")).append("""
                    GROUP BY c.plan_date, c.policy_code ORDER BY c.plan_date DESC, c.policy_code""")));
            m.put("paidWithinDays", s.settings().paidWithinDays());
            return m;
        });
    }

    @Override
    public Map<String, Action> actions() {
        return Map.of("approve", new Action(Role.MANAGER, r -> {
            String policy = r.required("policy");
            if (r.services().policies().stream().noneMatch(p -> p.code().equals(policy) && p.approvalRequired())) {
                throw new IllegalArgumentException("policy '" + policy + "': no policy with approval: required has this code");
            }
            LocalDate date = r.date("date", true);
            Work.inTransaction(r.services().ds(), c -> {
                String before = Approvals.approve(c, policy, date, r.user().name());
                Audit.record(c, r.user().name(), "campaign.approve", "run:" + policy + ":" + date,
                        Work.state("status", before), Work.state("status", "APPROVED"));
                return null;
            });
            return null;
        }));
    }
}
