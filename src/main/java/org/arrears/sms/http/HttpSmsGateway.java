package org.arrears.sms.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;
import org.arrears.compliance.ReasonCode;
import org.arrears.outreach.DeliveryException;
import org.arrears.outreach.DeliveryException.Kind;
import org.arrears.outreach.GatewayHealth;
import org.arrears.sms.PhoneNumbers;
import org.arrears.sms.SmsEncoding;
import org.arrears.sms.SmsGateway;
import org.arrears.sms.SmsMessage;
import org.arrears.sms.SmsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends texts through an SMS provider's HTTP API ({@link HttpSmsProfile}: Twilio or a configured one) over Apache
 * HttpClient 5 with a pool of as many connections as there are dispatch workers.
 *
 * <ul>
 *   <li>2xx: accepted, unless the answer's status is one the profile lists as refused (RECIPIENT_REFUSED, INVALID_NUMBER)
 *       or to retry (TEMPORARY), or not one it lists as accepted (PERMANENT).</li>
 *   <li>400, 404, 422 whose error says the number is invalid or unreachable: RECIPIENT_REFUSED (INVALID_NUMBER); any
 *       other 4xx: PERMANENT; 429: TEMPORARY, with Retry-After (seconds or an HTTP date) as the wait.</li>
 *   <li>5xx: TEMPORARY (the dispatcher's back-off, or Retry-After); no answer (refused connection, connect or response
 *       timeout): GATEWAY_DOWN. A response timeout leaves it open whether the provider took the text.</li>
 *   <li>A circuit breaker counts the 5xx and the missing answers. While it is open, {@code send} throws GATEWAY_DOWN
 *       with the time it stays open as {@code retryAfter}, without a request, so the dispatcher defers the rest of the
 *       batch; then one probe goes through, and its success closes it again.</li>
 *   <li>A throughput limit (messages per second) spaces the requests evenly; a worker waits for its turn.</li>
 * </ul>
 * Secrets (auth token, API keys, basic auth) appear in no exception message, log line or evidence: the evidence is
 * the request as it left, with each secret replaced by {@code xxxxxx}. Numbers a provider quotes are masked.
 */
public final class HttpSmsGateway implements SmsGateway {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSmsGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASK = "xxxxxx";
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final int SHORT = 200;
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
    private static final java.util.regex.Pattern PHONE_LIKE = java.util.regex.Pattern.compile("\\+\\d[\\d ()-]{6,}\\d|\\b\\d{8,15}\\b");

    private final HttpSmsProfile profile;
    private final SmsSettings settings;
    private final Clock clock;
    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;
    private final CircuitBreaker breaker;
    private final RateLimiter limiter;
    private final Set<String> secretValues;
    private final String describe;
    private final AtomicReference<GatewayHealth> health;
    private volatile Instant openUntil;
    private volatile String lastFailure = "none";

    /**
     * @param workers the dispatch workers sending through this gateway: the connection pool's size
     */
    public HttpSmsGateway(HttpSmsProfile profile, SmsSettings settings, Clock clock, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("SMS gateway " + profile.name() + ": workers must be at least 1, got " + workers);
        }
        this.profile = profile;
        this.settings = settings;
        this.clock = clock;
        this.secretValues = profile.secretValues();
        URI base = URI.create(HttpSmsProfile.PLACEHOLDER.matcher(profile.url()).replaceAll("x"));
        this.describe = profile.name() + " " + base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(workers).setMaxConnTotal(workers)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(settings.connectTimeout()))
                        .setSocketTimeout(timeout(settings.responseTimeout())).build())
                .build();
        this.client = HttpClients.custom().setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout(settings.connectTimeout().plus(settings.responseTimeout())))
                        .setResponseTimeout(timeout(settings.responseTimeout())).setRedirectsEnabled(false).build())
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                .setUserAgent("arrears-sms").build();
        SmsSettings.Circuit c = settings.circuit();
        this.breaker = CircuitBreaker.of("sms-" + profile.name(), CircuitBreakerConfig.custom()
                .slidingWindow(c.window(), Math.min(c.minCalls(), c.window()), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(c.failureRate())
                .waitDurationInOpenState(c.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> {
            switch (e.getStateTransition().getToState()) {
                case OPEN -> {
                    openUntil = clock.instant().plus(c.openFor());
                    LOG.warn("SMS gateway {}: circuit open for {} after {} of the last exchanges failed (last: {})", describe,
                            c.openFor(), percent(breaker.getMetrics().getFailureRate()), lastFailure);
                }
                case HALF_OPEN -> LOG.info("SMS gateway {}: circuit half open, one probe goes through", describe);
                case CLOSED -> LOG.info("SMS gateway {}: circuit closed again", describe);
                default -> {
                }
            }
        });
        this.limiter = settings.rateLimit() <= 0 ? null : RateLimiter.of("sms-" + profile.name(), RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(Math.max(1, Math.round(1e9 / settings.rateLimit()))))
                .timeoutDuration(Duration.ofNanos(Math.round(1e9 * Math.max(10, 2.0 * workers / settings.rateLimit()))))
                .build());
        this.health = new AtomicReference<>(new GatewayHealth(true, describe, "no exchange with the SMS provider yet", null));
    }

    /** The gateway the profile's settings describe: twilio or generic. */
    public static HttpSmsGateway twilio(org.arrears.config.Settings s, Clock clock, int workers) {
        SmsSettings settings = SmsSettings.from(s);
        return new HttpSmsGateway(HttpSmsProfile.twilio(s, settings.from()), settings, clock, workers);
    }

    public static HttpSmsGateway generic(org.arrears.config.Settings s, Clock clock, int workers) {
        return new HttpSmsGateway(HttpSmsProfile.generic(s), SmsSettings.from(s), clock, workers);
    }

    public HttpSmsProfile profile() {
        return profile;
    }

    /** The connection pool's limit per route (the number of workers). */
    public int maxConnectionsPerRoute() {
        return pool.getDefaultMaxPerRoute();
    }

    @Override
    public String describe() {
        return describe;
    }

    /** The request as it would leave, for {@code send}; {@code evidence} is the same with every secret masked. */
    private record Request(ClassicHttpRequest request, byte[] evidence) {
    }

    private record Answer(int code, String retryAfter, String body) {
    }

    @Override
    public Accepted send(SmsMessage m) throws DeliveryException {
        Request r = build(m);
        if (!breaker.tryAcquirePermission()) {
            Duration wait = openUntil == null ? Duration.ZERO : Duration.between(clock.instant(), openUntil);
            if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
                wait = Duration.ofSeconds(1); // half open with its probe in flight: ask again shortly
            }
            throw new DeliveryException("SMS gateway " + describe + ": circuit open after repeated failures, not tried; "
                    + "next try in " + wait.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), Kind.GATEWAY_DOWN, null, wait, null);
        }
        if (limiter != null && !limiter.acquirePermission()) {
            breaker.releasePermission();
            throw new DeliveryException("SMS gateway " + describe + ": no turn within the throughput limit of "
                    + settings.rateLimit() + " per second, not sent", Kind.TEMPORARY, null, Duration.ofSeconds(1), null);
        }
        long start = System.nanoTime();
        Answer a;
        try {
            a = client.execute(r.request(), response -> {
                Header retry = response.getFirstHeader("Retry-After");
                return new Answer(response.getCode(), retry == null ? null : retry.getValue(),
                        response.getEntity() == null ? "" : read(response.getEntity().getContent()));
            });
        } catch (RuntimeException e) {
            breaker.releasePermission(); // a defect, not an answer: the circuit must not wait for this call forever
            throw e;
        } catch (IOException e) {
            String why = "SMS gateway " + describe + ": " + (e instanceof ConnectTimeoutException
                    ? "cannot connect within " + settings.connectTimeout()
                    : e instanceof SocketTimeoutException ? "no answer within " + settings.responseTimeout()
                    + " (the provider may have taken the text)" : "no answer: " + scrub(String.valueOf(e.getMessage()), m));
            lastFailure = why;
            down(why);
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw new DeliveryException(why, Kind.GATEWAY_DOWN, null);
        }
        long took = System.nanoTime() - start;
        try {
            Accepted ok = classify(a, m, r.evidence());
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            up();
            return ok;
        } catch (DeliveryException e) {
            if (a.code() >= 500) {
                lastFailure = e.getMessage();
                breaker.onError(took, TimeUnit.NANOSECONDS, e);
            } else if (a.code() == 429) {
                breaker.releasePermission(); // throttled: says nothing about whether the provider works
            } else {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS); // the provider answered; the message was the problem
                if (a.code() == 401 || a.code() == 403) {
                    down(e.getMessage());
                } else {
                    up();
                }
            }
            throw e;
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
    }

    private Accepted classify(Answer a, SmsMessage m, byte[] evidence) throws DeliveryException {
        int code = a.code();
        JsonNode json = parse(a.body());
        String where = "SMS gateway " + describe + " answered " + code;
        if (code >= 200 && code < 300) {
            String status = text(json, profile.statusPath());
            if (status != null && profile.refusedStatuses().contains(status)) {
                throw new DeliveryException(where + " with status " + status + ": the number is refused" + detail(json, a, m),
                        Kind.RECIPIENT_REFUSED, null, null, ReasonCode.INVALID_NUMBER);
            }
            if (status != null && profile.retryStatuses().contains(status)) {
                throw new DeliveryException(where + " with status " + status + ": try again later" + detail(json, a, m),
                        Kind.TEMPORARY, null, retryAfter(a.retryAfter(), clock.instant()), null);
            }
            if (status != null && !profile.acceptedStatuses().isEmpty() && !profile.acceptedStatuses().contains(status)) {
                throw new DeliveryException(where + " with status " + status + ", not one of "
                        + new java.util.TreeSet<>(profile.acceptedStatuses()) + detail(json, a, m), Kind.PERMANENT, null);
            }
            String id = text(json, profile.idPath());
            if (id == null) {
                LOG.warn("SMS gateway {}: accepted message {} but its answer has no id at {}: its delivery receipts cannot be "
                        + "matched", describe, m.communicationId(), profile.idPath());
            }
            return new Accepted(id, shorten("HTTP " + code + (status == null ? "" : ", status " + status)), evidence);
        }
        if (code == 429) {
            Duration wait = retryAfter(a.retryAfter(), clock.instant());
            throw new DeliveryException(where + ": too many requests" + (wait == null ? "" : ", retry after " + wait)
                    + detail(json, a, m), Kind.TEMPORARY, null, wait, null);
        }
        if (code >= 500) {
            throw new DeliveryException(where + ": provider error" + detail(json, a, m), Kind.TEMPORARY, null,
                    retryAfter(a.retryAfter(), clock.instant()), null);
        }
        if ((code == 400 || code == 404 || code == 422) && invalidNumber(json, a.body())) {
            throw new DeliveryException(where + ": the number is invalid or unreachable" + detail(json, a, m),
                    Kind.RECIPIENT_REFUSED, null, null, ReasonCode.INVALID_NUMBER);
        }
        if (code == 401 || code == 403) {
            // the account, not the message: a rotated token must not fail a whole campaign, it waits for the fix
            throw new DeliveryException(where + ": the credentials were refused (check the auth token or API key)"
                    + detail(json, a, m), Kind.GATEWAY_DOWN, null);
        }
        throw new DeliveryException(where + (code >= 400 ? ": refused" : ": unexpected answer") + detail(json, a, m),
                Kind.PERMANENT, null);
    }

    private boolean invalidNumber(JsonNode json, String body) {
        String errorCode = text(json, profile.errorCodePath());
        if (errorCode != null && !profile.invalidNumberCodes().isEmpty()) {
            // the provider's code decides: Twilio's 21212 also says "not a valid phone number", of the sender
            return profile.invalidNumberCodes().contains(errorCode);
        }
        String error = text(json, profile.errorPath());
        return profile.invalidNumberPattern().matcher(error != null ? error : body).find();
    }

    /** The provider's error, short, with numbers masked: ": code 21211: The 'To' number '+*********56' is not valid". */
    private String detail(JsonNode json, Answer a, SmsMessage m) {
        String errorCode = text(json, profile.errorCodePath());
        String error = text(json, profile.errorPath());
        if (error == null && errorCode == null) {
            error = a.body().isBlank() ? null : a.body().strip();
        }
        if (error == null && errorCode == null) {
            return "";
        }
        return ": " + shorten(scrub((errorCode == null ? "" : "code " + errorCode + (error == null ? "" : ": "))
                + (error == null ? "" : error.replaceAll("\\s+", " ")), m));
    }

    /** Secrets out, phone numbers masked. */
    private String scrub(String s, SmsMessage m) {
        String out = s;
        for (String secret : secretValues) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, MASK);
            }
        }
        if (m != null) {
            String digits = m.to().startsWith("+") ? m.to().substring(1) : m.to();
            out = out.replace(m.to(), PhoneNumbers.mask(m.to()).replace("'", "")).replace(digits, PhoneNumbers.mask(digits).replace("'", ""));
        }
        Matcher phone = PHONE_LIKE.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (phone.find()) {
            phone.appendReplacement(sb, Matcher.quoteReplacement(PhoneNumbers.mask(phone.group()).replace("'", "")));
        }
        phone.appendTail(sb);
        return sb.toString();
    }

    private Request build(SmsMessage m) throws DeliveryException {
        String from = m.from() != null ? m.from() : settings.from();
        boolean needsFrom = profile.url().contains("{from}") || (profile.body() != null && profile.body().contains("{from}"))
                || profile.headers().values().stream().anyMatch(v -> v.contains("{from}"));
        if (from == null && needsFrom) {
            throw new DeliveryException("SMS gateway " + describe + ": no sender: the message has none and arrears.sms.from "
                    + "is not set", Kind.PERMANENT, null);
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("to", m.to());
        values.put("to-digits", m.to().startsWith("+") ? m.to().substring(1) : m.to());
        values.put("from", from == null ? "" : from);
        values.put("text", m.text());
        values.put("token", m.token());
        values.put("callback", settings.publicUrl() + "/sms/status/" + profile.name() + "?token="
                + URLEncoder.encode(m.token(), StandardCharsets.UTF_8));
        values.put("encoding", m.count() != null && m.count().encoding() == SmsEncoding.Encoding.UCS_2 ? "unicode" : "text");
        Map<String, String> masked = new LinkedHashMap<>(values);
        profile.secrets().forEach((k, v) -> {
            values.put(k, v);
            masked.put(k, MASK);
        });
        String url = fill(profile.url(), values, Escape.URL);
        String shownUrl = fill(profile.url(), masked, Escape.URL);
        ClassicRequestBuilder b = ClassicRequestBuilder.create(profile.method()).setUri(url);
        StringBuilder wire = new StringBuilder();
        URI shown = URI.create(shownUrl);
        wire.append(profile.method()).append(' ').append(shown.getRawPath() == null || shown.getRawPath().isEmpty() ? "/" : shown.getRawPath())
                .append(shown.getRawQuery() == null ? "" : "?" + shown.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(shown.getHost()).append(shown.getPort() < 0 ? "" : ":" + shown.getPort()).append("\r\n");
        if (profile.user() != null) {
            String user = fill(profile.user(), values, Escape.HEADER);
            String credentials = user + ":" + (profile.password() == null ? "" : profile.password());
            b.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            wire.append("Authorization: Basic ").append(MASK).append("\r\n");
        }
        boolean contentType = false;
        for (Map.Entry<String, String> h : profile.headers().entrySet()) {
            b.setHeader(h.getKey(), fill(h.getValue(), values, Escape.HEADER));
            wire.append(h.getKey()).append(": ").append(fill(h.getValue(), masked, Escape.HEADER)).append("\r\n");
            contentType |= h.getKey().equalsIgnoreCase("Content-Type");
        }
        byte[] shownBody = new byte[0];
        if (profile.bodyType() != HttpSmsProfile.BodyType.NONE) {
            Escape e = profile.bodyType() == HttpSmsProfile.BodyType.JSON ? Escape.JSON : Escape.FORM;
            ContentType type = e == Escape.JSON ? ContentType.APPLICATION_JSON
                    : ContentType.APPLICATION_FORM_URLENCODED.withCharset(StandardCharsets.UTF_8);
            byte[] body = fill(profile.body(), values, e).getBytes(StandardCharsets.UTF_8);
            shownBody = fill(profile.body(), masked, e).getBytes(StandardCharsets.UTF_8);
            b.setEntity(new ByteArrayEntity(body, contentType ? null : type));
            if (!contentType) {
                wire.append("Content-Type: ").append(type).append("\r\n");
            }
            wire.append("Content-Length: ").append(body.length).append("\r\n");
        }
        wire.append("\r\n");
        ByteArrayOutputStream evidence = new ByteArrayOutputStream();
        evidence.writeBytes(wire.toString().getBytes(StandardCharsets.UTF_8));
        evidence.writeBytes(shownBody);
        return new Request(b.build(), evidence.toByteArray());
    }

    private enum Escape { URL, FORM, JSON, HEADER }

    private static String fill(String template, Map<String, String> values, Escape escape) {
        Matcher ph = HttpSmsProfile.PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (ph.find()) {
            String v = values.get(ph.group(1));
            ph.appendReplacement(out, Matcher.quoteReplacement(v == null ? ph.group() : escape(v, escape)));
        }
        ph.appendTail(out);
        return out.toString();
    }

    private static String escape(String v, Escape e) {
        return switch (e) {
            case URL -> URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
            case FORM -> URLEncoder.encode(v, StandardCharsets.UTF_8);
            case HEADER -> v.replaceAll("[\\r\\n]+", " ");
            case JSON -> {
                try {
                    String quoted = JSON.writeValueAsString(v);
                    yield quoted.substring(1, quoted.length() - 1);
                } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
                    throw new IllegalStateException(x);
                }
            }
        };
    }

    /**
     * A Retry-After header as a wait: a number of seconds, or an HTTP date (the time from now until then, at least
     * zero); null when absent or unreadable. At most a day.
     */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.strip();
        Duration d;
        if (v.matches("\\d{1,9}")) {
            d = Duration.ofSeconds(Long.parseLong(v));
        } else {
            try {
                d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
            if (d.isNegative()) {
                d = Duration.ZERO;
            }
        }
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null; // not JSON: the body itself is the error text
        }
    }

    private static String text(JsonNode json, String path) {
        if (json == null || path == null) {
            return null;
        }
        JsonNode n = json.at(HttpSmsProfile.pointer(path));
        return n.isMissingNode() || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String shorten(String s) {
        return s.length() <= SHORT ? s : s.substring(0, SHORT - 1) + "…";
    }

    private static String percent(float rate) {
        return rate < 0 ? "too many" : Math.round(rate) + "%";
    }

    private static Timeout timeout(Duration d) {
        return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
    }

    /** DOWN while the circuit is open or half open, and after an exchange that got no answer until one succeeds. */
    @Override
    public GatewayHealth health() {
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN) {
            Instant until = openUntil;
            return new GatewayHealth(false, describe, "circuit " + (state == CircuitBreaker.State.OPEN ? "open" : "half open")
                    + (until == null ? "" : ", next try from " + until) + "; last failure: " + lastFailure, health.get().since());
        }
        return health.get();
    }

    /** The circuit breaker's state, for tests and the health check's details. */
    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    private void up() {
        GatewayHealth h = health.get();
        if (!h.up() || h.since() == null) {
            health.set(new GatewayHealth(true, describe, "last exchange succeeded", clock.instant()));
        }
    }

    private void down(String why) {
        health.set(new GatewayHealth(false, describe, why, clock.instant()));
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("SMS gateway {}: closing the connection pool: {}", describe, e.toString());
        }
    }
}
