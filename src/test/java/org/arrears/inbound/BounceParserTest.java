package org.arrears.inbound;

import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small synthetic bounces of the main formats, written for these tests. */
class BounceParserTest {

    private final BounceParser parser = new BounceParser();

    static final String DSN = """
            Return-Path: <>
            From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
            To: bounces+tok123@bounce.example.org
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="BND"

            --BND
            Content-Type: text/plain

            This is the mail system at host mx.example.net.
            I'm sorry to have to inform you that your message could not be delivered.

            --BND
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; ann@example.com
            Original-Recipient: rfc822; Ann@Example.com
            Action: failed
            Status: 5.1.1
            Remote-MTA: dns; mail.example.com
            Diagnostic-Code: smtp; 550 5.1.1 <ann@example.com>: Recipient address
                rejected: User unknown in virtual mailbox table

            Final-Recipient: rfc822; bob@example.com
            Action: delayed
            Status: 4.2.2
            Diagnostic-Code: smtp; 452 4.2.2 Mailbox full

            --BND
            Content-Type: message/rfc822

            Message-ID: <tok123@example.org>
            From: Billing <billing@example.org>
            To: ann@example.com
            Subject: Invoice 42 is overdue
            X-Arrears-Token: tok123

            Please pay.
            --BND--
            """;

    @Test
    void aDeliveryStatusNotificationGivesOneRecordPerRecipientWithStatusCodeReasonAndHardness() {
        BounceReport r = parser.parse(DSN.getBytes(StandardCharsets.US_ASCII));

        assertThat(r.kind()).isEqualTo(BounceReport.Kind.BOUNCE);
        assertThat(r.format()).isEqualTo("Postfix");
        assertThat(r.records()).hasSize(2);
        BounceRecord ann = r.records().get(0);
        assertThat(ann.recipient()).isEqualTo("ann@example.com");
        assertThat(ann.originalRecipient()).isEqualTo("Ann@Example.com");
        assertThat(ann.status()).isEqualTo("5.1.1");
        assertThat(ann.smtpCode()).isEqualTo("550");
        assertThat(ann.action()).isEqualTo("failed");
        assertThat(ann.reason()).isEqualTo("userunknown");
        assertThat(ann.hard()).isTrue();
        assertThat(ann.remoteMta()).isEqualTo("mail.example.com");
        assertThat(ann.diagnostic()).contains("User unknown in virtual mailbox table");
        BounceRecord bob = r.records().get(1);
        assertThat(bob.reason()).isEqualTo("mailboxfull");
        assertThat(bob.hard()).isFalse();
        assertThat(bob.statusClass()).isEqualTo(4);
        assertThat(r.originalMessageId()).isEqualTo("<tok123@example.org>");
        assertThat(r.originalHeaders()).containsEntry("x-arrears-token", "tok123").containsEntry("to", "ann@example.com");
        assertThat(r.envelopeRecipient()).isEqualTo("bounces+tok123@bounce.example.org");
    }

    @Test
    void crAndCrlfLineEndingsAndAnMboxFromLineParseLikeLf() {
        BounceReport lf = parser.parse(DSN.getBytes(StandardCharsets.US_ASCII));
        BounceReport crlf = parser.parse(DSN.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
        BounceReport cr = parser.parse(("From MAILER-DAEMON Thu Apr 29 23:34:45 2026\n" + DSN).replace("\n", "\r")
                .getBytes(StandardCharsets.US_ASCII));

        assertThat(crlf.records()).isEqualTo(lf.records());
        assertThat(cr.records()).isEqualTo(lf.records());
        assertThat(cr.originalMessageId()).isEqualTo("<tok123@example.org>");
    }

    @Test
    void anEximTextBounceNamesEachFailedAddressWithItsOwnStatusAndReason() {
        String exim = """
                Return-path: <>
                From: Mail Delivery System <Mailer-Daemon@relay.example.net>
                To: bounces+t9@bounce.example.org
                Subject: Mail delivery failed: returning message to sender
                X-Failed-Recipients: carl@example.com, dora@example.com

                This message was created automatically by mail delivery software.

                A message that you sent could not be delivered to one or more of its
                recipients. This is a permanent error. The following address(es) failed:

                  carl@example.com
                    SMTP error from remote mail server after RCPT TO:<carl@example.com>:
                    host mx.example.com [192.0.2.10]: 550 5.1.1 <carl@example.com>: no such user
                  dora@example.com
                    SMTP error from remote mail server after RCPT TO:<dora@example.com>:
                    host mx.example.com [192.0.2.10]: 552 5.2.2 Mailbox quota exceeded

                ------ This is a copy of the message, including all the headers. ------

                Message-Id: <t9@example.org>
                From: billing@example.org
                To: carl@example.com, dora@example.com
                Subject: Reminder

                Please pay.
                """;
        BounceReport r = parser.parse(exim.getBytes(StandardCharsets.US_ASCII));

        assertThat(r.format()).isEqualTo("Exim");
        assertThat(r.records()).extracting(BounceRecord::recipient).containsExactly("carl@example.com", "dora@example.com");
        assertThat(r.records()).extracting(BounceRecord::status).containsExactly("5.1.1", "5.2.2");
        assertThat(r.records()).extracting(BounceRecord::smtpCode).containsExactly("550", "552");
        assertThat(r.records()).extracting(BounceRecord::reason).containsExactly("userunknown", "mailboxfull");
        assertThat(r.records()).extracting(BounceRecord::hard).containsExactly(true, false);
        assertThat(r.originalMessageId()).isEqualTo("<t9@example.org>");
    }

    @Test
    void aQmailBounceWithoutAStatusTakesTheClassFromItsWordsAndTheReasonFromTheRules() {
        String qmail = """
                From: MAILER-DAEMON@mx.example.jp
                To: bounces+q1@bounce.example.org
                Subject: failure notice

                Hi. This is the qmail-send program at mx.example.jp.
                I'm afraid I wasn't able to deliver your message to the following addresses.
                This is a permanent error; I've given up. Sorry it didn't work out.

                <erin@example.jp>:
                192.0.2.5 does not like recipient.
                Remote host said: 550 Host unknown
                Giving up on 192.0.2.5.

                --- Below this line is a copy of the message.

                Message-ID: <q1@example.org>
                To: erin@example.jp
                """;
        BounceReport r = parser.parse(qmail.getBytes(StandardCharsets.US_ASCII));

        assertThat(r.format()).isEqualTo("qmail");
        assertThat(r.records()).singleElement().satisfies(x -> {
            assertThat(x.recipient()).isEqualTo("erin@example.jp");
            assertThat(x.status()).isEqualTo("5.0.0");
            assertThat(x.smtpCode()).isEqualTo("550");
            assertThat(x.reason()).isEqualTo("hostunknown");
            assertThat(x.hard()).isTrue();
        });
        assertThat(r.originalMessageId()).isEqualTo("<q1@example.org>");
    }

    @Test
    void anArfComplaintIsFeedbackForEachReportedRecipientWithItsFeedbackType() {
        String arf = """
                From: abuse@isp.example
                To: fbl@example.org
                Subject: Abuse report
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="F"

                --F
                Content-Type: text/plain

                This is an email abuse report.
                --F
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: ReportBot/1.0
                Version: 1
                Original-Rcpt-To: fay@example.net

                --F
                Content-Type: text/rfc822-headers

                Message-ID: <f1@example.org>
                From: billing@example.org
                To: fay@example.net
                --F--
                """;
        BounceReport r = parser.parse(arf.getBytes(StandardCharsets.US_ASCII));

        assertThat(r.kind()).isEqualTo(BounceReport.Kind.FEEDBACK);
        assertThat(r.records()).singleElement().satisfies(x -> {
            assertThat(x.recipient()).isEqualTo("fay@example.net");
            assertThat(x.reason()).isEqualTo("feedback");
            assertThat(x.feedbackType()).isEqualTo("abuse");
            assertThat(x.hard()).isFalse();
        });
        assertThat(r.originalMessageId()).isEqualTo("<f1@example.org>");
    }

    @Test
    void anAmazonSesBounceNotificationIsReadFromItsJson() {
        String ses = """
                From: no-reply@sns.amazonaws.com
                To: hooks@example.org
                Subject: AWS Notification Message
                Content-Type: text/plain; charset=UTF-8

                {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",
                "bouncedRecipients":[{"emailAddress":"gus@example.com","action":"failed","status":"5.1.1",
                "diagnosticCode":"smtp; 550 5.1.1 user unknown"}]},"mail":{"messageId":"abc"}}
                """;
        BounceReport r = parser.parse(ses.getBytes(StandardCharsets.US_ASCII));

        assertThat(r.format()).isEqualTo("AmazonSES");
        assertThat(r.records()).singleElement().satisfies(x -> {
            assertThat(x.recipient()).isEqualTo("gus@example.com");
            assertThat(x.status()).isEqualTo("5.1.1");
            assertThat(x.reason()).isEqualTo("userunknown");
            assertThat(x.hard()).isTrue();
        });
    }

    @Test
    void anOutOfOfficeReplyIsAnAutomaticReplyNotABounce() {
        String ooo = """
                From: Hal <hal@example.com>
                To: billing@example.org
                Subject: Out of Office: Invoice 42 is overdue
                Auto-Submitted: auto-replied

                I am away until Monday.
                """;
        BounceReport r = parser.parse(ooo.getBytes(StandardCharsets.US_ASCII));

        assertThat(r.kind()).isEqualTo(BounceReport.Kind.AUTOREPLY);
        assertThat(r.records()).singleElement().satisfies(x -> {
            assertThat(x.reason()).isEqualTo("vacation");
            assertThat(x.hard()).isFalse();
        });
    }

    @Test
    void garbageTruncatedAndOrdinaryMailNeverThrowAndSayWhatTheyAre() {
        assertThat(parser.parse(new byte[0]).kind()).isEqualTo(BounceReport.Kind.ERROR);
        assertThat(parser.parse(new byte[0]).error()).isEqualTo("empty message");
        assertThat(parser.parse((byte[]) null).kind()).isEqualTo(BounceReport.Kind.ERROR);

        byte[] noise = new byte[4096];
        new java.util.Random(7).nextBytes(noise);
        BounceReport garbage = parser.parse(noise);
        assertThat(garbage.kind()).isIn(BounceReport.Kind.ERROR, BounceReport.Kind.NOT_BOUNCE);
        assertThat(garbage.error()).isNotBlank();

        String truncated = DSN.substring(0, DSN.indexOf("Status: 5.1.1") + 8);
        BounceReport cut = parser.parse(truncated.getBytes(StandardCharsets.US_ASCII));
        assertThat(cut.kind()).isEqualTo(BounceReport.Kind.BOUNCE);
        assertThat(cut.records()).extracting(BounceRecord::recipient).containsExactly("ann@example.com");

        String human = """
                From: Ivy <ivy@example.com>
                To: billing@example.org
                Subject: Re: Invoice 42

                I paid last week, see the attached receipt.
                """;
        BounceReport reply = parser.parse(human.getBytes(StandardCharsets.US_ASCII));
        assertThat(reply.kind()).isEqualTo(BounceReport.Kind.NOT_BOUNCE);
        assertThat(reply.records()).isEmpty();
        assertThat(reply.error()).startsWith("not a bounce");
    }

    @Test
    void theScanLimitComesFromItsSettingAndAnInvalidValueFailsNamingIt() {
        Map<String, String> bad = Map.of(BounceParser.SCAN_KEY, "0");
        assertThatThrownBy(() -> BounceParser.from(Settings.of(bad::get, bad::keySet, "application.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.properties")
                .hasMessageContaining("arrears.inbound.bounce.scan-kb");
        Map<String, String> ok = Map.of(BounceParser.SCAN_KEY, "16");
        BounceParser small = BounceParser.from(Settings.of(ok::get, ok::keySet, "application.properties"));
        assertThat(small.parse(DSN.getBytes(StandardCharsets.US_ASCII)).records()).hasSize(2);
    }

    @Test
    void aUserUnknownPassedOnByAGatewayThatDoesNotSayWhichCommandFailedIsFilteredAndSoft() {
        String gateway = """
                From: MAILER-DAEMON@relay.example
                To: bounces+tok@acme.example
                Subject: Message delivery has failed
                MIME-Version: 1.0
                Content-Type: text/plain

                Unable to deliver message to: <dana@example.org>
                Delivery failed for the following reason:
                Server mx.example.org[192.0.2.1] failed with: 550 <dana@example.org> No such user here

                This has been a permanent failure.  No further delivery attempts will be made.
                """;
        String postfix = """
                From: MAILER-DAEMON@mx.acme.example (Mail Delivery System)
                To: bounces+tok@acme.example
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: text/plain

                This is the mail system at host mx.acme.example.

                <dana@example.org>: host mx.example.org[192.0.2.1] said: 550 <dana@example.org> No such user here
                    (in reply to RCPT TO command)
                """;

        BounceRecord relayed = new BounceParser().parse(gateway.getBytes(java.nio.charset.StandardCharsets.UTF_8)).records().get(0);
        BounceRecord answered = new BounceParser().parse(postfix.getBytes(java.nio.charset.StandardCharsets.UTF_8)).records().get(0);

        assertThat(relayed.reason()).isEqualTo("filtered");
        assertThat(relayed.hard()).isFalse();
        assertThat(answered.reason()).isEqualTo("userunknown");
        assertThat(answered.hard()).isTrue();
    }

    @Test
    void aBodyLineOfFiftyThousandBlanksIsReadInLinearTime() {
        // found by the fuzzer: the marker of the quoted original backtracked over a long run of blanks and quote marks
        // (seconds per message at 64 KiB); possessive quantifiers read such a line once
        String blanks = " \t".repeat(25_000);
        String mail = "From: MAILER-DAEMON@mx.example\nTo: ar@acme.example\nSubject: Undelivered Mail Returned to Sender\n"
                + "Content-Type: text/plain\n\nThis is the mail system at host mx.example.\n" + blanks + "x\n" + blanks
                + "> ---- original message\nTo: dana@example.test\n";
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            parser.parse(mail.getBytes(StandardCharsets.US_ASCII));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // linear: a few milliseconds each; the backtracking pattern took seconds for each of them
        assertThat(millis).isLessThan(10_000);
    }
}
