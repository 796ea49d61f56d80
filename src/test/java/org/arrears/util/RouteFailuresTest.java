package org.arrears.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.arrears.testing.LogCapture;
import org.junit.jupiter.api.Test;

class RouteFailuresTest {

    final AtomicLong nanos = new AtomicLong();
    final RouteFailures failures = new RouteFailures(Duration.ofMinutes(5), nanos::get);

    @Test
    void aFailureIsOneLineWithEmailAddressesMasked() {
        Exception e = new IllegalStateException("recording failed:\n  duplicate key (address)=(lena.lind@example.test)",
                new SQLException("cause"));
        assertThat(RouteFailures.reason(e)).isEqualTo("recording failed: duplicate key (address)=(l***@example.test)");
    }

    @Test
    void aFailureWithoutAMessageIsNamedByItsType() {
        assertThat(RouteFailures.reason(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void aRouteFailingTheSameWayAtEveryPollDuringAnOutageLogsOneLineAndTheNextLineSaysHowManyWereLeftOut() {
        try (LogCapture log = LogCapture.start()) {
            for (int poll = 0; poll < 20; poll++) {
                failures.failed("sweep-claims", new IllegalStateException("releasing expired claims failed: Connection is "
                        + "not available, request timed out after " + (3000 + poll % 3) + "ms"));
                nanos.addAndGet(Duration.ofSeconds(3).toNanos());
            }
            failures.failed("dispatch-email", new IllegalStateException("claiming email messages failed: connection refused"));
            failures.failed("sweep-claims", new IllegalStateException("releasing expired claims failed: permission denied"));

            assertThat(log.at(Level.ERROR)).extracting(LogCapture.Line::message).containsExactly(
                    "route sweep-claims failed: releasing expired claims failed: Connection is not available, request timed out after 3000ms",
                    "route dispatch-email failed: claiming email messages failed: connection refused",
                    "route sweep-claims failed: releasing expired claims failed: permission denied (19 more failure(s) like "
                            + "the last one logged were left out)");
        }
    }

    @Test
    void theSameFailureIsLoggedAgainOnceTheRepeatPeriodHasPassed() {
        try (LogCapture log = LogCapture.start()) {
            failures.failed("planner", new IllegalStateException("planning failed: the database is away"));
            nanos.addAndGet(Duration.ofMinutes(1).toNanos());
            failures.failed("planner", new IllegalStateException("planning failed: the database is away"));
            nanos.addAndGet(Duration.ofMinutes(5).toNanos());
            failures.failed("planner", new IllegalStateException("planning failed: the database is away"));

            assertThat(log.at(Level.ERROR)).extracting(LogCapture.Line::message).containsExactly(
                    "route planner failed: planning failed: the database is away",
                    "route planner failed: planning failed: the database is away (1 more failure(s) like the last one "
                            + "logged were left out)");
        }
    }

    @Test
    void anHttpRouteAnswering503AtEveryRequestDuringAnOutageWarnsOnce() {
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 5; i++) {
                failures.answered("opt-out", 503, new SQLException("Connection refused"));
            }
            assertThat(log.at(Level.WARN)).extracting(LogCapture.Line::message)
                    .containsExactly("route opt-out answered 503, the database is unavailable: Connection refused");
        }
    }
}
