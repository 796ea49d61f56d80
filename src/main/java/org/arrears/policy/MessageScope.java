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
     * The dedupe key of a message, over SQL expressions: debtor, currency, policy, step, cycle, repeat and channel. A
     * unique index on it is what keeps the planner, two planners at once and a fallback from planning a message twice.
     */
    public static String dedupeKey(String debtor, String currency, String policy, String step, String cycle,
                                   String repeat, String channel) {
        return "concat_ws(':', " + String.join(", ", debtor, currency, policy, step, cycle, repeat, channel) + ")";
    }

    /** Contact-point qualities that say the address cannot take its channel (sending to it again is futile). */
    public static final String BAD_QUALITIES = "('HARD_BOUNCE', 'INVALID', 'LANDLINE', 'RETURNED')";

    /**
     * The contact point a message uses, as a subquery over contact_point (alias cp) for a debtor and channel
     * expression: an active one, preferring one that can be reached ({@link #unreachable}), then the best quality
     * score ({@link #qualityScore}), then the preferred one, then the freshest data, then the oldest row. The gate
     * decides later whether that address may be used at all.
     */
    public static String contactPoint(String debtorExpr, String channelExpr) {
        return "SELECT * FROM contact_point cp WHERE cp.debtor_id = " + debtorExpr + " AND cp.channel = " + channelExpr
                + " AND cp.retired_at IS NULL ORDER BY (cp.opted_out_at IS NULL) DESC, (cp.quality NOT IN " + BAD_QUALITIES
                + ") DESC, " + qualityScore("cp") + " DESC, cp.preferred DESC,"
                + " coalesce(cp.last_delivered_at, cp.verified_at, cp.created_at) DESC, cp.id LIMIT 1";
    }

    /**
     * A contact point's quality score: each confirmed delivery counts one, each bounce or returned letter minus three
     * (one failure outweighs a few deliveries), and data not confirmed for two years (no delivery, no import that
     * confirmed it) loses one.
     */
    public static String qualityScore(String alias) {
        return "(" + alias + ".delivered_count - 3 * (" + alias + ".bounced_count + " + alias + ".returned_count)"
                + " - CASE WHEN coalesce(" + alias + ".last_delivered_at, " + alias + ".verified_at, " + alias
                + ".created_at) < now() - interval '2 years' THEN 1 ELSE 0 END)";
    }

    /**
     * Why a debtor cannot be reached on a channel through the contact point under the alias (the row {@link
     * #contactPoint} chose, or NULL when there is none), as a short phrase; NULL when it can. The planner takes
     * the first channel of a fallback list that can be reached; the dry run prints these phrases.
     */
    public static String unreachable(String alias, String channelExpr) {
        return "CASE WHEN " + alias + ".id IS NULL THEN 'no ' || " + channelExpr + " || ' address'"
                + " WHEN " + alias + ".opted_out_at IS NOT NULL THEN " + channelExpr + " || ' opted out'"
                + " WHEN " + alias + ".quality IN " + BAD_QUALITIES + " THEN " + channelExpr + " || ' ' || lower(replace("
                + alias + ".quality, '_', ' '))"
                + " END";
    }

    /**
     * The channel rows of a step a group gets, as a lateral subquery over step_channels (columns step_index,
     * channel, template, step_code, ord, all_of, after) for the group alias {@code e}: every channel of an all-of
     * step; of a fallback list, the first channel the debtor can be reached on (the first listed when none can),
     * with the channels after it as the fallbacks. Yields the step_channels columns plus cp_id, cp_address,
     * fallbacks (text[]) and skipped (the earlier channels and why they were passed over, or NULL).
     */
    public static String stepChannels(String e) {
        return """
                SELECT x.step_index, x.channel, x.template, x.step_code, x.cp_id, x.cp_address,
                       CASE WHEN x.all_of OR x.after = '' THEN '{}'::text[] ELSE string_to_array(x.after, ',') END AS fallbacks,
                       CASE WHEN x.all_of THEN NULL ELSE x.skipped END AS skipped
                FROM (
                  SELECT sc.*, cp.id AS cp_id, cp.address AS cp_address, r.why,
                         row_number() OVER (ORDER BY (r.why IS NULL) DESC, sc.ord) AS pick,
                         string_agg(sc.channel || ': ' || r.why, '; ') OVER (ORDER BY sc.ord
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS skipped
                  FROM step_channels sc
                  LEFT JOIN LATERAL (%s) cp ON true
                  CROSS JOIN LATERAL (SELECT %s AS why) r
                  WHERE sc.step_index = %s.step_index AND sc.channel <> 'task'
                ) x
                WHERE x.all_of OR x.pick = 1
                """.formatted(contactPoint(e + ".debtor_id", "sc.channel"), unreachable("cp", "sc.channel"), e);
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
