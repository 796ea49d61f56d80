package org.arrears.compliance;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The address or number a message would go to, as it stands at the moment of sending.
 *
 * @param consentSource        may be null (unknown source)
 * @param creditorNoticeSentOn date the creditor's R6(ii) notice was sent, may be null
 * @param hardBounced          a permanent delivery failure is on record for this address
 * @param reassignedCheckAt    last reassigned-numbers database check that said "not reassigned" (SMS)
 * @param unusable             what sending taught the hub about the address when it cannot take its channel
 *                             (INVALID_NUMBER, LANDLINE, UNDELIVERABLE), or null; a hard bounce is {@code hardBounced}
 */
public record ContactPointProfile(
        long id,
        Channel channel,
        String address,
        ConsentSource consentSource,
        Instant consentAt,
        LocalDate creditorNoticeSentOn,
        boolean workEmail,
        boolean thirdPartyDisclosure,
        Instant optedOutAt,
        boolean hardBounced,
        Instant reassignedCheckAt,
        ReasonCode unusable) {

    public ContactPointProfile(long id, Channel channel, String address, ConsentSource consentSource, Instant consentAt,
                               LocalDate creditorNoticeSentOn, boolean workEmail, boolean thirdPartyDisclosure,
                               Instant optedOutAt, boolean hardBounced, Instant reassignedCheckAt) {
        this(id, channel, address, consentSource, consentAt, creditorNoticeSentOn, workEmail, thirdPartyDisclosure,
                optedOutAt, hardBounced, reassignedCheckAt, null);
    }

    /** The address's state as the contact_point.quality column records it. */
    public static ReasonCode unusable(String quality) {
        if (quality == null) {
            return null;
        }
        return switch (quality) {
            case "INVALID" -> ReasonCode.INVALID_NUMBER;
            case "LANDLINE" -> ReasonCode.LANDLINE;
            case "RETURNED" -> ReasonCode.UNDELIVERABLE;
            default -> null;
        };
    }
}
