package org.arrears.bench.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polling until a condition holds, for the fault suite (which runs without test libraries in the bench). */
final class Waits {

    private Waits() {
    }

    /** Polls every 200 ms; returns whether the condition held within the time. */
    static boolean until(Duration within, BooleanSupplier condition) {
        Instant end = Instant.now().plus(within);
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // the database may be away for the moment: look again
            }
            if (Instant.now().isAfter(end)) {
                return false;
            }
            pause(Duration.ofMillis(200));
        }
    }

    /** Like {@link #until} but a timeout is an error naming what was awaited. */
    static void await(Duration within, String what, BooleanSupplier condition) {
        if (!until(within, condition)) {
            throw new IllegalStateException("fault suite: " + what + " did not happen within " + within);
        }
    }

    static void pause(Duration d) {
        LockSupport.parkNanos(d.toNanos());
    }
}
