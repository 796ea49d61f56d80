package org.arrears.compliance;

/** Why the gate decided as it did; stored on the communication row and in its event history. */
public enum ReasonCode {
    OK,
    // DENY: legal state of the debtor
    BANKRUPTCY, DECEASED, CEASE_COMMUNICATION, ATTORNEY_REPRESENTED,
    // DENY: holds and balance
    DISPUTE, PROMISE_TO_PAY, PAYMENT_PLAN, LEGAL_HOLD, DO_NOT_CONTACT, PAID, BELOW_MINIMUM,
    // DENY: the address
    NO_CONTACT_POINT, OPTED_OUT, HARD_BOUNCE, NO_EMAIL_PROCEDURE, EMPLOYER_EMAIL, NO_SMS_CONSENT,
    THIRD_PARTY_DISCLOSURE,
    // DENY: the address cannot take this channel (SMS: not a valid number, a landline; letter: returned as
    // undeliverable or an incomplete postal address)
    INVALID_NUMBER, LANDLINE, UNDELIVERABLE,
    // DEFER
    QUIET_HOURS, INCONVENIENT_TIME, CHANNEL_CAP,
    // DEFER: email of the sending domain is held for its complaint or bounce rate until a person releases it (R31)
    REPUTATION_HOLD,
    // DENY: the contact window and the other time rules never hold together within the search horizon
    // (for example candidate zones whose windows never overlap); a person must settle the location
    NO_CONTACT_WINDOW
}
