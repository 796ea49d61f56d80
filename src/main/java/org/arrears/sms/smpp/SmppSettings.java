package org.arrears.sms.smpp;

import java.time.Duration;
import java.util.Locale;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.jsmpp.bean.NumberingPlanIndicator;

/**
 * The SMSC and how to talk to it, read from {@code arrears.smpp.*} (see config/application.properties). The
 * password is never part of {@link #toString()}.
 *
 * @param bind           TRANSMITTER (receipts and replies come over a separate receiver bind, not this hub's) or
 *                       TRANSCEIVER (submits, receipts and replies over one session)
 * @param sourceTon      type of number of the sender: 1 international, 5 alphanumeric ...
 * @param sourceNpi      numbering plan of the sender: 1 ISDN (E.164), 0 unknown ...
 * @param window         submit_sm the SMSC allows outstanding at once
 * @param enquireLink    period of the enquire_link keep-alive
 * @param timeout        how long a bind or a submit_sm waits for its response
 * @param rate           submit_sm per second at most; 0 for no limit beyond the window
 * @param reconnectDelay wait between attempts to bind again after the session dropped
 */
public record SmppSettings(String host, int port, String systemId, String password, String systemType, Bind bind,
                           String sourceAddr, byte sourceTon, byte sourceNpi, int window, Duration enquireLink,
                           Duration timeout, double rate, Duration reconnectDelay) {

    public enum Bind { TRANSMITTER, TRANSCEIVER }

    public static final String PREFIX = "arrears.smpp.";

    /** True when an SMSC is configured ({@code arrears.smpp.host} is set). */
    public static boolean configured(Settings settings) {
        return settings.get(PREFIX + "host") != null;
    }

    public static SmppSettings from(Settings s) {
        String host = s.require(PREFIX + "host");
        int port = s.getInt(PREFIX + "port", 2775);
        if (port < 1 || port > 65535) {
            throw invalid(s, "port", "must be a TCP port (1-65535), got " + port);
        }
        String systemId = s.require(PREFIX + "system-id");
        if (systemId.length() > 15) {
            throw invalid(s, "system-id", "must be at most 15 characters (SMPP 3.4), got " + systemId.length());
        }
        String password = s.get(PREFIX + "password", "");
        if (password.length() > 8) {
            throw invalid(s, "password", "must be at most 8 characters (SMPP 3.4), got " + password.length());
        }
        String systemType = s.get(PREFIX + "system-type", "");
        if (systemType.length() > 12) {
            throw invalid(s, "system-type", "must be at most 12 characters (SMPP 3.4), got '" + systemType + "'");
        }
        String bindName = s.get(PREFIX + "bind", "transceiver");
        Bind bind;
        try {
            bind = Bind.valueOf(bindName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(s, "bind", "must be transmitter or transceiver, got '" + bindName + "'");
        }
        String sourceAddr = s.require(PREFIX + "source-addr");
        boolean numeric = sourceAddr.matches("\\+?\\d{1,20}");
        if (!numeric && sourceAddr.length() > 11) {
            throw invalid(s, "source-addr", "an alphanumeric sender id has at most 11 characters, got '" + sourceAddr + "'");
        }
        byte ton = (byte) ranged(s, "source-addr-ton", numeric ? 1 : 5, 0, 6);
        byte npi = (byte) ranged(s, "source-addr-npi", numeric ? 1 : 0, 0, 18);
        try {
            NumberingPlanIndicator.valueOf(npi);
        } catch (IllegalArgumentException e) {
            throw invalid(s, "source-addr-npi", "must be a numbering plan of SMPP 3.4 (0, 1, 3, 4, 6, 8, 9, 10, 14, 18), got " + npi);
        }
        int window = s.getPositiveInt(PREFIX + "window", 10);
        Duration enquireLink = s.getPositiveDuration(PREFIX + "enquire-link", Duration.ofSeconds(30));
        Duration timeout = s.getPositiveDuration(PREFIX + "timeout", Duration.ofSeconds(10));
        String rateText = s.get(PREFIX + "rate", "0");
        double rate;
        try {
            rate = Double.parseDouble(rateText);
        } catch (NumberFormatException e) {
            throw invalid(s, "rate", "must be a number of messages per second (0 for no limit), got '" + rateText + "'");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw invalid(s, "rate", "must be 0 (no limit) or more messages per second, got '" + rateText + "'");
        }
        Duration reconnect = s.getPositiveDuration(PREFIX + "reconnect-delay", Duration.ofSeconds(5));
        return new SmppSettings(host, port, systemId, password, systemType, bind, sourceAddr, ton, npi, window,
                enquireLink, timeout, rate, reconnect);
    }

    private static int ranged(Settings s, String key, int fallback, int min, int max) {
        int v = s.getInt(PREFIX + key, fallback);
        if (v < min || v > max) {
            throw invalid(s, key, "must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static ConfigException invalid(Settings s, String key, String problem) {
        return new ConfigException(s.origin() + ": setting '" + PREFIX + key + "' " + problem);
    }

    /** For people and logs: the SMSC, the account and the bind, never the password. */
    @Override
    public String toString() {
        return "SMSC " + host + ":" + port + " as " + systemId + " (" + bind.name().toLowerCase(Locale.ROOT) + ")";
    }
}
