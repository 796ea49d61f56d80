package org.arrears.inbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

/**
 * The IMAP mailboxes the hub reads (bounces, replies, or both in one). {@code arrears.inbound.mailboxes} names them
 * ({@code bounces,replies}); each one's settings are {@code arrears.inbound.mailbox.<name>.host|protocol|port|
 * username|password|folder|folder-prefix|poll-delay}, and any it leaves out come from {@code arrears.inbound.imap.*}.
 * With no names listed, {@code arrears.inbound.imap.host} alone configures one mailbox named {@code inbox}; with
 * no host either, the hub reads no mailbox.
 */
public final class Mailboxes {

    public static final String NAMES = "arrears.inbound.mailboxes";
    static final String DEFAULTS = "arrears.inbound.imap.";
    static final String PREFIX = "arrears.inbound.mailbox.";

    /** One mailbox; {@code password} is never printed by {@link #toString()}. */
    public record Mailbox(String name, String protocol, String host, int port, String username, String password,
                          String folder, String folderPrefix, long pollDelayMs) {
        @Override
        public String toString() {
            return name + " (" + protocol + "://" + host + ":" + port + "/" + folder + ")";
        }

        /** The route template's parameters for this mailbox. */
        public Map<String, Object> templateParameters() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", name);
            p.put("protocol", protocol);
            p.put("host", host);
            p.put("port", port);
            p.put("username", username == null ? "" : username);
            p.put("password", password == null ? "" : password);
            p.put("folder", folder);
            p.put("folderPrefix", folderPrefix);
            p.put("pollDelay", pollDelayMs);
            return p;
        }
    }

    private Mailboxes() {
    }

    /** The configured mailboxes, validated: a listed mailbox without a host, a bad port or protocol fails. */
    public static List<Mailbox> from(Settings s) {
        String names = s.get(NAMES, "").trim();
        List<Mailbox> out = new ArrayList<>();
        if (names.isEmpty()) {
            if (s.get(DEFAULTS + "host") != null && !s.get(DEFAULTS + "host").isBlank()) {
                out.add(mailbox(s, "inbox", DEFAULTS));
            }
            return out;
        }
        for (String raw : names.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
                throw new ConfigException(s.origin() + ": setting '" + NAMES + "' names a mailbox '" + raw.trim()
                        + "': use letters, digits, '-' and '_'");
            }
            if (out.stream().anyMatch(m -> m.name().equals(name))) {
                throw new ConfigException(s.origin() + ": setting '" + NAMES + "' names mailbox '" + name + "' twice");
            }
            out.add(mailbox(s, name, PREFIX + name + "."));
        }
        return out;
    }

    private static Mailbox mailbox(Settings s, String name, String prefix) {
        String host = value(s, prefix, "host", null);
        if (host == null || host.isBlank()) {
            throw new ConfigException(s.origin() + ": required setting '" + prefix + "host' is missing for mailbox '"
                    + name + "'");
        }
        String protocol = value(s, prefix, "protocol", "imaps").trim().toLowerCase(Locale.ROOT);
        if (!protocol.equals("imap") && !protocol.equals("imaps")) {
            throw new ConfigException(s.origin() + ": setting '" + prefix + "protocol' must be imap or imaps, got '"
                    + protocol + "'");
        }
        int port = number(s, prefix, "port", protocol.equals("imaps") ? "993" : "143", 1, 65_535);
        long delay = number(s, prefix, "poll-delay", "60000", 100, Integer.MAX_VALUE);
        return new Mailbox(name, protocol, host.trim(), port, value(s, prefix, "username", ""),
                value(s, prefix, "password", ""), value(s, prefix, "folder", "INBOX"),
                value(s, prefix, "folder-prefix", "arrears/"), delay);
    }

    /** The mailbox's own setting, else the shared default of arrears.inbound.imap.*, else the fallback. */
    private static String value(Settings s, String prefix, String key, String fallback) {
        String own = s.get(prefix + key);
        if (own != null && !own.isBlank()) {
            return own;
        }
        String shared = s.get(DEFAULTS + key);
        return shared != null && !shared.isBlank() ? shared : fallback;
    }

    private static int number(Settings s, String prefix, String key, String fallback, int min, int max) {
        String v = value(s, prefix, key, fallback).trim();
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(s.origin() + ": setting '" + prefix + key + "' must be a number from " + min
                    + " to " + max + ", got '" + v + "'");
        }
    }
}
