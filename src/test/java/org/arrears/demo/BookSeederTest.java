package org.arrears.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.arrears.ar.CreditorReference;
import org.arrears.db.Database;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** Determinism, the uniform benchmark book, and appending to a database that already holds rows. */
class BookSeederTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 3, 16);

    private final BookSeeder seeder = new BookSeeder();

    @Test
    void theSameSeedGivesTheSameBookInTwoFreshDatabases() {
        String first;
        String second;
        String otherSeed;
        try (Database a = TestDatabase.fresh(); Database b = TestDatabase.fresh(); Database c = TestDatabase.fresh()) {
            SeedReport ra = seeder.seed(a.dataSource(), SeedSpec.realistic(7, AS_OF));
            SeedReport rb = seeder.seed(b.dataSource(), SeedSpec.realistic(7, AS_OF));
            seeder.seed(c.dataSource(), SeedSpec.realistic(8, AS_OF));
            assertThat(rb).isEqualTo(ra);
            first = new SeedQueries(a.dataSource()).digest();
            second = new SeedQueries(b.dataSource()).digest();
            otherSeed = new SeedQueries(c.dataSource()).digest();
        }
        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void uniformBookHasOneInvoiceTenDaysOverduePerConsentedDebtor() {
        try (Database db = TestDatabase.fresh()) {
            SeedQueries q = new SeedQueries(db.dataSource());
            long t0 = System.nanoTime();
            SeedReport r = seeder.seed(db.dataSource(), SeedSpec.uniform(20_000, 1, AS_OF));
            System.out.println("UNIFORM 20,000: " + r + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");

            assertThat(r).isEqualTo(new SeedReport(20_000, 20_000, 20_000, 20_000, 0, 0));
            assertThat(q.count("SELECT count(*) FROM invoice WHERE due_date = DATE '2026-03-16' - 10 "
                    + "AND open_amount = amount AND amount > 0 AND currency = 'EUR'")).isEqualTo(20_000);
            assertThat(q.count("SELECT count(*) FROM ar_invoice_source WHERE open_amount > 0 "
                    + "AND DATE '2026-03-16' - due_date = 10")).isEqualTo(20_000);
            assertThat(q.count("SELECT count(DISTINCT debtor_id) FROM invoice")).isEqualTo(20_000);
            assertThat(q.count("SELECT count(*) FROM debtor WHERE kind = 'B2B' AND locale = 'en' "
                    + "AND time_zone = 'Europe/London' AND jurisdiction = 'GB' AND NOT (bankruptcy OR deceased "
                    + "OR cease_communication OR attorney_represented) AND no_contact_before IS NULL")).isEqualTo(20_000);
            assertThat(q.count("SELECT count(*) FROM contact_point c JOIN debtor d ON d.id = c.debtor_id "
                    + "WHERE c.channel = 'email' AND c.consent_source = 'CONSUMER_USED' AND c.quality = 'GOOD' "
                    + "AND c.opted_out_at IS NULL AND NOT c.work_email "
                    + "AND c.address = 'debtor' || d.id || '@example.test'")).isEqualTo(20_000);
            assertThat(q.count("SELECT count(*) FROM hold")).isZero();
            assertThat(q.count("SELECT count(*) FROM payment")).isZero();
            List<String> refs = q.column("SELECT payment_reference FROM invoice");
            assertThat(refs).hasSize(20_000).doesNotHaveDuplicates()
                    .allMatch(CreditorReference::isValid);
        }
    }

    @Test
    void seedingTwiceAppendsAfterTheExistingRows() {
        try (Database db = TestDatabase.fresh()) {
            SeedQueries q = new SeedQueries(db.dataSource());
            // rows written the ordinary way first, moving the sequence on and leaving a gap
            q.execute("INSERT INTO debtor (name, kind) VALUES ('Walk-in Customer', 'B2C')");
            q.execute("SELECT nextval('debtor_id_seq')");
            q.execute("INSERT INTO invoice (debtor_id, invoice_number, currency, issue_date, due_date, amount, open_amount) "
                    + "VALUES (1, 'MANUAL-1', 'EUR', DATE '2026-01-01', DATE '2026-01-31', 10, 10)");

            SeedReport first = seeder.seed(db.dataSource(), new SeedSpec(200, 3, AS_OF, SeedSpec.Profile.REALISTIC));
            SeedReport second = seeder.seed(db.dataSource(), new SeedSpec(200, 3, AS_OF, SeedSpec.Profile.REALISTIC));
            SeedReport third = seeder.seed(db.dataSource(), SeedSpec.uniform(500, 3, AS_OF));

            assertThat(second).isEqualTo(first);
            assertThat(q.count("SELECT count(*) FROM debtor")).isEqualTo(1 + 200 + 200 + 500);
            assertThat(q.count("SELECT min(id) FROM debtor WHERE external_ref IS NOT NULL")).isEqualTo(3);
            assertThat(q.count("SELECT max(id) FROM debtor")).isEqualTo(2 + 900);
            assertThat(q.count("SELECT count(*) FROM invoice")).isEqualTo(1 + first.invoices() * 2L + third.invoices());
            assertThat(q.count("SELECT count(*) FROM contact_point"))
                    .isEqualTo(first.contactPoints() * 2L + third.contactPoints());
            assertThat(q.count("SELECT count(*) FROM hold")).isEqualTo(first.holds() * 2L);
            // children point at the parents written in the same run
            assertThat(q.count("SELECT count(*) FROM invoice i JOIN debtor d ON d.id = i.debtor_id "
                    + "WHERE i.invoice_number <> 'MANUAL-1' AND d.external_ref IS NULL")).isZero();
            assertThat(q.count("SELECT count(*) FROM allocation a JOIN payment p ON p.id = a.payment_id "
                    + "JOIN invoice i ON i.id = a.invoice_id WHERE p.debtor_id <> i.debtor_id")).isZero();
            assertThat(q.count("SELECT count(*) FROM hold h JOIN invoice i ON i.id = h.invoice_id "
                    + "WHERE h.debtor_id <> i.debtor_id")).isZero();
            // the same book twice: same shape, different ids, so no clash on the unique columns
            assertThat(q.count("SELECT count(DISTINCT payment_reference) FROM invoice WHERE payment_reference IS NOT NULL"))
                    .isEqualTo(first.invoices() * 2L + third.invoices());
            assertThat(q.count("SELECT count(DISTINCT address) FROM contact_point WHERE channel = 'email'"))
                    .isEqualTo(q.count("SELECT count(*) FROM contact_point WHERE channel = 'email'"));

            // the sequences were moved on: ordinary inserts continue after the seeded ids
            for (String table : List.of("debtor", "contact_point", "invoice", "payment", "allocation", "hold")) {
                long max = q.count("SELECT max(id) FROM " + table);
                assertThat(q.count("SELECT last_value FROM " + table + "_id_seq")).as(table).isEqualTo(max);
            }
            q.execute("INSERT INTO debtor (name, kind) VALUES ('Another Walk-in', 'B2C')");
            assertThat(q.count("SELECT max(id) FROM debtor")).isEqualTo(903);
        }
    }

    @Test
    void anEmptyBookWritesNothing() {
        try (Database db = TestDatabase.fresh()) {
            SeedReport r = seeder.seed(db.dataSource(), new SeedSpec(0, 1, AS_OF, SeedSpec.Profile.REALISTIC));
            assertThat(r).isEqualTo(new SeedReport(0, 0, 0, 0, 0, 0));
            assertThat(new SeedQueries(db.dataSource()).count("SELECT count(*) FROM debtor")).isZero();
        }
    }

    @Test
    void aSmallRealisticBookStillHasEveryRareCase() {
        try (Database db = TestDatabase.fresh()) {
            SeedQueries q = new SeedQueries(db.dataSource());
            seeder.seed(db.dataSource(), new SeedSpec(120, 99, AS_OF, SeedSpec.Profile.REALISTIC));
            for (String where : List.of("bankruptcy", "deceased", "cease_communication", "attorney_represented",
                    "no_contact_before IS NOT NULL", "time_zone IS NULL")) {
                assertThat(q.count("SELECT count(*) FROM debtor WHERE " + where)).as(where).isPositive();
            }
            assertThat(q.column("SELECT DISTINCT kind FROM hold"))
                    .containsExactlyInAnyOrder("DISPUTE", "PROMISE_TO_PAY", "PAYMENT_PLAN");
            assertThat(q.column("SELECT DISTINCT locale FROM debtor"))
                    .contains("en-US", "en-GB", "de-DE", "fr-FR", "fr-CA", "en-CA", "es-ES");
        }
    }

    @Test
    void specRejectsNonsense() {
        assertThatThrownBy(() -> new SeedSpec(-1, 1, AS_OF, SeedSpec.Profile.UNIFORM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeedSpec(1, 1, null, SeedSpec.Profile.UNIFORM))
                .isInstanceOf(NullPointerException.class);
        assertThat(SeedSpec.realistic(1, AS_OF).debtors()).isEqualTo(SeedSpec.DEFAULT_REALISTIC_DEBTORS);
    }
}
