package org.arrears.bench.faults;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arrears.config.Settings;

/**
 * {@code arrears bench faults}: every scenario of the fault suite in its long profile (larger campaigns and bank
 * files, a two-minute SMTP refusal), one line each, then {@code scenarios=N passed=P lost=L
 * duplicates_beyond_inflight=D}. Runs from the project folder, like every command, so the hubs it starts find
 * {@code config/} and {@code routes/}.
 */
public final class FaultBenchmark {

    private FaultBenchmark() {
    }

    /** Runs the named scenarios (all when empty); returns the number that failed. */
    public static int run(Settings base, FaultSuite.Profile profile, List<String> only, PrintStream out) throws IOException {
        Path root = Files.createTempDirectory("arrears-bench-faults-");
        out.printf("fault suite: %,d messages a campaign, %,d entries a bank file, faults of %s, SMTP refusing for %s, "
                + "lease %s; logs under %s%n", profile.messages(), profile.entries(), profile.faultFor(),
                profile.refuseFor(), profile.lease(), root);
        List<Tally> results = new ArrayList<>();
        try (FaultSuite suite = new FaultSuite(base, profile, root, out)) {
            for (Map.Entry<String, FaultSuite.Scenario> s : suite.scenarios().entrySet()) {
                if (!only.isEmpty() && !only.contains(s.getKey())) {
                    continue;
                }
                try {
                    Tally t = s.getValue().run();
                    if (!t.passed()) {
                        out.println("  FAILED: " + t.explain());
                    }
                    results.add(t);
                } catch (Exception | AssertionError e) {
                    Tally t = new Tally(s.getKey(), 0, 0, 0, 0, false, 0, 0, List.of(), List.of("failed: " + e));
                    out.println(t.line() + " error=" + e.getMessage());
                    results.add(t);
                }
            }
        }
        long passed = results.stream().filter(Tally::passed).count();
        long lost = results.stream().mapToLong(Tally::lost).sum();
        long beyond = results.stream().mapToLong(t -> Math.max(0, t.duplicates() - t.allowedDuplicates())).sum();
        out.printf("scenarios=%d passed=%d lost=%d duplicates_beyond_inflight=%d%n", results.size(), passed, lost, beyond);
        return (int) (results.size() - passed);
    }
}
