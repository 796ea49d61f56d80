package org.arrears.inbound;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.arrears.outreach.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where inbound mail arrives, for the routes: an IMAP mailbox (the message is moved to a folder per outcome, which the
 * route does with the folder this returns) and the drop folder of {@code .eml} files (moved here, to
 * {@code processed/<kind>/} or to {@code quarantine/} with {@code <name>.error.txt}). A message that cannot be read is
 * quarantined with its reason and never blocks the rest; a database failure leaves it where it is, for the next poll.
 */
public final class MailInbox {

    private static final Logger LOG = LoggerFactory.getLogger(MailInbox.class);

    private final MailIntake intake;
    private final Path drop;
    private final java.util.List<Mailboxes.Mailbox> mailboxes;

    /**
     * @param drop      the drop folder of .eml files
     * @param mailboxes the IMAP mailboxes the routes read ({@link Mailboxes})
     */
    public MailInbox(MailIntake intake, Path drop, java.util.List<Mailboxes.Mailbox> mailboxes) {
        this.intake = intake;
        this.drop = drop;
        this.mailboxes = java.util.List.copyOf(mailboxes);
    }

    /** The IMAP mailboxes to read, one route each. */
    public java.util.List<Mailboxes.Mailbox> mailboxes() {
        return mailboxes;
    }

    public MailIntake intake() {
        return intake;
    }

    public Path drop() {
        return drop;
    }

    /**
     * An IMAP message of the named mailbox; returns the folder it is to be moved to: the mailbox's folder prefix and
     * the outcome (bounce, autoreply, feedback, reply, other or quarantine).
     */
    public String fromMailbox(Message message, String mailbox, String folderPrefix) throws MessagingException, IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        MailIntake.Result r = intake.ingest(raw.toByteArray(), mailbox);
        if (r.quarantined()) {
            LOG.warn("mailbox {}: message {} {}", mailbox, message.getMessageNumber(), Masking.emails(r.line()));
        } else {
            LOG.info("mailbox {}: {}", mailbox, Masking.emails(r.line()));
        }
        return folderPrefix + r.folder();
    }

    /** A file dropped in the drop folder: applied, then moved by outcome. */
    public void fromFile(String path) throws IOException {
        Path file = Path.of(path);
        MailIntake.Result r = intake.ingest(Files.readAllBytes(file), "drop");
        Path target = r.quarantined() ? drop.resolve("quarantine") : drop.resolve("processed").resolve(r.folder());
        Files.createDirectories(target);
        if (r.quarantined()) {
            Files.writeString(target.resolve(file.getFileName() + ".error.txt"), file.getFileName() + ": " + r.line() + "\n",
                    StandardCharsets.UTF_8);
            LOG.warn("mail drop {}: {}", file.getFileName(), Masking.emails(r.line()));
        } else {
            LOG.info("mail drop {}: {}", file.getFileName(), Masking.emails(r.line()));
        }
        Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
