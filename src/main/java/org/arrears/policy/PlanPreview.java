package org.arrears.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A dry run of the planner: what would be planned and why, and what is held back and why. */
public record PlanPreview(LocalDate asOf, List<Candidate> candidates, List<HeldBack> heldBack) {

    /** How many groups are held back for each reason, by reason name. */
    public java.util.SortedMap<String, Integer> heldBackByReason() {
        java.util.SortedMap<String, Integer> out = new java.util.TreeMap<>();
        heldBack.forEach(h -> out.merge(h.reason(), 1, Integer::sum));
        return out;
    }

    /** One message (or escalation task, channel "task") the planner would create. */
    public record Candidate(String policy, long debtorId, String currency, int daysPastDue, String step,
                            int stepOffset, int repeatNo, String channel, String template, Long contactPointId,
                            String address, BigDecimal total, String invoices, String fallbacks, String skipped) {

        public String why() {
            String base = "oldest open invoice " + (daysPastDue >= 0 ? daysPastDue + " days past due" : "due in " + (-daysPastDue) + " days")
                    + "; step '" + step + "' starts at " + (stepOffset >= 0 ? "+" : "") + stepOffset + " days";
            base = repeatNo > 0 ? base + " (repeat " + repeatNo + ")" : base;
            return base + (channel.equals("task") ? "" : "; " + channelWhy());
        }

        /** Why this channel: the earlier channels of the step passed over, and what follows if it cannot reach. */
        public String channelWhy() {
            StringBuilder b = new StringBuilder("by ").append(channel);
            if (skipped != null && !skipped.isBlank()) {
                b.append(" because ").append(skipped);
            }
            if (fallbacks != null && !fallbacks.isBlank()) {
                b.append(", then ").append(fallbacks.replace(",", ", then ")).append(" if it cannot reach the debtor");
            }
            return b.toString();
        }
    }

    /** A debtor group (or hold) the planner leaves out, with a reason code and a sentence. */
    public record HeldBack(String policy, long debtorId, String currency, int daysPastDue, String reason, String detail) {
    }
}
