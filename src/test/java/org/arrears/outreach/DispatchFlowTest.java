package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.arrears.config.Hub;
import org.arrears.db.Database;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Time, payments and concurrency around sending, against real PostgreSQL and GreenMail. */
class DispatchFlowTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    HubFixture f;

    HubFixture fixture(Instant start, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(HubFixture.smtp(mail.getSmtp().getPort()));
        o.put("arrears.policies", "src/test/resources/policies/flow");
        o.putAll(extra);
        f = new HubFixture(start, o);
        return f;
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void messageDueAt22LocalIsDeferredTo08AndThenSent() {
        ZonedDateTime tenPm = ZonedDateTime.of(2026, 6, 3, 22, 0, 0, 0, NEW_YORK);
        fixture(tenPm.toInstant(), Map.of());
        long d = f.book.consumer("Frank Ford", "America/New_York", "US-NY", "frank@example.test");
        f.book.invoice(d, "USD", "250.00", tenPm.toLocalDate().minusDays(2));
        f.hub.planner().plan(tenPm.toLocalDate());

        DispatchStats first = f.hub.emailDispatcher().drain();
        assertThat(first.get("DEFERRED")).isEqualTo(1);
        assertThat(mail.getReceivedMessages()).isEmpty();
        Instant eightAm = ZonedDateTime.of(2026, 6, 4, 8, 0, 0, 0, NEW_YORK).toInstant();
        assertThat(f.book.rows("SELECT status, gate_verdict, gate_reason, not_before = ?::timestamptz FROM communication",
                eightAm.toString())).containsExactly("DEFERRED|DEFER|QUIET_HOURS|t");

        f.clock.set(eightAm.minusSeconds(1));
        assertThat(f.hub.emailDispatcher().drain().total()).isZero();
        assertThat(mail.getReceivedMessages()).isEmpty();

        f.clock.set(eightAm);
        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(1);
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(f.book.rows("SELECT status, reason FROM communication_event ORDER BY id"))
                .containsExactly("PLANNED|null", "DEFERRED|QUIET_HOURS", "SENT|OK");
    }

    @Test
    void paidInvoicePlannedYesterdayIsNotSentToday() {
        ZonedDateTime lateEvening = ZonedDateTime.of(2026, 6, 3, 23, 0, 0, 0, NEW_YORK);
        fixture(lateEvening.toInstant(), Map.of());
        long paid = f.book.consumer("Gina Gale", "America/New_York", "US-NY", "gina@example.test");
        long paidInvoice = f.book.invoice(paid, "USD", "90.00", LocalDate.of(2026, 6, 1));
        long partial = f.book.consumer("Hal Hart", "America/New_York", "US-NY", "hal@example.test");
        long partialInvoice = f.book.invoice(partial, "USD", "300.00", LocalDate.of(2026, 6, 1));
        assertThat(f.hub.planner().plan(LocalDate.of(2026, 6, 3)).planned()).isEqualTo(2);
        f.hub.emailDispatcher().drain(); // 23:00: both deferred to the morning

        f.book.pay(paidInvoice, "90.00");
        f.book.pay(partialInvoice, "100.00");
        f.clock.set(ZonedDateTime.of(2026, 6, 4, 9, 30, 0, 0, NEW_YORK).toInstant());
        DispatchStats today = f.hub.emailDispatcher().drain();

        assertThat(today.get("CANCELLED")).isEqualTo(1);
        assertThat(today.get("SENT")).isEqualTo(1);
        assertThat(f.book.rows("SELECT debtor_id, status, gate_reason FROM communication ORDER BY debtor_id"))
                .containsExactly(paid + "|CANCELLED|PAID", partial + "|SENT|OK");
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        // the partial payment shows: the message asks for what is still open, right before sending
        assertThat(subjectOf(received[0])).contains("$200.00");
    }

    @Test
    void bankruptcyFlaggedAfterQueueingBlocksTheQueuedMessage() {
        Instant noon = ZonedDateTime.of(2026, 6, 3, 12, 0, 0, 0, NEW_YORK).toInstant();
        fixture(noon, Map.of());
        long d = f.book.consumer("Ivy Irwin", "America/New_York", "US-NY", "ivy@example.test");
        f.book.invoice(d, "USD", "400.00", LocalDate.of(2026, 5, 30));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        f.book.execute("UPDATE debtor SET bankruptcy = true WHERE id = ?", d);

        f.hub.emailDispatcher().drain();

        assertThat(mail.getReceivedMessages()).isEmpty();
        assertThat(f.book.rows("SELECT status, gate_reason FROM communication")).containsExactly("SUPPRESSED|BANKRUPTCY");
    }

    @Test
    void attorneyRepresentedDebtorGetsNoMessageAndASpecialistGetsATask() {
        Instant noon = ZonedDateTime.of(2026, 6, 3, 12, 0, 0, 0, NEW_YORK).toInstant();
        fixture(noon, Map.of());
        long d = f.book.consumer("Jon Jay", "America/New_York", "US-NY", "jon@example.test");
        f.book.execute("UPDATE debtor SET attorney_represented = true, attorney_contact = 'J. Doe, 1 Main St' WHERE id = ?", d);
        f.book.invoice(d, "USD", "400.00", LocalDate.of(2026, 5, 30));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        f.hub.emailDispatcher().drain();

        assertThat(mail.getReceivedMessages()).isEmpty();
        assertThat(f.book.rows("SELECT kind, debtor_id, status FROM task")).containsExactly("ATTORNEY|" + d + "|OPEN");
    }

    @Test
    void twoDispatchersOnOneDatabaseSendEachMessageExactlyOnce() throws Exception {
        Instant noon = ZonedDateTime.of(2026, 6, 3, 12, 0, 0, 0, NEW_YORK).toInstant();
        fixture(noon, Map.of("arrears.email.batch-size", "7", "arrears.email.workers", "2"));
        int debtors = 150;
        for (int i = 0; i < debtors; i++) {
            long d = f.book.consumer("Debtor " + i, "America/New_York", "US-NY", "d" + i + "@example.test");
            f.book.invoice(d, "USD", "10.00", LocalDate.of(2026, 5, 30));
        }
        assertThat(f.hub.planner().plan(LocalDate.of(2026, 6, 3)).planned()).isEqualTo(debtors);

        // a second hub instance: its own pool over the same database, its own dispatcher threads
        Database second = Database.of(f.db.dataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class).getJdbcUrl(),
                "postgres", null, 5);
        try (Hub other = Hub.over(second, f.hub.settings(), f.clock)) {
            CompletableFuture<DispatchStats> a = CompletableFuture.supplyAsync(() -> f.hub.emailDispatcher().drain());
            CompletableFuture<DispatchStats> b = CompletableFuture.supplyAsync(() -> other.emailDispatcher().drain());
            int sentA = a.get().get("SENT");
            int sentB = b.get().get("SENT");
            assertThat(sentA + sentB).isEqualTo(debtors);
        }
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(debtors);
        Set<String> ids = new HashSet<>();
        for (MimeMessage m : received) {
            ids.add(m.getMessageID());
        }
        assertThat(ids).hasSize(debtors);
        assertThat(f.book.queryLong("SELECT count(*) FROM communication WHERE status = 'SENT' AND attempts = 1")).isEqualTo(debtors);
    }

    @Test
    void expiredClaimsAreReleasedForAnotherInstance() {
        Instant noon = ZonedDateTime.of(2026, 6, 3, 12, 0, 0, 0, NEW_YORK).toInstant();
        fixture(noon, Map.of());
        long d = f.book.consumer("Kim Kay", "America/New_York", "US-NY", "kim@example.test");
        f.book.invoice(d, "USD", "40.00", LocalDate.of(2026, 5, 30));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        // an instance claims the row and dies before recording anything
        List<ClaimedMessage> claimed = f.hub.lifecycle().claim(org.arrears.compliance.Channel.EMAIL, "dead-instance", 10, noon);
        assertThat(claimed).hasSize(1);
        assertThat(f.hub.emailDispatcher().drain().total()).isZero();
        assertThat(f.hub.lifecycle().releaseExpired(Duration.ofMinutes(5)).released()).isZero();

        f.book.execute("UPDATE communication SET claimed_at = now() - interval '6 minutes'");
        try (org.arrears.testing.LogCapture log = org.arrears.testing.LogCapture.start()) {
            assertThat(f.hub.sweeper().sweep()).isEqualTo(new MessageLifecycle.Released(1, 0));
            assertThat(log.lines()).extracting(Object::toString).contains("INFO org.arrears.outreach.ClaimSweeper - "
                    + "released 1 expired claim(s) for another attempt");
        }
        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(1);
        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void invoicePdfsAreAttachedOnlyToTheMessageThatListsThem() throws Exception {
        java.nio.file.Path pdfs = java.nio.file.Files.createTempDirectory("arrears-pdf-");
        Instant noon = ZonedDateTime.of(2026, 6, 3, 12, 0, 0, 0, NEW_YORK).toInstant();
        fixture(noon, Map.of("arrears.email.invoice-pdf-dir", pdfs.toString()));
        long mine = f.book.consumer("Mia Moss", "America/New_York", "US-NY", "mia@example.test");
        String myInvoice = f.book.invoiceNumber(f.book.invoice(mine, "USD", "120.00", LocalDate.of(2026, 5, 30)));
        long other = f.book.consumer("Olaf Other", "America/New_York", "US-NY", "olaf@example.test");
        String otherInvoice = f.book.invoiceNumber(f.book.invoice(other, "USD", "80.00", LocalDate.of(2026, 5, 30)));
        java.nio.file.Files.write(pdfs.resolve(myInvoice + ".pdf"), "%PDF-1.4 mine".getBytes());
        java.nio.file.Files.write(pdfs.resolve(otherInvoice + ".pdf"), "%PDF-1.4 other".getBytes());
        f.book.execute("UPDATE contact_point SET opted_out_at = now() WHERE debtor_id = ?", other);

        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        f.hub.emailDispatcher().drain();

        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        jakarta.mail.internet.MimeMultipart mixed = (jakarta.mail.internet.MimeMultipart) received[0].getContent();
        assertThat(mixed.getContentType()).startsWith("multipart/mixed");
        assertThat(mixed.getCount()).isEqualTo(2);
        jakarta.mail.BodyPart pdf = mixed.getBodyPart(1);
        assertThat(pdf.getFileName()).isEqualTo(myInvoice + ".pdf");
        assertThat(new String(pdf.getInputStream().readAllBytes())).isEqualTo("%PDF-1.4 mine");
    }

    @Test
    void aTemplateErrorFailsThatMessageOnlyAndTheBatchGoesOn() throws Exception {
        // a template that renders for the startup sample but breaks for one particular debtor
        java.nio.file.Path templates = java.nio.file.Files.createTempDirectory("arrears-templates-");
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("templates"))) {
            for (java.nio.file.Path from : files.toList()) {
                java.nio.file.Path to = templates.resolve(java.nio.file.Path.of("templates").relativize(from).toString());
                if (java.nio.file.Files.isDirectory(from)) {
                    java.nio.file.Files.createDirectories(to);
                } else {
                    java.nio.file.Files.copy(from, to);
                }
            }
        }
        java.nio.file.Path text = templates.resolve("email/reminder/text.ftl");
        java.nio.file.Files.writeString(text, "<#if debtor.name == \"Bad Data\">${noSuchValue}</#if>"
                + java.nio.file.Files.readString(text));
        Instant noon = ZonedDateTime.of(2026, 6, 3, 12, 0, 0, 0, NEW_YORK).toInstant();
        fixture(noon, Map.of("arrears.templates", templates.toString()));
        long bad = f.book.consumer("Bad Data", "America/New_York", "US-NY", "bad@example.test");
        f.book.invoice(bad, "USD", "50.00", LocalDate.of(2026, 6, 1));
        long good = f.book.consumer("Good Data", "America/New_York", "US-NY", "good@example.test");
        f.book.invoice(good, "USD", "50.00", LocalDate.of(2026, 6, 1));

        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        DispatchStats stats = f.hub.emailDispatcher().drain();

        assertThat(stats.get("SENT")).isEqualTo(1);
        assertThat(stats.get("FAILED")).isEqualTo(1);
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(mail.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("good@example.test");
        assertThat(f.book.queryString("SELECT last_error FROM communication WHERE debtor_id = ?", bad))
                .contains("email/reminder/text.ftl:1").contains("noSuchValue");
    }

    @Test
    void aDebtorGoneFromTheArSourceSincePlanningFailsThatMessageAloneAndTheBatchGoesOn() {
        Instant noon = ZonedDateTime.of(2026, 6, 3, 12, 0, 0, 0, NEW_YORK).toInstant();
        fixture(noon, Map.of());
        long gone = f.book.consumer("Gone Away", "America/New_York", "US-NY", "gone@example.test");
        f.book.invoice(gone, "USD", "40.00", LocalDate.of(2026, 5, 30));
        long here = f.book.consumer("Still Here", "America/New_York", "US-NY", "here@example.test");
        f.book.invoice(here, "USD", "40.00", LocalDate.of(2026, 5, 30));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        // the ERP removes the customer after the plan was made
        f.book.execute("DELETE FROM invoice WHERE debtor_id = ?", gone);
        f.book.execute("DELETE FROM debtor WHERE id = ?", gone);

        DispatchStats stats = f.hub.emailDispatcher().drain();

        assertThat(stats.get("SENT")).isEqualTo(1);
        assertThat(stats.get("FAILED")).isEqualTo(1);
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(f.book.rows("SELECT status, last_error FROM communication WHERE debtor_id = ?", gone)).containsExactly(
                "FAILED|debtor " + gone + " is no longer in the debtor source (arrears.ar.debtor-source)");
        assertThat(f.book.queryLong("SELECT count(*) FROM communication WHERE status = 'CLAIMED'")).isZero();
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
