package org.arrears.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.arrears.config.Hub;
import org.arrears.policy.PlanPreview;

/** Prints a planner dry run as a person reads it: what goes out, to whom, why; what is held back, why. */
final class PlanReport {

    private final Hub hub;

    PlanReport(Hub hub) {
        this.hub = hub;
    }

    void print(PlanPreview p, int limit, PrintStream out) {
        List<PlanPreview.Candidate> c = p.candidates();
        out.printf("Plan for %s: %d messages would be planned (%d shown)%n%n", p.asOf(), c.size(), Math.min(limit, c.size()));
        out.printf("%-8s %-3s %-10s %-14s %-6s %-28s %12s  %s%n", "debtor", "cur", "policy", "step", "channel", "to", "open", "why");
        c.stream().limit(limit).forEach(x -> out.printf("%-8d %-3s %-10s %-14s %-6s %-28s %12s  %s; invoices %s%n",
                x.debtorId(), x.currency(), x.policy(), x.step(), x.channel(), mask(x.address()), x.total(), x.why(), x.invoices()));
        Map<String, Integer> bySteps = new TreeMap<>();
        c.forEach(x -> bySteps.merge(x.policy() + " / " + x.step() + " / " + x.channel(), 1, Integer::sum));
        out.println();
        out.println("By policy, step and channel:");
        bySteps.forEach((k, v) -> out.printf("  %-40s %6d%n", k, v));
        Map<String, Integer> held = new TreeMap<>();
        p.heldBack().forEach(h -> held.merge(h.reason(), 1, Integer::sum));
        out.println();
        out.printf("Held back by the planner: %d%n", p.heldBack().size());
        held.forEach((k, v) -> out.printf("  %-28s %6d%n", k, v));
        p.heldBack().stream().limit(Math.min(limit, 20)).forEach(h -> out.printf("  debtor %-8d %-3s %-26s %s%n",
                h.debtorId(), h.currency(), h.reason(), h.detail()));
        out.println();
        out.println("At send time the compliance gate still checks each message (opt-outs, address procedures, legal");
        out.println("flags, the debtor's local contact window, frequency caps, and the balance right before sending).");
    }

    /** Addresses are personal data: show enough to recognise, not to copy. */
    static String mask(String address) {
        if (address == null) {
            return "(no address)";
        }
        int at = address.indexOf('@');
        if (at <= 1) {
            return address.length() <= 4 ? "****" : address.substring(0, 2) + "****";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }

    Hub hub() {
        return hub;
    }
}
