package org.arrears.compliance;

import static org.arrears.compliance.Fixtures.HONOLULU;
import static org.arrears.compliance.Fixtures.LOS_ANGELES;
import static org.arrears.compliance.Fixtures.NEW_YORK;
import static org.arrears.compliance.Fixtures.at;
import static org.arrears.compliance.Fixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The window model and the multi-zone calculator, independent of the gate. */
class ContactWindowTest {

    private static final ContactWindow STANDARD = GateSettings.STANDARD_WINDOW;
    private static final Duration TWO_WEEKS = Duration.ofDays(14);

    @Test
    void window_isHalfOpen() {
        assertThat(STANDARD.isOpen(at("2025-07-15T08:00", NEW_YORK), NEW_YORK)).isTrue();
        assertThat(STANDARD.isOpen(at("2025-07-15T20:59:59", NEW_YORK), NEW_YORK)).isTrue();
        assertThat(STANDARD.isOpen(at("2025-07-15T21:00", NEW_YORK), NEW_YORK)).isFalse();
        assertThat(STANDARD.isOpen(at("2025-07-15T07:59:59", NEW_YORK), NEW_YORK)).isFalse();
    }

    @Test
    void window_nextOpenIsDstCorrectInJulyAndJanuary() {
        assertThat(STANDARD.nextOpen(utc("2025-07-15T05:00:00Z"), NEW_YORK, TWO_WEEKS))
                .contains(utc("2025-07-15T12:00:00Z"));
        assertThat(STANDARD.nextOpen(utc("2025-01-15T05:00:00Z"), NEW_YORK, TWO_WEEKS))
                .contains(utc("2025-01-15T13:00:00Z"));
    }

    @Test
    void window_boundaryInsideTheSpringForwardGapShiftsByTheGap() {
        ContactWindow early = ContactWindow.parse("02:30-04:00");
        // 2025-03-09 02:30 does not exist in New York; the window starts at 03:30 EDT.
        assertThat(early.nextOpen(at("2025-03-09T01:00", NEW_YORK), NEW_YORK, TWO_WEEKS))
                .contains(utc("2025-03-09T07:30:00Z"));
    }

    @Test
    void window_holidayAndClosedDaysAreSkipped() {
        ContactWindow w = ContactWindow.parse("MON-FRI 09:00-17:00; SAT,SUN closed")
                .withHolidays(List.of(LocalDate.of(2025, 7, 4)));
        // Thursday evening -> Friday is a holiday -> weekend closed -> Monday 09:00.
        assertThat(w.nextOpen(at("2025-07-03T18:00", NEW_YORK), NEW_YORK, TWO_WEEKS))
                .contains(at("2025-07-07T09:00", NEW_YORK));
    }

    @Test
    void window_searchStopsAtTheLimit() {
        ContactWindow never = ContactWindow.builder().build();
        assertThat(never.isAlwaysClosed()).isTrue();
        assertThat(never.nextOpen(utc("2025-07-15T12:00:00Z"), NEW_YORK, TWO_WEEKS)).isEmpty();
        ContactWindow mondays = ContactWindow.parse("MON 09:00-10:00");
        Instant tuesday = at("2025-07-15T12:00", NEW_YORK);
        assertThat(mondays.nextOpen(tuesday, NEW_YORK, Duration.ofDays(5))).isEmpty();
        assertThat(mondays.nextOpen(tuesday, NEW_YORK, Duration.ofDays(6))).contains(at("2025-07-21T09:00", NEW_YORK));
    }

    @Test
    void window_marginShortensEveryInterval() {
        ContactWindow w = ContactWindow.parse("MON-SAT 08:00-20:00; SUN 13:00-13:10").shortenedBy(Duration.ofMinutes(15));
        assertThat(w.describe()).isEqualTo("MON-SAT 08:00-19:45; SUN closed");
    }

    @Test
    void window_parseAndDescribeRoundTrip() {
        ContactWindow w = ContactWindow.parse("mon-fri 09:00-12:00,13:00-17:00; SAT 10:00-14:00; SUN closed");
        assertThat(w.describe()).isEqualTo("MON-FRI 09:00-12:00,13:00-17:00; SAT 10:00-14:00; SUN closed");
        assertThat(ContactWindow.parse(w.describe())).isEqualTo(w);
        assertThat(STANDARD.describe()).isEqualTo("daily 08:00-21:00");
        assertThat(ContactWindow.parse("FRI-MON 10:00-11:00").intervals(DayOfWeek.SUNDAY)).hasSize(1);
        assertThat(ContactWindow.parse("FRI-MON 10:00-11:00").intervals(DayOfWeek.WEDNESDAY)).isEmpty();
    }

    @Test
    void window_builderMatchesParse() {
        ContactWindow built = ContactWindow.builder()
                .open(List.of(DayOfWeek.values()).subList(0, 6), LocalTime.of(8, 0), LocalTime.of(20, 0))
                .build();
        assertThat(built).isEqualTo(ContactWindow.parse("MON-SAT 08:00-20:00; SUN closed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "08:00", "MON 08:00", "XYZ 08:00-09:00", "MON 09:00-08:00", "MON 08:00-21:00; MON closed",
        "25:00-26:00", "8:00-21:00", "MON 08:00-12:00,11:00-13:00", "MON-SAT 08:00-20:00;", "closed"
    })
    void window_malformedTextIsRejected(String spec) {
        assertThatThrownBy(() -> ContactWindow.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- calculator

    @Test
    void calculator_insideEveryZoneOnlyWhenAllAreOpen() {
        List<ZoneId> zones = List.of(NEW_YORK, LOS_ANGELES);
        assertThat(WindowCalculator.insideEvery(STANDARD, zones, at("2025-07-15T12:00", NEW_YORK))).isTrue();
        assertThat(WindowCalculator.insideEvery(STANDARD, zones, at("2025-07-15T10:00", NEW_YORK))).isFalse();
    }

    @Test
    void calculator_earliestCommonInstantAcrossNewYorkAndHonolulu() {
        List<ZoneId> zones = List.of(NEW_YORK, HONOLULU);
        assertThat(WindowCalculator.earliestInsideEvery(STANDARD, zones, at("2025-07-15T13:00", NEW_YORK), TWO_WEEKS))
                .contains(at("2025-07-15T14:00", NEW_YORK));
        // January: Honolulu is 5 hours behind New York, so 13:00 EST is 08:00 HST.
        assertThat(WindowCalculator.earliestInsideEvery(STANDARD, zones, at("2025-01-15T12:00", NEW_YORK), TWO_WEEKS))
                .contains(at("2025-01-15T13:00", NEW_YORK));
    }

    @Test
    void calculator_returnsTheStartWhenAlreadyInside() {
        Instant t = at("2025-07-15T15:00", NEW_YORK);
        assertThat(WindowCalculator.earliestInsideEvery(STANDARD, List.of(NEW_YORK, LOS_ANGELES), t, TWO_WEEKS))
                .contains(t);
    }

    @Test
    void calculator_windowsThatNeverOverlapGiveNothing() {
        // Two [08:00, 21:00) windows always overlap (13 + 13 > 24 hours), but office hours 13 hours apart never do.
        ContactWindow office = ContactWindow.parse("09:00-17:00");
        List<ZoneId> zones = List.of(NEW_YORK, ZoneId.of("Asia/Tokyo"));
        assertThat(WindowCalculator.earliestInsideEvery(office, zones, utc("2025-07-15T00:00:00Z"), TWO_WEEKS))
                .isEmpty();
        assertThat(WindowCalculator.earliestInsideEvery(STANDARD, zones, utc("2025-07-15T02:00:00Z"), TWO_WEEKS))
                .contains(utc("2025-07-15T23:00:00Z")); // 08:00 JST = 19:00 EDT
    }

    @Test
    void calculator_combinesWindowAndCustomConstraint() {
        Instant notBeforeFriday = at("2025-07-18T22:00", NEW_YORK);
        WindowCalculator.Constraint fridayNight = (t, limit) ->
                Optional.of(t.isBefore(notBeforeFriday) ? notBeforeFriday : t).filter(x -> !x.isAfter(limit));
        Optional<Instant> r = WindowCalculator.earliest(
                List.of(WindowCalculator.window(STANDARD, NEW_YORK), fridayNight),
                at("2025-07-15T10:00", NEW_YORK), at("2025-07-29T10:00", NEW_YORK));
        assertThat(r).contains(at("2025-07-19T08:00", NEW_YORK));
    }

    @Test
    void calculator_needsAtLeastOneZone() {
        assertThatThrownBy(() -> WindowCalculator.insideEvery(STANDARD, List.of(), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
