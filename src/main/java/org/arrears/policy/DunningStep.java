package org.arrears.policy;

import java.util.List;
import org.arrears.compliance.Channel;

/**
 * One rung of a dunning ladder. {@code offsetDays} is relative to the due date (negative: courtesy
 * reminder before it). An escalation step creates a task for a specialist instead of a message.
 *
 * @param channels  in order: the first the debtor can be reached on is planned, each later one is the fallback
 *                  for the one before ({@code channels: [email, sms, letter]}); with {@code allOf}, one message
 *                  on every channel ({@code each: [email, letter]})
 * @param maxSegments the most SMS segments the step's text may take (null: the hub's default)
 */
public record DunningStep(
        int index,
        String code,
        int offsetDays,
        List<Channel> channels,
        boolean allOf,
        String template,
        Integer repeatEveryDays,
        boolean escalation,
        String taskTitle,
        Integer maxSegments,
        int line) {

    public DunningStep {
        channels = List.copyOf(channels);
    }

    /** The channels after {@code channel} in a fallback list (none for an all-of step). */
    public List<Channel> fallbacksAfter(Channel channel) {
        if (allOf) {
            return List.of();
        }
        int i = channels.indexOf(channel);
        return i < 0 ? List.of() : channels.subList(i + 1, channels.size());
    }

    public boolean repeats() {
        return repeatEveryDays != null;
    }
}
