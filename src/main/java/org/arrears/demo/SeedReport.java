package org.arrears.demo;

/**
 * What one seeding run added.
 *
 * @param debtors       debtors added
 * @param contactPoints contact points added (email, sms and letter)
 * @param invoices      invoices added
 * @param openInvoices  invoices with an open amount above zero (partly paid ones included)
 * @param paidInvoices  invoices paid in full (open amount zero)
 * @param holds         holds added (dispute, promise to pay, payment plan)
 */
public record SeedReport(int debtors, int contactPoints, int invoices, int openInvoices, int paidInvoices,
                         int holds) {

    @Override
    public String toString() {
        return "seeded " + debtors + " debtors, " + contactPoints + " contact points, " + invoices
                + " invoices (" + openInvoices + " open, " + paidInvoices + " paid), " + holds + " holds";
    }
}
