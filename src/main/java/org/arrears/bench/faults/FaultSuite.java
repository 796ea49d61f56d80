package org.arrears.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.arrears.bench.PaymentsBenchmark;
import org.arrears.bench.SmsBenchmark;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.demo.BookSeeder;
import org.arrears.demo.SeedSpec;

/**
 * The fault suite: each scenario runs a campaign (or posts a bank file) through hub instances that are separate JVM
 * processes, against real servers the suite breaks on purpose (a PostgreSQL server it stops and starts, an SMTP
 * server that refuses, hangs or answers 4xx/5xx), and counts what was planned, sent, sent twice and lost. The JUnit
 * suite runs the short profile in {@code mvn verify}; {@code arrears bench faults} runs the long one.
 */
public final class FaultSuite implements AutoCloseable {

    /**
     * Sizes and fault lengths.
     *
     * @param messages the campaign of each scenario
     * @param entries the bank file's entries
     * @param faultFor how long a timed fault lasts (451 answers, a hanging server, a database restart)
     * @param refuseFor how long the SMTP server refuses connections
     * @param lease the claim lease of the hubs (a killed hub's claims wait this long)
     */
    public record Profile(int messages, int entries, Duration faultFor, Duration refuseFor, Duration lease) {
        public static Profile ci() {
            return new Profile(1_000, 10_000, Duration.ofSeconds(4), Duration.ofSeconds(10), Duration.ofSeconds(6));
        }

        public static Profile full() {
            return new Profile(3_000, 50_000, Duration.ofSeconds(20), Duration.ofMinutes(2), Duration.ofSeconds(20));
        }
    }

    /** Messages per record transaction and workers per hub: the in-flight window a kill may leave in doubt. */
    static final int RECORD_EVERY = 16;
    static final int WORKERS = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings base;
    private final Profile profile;
    private final Path root;
    private final PrintStream out;
    private final FaultDatabase pg;
    private final LocalDate asOf = LocalDate.now(ZoneOffset.UTC);
    private int databases;

    public FaultSuite(Settings base, Profile profile, Path root, PrintStream out) {
        this.base = base;
        this.profile = profile;
        this.root = root;
        this.out = out;
        this.pg = new FaultDatabase(base, root.resolve("postgres"));
    }

    /** One scenario's database, data folder and logs. */
    private final class Run implements AutoCloseable {
        final String name;
        final String url;
        final Database db;
        final Path data;
        final Path logs;
        final long started = System.nanoTime();
        final List<String> observed = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final List<HubProcess> hubs = new ArrayList<>();
        private Path textPolicies;

        Run(String name) {
            this.name = name;
            String dbName = "fault_" + (++databases) + "_" + name.replace('-', '_');
            try (Connection c = pg.database().dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + dbName);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the scenario's database " + dbName, e);
            }
            this.url = pg.url().replace("/postgres", "/" + dbName);
            this.db = Database.of(url, "postgres", pg.password(), 3).migrate();
            this.data = root.resolve(name).resolve("hub");
            this.logs = root.resolve(name).resolve("logs");
        }

        Map<String, String> settings(FaultSmtpServer smtp) {
            Map<String, String> s = new LinkedHashMap<>();
            s.put("arrears.db.url", url);
            s.put("arrears.db.user", "postgres");
            s.put("arrears.db.pool-size", "6");
            s.put("arrears.db.connection-timeout", "PT3S");
            if (smtp != null) {
                s.put("arrears.smtp.host", "127.0.0.1");
                s.put("arrears.smtp.port", String.valueOf(smtp.port()));
            } else {
                s.put("arrears.smtp.host", "");
            }
            s.put("arrears.smtp.user", "");
            s.put("arrears.smtp.starttls", "false");
            s.put("arrears.smtp.timeout", "PT3S");
            s.put("arrears.smtp.deadline", "PT4S");
            s.put("arrears.email.poll-period", "500");
            s.put("arrears.email.workers", String.valueOf(WORKERS));
            s.put("arrears.email.batch-size", "100");
            s.put("arrears.email.retry-base", "PT1S");
            s.put("arrears.email.gateway-retry", "PT2S");
            s.put("arrears.outbox.record-every", String.valueOf(RECORD_EVERY));
            s.put("arrears.outbox.lease", profile.lease().toString());
            s.put("arrears.outbox.sweep-period", "1000");
            // the suite measures sending whatever the hour: every contact window is open all day
            s.put("arrears.compliance.window.default", "00:00-24:00");
            s.put("arrears.compliance.window.business", "00:00-24:00");
            s.put("arrears.compliance.window.GB", "00:00-24:00");
            s.put("arrears.token-secret", "fault-suite-secret-0123456789abcdef");
            s.put("arrears.planner.delay", "1000");
            s.put("arrears.payments.poll-delay", "500");
            s.put("arrears.payments.read-lock-interval", "300");
            s.put("arrears.health.watch-period", "PT0.5S");
            // a strained gateway shows within seconds and ages back to UP soon after
            s.put("arrears.health.strain-window", "PT10S");
            s.put("arrears.health.strain-min", "2");
            s.put("arrears.metrics.gauge-cache", "PT1S");
            s.put("camel.health.exposure-level", "full");
            return s;
        }

        HubProcess hub(String hubName, Map<String, String> settings) {
            HubProcess h = HubProcess.start(hubName, data, logs, settings, Map.of("ARREARS_DB_PASSWORD", pg.password()));
            hubs.add(h);
            return h;
        }

        /** Seeds {@code n} debtors who can be emailed and plans their reminders; returns the messages planned. */
        long campaign(int n) {
            new BookSeeder().seed(db.dataSource(), SeedSpec.uniform(n, 7, asOf));
            return plan(Map.of());
        }

        /** Seeds {@code n} debtors with a consented mobile and plans a reminder by text to each. */
        long textCampaign(int n) throws IOException {
            new BookSeeder().seed(db.dataSource(), SeedSpec.uniformSms(n, 7, asOf));
            return plan(Map.of("arrears.policies", textPolicies().toString(), "arrears.sms.fictional-numbers", "true"));
        }

        private long plan(Map<String, String> more) {
            Map<String, String> s = new LinkedHashMap<>(more);
            s.put("arrears.data-dir", data.toString());
            s.put("arrears.token-secret", "fault-suite-secret-0123456789abcdef");
            Database own = Database.of(url, "postgres", pg.password(), 3);
            try (Hub h = Hub.over(own, base.with(s), Clock.systemUTC())) {
                return h.planner().plan(asOf).planned();
            }
        }

        /** A ladder of one reminder, by text only (the SMS benchmark's), written once for the scenario. */
        Path textPolicies() throws IOException {
            if (textPolicies == null) {
                textPolicies = SmsBenchmark.writeTextPolicy(Files.createDirectories(root.resolve(name).resolve("policies")));
            }
            return textPolicies;
        }

        /** The hub's settings for texts through the suite's SMS gateway (a generic JSON provider). */
        Map<String, String> textSettings(FaultSmsGateway sms) throws IOException {
            Map<String, String> s = settings(null);
            s.put("arrears.policies", textPolicies().toString());
            s.put("arrears.sms.gateway", "generic");
            s.put("arrears.sms.generic.url", sms.url());
            s.put("arrears.sms.generic.body-type", "json");
            s.put("arrears.sms.generic.body", "{\"to\":\"{to}\",\"text\":\"{text}\",\"ref\":\"{token}\"}");
            s.put("arrears.sms.generic.id-path", "id");
            s.put("arrears.sms.generic.status-path", "status");
            s.put("arrears.sms.generic.accepted-statuses", "queued");
            s.put("arrears.sms.from", "+15005550006");
            s.put("arrears.sms.fictional-numbers", "true");
            s.put("arrears.sms.workers", String.valueOf(WORKERS));
            s.put("arrears.sms.batch-size", "100");
            s.put("arrears.sms.poll-period", "500");
            s.put("arrears.sms.retry-base", "PT1S");
            s.put("arrears.sms.gateway-retry", "PT2S");
            s.put("arrears.sms.connect-timeout", "PT1S");
            s.put("arrears.sms.response-timeout", "PT2S");
            s.put("arrears.sms.circuit.open-for", "PT3S");
            s.put("arrears.compliance.cap.sms", "");
            return s;
        }

        long count(String sql, Object... params) {
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        long inFlight(String channel) {
            return count("SELECT count(*) FROM communication WHERE channel = ? AND status IN ('PLANNED', 'CLAIMED', 'DEFERRED')",
                    channel);
        }

        boolean awaitEmailDone(Duration within) {
            return awaitDone("email", within);
        }

        boolean awaitDone(String channel, Duration within) {
            return Waits.until(within, () -> inFlight(channel) == 0);
        }

        /** A timed fault must end in sending, not in giving up: no message of the channel FAILED. */
        void expectNoneFailed(String channel) {
            long failed = count("SELECT count(*) FROM communication WHERE channel = ? AND status = 'FAILED'", channel);
            expect(failed == 0, failed + " " + channel + " message(s) FAILED: the hub gave up during a timed fault");
        }

        void expect(boolean ok, String problem) {
            if (!ok) {
                problems.add(problem);
            }
        }

        /** Waits (up to a minute) for a hub's health to report the check DOWN, and notes what it said. */
        void expectDown(HubProcess hub, String check) {
            expectHealth(hub, check, state -> state.startsWith("DOWN"), state -> "health " + check + " " + state,
                    "health never reported " + check + " DOWN");
        }

        /** Waits (up to a minute) for a hub's health to report the check DEGRADED (or DOWN), and notes what it said. */
        void expectStrained(HubProcess hub, String check) {
            expectHealth(hub, check, state -> state.startsWith("DEGRADED") || state.startsWith("DOWN"),
                    state -> "health " + check + " " + state, "health never reported " + check + " DEGRADED or DOWN");
        }

        void expectUp(HubProcess hub, String check) {
            expectHealth(hub, check, "UP"::equals, state -> "health " + check + " UP again",
                    "health did not report " + check + " UP again");
        }

        /** Waits (up to a minute) for the check's state to be one wanted; notes it, or the problem with the last state. */
        private void expectHealth(HubProcess hub, String check, java.util.function.Predicate<String> wanted,
                                  java.util.function.UnaryOperator<String> noted, String missed) {
            String[] seen = {null};
            if (Waits.until(Duration.ofSeconds(60), () -> {
                seen[0] = checkState(hub.health(), check);
                return seen[0] != null && wanted.test(seen[0]);
            })) {
                observed.add(noted.apply(seen[0]));
            } else {
                problems.add(missed + " (last: " + seen[0] + ")");
            }
        }

        /**
         * Waits for a metric (the sum of its lines whose labels contain every fragment) to reach at least
         * {@code min}, and notes it.
         */
        void expectMetric(HubProcess hub, String metric, double min, String... labels) {
            double[] v = {Double.NaN};
            String named = metric + (labels.length == 0 ? "" : "{" + String.join(",", labels) + "}");
            if (Waits.until(Duration.ofSeconds(60), () -> {
                v[0] = hub.metricSum(metric, labels);
                return v[0] >= min;
            })) {
                observed.add(named + "=" + v[0]);
            } else {
                problems.add("metric " + named + " stayed at " + v[0] + ", expected at least " + min);
            }
        }

        /** One log line when the fault started and one when it ended, in the hub's log. */
        void expectFaultLogged(HubProcess hub, String check) {
            String started = "fault started: " + check + " is ";
            String ended = "fault ended: " + check + " is UP again";
            boolean ok = Waits.until(Duration.ofSeconds(30), () -> hub.log().contains(ended));
            String log = hub.log();
            long starts = log.lines().filter(l -> l.contains(started)).count();
            long ends = log.lines().filter(l -> l.contains(ended)).count();
            if (ok && starts >= 1 && starts == ends) {
                observed.add("log: " + starts + " start and " + ends + " end line(s) for " + check);
            } else {
                problems.add("log lines for " + check + ": " + starts + " started, " + ends + " ended");
            }
        }

        /**
         * The email tally: planned rows, distinct tokens the server accepted, repeats, and planned rows neither sent
         * nor legitimately ended (FAILED by a permanent refusal, SUPPRESSED or CANCELLED by the gate).
         */
        Tally emailTally(FaultSmtpServer smtp, boolean recovered, long allowedDuplicates) {
            return channelTally("email", smtp.tokens(), smtp.duplicates(), recovered, allowedDuplicates);
        }

        /** The same for texts: the tokens the SMS gateway took. */
        Tally textTally(FaultSmsGateway sms, boolean recovered, long allowedDuplicates) {
            return channelTally("sms", sms.tokens(), sms.duplicates(), recovered, allowedDuplicates);
        }

        Tally channelTally(String channel, Set<String> tokens, long duplicates, boolean recovered, long allowedDuplicates) {
            long planned = 0;
            long sent = 0;
            long lost = 0;
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement s = c.prepareStatement("SELECT token, status FROM communication WHERE channel = ?")) {
                s.setString(1, channel);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        planned++;
                        String status = rs.getString(2);
                        if (tokens.contains(rs.getString(1))) {
                            sent++;
                            if (!status.equals("SENT") && !status.equals("DELIVERED")) {
                                problems.add("a message the server accepted is recorded as " + status);
                            }
                        } else if (!Set.of("FAILED", "SUPPRESSED", "CANCELLED").contains(status)) {
                            lost++;
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return tally(planned, sent, duplicates, lost, recovered, allowedDuplicates);
        }

        Tally tally(long planned, long sent, long duplicates, long lost, boolean recovered, long allowed) {
            Tally t = new Tally(name, planned, sent, duplicates, lost, recovered, (System.nanoTime() - started) / 1e9,
                    allowed, List.copyOf(observed), List.copyOf(problems));
            out.println(t.line());
            return t;
        }

        @Override
        public void close() {
            hubs.forEach(HubProcess::close);
            db.close();
        }
    }

    /**
     * The state of one health check in a full health report: "UP", "DEGRADED: message" (UP with a degraded
     * message) or "DOWN: message"; null when unreadable.
     */
    static String checkState(String health, String check) {
        if (health == null) {
            return null;
        }
        try {
            for (JsonNode c : JSON.readTree(health).path("checks")) {
                if (check.equals(c.path("name").asText())) {
                    String status = c.path("status").asText();
                    String message = c.path("message").asText("");
                    if (status.equals("UP")) {
                        return message.startsWith("degraded: ") ? "DEGRADED: " + message.substring("degraded: ".length()) : "UP";
                    }
                    return status + (message.isEmpty() ? "" : ": " + message);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return "absent";
    }

    /**
     * A hub keeps the outcomes it could not record and retries for half a lease (README "Sending once"): with a lease
     * of more than twice the database's absence nothing is in doubt, so the scenario allows no duplicate.
     */
    private Map<String, String> outlastingTheOutage(Map<String, String> settings) {
        Duration lease = profile.faultFor().multipliedBy(4);
        settings.put("arrears.outbox.lease", (lease.compareTo(Duration.ofSeconds(40)) < 0 ? Duration.ofSeconds(40) : lease).toString());
        return settings;
    }

    private static BooleanSupplier atLeast(FaultSmtpServer smtp, long n) {
        return () -> smtp.tokens().size() >= n;
    }

    // ---- scenarios ------------------------------------------------------------------------------------------

    /** A hub killed with SIGKILL in the middle of a campaign, then a new one started on the same data. */
    public Tally killMidCampaign() throws IOException {
        try (Run run = new Run("kill-mid-campaign"); FaultSmtpServer smtp = new FaultSmtpServer()) {
            long planned = run.campaign(profile.messages());
            HubProcess a = run.hub("a", run.settings(smtp));
            Waits.await(Duration.ofMinutes(3), "a third of the campaign sent", atLeast(smtp, planned / 3));
            a.kill();
            run.observed.add("killed hub a after " + smtp.tokens().size() + " messages");
            HubProcess b = run.hub("b", run.settings(smtp));
            boolean done = run.awaitEmailDone(Duration.ofMinutes(3));
            run.expectMetric(b, "arrears_claims_released_total", 1);
            run.expectUp(b, "smtp");
            return run.emailTally(smtp, done, (long) RECORD_EVERY * WORKERS);
        }
    }

    /** SMTP answers 451 to every message for a while: retried with back-off, then sent. */
    public Tally smtpTemporaryFailures() throws IOException {
        try (Run run = new Run("smtp-451"); FaultSmtpServer smtp = new FaultSmtpServer()) {
            run.campaign(profile.messages());
            smtp.dataReply("451 4.3.0 temporary local problem, try later");
            HubProcess a = run.hub("a", run.settings(smtp));
            run.expectMetric(a, "arrears_dispatch_outcomes_total", 1, "channel=\"email\"", "status=\"PLANNED\"");
            run.expectStrained(a, "smtp");
            run.expectMetric(a, "arrears_fault_degraded", 1, "check=\"smtp\"");
            Waits.pause(profile.faultFor());
            smtp.dataReply(null);
            boolean done = run.awaitEmailDone(Duration.ofMinutes(3));
            run.expect(run.count("SELECT count(*) FROM communication WHERE channel = 'email' AND attempts > 1") > 0,
                    "no message was retried");
            run.expectUp(a, "smtp");
            run.expectFaultLogged(a, "smtp");
            return run.emailTally(smtp, done, 0);
        }
    }

    /** SMTP refuses some recipients with 550: those FAILED with the reply, the rest sent. */
    public Tally smtpPermanentRefusals() throws IOException {
        try (Run run = new Run("smtp-550"); FaultSmtpServer smtp = new FaultSmtpServer()) {
            run.campaign(profile.messages());
            smtp.recipientReply(rcpt -> rcpt.matches("debtor[0-9]*0@.*") ? "550 5.1.1 <" + rcpt + ">: user unknown" : null);
            HubProcess a = run.hub("a", run.settings(smtp));
            run.expectStrained(a, "smtp");
            boolean done = run.awaitEmailDone(Duration.ofMinutes(3));
            long refused = run.count("SELECT count(*) FROM communication WHERE channel = 'email' AND address ~ '^debtor[0-9]*0@'");
            long failed = run.count("SELECT count(*) FROM communication WHERE channel = 'email' AND status = 'FAILED' "
                    + "AND last_error LIKE '%550 5.1.1%'");
            run.expect(failed == refused, failed + " messages FAILED with the 550 reply, " + refused + " were refused");
            run.observed.add(failed + " FAILED with the 550 reply");
            long fallbacks = run.count("SELECT count(*) FROM communication WHERE channel <> 'email'");
            run.observed.add(fallbacks + " fallback message(s) planned on the step's next channel");
            run.expectMetric(a, "arrears_dispatch_outcomes_total", refused, "channel=\"email\"", "status=\"FAILED\"");
            run.expectUp(a, "smtp");
            run.expectFaultLogged(a, "smtp");
            return run.emailTally(smtp, done, 0);
        }
    }

    /** The SMTP server takes messages and never answers for a while: timed out, claims released, then sent. */
    public Tally smtpHanging() throws IOException {
        return smtpOutage("smtp-hang", smtp -> {
            smtp.mode(FaultSmtpServer.Mode.HANG_AFTER_DATA);
            smtp.dropConnections();
        }, smtp -> smtp.mode(FaultSmtpServer.Mode.NORMAL), profile.faultFor());
    }

    /** The SMTP server refuses connections for a while: the gateway is down, messages wait, then go out. */
    public Tally smtpRefusingConnections() throws IOException {
        return smtpOutage("smtp-refused", smtp -> smtp.refuseConnections(true), smtp -> smtp.refuseConnections(false),
                profile.refuseFor());
    }

    /** Something the suite does to its SMTP server. */
    private interface SmtpFault {
        void apply(FaultSmtpServer smtp) throws IOException;
    }

    /** A tenth of a campaign sent, then the SMTP server broken for a while: health DOWN, then everything sent. */
    private Tally smtpOutage(String name, SmtpFault begin, SmtpFault end, Duration length) throws IOException {
        try (Run run = new Run(name); FaultSmtpServer smtp = new FaultSmtpServer().pace(Duration.ofMillis(5))) {
            run.campaign(profile.messages());
            HubProcess a = run.hub("a", run.settings(smtp));
            Waits.await(Duration.ofMinutes(3), "a tenth of the campaign sent", atLeast(smtp, profile.messages() / 10));
            begin.apply(smtp);
            run.expectDown(a, "smtp");
            run.expectMetric(a, "arrears_fault_active", 1, "check=\"smtp\"");
            Waits.pause(length);
            end.apply(smtp);
            boolean done = run.awaitEmailDone(Duration.ofMinutes(5));
            run.expectUp(a, "smtp");
            run.expectFaultLogged(a, "smtp");
            return run.emailTally(smtp, done, 0);
        }
    }

    /**
     * The SMS provider answers 429 with a Retry-After for a while: the hub waits as long as it is told, for the whole
     * batch, health shows the gateway strained, and every text goes out afterwards, none twice.
     */
    public Tally smsThrottled() throws IOException {
        return smsOutage("sms-429", FaultSmsGateway.Mode.THROTTLE, (run, hub, sms) -> {
            run.expectStrained(hub, "sms");
            run.expectMetric(hub, "arrears_fault_degraded", 1, "check=\"sms\"");
        }, (run, sms, faultSeconds) -> {
            // asked again no sooner than told: at most one request per worker per Retry-After of the throttle, plus
            // the ones in flight when the first 429 came
            long allowed = (faultSeconds / SMS_RETRY_AFTER + 2) * WORKERS;
            run.expect(sms.throttled() <= allowed, sms.throttled() + " requests answered 429 during the throttle, more "
                    + "than " + allowed + ": the hub did not wait as long as it was told");
            run.observed.add(sms.throttled() + " request(s) answered 429 with Retry-After: " + SMS_RETRY_AFTER);
            return 0;
        });
    }

    /** The SMS provider answers 500 for a while: retried with back-off, the circuit opens, then every text goes out. */
    public Tally smsServerErrors() throws IOException {
        return smsOutage("sms-500", FaultSmsGateway.Mode.ERROR, (run, hub, sms) -> {
            run.expectStrained(hub, "sms");
            run.expectMetric(hub, "arrears_fault_active", 1, "check=\"sms\"");
        }, (run, sms, faultSeconds) -> {
            run.observed.add(sms.failed() + " request(s) answered 500");
            return 0;
        });
    }

    /**
     * The SMS provider takes requests and never answers for a while: each times out, the gateway is DOWN, the circuit
     * opens, and afterwards every text goes out. A text whose request timed out may have been sent (the provider took
     * it): its retry is the one duplicate allowed, and the suite counts those.
     */
    public Tally smsTimeouts() throws IOException {
        return smsOutage("sms-timeout", FaultSmsGateway.Mode.HANG, (run, hub, sms) -> {
            run.expectDown(hub, "sms");
            run.expectMetric(hub, "arrears_fault_active", 1, "check=\"sms\"");
        }, (run, sms, faultSeconds) -> {
            run.observed.add(sms.unanswered() + " request(s) taken and never answered (in doubt)");
            return sms.unanswered();
        });
    }

    private static final int SMS_RETRY_AFTER = 2;

    /** What a scenario expects to see while its SMS fault lasts. */
    private interface WhileSmsFault {
        void check(Run run, HubProcess hub, FaultSmsGateway sms);
    }

    /** What a scenario checks once its SMS fault is over; returns the duplicates it allows. */
    private interface AfterSmsFault {
        long check(Run run, FaultSmsGateway sms, long faultSeconds);
    }

    /**
     * A text campaign, a tenth of it sent, then the SMS gateway broken ({@code fault}) for a while: what the scenario
     * expects meanwhile, then every text sent, none FAILED, health UP again and the fault's two log lines.
     */
    private Tally smsOutage(String name, FaultSmsGateway.Mode fault, WhileSmsFault during, AfterSmsFault after)
            throws IOException {
        try (Run run = new Run(name); FaultSmsGateway sms = new FaultSmsGateway().pace(Duration.ofMillis(5))) {
            run.textCampaign(profile.messages());
            sms.retryAfter(SMS_RETRY_AFTER);
            HubProcess a = run.hub("a", run.textSettings(sms));
            Waits.await(Duration.ofMinutes(3), "a tenth of the texts sent", () -> sms.tokens().size() >= profile.messages() / 10);
            long from = System.nanoTime();
            sms.mode(fault);
            during.check(run, a, sms);
            Waits.pause(profile.faultFor());
            sms.mode(FaultSmsGateway.Mode.NORMAL);
            long faultSeconds = Duration.ofNanos(System.nanoTime() - from).toSeconds();
            boolean done = run.awaitDone("sms", Duration.ofMinutes(5));
            long allowed = after.check(run, sms, faultSeconds);
            run.expectNoneFailed("sms");
            run.expectUp(a, "sms");
            run.expectFaultLogged(a, "sms");
            return run.textTally(sms, done, allowed);
        }
    }

    /** PostgreSQL stopped and started again in the middle of a campaign: the hub reconnects by itself. */
    public Tally postgresRestartMidCampaign() throws IOException {
        try (Run run = new Run("postgres-restart-campaign"); FaultSmtpServer smtp = new FaultSmtpServer()) {
            long planned = run.campaign(profile.messages());
            HubProcess a = run.hub("a", outlastingTheOutage(run.settings(smtp)));
            Waits.await(Duration.ofMinutes(3), "a third of the campaign sent", atLeast(smtp, planned / 3));
            pg.stop();
            run.expectDown(a, "database");
            run.expectMetric(a, "arrears_fault_active", 1, "check=\"database\"");
            Waits.pause(profile.faultFor());
            pg.start();
            boolean done = run.awaitEmailDone(Duration.ofMinutes(3));
            run.expectUp(a, "database");
            run.expectFaultLogged(a, "database");
            return run.emailTally(smtp, done, 0);
        }
    }

    /**
     * Three hubs on one database and one data volume, started before the planner runs: one of them is elected to
     * plan (master: on the file-lock cluster service), every one dispatches, each message goes out once.
     */
    public Tally threeInstances() throws IOException {
        try (Run run = new Run("three-instances"); FaultSmtpServer smtp = new FaultSmtpServer()) {
            new BookSeeder().seed(run.db.dataSource(), SeedSpec.uniform(profile.messages(), 7, asOf));
            Map<String, String> s = run.settings(smtp);
            s.put("arrears.planner.delay", "8000");
            List<HubProcess> hubs = List.of(run.hub("a", s), run.hub("b", s), run.hub("c", s));
            Waits.await(Duration.ofMinutes(2), "the campaign planned",
                    () -> run.count("SELECT count(*) FROM communication WHERE channel = 'email'") >= profile.messages());
            boolean done = run.awaitEmailDone(Duration.ofMinutes(3));
            long planners = hubs.stream().filter(h -> h.log().contains("planned " + profile.messages() + " messages")).count();
            run.expect(planners == 1, planners + " instances planned the campaign, expected the one leader");
            run.observed.add(planners + " leader planned");
            long dispatching = hubs.stream().filter(h -> h.metricSum("arrears_dispatch_outcomes_total",
                    "channel=\"email\"", "status=\"SENT\"") > 0).count();
            run.observed.add(dispatching + " of 3 instances sent");
            eachFileAndMailProcessedOnce(run);
            return run.emailTally(smtp, done, 0);
        }
    }

    /** Replies dropped into the shared inbound folder while three hubs watch it. */
    private static final int DROPPED_REPLIES = 20;

    /**
     * With the three hubs still running on one data folder: a bank file dropped into the shared payments inbox and
     * {@value #DROPPED_REPLIES} replies into the shared inbound drop folder. The file must be posted once, each
     * payment once, and each reply applied once (one inbound event per Message-ID) and moved once.
     */
    private void eachFileAndMailProcessedOnce(Run run) throws IOException {
        Path file = root.resolve(run.name + "-camt054.xml");
        int entries = Math.max(1, profile.entries() / 10);
        try {
            PaymentsBenchmark.generate(file, PaymentsBenchmark.Book.read(run.db.dataSource(), profile.messages()), entries, asOf);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the bank file: " + e.getMessage(), e);
        }
        Path payments = run.data.resolve("inbox").resolve("payments");
        drop(file, payments);
        Path mail = Files.createDirectories(run.data.resolve("inbox").resolve("mail"));
        for (int i = 0; i < DROPPED_REPLIES; i++) {
            Path eml = root.resolve(run.name + "-reply-" + i + ".eml");
            Files.writeString(eml, "From: debtor" + i + "@example.test\r\nTo: accounts@acme.example\r\n"
                    + "Subject: Re: your reminder\r\nMessage-ID: <reply-" + i + "@fault-suite.test>\r\n"
                    + "Date: Wed, 2 Dec 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                    + "I will pay the rest next Friday.\r\n");
            drop(eml, mail);
        }
        boolean posted = awaitPostedOnce(run, payments, file);
        boolean applied = Waits.until(Duration.ofMinutes(2), () -> run.count("SELECT count(*) FROM inbound_event "
                + "WHERE external_id LIKE '%@fault-suite.test%'") >= DROPPED_REPLIES && leftIn(mail) == 0);
        long files = run.count("SELECT count(*) FROM bank_file WHERE status = 'POSTED'");
        long rows = run.count("SELECT count(*) FROM payment");
        long distinct = run.count("SELECT count(DISTINCT bank_reference) FROM payment");
        long events = run.count("SELECT count(*) FROM inbound_event WHERE external_id LIKE '%@fault-suite.test%'");
        long moved = moved(mail);
        run.expect(posted && files == 1, "the bank file watched by three instances was posted " + files + " time(s)");
        run.expect(rows == entries && distinct == entries, rows + " payment rows (" + distinct + " distinct) for "
                + entries + " entries");
        run.expect(applied && events == DROPPED_REPLIES, events + " inbound events for " + DROPPED_REPLIES + " replies");
        run.expect(moved == DROPPED_REPLIES, moved + " reply files moved out of the drop folder for " + DROPPED_REPLIES);
        run.observed.add("bank file posted " + files + " time(s), " + rows + " payment rows; " + events
                + " inbound events and " + moved + " moved files for " + DROPPED_REPLIES + " replies");
    }

    /** The .eml files still waiting in the drop folder (not in its processed or quarantine folders). */
    private static long leftIn(Path folder) {
        try (var list = Files.list(folder)) {
            return list.filter(p -> p.toString().endsWith(".eml")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The .eml files under the drop folder's processed and quarantine folders, copies counted. */
    private static long moved(Path folder) throws IOException {
        try (var walk = Files.walk(folder)) {
            return walk.filter(p -> p.toString().endsWith(".eml") && !p.getParent().equals(folder)).count();
        }
    }

    /** A hub killed with SIGKILL while it posts a bank file, then restarted: the file is posted once. */
    public Tally killMidPosting() throws IOException {
        try (Run run = new Run("kill-mid-posting")) {
            Path file = bankFile(run);
            HubProcess a = run.hub("a", run.settings(null));
            Path inbox = run.data.resolve("inbox").resolve("payments");
            drop(file, inbox);
            Waits.await(Duration.ofMinutes(2), "the posting under way", () -> postingUnderWay(run));
            a.kill();
            long afterKill = run.count("SELECT count(*) FROM bank_file");
            run.expect(afterKill == 0, afterKill + " bank file rows after the kill: a posting was half done");
            run.observed.add("killed hub a while posting; bank files posted at the kill: " + afterKill);
            HubProcess b = run.hub("b", run.settings(null));
            boolean done = awaitPostedOnce(run, inbox, file);
            return bankTally(run, done);
        }
    }

    /** PostgreSQL stopped while a hub posts a bank file: the file stays in the inbox and is posted once later. */
    public Tally postgresRestartMidFile() throws IOException {
        try (Run run = new Run("postgres-restart-file")) {
            Path file = bankFile(run);
            HubProcess a = run.hub("a", outlastingTheOutage(run.settings(null)));
            Path inbox = run.data.resolve("inbox").resolve("payments");
            drop(file, inbox);
            Waits.await(Duration.ofMinutes(2), "the posting under way", () -> postingUnderWay(run));
            pg.stop();
            run.expectDown(a, "database");
            Waits.pause(profile.faultFor());
            pg.start();
            boolean done = awaitPostedOnce(run, inbox, file);
            run.expectUp(a, "database");
            run.expectFaultLogged(a, "database");
            return bankTally(run, done);
        }
    }

    /** The email outbox folder cannot be written (no SMTP host): a clear error, health DOWN, nothing lost. */
    public Tally outboxNotWritable() throws IOException {
        try (Run run = new Run("outbox-not-writable")) {
            run.campaign(profile.messages() / 5);
            Path outbox = run.data.resolve("outbox").resolve("email");
            Files.createDirectories(outbox.getParent());
            Files.writeString(outbox, "not a folder"); // the folder's place is taken: nothing can be written there
            HubProcess a = run.hub("a", run.settings(null));
            run.expectDown(a, "smtp");
            run.expectMetric(a, "arrears_fault_active", 1, "check=\"smtp\"");
            run.expect(a.log().contains("cannot write to the outbox"), "no clear error about the outbox in the log");
            long sentWhileDown = run.count("SELECT count(*) FROM communication WHERE status = 'SENT'");
            run.expect(sentWhileDown == 0, sentWhileDown + " messages recorded SENT while the outbox could not be written");
            Files.delete(outbox);
            boolean done = run.awaitEmailDone(Duration.ofMinutes(3));
            run.expectUp(a, "smtp");
            run.expectFaultLogged(a, "smtp");
            long files;
            try (var list = Files.list(outbox)) {
                files = list.filter(p -> p.toString().endsWith(".eml")).count();
            }
            long planned = run.count("SELECT count(*) FROM communication WHERE channel = 'email'");
            long sent = run.count("SELECT count(*) FROM communication WHERE channel = 'email' AND status = 'SENT'");
            return run.tally(planned, Math.min(files, sent), Math.max(0, files - sent), planned - sent, done, 0);
        }
    }

    /** The quarantine folder cannot be written: a rejected bank file stays in the inbox, health DOWN, then quarantined. */
    public Tally quarantineNotWritable() throws IOException {
        try (Run run = new Run("quarantine-not-writable")) {
            Path inbox = run.data.resolve("inbox").resolve("payments");
            Path quarantine = run.data.resolve("quarantine");
            Files.createDirectories(inbox);
            Files.writeString(quarantine, "not a folder"); // the folder's place is taken: nothing can be written there
            Map<String, String> settings = run.settings(null);
            settings.put("arrears.payments.quarantine", quarantine.toString());
            HubProcess a = run.hub("a", settings);
            Path bad = root.resolve("broken-camt054.xml");
            Files.writeString(bad, "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"><BkToCstmrDbtCdtNtfctn>");
            drop(bad, inbox);
            run.expectDown(a, "payments-inbox");
            run.expectMetric(a, "arrears_fault_active", 1, "check=\"payments-inbox\"");
            run.expect(Files.exists(inbox.resolve(bad.getFileName())), "the rejected file left the inbox without being quarantined");
            run.expect(a.log().contains("cannot write to the quarantine folder"), "no clear error about the quarantine folder in the log");
            Files.delete(quarantine);
            boolean done = Waits.until(Duration.ofMinutes(2), () -> Files.exists(quarantine.resolve(bad.getFileName())));
            run.expectUp(a, "payments-inbox");
            run.expectFaultLogged(a, "payments-inbox");
            long kept = Files.exists(quarantine.resolve(bad.getFileName())) ? 1 : 0;
            return run.tally(1, kept, 0, 1 - kept, done, 0);
        }
    }

    // ---- bank files -----------------------------------------------------------------------------------------

    private Path bankFile(Run run) throws IOException {
        int invoices = Math.max(1, profile.entries() / 4);
        new BookSeeder().seed(run.db.dataSource(), SeedSpec.uniform(invoices, 11, asOf));
        Path file = root.resolve(run.name + "-camt054.xml");
        try {
            PaymentsBenchmark.Book book = PaymentsBenchmark.Book.read(run.db.dataSource(), invoices);
            PaymentsBenchmark.generate(file, book, profile.entries(), asOf);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the bank file: " + e.getMessage(), e);
        }
        return file;
    }

    /** Copies the file into the inbox under a temporary name and renames it, so the hub never sees half of it. */
    private static void drop(Path file, Path inbox) throws IOException {
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve(file.getFileName() + ".tmp");
        Files.copy(file, tmp);
        Files.move(tmp, inbox.resolve(file.getFileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until the file is posted and in the processed folder. */
    private static boolean awaitPostedOnce(Run run, Path inbox, Path file) {
        return Waits.until(Duration.ofMinutes(3),
                () -> run.count("SELECT count(*) FROM bank_file WHERE status = 'POSTED'") == 1
                        && Files.exists(inbox.resolve("processed").resolve(file.getFileName())));
    }

    /** A transaction of the hub's has been open for a while: the posting is under way. */
    private static boolean postingUnderWay(Run run) {
        return run.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                + "AND xact_start < now() - interval '300 milliseconds' AND state <> 'idle'") > 0;
    }

    private Tally bankTally(Run run, boolean recovered) {
        long files = run.count("SELECT count(*) FROM bank_file WHERE status = 'POSTED'");
        long rows = run.count("SELECT count(*) FROM payment p JOIN bank_file f ON f.id = p.bank_file_id WHERE f.status = 'POSTED'");
        long distinct = run.count("SELECT count(DISTINCT p.bank_reference) FROM payment p JOIN bank_file f ON f.id = p.bank_file_id "
                + "WHERE f.status = 'POSTED'");
        run.expect(files <= 1, files + " postings of one file");
        run.observed.add("bank file posted " + files + " time(s), " + rows + " payment rows");
        return run.tally(profile.entries(), distinct, rows - distinct + Math.max(0, files - 1), profile.entries() - distinct,
                recovered, 0);
    }

    /** A scenario to run. */
    public interface Scenario {
        Tally run() throws Exception;
    }

    public Map<String, Scenario> scenarios() {
        Map<String, Scenario> m = new LinkedHashMap<>();
        m.put("kill-mid-campaign", this::killMidCampaign);
        m.put("kill-mid-posting", this::killMidPosting);
        m.put("three-instances", this::threeInstances);
        m.put("smtp-451", this::smtpTemporaryFailures);
        m.put("smtp-550", this::smtpPermanentRefusals);
        m.put("smtp-hang", this::smtpHanging);
        m.put("smtp-refused", this::smtpRefusingConnections);
        m.put("sms-429", this::smsThrottled);
        m.put("sms-500", this::smsServerErrors);
        m.put("sms-timeout", this::smsTimeouts);
        m.put("postgres-restart-campaign", this::postgresRestartMidCampaign);
        m.put("postgres-restart-file", this::postgresRestartMidFile);
        m.put("outbox-not-writable", this::outboxNotWritable);
        m.put("quarantine-not-writable", this::quarantineNotWritable);
        return m;
    }

    @Override
    public void close() {
        pg.close();
    }


}
