package org.arrears.sms.smpp;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces submits evenly to at most {@code rate} a second, across every thread that sends: each submit takes the
 * next free slot and waits for it. A rate of 0 lets every submit through at once.
 */
final class SubmitPacer {

    private final long intervalNanos;
    private long next;

    SubmitPacer(double rate) {
        this.intervalNanos = rate <= 0 ? 0 : (long) Math.ceil(1_000_000_000d / rate);
        this.next = System.nanoTime();
    }

    /**
     * Waits for this submit's slot.
     *
     * @return zero when the submit may go now, or how long the caller would have had to wait when that is longer
     *         than {@code maxWait} (no slot is taken then)
     */
    Duration await(Duration maxWait) throws InterruptedException {
        if (intervalNanos == 0) {
            return Duration.ZERO;
        }
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, next);
            if (slot - now > maxWait.toNanos()) {
                return Duration.ofNanos(slot - now);
            }
            next = slot + intervalNanos;
        }
        for (long wait = slot - System.nanoTime(); wait > 0; wait = slot - System.nanoTime()) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while pacing SMPP submits");
            }
        }
        return Duration.ZERO;
    }
}
