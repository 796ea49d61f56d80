package org.arrears.payments;

import java.math.BigDecimal;

/**
 * End of one statement.
 *
 * @param closingBalance signed closing booked balance, or null when the file has none
 */
public record StatementTrailer(BigDecimal closingBalance) {
}
