package org.arrears.email.reputation;

import java.time.Duration;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

/**
 * The reputation guard's thresholds (README: "Mail that reaches the inbox"). Rates are of the email sent in the
 * window (complaints and hard bounces of those messages over their number), given here in percent.
 *
 * @param minSent   the limits hold a domain only once at least this many emails were sent in the window
 * @param minEvents ... and at least this many complaints (or hard bounces) are behind the rate
 * @param refresh   how long the held domains read from the database are used before they are read again
 * @param lookAgain how long a deferred email waits before it is looked at again
 */
public record ReputationSettings(Duration window, double complaintWarn, double complaintLimit, double bounceWarn,
                                 double bounceLimit, int minSent, int minEvents, Duration refresh, Duration lookAgain) {

    public static ReputationSettings from(Settings s) {
        ReputationSettings r = new ReputationSettings(
                s.getPositiveDuration("arrears.reputation.window", Duration.ofDays(7)),
                percent(s, "arrears.reputation.complaint-warn", 0.1), percent(s, "arrears.reputation.complaint-limit", 0.3),
                percent(s, "arrears.reputation.bounce-warn", 2.0), percent(s, "arrears.reputation.bounce-limit", 5.0),
                s.getPositiveInt("arrears.reputation.min-sent", 200), s.getPositiveInt("arrears.reputation.min-events", 3),
                s.getDuration("arrears.reputation.refresh", Duration.ofSeconds(30)),
                s.getPositiveDuration("arrears.reputation.look-again", Duration.ofMinutes(15)));
        if (r.complaintWarn > r.complaintLimit) {
            throw new ConfigException(s.origin() + ": setting 'arrears.reputation.complaint-warn' (" + r.complaintWarn
                    + ") must not be above 'arrears.reputation.complaint-limit' (" + r.complaintLimit + ")");
        }
        if (r.bounceWarn > r.bounceLimit) {
            throw new ConfigException(s.origin() + ": setting 'arrears.reputation.bounce-warn' (" + r.bounceWarn
                    + ") must not be above 'arrears.reputation.bounce-limit' (" + r.bounceLimit + ")");
        }
        return r;
    }

    /** A percentage from 0 to 100, returned as a fraction. */
    private static double percent(Settings s, String key, double fallbackPercent) {
        String v = s.get(key);
        double p;
        try {
            p = v == null ? fallbackPercent : Double.parseDouble(v.endsWith("%") ? v.substring(0, v.length() - 1) : v);
        } catch (NumberFormatException e) {
            throw new ConfigException(s.origin() + ": setting '" + key + "' must be a percentage like 0.3, got '" + v + "'");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new ConfigException(s.origin() + ": setting '" + key + "' must be a percentage from 0 to 100, got '" + v + "'");
        }
        return p / 100;
    }
}
