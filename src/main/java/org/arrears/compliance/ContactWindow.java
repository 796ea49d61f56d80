package org.arrears.compliance;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Local times at which contact is allowed: per day of the week zero or more half-open intervals
 * {@code [start, end)}, plus holiday dates on which the whole day is closed. A window is zone-free; it is
 * evaluated in a zone with {@link #isOpen(Instant, ZoneId)} and {@link #nextOpen(Instant, ZoneId, Instant)}.
 *
 * <p>Text form (see {@link #parse(String)}): entries separated by {@code ;}, each {@code DAYS TIMES} or
 * {@code DAYS closed}, for example {@code MON-SAT 07:00-21:00; SUN 13:00-17:00}. A bare {@code 08:00-21:00}
 * means every day. Days not named are closed. {@code 24:00} may end an interval.
 */
public final class ContactWindow {

    private static final int DAY_SECONDS = 86_400;
    private static final DayOfWeek[] WEEK = DayOfWeek.values();
    private static final Set<DayOfWeek> ALL_DAYS = Collections.unmodifiableSet(EnumSet.allOf(DayOfWeek.class));

    /** An interval {@code [start, end)} in seconds of the local day; {@code end} may be 86400 (24:00). */
    public record Interval(int startSecond, int endSecond) implements Comparable<Interval> {

        public Interval {
            if (startSecond < 0 || endSecond > DAY_SECONDS || startSecond >= endSecond) {
                throw new IllegalArgumentException("interval must satisfy 00:00 <= start < end <= 24:00, got "
                        + format(startSecond) + "-" + format(endSecond));
            }
        }

        /** {@code end} of {@link LocalTime#MIDNIGHT} means the end of the day (24:00). */
        public static Interval of(LocalTime start, LocalTime end) {
            int e = end.equals(LocalTime.MIDNIGHT) ? DAY_SECONDS : end.toSecondOfDay();
            return new Interval(start.toSecondOfDay(), e);
        }

        public LocalTime start() {
            return LocalTime.ofSecondOfDay(startSecond);
        }

        @Override
        public int compareTo(Interval o) {
            return Integer.compare(startSecond, o.startSecond);
        }

        @Override
        public String toString() {
            return format(startSecond) + "-" + format(endSecond);
        }
    }

    private final Map<DayOfWeek, List<Interval>> days;
    private final Set<LocalDate> holidays;

    private ContactWindow(Map<DayOfWeek, List<Interval>> days, Set<LocalDate> holidays) {
        EnumMap<DayOfWeek, List<Interval>> copy = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : WEEK) {
            List<Interval> list = new ArrayList<>(days.getOrDefault(d, List.of()));
            Collections.sort(list);
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i).startSecond() < list.get(i - 1).endSecond()) {
                    throw new IllegalArgumentException("overlapping intervals on " + abbrev(d) + ": "
                            + list.get(i - 1) + " and " + list.get(i));
                }
            }
            copy.put(d, List.copyOf(list));
        }
        this.days = Collections.unmodifiableMap(copy);
        this.holidays = Collections.unmodifiableSet(new TreeSet<>(holidays));
    }

    /** The same interval every day of the week, no holidays. */
    public static ContactWindow daily(LocalTime start, LocalTime end) {
        return builder().open(ALL_DAYS, start, end).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this window's days and holidays. */
    public Builder toBuilder() {
        Builder b = new Builder();
        days.forEach((d, list) -> b.days.put(d, new ArrayList<>(list)));
        b.holidays.addAll(holidays);
        return b;
    }

    /** This window with its holiday set replaced. */
    public ContactWindow withHolidays(Collection<LocalDate> newHolidays) {
        return new ContactWindow(days, new TreeSet<>(newHolidays));
    }

    /**
     * This window with every interval's end moved earlier by {@code margin}; intervals that become empty
     * are dropped (the safety margin of R1, so that latency cannot push a send past the end).
     */
    public ContactWindow shortenedBy(Duration margin) {
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must not be negative: " + margin);
        }
        if (margin.isZero()) {
            return this;
        }
        long m = margin.getSeconds();
        EnumMap<DayOfWeek, List<Interval>> out = new EnumMap<>(DayOfWeek.class);
        days.forEach((d, list) -> {
            List<Interval> shorter = new ArrayList<>();
            for (Interval iv : list) {
                long end = iv.endSecond() - m;
                if (end > iv.startSecond()) {
                    shorter.add(new Interval(iv.startSecond(), (int) end));
                }
            }
            out.put(d, shorter);
        });
        return new ContactWindow(out, holidays);
    }

    public List<Interval> intervals(DayOfWeek day) {
        return days.get(day);
    }

    public Set<LocalDate> holidays() {
        return holidays;
    }

    /** True when {@code t} falls inside the window at the local time of {@code zone}. */
    public boolean isOpen(Instant t, ZoneId zone) {
        return nextOpen(t, zone, t).filter(t::equals).isPresent();
    }

    /** The earliest instant {@code >= from} inside the window in {@code zone}, searching up to {@code horizon}. */
    public Optional<Instant> nextOpen(Instant from, ZoneId zone, Duration horizon) {
        return nextOpen(from, zone, from.plus(horizon));
    }

    /**
     * The earliest instant {@code >= from} inside the window in {@code zone}, or empty when there is none at or
     * before {@code limit}. DST is handled through {@link ZonedDateTime}: a boundary that falls in a
     * spring-forward gap is shifted later by the length of the gap (02:30 becomes 03:30), one that falls in a
     * fall-back overlap takes the earlier offset.
     */
    public Optional<Instant> nextOpen(Instant from, ZoneId zone, Instant limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(zone, "zone");
        if (from.isAfter(limit)) {
            return Optional.empty();
        }
        LocalDate day = from.atZone(zone).toLocalDate();
        while (!day.atStartOfDay(zone).toInstant().isAfter(limit)) {
            if (!holidays.contains(day)) {
                for (Interval iv : days.get(day.getDayOfWeek())) {
                    Instant s = at(day, iv.startSecond(), zone);
                    Instant e = at(day, iv.endSecond(), zone);
                    if (s.isBefore(e) && from.isBefore(e)) {
                        Instant r = from.isAfter(s) ? from : s;
                        return r.isAfter(limit) ? Optional.empty() : Optional.of(r);
                    }
                }
            }
            day = day.plusDays(1);
        }
        return Optional.empty();
    }

    private static Instant at(LocalDate day, int second, ZoneId zone) {
        if (second == DAY_SECONDS) {
            return day.plusDays(1).atStartOfDay(zone).toInstant();
        }
        return ZonedDateTime.of(day, LocalTime.ofSecondOfDay(second), zone).toInstant();
    }

    /** True when no day of the week has an interval. */
    public boolean isAlwaysClosed() {
        return days.values().stream().allMatch(List::isEmpty);
    }

    /**
     * The canonical text form of the days, for example {@code MON-SAT 08:00-20:00; SUN closed}; holidays are
     * not included (see {@link #holidays()}).
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < WEEK.length) {
            int j = i;
            while (j + 1 < WEEK.length && days.get(WEEK[j + 1]).equals(days.get(WEEK[i]))) {
                j++;
            }
            String dayText = i == 0 && j == WEEK.length - 1 ? "daily"
                    : i == j ? abbrev(WEEK[i]) : abbrev(WEEK[i]) + "-" + abbrev(WEEK[j]);
            List<Interval> list = days.get(WEEK[i]);
            String times = list.isEmpty() ? "closed" : String.join(",", list.stream().map(Interval::toString).toList());
            parts.add(dayText + " " + times);
            i = j + 1;
        }
        return String.join("; ", parts);
    }

    @Override
    public String toString() {
        return holidays.isEmpty() ? describe() : describe() + " (+" + holidays.size() + " holidays)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContactWindow w && w.days.equals(days) && w.holidays.equals(holidays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(days, holidays);
    }

    /**
     * Parses the text form. Examples: {@code 08:00-21:00}, {@code MON-SAT 08:00-20:00; SUN closed},
     * {@code MON-FRI 09:00-12:00,13:00-17:00; SAT,SUN closed}, {@code daily 08:00-21:00}.
     *
     * @throws IllegalArgumentException naming the offending part
     */
    public static ContactWindow parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty window");
        }
        Builder b = builder();
        Set<DayOfWeek> seen = EnumSet.noneOf(DayOfWeek.class);
        for (String raw : spec.split(";", -1)) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("empty entry in window '" + spec + "'");
            }
            String[] parts = entry.split("\\s+", 2);
            Set<DayOfWeek> entryDays;
            String times;
            if (parts.length == 1) {
                if (!Character.isDigit(parts[0].charAt(0))) {
                    throw new IllegalArgumentException("entry '" + entry + "' needs times or 'closed'");
                }
                entryDays = ALL_DAYS;
                times = parts[0];
            } else {
                entryDays = parseDays(parts[0]);
                times = parts[1].trim();
            }
            for (DayOfWeek d : entryDays) {
                if (!seen.add(d)) {
                    throw new IllegalArgumentException(abbrev(d) + " is given twice in window '" + spec + "'");
                }
            }
            if (times.equalsIgnoreCase("closed")) {
                entryDays.forEach(b::closed);
                continue;
            }
            for (String t : times.split(",")) {
                Interval iv = parseInterval(t.trim());
                for (DayOfWeek d : entryDays) {
                    b.days.get(d).add(iv);
                }
            }
        }
        return b.build();
    }

    private static Set<DayOfWeek> parseDays(String text) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if (p.equals("DAILY") || p.equals("ALL")) {
                out.addAll(ALL_DAYS);
                continue;
            }
            int dash = p.indexOf('-');
            if (dash < 0) {
                out.add(day(p));
            } else {
                DayOfWeek from = day(p.substring(0, dash));
                DayOfWeek to = day(p.substring(dash + 1));
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    out.add(d);
                    if (d == to) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static DayOfWeek day(String text) {
        for (DayOfWeek d : WEEK) {
            if (abbrev(d).equals(text) || d.name().equals(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day '" + text + "' (use MON..SUN)");
    }

    private static Interval parseInterval(String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("interval '" + text + "' is not HH:mm-HH:mm");
        }
        int start = parseTime(text.substring(0, dash).trim(), false);
        int end = parseTime(text.substring(dash + 1).trim(), true);
        if (start >= end) {
            throw new IllegalArgumentException("interval '" + text + "' must end after it starts");
        }
        return new Interval(start, end);
    }

    private static int parseTime(String text, boolean allow24) {
        if (allow24 && text.equals("24:00")) {
            return DAY_SECONDS;
        }
        if (!text.matches("\\d{2}:\\d{2}")) {
            throw new IllegalArgumentException("time '" + text + "' is not HH:mm");
        }
        try {
            return LocalTime.parse(text).toSecondOfDay();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + text + "' is not a valid time of day");
        }
    }

    private static String abbrev(DayOfWeek d) {
        return d.name().substring(0, 3);
    }

    private static String format(int second) {
        return String.format(Locale.ROOT, "%02d:%02d", second / 3600, (second % 3600) / 60)
                + (second % 60 == 0 ? "" : String.format(Locale.ROOT, ":%02d", second % 60));
    }

    /** Builds a window day by day. Days never opened are closed. */
    public static final class Builder {
        private final EnumMap<DayOfWeek, List<Interval>> days = new EnumMap<>(DayOfWeek.class);
        private final Set<LocalDate> holidays = new TreeSet<>();

        private Builder() {
            for (DayOfWeek d : WEEK) {
                days.put(d, new ArrayList<>());
            }
        }

        /** Adds {@code [start, end)} on {@code day}; an {@code end} of 00:00 means 24:00. */
        public Builder open(DayOfWeek day, LocalTime start, LocalTime end) {
            days.get(day).add(Interval.of(start, end));
            return this;
        }

        public Builder open(DayOfWeek day, Interval interval) {
            days.get(day).add(Objects.requireNonNull(interval, "interval"));
            return this;
        }

        public Builder open(Collection<DayOfWeek> which, LocalTime start, LocalTime end) {
            which.forEach(d -> open(d, start, end));
            return this;
        }

        public Builder closed(DayOfWeek day) {
            days.get(day).clear();
            return this;
        }

        public Builder holiday(LocalDate date) {
            holidays.add(date);
            return this;
        }

        public Builder holidays(Collection<LocalDate> dates) {
            holidays.addAll(dates);
            return this;
        }

        public ContactWindow build() {
            return new ContactWindow(days, holidays);
        }
    }
}
