package org.arrears.compliance;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * What the gate knows about the debtor at the moment of sending.
 *
 * @param consumer          true for B2C (consumer debt: FDCPA/Reg F style rules apply), false for B2B
 * @param jurisdiction      e.g. "US-CA", "CA-QC", "GB", "DE"; null when unknown
 * @param timeZone          the debtor's known zone; null when unknown
 * @param postalCode        mailing-address postal code (US ZIP gives a candidate zone), may be null
 * @param phoneAreaCodes    area codes of the debtor's phone numbers (each a candidate zone), may be empty
 * @param outsideHoursConsentAt consent, given directly by the consumer, to contact outside the window (R1)
 * @param noContactBefore   designated inconvenient time: not before this local time (R3), may be null
 * @param noContactAfter    designated inconvenient time: not at or after this local time (R3), may be null
 */
public record DebtorProfile(
        long id,
        boolean consumer,
        String jurisdiction,
        ZoneId timeZone,
        String postalCode,
        List<String> phoneAreaCodes,
        boolean bankruptcy,
        boolean deceased,
        boolean ceaseCommunication,
        boolean attorneyRepresented,
        Instant outsideHoursConsentAt,
        LocalTime noContactBefore,
        LocalTime noContactAfter) {

    public DebtorProfile {
        phoneAreaCodes = phoneAreaCodes == null ? List.of() : List.copyOf(phoneAreaCodes);
    }
}
