package org.arrears.outreach;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/**
 * The end of the Reg F validation period (COMPLIANCE R8): the consumer is assumed to receive the notice 5 days
 * after it is provided, not counting Saturdays, Sundays and legal public holidays (5 U.S.C. 6103), and the
 * period ends 30 days after that.
 */
public final class ValidationPeriod {

    private ValidationPeriod() {
    }

    /** The validation-period end date of a notice provided (sent) on {@code provided}. */
    public static LocalDate end(LocalDate provided) {
        LocalDate d = provided;
        int counted = 0;
        while (counted < 5) {
            d = d.plusDays(1);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY && !federalHoliday(d)) {
                counted++;
            }
        }
        return d.plusDays(30);
    }

    /** A US legal public holiday, on the day it is observed (Saturday ones on Friday, Sunday ones on Monday). */
    static boolean federalHoliday(LocalDate d) {
        int y = d.getYear();
        return d.equals(observed(LocalDate.of(y, 1, 1))) || d.equals(observed(LocalDate.of(y + 1, 1, 1)))
                || d.equals(nth(y, Month.JANUARY, DayOfWeek.MONDAY, 3))
                || d.equals(nth(y, Month.FEBRUARY, DayOfWeek.MONDAY, 3))
                || d.equals(LocalDate.of(y, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))
                || d.equals(observed(LocalDate.of(y, 6, 19)))
                || d.equals(observed(LocalDate.of(y, 7, 4)))
                || d.equals(nth(y, Month.SEPTEMBER, DayOfWeek.MONDAY, 1))
                || d.equals(nth(y, Month.OCTOBER, DayOfWeek.MONDAY, 2))
                || d.equals(observed(LocalDate.of(y, 11, 11)))
                || d.equals(nth(y, Month.NOVEMBER, DayOfWeek.THURSDAY, 4))
                || d.equals(observed(LocalDate.of(y, 12, 25)));
    }

    private static LocalDate observed(LocalDate holiday) {
        return switch (holiday.getDayOfWeek()) {
            case SATURDAY -> holiday.minusDays(1);
            case SUNDAY -> holiday.plusDays(1);
            default -> holiday;
        };
    }

    private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }
}
