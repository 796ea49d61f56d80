package org.arrears.policy;

import java.time.LocalDate;
import java.util.List;

/** What one planning run created: messages per policy, step and channel, and escalation tasks. */
public record PlanResult(LocalDate asOf, List<Line> lines, int tasksCreated) {

    public record Line(String policy, String step, String channel, int planned) {
    }

    public int planned() {
        return lines.stream().mapToInt(Line::planned).sum();
    }
}
