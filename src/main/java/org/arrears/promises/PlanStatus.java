package org.arrears.promises;

/** A payment plan's state (COMPLIANCE R47). */
public enum PlanStatus {
    /** Instalments paid as agreed so far; the PAYMENT_PLAN hold stops dunning. */
    ACTIVE,
    /** One instalment missed (unpaid by its date plus the plan's grace days): a task; the hold stays. */
    DELINQUENT,
    /** A second instalment missed: the hold is lifted (dunning resumes) and a task created. */
    DEFAULTED,
    /** Every instalment paid: the hold is lifted. */
    COMPLETED,
    /** Ended by an operator. */
    CANCELLED
}
