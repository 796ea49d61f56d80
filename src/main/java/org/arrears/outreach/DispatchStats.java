package org.arrears.outreach;

import java.util.Map;
import java.util.TreeMap;

/** Counts from dispatching, by outcome and by reason. */
public final class DispatchStats {

    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final Map<String, Integer> reasons = new TreeMap<>();

    public synchronized void count(String outcome, String reason) {
        outcomes.merge(outcome, 1, Integer::sum);
        if (reason != null) {
            reasons.merge(outcome + " " + reason, 1, Integer::sum);
        }
    }

    public synchronized void add(DispatchStats other) {
        other.outcomes.forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
        other.reasons.forEach((k, v) -> reasons.merge(k, v, Integer::sum));
    }

    public synchronized int get(String outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }

    public synchronized int total() {
        return outcomes.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized Map<String, Integer> reasons() {
        return new TreeMap<>(reasons);
    }

    @Override
    public synchronized String toString() {
        return outcomes.toString();
    }
}
