package org.arrears.policy;

import java.util.List;
import org.arrears.compliance.Channel;

/**
 * One rung of a dunning ladder. {@code offsetDays} is relative to the due date (negative: courtesy
 * reminder before it). An escalation step creates a task for a specialist instead of a message.
 */
public record DunningStep(
        int index,
        String code,
        int offsetDays,
        List<Channel> channels,
        String template,
        Integer repeatEveryDays,
        boolean escalation,
        String taskTitle,
        int line) {

    public DunningStep {
        channels = List.copyOf(channels);
    }

    public boolean repeats() {
        return repeatEveryDays != null;
    }
}
