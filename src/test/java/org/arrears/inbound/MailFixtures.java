package org.arrears.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Messages the tests write themselves, parsed as the mailbox would parse them. */
public final class MailFixtures {

    private static final Session SESSION = Session.getInstance(new Properties());

    private MailFixtures() {
    }

    /** A message from its text; "\n" line ends are written as {@code lineEnd}. */
    static MimeMessage message(String text, String lineEnd) {
        try {
            return new MimeMessage(SESSION, new ByteArrayInputStream(text.replace("\n", lineEnd).getBytes(StandardCharsets.UTF_8)));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static MimeMessage message(String text) {
        return message(text, "\r\n");
    }

    /**
     * An ARF abuse report (RFC 5965) of the reminder whose token is given, sent back to its VERP address;
     * {@code extraHeaders} are added to the embedded original's headers (a "To: ..." line, or "").
     */
    public static String complaint(String token, String reportId, String extraHeaders) {
        return """
                From: Feedback Loop <fbl@isp.example>
                To: bounces+%1$s@acme.example
                Subject: Abuse report
                Message-ID: <%2$s@isp.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="F"

                --F
                Content-Type: text/plain

                This is an email abuse report.

                --F
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: isp-fbl/1.0
                Version: 1

                --F
                Content-Type: text/rfc822-headers

                Message-ID: <%1$s@acme.example>
                %3$s
                --F--
                """.formatted(token, reportId, extraHeaders.isEmpty() ? "" : extraHeaders + "\n");
    }
}
