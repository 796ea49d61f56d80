package org.arrears.payments;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the payments inbox is doing, for health checks: the file in hand and since when, the last file finished and
 * its outcome, the last file rejected and why, and how many files each outcome has had since the hub started.
 * A file in hand for longer than a bound ({@code arrears.payments.stuck-after}) means the inbox is stuck: DOWN.
 * Plain Java; the Camel health check {@code org.arrears.health.PaymentsInboxHealthCheck} reads it.
 */
public final class PaymentsInboxHealth {

    /** What became of a file in the inbox. */
    public enum Outcome { POSTED, DUPLICATE, QUARANTINED, RETRY }

    /**
     * The state at one moment.
     *
     * @param up      false when a file has been in hand for longer than the bound
     * @param message one line: what the inbox is doing or did last
     * @param details the figures behind it, by name (for the health endpoint)
     */
    public record Report(boolean up, String message, Map<String, Object> details) {
    }

    private final Clock clock;
    private final Duration stuckAfter;
    private String current;
    private Instant currentSince;
    private String lastFile;
    private Outcome lastOutcome;
    private String lastDetail;
    private Instant lastAt;
    private String lastRejected;
    private String lastRejectedProblem;
    private final Map<Outcome, Long> counts = new LinkedHashMap<>();
    /** Why the last file could not be moved out of the inbox (a folder that cannot be written), or null. */
    private String folderProblem;

    public PaymentsInboxHealth(Clock clock, Duration stuckAfter) {
        this.clock = clock;
        this.stuckAfter = stuckAfter;
    }

    public Duration stuckAfter() {
        return stuckAfter;
    }

    /** A file is being processed from now on. */
    public synchronized void started(String file) {
        current = file;
        currentSince = clock.instant();
    }

    /** The file in hand is done; {@code detail} is a short line (the problem of a rejected file). */
    public synchronized void finished(String file, Outcome outcome, String detail) {
        current = null;
        currentSince = null;
        lastFile = file;
        lastOutcome = outcome;
        lastDetail = detail;
        lastAt = clock.instant();
        counts.merge(outcome, 1L, Long::sum);
        if (outcome == Outcome.QUARANTINED) {
            lastRejected = file;
            lastRejectedProblem = detail;
        }
    }

    /**
     * The processed or quarantine folder could not be written ({@code problem}), or, with null, a file was moved out
     * of the inbox again. While a folder cannot be written the inbox is DOWN with the reason.
     */
    public synchronized void folder(String problem) {
        folderProblem = problem;
    }

    /** The state now. */
    public synchronized Report report() {
        Instant now = clock.instant();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("stuck.after", stuckAfter.toString());
        boolean up = true;
        String message;
        if (current != null) {
            Duration inHand = Duration.between(currentSince, now);
            d.put("current.file", current);
            d.put("current.since", currentSince.toString());
            up = inHand.compareTo(stuckAfter) <= 0;
            message = up ? "processing " + current + " since " + currentSince
                    : "stuck: " + current + " has been in hand since " + currentSince + ", longer than " + stuckAfter;
        } else {
            message = lastFile == null ? "no file processed yet" : "idle; last file " + lastFile + ": " + lastOutcome;
        }
        if (folderProblem != null) {
            up = false;
            message = folderProblem;
            d.put("folder.problem", folderProblem);
        }
        if (lastFile != null) {
            d.put("last.file", lastFile);
            d.put("last.outcome", lastOutcome.name());
            d.put("last.at", lastAt.toString());
            if (lastDetail != null) {
                d.put("last.detail", lastDetail);
            }
        }
        if (lastRejected != null) {
            d.put("last.quarantined.file", lastRejected);
            d.put("last.quarantined.problem", lastRejectedProblem);
        }
        for (Outcome o : Outcome.values()) {
            d.put("files." + o.name().toLowerCase(java.util.Locale.ROOT), counts.getOrDefault(o, 0L));
        }
        return new Report(up, message, d);
    }
}
