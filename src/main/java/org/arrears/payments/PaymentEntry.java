package org.arrears.payments;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One normalized booking from a bank file. Values the file does not carry are null.
 *
 * @param amount              signed amount: credit (money in) positive, debit (money out) negative
 * @param currency            ISO 4217 currency code
 * @param bookingDate         date the bank booked the entry
 * @param valueDate           value (settlement) date
 * @param bankReference       the bank's own reference for the entry (AcctSvcrRef, :61: bank reference, ACH trace
 *                            number, BAI2 bank reference)
 * @param endToEndId          the originator's end-to-end reference (EndToEndId, EREF+, ACH individual id, BAI2
 *                            customer reference)
 * @param payerName           name of the debtor party (for camt the Dbtr; for MT940/BAI2/ACH the counterparty)
 * @param payerAccount        account of that party (IBAN or account number)
 * @param remittance          unstructured remittance information
 * @param structuredReference structured creditor reference (e.g. an ISO 11649 RF reference)
 * @param returnReason        return, reversal or notification-of-change reason code (e.g. AC04, R01, C01)
 */
public record PaymentEntry(
        BigDecimal amount,
        String currency,
        LocalDate bookingDate,
        LocalDate valueDate,
        String bankReference,
        String endToEndId,
        String payerName,
        String payerAccount,
        String remittance,
        String structuredReference,
        String returnReason) {
}
