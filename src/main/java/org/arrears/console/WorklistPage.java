package org.arrears.console;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arrears.db.Sql;

/**
 * Open tasks of the user's creditors: kind, debtor, amount at stake (the payment for a payment task, else the
 * debtor's open total), age, owner and priority; filtered by kind and owner, sorted by priority, age or kind, 50 a
 * page. The page of task ids is chosen on the task table alone (index task_worklist for the priority order,
 * task_open_by_kind for a kind), then only those rows are
 * joined to their debtors, amounts and active holds (a promise recorded shows at once). Forms: assign to me (one or many), done.
 */
final class WorklistPage extends Page {

    static final int PAGE_SIZE = 50;

    /**
     * Tasks from this priority up are shown as urgent. The priority is the task's own column (V14: its kind's
     * default from the trigger, 90 legal and returned money down to 40), the one {@code report.Worklist} and
     * {@code arrears tasks} sort by too.
     */
    static final int URGENT = 80;

    private static final Map<String, String> SORTS = Map.of(
            "priority", "t.priority DESC, t.created_at, t.id",
            "age", "t.created_at, t.id",
            "newest", "t.created_at DESC, t.id DESC",
            "kind", "t.kind, t.created_at, t.id");

    @Override
    public String path() {
        return "worklist";
    }

    @Override
    public String template() {
        return "worklist";
    }

    @Override
    public String title() {
        return "Worklist";
    }

    @Override
    public String navigation() {
        return "Worklist";
    }

    @Override
    public Map<String, Object> model(PageRequest r) throws SQLException {
        String kind = r.query("kind");
        String owner = r.query("owner");
        String sort = r.query("sort") != null && SORTS.containsKey(r.query("sort")) ? r.query("sort") : "priority";
        int page = r.queryInt("page", 1, 1, 100_000);
        Map<String, Object> m = new HashMap<>();
        m.put("kind", kind == null ? "" : kind);
        m.put("owner", owner == null ? "" : owner);
        m.put("sort", sort);
        m.put("sorts", List.of("priority", "age", "newest", "kind"));
        m.put("page", page);
        return Work.read(r.services().ds(), c -> {
            Sql ids = new Sql().append("SELECT t.id FROM task t WHERE t.status = 'OPEN' AND")
                    .append(Scope.of(r.user(), "t"));
            if (kind != null) {
                ids.append(" AND t.kind = ?", kind);
            }
            if ("me".equals(owner)) {
                ids.append(" AND t.assigned_to = ?", r.user().name());
            } else if ("none".equals(owner)) {
                ids.append(" AND t.assigned_to IS NULL");
            }
            ids.append(" ORDER BY " + SORTS.get(sort) + " LIMIT ? OFFSET ?", PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
            Sql q = new Sql().append("WITH p AS MATERIALIZED (").append(ids).append("""
                    ), n AS (SELECT p.*, row_number() OVER () AS pos FROM p)
                    SELECT t.id, t.kind, t.title, t.detail, t.debtor_id, coalesce(d.name, '') AS debtor, t.payment_id,
                           coalesce(t.assigned_to, '') AS owner, t.created_at AS created,
                           (now()::date - t.created_at::date) AS age_days, t.priority, t.priority >= ? AS urgent,
                           coalesce(pay.amount::text, o.open::text, '') AS at_stake,
                           coalesce(pay.currency::text, o.currency, '') AS currency, coalesce(hl.holds, '') AS holds
                    FROM n JOIN task t ON t.id = n.id
                    LEFT JOIN debtor d ON d.id = t.debtor_id
                    LEFT JOIN payment pay ON pay.id = t.payment_id
                    LEFT JOIN LATERAL (SELECT sum(i.open_amount) AS open,
                                              CASE WHEN count(DISTINCT i.currency) = 1 THEN min(i.currency) ELSE 'mixed' END AS currency
                                       FROM invoice i WHERE i.debtor_id = t.debtor_id AND i.open_amount > 0) o ON true
                    LEFT JOIN LATERAL (SELECT string_agg(lower(replace(h.kind, '_', ' ')) || coalesce(' ' || h.promised_amount, '')
                                                         || coalesce(' until ' || h.until, ''), ', ' ORDER BY h.id) AS holds
                                       FROM hold h WHERE h.debtor_id = t.debtor_id AND h.released_at IS NULL
                                         AND (h.until IS NULL OR h.until >= current_date)) hl ON true
                    ORDER BY n.pos""", URGENT);
            List<Map<String, Object>> rows = Rows.list(c, q);
            m.put("hasNext", rows.size() > PAGE_SIZE);
            m.put("tasks", rows.size() > PAGE_SIZE ? rows.subList(0, PAGE_SIZE) : rows);
            List<Map<String, Object>> kinds = new ArrayList<>();
            try (PreparedStatement ps = new Sql().append("SELECT t.kind, count(*) FROM task t WHERE t.status = 'OPEN' AND")
                    .append(Scope.of(r.user(), "t")).append(" GROUP BY t.kind ORDER BY t.kind").prepare(c);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kinds.add(Map.of("kind", rs.getString(1), "count", rs.getLong(2)));
                }
            }
            m.put("kinds", kinds);
            return m;
        });
    }

    @Override
    public Map<String, Action> actions() {
        return Map.of(
                "assign", new Action(Role.AGENT, r -> {
                    List<Long> tasks = r.formIds("task");
                    if (tasks.isEmpty()) {
                        throw new IllegalArgumentException("task: choose at least one task");
                    }
                    return Work.inTransaction(r.services().ds(), c -> {
                        List<Map<String, Object>> before = Rows.list(c, new Sql().append(
                                "SELECT t.id, coalesce(t.assigned_to, '') AS owner FROM task t WHERE t.id = ANY(?) AND t.status = 'OPEN' AND",
                                (Object) tasks.toArray(Long[]::new)).append(Scope.of(r.user(), "t")).append(" ORDER BY t.id FOR UPDATE"));
                        try (PreparedStatement ps = new Sql().append("UPDATE task t SET assigned_to = ? WHERE t.id = ANY(?)",
                                r.user().name(), before.stream().map(x -> (Long) x.get("id")).toArray(Long[]::new)).prepare(c)) {
                            ps.executeUpdate();
                        }
                        for (Map<String, Object> t : before) {
                            Audit.record(c, r.user().name(), "task.assign", "task:" + t.get("id"),
                                    Work.state("owner", t.get("owner")), Work.state("owner", r.user().name()));
                        }
                        return back(r);
                    });
                }),
                "done", new Action(Role.AGENT, r -> {
                    long task = r.formId("task");
                    return Work.inTransaction(r.services().ds(), c -> {
                        close(c, r.user(), task, "task.done");
                        return back(r);
                    });
                }));
    }

    /** Marks an open task of the user's creditors DONE, audited; "not found" for any other. */
    static void close(java.sql.Connection c, ConsoleUser user, long task, String action) throws SQLException {
        try (PreparedStatement ps = new Sql().append("UPDATE task t SET status = 'DONE' WHERE t.id = ? AND t.status = 'OPEN' AND",
                task).append(Scope.of(user, "t")).prepare(c)) {
            if (ps.executeUpdate() == 0) {
                throw new Scope.NotFound("task " + task);
            }
        }
        Audit.record(c, user.name(), action, "task:" + task, Work.state("status", "OPEN"), Work.state("status", "DONE"));
    }

    /** Back to the worklist with the filters the form carried. */
    private static String back(PageRequest r) {
        String q = r.form("return");
        return q != null && q.matches("worklist(\\?[A-Za-z0-9=&_.-]*)?") ? q : "worklist";
    }
}
