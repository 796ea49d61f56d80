package org.arrears.bench;

import java.util.Locale;

/**
 * The outcome of a throughput benchmark that races the hub against a baseline over the same work, and its one
 * machine-readable line: {@code ratio=R hub_<unit>_per_s=A baseline_<unit>_per_s=B peak_heap_mb=M}.
 *
 * @param unit what is counted, as the line names it: msgs, letters
 */
public record Throughput(String unit, int count, double hubPerSecond, double baselinePerSecond, long peakHeapMb) {

    public double ratio() {
        return hubPerSecond / baselinePerSecond;
    }

    public String line() {
        return String.format(Locale.ROOT, "ratio=%.2f hub_%s_per_s=%.0f baseline_%s_per_s=%.0f peak_heap_mb=%d",
                ratio(), unit, hubPerSecond, unit, baselinePerSecond, peakHeapMb);
    }
}
