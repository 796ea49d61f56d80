package org.arrears.demo;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Generates the realistic demo book. Rare cases (legal flags, holds, unusual contact points, conflicting
 * locations) are drawn as quotas rather than coin flips, so that every kind is present in any book of a
 * reasonable size, whatever the seed; the common mix (place, invoice count, amounts, payments) is drawn
 * per debtor.
 */
final class RealisticBook {

    /** How an email contact point came to be and what happened to it since. */
    private enum EmailCase {
        /** Consumer used or consented to the address (R6 (i)). */
        CONSENTED,
        /** No email address at all. */
        NONE,
        /** In the creditor's file with no procedure on record (R6: not usable). */
        CREDITOR_FILE,
        /** Creditor notice sent 40 or more days ago (R6 (ii): usable). */
        CREDITOR_NOTICE,
        /** Creditor notice sent less than 35 days ago (R6 (ii): not yet usable). */
        CREDITOR_NOTICE_RECENT,
        /** Employer-provided address known only through a creditor notice (R7: never usable). */
        WORK_EMAIL_NOTICE,
        /** Consented, then opted out by one-click unsubscribe (R5). */
        OPTED_OUT,
        /** Consented, but mail to it bounced permanently. */
        HARD_BOUNCE
    }

    private static final List<String> DISPUTE_REASONS = List.of(
            "Goods not received",
            "Amount disputed: price differs from the quote",
            "Service not delivered as agreed",
            "Invoice addressed to the wrong entity",
            "Duplicate of an invoice already paid",
            "Damaged goods returned, credit note expected");

    private static final List<String> ATTORNEYS = List.of(
            "Dana Whitfield, Esq., Whitfield & Ortiz LLP",
            "Marcus Bell, Esq., Law Office of Marcus Bell",
            "Rachel Kim, Esq., Kim Consumer Law PC",
            "Samuel Ortega, Esq., Ortega Legal Group");

    private final SplittableRandom rng;
    private final LocalDate asOf;
    private final int n;
    private final Book book;

    private final Catalog.Place[] place;
    private final boolean[] conflict;
    private final boolean[] b2b;
    /** A legal flag, a designated time or a hold already given: keeps those cases apart. */
    private final boolean[] special;
    private final EmailCase[] emailCase;
    private final int[] firstInvoice;
    private final int[] invoiceCount;

    private RealisticBook(SeedSpec spec) {
        this.rng = new SplittableRandom(spec.randomSeed());
        this.asOf = spec.asOf();
        this.n = spec.debtors();
        this.book = new Book(n, n * 3, n * 3);
        this.place = new Catalog.Place[n];
        this.conflict = new boolean[n];
        this.b2b = new boolean[n];
        this.special = new boolean[n];
        this.emailCase = new EmailCase[n];
        this.firstInvoice = new int[n];
        this.invoiceCount = new int[n];
    }

    static Book generate(SeedSpec spec) {
        RealisticBook g = new RealisticBook(spec);
        g.segments();
        g.debtors();
        g.legalFlags();
        g.contactPoints();
        g.invoices();
        g.holds();
        return g.book;
    }

    // ---- who the debtors are --------------------------------------------------------------------

    private void segments() {
        int[] order = shuffled(n);
        int conflicts = quota(0.02);
        for (int k = 0; k < conflicts && k < n; k++) {
            conflict[order[k]] = true;
        }
        int businesses = (int) Math.round(0.35 * n);
        for (int k = conflicts; k < n && k < conflicts + businesses; k++) {
            b2b[order[k]] = true;
        }
        // The first debtors (in a fresh random order) take each place once, so every locale, zone,
        // jurisdiction and currency is present; the rest are drawn by weight.
        int[] placeOrder = shuffled(n);
        int covered = 0;
        int conflicting = 0;
        for (int i : placeOrder) {
            if (conflict[i]) {
                place[i] = Catalog.CONFLICTING.get(conflicting++ % Catalog.CONFLICTING.size());
            } else if (covered < Catalog.PLACES.size()) {
                place[i] = Catalog.PLACES.get(covered++);
            } else {
                place[i] = Catalog.weightedPlace(rng);
            }
        }
    }

    private final List<String[]> people = new ArrayList<>();

    private void debtors() {
        for (int i = 0; i < n; i++) {
            Catalog.Place p = place[i];
            Book.Debtor d = new Book.Debtor();
            d.kind = b2b[i] ? "B2B" : "B2C";
            d.locale = p.locale();
            d.timeZone = p.timeZone();
            d.jurisdiction = p.jurisdiction();
            d.currency = p.currency();
            d.postalCode = p.randomPostalCode(rng);
            String[] who;
            if (b2b[i]) {
                who = Catalog.company(rng, p.locale());
                d.name = who[0];
            } else {
                who = Catalog.person(rng, p.locale());
                d.name = who[0] + " " + who[1];
            }
            people.add(who);
            book.add(d);
        }
    }

    private void legalFlags() {
        for (int i : choose(quota(0.003), i -> !b2b[i], true)) {
            debtor(i).deceased = true;
        }
        for (int i : choose(quota(0.005), i -> true, true)) {
            debtor(i).bankruptcy = true;
        }
        for (int i : choose(quota(0.005), this::usConsumer, true)) {
            debtor(i).ceaseCommunication = true;
        }
        for (int i : choose(quota(0.005), this::usConsumer, true)) {
            Book.Debtor d = debtor(i);
            d.attorneyRepresented = true;
            String area = Catalog.pick(rng, place[i].areaCodes()); // a local attorney
            d.attorneyContact = Catalog.pick(rng, ATTORNEYS) + ", +1 " + area + " 555 01"
                    + Catalog.two(rng.nextInt(100));
        }
        for (int i : choose(quota(0.01), i -> !b2b[i], true)) {
            debtor(i).noContactBefore = LocalTime.NOON;
        }
        for (int i : choose(quota(0.003), i -> !b2b[i], true)) {
            debtor(i).noContactAfter = LocalTime.of(19, 0);
        }
        for (int i : choose(quota(0.005), this::usConsumer, true)) {
            debtor(i).outsideHoursConsentAt = at(asOf.minusDays(5 + rng.nextInt(200)));
        }
    }

    private boolean usConsumer(int i) {
        return !b2b[i] && "US".equals(place[i].country());
    }

    // ---- contact points -------------------------------------------------------------------------

    private void contactPoints() {
        Arrays.fill(emailCase, EmailCase.CONSENTED);
        boolean[] taken = new boolean[n];
        assign(taken, EmailCase.NONE, quota(0.03), i -> !conflict[i]);
        assign(taken, EmailCase.WORK_EMAIL_NOTICE, quota(0.02), i -> !b2b[i]);
        assign(taken, EmailCase.CREDITOR_FILE, quota(0.03), i -> true);
        assign(taken, EmailCase.CREDITOR_NOTICE, quota(0.03), i -> true);
        assign(taken, EmailCase.CREDITOR_NOTICE_RECENT, quota(0.01), i -> true);
        assign(taken, EmailCase.OPTED_OUT, quota(0.03), i -> true);
        assign(taken, EmailCase.HARD_BOUNCE, quota(0.01), i -> true);

        Set<String> mobiles = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Book.Debtor d = debtor(i);
            if (emailCase[i] != EmailCase.NONE) {
                book.contactPoints.add(email(i, d));
            }
            // debtors without email: a third can only be texted, a third only written to, a third both
            int reach = emailCase[i] == EmailCase.NONE ? i % 3 : 2;
            Book.ContactPoint sms = reach == 1 ? null : sms(i, d, mobiles);
            if (sms != null) {
                book.contactPoints.add(sms);
            }
            if (reach != 0 || sms == null) {
                Book.ContactPoint letter = new Book.ContactPoint();
                letter.debtor = i + 1;
                letter.channel = "letter";
                letter.address = Catalog.postalAddress(rng, place[i], d.postalCode);
                letter.preferred = emailCase[i] == EmailCase.NONE;
                book.contactPoints.add(letter);
            }
        }
    }

    private void assign(boolean[] taken, EmailCase c, int count, IntPredicate eligible) {
        for (int i : pickFrom(count, i -> !taken[i] && eligible.test(i))) {
            taken[i] = true;
            emailCase[i] = c;
        }
    }

    private Book.ContactPoint email(int i, Book.Debtor d) {
        Book.ContactPoint cp = new Book.ContactPoint();
        cp.debtor = i + 1;
        cp.channel = "email";
        cp.preferred = true;
        String[] who = people.get(i);
        if (b2b[i]) {
            // accounts@harbor-logistics-<id>.example
            cp.address = Catalog.billingMailbox(rng, d.locale) + "@" + Catalog.slug(who[1], '-') + "-";
            cp.addressAfterId = ".example";
        } else if (emailCase[i] == EmailCase.WORK_EMAIL_NOTICE) {
            // the employer's domain
            cp.address = Catalog.slug(who[0], '.') + "." + Catalog.slug(who[1], '.');
            cp.addressAfterId = "@" + Catalog.slug(Catalog.company(rng, d.locale)[1], '-') + ".example";
            cp.workEmail = true;
        } else {
            cp.address = Catalog.slug(who[0], '.') + "." + Catalog.slug(who[1], '.');
            cp.addressAfterId = "@" + Catalog.pick(rng, Catalog.personalMailDomains(d.locale));
        }
        cp.quality = rng.nextDouble() < 0.85 ? "GOOD" : "UNKNOWN";
        switch (emailCase[i]) {
            case CREDITOR_FILE -> cp.consentSource = "CREDITOR_FILE";
            case CREDITOR_NOTICE, WORK_EMAIL_NOTICE -> {
                cp.consentSource = "CREDITOR_NOTICE";
                cp.creditorNoticeSentOn = asOf.minusDays(40 + rng.nextInt(81));
            }
            case CREDITOR_NOTICE_RECENT -> {
                cp.consentSource = "CREDITOR_NOTICE";
                cp.creditorNoticeSentOn = asOf.minusDays(5 + rng.nextInt(26));
            }
            default -> {
                cp.consentSource = rng.nextDouble() < 0.6 ? "CONSUMER_USED" : "CONSUMER_CONSENT";
                int age = 10 + rng.nextInt(690);
                cp.consentAt = at(asOf.minusDays(age));
                if (emailCase[i] == EmailCase.OPTED_OUT) {
                    cp.optedOutAt = at(asOf.minusDays(1 + rng.nextInt(Math.min(age - 1, 90))));
                    cp.optOutSource = "ONE_CLICK";
                } else if (emailCase[i] == EmailCase.HARD_BOUNCE) {
                    cp.quality = "HARD_BOUNCE";
                }
            }
        }
        return cp;
    }

    private Book.ContactPoint sms(int i, Book.Debtor d, Set<String> used) {
        Catalog.Place p = place[i];
        double chance = conflict[i] ? 1.0 : b2b[i] ? 0.6 : 0.85;
        if (!Catalog.hasFictionalMobiles(p.country()) || rng.nextDouble() >= chance) {
            return null;
        }
        List<String> areas = p.areaCodes();
        String number = null;
        String area = null;
        for (int attempt = 0; attempt < 20 && (number == null || used.contains(number)); attempt++) {
            // conflicting-location debtors: the mobile carries the conflicting evidence
            area = areas.isEmpty() ? null : conflict[i] ? areas.get(areas.size() - 1) : Catalog.pick(rng, areas);
            number = Catalog.fictionalMobile(rng, p.country(), area);
        }
        used.add(number);
        if (conflict[i]) {
            d.phoneAreaCodes = areas.toArray(new String[0]);
        } else if (area != null) {
            d.phoneAreaCodes = new String[] {area};
        }
        Book.ContactPoint cp = new Book.ContactPoint();
        cp.debtor = i + 1;
        cp.channel = "sms";
        cp.address = number;
        // one number in twenty came with the creditor's file and no consent: no text may go to it (R24)
        cp.consentSource = rng.nextDouble() < 0.05 ? "CREDITOR_FILE" : "CONSUMER_CONSENT";
        int age = 3 + rng.nextInt(398);
        cp.consentAt = at(asOf.minusDays(age));
        if (age > 60 && rng.nextDouble() < 0.75) {
            cp.reassignedCheckAt = at(asOf.minusDays(1 + rng.nextInt(30)));
        }
        cp.quality = rng.nextDouble() < 0.9 ? "GOOD" : "UNKNOWN";
        return cp;
    }

    // ---- invoices and payments ------------------------------------------------------------------

    private static final int[] COUNT_WEIGHTS = {30, 25, 18, 12, 9, 6}; // 1..6 invoices

    private void invoices() {
        boolean[] twoCurrencies = new boolean[n];
        for (int i : pickFrom(Math.max(1, (int) Math.round(0.1 * countB2b())), i -> b2b[i])) {
            twoCurrencies[i] = true;
        }
        for (int i = 0; i < n; i++) {
            Book.Debtor d = debtor(i);
            int count = weighted(COUNT_WEIGHTS) + 1;
            if (twoCurrencies[i]) {
                count = Math.max(count, 2);
            }
            firstInvoice[i] = book.invoices.size() + 1;
            invoiceCount[i] = count;
            for (int k = 0; k < count; k++) {
                Book.Invoice inv = new Book.Invoice();
                inv.debtor = i + 1;
                inv.currency = twoCurrencies[i] && k % 2 == 1 ? secondCurrency(d.currency) : d.currency;
                inv.amount = b2b[i] ? logUniformCents(150, 15_000) : logUniformCents(20, 2_500);
                int terms = b2b[i] ? new int[] {14, 30, 30, 30, 45, 45}[rng.nextInt(6)] : rng.nextBoolean() ? 14 : 30;
                inv.dueDate = asOf.minusDays(ageInDays());
                inv.issueDate = inv.dueDate.minusDays(terms);
                inv.open = inv.amount;
                int position = book.add(inv);
                double u = rng.nextDouble();
                if (u < 0.15) {
                    pay(i, d, position, inv, inv.amount);
                } else if (u < 0.23) {
                    long part = Math.round(inv.amount * (0.2 + 0.6 * rng.nextDouble()) / 100.0) * 100;
                    if (part <= 0 || part >= inv.amount) {
                        part = inv.amount / 2;
                    }
                    pay(i, d, position, inv, part);
                }
            }
        }
    }

    private void pay(int i, Book.Debtor d, int invoicePosition, Book.Invoice inv, long amount) {
        LocalDate from = inv.issueDate.plusDays(1);
        LocalDate to = inv.dueDate.plusDays(45).isBefore(asOf) ? inv.dueDate.plusDays(45) : asOf;
        Book.Payment p = new Book.Payment();
        p.debtor = i + 1;
        p.invoice = invoicePosition;
        p.amount = amount;
        p.currency = inv.currency;
        p.bookingDate = from.plusDays(rng.nextInt((int) (to.toEpochDay() - from.toEpochDay()) + 1));
        p.payerName = d.name;
        p.structured = rng.nextDouble() < 0.8;
        book.payments.add(p);
        inv.open -= amount;
    }

    private static String secondCurrency(String primary) {
        return switch (primary) {
            case "USD" -> "CAD";
            case "CAD" -> "USD";
            case "GBP" -> "EUR";
            default -> "USD";
        };
    }

    // ---- holds ----------------------------------------------------------------------------------

    private void holds() {
        for (int i : choose(quota(0.04), this::hasOpenInvoice, true)) {
            List<Integer> open = openInvoices(i);
            Book.Hold h = new Book.Hold();
            h.debtor = i + 1;
            h.invoice = open.get(rng.nextInt(open.size()));
            h.kind = "DISPUTE";
            h.reason = Catalog.pick(rng, DISPUTE_REASONS);
            book.holds.add(h);
        }
        for (int i : choose(quota(0.03), this::hasOpenInvoice, true)) {
            Book.Hold h = new Book.Hold();
            h.debtor = i + 1;
            h.kind = "PROMISE_TO_PAY";
            h.until = asOf.plusDays(3 + rng.nextInt(12));
            long total = openTotalInFirstCurrency(i);
            h.promisedAmount = rng.nextDouble() < 0.3 ? Math.max(1, total / 200 * 100) : total;
            h.promiseStatus = "OPEN";
            h.reason = rng.nextBoolean() ? "Promised on a call with the debtor" : "Promised in a reply to a reminder";
            book.holds.add(h);
        }
        for (int i : choose(quota(0.01), this::hasOpenInvoice, true)) {
            Book.Hold h = new Book.Hold();
            h.debtor = i + 1;
            h.kind = "PAYMENT_PLAN";
            int months = 3 + rng.nextInt(10);
            h.until = asOf.plusMonths(months);
            long total = openTotalInFirstCurrency(i);
            long instalment = (total + months - 1) / months;
            h.promisedAmount = instalment;
            h.reason = "Payment plan: " + months + " monthly instalments of "
                    + String.format(Locale.ROOT, "%d.%02d", instalment / 100, instalment % 100) + " "
                    + book.invoices.get(openInvoices(i).get(0) - 1).currency;
            book.holds.add(h);
        }
    }

    private boolean hasOpenInvoice(int i) {
        return !openInvoices(i).isEmpty();
    }

    private List<Integer> openInvoices(int i) {
        List<Integer> open = new ArrayList<>();
        for (int pos = firstInvoice[i]; pos < firstInvoice[i] + invoiceCount[i]; pos++) {
            if (book.invoices.get(pos - 1).open > 0) {
                open.add(pos);
            }
        }
        return open;
    }

    private long openTotalInFirstCurrency(int i) {
        List<Integer> open = openInvoices(i);
        String currency = book.invoices.get(open.get(0) - 1).currency;
        long total = 0;
        for (int pos : open) {
            Book.Invoice inv = book.invoices.get(pos - 1);
            if (inv.currency.equals(currency)) {
                total += inv.open;
            }
        }
        return total;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private Book.Debtor debtor(int i) {
        return book.debtors.get(i);
    }

    /** At least one, else the rate of the book size (none for an empty book). */
    private int quota(double rate) {
        return n == 0 ? 0 : Math.max(1, (int) Math.round(rate * n));
    }

    private int countB2b() {
        int c = 0;
        for (boolean b : b2b) {
            c += b ? 1 : 0;
        }
        return c;
    }

    /** Up to {@code count} eligible debtors not yet special, at random; optionally marks them special. */
    private int[] choose(int count, IntPredicate eligible, boolean markSpecial) {
        int[] chosen = pickFrom(count, i -> !special[i] && eligible.test(i));
        if (markSpecial) {
            for (int i : chosen) {
                special[i] = true;
            }
        }
        return chosen;
    }

    /** Up to {@code count} distinct eligible debtor indexes at random, in ascending order. */
    private int[] pickFrom(int count, IntPredicate eligible) {
        int[] pool = new int[n];
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (eligible.test(i)) {
                pool[size++] = i;
            }
        }
        int k = Math.min(count, size);
        for (int j = 0; j < k; j++) {
            int r = j + rng.nextInt(size - j);
            int t = pool[j];
            pool[j] = pool[r];
            pool[r] = t;
        }
        int[] chosen = Arrays.copyOf(pool, k);
        Arrays.sort(chosen);
        return chosen;
    }

    private int[] shuffled(int size) {
        int[] a = new int[size];
        for (int i = 0; i < size; i++) {
            a[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int r = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[r];
            a[r] = t;
        }
        return a;
    }

    private int weighted(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = rng.nextInt(total);
        for (int k = 0; k < weights.length; k++) {
            r -= weights[k];
            if (r < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    private long logUniformCents(double min, double max) {
        double v = Math.exp(Math.log(min) + rng.nextDouble() * (Math.log(max) - Math.log(min)));
        return Math.max(Math.round(min * 100), Math.min(Math.round(max * 100), Math.round(v * 100)));
    }

    /** A time during the working day (UTC) on the given date. */
    private OffsetDateTime at(LocalDate day) {
        return day.atTime(8 + rng.nextInt(10), rng.nextInt(60)).atOffset(ZoneOffset.UTC);
    }

    /**
     * Days since the due date, as a real ledger looks: most invoices recent, a thinning tail of old ones
     * (about 60% within the last 30 days or upcoming, 25% 31-60 days, 10% 61-90, 5% 91-120).
     */
    private int ageInDays() {
        double u = rng.nextDouble();
        if (u < 0.60) {
            return rng.nextInt(41) - 10;
        }
        if (u < 0.85) {
            return 31 + rng.nextInt(30);
        }
        if (u < 0.95) {
            return 61 + rng.nextInt(30);
        }
        return 91 + rng.nextInt(30);
    }
}
