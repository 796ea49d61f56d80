package org.arrears.promises;

/** A promise to pay (a PROMISE_TO_PAY hold's {@code promise_status}, COMPLIANCE R46). */
public enum PromiseStatus {
    /** Not yet decided: its date plus the grace days has not passed (or the payment poster has not seen enough). */
    OPEN,
    /** The payments posted since it was made, dated up to its date plus grace, cover the promised amount. */
    KEPT,
    /** Not paid in full by its date plus grace: the hold is lifted, a BROKEN_PROMISE task created. */
    BROKEN
}
