package org.arrears.demo;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated AR book before it is written. Rows refer to each other by their 1-based position in their
 * list; the writer turns positions into database ids by adding the id base it reserved for each table, and
 * derives the id-dependent texts (invoice numbers, payment references, some names and addresses) there.
 */
final class Book {

    final List<Debtor> debtors = new ArrayList<>();
    final List<ContactPoint> contactPoints = new ArrayList<>();
    final List<Invoice> invoices = new ArrayList<>();
    final List<Payment> payments = new ArrayList<>();
    final List<Hold> holds = new ArrayList<>();

    Book() {
    }

    Book(int debtors, int contactPoints, int invoices) {
        ((ArrayList<Debtor>) this.debtors).ensureCapacity(debtors);
        ((ArrayList<ContactPoint>) this.contactPoints).ensureCapacity(contactPoints);
        ((ArrayList<Invoice>) this.invoices).ensureCapacity(invoices);
    }

    /** Adds the debtor and returns its position (1-based). */
    int add(Debtor d) {
        debtors.add(d);
        return debtors.size();
    }

    int add(Invoice i) {
        invoices.add(i);
        return invoices.size();
    }

    SeedReport report() {
        int open = 0;
        int paid = 0;
        for (Invoice i : invoices) {
            if (i.open > 0) {
                open++;
            } else {
                paid++;
            }
        }
        return new SeedReport(debtors.size(), contactPoints.size(), invoices.size(), open, paid, holds.size());
    }

    static final class Debtor {
        /** The name; when {@link #nameAfterId} is set, the name is this, the debtor id, then that. */
        String name;
        String nameAfterId;
        String kind;
        String locale;
        String timeZone;
        String jurisdiction;
        String postalCode;
        String[] phoneAreaCodes = new String[0];
        boolean bankruptcy;
        boolean deceased;
        boolean ceaseCommunication;
        boolean attorneyRepresented;
        String attorneyContact;
        OffsetDateTime outsideHoursConsentAt;
        LocalTime noContactBefore;
        LocalTime noContactAfter;

        /** The debtor's usual invoicing currency (generation only, not a column). */
        String currency;
    }

    static final class ContactPoint {
        int debtor;
        String channel;
        /** The address; when {@link #addressAfterId} is set, the address is this, the debtor id, then that. */
        String address;
        String addressAfterId;
        String consentSource;
        OffsetDateTime consentAt;
        LocalDate creditorNoticeSentOn;
        boolean workEmail;
        OffsetDateTime reassignedCheckAt;
        OffsetDateTime optedOutAt;
        String optOutSource;
        String quality = "GOOD";
        boolean preferred;
    }

    static final class Invoice {
        int debtor;
        String currency;
        LocalDate issueDate;
        LocalDate dueDate;
        long amount; // cents
        long open;   // cents
    }

    /** A payment received and allocated in full to one invoice. */
    static final class Payment {
        int debtor;
        int invoice;
        long amount; // cents
        String currency;
        LocalDate bookingDate;
        String payerName;
        /** True: the payer quoted the RF reference; false: only the invoice number in free text. */
        boolean structured;
    }

    static final class Hold {
        int debtor;
        int invoice; // 0: the hold covers the whole debtor
        String kind;
        String reason;
        LocalDate until;
        Long promisedAmount; // cents
        String promiseStatus;
    }
}
