package org.arrears.compliance;

/** Kinds of hold; each maps to the reason code the gate reports. */
public enum HoldKind {
    DISPUTE(ReasonCode.DISPUTE),
    PROMISE_TO_PAY(ReasonCode.PROMISE_TO_PAY),
    PAYMENT_PLAN(ReasonCode.PAYMENT_PLAN),
    LEGAL(ReasonCode.LEGAL_HOLD),
    DO_NOT_CONTACT(ReasonCode.DO_NOT_CONTACT);

    private final ReasonCode reason;

    HoldKind(ReasonCode reason) {
        this.reason = reason;
    }

    public ReasonCode reason() {
        return reason;
    }
}
