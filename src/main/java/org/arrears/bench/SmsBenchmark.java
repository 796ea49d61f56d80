package org.arrears.bench;

import static org.arrears.bench.BenchSupport.check;
import static org.arrears.bench.BenchSupport.deleteTree;
import static org.arrears.bench.BenchSupport.peakHeapBytes;
import static org.arrears.bench.BenchSupport.resetPeaks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.demo.BookSeeder;
import org.arrears.demo.SeedSpec;
import org.arrears.outreach.RenderedMessage;
import org.arrears.policy.PlanResult;
import org.arrears.sms.SmsTemplates;

/**
 * SMS throughput: the hub (plan, claim, gate, render, the Twilio-profile HTTP gateway adapter, record) against a bare
 * HttpClient 5 loop posting the same pre-rendered Twilio requests over the same number of connections, both to one
 * local gateway stub (the JDK's HTTP server answering as Twilio's Messages resource does), in the same run. The hub
 * runs on an embedded PostgreSQL of its own in a temporary folder.
 */
public final class SmsBenchmark {

    private static final String SID = "ACbenchmark0000000000000000000000";
    private static final String TOKEN = "benchmark-token";
    private static final String FROM = "+15005550006";
    private static final int BASELINE_DISTINCT = 1_000;
    private static final int WARM_UP = 5_000;


    private SmsBenchmark() {
    }

    /** The gateway stub: Twilio's Messages resource answering 201 with a message SID, counting what it took. */
    static final class GatewayStub implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService pool;
        final AtomicLong received = new AtomicLong();

        GatewayStub(int threads) throws IOException {
            // without it the JDK server writes headers and body as two small segments and Nagle holds the second
            // until the client's delayed ACK (40 ms): both sides would measure that wait, not the hub
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            pool = Executors.newFixedThreadPool(threads);
            server.setExecutor(pool);
            server.createContext("/2010-04-01/Accounts/" + SID + "/Messages.json", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    in.readAllBytes();
                }
                long n = received.incrementAndGet();
                byte[] body = ("{\"sid\":\"SM" + String.format(Locale.ROOT, "%032d", n) + "\",\"status\":\"queued\"}")
                        .getBytes(StandardCharsets.US_ASCII);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(201, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    /** Writes a ladder of one reminder, by text only ({@code texts.yaml}) into {@code dir}; returns the folder. */
    public static Path writeTextPolicy(Path dir) throws IOException {
        Files.writeString(dir.resolve("texts.yaml"), """
                # one reminder, by text only (the SMS benchmark's and the fault suite's text campaigns)
                code: texts
                version: 1
                min-balance:
                  default: 1.00
                steps:
                  - code: reminder
                    offset: 1
                    channels: [sms]
                    template: reminder
                """);
        return dir;
    }

    public static Throughput run(Settings base, int messages, int connections, boolean sqlStats, PrintStream out)
            throws Exception {
        Path tmp = Files.createTempDirectory("arrears-bench-sms-");
        ZoneId london = ZoneId.of("Europe/London");
        LocalDate asOf = LocalDate.now(london).with(TemporalAdjusters.previousOrSame(DayOfWeek.WEDNESDAY));
        Clock clock = Clock.fixed(asOf.atTime(LocalTime.NOON).atZone(london).toInstant(), london);
        Path policies = writeTextPolicy(Files.createDirectories(tmp.resolve("policies")));
        try (GatewayStub stub = new GatewayStub(Math.max(4, connections * 2))) {
            Settings settings = base.with(Map.ofEntries(
                    Map.entry("arrears.data-dir", tmp.toString()),
                    Map.entry("arrears.db.url", ""),
                    Map.entry("arrears.db.pool-size", String.valueOf(connections + 4)),
                    Map.entry("arrears.policies", policies.toString()),
                    Map.entry("arrears.sms.gateway", "twilio"),
                    Map.entry("arrears.sms.twilio.base-url", stub.baseUrl()),
                    Map.entry("arrears.sms.twilio.account-sid", SID),
                    Map.entry("arrears.sms.twilio.auth-token", TOKEN),
                    Map.entry("arrears.sms.twilio.messaging-service-sid", ""),
                    Map.entry("arrears.sms.from", FROM),
                    Map.entry("arrears.sms.rate-limit", "0"),
                    Map.entry("arrears.sms.fictional-numbers", "true"),
                    Map.entry("arrears.sms.workers", String.valueOf(connections)),
                    Map.entry("arrears.sms.batch-size", "500"),
                    Map.entry("arrears.compliance.cap.sms", ""),
                    Map.entry("arrears.db.embedded-statement-stats", String.valueOf(sqlStats))));
            try (Hub hub = Hub.start(settings, clock)) {
                int warm = Math.min(WARM_UP, messages);
                long t = System.nanoTime();
                new BookSeeder().seed(hub.database().dataSource(), SeedSpec.uniformSms(warm, 11, asOf));
                hub.planner().plan(asOf);
                hub.smsDispatcher().drain();
                out.printf("warmed the hub with %,d texts to other debtors in %.1f s (not measured)%n", warm,
                        (System.nanoTime() - t) / 1e9);
                t = System.nanoTime();
                new BookSeeder().seed(hub.database().dataSource(), SeedSpec.uniformSms(messages, 7, asOf));
                out.printf("seeded %,d debtors with a consented mobile and one overdue invoice each in %.1f s (setup, "
                        + "not measured)%n", messages, (System.nanoTime() - t) / 1e9);

                List<byte[]> requests = prerender(hub, stub.baseUrl(), Math.min(BASELINE_DISTINCT, messages));
                String url = stub.baseUrl() + "/2010-04-01/Accounts/" + SID + "/Messages.json";
                baseline(url, requests, warm, connections); // warm-up
                long before = stub.received.get();
                t = System.nanoTime();
                baseline(url, requests, messages, connections);
                double baselineSeconds = (System.nanoTime() - t) / 1e9;
                check(stub.received.get() - before == messages, "baseline delivered " + (stub.received.get() - before));
                double baselineRate = messages / baselineSeconds;
                out.printf("baseline: %,d pre-rendered Twilio requests over %d HttpClient 5 connections in %.2f s = "
                        + "%,.0f msgs/s%n", messages, connections, baselineSeconds, baselineRate);

                requests = null;
                System.gc();
                resetPeaks();
                if (sqlStats) {
                    SqlStats.reset(hub.database().dataSource());
                }
                before = stub.received.get();
                AtomicReference<PlanResult> planned = new AtomicReference<>();
                long start = System.nanoTime();
                CompletableFuture<Double> planning = CompletableFuture.supplyAsync(() -> {
                    planned.set(hub.planner().plan(asOf));
                    return (System.nanoTime() - start) / 1e9;
                });
                hub.smsDispatcher().drainWhile(() -> !planning.isDone());
                double planSeconds = planning.join();
                double hubSeconds = (System.nanoTime() - start) / 1e9;
                long peak = peakHeapBytes() / (1024 * 1024);
                if (sqlStats) {
                    SqlStats.print(hub.database().dataSource(), out, 12);
                }
                check(planned.get().planned() == messages, "hub planned " + planned.get().planned() + " of " + messages);
                check(stub.received.get() - before == messages, "hub delivered " + (stub.received.get() - before));
                check(sentRows(hub) == messages + warm, "hub recorded " + (sentRows(hub) - warm) + " SENT rows");
                double hubRate = messages / hubSeconds;
                out.printf("hub: planned %,d in %.2f s and, from the first committed chunk on, gated, rendered, posted and "
                        + "recorded them over %d connections; total %.2f s = %,.0f msgs/s%n", messages, planSeconds,
                        connections, hubSeconds, hubRate);
                out.printf("hub peak heap %d MB (max heap %d MB)%n", peak, Runtime.getRuntime().maxMemory() / (1024 * 1024));
                return new Throughput("msgs", messages, hubRate, baselineRate, peak);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** Twilio form bodies as the hub's Twilio profile sends them, with the reminder text rendered from sample data. */
    private static List<byte[]> prerender(Hub hub, String baseUrl, int count) {
        SmsTemplates templates = new SmsTemplates(hub.renderer(), hub.messageModel(), SmsTemplates.DEFAULT_OPT_OUT_PHRASES);
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> model = hub.messageModel().sample("reminder", Locale.ENGLISH);
            RenderedMessage r = templates.render("reminder", Locale.ENGLISH, model);
            String to = String.format(Locale.ROOT, "+447700900%03d", i % 1000);
            String callback = "http://localhost:8080/sms/status/twilio?token=" + String.format(Locale.ROOT, "baseline%024d", i);
            out.add(("To=" + enc(to) + "&From=" + enc(FROM) + "&Body=" + enc(r.text()) + "&StatusCallback=" + enc(callback))
                    .getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void baseline(String url, List<byte[]> requests, int total, int connections) throws Exception {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
        pool.setMaxTotal(connections);
        pool.setDefaultMaxPerRoute(connections);
        String auth = "Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(pool).build()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int worker = c;
                running.add(threads.submit(() -> {
                    for (int i = worker; i < total; i += connections) {
                        HttpPost post = new HttpPost(url);
                        post.setHeader("Authorization", auth);
                        post.setHeader("Accept", "application/json");
                        post.setEntity(new ByteArrayEntity(requests.get(i % requests.size()),
                                ContentType.APPLICATION_FORM_URLENCODED.withCharset(StandardCharsets.UTF_8)));
                        client.execute(post, response -> {
                            check(response.getCode() == 201, "stub answered " + response.getCode());
                            return EntityUtils.toString(response.getEntity());
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static long sentRows(Hub hub) throws Exception {
        try (Connection c = hub.database().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM communication WHERE channel = 'sms' AND status = 'SENT'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
