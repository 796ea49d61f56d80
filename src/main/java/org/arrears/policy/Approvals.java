package org.arrears.policy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.arrears.db.Sql;

/**
 * Runs that wait for approval: when the planner plans a day for a policy with {@code approval: required}, it first
 * records the run (policy, plan date) as PENDING, in the transaction before any of its messages is committed;
 * dispatchers claim no message of a PENDING run ({@link #RELEASED}, in MessageLifecycle.claim) until a manager
 * approves it in the console. A run approved ahead (the console's dry run of tomorrow) is planned already approved.
 */
public final class Approvals {

    /**
     * The claim's condition on a row of {@code communication}: its run is not waiting for approval (the primary key
     * of campaign_approval finds the run).
     */
    public static final String RELEASED = "NOT EXISTS (SELECT 1 FROM campaign_approval a WHERE a.policy_code = "
            + "communication.policy_code AND a.plan_date = communication.plan_date AND a.status = 'PENDING')";

    private Approvals() {
    }

    /** Records the day's run of each policy that needs approval as PENDING, unless it is recorded already. */
    public static void request(Connection c, List<DunningPolicy> policies, LocalDate planDate) throws SQLException {
        String[] codes = policies.stream().filter(DunningPolicy::approvalRequired).map(DunningPolicy::code).toArray(String[]::new);
        if (codes.length == 0) {
            return;
        }
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO campaign_approval (policy_code, plan_date, status) SELECT unnest(?::text[]), ?::date, 'PENDING'
                ON CONFLICT (policy_code, plan_date) DO NOTHING""", codes, planDate).prepare(c)) {
            ps.executeUpdate();
        }
    }

    /** Approves the run (pending or not yet planned); returns its status before ("PENDING", "APPROVED" or null). */
    public static String approve(Connection c, String policyCode, LocalDate planDate, String by) throws SQLException {
        String before = null;
        try (PreparedStatement ps = new Sql().append(
                "SELECT status FROM campaign_approval WHERE policy_code = ? AND plan_date = ? FOR UPDATE", policyCode, planDate).prepare(c);
             java.sql.ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                before = rs.getString(1);
            }
        }
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO campaign_approval (policy_code, plan_date, status, decided_by, decided_at)
                VALUES (?, ?::date, 'APPROVED', ?, now())
                ON CONFLICT (policy_code, plan_date) DO UPDATE SET status = 'APPROVED', decided_by = EXCLUDED.decided_by,
                    decided_at = now() WHERE campaign_approval.status = 'PENDING'""", policyCode, planDate, by).prepare(c)) {
            ps.executeUpdate();
        }
        return before;
    }
}
