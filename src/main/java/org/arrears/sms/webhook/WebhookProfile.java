package org.arrears.sms.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.outreach.Receipt;
import org.arrears.sms.WebhookSignatures.SignedContent;

/**
 * One SMS provider's webhooks ({@code arrears.sms.webhook.<name>.*}): how its requests are signed and where its
 * fields are. A Twilio profile reads Twilio's form fields; a generic profile reads a JSON body at configured paths.
 *
 * @param window how far a timestamp may be from now, and how long an accepted signature is remembered
 */
public record WebhookProfile(String name, Type type, String secret, String signatureHeader, String timestampHeader,
                             SignedContent signed, Duration window, Map<String, Receipt.Kind> statusMap,
                             JsonPointer statusIdPath, JsonPointer statusPath, JsonPointer statusDetailPath,
                             JsonPointer inboundIdPath, JsonPointer inboundFromPath, JsonPointer inboundTextPath,
                             JsonPointer inboundToPath) {

    public enum Type { TWILIO, GENERIC }

    public static final String PREFIX = "arrears.sms.webhook.";

    /** Twilio's MessageStatus values (lower case) and what they say about delivery. */
    static final Map<String, Receipt.Kind> TWILIO_STATUSES = Map.ofEntries(
            Map.entry("delivered", Receipt.Kind.DELIVERED), Map.entry("read", Receipt.Kind.DELIVERED),
            Map.entry("undelivered", Receipt.Kind.UNDELIVERABLE), Map.entry("failed", Receipt.Kind.UNDELIVERABLE),
            Map.entry("accepted", Receipt.Kind.PENDING), Map.entry("scheduled", Receipt.Kind.PENDING),
            Map.entry("queued", Receipt.Kind.PENDING), Map.entry("sending", Receipt.Kind.PENDING),
            Map.entry("sent", Receipt.Kind.PENDING), Map.entry("canceled", Receipt.Kind.PENDING));

    /** The profiles {@code arrears.sms.webhook.profiles} lists (comma-separated names), each read and checked. */
    public static Map<String, WebhookProfile> all(Settings s) {
        Map<String, WebhookProfile> out = new LinkedHashMap<>();
        String list = s.get(PREFIX + "profiles");
        if (list == null) {
            return out;
        }
        for (String name : list.split(",")) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            if (!n.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                throw new ConfigException(s.origin() + ": setting '" + PREFIX + "profiles': profile name '" + n
                        + "' must be lower-case letters, digits and dashes (it is part of the webhook URL)");
            }
            if (out.put(n, from(s, n)) != null) {
                throw new ConfigException(s.origin() + ": setting '" + PREFIX + "profiles': profile '" + n + "' is listed twice");
            }
        }
        return out;
    }

    /** Reads the profile {@code name}; fails naming the setting when one is missing or invalid. */
    public static WebhookProfile from(Settings s, String name) {
        String p = PREFIX + name + ".";
        String typeValue = s.require(p + "type");
        Type type;
        try {
            type = Type.valueOf(typeValue.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin() + ": setting '" + p + "type' must be twilio or generic, got '" + typeValue + "'");
        }
        if (type == Type.TWILIO) {
            Map<String, Receipt.Kind> statuses = new LinkedHashMap<>(TWILIO_STATUSES);
            statuses.putAll(statusMap(s, p + "status-map"));
            return new WebhookProfile(name, type, s.require(p + "auth-token"), org.arrears.sms.WebhookSignatures.TWILIO_HEADER, null,
                    SignedContent.BODY, s.getPositiveDuration(p + "window", Duration.ofHours(24)), Map.copyOf(statuses),
                    null, null, null, null, null, null, null);
        }
        String timestampHeader = s.get(p + "timestamp-header");
        String signedValue = s.get(p + "signed", timestampHeader == null ? "body" : "timestamp.body");
        SignedContent signed = switch (signedValue.toLowerCase(Locale.ROOT)) {
            case "body" -> SignedContent.BODY;
            case "timestamp.body" -> SignedContent.TIMESTAMP_DOT_BODY;
            default -> throw new ConfigException(s.origin() + ": setting '" + p + "signed' must be body or timestamp.body, got '"
                    + signedValue + "'");
        };
        if (signed == SignedContent.TIMESTAMP_DOT_BODY && timestampHeader == null) {
            throw new ConfigException(s.origin() + ": setting '" + p + "timestamp-header' is required when " + p
                    + "signed is timestamp.body");
        }
        Map<String, Receipt.Kind> statuses = statusMap(s, p + "status-map");
        if (statuses.isEmpty()) {
            throw new ConfigException(s.origin() + ": required setting '" + p + "status-map' (env "
                    + Settings.envName(p + "status-map") + ") is missing, e.g. delivered:DELIVERED,failed:UNDELIVERABLE");
        }
        return new WebhookProfile(name, type, s.require(p + "secret"), s.get(p + "signature-header", "X-Signature"),
                timestampHeader, signed, s.getPositiveDuration(p + "window", Duration.ofMinutes(5)), statuses,
                path(s, p + "status.id-path", "/id"), path(s, p + "status.status-path", "/status"),
                optionalPath(s, p + "status.detail-path"),
                path(s, p + "inbound.id-path", "/id"), path(s, p + "inbound.from-path", "/from"),
                path(s, p + "inbound.text-path", "/text"), optionalPath(s, p + "inbound.to-path"));
    }

    /** {@code status:KIND,status:KIND}, statuses compared in lower case. */
    static Map<String, Receipt.Kind> statusMap(Settings s, String key) {
        Map<String, Receipt.Kind> out = new LinkedHashMap<>();
        String v = s.get(key);
        if (v == null) {
            return out;
        }
        for (String pair : v.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.lastIndexOf(':');
            String status = colon < 0 ? "" : pair.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String kind = colon < 0 ? "" : pair.substring(colon + 1).strip().toUpperCase(Locale.ROOT);
            if (status.isEmpty() || !List.of("DELIVERED", "UNDELIVERABLE", "PENDING").contains(kind)) {
                throw new ConfigException(s.origin() + ": setting '" + key + "': '" + pair.strip()
                        + "' is not status:DELIVERED, status:UNDELIVERABLE or status:PENDING");
            }
            out.put(status, Receipt.Kind.valueOf(kind));
        }
        return out;
    }

    private static JsonPointer path(Settings s, String key, String fallback) {
        return pointer(s, key, s.get(key, fallback));
    }

    private static JsonPointer optionalPath(Settings s, String key) {
        String v = s.get(key);
        return v == null ? null : pointer(s, key, v);
    }

    /** A JSON Pointer ({@code /data/id}) or a dotted path ({@code data.id}, read as the same pointer). */
    static JsonPointer pointer(Settings s, String key, String value) {
        String v = value.startsWith("/") ? value : "/" + value.replace("~", "~0").replace("/", "~1").replace('.', '/');
        try {
            return JsonPointer.compile(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin() + ": setting '" + key + "' must be a JSON path like data.id or /data/id, got '"
                    + value + "'");
        }
    }

    /** What a provider status means; null when the profile's map does not know it. */
    Receipt.Kind kindOf(String status) {
        return status == null ? null : statusMap.get(status.strip().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        // never the secret
        return "WebhookProfile[" + name + ", " + type + "]";
    }
}
