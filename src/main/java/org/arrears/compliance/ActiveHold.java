package org.arrears.compliance;

/** A hold in force now; {@code invoiceId} null means the hold covers the whole debtor. */
public record ActiveHold(HoldKind kind, Long invoiceId, String reason) {
}
