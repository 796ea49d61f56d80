package org.arrears.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What the direct writer produces must read back, through JavaMail's own parser, exactly as written. */
class MimeWriterTest {

    @Test
    void textAndHtmlRoundTripThroughAMimeParser() throws Exception {
        String text = "Grüße, a=b and 100% €\n" + "x".repeat(200) + "\ntrailing space \n.leading dot line\n\nend";
        String html = "<p>Müller &amp; Söhne</p>\n<p>" + "long ".repeat(40) + "</p>";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("From", "Acme <ar@acme.example>");
        headers.put("To", "debtor@example.test");
        headers.put("Message-ID", "<abc@acme.example>");
        byte[] bytes = MimeWriter.alternative(headers, "Überfällig: 12,00 € – bitte zahlen", new Date(0), "=_b_1", text, html);

        String raw = new String(bytes, StandardCharsets.US_ASCII);
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        for (String line : raw.split("\r\n")) {
            assertThat(line.length()).as("line length of %s", line).isLessThanOrEqualTo(998);
        }
        for (String line : body.split("\r\n")) {
            // quoted-printable keeps body lines within 76 columns; a leading dot is encoded
            assertThat(line.length()).as("body line %s", line).isLessThanOrEqualTo(76);
            assertThat(line).doesNotStartWith(".");
        }
        assertThat(raw).doesNotContain("\n\n").doesNotContainPattern("[^\r]\n");

        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        assertThat(m.getSubject()).isEqualTo("Überfällig: 12,00 € – bitte zahlen");
        assertThat(m.getMessageID()).isEqualTo("<abc@acme.example>");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n")).isEqualTo(text);
        assertThat(((String) parts.getBodyPart(1).getContent()).replace("\r\n", "\n")).isEqualTo(html);
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    }

    @Test
    void aLongSubjectIsFoldedButAHeaderValueWithABareLineBreakIsRefused() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("From", "Acme <ar@acme.example>");
        headers.put("To", "debtor@example.test");
        String subject = "Zahlungserinnerung für Rechnungen " + "RE-2026-000123, ".repeat(8) + "bitte überweisen";
        byte[] bytes = MimeWriter.alternative(headers, subject, new Date(0), "=_b_2", "t", "<p>h</p>");
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        assertThat(m.getSubject()).isEqualTo(subject);

        headers.put("To", "debtor@example.test\r\nBcc: someone@evil.example");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        MimeWriter.alternative(headers, "s", new Date(0), "=_b_3", "t", "<p>h</p>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a header value cannot contain a line break");
    }
}
