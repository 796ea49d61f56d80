package org.arrears.ar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.testing.MutableClock;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AR contract's creditor: an ERP's creditor column (codes, or its own values mapped to codes), or one creditor
 * for the whole source, exposed as creditor_id by the debtor and invoice relations the hub reads.
 */
class ArCreditorTest {

    static final Instant NOW = Instant.parse("2026-03-16T10:00:00Z");

    @TempDir
    Path dir;

    Database db;
    TestBook sql;

    @BeforeEach
    void erp() throws Exception {
        Files.createDirectories(dir.resolve("creditors"));
        Files.writeString(dir.resolve("creditors/alpha.yaml"), "code: alpha\nlegal-name: Alpha Handel GmbH\n");
        Files.writeString(dir.resolve("creditors/bravo.yaml"), "code: bravo\nlegal-name: Bravo Supply Inc.\n");
        db = Database.of(TestDatabase.freshUrl(), "postgres", null, 4).migrate();
        sql = new TestBook(db.dataSource());
        for (String ddl : ArContractTest.ERP_SCHEMA.split(";")) {
            sql.execute(ddl);
        }
        sql.execute("ALTER TABLE erp_kunde ADD COLUMN mandant text");
        sql.execute("""
                INSERT INTO erp_kunde VALUES
                  (100001, 'Müller Maschinenbau GmbH', 'F', 'de', 'Europe/Berlin', 'DE', NULL, '1000'),
                  (100002, 'Jane Doe', 'P', 'en', 'America/Chicago', 'US', NULL, '2000')""");
        sql.execute("""
                INSERT INTO erp_beleg VALUES
                  (5001, 100001, 'RE-1', 'EUR', DATE '2026-02-04', DATE '2026-03-06', 10.00, 10.00, NULL),
                  (5002, 100002, 'RE-1', 'USD', DATE '2026-02-04', DATE '2026-03-06', 20.00, 20.00, NULL)""");
    }

    Settings settings(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>();
        all.put("arrears.data-dir", dir.resolve("data").toString());
        all.put("arrears.token-secret", "test-secret-0123456789abcdef");
        all.put("arrears.creditors", dir.resolve("creditors").toString());
        all.put("arrears.ar.invoice-source", ArContractTest.INVOICE_SOURCE);
        all.putAll(overrides);
        return Settings.load(Path.of("config/application.properties")).with(all);
    }

    String withCreditorColumn() {
        return ArContractTest.DEBTOR_SOURCE.replace("FROM erp_kunde k", ", k.mandant AS creditor FROM erp_kunde k");
    }

    @Test
    void anErpCreditorColumnOfItsOwnValuesIsMappedToCreditorsOnDebtorsAndTheirInvoices() {
        try (Hub hub = Hub.over(db, settings(Map.of("arrears.ar.debtor-source", withCreditorColumn(),
                "arrears.ar.creditor-map.1000", "alpha", "arrears.ar.creditor-map.2000", "bravo")), new MutableClock(NOW))) {
            long alpha = hub.creditors().idOf("alpha");
            long bravo = hub.creditors().idOf("bravo");
            assertThat(sql.rows("SELECT debtor_id, creditor_id FROM " + hub.ar().debtors() + " d ORDER BY 1"))
                    .containsExactly("100001|" + alpha, "100002|" + bravo);
            assertThat(sql.rows("SELECT invoice_id, creditor_id FROM " + hub.ar().invoices() + " i ORDER BY 1"))
                    .containsExactly("5001|" + alpha, "5002|" + bravo);
        }
    }

    @Test
    void aCreditorColumnHoldingCreditorCodesNeedsNoMapping() {
        sql.execute("UPDATE erp_kunde SET mandant = CASE kdnr WHEN 100001 THEN 'bravo' ELSE 'alpha' END");
        try (Hub hub = Hub.over(db, settings(Map.of("arrears.ar.debtor-source", withCreditorColumn())), new MutableClock(NOW))) {
            assertThat(sql.rows("SELECT debtor_id, creditor_id FROM " + hub.ar().debtors() + " d ORDER BY 1"))
                    .containsExactly("100001|" + hub.creditors().idOf("bravo"), "100002|" + hub.creditors().idOf("alpha"));
        }
    }

    @Test
    void aCreditorValueThatNamesNoCreditorStopsTheHubAtStartNamingTheValue() {
        assertThatThrownBy(() -> Hub.over(db, settings(Map.of("arrears.ar.debtor-source", withCreditorColumn(),
                "arrears.ar.creditor-map.1000", "alpha")), new MutableClock(NOW)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("arrears.ar.debtor-source")
                .hasMessageContaining("name no creditor: [2000]");
    }

    @Test
    void oneCreditorForTheWholeSourceNamesEveryRowsCreditor() {
        try (Hub hub = Hub.over(db, settings(Map.of("arrears.ar.debtor-source", ArContractTest.DEBTOR_SOURCE,
                "arrears.ar.creditor", "bravo")), new MutableClock(NOW))) {
            long bravo = hub.creditors().idOf("bravo");
            assertThat(sql.rows("SELECT DISTINCT creditor_id FROM " + hub.ar().debtors() + " d")).containsExactly(String.valueOf(bravo));
            assertThat(sql.rows("SELECT DISTINCT creditor_id FROM " + hub.ar().invoices() + " i")).containsExactly(String.valueOf(bravo));
        }
    }

    @Test
    void aConstantCreditorWithoutAFileStopsTheHubAtStart() {
        assertThatThrownBy(() -> Hub.over(db, settings(Map.of("arrears.ar.debtor-source", ArContractTest.DEBTOR_SOURCE,
                "arrears.ar.creditor", "charlie")), new MutableClock(NOW)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("setting 'arrears.ar.creditor' names creditor 'charlie', which has no file");
    }

    @Test
    void withoutAnyCreditorSettingAnErpSourceBelongsToTheDefaultCreditor() {
        try (Hub hub = Hub.over(db, settings(Map.of("arrears.ar.debtor-source", ArContractTest.DEBTOR_SOURCE,
                "arrears.creditors", dir.resolve("none").toString())), new MutableClock(NOW))) {
            assertThat(hub.creditors().single()).isTrue();
            assertThat(sql.rows("SELECT DISTINCT creditor_id FROM " + hub.ar().debtors() + " d")).containsExactly("1");
            assertThat(sql.rows("SELECT DISTINCT creditor_id FROM " + hub.ar().invoices() + " i")).containsExactly("1");
        }
    }
}
