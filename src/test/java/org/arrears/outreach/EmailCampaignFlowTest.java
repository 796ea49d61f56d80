package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Header;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.arrears.policy.PlanResult;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A whole campaign over a real PostgreSQL and a real SMTP server (GreenMail): plan, gate, render, send, record. */
class EmailCampaignFlowTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** 2026-03-10 15:00 UTC: afternoon in London and Berlin, morning in New York. */
    static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

    HubFixture f;

    @BeforeEach
    void start() {
        Map<String, String> o = new HashMap<>(HubFixture.smtp(mail.getSmtp().getPort()));
        o.put("arrears.policies", "src/test/resources/policies/flow");
        f = new HubFixture(NOW, o);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void campaignSendsExactlyTheExpectedMessagesWithHeadersAndContent() throws Exception {
        long alice = f.book.consumer("Alice Archer", "Europe/London", "GB", "alice@example.test");
        long euro1 = f.book.invoice(alice, "EUR", "120.00", TODAY.minusDays(10));
        long euro2 = f.book.invoice(alice, "EUR", "80.50", TODAY.minusDays(3));
        long dollars = f.book.invoice(alice, "USD", "45.00", TODAY.minusDays(2));
        long bernd = f.book.debtor("Bernd Bauer", "B2C", "de", "Europe/Berlin", "DE", "bernd@example.test");
        long upcoming = f.book.invoice(bernd, "EUR", "300.00", TODAY.plusDays(2));
        long carol = f.book.consumer("Carol Chen", "Europe/London", "GB", "carol@example.test");
        long paid = f.book.invoice(carol, "EUR", "50.00", TODAY.minusDays(5));
        f.book.pay(paid, "50.00");
        long dan = f.book.consumer("Dan Dunne", "Europe/London", "GB", "dan@example.test");
        long disputed = f.book.invoice(dan, "EUR", "70.00", TODAY.minusDays(9));
        f.book.hold(dan, disputed, "DISPUTE", null);

        PlanResult plan = f.hub.planner().plan(TODAY);
        assertThat(plan.planned()).isEqualTo(2);
        DispatchStats stats = f.hub.emailDispatcher().drain();
        assertThat(stats.get("SENT")).isEqualTo(2);

        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(2);
        Map<String, List<MimeMessage>> byRecipient = new HashMap<>();
        for (MimeMessage m : received) {
            byRecipient.computeIfAbsent(m.getAllRecipients()[0].toString(), k -> new ArrayList<>()).add(m);
        }
        assertThat(byRecipient.keySet()).containsExactlyInAnyOrder("alice@example.test", "bernd@example.test");
        // one contact per debtor at a time: Alice's USD group (the younger) waits for another day
        assertThat(byRecipient.get("alice@example.test")).hasSize(1);
        assertThat(f.book.queryLong("SELECT count(*) FROM communication WHERE debtor_id = ? AND currency = 'USD'", alice)).isZero();

        MimeMessage euro = byRecipient.get("alice@example.test").stream()
                .filter(m -> subject(m).contains("€")).findFirst().orElseThrow();
        String text = body(euro);
        // oldest EUR invoice is 10 days past due: the follow-up step, listing both EUR invoices and not the USD one
        assertThat(subject(euro)).startsWith("Second reminder").contains("€200.50");
        assertThat(text).contains(f.book.invoiceNumber(euro1), f.book.invoiceNumber(euro2))
                .doesNotContain(f.book.invoiceNumber(dollars)).contains("Dear Alice Archer,");
        String token = f.book.queryString("SELECT token FROM communication WHERE debtor_id = ? AND currency = 'EUR'", alice);
        assertThat(euro.getHeader("Message-ID", null)).isEqualTo("<" + token + "@acme.example>");
        assertThat(euro.getHeader("Return-Path", null)).isEqualTo("<bounces+" + token + "@acme.example>");
        String unsubscribe = euro.getHeader("List-Unsubscribe", null);
        assertThat(unsubscribe).startsWith("<http://localhost:8080/unsubscribe/" + token + ".").endsWith(">");
        assertThat(text).contains(unsubscribe.substring(1, unsubscribe.length() - 1));
        assertThat(euro.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(euro.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(euro.getFrom()[0].toString()).isEqualTo("Acme Receivables <receivables@acme.example>");

        // nothing internal may reach the wire: every header is one the composer writes (or the server adds)
        Set<String> allowed = Set.of("Return-Path", "Received", "Date", "From", "To", "Reply-To", "Message-ID", "Subject",
                "MIME-Version", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted",
                "X-Auto-Response-Suppress");
        for (MimeMessage m : received) {
            for (Header h : Collections.list(m.getAllHeaders())) {
                assertThat(allowed).as("header %s", h.getName()).contains(h.getName());
            }
        }

        MimeMessage german = byRecipient.get("bernd@example.test").get(0);
        assertThat(subject(german)).startsWith("Bald fällig");
        assertThat(body(german)).contains("Guten Tag Bernd Bauer", f.book.invoiceNumber(upcoming));

        // evidence: each sent row keeps the compressed bytes, their hash, the template version, the decision
        List<String> rows = f.book.rows("""
                SELECT status, gate_verdict, gate_reason, template_version IS NOT NULL, provider_message_id = '<' || token || '@acme.example>'
                FROM communication ORDER BY id""");
        assertThat(rows).containsOnly("SENT|ALLOW|OK|t|t");
        String sha = f.book.queryString("SELECT content_sha256 FROM communication WHERE token = ?", token);
        byte[] gz = f.book.queryBytes("SELECT content_gz FROM communication WHERE token = ?", token);
        assertThat(sha).isNotNull();
        byte[] content;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            content = in.readAllBytes();
        }
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content))).isEqualTo(sha);
        assertThat(new String(content, java.nio.charset.StandardCharsets.UTF_8)).contains("Message-ID: <" + token + "@acme.example>");
    }

    @Test
    void rerunningPlannerAndDispatcherSendsNothingTwice() {
        long d = f.book.consumer("Erin Evans", "Europe/London", "GB", "erin@example.test");
        f.book.invoice(d, "EUR", "99.00", TODAY.minusDays(4));
        f.hub.planner().plan(TODAY);
        f.hub.emailDispatcher().drain();
        assertThat(mail.getReceivedMessages()).hasSize(1);

        PlanResult again = f.hub.planner().plan(TODAY);
        DispatchStats second = f.hub.emailDispatcher().drain();
        f.hub.planner().plan(TODAY);
        f.hub.emailDispatcher().drain();

        assertThat(again.planned()).isZero();
        assertThat(second.total()).isZero();
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(f.book.queryLong("SELECT count(*) FROM communication")).isEqualTo(1);
    }

    @Test
    void dispatchRunningWhileThePlannerCommitsChunkByChunkSendsEveryMessageOnce() throws Exception {
        Map<String, String> o = new HashMap<>(HubFixture.smtp(mail.getSmtp().getPort()));
        o.put("arrears.policies", "src/test/resources/policies/flow");
        o.put("arrears.planner.chunk-debtors", "1");
        try (HubFixture chunked = new HubFixture(NOW, o)) {
            List<String> addresses = new java.util.ArrayList<>();
            for (int k = 0; k < 6; k++) {
                String address = "chunk" + k + "@example.test";
                long d = chunked.book.consumer("Chunk " + k, "Europe/London", "GB", address);
                chunked.book.invoice(d, "EUR", "25.00", TODAY.minusDays(4));
                addresses.add(address);
            }

            java.util.concurrent.CompletableFuture<PlanResult> planning =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> chunked.hub.planner().plan(TODAY));
            DispatchStats stats = chunked.hub.emailDispatcher().drainWhile(() -> !planning.isDone());

            assertThat(planning.get(30, java.util.concurrent.TimeUnit.SECONDS).planned()).isEqualTo(6);
            assertThat(stats.get("SENT")).isEqualTo(6);
            assertThat(java.util.Arrays.stream(mail.getReceivedMessages()).map(EmailCampaignFlowTest::recipient))
                    .containsExactlyInAnyOrderElementsOf(addresses);
            assertThat(chunked.book.queryLong("SELECT count(*) FROM communication WHERE status = 'SENT'")).isEqualTo(6);
        }
    }

    private static String recipient(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String body(MimeMessage m) throws Exception {
        jakarta.mail.internet.MimeMultipart alt = (jakarta.mail.internet.MimeMultipart) m.getContent();
        return (String) alt.getBodyPart(0).getContent();
    }
}
