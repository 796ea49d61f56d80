package org.arrears.sms.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.arrears.db.Database;
import org.arrears.testing.RunningHub;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SMS webhooks of a running hub (Camel Main with the YAML routes, as `arrears run` starts it) over real HTTP and
 * PostgreSQL: a Twilio profile signed per Twilio's documented algorithm (computed here with javax.crypto), and a
 * generic HMAC-SHA256 profile with a signed timestamp. Texts back go to the default gateway, the SMS outbox folder.
 */
class SmsWebhooksRouteTest {

    static final String TWILIO_TOKEN = "twilio-auth-token-for-tests";
    static final String ACME_SECRET = "acme-webhook-secret-for-tests";
    static final AtomicInteger SEQ = new AtomicInteger();

    static RunningHub running;
    static Database db;
    static TestBook book;

    @BeforeAll
    static void start() throws Exception {
        String url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
        book = new TestBook(db.dataSource());
        Map<String, String> o = new LinkedHashMap<>();
        o.put("arrears.planner.delay", "3600000");
        o.put("camel.management.enabled", "false");
        o.put("arrears.company.name", "Acme Supplies");
        o.put("arrears.company.phone", "+44 117 496 0000");
        o.put("arrears.sms.webhook.profiles", "twilio,acme");
        o.put("arrears.sms.webhook.twilio.type", "twilio");
        o.put("arrears.sms.webhook.twilio.auth-token", TWILIO_TOKEN);
        o.put("arrears.sms.webhook.acme.type", "generic");
        o.put("arrears.sms.webhook.acme.secret", ACME_SECRET);
        o.put("arrears.sms.webhook.acme.signature-header", "X-Acme-Signature");
        o.put("arrears.sms.webhook.acme.timestamp-header", "X-Acme-Timestamp");
        o.put("arrears.sms.webhook.acme.window", "PT5M");
        o.put("arrears.sms.webhook.acme.status.id-path", "data.message_id");
        o.put("arrears.sms.webhook.acme.status.status-path", "data.state");
        o.put("arrears.sms.webhook.acme.status.detail-path", "data.error");
        o.put("arrears.sms.webhook.acme.status-map", "DELIVRD:DELIVERED,UNDELIV:UNDELIVERABLE,ENROUTE:PENDING");
        o.put("arrears.sms.webhook.acme.inbound.id-path", "/id");
        o.put("arrears.sms.webhook.acme.inbound.from-path", "/from");
        o.put("arrears.sms.webhook.acme.inbound.text-path", "/text");
        running = RunningHub.start(url, o);
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
        db.close();
    }

    // ---- fixtures --------------------------------------------------------------------------------------------------

    /** A German consumer with an SMS number stored in national format; returns {contact point id, E.164}. */
    static Object[] debtorWithMobile() {
        String last = String.valueOf(1000 + SEQ.incrementAndGet());
        String e164 = "+491512345" + last;
        assertThat(InboundTexts.e164(e164)).isEqualTo(e164);
        long d = book.debtor("Mara Mohn " + last, "B2C", "de", "Europe/Berlin", "DE", null);
        long cp = book.queryLong("""
                INSERT INTO contact_point (debtor_id, channel, address, consent_source, consent_at, quality)
                VALUES (?, 'sms', ?, 'CONSUMER_USED', now() - interval '100 days', 'GOOD') RETURNING id""", d,
                "0151 2345 " + last);
        return new Object[] {cp, e164, d};
    }

    /** A SENT text to the debtor's number with the provider's id, as the dispatcher leaves it. */
    static long sentText(long debtorId, long contactPointId, String providerId) {
        long cycle = book.queryLong("""
                SELECT coalesce((SELECT id FROM dunning_cycle WHERE debtor_id = ? AND currency = 'EUR' AND closed_at IS NULL), 0)""",
                debtorId);
        if (cycle == 0) {
            cycle = book.queryLong("INSERT INTO dunning_cycle (debtor_id, currency) VALUES (?, 'EUR') RETURNING id", debtorId);
        }
        return book.queryLong("""
                INSERT INTO communication (token, dedupe_key, debtor_id, currency, cycle_id, policy_code, policy_version,
                       step_code, step_index, channel, template, contact_point_id, address, status, plan_date, not_before,
                       sent_at, provider_message_id)
                SELECT md5(random()::text), 'test:' || ?, ?, 'EUR', ?, 'standard', 'v1', 'reminder', 1, 'sms', 'reminder',
                       cp.id, cp.address, 'SENT', current_date, now(), now(), ?
                FROM contact_point cp WHERE cp.id = ? RETURNING id""", providerId, debtorId, cycle, providerId, contactPointId);
    }

    static String twilioSignature(String url, Map<String, String> params) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TWILIO_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static String hmacHex(String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(ACME_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }

    static HttpRequest twilio(String kind, Map<String, String> params, String signature) {
        StringBuilder form = new StringBuilder();
        params.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.httpPort + "/sms/" + kind + "/twilio"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        if (signature != null) {
            b.header("X-Twilio-Signature", signature);
        }
        return b.build();
    }

    static HttpResponse<String> signedTwilio(String kind, Map<String, String> params) throws Exception {
        return running.send(twilio(kind, params, twilioSignature("http://localhost:" + running.httpPort + "/sms/" + kind + "/twilio",
                params)));
    }

    static HttpRequest acme(String kind, String json, String signature, String timestamp) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.httpPort + "/sms/" + kind + "/acme"))
                .header("Content-Type", "application/json").header("X-Acme-Signature", signature)
                .header("X-Acme-Timestamp", timestamp).POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    static HttpResponse<String> signedAcme(String kind, String json) throws Exception {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        return running.send(acme(kind, json, "sha256=" + hmacHex(ts + "." + json), ts));
    }

    static HttpResponse<String> text(String from, String body) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", "SMtext" + SEQ.incrementAndGet() + "x" + System.nanoTime());
        p.put("AccountSid", "AC0123456789");
        p.put("From", from);
        p.put("To", "+441174960000");
        p.put("Body", body);
        return signedTwilio("inbound", p);
    }

    static double refused(String profile, String reason) {
        Counter c = registry().find("arrears_webhook_refused").tags("profile", profile, "reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    static PrometheusMeterRegistry registry() {
        return running.context().getRegistry().findSingleByType(PrometheusMeterRegistry.class);
    }

    /** The lines of the SMS outbox folder sent to the number. */
    static List<String> outboxTo(String e164) throws IOException {
        Path folder = running.dataDir.resolve("outbox").resolve("sms");
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.readAllLines(f).stream().filter(l -> l.contains("\"to\":\"" + e164 + "\"")).forEach(out::add);
            }
        }
        return out;
    }

    static String optOut(long cp) {
        return book.queryString("SELECT coalesce(opt_out_source, '-') || CASE WHEN opted_out_at IS NULL THEN '|f' ELSE '|t' END "
                + "FROM contact_point WHERE id = ?", cp);
    }

    // ---- status callbacks -----------------------------------------------------------------------------------------

    @Test
    void aSignedTwilioDeliveredCallbackMarksTheTextDelivered() throws Exception {
        Object[] m = debtorWithMobile();
        long id = sentText((long) m[2], (long) m[0], "SMdelivered0001");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", "SMdelivered0001");
        p.put("MessageStatus", "delivered");
        p.put("AccountSid", "AC0123456789");
        p.put("To", (String) m[1]);

        HttpResponse<String> r = signedTwilio("status", p);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel") || h.equalsIgnoreCase("profile")
                || h.equalsIgnoreCase("MessageSid") || h.toLowerCase().startsWith("x-twilio"));
        assertThat(book.rows("SELECT status, delivered_at IS NOT NULL FROM communication WHERE id = ?", id)).containsExactly("DELIVERED|t");
        assertThat(book.queryString("SELECT detail FROM communication_event WHERE communication_id = ? AND status = 'DELIVERED'", id))
                .contains("delivered");
    }

    @Test
    void undeliveredAndFailedTwilioCallbacksBounceTheText() throws Exception {
        for (String status : List.of("undelivered", "failed")) {
            Object[] m = debtorWithMobile();
            long id = sentText((long) m[2], (long) m[0], "SM" + status + "0002");
            Map<String, String> p = new LinkedHashMap<>();
            p.put("MessageSid", "SM" + status + "0002");
            p.put("MessageStatus", status);
            p.put("ErrorCode", "30003");

            assertThat(signedTwilio("status", p).statusCode()).isEqualTo(200);
            assertThat(book.queryString("SELECT status FROM communication WHERE id = ?", id)).as(status).isEqualTo("BOUNCED");
            assertThat(book.queryString("SELECT last_error FROM communication WHERE id = ?", id)).contains("30003");
        }
    }

    @Test
    void aForgedTwilioSignatureIsRefusedWith403AndCounted() throws Exception {
        Object[] m = debtorWithMobile();
        long id = sentText((long) m[2], (long) m[0], "SMforged0003");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", "SMforged0003");
        p.put("MessageStatus", "delivered");
        String genuine = twilioSignature("http://localhost:" + running.httpPort + "/sms/status/twilio", p);
        p.put("MessageStatus", "undelivered"); // tampered after signing
        double before = refused("twilio", "forged");

        HttpResponse<String> r = running.send(twilio("status", p, genuine));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.body()).contains("signature");
        assertThat(refused("twilio", "forged")).isEqualTo(before + 1);
        assertThat(registry().scrape()).contains("arrears_webhook_refused_total{profile=\"twilio\",reason=\"forged\"}");
        assertThat(book.queryString("SELECT status FROM communication WHERE id = ?", id)).isEqualTo("SENT");
    }

    @Test
    void anUnsignedTwilioCallbackIsRefusedWith403() throws Exception {
        Object[] m = debtorWithMobile();
        long id = sentText((long) m[2], (long) m[0], "SMunsigned0004");
        double before = refused("twilio", "unsigned");

        HttpResponse<String> r = running.send(twilio("status", Map.of("MessageSid", "SMunsigned0004", "MessageStatus", "delivered"), null));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(refused("twilio", "unsigned")).isEqualTo(before + 1);
        assertThat(book.queryString("SELECT status FROM communication WHERE id = ?", id)).isEqualTo("SENT");
    }

    @Test
    void theSameSignedRequestTwiceIsRefusedTheSecondTime() throws Exception {
        Object[] m = debtorWithMobile();
        sentText((long) m[2], (long) m[0], "SMreplay0005");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", "SMreplay0005");
        p.put("MessageStatus", "sent");
        HttpRequest request = twilio("status", p, twilioSignature("http://localhost:" + running.httpPort + "/sms/status/twilio", p));
        double before = refused("twilio", "replayed");

        assertThat(running.send(request).statusCode()).isEqualTo(200);
        HttpResponse<String> again = running.send(request);

        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(refused("twilio", "replayed")).isEqualTo(before + 1);
        assertThat(book.queryLong("SELECT count(*) FROM webhook_signature_seen WHERE profile = 'twilio' AND forget_after > now()"))
                .isPositive();
    }

    @Test
    void twoCopiesOfOneSignedRequestAtOnceAreAcceptedOnce() throws Exception {
        Object[] m = debtorWithMobile();
        String json = "{\"id\":\"acme-race-1\",\"from\":\"" + m[1] + "\",\"text\":\"STOP\"}";
        String ts = String.valueOf(Instant.now().getEpochSecond());
        HttpRequest request = acme("inbound", json, hmacHex(ts + "." + json), ts);

        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> both = List.of(
                java.util.concurrent.CompletableFuture.supplyAsync(() -> sendQuietly(request)),
                java.util.concurrent.CompletableFuture.supplyAsync(() -> sendQuietly(request)));

        assertThat(both.stream().map(f -> f.join().statusCode()).sorted().toList()).containsExactly(200, 403);
        assertThat(book.queryLong("SELECT count(*) FROM consent_event WHERE contact_point_id = ?", m[0])).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxTo((String) m[1]).size() == 1);
    }

    static HttpResponse<String> sendQuietly(HttpRequest request) {
        try {
            return running.send(request);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRequestThatFailedToApplyLeavesNoSignatureAndCanBeRetried() throws Exception {
        // a Twilio callback without MessageStatus is answered 400 after its signature was checked: nothing is kept
        Object[] m = debtorWithMobile();
        long id = sentText((long) m[2], (long) m[0], "SMretry0006");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", "SMretry0006");
        HttpRequest bad = twilio("status", p, twilioSignature("http://localhost:" + running.httpPort + "/sms/status/twilio", p));

        HttpResponse<String> first = running.send(bad);
        HttpResponse<String> second = running.send(bad);

        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(first.body()).contains("MessageStatus").contains("missing");
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(book.queryString("SELECT status FROM communication WHERE id = ?", id)).isEqualTo("SENT");
    }

    @Test
    void aGenericHmacCallbackIsAcceptedAndAForgedOneRefused() throws Exception {
        Object[] m = debtorWithMobile();
        long id = sentText((long) m[2], (long) m[0], "acme-77");
        String json = "{\"data\":{\"message_id\":\"acme-77\",\"state\":\"DELIVRD\",\"error\":\"000\"}}";

        assertThat(signedAcme("status", json).statusCode()).isEqualTo(200);
        assertThat(book.queryString("SELECT status FROM communication WHERE id = ?", id)).isEqualTo("DELIVERED");

        long other = sentText((long) m[2], (long) m[0], "acme-78");
        String ts = String.valueOf(Instant.now().getEpochSecond());
        String undeliverable = "{\"data\":{\"message_id\":\"acme-78\",\"state\":\"UNDELIV\"}}";
        double before = refused("acme", "forged");
        HttpResponse<String> forged = running.send(acme("status", undeliverable, hmacHex(ts + "." + json), ts));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(refused("acme", "forged")).isEqualTo(before + 1);
        assertThat(book.queryString("SELECT status FROM communication WHERE id = ?", other)).isEqualTo("SENT");
    }

    @Test
    void aGenericCallbackWithAStaleTimestampIsRefused() throws Exception {
        Object[] m = debtorWithMobile();
        long id = sentText((long) m[2], (long) m[0], "acme-90");
        String json = "{\"data\":{\"message_id\":\"acme-90\",\"state\":\"DELIVRD\"}}";
        String ts = String.valueOf(Instant.now().minus(Duration.ofHours(1)).getEpochSecond());
        double before = refused("acme", "replayed");

        HttpResponse<String> r = running.send(acme("status", json, hmacHex(ts + "." + json), ts));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(refused("acme", "replayed")).isEqualTo(before + 1);
        assertThat(book.queryString("SELECT status FROM communication WHERE id = ?", id)).isEqualTo("SENT");
    }

    @Test
    void aGenericCallbackWithoutTheConfiguredIdFieldIsA400NamingTheField() throws Exception {
        HttpResponse<String> r = signedAcme("status", "{\"data\":{\"state\":\"DELIVRD\"}}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("/data/message_id").contains("missing");
    }

    @Test
    void anUnknownProfileIs404() throws Exception {
        HttpResponse<String> r = running.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.httpPort
                + "/sms/status/nobody")).POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(r.statusCode()).isEqualTo(404);
    }

    // ---- inbound texts ---------------------------------------------------------------------------------------------

    @Test
    void stopOptsTheNumberOutAndSendsExactlyOneConfirmationEvenWhenRepeated() throws Exception {
        Object[] m = debtorWithMobile();
        long cp = (long) m[0];
        String e164 = (String) m[1];
        // a second debtor with the same number, stored in international format
        long other = book.debtor("Jon Mohn", "B2C", "de", "Europe/Berlin", "DE", null);
        long cp2 = book.queryLong("""
                INSERT INTO contact_point (debtor_id, channel, address, consent_source, consent_at)
                VALUES (?, 'sms', ?, 'CONSUMER_USED', now()) RETURNING id""", other, e164);

        HttpResponse<String> r = text(e164, "  Stop. ");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<Response/>");
        assertThat(optOut(cp)).isEqualTo("SMS_KEYWORD|t");
        assertThat(optOut(cp2)).isEqualTo("SMS_KEYWORD|t");
        assertThat(book.queryLong("SELECT count(*) FROM consent_event WHERE contact_point_id IN (?, ?) AND event = 'OPT_OUT' "
                + "AND source = 'SMS_KEYWORD'", cp, cp2)).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxTo(e164).size() == 1);
        assertThat(outboxTo(e164).get(0)).contains("Acme Supplies").contains("no further messages").doesNotContain("EUR");

        assertThat(text(e164, "STOP").statusCode()).isEqualTo(200);

        assertThat(book.queryLong("SELECT count(*) FROM inbound_event WHERE kind = 'SMS_OPT_OUT' AND payload->>'from' = ?", e164))
                .isEqualTo(2);
        assertThat(outboxTo(e164)).hasSize(1);
        assertThat(book.queryLong("SELECT count(*) FROM consent_event WHERE contact_point_id = ?", cp)).isEqualTo(1);
    }

    /** The carriers' opt-out keywords (COMPLIANCE.md R25, R26) in the ways people type them. */
    @ParameterizedTest
    @ValueSource(strings = {"stop", "StopAll", "opt-out", "REVOKE", "Unsubscribe", "cancel", "END", "quit!", "Opt Out",
            "OPTOUT", "remove", " STOP ALL "})
    void everyCarrierOptOutKeywordOptsTheNumberOut(String keyword) throws Exception {
        Object[] m = debtorWithMobile();

        assertThat(text((String) m[1], keyword).statusCode()).isEqualTo(200);

        assertThat(optOut((long) m[0])).isEqualTo("SMS_KEYWORD|t");
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxTo((String) m[1]).size() == 1);
    }

    @Test
    void unstopAfterAnOptOutOptsTheNumberBackInWithAConsentEvent() throws Exception {
        Object[] m = debtorWithMobile();
        long cp = (long) m[0];
        assertThat(text((String) m[1], "STOP").statusCode()).isEqualTo(200);
        assertThat(optOut(cp)).isEqualTo("SMS_KEYWORD|t");

        assertThat(text((String) m[1], "UNSTOP").statusCode()).isEqualTo(200);

        assertThat(book.rows("SELECT opted_out_at IS NULL, consent_source, consent_at > now() - interval '1 minute' "
                + "FROM contact_point WHERE id = ?", cp)).containsExactly("t|CONSUMER_CONSENT|t");
        assertThat(book.rows("SELECT event, source, at IS NOT NULL FROM consent_event WHERE contact_point_id = ? ORDER BY id", cp))
                .containsExactly("OPT_OUT|SMS_KEYWORD|t", "OPT_IN|SMS_KEYWORD|t");
    }

    @Test
    void helpIsAnsweredWithTheHelpText() throws Exception {
        Object[] m = debtorWithMobile();

        assertThat(text((String) m[1], "help").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> outboxTo((String) m[1]).size() == 1);
        assertThat(outboxTo((String) m[1]).get(0)).contains("Acme Supplies").contains("Reply STOP").contains("+44 117 496 0000");
        assertThat(optOut((long) m[0])).isEqualTo("-|f");
    }

    @Test
    void aQuestionBecomesAnInboundEventAndATaskOnce() throws Exception {
        Object[] m = debtorWithMobile();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", "SMquestion0007");
        p.put("From", (String) m[1]);
        p.put("To", "+441174960000");
        p.put("Body", "Can I pay next week?");

        assertThat(signedTwilio("inbound", p).statusCode()).isEqualTo(200);
        // the provider delivers the same text again (a new request, so a new signature is not needed: same sid)
        p.put("NumSegments", "1");
        assertThat(signedTwilio("inbound", p).statusCode()).isEqualTo(200);

        assertThat(book.rows("SELECT kind, source, debtor_id FROM inbound_event WHERE external_id = 'SMquestion0007'"))
                .containsExactly("SMS_REPLY|twilio|" + m[2]);
        assertThat(book.rows("SELECT kind, debtor_id, status FROM task WHERE dedupe_key = 'sms-reply:twilio:SMquestion0007'"))
                .containsExactly("SMS_REPLY|" + m[2] + "|OPEN");
        assertThat(book.queryString("SELECT detail FROM task WHERE dedupe_key = 'sms-reply:twilio:SMquestion0007'"))
                .contains("Can I pay next week?");
        assertThat(book.queryString("SELECT title FROM task WHERE dedupe_key = 'sms-reply:twilio:SMquestion0007'"))
                .as("the reply intents of inbound mail read texts too").startsWith("Text message from a debtor: ");
        assertThat(optOut((long) m[0])).isEqualTo("-|f");
        assertThat(outboxTo((String) m[1])).isEmpty();
    }

    @Test
    void aTextAskingToStopIsAnOptOutAndItsTaskSaysSo() throws Exception {
        Object[] m = debtorWithMobile();

        assertThat(text((String) m[1], "please stop texting me").statusCode()).isEqualTo(200);

        assertThat(optOut((long) m[0])).isEqualTo("SMS_REPLY|t");
        assertThat(book.queryString("SELECT title FROM task WHERE kind = 'SMS_REPLY' AND debtor_id = ?", m[2]))
                .contains("opted out");
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxTo((String) m[1]).size() == 1);
    }

    @Test
    void aTextPromisingToPayPlacesAPromiseToPayHoldWithItsDateAndAmountLikeAMailReply() throws Exception {
        Object[] m = debtorWithMobile();
        int day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(10).getDayOfMonth();
        String ordinal = day + (day % 10 == 1 && day != 11 ? "st" : day % 10 == 2 && day != 12 ? "nd"
                : day % 10 == 3 && day != 13 ? "rd" : "th");

        assertThat(text((String) m[1], "I will pay 200 on the " + ordinal).statusCode()).isEqualTo(200);

        assertThat(book.rows("SELECT kind, promised_amount, extract(day FROM until)::int FROM hold WHERE debtor_id = ?", m[2]))
                .containsExactly("PROMISE_TO_PAY|200.00|" + day);
        assertThat(book.queryString("SELECT detail FROM task WHERE kind = 'SMS_REPLY' AND debtor_id = ?", m[2]))
                .contains("done: promise-to-pay hold until");
        assertThat(optOut((long) m[0])).isEqualTo("-|f");
    }

    @Test
    void aTextDisputingTheDebtHoldsTheInvoicesOfTheLastTextItAnswers() throws Exception {
        Object[] m = debtorWithMobile();
        long invoice = book.invoice((long) m[2], "EUR", "90.00", java.time.LocalDate.now().minusDays(20));
        long sent = sentText((long) m[2], (long) m[0], "SMdisputed" + SEQ.incrementAndGet());
        book.execute("INSERT INTO communication_invoice (communication_id, invoice_id, open_amount_at_plan) VALUES (?, ?, 90.00)",
                sent, invoice);

        assertThat(text((String) m[1], "This is not my debt, I never ordered anything").statusCode()).isEqualTo(200);

        assertThat(book.rows("SELECT kind, invoice_id FROM hold WHERE debtor_id = ?", m[2]))
                .containsExactly("DISPUTE|" + invoice);
    }

    @Test
    void aTextRefusingAnyFurtherContactSetsTheCeaseFlag() throws Exception {
        Object[] m = debtorWithMobile();

        assertThat(text((String) m[1], "I refuse to pay. Do not contact me again in any way.").statusCode()).isEqualTo(200);

        assertThat(book.rows("SELECT cease_communication, source FROM debtor_flag WHERE debtor_id = ?", m[2]))
                .containsExactly("t|SMS_REPLY");
    }

    @Test
    void aGenericInboundStopIsAcceptedWhenSigned() throws Exception {
        Object[] m = debtorWithMobile();
        String json = "{\"id\":\"acme-in-1\",\"from\":\"" + m[1] + "\",\"text\":\"STOP\"}";

        assertThat(signedAcme("inbound", json).statusCode()).isEqualTo(200);

        assertThat(optOut((long) m[0])).isEqualTo("SMS_KEYWORD|t");
        assertThat(book.rows("SELECT kind, source FROM inbound_event WHERE external_id = 'acme-in-1'"))
                .containsExactly("SMS_OPT_OUT|acme");
    }

    @Test
    void anInboundTextWithAForgedSignatureChangesNothing() throws Exception {
        Object[] m = debtorWithMobile();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", "SMforgedstop");
        p.put("From", (String) m[1]);
        p.put("Body", "STOP");

        HttpResponse<String> r = running.send(twilio("inbound", p, "bm90IGEgc2lnbmF0dXJl"));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(optOut((long) m[0])).isEqualTo("-|f");
        assertThat(book.queryLong("SELECT count(*) FROM inbound_event WHERE external_id = 'SMforgedstop'")).isZero();
    }
}
