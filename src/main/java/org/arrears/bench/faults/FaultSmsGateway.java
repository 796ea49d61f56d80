package org.arrears.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMS provider's HTTP API that the fault suite breaks on purpose: the JDK's HTTP server answering as a generic
 * JSON provider does ({@code POST /messages} with {@code {"to","text","ref"}}, answered
 * {@code 201 {"id":"...","status":"queued"}}), or 429 with a Retry-After, or 500, or taking the request and never
 * answering. It records the token of every text it took ({@code ref}, the hub's {@code {token}} placeholder) and
 * counts the repeats. A request it holds without answering counts as taken: a provider that times out may well have
 * sent the text, so a retry of it is a duplicate, allowed only for those texts (the claims in doubt).
 */
public final class FaultSmsGateway implements AutoCloseable {

    /** How the gateway answers each request. */
    public enum Mode { NORMAL, THROTTLE, ERROR, HANG }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONGEST_HANG = Duration.ofMinutes(5);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-sms-gateway");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private final Object modeChanged = new Object();
    private volatile Mode mode = Mode.NORMAL;
    private volatile int retryAfterSeconds = 2;
    private volatile long paceNanos;

    public FaultSmsGateway() throws IOException {
        // the JDK server writes headers and body as two segments; without nodelay Nagle holds the second 40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(threads);
        server.createContext("/messages", this::handle);
        server.start();
    }

    /** The URL the hub posts to ({@code arrears.sms.generic.url}). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/messages";
    }

    /** How every request from now on is answered; a change releases the requests held by HANG. */
    public void mode(Mode m) {
        synchronized (modeChanged) {
            mode = m;
            modeChanged.notifyAll();
        }
    }

    /**
     * Takes at least this long over each request (a provider of real speed: a fault applied after a tenth of a
     * campaign finds the rest still to send).
     */
    public FaultSmsGateway pace(Duration perRequest) {
        this.paceNanos = perRequest.toNanos();
        return this;
    }

    /** The Retry-After THROTTLE answers with, in seconds. */
    public void retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token;
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in.readAllBytes());
                token = body.path("ref").asText("");
            } catch (IOException e) {
                answer(exchange, 400, "{\"error\":\"the body is not JSON\"}", null);
                return;
            }
            if (token.isEmpty()) {
                answer(exchange, 400, "{\"error\":\"no ref\"}", null);
                return;
            }
            if (paceNanos > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(paceNanos);
            }
            Mode m = mode;
            switch (m) {
                case THROTTLE -> {
                    throttled.incrementAndGet();
                    answer(exchange, 429, "{\"error\":\"too many requests\"}", String.valueOf(retryAfterSeconds));
                }
                case ERROR -> {
                    failed.incrementAndGet();
                    answer(exchange, 500, "{\"error\":\"internal error\"}", null);
                }
                case HANG -> {
                    take(token);
                    unanswered.incrementAndGet();
                    holdWhile(Mode.HANG);
                    // the client gave up long ago: the exchange is closed without an answer
                }
                default -> {
                    take(token);
                    answer(exchange, 201, "{\"id\":\"SM" + ids.incrementAndGet() + "\",\"status\":\"queued\"}", null);
                }
            }
        }
    }

    private void take(String token) {
        if (!tokens.add(token)) {
            duplicates.incrementAndGet();
        }
    }

    private void holdWhile(Mode m) {
        long until = System.nanoTime() + LONGEST_HANG.toNanos();
        synchronized (modeChanged) {
            while (mode == m && System.nanoTime() < until) {
                try {
                    modeChanged.wait(TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void answer(HttpExchange exchange, int code, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The tokens of the texts taken, each once. */
    public Set<String> tokens() {
        return Set.copyOf(tokens);
    }

    /** Texts taken again after they were taken once. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Texts taken and never answered (HANG): the ones whose retry may be a duplicate. */
    public long unanswered() {
        return unanswered.get();
    }

    /** Requests answered 429. */
    public long throttled() {
        return throttled.get();
    }

    /** Requests answered 500. */
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        mode(Mode.NORMAL);
        server.stop(0);
        threads.shutdownNow();
    }
}
