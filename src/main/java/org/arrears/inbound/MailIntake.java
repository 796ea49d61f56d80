package org.arrears.inbound;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.arrears.util.Sha256;

/**
 * Classifies one inbound message and applies it ({@link MailClassifier}, then {@link InboundMail}): the path of the
 * mailbox, the drop folder and {@code mail ingest}. Returns one line for the log or the console; a message that cannot
 * be read is reported as quarantined with the reason, for the caller to move aside.
 */
public final class MailIntake {

    /** What became of one message: its folder (processed outcome or quarantine) and a line saying why. */
    public record Result(String folder, String line) {
        public boolean quarantined() {
            return "quarantine".equals(folder);
        }
    }

    private final MailClassifier classifier;
    private final InboundMail inbound;
    private final Clock clock;

    public MailIntake(MailClassifier classifier, InboundMail inbound, Clock clock) {
        this.classifier = classifier;
        this.inbound = inbound;
        this.clock = clock;
    }

    public MailClassifier classifier() {
        return classifier;
    }

    /**
     * @param source the mailbox or folder the message came from: with the Message-ID (or the content's hash when it
     *               has none) it keeps the message from being applied twice
     */
    public Result ingest(byte[] raw, String source) {
        MailClassifier.Classified c = classifier.classify(raw);
        if (c.error() != null) {
            return new Result("quarantine", "quarantined: " + c.error());
        }
        String id = c.messageId() != null ? c.messageId() : "sha256:" + Sha256.hex(raw);
        Instant at = c.date() != null ? c.date() : clock.instant();
        InboundMail.Applied a = inbound.apply(new InboundMail.Item(source, id, c.kind(),
                c.bounce() == null ? java.util.List.of() : c.bounce().records(), c.intent(), c.strippedText(), c.evidence(), at));
        String kind = c.kind().name().toLowerCase(Locale.ROOT);
        String match = a.match() == null ? "no matching message" : "message " + a.match().communicationId() + " by "
                + a.match().how().name().toLowerCase(Locale.ROOT);
        return new Result(kind, kind + ", " + match + ": " + String.join("; ", a.effects()));
    }
}
