package org.arrears.letter;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.arrears.outreach.InvoiceLine;

/**
 * One letter to render: which template for which policy step in which language, the envelope it goes in, the
 * debtor and recipient, the currency group and its invoices, the date printed on it, and whether it is the first
 * message of the debtor's dunning cycle (a debt collector's first letter carries the validation notice).
 */
public record Letter(long communicationId, String template, String step, Locale locale, EnvelopeLayout layout,
                     long debtorId, Recipient recipient, String currency, LocalDate date, boolean initial,
                     List<InvoiceLine> invoices) {

    public Letter {
        if (template == null || !template.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("letter " + communicationId + ": template name '" + template
                    + "' must be lower-case letters, digits and dashes");
        }
        invoices = List.copyOf(invoices);
    }
}
