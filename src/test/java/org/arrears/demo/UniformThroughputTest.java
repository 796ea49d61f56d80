package org.arrears.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.arrears.db.Database;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** The benchmark's book size: 100,000 debtors must seed in well under 15 seconds on two cores. */
class UniformThroughputTest {

    @Test
    void seedsOneHundredThousandDebtorsQuickly() {
        try (Database db = TestDatabase.fresh()) {
            long t0 = System.nanoTime();
            SeedReport r = new BookSeeder().seed(db.dataSource(), SeedSpec.uniform(100_000, 1, LocalDate.of(2026, 3, 16)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("UNIFORM 100,000: " + r + " in " + ms + " ms");
            assertThat(r.invoices()).isEqualTo(100_000);
            assertThat(new SeedQueries(db.dataSource()).count("SELECT count(*) FROM invoice WHERE open_amount > 0"))
                    .isEqualTo(100_000);
            assertThat(ms).as("ms for 100,000 uniform debtors").isLessThan(15_000);
        }
    }
}
