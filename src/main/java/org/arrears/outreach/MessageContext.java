package org.arrears.outreach;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.arrears.compliance.ActiveHold;
import org.arrears.compliance.ContactPointProfile;
import org.arrears.compliance.DebtorProfile;

/** Everything read fresh for one claimed message: the gate's inputs and the renderer's. */
public record MessageContext(ClaimedMessage message, String debtorName, Locale locale, DebtorProfile debtor,
                             ContactPointProfile contactPoint, List<InvoiceLine> invoices, List<ActiveHold> holds,
                             List<Instant> recentSends) {

    /** The invoices that will actually be listed: still open and not held. */
    public List<InvoiceLine> payableInvoices() {
        return invoices.stream().filter(InvoiceLine::payable).toList();
    }

    public BigDecimal payableTotal() {
        return payableInvoices().stream().map(InvoiceLine::openAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
