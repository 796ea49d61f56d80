package org.arrears.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ContactAttempt;
import org.arrears.compliance.ContactPointProfile;
import org.arrears.compliance.DebtorProfile;
import org.arrears.compliance.Decision;
import org.arrears.compliance.Verdict;
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
        Map<String, Integer> held = p.heldBackByReason();
        out.println();
        out.printf("Held back by the planner: %d%n", p.heldBack().size());
        held.forEach((k, v) -> out.printf("  %-28s %6d%n", k, v));
        p.heldBack().stream().limit(Math.min(limit, 20)).forEach(h -> out.printf("  debtor %-8d %-3s %-26s %s%n",
                h.debtorId(), h.currency(), h.reason(), h.detail()));
        Map<String, Integer> denied = new TreeMap<>();
        List<String> deniedLines = new java.util.ArrayList<>();
        gateDenials(c).forEach((x, d) -> {
            denied.merge(d.reason().name(), 1, Integer::sum);
            deniedLines.add(String.format("  debtor %-8d %-3s %-26s %s", x.debtorId(), x.currency(), d.reason(), d.detail()));
        });
        out.println();
        out.printf("Planned but stopped by the compliance gate at send time, as things stand now: %d%n", deniedLines.size());
        denied.forEach((k, v) -> out.printf("  %-28s %6d%n", k, v));
        deniedLines.stream().limit(Math.min(limit, 20)).forEach(out::println);
        out.println();
        out.println("The gate decides again right before each message leaves: the debtor's local contact window and");
        out.println("frequency caps may still defer a message, and a payment or opt-out until then stops it.");
    }

    /** The gate's DENY verdicts for the candidates, from their debtor and address as they are now. */
    private Map<PlanPreview.Candidate, Decision> gateDenials(List<PlanPreview.Candidate> candidates) {
        List<PlanPreview.Candidate> messages = candidates.stream().filter(x -> !x.channel().equals("task")).toList();
        Map<Long, DebtorProfile> debtors = hub.outbox().debtorProfiles(messages.stream().map(PlanPreview.Candidate::debtorId).distinct().toList());
        Map<Long, ContactPointProfile> points = hub.outbox().contactPoints(messages.stream()
                .map(PlanPreview.Candidate::contactPointId).filter(java.util.Objects::nonNull).distinct().toList());
        Map<PlanPreview.Candidate, Decision> out = new java.util.LinkedHashMap<>();
        Instant now = Instant.now();
        for (PlanPreview.Candidate x : messages) {
            ContactAttempt attempt = new ContactAttempt(0, Channel.of(x.channel()), x.template(), now, debtors.get(x.debtorId()),
                    x.contactPointId() == null ? null : points.get(x.contactPointId()), List.of(), 1, x.total(),
                    BigDecimal.ZERO, List.of());
            Decision d = hub.gate().decide(attempt);
            if (d.verdict() == Verdict.DENY) {
                out.put(x, d);
            }
        }
        return out;
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
}
