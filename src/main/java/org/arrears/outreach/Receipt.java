package org.arrears.outreach;

import java.time.Instant;
import java.util.Objects;
import org.arrears.compliance.Channel;

/**
 * What a channel learnt about a message after it left: an SMS delivery receipt (a status callback, an SMPP
 * {@code deliver_sm}), a letter the print vendor returned, a bounce. It names the message by the gateway's id
 * ({@code providerMessageId}) or, when the report carries it, by the communication id.
 *
 * @param source where the report came from, for the history (TWILIO_CALLBACK, SMPP_RECEIPT, RETURNED_MAIL ...)
 * @param detail the gateway's own words (status, error code), short and free of personal data
 */
public record Receipt(Channel channel, Long communicationId, String providerMessageId, Kind kind, Instant at,
                      String source, String detail) {

    public enum Kind {
        /** The handset, the mailbox or the vendor confirmed delivery. */
        DELIVERED,
        /** Permanently undeliverable to that address (unknown subscriber, returned letter, hard bounce). */
        UNDELIVERABLE,
        /** Not delivered yet, may still be (queued, sent to carrier, a temporary failure): history only. */
        PENDING
    }

    public Receipt {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        if (communicationId == null && (providerMessageId == null || providerMessageId.isBlank())) {
            throw new IllegalArgumentException("a receipt names its message by communication id or provider message id");
        }
    }
}
