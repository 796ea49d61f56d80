package org.arrears.policy;

/**
 * The one definition of what a message covers, shared by the planner, its dry run and the preview: which
 * invoices it lists, which address it goes to, which holds keep an invoice out, and which currency group of a
 * debtor goes first. Each method returns a SQL fragment over the aliases it names; values are bound by the caller.
 */
public final class MessageScope {

    private MessageScope() {
    }

    /**
     * The contact point a message uses, as a subquery over contact_point (alias cp) for a debtor and channel
     * expression: an active one, preferring one not opted out, then one that has not bounced, then the preferred
     * one, then the oldest. The gate decides later whether that address may be used at all.
     */
    public static String contactPoint(String debtorExpr, String channelExpr) {
        return "SELECT * FROM contact_point cp WHERE cp.debtor_id = " + debtorExpr + " AND cp.channel = " + channelExpr
                + " AND cp.retired_at IS NULL ORDER BY (cp.opted_out_at IS NULL) DESC, (cp.quality <> 'HARD_BOUNCE') DESC,"
                + " cp.preferred DESC, cp.id LIMIT 1";
    }

    /**
     * True when an invoice of the group is listed by a step: every overdue invoice, and for a courtesy step
     * (offset below 1) also those due within its offset.
     */
    public static String listed(String dpdExpr, String offsetExpr) {
        return dpdExpr + " >= least(" + offsetExpr + ", 1)";
    }

    /** True when no hold in force on the date bound next (one ?::date) covers the invoice under the alias. */
    public static String notHeld(String invoiceAlias) {
        return "NOT EXISTS (SELECT 1 FROM hold h WHERE h.debtor_id = " + invoiceAlias + ".debtor_id AND h.released_at IS NULL"
                + " AND (h.until IS NULL OR h.until >= ?::date)"
                + " AND (h.invoice_id IS NULL OR h.invoice_id = " + invoiceAlias + ".invoice_id))";
    }

    /**
     * The order in which a debtor's currency groups take turns, one contact at a time: the group that has waited
     * longest (never contacted in its cycle, then the earliest last contact) first, then the oldest group, then the
     * larger open total, then by currency code. Over columns last_contact, dpd, total, currency of the alias.
     */
    public static String groupOrder(String alias) {
        return alias + ".last_contact ASC NULLS FIRST, " + alias + ".dpd DESC, " + alias + ".total DESC, " + alias + ".currency";
    }
}
