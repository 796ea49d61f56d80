package org.arrears.compliance;

/** How an address or number came to be used (R6 email procedures, R24 SMS consent). */
public enum ConsentSource {
    /** The consumer used the address to communicate with us about the debt (R6 (i)). */
    CONSUMER_USED,
    /** The consumer consented directly (R6 (i)). */
    CONSUMER_CONSENT,
    /** Creditor procedure with a 35-day notice on record (R6 (ii)). */
    CREDITOR_NOTICE,
    /** From a prior collector that satisfied (i) or (ii) (R6 (iii)). */
    PRIOR_COLLECTOR,
    /** In the creditor's file, no procedure on record. */
    CREDITOR_FILE,
    /** Found by skip tracing, not from the consumer. */
    SKIP_TRACE
}
