package org.arrears.bench.faults;

import java.util.List;
import java.util.Locale;

/**
 * What one scenario planned and what came of it: distinct messages (or bank entries) that reached the server, those
 * that reached it twice, those planned and never sent without a legitimate reason, whether the hub finished by
 * itself, and the duplicates the settings allow (the claims in flight at a kill: {@code record-every} per worker).
 * {@code observed} lists what operators saw (health, metrics, log lines); {@code problems} what the scenario found
 * wrong besides the figures.
 */
public record Tally(String scenario, long planned, long sent, long duplicates, long lost, boolean recovered,
                    double seconds, long allowedDuplicates, List<String> observed, List<String> problems) {

    public String line() {
        return String.format(Locale.ROOT, "scenario=%s planned=%d sent=%d duplicates=%d lost=%d recovered=%s seconds=%.1f",
                scenario, planned, sent, duplicates, lost, recovered ? "yes" : "no", seconds);
    }

    public boolean duplicatesBeyondInFlight() {
        return duplicates > allowedDuplicates;
    }

    public boolean passed() {
        return lost == 0 && !duplicatesBeyondInFlight() && recovered && problems.isEmpty();
    }

    /** The line, then what was observed and any problem, for a failing test's message. */
    public String explain() {
        return line() + " allowed_duplicates=" + allowedDuplicates + "\n  observed: " + observed + "\n  problems: " + problems;
    }
}
