package org.arrears.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Properties;
import org.apache.camel.main.Main;
import org.arrears.HubRunner;
import org.arrears.db.Database;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The running hub reading a real IMAP mailbox (GreenMail): bounces, a complaint, an out-of-office, a reply and an
 * unreadable message, all answering reminders it sent over GreenMail's SMTP.
 */
class InboundMailboxFlowTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    Main main;
    TestBook book;
    Database db;
    GreenMailUser bounces;

    @BeforeEach
    void start() throws Exception {
        String url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
        book = new TestBook(db.dataSource());
        // debtors whose local time is early afternoon now, so the gate allows sending whenever the test runs
        int utcHour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        String zone = ZoneOffset.ofHours(Math.floorMod(13 - utcHour + 12, 24) - 12).getId();
        LocalDate localToday = LocalDate.now(ZoneId.of(zone));
        for (String who : new String[] {"gone", "ooo", "angry", "payer"}) {
            long d = book.debtor(who, "B2C", "en", zone, "GB", who + "@example.test");
            book.postal(d, "1 High Street\nBristol\nBS1 1AA");
            book.invoice(d, "EUR", "250.00", localToday.minusDays(3));
        }
        bounces = mail.setUser("bounces@acme.example", "bounces", "secret-imap-password");
        this.url = url;
    }

    String url;

    /** The hub reading the mailboxes these settings configure, once its four reminders are sent. */
    private void startHub(java.util.Map<String, String> mailboxes) throws Exception {
        Path data = Files.createTempDirectory("arrears-inbound-");
        main = HubRunner.create();
        main.addOverrideProperty("arrears.db.url", url);
        main.addOverrideProperty("arrears.db.user", "postgres");
        main.addOverrideProperty("arrears.data-dir", data.toString());
        main.addOverrideProperty("arrears.token-secret", "inbound-test-secret-0123456789");
        main.addOverrideProperty("arrears.policies", "src/test/resources/policies/omni");
        main.addOverrideProperty("arrears.smtp.host", "127.0.0.1");
        main.addOverrideProperty("arrears.smtp.port", String.valueOf(mail.getSmtp().getPort()));
        main.addOverrideProperty("arrears.planner.delay", "0");
        main.addOverrideProperty("arrears.email.poll-period", "200");
        main.addOverrideProperty("arrears.letter.poll-period", "200");
        main.addOverrideProperty("arrears.sms.poll-period", "200");
        main.addOverrideProperty("arrears.inbound.imap.protocol", "imap");
        main.addOverrideProperty("arrears.inbound.imap.host", "127.0.0.1");
        main.addOverrideProperty("arrears.inbound.imap.port", String.valueOf(mail.getImap().getPort()));
        main.addOverrideProperty("arrears.inbound.imap.poll-delay", "300");
        mailboxes.forEach(main::addOverrideProperty);
        main.addOverrideProperty("camel.server.port", String.valueOf(org.arrears.testing.RunningHub.freePort()));
        main.addOverrideProperty("camel.management.enabled", "false");
        main.start();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                book.queryLong("SELECT count(*) FROM communication WHERE channel = 'email' AND status = 'SENT'") == 4);
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        db.close();
    }

    private String token(String who) {
        return book.queryString("SELECT c.token FROM communication c JOIN debtor d ON d.id = c.debtor_id "
                + "WHERE d.name = ? AND c.channel = 'email'", who);
    }

    private void deliver(String raw) throws Exception {
        bounces.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    private static String dsn(String token, String rcpt) {
        return """
                From: Mail Delivery System <MAILER-DAEMON@mx.example>
                To: bounces+%1$s@acme.example
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <dsn-%1$s@mx.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="B"

                --B
                Content-Type: text/plain

                I'm sorry to have to inform you that your message could not be delivered.

                --B
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example

                Final-Recipient: rfc822; %2$s
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 <%2$s>: Recipient address rejected: User unknown

                --B
                Content-Type: text/rfc822-headers

                Message-ID: <%1$s@acme.example>
                To: %2$s
                Subject: Payment reminder

                --B--
                """.formatted(token, rcpt);
    }

    @Test
    void bouncesComplaintsAutoRepliesAndRepliesActAndAnUnreadableMessageDoesNotStopTheRest() throws Exception {
        startHub(java.util.Map.of("arrears.inbound.imap.username", "bounces",
                "arrears.inbound.imap.password", "secret-imap-password"));
        deliver(dsn(token("gone"), "gone@example.test"));
        deliver("""
                From: Ooo <ooo@example.test>
                To: receivables@acme.example
                Subject: Out of office: Payment reminder
                Auto-Submitted: auto-replied
                Message-ID: <ooo-1@example.test>
                In-Reply-To: <%s@acme.example>

                I am away until Monday.
                """.formatted(token("ooo")));
        deliver("""
                From: broken@example.test
                Subject: broken
                Message-ID: <broken-1@example.test>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="never-there"

                no parts at all
                """);
        deliver(MailFixtures.complaint(token("angry"), "arf-1", "To: angry@example.test"));
        deliver("""
                From: Payer <payer@example.test>
                To: receivables@acme.example
                Subject: Re: Payment reminder
                Message-ID: <reply-1@example.test>
                In-Reply-To: <%s@acme.example>
                Date: Tue, 2 Jun 2026 10:00:00 +0000

                I will pay 200 on the 15th.

                On Mon, 1 Jun 2026, Acme Receivables wrote:
                > Your account shows EUR 250.00 overdue.
                """.formatted(token("payer")));

        await().atMost(Duration.ofSeconds(30)).until(() -> book.queryLong("SELECT count(*) FROM inbound_event") == 4);

        // the hard bounce: address undeliverable, the reminder goes by letter instead (the next channel with an address)
        await().atMost(Duration.ofSeconds(20)).until(() -> book.rows("SELECT c.channel, c.status FROM communication c "
                + "JOIN debtor d ON d.id = c.debtor_id WHERE d.name = 'gone' ORDER BY c.id").contains("letter|SENT"));
        assertThat(book.rows("SELECT quality FROM contact_point cp JOIN debtor d ON d.id = cp.debtor_id "
                + "WHERE d.name = 'gone' AND cp.channel = 'email'")).containsExactly("HARD_BOUNCE");
        // the complaint opts the address out
        assertThat(book.rows("SELECT opt_out_source FROM contact_point cp JOIN debtor d ON d.id = cp.debtor_id "
                + "WHERE d.name = 'angry' AND cp.channel = 'email'")).containsExactly("COMPLAINT");
        // the promise: a promise-to-pay hold with its date and amount, and a task
        assertThat(book.rows("SELECT h.kind, h.until, h.promised_amount FROM hold h JOIN debtor d ON d.id = h.debtor_id "
                + "WHERE d.name = 'payer'")).containsExactly("PROMISE_TO_PAY|2026-06-15|200.00");
        assertThat(book.queryLong("SELECT count(*) FROM task WHERE kind = 'MAIL_REPLY'")).isEqualTo(1);
        // the out-of-office: recorded, nothing else, never answered
        assertThat(book.rows("SELECT kind FROM inbound_event WHERE external_id = '<ooo-1@example.test>'"))
                .containsExactly("AUTOREPLY");
        assertThat(book.queryLong("SELECT count(*) FROM hold h JOIN debtor d ON d.id = h.debtor_id WHERE d.name = 'ooo'"))
                .isZero();
        assertThat(mail.getReceivedMessagesForDomain("example.test")).as("no answer to anything inbound").hasSize(4);

        // each message moved by outcome; the unreadable one to quarantine
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", mail.getImap().getPort(), "bounces", "secret-imap-password");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> count(store, "INBOX") == 0);
            assertThat(count(store, "arrears/quarantine")).isEqualTo(1);
            assertThat(count(store, "arrears/bounce")).isEqualTo(1);
            assertThat(count(store, "arrears/reply")).isEqualTo(1);
        } finally {
            store.close();
        }
    }

    @Test
    void aBounceMailboxAndARepliesMailboxAreEachReadByTheirOwnRouteAndMovedWithinThemselves() throws Exception {
        GreenMailUser replies = mail.setUser("receivables@acme.example", "receivables", "other-imap-password");
        startHub(java.util.Map.of("arrears.inbound.mailboxes", "bounces,replies",
                "arrears.inbound.mailbox.bounces.username", "bounces",
                "arrears.inbound.mailbox.bounces.password", "secret-imap-password",
                "arrears.inbound.mailbox.replies.username", "receivables",
                "arrears.inbound.mailbox.replies.password", "other-imap-password",
                "arrears.inbound.mailbox.replies.folder-prefix", "done/"));
        assertThat(main.getCamelContext().getRoute("inbound-mailbox-bounces")).isNotNull();
        assertThat(main.getCamelContext().getRoute("inbound-mailbox-replies")).isNotNull();
        deliver(dsn(token("gone"), "gone@example.test"));
        replies.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream("""
                From: Payer <payer@example.test>
                To: receivables@acme.example
                Subject: Re: Payment reminder
                Message-ID: <reply-2@example.test>
                In-Reply-To: <%s@acme.example>
                Date: Tue, 2 Jun 2026 10:00:00 +0000

                This is not my invoice, I never ordered anything from you.
                """.formatted(token("payer")).getBytes(StandardCharsets.UTF_8))));

        await().atMost(Duration.ofSeconds(30)).until(() -> book.queryLong("SELECT count(*) FROM inbound_event") == 2);
        assertThat(book.rows("SELECT source, kind FROM inbound_event ORDER BY source"))
                .containsExactly("bounces|BOUNCE", "replies|REPLY");
        assertThat(book.rows("SELECT h.kind FROM hold h JOIN debtor d ON d.id = h.debtor_id WHERE d.name = 'payer'"))
                .containsExactly("DISPUTE");
        Store bounceStore = Session.getInstance(new Properties()).getStore("imap");
        Store replyStore = Session.getInstance(new Properties()).getStore("imap");
        bounceStore.connect("127.0.0.1", mail.getImap().getPort(), "bounces", "secret-imap-password");
        replyStore.connect("127.0.0.1", mail.getImap().getPort(), "receivables", "other-imap-password");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> count(bounceStore, "INBOX") == 0 && count(replyStore, "INBOX") == 0);
            assertThat(count(bounceStore, "arrears/bounce")).isEqualTo(1);
            assertThat(count(replyStore, "done/reply")).isEqualTo(1);
        } finally {
            bounceStore.close();
            replyStore.close();
        }
    }

    private static int count(Store store, String name) throws Exception {
        Folder f = store.getFolder(name);
        if (!f.exists()) {
            return 0;
        }
        f.open(Folder.READ_ONLY);
        try {
            return f.getMessageCount();
        } finally {
            f.close(false);
        }
    }
}
