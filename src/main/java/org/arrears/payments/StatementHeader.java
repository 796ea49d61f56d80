package org.arrears.payments;

import java.math.BigDecimal;

/**
 * Start of one statement (or report, notification, account section, ACH batch) in a bank file.
 *
 * @param account        the account the statement is about (IBAN, account number or other identifier), or null
 * @param currency       ISO 4217 currency of the account, or null when the file does not say
 * @param openingBalance signed opening booked balance, or null when the file has none
 */
public record StatementHeader(String account, String currency, BigDecimal openingBalance) {
}
