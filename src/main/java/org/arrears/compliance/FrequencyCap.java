package org.arrears.compliance;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * At most {@code maxCount} messages on a channel within any sliding {@code window} (R4's per-channel
 * harassment cap). Text form: {@code 3/P7D}.
 */
public record FrequencyCap(int maxCount, Duration window) {

    public FrequencyCap {
        Objects.requireNonNull(window, "window");
        if (maxCount < 1) {
            throw new IllegalArgumentException("cap count must be at least 1, got " + maxCount);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("cap window must be positive, got " + window);
        }
    }

    /** Parses {@code COUNT/DURATION}, the duration in ISO-8601 ({@code P1D}, {@code P7D}, {@code PT12H}). */
    public static FrequencyCap parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1) {
            throw new IllegalArgumentException("cap '" + t + "' is not COUNT/DURATION such as 3/P7D");
        }
        int count;
        try {
            count = Integer.parseInt(t.substring(0, slash).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cap count in '" + t + "' is not a number");
        }
        Duration d;
        try {
            d = Duration.parse(t.substring(slash + 1).trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cap window in '" + t + "' is not an ISO-8601 duration such as P7D");
        }
        return new FrequencyCap(count, d);
    }

    /** How many of {@code sends} count against this cap at {@code t}: those after {@code t - window}. */
    public int countAt(Collection<Instant> sends, Instant t) {
        Instant from = t.minus(window);
        int n = 0;
        for (Instant s : sends) {
            if (s.isAfter(from)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The earliest instant {@code >= t} at which one more message stays within the cap: {@code t} itself when
     * fewer than {@code maxCount} sends are inside the window, otherwise the moment the {@code maxCount}-th
     * newest counted send leaves it.
     */
    public Instant releaseAt(Collection<Instant> sends, Instant t) {
        Instant from = t.minus(window);
        List<Instant> counted = new ArrayList<>();
        for (Instant s : sends) {
            if (s.isAfter(from)) {
                counted.add(s);
            }
        }
        if (counted.size() < maxCount) {
            return t;
        }
        counted.sort(Comparator.reverseOrder());
        Instant release = counted.get(maxCount - 1).plus(window);
        return release.isAfter(t) ? release : t;
    }

    @Override
    public String toString() {
        return maxCount + "/" + text(window);
    }

    /** ISO-8601 text of a duration, in whole days when it is a whole number of days ({@code P7D}). */
    static String text(Duration d) {
        return d.getNano() == 0 && d.getSeconds() % 86_400 == 0 ? "P" + d.toDays() + "D" : d.toString();
    }
}
