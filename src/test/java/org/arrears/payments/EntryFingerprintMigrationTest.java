package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.payments.PaymentIngestor.Ingestion;
import org.arrears.testing.MutableClock;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration V7 fingerprints the payments an older hub posted, the way the poster fingerprints new entries. */
class EntryFingerprintMigrationTest {

    static final String OUR_IBAN = EntryFingerprintFlowTest.OUR_IBAN;

    @TempDir
    Path dir;

    @Test
    void paymentsPostedBeforeTheMigrationAreRecognisedWhenALaterExportRepeatsThem() throws Exception {
        try (Database db = Database.of(TestDatabase.freshUrl(), "postgres", null, 4)) {
            Flyway.configure().dataSource(db.dataSource()).schemas("arrears").defaultSchema("arrears").createSchemas(true)
                    .locations("classpath:db/migration").target("6").load().migrate();
            TestBook sql = new TestBook(db.dataSource());
            String insert = "INSERT INTO payment (amount, currency, booking_date, account, payer_name, payer_account, "
                    + "remittance, bank_file_id, entry_no, status, bank_reference) "
                    + "VALUES (50.00, 'EUR', DATE '2026-06-02', ?, 'Anna Albers', 'DE44500105175407324931', 'thanks', ?, ?, "
                    + "'SUSPENSE', ?)";
            // an old export: Anna paid twice with the same text on June 2
            sql.execute(insert, OUR_IBAN, 101L, 1, null);
            sql.execute(insert, OUR_IBAN, 101L, 2, null);
            // an overlapping export the old hub posted again (the defect), plus an entry with a bank reference
            sql.execute(insert, OUR_IBAN, 102L, 1, null);
            sql.execute(insert, OUR_IBAN, 102L, 2, "BANK-REF-9");

            db.migrate();

            assertThat(sql.rows("SELECT bank_file_id, entry_no, entry_fingerprint IS NOT NULL FROM payment ORDER BY id"))
                    .containsExactly("101|1|t", "101|2|t", "102|1|f", "102|2|f");

            // a new export repeats both of June 2's payments and adds a third one: only the third is posted
            Map<String, String> settings = new HashMap<>(EntryFingerprintFlowTest.CSV_LAYOUT);
            settings.put("arrears.data-dir", dir.resolve("data").toString());
            settings.put("arrears.token-secret", "test-secret-0123456789abcdef");
            settings.put("arrears.policies", "src/test/resources/policies/flow");
            Hub hub = Hub.over(db, Settings.load(Path.of("config/application.properties")).with(settings),
                    new MutableClock(Instant.parse("2026-06-05T10:00:00Z")));
            try {
                Path file = dir.resolve("export-3.csv");
                String row = "2026-06-02;50.00;Anna Albers;DE44500105175407324931;thanks\n";
                Files.writeString(file, EntryFingerprintFlowTest.HEADER + row + row + row, StandardCharsets.UTF_8);
                Ingestion r = hub.payments().ingestFile(file);

                assertThat(r.report().count("duplicates")).isEqualTo(2);
                assertThat(sql.rows("SELECT entry_no FROM payment WHERE bank_file_id = ?", r.bankFileId())).containsExactly("3");
            } finally {
                hub.close();
            }
        }
    }
}
