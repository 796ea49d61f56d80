package org.arrears.demo;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Generates the uniform benchmark book: every debtor a GB business reachable by one consented email
 * address ({@code debtor<id>@example.test}), with exactly one EUR invoice due ten days before the as-of
 * date and wholly open. Only the amounts vary (with the seed).
 */
final class UniformBook {

    private UniformBook() {
    }

    /** @param sms each debtor has a consented UK mobile (from the range kept for drama) instead of an email address */
    static Book generate(SeedSpec spec, boolean sms) {
        int n = spec.debtors();
        SplittableRandom rng = new SplittableRandom(spec.randomSeed());
        LocalDate due = spec.asOf().minusDays(10);
        LocalDate issue = due.minusDays(30);
        Book book = new Book(n, n, n);
        for (int i = 0; i < n; i++) {
            Book.Debtor d = new Book.Debtor();
            d.name = "Debtor ";
            d.nameAfterId = " Ltd";
            d.kind = "B2B";
            d.locale = "en";
            d.timeZone = "Europe/London";
            d.jurisdiction = "GB";
            book.add(d);

            Book.ContactPoint cp = new Book.ContactPoint();
            cp.debtor = i + 1;
            if (sms) {
                cp.channel = "sms";
                cp.address = String.format(java.util.Locale.ROOT, "+447700900%03d", i % 1000);
            } else {
                cp.channel = "email";
                cp.address = "debtor";
                cp.addressAfterId = "@example.test";
            }
            cp.consentSource = "CONSUMER_USED";
            cp.consentAt = spec.asOf().minusDays(90).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
            cp.quality = "GOOD";
            cp.preferred = true;
            book.contactPoints.add(cp);

            Book.Invoice inv = new Book.Invoice();
            inv.debtor = i + 1;
            inv.currency = "EUR";
            inv.issueDate = issue;
            inv.dueDate = due;
            inv.amount = 5_000 + rng.nextLong(495_001); // 50.00 to 5,000.00
            inv.open = inv.amount;
            book.add(inv);
        }
        return book;
    }
}
