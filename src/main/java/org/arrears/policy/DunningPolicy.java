package org.arrears.policy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dunning policy as read from config/policies/*.yaml. {@code version} is the declared version plus a
 * short hash of the file, so every planned message records exactly which policy text planned it.
 * {@code catchUp} says where a group that enters the hub already late starts on the ladder. {@code approvalRequired}
 * ({@code approval: required}): each run's planned messages wait for a manager's approval in the console before
 * they are claimed for sending ({@link Approvals}).
 */
public record DunningPolicy(
        String code,
        String version,
        Path source,
        String description,
        int priority,
        Segment segment,
        Map<String, BigDecimal> minimumBalance,
        BigDecimal defaultMinimumBalance,
        int minDaysBetweenContacts,
        CatchUp catchUp,
        List<DunningStep> steps,
        boolean approvalRequired) {

    /** A policy whose runs need no approval. */
    public DunningPolicy(String code, String version, Path source, String description, int priority, Segment segment,
                         Map<String, BigDecimal> minimumBalance, BigDecimal defaultMinimumBalance, int minDaysBetweenContacts,
                         CatchUp catchUp, List<DunningStep> steps) {
        this(code, version, source, description, priority, segment, minimumBalance, defaultMinimumBalance,
                minDaysBetweenContacts, catchUp, steps, false);
    }

    public DunningPolicy {
        minimumBalance = Map.copyOf(minimumBalance);
        steps = List.copyOf(steps);
    }

    /** Where a group's dunning starts when it is already past some steps' offsets. */
    public enum CatchUp {
        /** At the first message step that fits (no courtesy reminder once overdue), then one step at a time. */
        FIRST_STEP,
        /** At the highest step whose offset the group's age has reached. */
        AGE;

        static CatchUp of(String value) {
            return switch (value) {
                case "first-step" -> FIRST_STEP;
                case "age" -> AGE;
                default -> null;
            };
        }
    }

    public BigDecimal minimumFor(String currency) {
        return minimumBalance.getOrDefault(currency, defaultMinimumBalance);
    }

    public Optional<DunningStep> step(String code) {
        return steps.stream().filter(s -> s.code().equals(code)).findFirst();
    }

    /** How many days before the due date the earliest courtesy step looks (0 when none). */
    public int courtesyHorizonDays() {
        return steps.stream().mapToInt(DunningStep::offsetDays).map(o -> Math.max(0, -o)).max().orElse(0);
    }
}
