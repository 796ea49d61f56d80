package org.arrears.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Messages the tests write themselves, parsed as the mailbox would parse them. */
final class MailFixtures {

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
}
