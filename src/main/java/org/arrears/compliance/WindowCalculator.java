package org.arrears.compliance;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the earliest instant at which several time constraints hold at once: a contact window in every
 * candidate zone (R1/R2), designated inconvenient times (R3), frequency caps (R4).
 *
 * <p>The search jumps forward: at each step every constraint that does not hold reports the earliest instant
 * at which it will, and the search moves to the latest of those. No instant skipped can satisfy all the
 * constraints, so the first instant at which all hold is the earliest one. The search is bounded by a limit
 * and answers empty when the constraints never meet before it (for example windows that never overlap).
 */
public final class WindowCalculator {

    private static final int MAX_STEPS = 100_000;

    private WindowCalculator() {
    }

    /** One time constraint. */
    @FunctionalInterface
    public interface Constraint {
        /**
         * The earliest instant {@code >= t} at which this constraint holds (exactly {@code t} when it holds at
         * {@code t}), or empty when it does not hold at any instant up to {@code limit}. Answers may be lower
         * bounds as long as the constraint fails everywhere in {@code [t, answer)}.
         */
        Optional<Instant> nextOpen(Instant t, Instant limit);

        default boolean holdsAt(Instant t) {
            return nextOpen(t, t).filter(t::equals).isPresent();
        }
    }

    /** The window evaluated at the local time of one zone. */
    public static Constraint window(ContactWindow window, ZoneId zone) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(zone, "zone");
        return (t, limit) -> window.nextOpen(t, zone, limit);
    }

    /** The window evaluated in every one of the zones at once. */
    public static Constraint windowInEvery(ContactWindow window, Collection<ZoneId> zones) {
        List<Constraint> parts = new ArrayList<>();
        for (ZoneId z : zones) {
            parts.add(window(window, z));
        }
        return allOf(parts);
    }

    /** All the constraints at once. */
    public static Constraint allOf(List<Constraint> constraints) {
        List<Constraint> copy = List.copyOf(constraints);
        return (t, limit) -> earliest(copy, t, limit);
    }

    /** True when {@code t} is inside {@code window} in every zone. */
    public static boolean insideEvery(ContactWindow window, Collection<ZoneId> zones, Instant t) {
        requireZones(zones);
        return zones.stream().allMatch(z -> window.isOpen(t, z));
    }

    /**
     * The earliest instant {@code >= from} that is inside {@code window} in every zone simultaneously, or empty
     * when there is none within {@code horizon} (the windows never overlap).
     */
    public static Optional<Instant> earliestInsideEvery(ContactWindow window, Collection<ZoneId> zones,
                                                        Instant from, Duration horizon) {
        requireZones(zones);
        return earliest(List.of(windowInEvery(window, zones)), from, from.plus(horizon));
    }

    /** The earliest instant {@code >= from} at which every constraint holds, or empty if none by {@code limit}. */
    public static Optional<Instant> earliest(List<Constraint> constraints, Instant from, Instant limit) {
        Instant t = from;
        for (int step = 0; step < MAX_STEPS; step++) {
            if (t.isAfter(limit)) {
                return Optional.empty();
            }
            Instant next = t;
            for (Constraint c : constraints) {
                Optional<Instant> open = c.nextOpen(t, limit);
                if (open.isEmpty()) {
                    return Optional.empty();
                }
                if (open.get().isBefore(t)) {
                    throw new IllegalStateException("constraint answered an instant before " + t);
                }
                if (open.get().isAfter(next)) {
                    next = open.get();
                }
            }
            if (next.equals(t)) {
                return Optional.of(t);
            }
            t = next;
        }
        throw new IllegalStateException("no convergence after " + MAX_STEPS + " steps from " + from);
    }

    private static void requireZones(Collection<ZoneId> zones) {
        if (zones == null || zones.isEmpty()) {
            throw new IllegalArgumentException("at least one zone is needed");
        }
    }
}
