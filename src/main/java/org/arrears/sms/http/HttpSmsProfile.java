package org.arrears.sms.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

/**
 * How one SMS provider's HTTP API is called and read: the request (method, URL, headers and body as templates with
 * placeholders), the credentials, and where the answer says the provider's message id, the message status and the
 * error. {@link #twilio} is Twilio's Messages API; {@link #generic} reads any other provider's from settings, so
 * Vonage, MessageBird, Plivo or a local aggregator are configuration, not code.
 *
 * <p>Placeholders: {@code {to}} (E.164), {@code {to-digits}} (without the +), {@code {from}}, {@code {text}},
 * {@code {token}}, {@code {callback}} (the status callback URL with the token), {@code {encoding}} ({@code text} for
 * GSM-7, {@code unicode} for UCS-2), and the secrets {@code {user}}, {@code {api-key}}, {@code {api-secret}}. Each is
 * escaped for where it stands: percent-encoded in the URL, form-encoded in a form body, JSON-escaped in a JSON body
 * (write the quotes around it in the template), as is in a header (line breaks become spaces).
 *
 * @param name                 twilio or generic: names the gateway in messages and the status callback path
 * @param bodyType             FORM, JSON or NONE (no body: everything goes in the URL)
 * @param user                 basic auth user (with {@code password}), or null for none
 * @param secrets              placeholder name (api-key, api-secret, user) → value; never shown, masked in evidence
 * @param idPath               where the provider's message id is in a JSON answer (JSON pointer or dotted path)
 * @param statusPath           where the message status is, or null
 * @param errorPath            where an error answer's text is, or null for the body itself
 * @param errorCodePath        where an error answer's code is, or null
 * @param acceptedStatuses     statuses that mean accepted; empty: any status not refused or to retry
 * @param refusedStatuses      statuses (in a 2xx answer) that mean the number is refused (invalid, barred)
 * @param retryStatuses        statuses (in a 2xx answer) that mean "try again later" (throttled)
 * @param invalidNumberCodes   error codes of a 400, 404 or 422 that mean the number is invalid or unreachable
 * @param invalidNumberPattern matched against the error of a 400, 404 or 422 for the same
 */
public record HttpSmsProfile(String name, String method, String url, Map<String, String> headers, BodyType bodyType,
                             String body, String user, String password, Map<String, String> secrets, String idPath,
                             String statusPath, String errorPath, String errorCodePath, Set<String> acceptedStatuses,
                             Set<String> refusedStatuses, Set<String> retryStatuses, Set<String> invalidNumberCodes,
                             Pattern invalidNumberPattern) {

    public enum BodyType { FORM, JSON, NONE }

    /** The placeholders a template may use. */
    public static final List<String> PLACEHOLDERS = List.of("to", "to-digits", "from", "text", "token", "callback",
            "encoding", "user", "api-key", "api-secret");

    /** Any {word} in a template: a known placeholder, or a typo the check reports. JSON's own braces never match. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9-]*)}");

    /** Errors that say the number is the problem: "invalid number", "'To' is not a valid phone number", "unreachable". */
    public static final String DEFAULT_INVALID_NUMBER_PATTERN = "(?i)(invalid|not a valid|not valid|unknown|unreachable"
            + "|not reachable|cannot be reached|cannot route|unroutable|not a mobile|barred)\\W+(\\w+\\W+){0,4}?"
            + "(number|phone|recipient|destination|dst|msisdn|to)\\b"
            + "|\\b(number|phone|recipient|destination|dst|msisdn)\\b.{0,40}(invalid|not valid|unreachable|not reachable"
            + "|unroutable|not a mobile|barred)";

    /**
     * Twilio's error codes for a number that cannot get texts: 21211 invalid To, 21214 not reachable, 21217 not a valid
     * phone number, 21401 invalid phone number, 21407 not supported, 21612 cannot route, 21614 not a mobile number.
     */
    public static final Set<String> TWILIO_INVALID_NUMBER_CODES = Set.of("21211", "21214", "21217", "21401", "21407",
            "21612", "21614");

    public HttpSmsProfile {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        secrets = Map.copyOf(secrets);
        acceptedStatuses = Set.copyOf(acceptedStatuses);
        refusedStatuses = Set.copyOf(refusedStatuses);
        retryStatuses = Set.copyOf(retryStatuses);
        invalidNumberCodes = Set.copyOf(invalidNumberCodes);
    }

    /**
     * Twilio's Messages API: a form POST to {@code {base-url}/2010-04-01/Accounts/{account-sid}/Messages.json} with To,
     * From (or MessagingServiceSid), Body and StatusCallback, basic auth account SID and auth token; the answer's
     * {@code sid} is the message id, its {@code status} (queued, accepted ...) is recorded.
     */
    public static HttpSmsProfile twilio(Settings s, String defaultFrom) {
        String base = trimSlash(s.get("arrears.sms.twilio.base-url", "https://api.twilio.com"));
        checkUrl(s, "arrears.sms.twilio.base-url", base);
        String sid = s.require("arrears.sms.twilio.account-sid");
        if (!sid.matches("[A-Za-z0-9]{2,64}")) {
            throw new ConfigException(s.origin() + ": setting 'arrears.sms.twilio.account-sid' must be letters and digits "
                    + "(AC followed by 32 hex digits), got '" + sid + "'");
        }
        String token = s.require("arrears.sms.twilio.auth-token");
        String service = s.get("arrears.sms.twilio.messaging-service-sid");
        if (service != null && !service.matches("[A-Za-z0-9]{2,64}")) {
            throw new ConfigException(s.origin() + ": setting 'arrears.sms.twilio.messaging-service-sid' must be letters "
                    + "and digits (MG followed by 32 hex digits), got '" + service + "'");
        }
        if (service == null && defaultFrom == null) {
            throw new ConfigException(s.origin() + ": the Twilio gateway needs a sender: set 'arrears.sms.from' (a Twilio "
                    + "number or sender id) or 'arrears.sms.twilio.messaging-service-sid'");
        }
        String sender = service != null ? "MessagingServiceSid=" + URLEncoder.encode(service, StandardCharsets.UTF_8)
                : "From={from}";
        return new HttpSmsProfile("twilio", "POST", base + "/2010-04-01/Accounts/" + sid + "/Messages.json",
                Map.of("Accept", "application/json"), BodyType.FORM,
                "To={to}&" + sender + "&Body={text}&StatusCallback={callback}", sid, token, Map.of(), "sid", "status",
                "message", "code", Set.of("queued", "accepted", "scheduled", "sending", "sent", "delivered"), Set.of(), Set.of(),
                TWILIO_INVALID_NUMBER_CODES, Pattern.compile(DEFAULT_INVALID_NUMBER_PATTERN));
    }

    /** Any provider, from {@code arrears.sms.generic.*} (README "SMS gateways"); every problem names its setting. */
    public static HttpSmsProfile generic(Settings s) {
        String p = "arrears.sms.generic.";
        String method = s.get(p + "method", "POST").toUpperCase(Locale.ROOT);
        if (!List.of("POST", "PUT", "GET").contains(method)) {
            throw new ConfigException(s.origin() + ": setting '" + p + "method' must be POST, PUT or GET, got '" + method + "'");
        }
        String url = s.require(p + "url");
        checkUrl(s, p + "url", PLACEHOLDER.matcher(url).replaceAll("x"));
        BodyType type;
        try {
            type = BodyType.valueOf(s.get(p + "body-type", "GET".equals(method) ? "none" : "json").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin() + ": setting '" + p + "body-type' must be json, form or none, got '"
                    + s.get(p + "body-type") + "'");
        }
        String body = s.get(p + "body");
        if (type != BodyType.NONE && body == null) {
            throw new ConfigException(s.origin() + ": setting '" + p + "body' is missing: the " + type.name().toLowerCase(Locale.ROOT)
                    + " body template, such as {\"to\":\"{to}\",\"text\":\"{text}\"} (or set " + p + "body-type=none)");
        }
        if (type == BodyType.NONE && body != null) {
            throw new ConfigException(s.origin() + ": setting '" + p + "body' is set but '" + p + "body-type' is none");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Properties given = s.withPrefix(p + "header.");
        for (String key : given.stringPropertyNames()) {
            String name = key.substring((p + "header.").length());
            if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new ConfigException(s.origin() + ": setting '" + key + "': '" + name + "' is not an HTTP header name");
            }
            headers.put(name, given.getProperty(key));
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        putIfSet(secrets, "user", s.get(p + "user"));
        putIfSet(secrets, "api-key", s.get(p + "api-key"));
        putIfSet(secrets, "api-secret", s.get(p + "api-secret"));
        String user = s.get(p + "user");
        String password = s.get(p + "password");
        if (password != null && user == null) {
            throw new ConfigException(s.origin() + ": setting '" + p + "password' is set without '" + p + "user' (basic auth needs both)");
        }
        checkPlaceholders(s, p + "url", url, secrets);
        if (body != null) {
            checkPlaceholders(s, p + "body", body, secrets);
        }
        headers.forEach((name, value) -> checkPlaceholders(s, p + "header." + name, value, secrets));
        String idPath = s.require(p + "id-path");
        String invalid = s.get(p + "invalid-number-pattern", DEFAULT_INVALID_NUMBER_PATTERN);
        Pattern pattern;
        try {
            pattern = Pattern.compile(invalid);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(s.origin() + ": setting '" + p + "invalid-number-pattern' is not a regular expression: "
                    + e.getDescription());
        }
        return new HttpSmsProfile("generic", method, url, headers, type, body, user, password, secrets,
                path(s, p + "id-path", idPath), path(s, p + "status-path", s.get(p + "status-path")),
                path(s, p + "error-path", s.get(p + "error-path")), path(s, p + "error-code-path", s.get(p + "error-code-path")),
                list(s.get(p + "accepted-statuses")), list(s.get(p + "refused-statuses")), list(s.get(p + "retry-statuses")),
                list(s.get(p + "invalid-number-codes")), pattern);
    }

    /** The templates' secret values (basic auth password included), for masking. */
    Set<String> secretValues() {
        java.util.Set<String> out = new java.util.HashSet<>(secrets.values());
        if (password != null) {
            out.add(password);
        }
        return out;
    }

    /**
     * A response path as a JSON pointer: {@code /messages/0/message-id} as is, {@code messages.0.message-id} turned
     * into one.
     */
    static String pointer(String path) {
        if (path == null || path.startsWith("/")) {
            return path;
        }
        return "/" + Arrays.stream(path.split("\\.", -1)).map(part -> part.replace("~", "~0").replace("/", "~1"))
                .collect(Collectors.joining("/"));
    }

    private static String path(Settings s, String key, String value) {
        if (value == null) {
            return null;
        }
        if (!value.startsWith("/") && (value.startsWith(".") || value.endsWith(".") || value.contains(".."))) {
            throw new ConfigException(s.origin() + ": setting '" + key + "' must be a JSON pointer (/messages/0/id) or a "
                    + "dotted path (messages.0.id), got '" + value + "'");
        }
        return value;
    }

    private static void checkPlaceholders(Settings s, String key, String template, Map<String, String> secrets) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            if (!PLACEHOLDERS.contains(name)) {
                throw new ConfigException(s.origin() + ": setting '" + key + "': unknown placeholder {" + name + "}; known: "
                        + PLACEHOLDERS.stream().map(n -> "{" + n + "}").collect(Collectors.joining(", ")));
            }
            if (List.of("user", "api-key", "api-secret").contains(name) && !secrets.containsKey(name)) {
                throw new ConfigException(s.origin() + ": setting '" + key + "' uses {" + name + "} but 'arrears.sms.generic."
                        + name + "' is not set (env " + Settings.envName("arrears.sms.generic." + name) + ")");
            }
        }
    }

    private static void checkUrl(Settings s, String key, String url) {
        try {
            URI u = new URI(url);
            if (u.getHost() == null || !List.of("http", "https").contains(String.valueOf(u.getScheme()).toLowerCase(Locale.ROOT))) {
                throw new java.net.URISyntaxException(url, "not an absolute http or https URL");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(s.origin() + ": setting '" + key + "' must be an absolute http or https URL, got '"
                    + url + "'");
        }
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Set<String> list(String value) {
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).collect(Collectors.toSet());
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
