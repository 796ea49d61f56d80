package org.arrears.console;

import java.time.Duration;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

/**
 * The console's settings (arrears.console.*): whether it is served, the lockout, the session, the body limit, and the
 * days within which a payment counts for a campaign run's funnel. The session cookie is Secure when the hub's
 * public URL (arrears.web.public-url) is https, that is behind TLS.
 */
public record ConsoleSettings(boolean enabled, int maxFailures, Duration lockFor, Duration sessionTimeout,
                              boolean secureCookie, int bodyLimit, int paidWithinDays) {

    public static ConsoleSettings from(Settings s) {
        int failures = s.getInt("arrears.console.lockout.max-failures", 5);
        if (failures < 1) {
            throw new ConfigException(s.origin() + ": arrears.console.lockout.max-failures must be at least 1, got " + failures);
        }
        int limit = s.getInt("arrears.console.max-body-size", 65536);
        if (limit < 1024) {
            throw new ConfigException(s.origin() + ": arrears.console.max-body-size must be at least 1024, got " + limit);
        }
        int paid = s.getInt("arrears.console.paid-within-days", 14);
        if (paid < 1) {
            throw new ConfigException(s.origin() + ": arrears.console.paid-within-days must be at least 1, got " + paid);
        }
        String url = s.get("arrears.web.public-url", "http://localhost:8080");
        return new ConsoleSettings(s.getBoolean("arrears.console.enabled", true), failures,
                s.getPositiveDuration("arrears.console.lockout.duration", Duration.ofMinutes(15)),
                s.getPositiveDuration("arrears.console.session-timeout", Duration.ofMinutes(30)),
                url.startsWith("https:"), limit, paid);
    }
}
