package org.arrears.inbound;

import java.util.List;
import java.util.Map;

/**
 * What {@link BounceParser} read from one message.
 *
 * @param kind               what the message is
 * @param format             the format or provider recognised (RFC3464, ARF, Postfix, Exim, Gmail, AmazonSES, ...),
 *                           null when not a bounce
 * @param records            one record per recipient; empty unless {@code kind} is BOUNCE, FEEDBACK or AUTOREPLY
 * @param originalMessageId  the Message-ID of the message that bounced, when the bounce embeds its headers
 * @param originalHeaders    the embedded original's headers worth matching on (lower-case names: message-id, to,
 *                           from, subject, date, list-unsubscribe and every x-arrears-*), empty when not embedded
 * @param envelopeRecipient  where the bounce was delivered to (X-Original-To, Delivered-To, Envelope-To or To): the
 *                           VERP address of the message that bounced when it was sent by the hub
 * @param error              why the message could not be read (kind ERROR) or is not a bounce (NOT_BOUNCE), else null
 */
public record BounceReport(Kind kind, String format, List<BounceRecord> records, String originalMessageId,
                           Map<String, String> originalHeaders, String envelopeRecipient, String error) {

    public enum Kind {
        /** A delivery status notification or a non-standard bounce (including delayed and delivered reports). */
        BOUNCE,
        /** An ARF (RFC 5965) feedback report: a complaint. */
        FEEDBACK,
        /** An automatic reply (RFC 3834, out of office): reason vacation. */
        AUTOREPLY,
        /** A readable message that is none of these. */
        NOT_BOUNCE,
        /** A message that could not be read at all. */
        ERROR
    }

    public BounceReport {
        records = List.copyOf(records);
        originalHeaders = Map.copyOf(originalHeaders);
    }

    static BounceReport error(String why) {
        return new BounceReport(Kind.ERROR, null, List.of(), null, Map.of(), null, why);
    }

    /** True when at least one record is a hard bounce. */
    public boolean anyHard() {
        return records.stream().anyMatch(BounceRecord::hard);
    }
}
