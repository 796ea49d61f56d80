package org.arrears.outreach;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An invoice listed in a message, as it stands right before sending. */
public record InvoiceLine(long invoiceId, String number, String currency, LocalDate issueDate, LocalDate dueDate,
                          BigDecimal amount, BigDecimal openAmount, String paymentReference, boolean held) {

    public boolean payable() {
        return !held && openAmount.signum() > 0;
    }
}
