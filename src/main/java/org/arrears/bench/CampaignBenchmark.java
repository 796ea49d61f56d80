package org.arrears.bench;

import static org.arrears.bench.BenchSupport.check;
import static org.arrears.bench.BenchSupport.deleteTree;
import static org.arrears.bench.BenchSupport.peakHeapBytes;
import static org.arrears.bench.BenchSupport.resetPeaks;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.demo.BookSeeder;
import org.arrears.demo.SeedSpec;
import org.arrears.email.EmailAdapter;
import org.arrears.outreach.RenderedMessage;
import org.arrears.policy.PlanResult;

/**
 * Campaign throughput: the hub (plan with set-based SQL, claim, gate, render, compose, SMTP, record) against
 * a bare JavaMail loop sending the same number of pre-rendered messages over the same number of kept-open
 * connections to the same local SMTP sink, in the same run. The hub runs on an embedded PostgreSQL of its
 * own (a temporary folder), so nothing of a real installation is touched.
 */
public final class CampaignBenchmark {

    /** The time of signing alone: one rendered reminder's bytes signed over and over on one thread. */
    private static void signingCost(Hub hub, Settings settings, Clock clock, PrintStream out) throws Exception {
        org.arrears.email.dkim.DkimSigner signer = org.arrears.email.dkim.DkimSigner.from(settings, clock);
        Map<String, Object> model = hub.messageModel().sample("reminder", Locale.ENGLISH);
        RenderedMessage r = hub.renderer().renderEmail("reminder", Locale.ENGLISH, model);
        byte[] unsigned = new org.arrears.email.EmailComposer(org.arrears.email.EmailSettings.from(settings))
                .compose(Session.getInstance(new Properties()), "signingcost0000000000000000000000", "debtor@example.test",
                        r, (String) model.get("optOutUrl"), List.of(), clock.instant()).bytes();
        String domain = org.arrears.email.EmailSettings.domainOf(settings.require("arrears.email.from"));
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            signer.sign(domain, unsigned);
        }
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            signer.sign(domain, unsigned);
        }
        out.printf("DKIM signing alone: %.0f µs per message of %,d bytes (%s, one thread)%n",
                (System.nanoTime() - t) / 1e3 / n, unsigned.length, signer.keys(domain).size() > 1 ? "both signatures" : "RSA");
    }

    /** DKIM keys made for the run, and the settings that sign the From domain's mail with them. */
    private static Map<String, String> dkimSettings(Settings base, Path dir, boolean ed25519) throws Exception {
        String domain = org.arrears.email.EmailSettings.domainOf(base.require("arrears.email.from"));
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path rsaFile = dir.resolve("dkim-rsa.pem");
        Path edFile = dir.resolve("dkim-ed25519.pem");
        Files.writeString(rsaFile, org.arrears.email.dkim.DkimKeys.pem(rsa.generateKeyPair().getPrivate().getEncoded()));
        Files.writeString(edFile, org.arrears.email.dkim.DkimKeys.pem(java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair()
                .getPrivate().getEncoded()));
        String p = "arrears.dkim." + domain + ".";
        Map<String, String> out = new java.util.HashMap<>(Map.of("arrears.dkim.domains", domain, p + "selector", "bench",
                p + "key-file", rsaFile.toString()));
        if (ed25519) {
            out.put(p + "ed25519-selector", "bench-ed");
            out.put(p + "ed25519-key-file", edFile.toString());
        }
        return out;
    }

    /** Distinct pre-rendered messages the baseline cycles through (holding 100,000 would measure the heap). */
    private static final int BASELINE_DISTINCT = 1_000;

    /** Messages each side sends before its measured run. */
    private static final int WARM_UP = 5_000;


    private CampaignBenchmark() {
    }

    /**
     * @param smtp null to send both sides to the in-process sink; or HOST:PORT of an external SMTP server (Postfix's
     *             smtp-sink, another tool's test server), so the hub is compared with others on the same server
     */
    public static Throughput run(Settings base, int debtors, int connections, boolean sqlStats, String smtp, PrintStream out)
            throws Exception {
        return run(base, debtors, connections, sqlStats, smtp, false, false, out);
    }

    /**
     * @param dkim sign every message of the hub with DKIM (an RSA-2048 key made for the run) for the From
     *             domain, as a hub with arrears.dkim.* configured does; the baseline's pre-rendered messages are signed
     *             once, before its timing starts
     * @param ed25519 with {@code dkim}: a second, Ed25519-SHA256 signature as well
     */
    public static Throughput run(Settings base, int debtors, int connections, boolean sqlStats, String smtp, boolean dkim,
                                 boolean ed25519, PrintStream out) throws Exception {
        Path tmp = Files.createTempDirectory("arrears-bench-");
        if (dkim) {
            base = base.with(dkimSettings(base, tmp, ed25519));
            out.println("the hub signs each message with DKIM: RSA-SHA256 (2048-bit key)" + (ed25519 ? " and Ed25519-SHA256" : ""));
        }
        ZoneId london = ZoneId.of("Europe/London");
        // Noon on a Wednesday in the debtors' zone: the benchmark measures sending, not quiet hours or Sundays.
        LocalDate asOf = LocalDate.now(london).with(TemporalAdjusters.previousOrSame(DayOfWeek.WEDNESDAY));
        Clock clock = Clock.fixed(asOf.atTime(LocalTime.NOON).atZone(london).toInstant(), london);
        try (SmtpSink sink = new SmtpSink()) {
            String host = "127.0.0.1";
            int port = sink.port();
            if (smtp != null) {
                int colon = smtp.lastIndexOf(':');
                check(colon > 0, "--smtp takes HOST:PORT, got '" + smtp + "'");
                host = smtp.substring(0, colon);
                port = Integer.parseInt(smtp.substring(colon + 1));
                out.printf("both sides send to the SMTP server at %s:%d%n", host, port);
            }
            boolean counted = smtp == null; // only the in-process sink can count what arrived
            Settings settings = base.with(Map.ofEntries(
                    Map.entry("arrears.data-dir", tmp.toString()),
                    Map.entry("arrears.db.url", ""),
                    Map.entry("arrears.db.pool-size", String.valueOf(connections + 4)),
                    Map.entry("arrears.smtp.host", host),
                    Map.entry("arrears.smtp.port", String.valueOf(port)),
                    Map.entry("arrears.smtp.user", ""),
                    Map.entry("arrears.smtp.starttls", "false"),
                    Map.entry("arrears.email.workers", String.valueOf(connections)),
                    Map.entry("arrears.email.batch-size", "500"),
                    Map.entry("arrears.email.invoice-pdf-dir", ""),
                    Map.entry("arrears.db.embedded-statement-stats", String.valueOf(sqlStats))));
            try (Hub hub = Hub.start(settings, clock)) {
                // Both sides are measured warm: the baseline sends a warm-up round first, the hub runs a small
                // campaign of its own first, so neither pays for class loading and JIT compilation in the figure.
                int warm = Math.min(WARM_UP, debtors);
                long t = System.nanoTime();
                new BookSeeder().seed(hub.database().dataSource(), SeedSpec.uniform(warm, 11, asOf));
                hub.planner().plan(asOf);
                hub.emailDispatcher().drain();
                out.printf("warmed the hub with a campaign of %,d other debtors in %.1f s (not measured)%n",
                        warm, (System.nanoTime() - t) / 1e9);
                t = System.nanoTime();
                new BookSeeder().seed(hub.database().dataSource(), SeedSpec.uniform(debtors, 7, asOf));
                out.printf("seeded %,d debtors with one overdue invoice each in %.1f s (setup, not measured)%n",
                        debtors, (System.nanoTime() - t) / 1e9);

                EmailAdapter email = (EmailAdapter) hub.emailDispatcher().adapter();
                List<MimeMessage> prepared = prerender(hub, email, Math.min(BASELINE_DISTINCT, debtors), clock.instant());
                if (dkim) {
                    signingCost(hub, settings, clock, out);
                }
                Session session = Session.getInstance(smtpProperties(host, port));
                baseline(session, host, port, prepared, warm, connections); // warm-up
                long sinkBefore = sink.messages();
                t = System.nanoTime();
                baseline(session, host, port, prepared, debtors, connections);
                double baselineSeconds = (System.nanoTime() - t) / 1e9;
                check(!counted || sink.messages() - sinkBefore == debtors, "baseline delivered " + (sink.messages() - sinkBefore));
                double baselineRate = debtors / baselineSeconds;
                out.printf("baseline: %,d pre-rendered messages over %d JavaMail connections in %.2f s = %,.0f msgs/s%n",
                        debtors, connections, baselineSeconds, baselineRate);

                prepared = null;
                AtomicReference<PlanResult> planned = new AtomicReference<>();
                System.gc();
                resetPeaks();
                if (sqlStats) {
                    SqlStats.reset(hub.database().dataSource());
                }
                sinkBefore = sink.messages();
                // as in the running hub, dispatch sends each chunk the planner commits while it plans the next
                long start = System.nanoTime();
                CompletableFuture<Double> planning = CompletableFuture.supplyAsync(() -> {
                    planned.set(hub.planner().plan(asOf));
                    return (System.nanoTime() - start) / 1e9;
                });
                hub.emailDispatcher().drainWhile(() -> !planning.isDone());
                double planSeconds = planning.join();
                PlanResult plan = planned.get();
                double hubSeconds = (System.nanoTime() - start) / 1e9;
                long peak = peakHeapBytes() / (1024 * 1024);
                if (sqlStats) {
                    SqlStats.print(hub.database().dataSource(), out, 12);
                }
                check(plan.planned() == debtors, "hub planned " + plan.planned() + " of " + debtors);
                check(!counted || sink.messages() - sinkBefore == debtors, "hub delivered " + (sink.messages() - sinkBefore));
                check(sentRows(hub) == debtors + warm, "hub recorded " + (sentRows(hub) - warm) + " SENT rows");
                double hubRate = debtors / hubSeconds;
                out.printf("hub: planned %,d in %.2f s and, from the first committed chunk on, gated, rendered, sent and "
                        + "recorded them over %d connections; total %.2f s = %,.0f msgs/s%n", debtors, planSeconds, connections,
                        hubSeconds, hubRate);
                out.printf("hub peak heap %d MB (max heap %d MB)%n", peak, Runtime.getRuntime().maxMemory() / (1024 * 1024));
                return new Throughput("msgs", debtors, hubRate, baselineRate, peak);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    private static List<MimeMessage> prerender(Hub hub, EmailAdapter email, int count, Instant now) throws MessagingException {
        Session session = Session.getInstance(new Properties());
        List<MimeMessage> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> model = hub.messageModel().sample("reminder", Locale.ENGLISH);
            RenderedMessage r = hub.renderer().renderEmail("reminder", Locale.ENGLISH, model);
            String token = String.format("baseline%024d", i);
            out.add(email.composer().compose(session, token, "debtor" + i + "@example.test", r,
                    (String) model.get("optOutUrl"), List.of(), now));
        }
        return out;
    }

    private static void baseline(Session session, String host, int port, List<MimeMessage> messages, int total, int connections)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int worker = c;
                running.add(pool.submit(() -> {
                    Transport t = session.getTransport("smtp");
                    t.connect(host, port, null, null);
                    try {
                        for (int i = worker; i < total; i += connections) {
                            MimeMessage m = messages.get(i % messages.size());
                            Address[] to = m.getAllRecipients();
                            t.sendMessage(m, to);
                        }
                    } finally {
                        t.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Properties smtpProperties(String host, int port) {
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.quitwait", "false");
        // as the hub's own connections: without TCP_NODELAY a message larger than one segment waits for the ACK
        // the server delays (40 ms on Linux), which would measure the kernel rather than the loop
        p.put("mail.smtp.socketFactory", new NoDelaySockets());
        p.put("mail.smtp.socketFactory.fallback", "false");
        return p;
    }

    /** Plain sockets with TCP_NODELAY. */
    private static final class NoDelaySockets extends javax.net.SocketFactory {
        private static java.net.Socket noDelay(java.net.Socket s) throws java.io.IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            return noDelay(new java.net.Socket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            return noDelay(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort)
                throws java.io.IOException {
            return noDelay(new java.net.Socket(host, port, local, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            return noDelay(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress local, int localPort)
                throws java.io.IOException {
            return noDelay(new java.net.Socket(host, port, local, localPort));
        }
    }

    private static long sentRows(Hub hub) throws Exception {
        try (Connection c = hub.database().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM communication WHERE status = 'SENT'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
