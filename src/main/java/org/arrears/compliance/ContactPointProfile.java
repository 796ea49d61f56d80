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
        Instant reassignedCheckAt) {
}
