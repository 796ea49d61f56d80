package org.arrears.demo;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What to seed: how many debtors, from which random seed, as of which business date, in which shape.
 *
 * @param debtors    number of debtors to add (0 or more)
 * @param randomSeed the same seed, spec and starting ids give the same rows
 * @param asOf       the business date the book is built around (due dates, promises, notices)
 * @param profile    the shape of the book
 */
public record SeedSpec(int debtors, long randomSeed, LocalDate asOf, Profile profile) {

    /** The demo's book size. */
    public static final int DEFAULT_REALISTIC_DEBTORS = 1_000;

    /** The shape of the seeded book. */
    public enum Profile {
        /**
         * A believable mixed book for the demo: consumers and businesses in several countries, languages,
         * time zones and currencies; open, partly paid and paid invoices; holds, legal flags and contact
         * points chosen so that every compliance rule has something to act on.
         */
        REALISTIC,
        /**
         * A flat book for throughput measurement: every debtor a business in GB with one consented email
         * address and exactly one EUR invoice 10 days overdue; no holds, no flags.
         */
        UNIFORM,
        /** Like {@link #UNIFORM}, but each debtor is reachable only by one consented mobile number (texts). */
        UNIFORM_SMS
    }

    public SeedSpec {
        if (debtors < 0) {
            throw new IllegalArgumentException("debtors must be 0 or more, not " + debtors);
        }
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(profile, "profile");
    }

    /** The demo book: {@value #DEFAULT_REALISTIC_DEBTORS} realistic debtors. */
    public static SeedSpec realistic(long randomSeed, LocalDate asOf) {
        return new SeedSpec(DEFAULT_REALISTIC_DEBTORS, randomSeed, asOf, Profile.REALISTIC);
    }

    /** A uniform benchmark book whose debtors can only be texted. */
    public static SeedSpec uniformSms(int debtors, long randomSeed, LocalDate asOf) {
        return new SeedSpec(debtors, randomSeed, asOf, Profile.UNIFORM_SMS);
    }

    /** A uniform benchmark book of {@code debtors} debtors. */
    public static SeedSpec uniform(int debtors, long randomSeed, LocalDate asOf) {
        return new SeedSpec(debtors, randomSeed, asOf, Profile.UNIFORM);
    }
}
