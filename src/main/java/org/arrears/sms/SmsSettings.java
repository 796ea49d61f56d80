package org.arrears.sms;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

/**
 * The SMS channel's settings ({@code arrears.sms.*}, README "SMS gateways"): which gateway, the sender, the
 * dispatcher's batch figures, and the limits every HTTP gateway shares (timeouts, throughput, circuit breaker). The
 * profile settings of an HTTP gateway ({@code arrears.sms.twilio.*}, {@code arrears.sms.generic.*}) are read by
 * {@link org.arrears.sms.http.HttpSmsProfile}.
 *
 * @param gateway        outbox (also when empty), twilio, generic or smpp
 * @param from           the default sender: an E.164 number or an alphanumeric sender id; null when none is set
 * @param rateLimit      messages per second through one gateway, 0 for no limit
 * @param pollPeriodMs   how often an idle dispatcher looks for due texts (ms, as the Camel timer takes it)
 * @param maxSegments    a step's maximum number of segments when the policy sets none
 */
public record SmsSettings(String gateway, String from, Path outbox, int batchSize, int workers, int maxAttempts,
                          Duration retryBase, Duration gatewayRetry, int pollPeriodMs, int maxSegments,
                          double rateLimit, Duration connectTimeout, Duration responseTimeout, Circuit circuit,
                          String publicUrl) {

    public static final List<String> GATEWAYS = List.of("outbox", "twilio", "generic", "smpp");

    /**
     * When the circuit opens: once at least {@code minCalls} of the last {@code window} exchanges were made and
     * {@code failureRate} percent of them failed (no answer, a timeout, a 5xx). It stays open for {@code openFor},
     * then lets one probe through.
     */
    public record Circuit(int window, int minCalls, int failureRate, Duration openFor) {
    }

    public static SmsSettings from(Settings s) {
        String gateway = s.get("arrears.sms.gateway", "outbox").toLowerCase(Locale.ROOT);
        if (!GATEWAYS.contains(gateway)) {
            throw new ConfigException(s.origin() + ": setting 'arrears.sms.gateway' must be one of " + GATEWAYS
                    + " (empty: outbox), got '" + s.get("arrears.sms.gateway") + "'");
        }
        String from = sender(s, "arrears.sms.from");
        Path outbox = Path.of(s.get("arrears.sms.outbox", s.get("arrears.data-dir", "data") + "/outbox/sms"));
        int failureRate = s.getPositiveInt("arrears.sms.circuit.failure-rate", 50);
        if (failureRate > 100) {
            throw new ConfigException(s.origin() + ": setting 'arrears.sms.circuit.failure-rate' is a percentage "
                    + "from 1 to 100, got " + failureRate);
        }
        Circuit circuit = new Circuit(s.getPositiveInt("arrears.sms.circuit.window", 10),
                s.getPositiveInt("arrears.sms.circuit.min-calls", 5), failureRate,
                s.getPositiveDuration("arrears.sms.circuit.open-for", Duration.ofSeconds(30)));
        String publicUrl = s.get("arrears.web.public-url", "http://localhost:8080");
        return new SmsSettings(gateway, from, outbox, s.getPositiveInt("arrears.sms.batch-size", 100),
                s.getPositiveInt("arrears.sms.workers", 2), s.getPositiveInt("arrears.sms.max-attempts", 8),
                s.getPositiveDuration("arrears.sms.retry-base", Duration.ofMinutes(1)),
                s.getPositiveDuration("arrears.sms.gateway-retry", Duration.ofMinutes(1)),
                s.getPositiveInt("arrears.sms.poll-period", 10000),
                s.getPositiveInt("arrears.sms.max-segments", SmsTemplates.DEFAULT_MAX_SEGMENTS),
                rate(s, "arrears.sms.rate-limit"),
                s.getPositiveDuration("arrears.sms.connect-timeout", Duration.ofSeconds(5)),
                s.getPositiveDuration("arrears.sms.response-timeout", Duration.ofSeconds(15)), circuit,
                publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl);
    }

    /** An E.164 number (+ and 8 to 15 digits) or an alphanumeric sender id (1 to 11 letters, digits, spaces). */
    static String sender(Settings s, String key) {
        String v = s.get(key);
        if (v == null) {
            return null;
        }
        if (!v.matches("\\+[1-9][0-9]{7,14}") && !v.matches("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}")) {
            throw new ConfigException(s.origin() + ": setting '" + key + "' must be an E.164 number such as +447700900123 "
                    + "or an alphanumeric sender id of at most 11 letters and digits, got '" + v + "'");
        }
        return v;
    }

    private static double rate(Settings s, String key) {
        String v = s.get(key);
        if (v == null) {
            return 0;
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            d = -1;
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new ConfigException(s.origin() + ": setting '" + key + "' must be a number of messages per second "
                    + "(0 for no limit), got '" + v + "'");
        }
        return d;
    }
}
