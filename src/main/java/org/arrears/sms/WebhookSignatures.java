package org.arrears.sms;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.DateTimeException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.arrears.util.Sha256;

/**
 * Verifies that a webhook request (delivery status callback, inbound text) comes from the gateway and is not a
 * replay.
 *
 * <ul>
 *   <li><b>Twilio</b> ({@code X-Twilio-Signature}): Base64 of HMAC-SHA1, keyed with the auth token, over the full
 *       URL Twilio called (with its query string) followed by every POST parameter sorted by name, each name
 *       immediately followed by its value; a repeated name contributes each of its distinct values in sorted order,
 *       as Twilio's own validators do. Twilio signs the URL as it was configured, with or without the port, so a
 *       signature is accepted over the URL without its port or with the scheme's default port (443, 80) added, as
 *       Twilio's SDKs accept it. A request with a JSON body carries {@code bodySHA256} (the hex SHA-256 of the raw
 *       body) in its URL and appends no parameters: {@link #verifyTwilioBody} checks both the signature over the
 *       URL and the body's hash, and refuses a URL without {@code bodySHA256}.</li>
 *   <li><b>Generic</b>: lower-case or upper-case hex of HMAC-SHA256 over the raw body, or over
 *       {@code timestamp + "." + body} when the profile signs the timestamp too.</li>
 * </ul>
 *
 * Signatures are compared in constant time. A request passes the replay check when its timestamp (generic profile)
 * is within the window of now, and its signature has not been seen before: the caller backs {@link SeenSignatures},
 * best in the transaction that processes the request, so a request whose processing rolled back can be retried.
 * Twilio sends no timestamp, so for Twilio only the seen-signature check applies: keep its signatures at least as long
 * as Twilio retries (the window). A generic profile that does not sign its timestamp can only be protected for as
 * long as signatures are kept, since an old body can be replayed with a fresh timestamp: sign the timestamp where
 * the gateway can.
 */
public final class WebhookSignatures {

    public static final String TWILIO_HEADER = "X-Twilio-Signature";

    /** What a check found; anything but ACCEPTED is answered 403 and counted by its verdict. */
    public enum Verdict { ACCEPTED, UNSIGNED, FORGED, REPLAYED }

    public record Check(Verdict verdict, String reason) {
        public boolean accepted() {
            return verdict == Verdict.ACCEPTED;
        }
    }

    /** What the generic profile's signature covers. */
    public enum SignedContent { BODY, TIMESTAMP_DOT_BODY }

    /** Signatures already accepted, kept by the caller (a table with a unique key, say) until {@code forgetAfter}. */
    public interface SeenSignatures {
        /** Records the key and answers true, or answers false when it was recorded before. */
        boolean firstSeen(String key, Instant forgetAfter);
    }

    private final Clock clock;
    private final Duration window;
    private final SeenSignatures seen;

    /** @param window how far a timestamp may be from now, and how long a seen signature is remembered at least */
    public WebhookSignatures(Clock clock, Duration window, SeenSignatures seen) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("webhook replay window: must be positive, got " + window);
        }
        this.clock = clock;
        this.window = window;
        this.seen = seen;
    }

    /** Twilio's signature of a request: the value its {@code X-Twilio-Signature} header must carry. */
    public static String twilioSignature(String authToken, String url, List<Map.Entry<String, String>> params) {
        StringBuilder data = new StringBuilder(url);
        for (String name : new TreeSet<>(params.stream().map(Map.Entry::getKey).toList())) {
            TreeSet<String> values = new TreeSet<>();
            for (Map.Entry<String, String> p : params) {
                if (p.getKey().equals(name)) {
                    values.add(p.getValue() == null ? "" : p.getValue());
                }
            }
            for (String v : values) {
                data.append(name).append(v);
            }
        }
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The same, for parameters given as a map (no repeated names). */
    public static String twilioSignature(String authToken, String url, Map<String, String> params) {
        return twilioSignature(authToken, url, List.copyOf(params.entrySet()));
    }

    /** Lower-case hex HMAC-SHA256 of the bytes. */
    public static String hmacSha256Hex(String secret, byte[] content) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", secret, content));
    }

    /** Compares two signatures in time that does not depend on where they differ. */
    public static boolean constantTimeEquals(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks a Twilio request.
     *
     * @param url       the full URL Twilio requested, scheme, host, path and query exactly as configured at Twilio
     * @param params    the form parameters of the POST body, in any order
     * @param signature the {@code X-Twilio-Signature} header, or null when the request has none
     */
    public Check verifyTwilio(String authToken, String url, List<Map.Entry<String, String>> params, String signature) {
        if (signature == null || signature.isBlank()) {
            return new Check(Verdict.UNSIGNED, TWILIO_HEADER + ": missing");
        }
        if (!twilioMatches(authToken, url, params, signature.strip())) {
            return new Check(Verdict.FORGED, TWILIO_HEADER + ": does not match the request");
        }
        return firstSeen("twilio:" + signature.strip(), clock.instant().plus(window));
    }

    /**
     * Checks a Twilio request with a JSON body: the URL's {@code bodySHA256} query parameter must be the hex SHA-256
     * of the raw body, and the signature is over the URL alone.
     *
     * @param url  the full URL Twilio requested, with its query ({@code ...?bodySHA256=<hex>})
     * @param body the raw request body, exactly as received
     */
    public Check verifyTwilioBody(String authToken, String url, byte[] body, String signature) {
        if (signature == null || signature.isBlank()) {
            return new Check(Verdict.UNSIGNED, TWILIO_HEADER + ": missing");
        }
        String declared = queryParameter(url, "bodySHA256");
        if (declared == null) {
            return new Check(Verdict.FORGED, "request URL: no bodySHA256 parameter for a JSON body");
        }
        if (!constantTimeEquals(Sha256.hex(body == null ? new byte[0] : body), declared.toLowerCase(Locale.ROOT))) {
            return new Check(Verdict.FORGED, "request URL: bodySHA256 does not match the body");
        }
        if (!twilioMatches(authToken, url, List.of(), signature.strip())) {
            return new Check(Verdict.FORGED, TWILIO_HEADER + ": does not match the request");
        }
        return firstSeen("twilio:" + signature.strip(), clock.instant().plus(window));
    }

    /** True when the URL has the query parameter {@code bodySHA256}, that is the request's body is JSON. */
    public static boolean hasBodyHash(String url) {
        return queryParameter(url, "bodySHA256") != null;
    }

    /** The signature against the URL without its port and with the scheme's default port, as Twilio's SDKs do. */
    private static boolean twilioMatches(String authToken, String url, List<Map.Entry<String, String>> params,
                                         String signature) {
        return constantTimeEquals(twilioSignature(authToken, withoutPort(url), params), signature)
                | constantTimeEquals(twilioSignature(authToken, withDefaultPort(url), params), signature);
    }

    /** {@code scheme://host[:port]rest}: group 1 up to the host, 2 the host (an IPv6 one in brackets), 3 the port. */
    private static final Pattern AUTHORITY = Pattern.compile("(?i)^(https?://(?:[^/?#@]*@)?)(\\[[^\\]]*\\]|[^/?#:]*)(?::(\\d*))?");

    /** The URL without the port of its authority; unchanged when it has none or is not http(s). */
    static String withoutPort(String url) {
        Matcher m = AUTHORITY.matcher(url);
        return m.find() ? m.group(1) + m.group(2) + url.substring(m.end()) : url;
    }

    /** The URL with its scheme's default port (443, 80) when it names none; unchanged otherwise. */
    static String withDefaultPort(String url) {
        Matcher m = AUTHORITY.matcher(url);
        if (!m.find() || m.group(3) != null) {
            return url;
        }
        String port = m.group(1).regionMatches(true, 0, "https", 0, 5) ? "443" : "80";
        return m.group(1) + m.group(2) + ":" + port + url.substring(m.end());
    }

    /** A query parameter's value, percent-decoded; null when the URL has no such parameter. */
    private static String queryParameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        int hash = url.indexOf('#', q);
        for (String pair : url.substring(q + 1, hash < 0 ? url.length() : hash).split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * Checks a request of the generic profile.
     *
     * @param body      the raw request body, exactly as received
     * @param signature the signature header (hex, optionally prefixed {@code sha256=}), or null
     * @param timestamp the timestamp header (epoch seconds or ISO-8601), or null
     */
    public Check verifyGeneric(String secret, SignedContent signed, byte[] body, String signature, String timestamp) {
        if (signature == null || signature.isBlank()) {
            return new Check(Verdict.UNSIGNED, "signature header: missing");
        }
        if (timestamp == null || timestamp.isBlank()) {
            return new Check(Verdict.UNSIGNED, "timestamp header: missing");
        }
        String given = signature.strip();
        if (given.regionMatches(true, 0, "sha256=", 0, 7)) {
            given = given.substring(7);
        }
        byte[] content = body;
        if (signed == SignedContent.TIMESTAMP_DOT_BODY) {
            byte[] prefix = (timestamp.strip() + ".").getBytes(StandardCharsets.UTF_8);
            content = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, content, 0, prefix.length);
            System.arraycopy(body, 0, content, prefix.length, body.length);
        }
        if (!constantTimeEquals(hmacSha256Hex(secret, content), given.toLowerCase(java.util.Locale.ROOT))) {
            return new Check(Verdict.FORGED, "signature header: does not match the body");
        }
        Instant at;
        try {
            at = parseTimestamp(timestamp.strip());
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            return new Check(Verdict.FORGED, "timestamp header '" + abbreviate(timestamp) + "': not epoch seconds or an ISO-8601 instant");
        }
        Instant now = clock.instant();
        if (Duration.between(at, now).abs().compareTo(window) > 0) {
            return new Check(Verdict.REPLAYED, "timestamp header: " + at + " is more than " + window.toMinutes()
                    + " minutes from now (" + now + ")");
        }
        return firstSeen("generic:" + given.toLowerCase(java.util.Locale.ROOT), at.plus(window));
    }

    private Check firstSeen(String key, Instant forgetAfter) {
        if (!seen.firstSeen(key, forgetAfter)) {
            return new Check(Verdict.REPLAYED, "signature seen before");
        }
        return new Check(Verdict.ACCEPTED, "signature valid");
    }

    private static Instant parseTimestamp(String s) {
        if (s.chars().allMatch(Character::isDigit)) {
            long v = Long.parseLong(s);
            // ten digits are seconds until 2286; thirteen are milliseconds
            return s.length() >= 13 ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
        }
        return Instant.parse(s);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static byte[] hmac(String algorithm, String key, byte[] content) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("webhook signing secret: empty");
        }
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }
}
