package org.arrears.email;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arrears.email.dkim.DkimSigner;
import org.arrears.outreach.InvoiceLine;
import org.arrears.outreach.RenderedMessage;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * Builds the MIME message: text and HTML alternatives, optional invoice PDFs, a Message-ID and a VERP
 * envelope sender that both carry the communication's token (so bounces and replies match by what we
 * issued), RFC 8058 one-click unsubscribe headers and RFC 3834 Auto-Submitted.
 */
public final class EmailComposer {

    private final EmailSettings settings;
    private final InternetAddress from;
    private final InternetAddress[] replyTo;
    private final String domain;
    private final DkimSigner dkim;

    public EmailComposer(EmailSettings settings) {
        this(settings, DkimSigner.NONE);
    }

    /** @param dkim signs the finished bytes for the From address's domain (when it has a key) */
    public EmailComposer(EmailSettings settings, DkimSigner dkim) {
        this.settings = settings;
        this.dkim = dkim;
        try {
            this.from = new InternetAddress(settings.from(), true);
            this.replyTo = settings.replyTo() == null ? null : InternetAddress.parse(settings.replyTo(), true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("arrears.email.from / reply-to is not a valid address: " + e.getMessage(), e);
        }
        this.domain = EmailSettings.domainOf(settings.from());
    }

    public String verpSender(String token) {
        return "bounces+" + token + "@" + settings.bounceDomain();
    }

    public String messageId(String token) {
        return "<" + token + "@" + domain + ">";
    }

    /**
     * @throws jakarta.mail.internet.AddressException when the stored address is not one bare address that can be
     *         sent as it is (a display name, quoting, a malformed domain)
     */
    public ComposedMessage compose(Session session, String token, String to, RenderedMessage r, String optOutUrl,
                                   List<InvoiceLine> invoices, Instant now) throws MessagingException {
        Recipient checked = Recipient.parse(to);
        InternetAddress recipient = new InternetAddress();
        recipient.setAddress(checked.address()); // checked above; InternetAddress's own parser rejects UTF-8 local parts
        Map<String, String> headers = headers(token, recipient, optOutUrl);
        ComposedMessage msg = new ComposedMessage(session, messageId(token), checked.needsSmtpUtf8(),
                bytes -> dkim.sign(domain, bytes));
        msg.setEnvelopeFrom(verpSender(token));
        msg.setRecipient(jakarta.mail.Message.RecipientType.TO, recipient);
        List<Path> pdfs = attachments(invoices);
        if (pdfs.isEmpty()) {
            // text and HTML only: written straight to bytes; the message object carries just the envelope
            msg.serialized = dkim.sign(domain, MimeWriter.alternative(headers, r.subject(), Date.from(now),
                    "=_arrears_" + token, r.text(), r.html()));
            return msg;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            msg.setHeader(h.getKey(), h.getValue());
        }
        msg.setSubject(r.subject(), "UTF-8");
        msg.setSentDate(Date.from(now));

        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(r.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(r.html(), "UTF-8", "html");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);

        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        mixed.addBodyPart(body);
        for (Path pdf : pdfs) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new FileDataSource(pdf.toFile())));
            try {
                part.setFileName(jakarta.mail.internet.MimeUtility.encodeText(pdf.getFileName().toString()));
            } catch (UnsupportedEncodingException e) {
                part.setFileName(pdf.getFileName().toString());
            }
            part.setDisposition(jakarta.mail.Part.ATTACHMENT);
            mixed.addBodyPart(part);
        }
        msg.setContent(mixed);
        msg.saveChanges();
        return msg;
    }

    /** Every header but Date, Subject and the MIME structure, in order; one list for both ways of writing. */
    private Map<String, String> headers(String token, InternetAddress recipient, String optOutUrl) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("From", from.toString());
        if (replyTo != null) {
            headers.put("Reply-To", InternetAddress.toString(replyTo));
        }
        headers.put("To", recipient.toString());
        headers.put("Message-ID", messageId(token));
        headers.put("List-Unsubscribe", "<" + optOutUrl + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        headers.put("Auto-Submitted", "auto-generated");
        headers.put("X-Auto-Response-Suppress", "All");
        return headers;
    }

    /** Only the PDFs of the invoices this very message lists; invoice numbers never become paths. */
    private List<Path> attachments(List<InvoiceLine> invoices) {
        List<Path> out = new ArrayList<>();
        if (settings.invoicePdfDir() == null) {
            return out;
        }
        for (InvoiceLine i : invoices) {
            if (i.number().matches("[A-Za-z0-9._-]+") && !i.number().startsWith(".")) {
                Path pdf = settings.invoicePdfDir().resolve(i.number() + ".pdf");
                if (Files.isRegularFile(pdf)) {
                    out.add(pdf);
                }
            }
        }
        return out;
    }

    /**
     * A message with our Message-ID that, once serialized for the evidence record, sends those same bytes:
     * what is kept is exactly what went out, and the message is serialized once, not twice.
     */
    public static final class ComposedMessage extends SMTPMessage {
        private final String id;
        private final boolean needsSmtpUtf8;
        private final java.util.function.UnaryOperator<byte[]> finish;
        private byte[] serialized;

        ComposedMessage(Session session, String id, boolean needsSmtpUtf8, java.util.function.UnaryOperator<byte[]> finish) {
            super(session);
            this.id = id;
            this.needsSmtpUtf8 = needsSmtpUtf8;
            this.finish = finish;
        }

        /** The recipient's local part is not ASCII: only a server that offers SMTPUTF8 may take it. */
        public boolean needsSmtpUtf8() {
            return needsSmtpUtf8;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }

        /** Serializes the message once; later sends write these bytes. */
        public byte[] bytes() throws MessagingException, java.io.IOException {
            if (serialized == null) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(8192);
                super.writeTo(out, null);
                serialized = finish.apply(out.toByteArray());
            }
            return serialized;
        }

        /** The transport asks to leave out Bcc and Content-Length; the cached bytes can serve when neither is set. */
        private boolean noneSet(String[] ignoreList) throws MessagingException {
            if (ignoreList != null) {
                for (String name : ignoreList) {
                    if (getHeader(name) != null) {
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public void writeTo(java.io.OutputStream os, String[] ignoreList) throws java.io.IOException, MessagingException {
            if (serialized != null && noneSet(ignoreList)) {
                os.write(serialized);
            } else {
                super.writeTo(os, ignoreList);
            }
        }
    }
}
