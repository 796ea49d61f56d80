package org.arrears.letter;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.arrears.outreach.InvoiceLine;

/**
 * One letter to render: which template in which language, the envelope it goes in, the recipient, the date
 * printed on it and the invoices it lists.
 */
public record Letter(long communicationId, String template, Locale locale, EnvelopeLayout layout, Recipient recipient,
                     String customerNumber, LocalDate date, List<InvoiceLine> invoices) {

    public Letter {
        if (template == null || !template.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("letter " + communicationId + ": template name '" + template
                    + "' must be lower-case letters, digits and dashes");
        }
        invoices = List.copyOf(invoices);
    }
}
