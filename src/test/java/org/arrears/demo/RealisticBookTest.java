package org.arrears.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.arrears.ar.CreditorReference;
import org.arrears.db.Database;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo book: 1,000 debtors seeded once into a real PostgreSQL, then examined. */
class RealisticBookTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 3, 16);
    static final String AS_OF_SQL = "DATE '2026-03-16'";

    static Database db;
    static SeedQueries q;
    static SeedReport report;
    static long millis;

    @BeforeAll
    static void seed() {
        db = TestDatabase.fresh();
        q = new SeedQueries(db.dataSource());
        long t0 = System.nanoTime();
        report = new BookSeeder().seed(db.dataSource(), SeedSpec.realistic(42, AS_OF));
        millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("REALISTIC 1,000: " + report + " in " + millis + " ms");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void seedsQuickly() {
        assertThat(millis).as("ms for 1,000 realistic debtors").isLessThan(3_000);
    }

    @Test
    void reportMatchesTheDatabase() {
        assertThat(report.debtors()).isEqualTo(1_000);
        assertThat(q.count("SELECT count(*) FROM debtor")).isEqualTo(report.debtors());
        assertThat(q.count("SELECT count(*) FROM contact_point")).isEqualTo(report.contactPoints());
        assertThat(q.count("SELECT count(*) FROM invoice")).isEqualTo(report.invoices());
        assertThat(q.count("SELECT count(*) FROM invoice WHERE open_amount > 0")).isEqualTo(report.openInvoices());
        assertThat(q.count("SELECT count(*) FROM invoice WHERE open_amount = 0")).isEqualTo(report.paidInvoices());
        assertThat(q.count("SELECT count(*) FROM hold")).isEqualTo(report.holds());
        assertThat(report.openInvoices() + report.paidInvoices()).isEqualTo(report.invoices());
        assertThat(report.toString()).contains("1000 debtors").contains(report.invoices() + " invoices");
    }

    @Test
    void countsAreInTheExpectedRanges() {
        assertThat(report.contactPoints()).isBetween(2_400, 2_800);
        assertThat(report.invoices()).isBetween(2_200, 3_000);
        assertThat(report.paidInvoices()).isBetween((int) (report.invoices() * 0.11), (int) (report.invoices() * 0.19));
        long partlyPaid = q.count("SELECT count(*) FROM invoice WHERE open_amount > 0 AND open_amount < amount");
        assertThat(partlyPaid).isBetween((long) (report.invoices() * 0.05), (long) (report.invoices() * 0.11));
        assertThat(report.holds()).isBetween(70, 90);
        assertThat(q.count("SELECT count(*) FROM debtor WHERE kind = 'B2B'")).isEqualTo(350);
        assertThat(q.count("SELECT count(*) FROM (SELECT debtor_id, count(*) n FROM invoice GROUP BY 1) x "
                + "WHERE n BETWEEN 1 AND 6")).isEqualTo(1_000);
        assertThat(q.count("SELECT count(*) FROM invoice WHERE amount < 20 OR amount > 15000")).isZero();
        assertThat(q.one("SELECT avg(i.amount) FILTER (WHERE d.kind = 'B2B') > 2 * avg(i.amount) FILTER (WHERE d.kind = 'B2C') "
                + "FROM invoice i JOIN debtor d ON d.id = i.debtor_id")).isEqualTo("t");
    }

    @Test
    void paymentReferencesAreValidAndUnique() {
        List<String> refs = q.column("SELECT payment_reference FROM invoice");
        assertThat(refs).hasSize(report.invoices()).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(refs).allSatisfy(r -> assertThat(CreditorReference.isValid(r)).as(r).isTrue());
        assertThat(q.count("SELECT count(*) FROM invoice WHERE invoice_number !~ '^INV-[0-9]{4}-[0-9]{6,}$' "
                + "OR payment_reference <> (SELECT payment_reference FROM invoice j WHERE j.id = invoice.id)")).isZero();
        assertThat(q.count("SELECT count(*) FROM invoice WHERE substr(invoice_number, 5, 4)::int <> "
                + "extract(year FROM issue_date)")).isZero();
    }

    @Test
    void datesFollowTheTerms() {
        assertThat(q.count("SELECT count(*) FROM invoice WHERE due_date < " + AS_OF_SQL + " - 120 OR due_date > "
                + AS_OF_SQL + " + 10")).isZero();
        assertThat(q.count("SELECT count(*) FROM invoice WHERE due_date - issue_date NOT IN (14, 30, 45)")).isZero();
        assertThat(q.count("SELECT count(*) FROM invoice WHERE due_date < " + AS_OF_SQL + " AND open_amount > 0"))
                .as("overdue and open").isGreaterThan(1_000);
        assertThat(q.count("SELECT count(*) FROM invoice WHERE due_date >= " + AS_OF_SQL)).as("not yet due").isPositive();
    }

    @Test
    void paymentsAndAllocationsAddUp() {
        assertThat(q.count("SELECT count(*) FROM invoice WHERE open_amount < 0 OR open_amount > amount")).isZero();
        assertThat(q.count("SELECT count(*) FROM invoice i LEFT JOIN (SELECT invoice_id, sum(amount) s FROM allocation "
                + "GROUP BY 1) a ON a.invoice_id = i.id WHERE COALESCE(a.s, 0) <> i.amount - i.open_amount")).isZero();
        assertThat(q.count("SELECT count(*) FROM payment p LEFT JOIN (SELECT payment_id, sum(amount) s FROM allocation "
                + "GROUP BY 1) a ON a.payment_id = p.id WHERE COALESCE(a.s, 0) <> p.amount")).isZero();
        assertThat(q.count("SELECT count(*) FROM allocation a JOIN payment p ON p.id = a.payment_id "
                + "JOIN invoice i ON i.id = a.invoice_id WHERE p.currency <> i.currency OR p.debtor_id <> i.debtor_id "
                + "OR p.booking_date <= i.issue_date OR p.booking_date > " + AS_OF_SQL)).isZero();
        assertThat(q.count("SELECT count(*) FROM payment WHERE structured_reference IS NOT NULL "
                + "AND structured_reference NOT IN (SELECT payment_reference FROM invoice)")).isZero();
        assertThat(q.count("SELECT count(*) FROM payment")).isEqualTo(q.count("SELECT count(*) FROM invoice WHERE open_amount < amount"));
        assertThat(q.count("SELECT count(DISTINCT bank_reference) FROM payment")).isEqualTo(q.count("SELECT count(*) FROM payment"));
    }

    @Test
    void theMixHasEveryLocaleZoneJurisdictionAndCurrency() {
        assertThat(q.column("SELECT DISTINCT locale FROM debtor"))
                .contains("en-US", "en-GB", "de-DE", "fr-FR", "fr-CA", "en-CA", "es-ES");
        assertThat(q.column("SELECT DISTINCT time_zone FROM debtor WHERE time_zone IS NOT NULL"))
                .contains("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
                        "America/Phoenix", "America/Anchorage", "Pacific/Honolulu", "Europe/London",
                        "Europe/Berlin", "Europe/Paris", "America/Toronto", "Europe/Madrid");
        assertThat(q.column("SELECT DISTINCT jurisdiction FROM debtor"))
                .contains("US-NY", "US-CA", "US-FL", "US-TX", "GB", "DE", "FR", "CA-QC", "CA-ON", "ES");
        assertThat(q.column("SELECT DISTINCT currency FROM invoice")).containsExactlyInAnyOrder("USD", "GBP", "EUR", "CAD");
        // locale, zone, jurisdiction and currency agree
        assertThat(q.column("SELECT DISTINCT locale || ' ' || COALESCE(time_zone, '-') || ' ' || left(jurisdiction, 2) "
                + "FROM debtor WHERE locale NOT IN ('en-US')"))
                .containsExactlyInAnyOrder("en-GB Europe/London GB", "de-DE Europe/Berlin DE", "fr-FR Europe/Paris FR",
                        "fr-CA America/Toronto CA", "en-CA America/Toronto CA", "es-ES Europe/Madrid ES");
        assertThat(q.count("SELECT count(*) FROM debtor WHERE locale = 'fr-CA' AND jurisdiction <> 'CA-QC'")).isZero();
        assertThat(q.count("SELECT count(*) FROM debtor WHERE locale = 'en-CA' AND jurisdiction <> 'CA-ON'")).isZero();
        assertThat(q.count("SELECT count(*) FROM debtor WHERE locale = 'en-US' AND jurisdiction NOT LIKE 'US-%'")).isZero();
        assertThat(q.count("SELECT count(*) FROM debtor WHERE locale = 'en-US'")).isBetween(330L, 480L);
    }

    @Test
    void namesLookReal() {
        assertThat(q.column("SELECT name FROM debtor WHERE locale = 'de-DE' AND kind = 'B2B'"))
                .anySatisfy(n -> assertThat(n).containsAnyOf("GmbH", " AG", " UG"));
        assertThat(q.column("SELECT name FROM debtor WHERE locale = 'es-ES' AND kind = 'B2C'"))
                .allSatisfy(n -> assertThat(n.split(" ")).hasSizeGreaterThanOrEqualTo(3));
        assertThat(q.count("SELECT count(DISTINCT name) FROM debtor")).isGreaterThan(600);
        assertThat(q.count("SELECT count(DISTINCT external_ref) FROM debtor")).isEqualTo(1_000);
    }

    @Test
    void someBusinessesAreInvoicedInTwoCurrencies() {
        assertThat(q.count("SELECT count(*) FROM (SELECT i.debtor_id FROM invoice i JOIN debtor d ON d.id = i.debtor_id "
                + "WHERE d.kind = 'B2B' GROUP BY 1 HAVING count(DISTINCT currency) = 2) x")).isBetween(20L, 50L);
        assertThat(q.count("SELECT count(*) FROM (SELECT i.debtor_id FROM invoice i JOIN debtor d ON d.id = i.debtor_id "
                + "WHERE d.kind = 'B2C' GROUP BY 1 HAVING count(DISTINCT currency) > 1) x")).isZero();
    }

    @Test
    void conflictingLocationDebtorsExist() {
        assertThat(q.count("SELECT count(*) FROM debtor WHERE time_zone IS NULL AND postal_code = '94105' "
                + "AND '212' = ANY (phone_area_codes)")).isPositive();
        assertThat(q.count("SELECT count(*) FROM debtor WHERE time_zone IS NULL")).isBetween(15L, 25L);
        assertThat(q.count("SELECT count(*) FROM debtor WHERE time_zone IS NULL AND (kind <> 'B2C' OR locale <> 'en-US' "
                + "OR postal_code IS NULL OR cardinality(phone_area_codes) = 0)")).isZero();
        // each one has a mobile carrying the conflicting area code
        assertThat(q.count("SELECT count(*) FROM debtor d WHERE time_zone IS NULL AND NOT EXISTS (SELECT 1 FROM contact_point c "
                + "WHERE c.debtor_id = d.id AND c.channel = 'sms' AND substr(c.address, 3, 3) = ANY (d.phone_area_codes))")).isZero();
        // everyone else in the US has a zone and, if they have a mobile, its area code
        assertThat(q.count("SELECT count(*) FROM debtor d JOIN contact_point c ON c.debtor_id = d.id AND c.channel = 'sms' "
                + "WHERE d.locale = 'en-US' AND d.time_zone IS NOT NULL AND d.phone_area_codes <> ARRAY[substr(c.address, 3, 3)]"))
                .isZero();
    }

    @Test
    void everyFlagIsPresent() {
        for (String flag : List.of("bankruptcy", "deceased", "cease_communication", "attorney_represented")) {
            assertThat(q.count("SELECT count(*) FROM debtor WHERE " + flag)).as(flag).isBetween(1L, 8L);
        }
        assertThat(q.count("SELECT count(*) FROM debtor WHERE attorney_represented AND attorney_contact IS NULL")).isZero();
        assertThat(q.count("SELECT count(*) FROM debtor WHERE no_contact_before = TIME '12:00'")).isBetween(3L, 15L);
        assertThat(q.count("SELECT count(*) FROM debtor WHERE deceased AND kind = 'B2B'")).isZero();
    }

    @Test
    void everyHoldKindIsPresentAndWellFormed() {
        assertThat(q.count("SELECT count(*) FROM hold WHERE kind = 'DISPUTE'")).isBetween(35L, 45L);
        assertThat(q.count("SELECT count(*) FROM hold WHERE kind = 'PROMISE_TO_PAY'")).isBetween(25L, 35L);
        assertThat(q.count("SELECT count(*) FROM hold WHERE kind = 'PAYMENT_PLAN'")).isBetween(5L, 15L);
        assertThat(q.count("SELECT count(*) FROM hold h LEFT JOIN invoice i ON i.id = h.invoice_id WHERE h.kind = 'DISPUTE' "
                + "AND (i.id IS NULL OR i.debtor_id <> h.debtor_id OR i.open_amount = 0 OR h.reason IS NULL)")).isZero();
        assertThat(q.count("SELECT count(*) FROM hold WHERE kind = 'PROMISE_TO_PAY' AND (invoice_id IS NOT NULL "
                + "OR until < " + AS_OF_SQL + " + 3 OR until > " + AS_OF_SQL + " + 14 OR promised_amount <= 0 "
                + "OR promise_status <> 'OPEN')")).isZero();
        assertThat(q.count("SELECT count(*) FROM hold WHERE kind = 'PAYMENT_PLAN' AND (invoice_id IS NOT NULL "
                + "OR until <= " + AS_OF_SQL + " OR promised_amount <= 0 OR reason NOT LIKE 'Payment plan:%')")).isZero();
        assertThat(q.count("SELECT count(*) FROM hold WHERE released_at IS NOT NULL")).isZero();
        assertThat(q.count("SELECT count(DISTINCT debtor_id) FROM hold")).isEqualTo(report.holds());
    }

    @Test
    void contactPointsExerciseTheConsentRules() {
        long emails = q.count("SELECT count(*) FROM contact_point WHERE channel = 'email'");
        assertThat(emails).isBetween(950L, 990L);
        // every debtor can be reached somehow; some without email only by text, some only by letter
        assertThat(q.count("SELECT count(*) FROM debtor d WHERE NOT EXISTS (SELECT 1 FROM contact_point c "
                + "WHERE c.debtor_id = d.id)")).isZero();
        long letters = q.count("SELECT count(*) FROM contact_point WHERE channel = 'letter'");
        assertThat(q.count("SELECT count(DISTINCT debtor_id) FROM contact_point WHERE channel = 'letter'")).isEqualTo(letters);
        assertThat(letters).isBetween(985L, 999L);
        assertThat(q.count("SELECT count(*) FROM debtor d WHERE NOT EXISTS (SELECT 1 FROM contact_point c WHERE "
                + "c.debtor_id = d.id AND c.channel IN ('email', 'letter'))")).as("phone only").isPositive();
        assertThat(q.count("SELECT count(*) FROM debtor d WHERE NOT EXISTS (SELECT 1 FROM contact_point c WHERE "
                + "c.debtor_id = d.id AND c.channel IN ('email', 'sms'))")).as("letter only").isPositive();
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE channel = 'email' "
                + "AND consent_source IN ('CONSUMER_USED', 'CONSUMER_CONSENT')")).isGreaterThan((long) (emails * 0.85));
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE channel = 'email' AND consent_source = 'CREDITOR_FILE' "
                + "AND creditor_notice_sent_on IS NULL")).isBetween(20L, 40L);
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE channel = 'email' AND consent_source = 'CREDITOR_NOTICE' "
                + "AND NOT work_email AND creditor_notice_sent_on <= " + AS_OF_SQL + " - 40")).isBetween(20L, 40L);
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE channel = 'email' AND consent_source = 'CREDITOR_NOTICE' "
                + "AND creditor_notice_sent_on > " + AS_OF_SQL + " - 35")).isPositive();
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE work_email AND consent_source = 'CREDITOR_NOTICE' "
                + "AND creditor_notice_sent_on <= " + AS_OF_SQL + " - 40")).isBetween(10L, 30L);
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE opted_out_at IS NOT NULL AND opt_out_source = 'ONE_CLICK' "
                + "AND opted_out_at > consent_at AND opted_out_at < " + AS_OF_SQL)).isBetween(20L, 40L);
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE quality = 'HARD_BOUNCE'")).isBetween(5L, 15L);
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE consent_source = 'CREDITOR_NOTICE' "
                + "AND creditor_notice_sent_on IS NULL")).isZero();
        assertThat(q.count("SELECT count(DISTINCT lower(address)) FROM contact_point WHERE channel = 'email'")).isEqualTo(emails);
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE channel = 'email' AND address !~ "
                + "'^[a-z0-9._-]+@[a-z0-9.-]+\\.(example|com|net|org)$'")).isZero();
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE channel = 'email' AND address ~ '\\.(com|net|org)$' "
                + "AND address !~ '@example\\.(com|net|org)$'")).as("reserved domains only").isZero();
    }

    @Test
    void smsContactPointsAreFictionalNumbersMostlyWithConsent() {
        long sms = q.count("SELECT count(*) FROM contact_point WHERE channel = 'sms'");
        assertThat(sms).isBetween(500L, 700L);
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE channel = 'sms' AND consent_source = 'CONSUMER_CONSENT' "
                + "AND (consent_at IS NULL OR consent_at > " + AS_OF_SQL + ")")).isZero();
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE channel = 'sms' AND consent_source <> 'CONSUMER_CONSENT'"))
                .as("numbers from the creditor's file, without consent (R24)").isBetween(10L, 60L);
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE channel = 'sms' AND address !~ "
                + "'^(\\+1[2-9][0-9]{2}55501[0-9]{2}|\\+447700900[0-9]{3}|\\+3363998[0-9]{4})$'")).isZero();
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE channel = 'sms' AND reassigned_check_at IS NOT NULL"))
                .isPositive();
        assertThat(q.count("SELECT count(*) FROM contact_point WHERE channel = 'sms' AND reassigned_check_at IS NULL "
                + "AND consent_at < " + AS_OF_SQL + " - 60")).as("stale consent without a check").isPositive();
    }

    @Test
    void everyDebtorHasAPostalAddress() {
        Set<String> countries = new HashSet<>(q.column("SELECT DISTINCT split_part(address, E'\\n', "
                + "array_length(string_to_array(address, E'\\n'), 1)) FROM contact_point WHERE channel = 'letter'"));
        assertThat(countries).containsExactlyInAnyOrder("United States", "United Kingdom", "Deutschland", "France",
                "España", "Canada");
        assertThat(q.count("SELECT count(*) FROM contact_point c JOIN debtor d ON d.id = c.debtor_id "
                + "WHERE c.channel = 'letter' AND position(d.postal_code IN c.address) = 0")).isZero();
    }
}
