package org.arrears.ar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.outreach.OptOutLinks;
import org.arrears.payments.Camt054Writer;
import org.arrears.payments.PaymentIngestor;
import org.arrears.testing.HubFixture;
import org.arrears.testing.MutableClock;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AR contract, completed, over an ERP's own schema: contact points and legal flags come from the ERP and merge
 * with what the hub learns, invoices without a reference get one from the hub, and payments, allocations, contact
 * history and holds are written back to the ERP's tables by statements in configuration.
 */
class ArContractWriteBackTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 3, 16);
    /** A Monday, 11:00 in Berlin and 10:00 in London: inside every contact window. */
    static final Instant NOW = AS_OF.atTime(10, 0).toInstant(ZoneOffset.UTC);
    /** The Friday after: the next steps are due. */
    static final LocalDate LATER = LocalDate.of(2026, 3, 27);
    static final String SECRET = "test-secret-0123456789abcdef";

    /** The ERP's schema, with its own names for everything. */
    static final String ERP_SCHEMA = """
            CREATE SCHEMA erp;
            CREATE TABLE erp.kunde (
                kdnr bigint PRIMARY KEY, firma text NOT NULL, art text NOT NULL, sprache text, zeitzone text, land text, plz text
            );
            CREATE TABLE erp.beleg (
                belegnr bigint PRIMARY KEY, kunde bigint NOT NULL REFERENCES erp.kunde (kdnr), nummer text NOT NULL,
                waehrung text NOT NULL, datum date NOT NULL, faellig date NOT NULL, betrag numeric(14, 2) NOT NULL,
                offen numeric(14, 2) NOT NULL, zahlref text
            );
            CREATE VIEW erp.beleg_offen AS SELECT belegnr AS invoice_id, offen AS open_amount FROM erp.beleg;
            CREATE TABLE erp.kontakt (
                kunde bigint NOT NULL, kanal text NOT NULL, adresse text NOT NULL, einwilligung text,
                einwilligung_am timestamptz, bevorzugt boolean
            );
            CREATE TABLE erp.rechtsstatus (
                kunde bigint PRIMARY KEY, insolvenz boolean, anwalt boolean, verstorben boolean, sperre boolean
            );
            CREATE TABLE erp.zahlung (
                hub_id bigint PRIMARY KEY, kunde bigint, betrag numeric(14, 2) NOT NULL, datum date, zahlref text, methode text
            );
            CREATE TABLE erp.ausgleich (beleg bigint NOT NULL, betrag numeric(14, 2) NOT NULL, datum date);
            CREATE TABLE erp.kontakthistorie (
                kunde bigint NOT NULL, kanal text NOT NULL, adresse text, schritt text, gesendet timestamptz, belege bigint[]
            );
            CREATE TABLE erp.sperre (kunde bigint NOT NULL, beleg bigint, art text NOT NULL, grund text, bis date)
            """;

    static final String DEBTOR_SOURCE = """
            SELECT k.kdnr AS debtor_id, k.firma AS name, CASE k.art WHEN 'F' THEN 'B2B' ELSE 'B2C' END AS kind,
                   coalesce(k.sprache, 'en') AS locale, k.zeitzone AS time_zone, k.land AS jurisdiction,
                   k.plz AS postal_code, '{}'::text[] AS phone_area_codes, NULL::text AS policy_code,
                   false AS bankruptcy, false AS deceased, false AS cease_communication, false AS attorney_represented,
                   NULL::timestamptz AS outside_hours_consent_at, NULL::time AS no_contact_before,
                   NULL::time AS no_contact_after
            FROM erp.kunde k""";
    static final String INVOICE_SOURCE = """
            SELECT b.belegnr AS invoice_id, b.kunde AS debtor_id, b.nummer AS invoice_number, b.waehrung AS currency,
                   b.datum AS issue_date, b.faellig AS due_date, b.betrag AS amount, b.offen AS open_amount,
                   b.zahlref AS payment_reference
            FROM erp.beleg b""";
    static final String CONTACT_POINT_SOURCE = """
            SELECT kunde AS debtor_id, kanal AS channel, adresse AS address, einwilligung AS consent_source,
                   einwilligung_am AS consent_at, bevorzugt AS preferred
            FROM erp.kontakt""";
    static final String LEGAL_FLAG_SOURCE = """
            SELECT kunde AS debtor_id, sperre AS cease_communication, anwalt AS attorney_represented,
                   insolvenz AS bankruptcy, verstorben AS deceased
            FROM erp.rechtsstatus""";
    static final String WRITE_PAYMENTS = "INSERT INTO erp.zahlung (hub_id, kunde, betrag, datum, zahlref, methode) "
            + "SELECT payment_id, debtor_id, amount, booking_date, reference, match_method FROM new_payments "
            + "WHERE status IN ('MATCHED', 'PARTIAL', 'CREDIT')";
    static final String WRITE_ALLOCATIONS = "INSERT INTO erp.ausgleich (beleg, betrag, datum) "
            + "SELECT invoice_id, amount, booking_date FROM new_allocations";
    static final String WRITE_CONTACTS = "INSERT INTO erp.kontakthistorie (kunde, kanal, adresse, schritt, gesendet, belege) "
            + "SELECT debtor_id, channel, address, step_code, sent_at, invoice_ids FROM new_contacts";
    static final String WRITE_HOLDS = "INSERT INTO erp.sperre (kunde, beleg, art, grund, bis) "
            + "SELECT debtor_id, invoice_id, kind, reason, until FROM new_holds";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path tmp;

    @Test
    void erpContactPointsFlagsAndIssuedReferencesDriveOutreachAndEveryOutcomeIsWrittenBack() throws Exception {
        Database db = Database.of(TestDatabase.freshUrl(), "postgres", null, 4).migrate();
        TestBook sql = erpBook(db);
        sql.execute("""
                INSERT INTO erp.kunde VALUES
                  (200001, 'Müller Maschinenbau GmbH', 'F', 'de', 'Europe/Berlin', 'DE', NULL),
                  (200002, 'Jane Doe', 'P', 'en', 'Europe/London', 'GB', 'BS1 4AA'),
                  (200003, 'Insolvent AG', 'F', 'de', 'Europe/Berlin', 'DE', NULL),
                  (200004, 'Quiet Person', 'P', 'en', 'Europe/London', 'GB', 'BS1 4AA'),
                  (200005, 'Sam Smith', 'P', 'en', 'Europe/London', 'GB', 'BS1 4AA')""");
        sql.execute("""
                INSERT INTO erp.beleg VALUES
                  (6001, 200001, 'RE-2026-0101', 'EUR', DATE '2026-02-04', DATE '2026-03-06', 1190.00, 1190.00, NULL),
                  (6002, 200001, 'RE-2026-0102', 'EUR', DATE '2026-02-11', DATE '2026-03-13', 238.00, 238.00, 'RF18539007547034'),
                  (6003, 200002, 'INV-EXT-77', 'GBP', DATE '2026-02-12', DATE '2026-03-14', 80.00, 80.00, ''),
                  (6004, 200003, 'RE-2026-0103', 'EUR', DATE '2026-02-01', DATE '2026-03-01', 500.00, 500.00, NULL),
                  (6005, 200004, 'INV-EXT-78', 'GBP', DATE '2026-02-12', DATE '2026-03-14', 40.00, 40.00, NULL),
                  (6006, 200005, 'INV-EXT-79', 'GBP', DATE '2026-02-12', DATE '2026-03-14', 60.00, 60.00, NULL)""");
        sql.execute("""
                INSERT INTO erp.kontakt VALUES
                  (200001, 'EMAIL', 'buchhaltung@mueller.example', 'CONSUMER_USED', now() - interval '400 days', true),
                  (200001, 'EMAIL', 'mahnung@mueller.example', 'CONSUMER_USED', now() - interval '400 days', false),
                  (200002, 'EMAIL', 'jane@doe.example', 'CONSUMER_USED', now() - interval '400 days', true),
                  (200003, 'EMAIL', 'kasse@insolvent.example', 'CONSUMER_USED', now() - interval '400 days', true),
                  (200004, 'EMAIL', 'quiet@person.example', 'CONSUMER_USED', now() - interval '400 days', true),
                  (200005, 'EMAIL', 'sam@smith.example', 'CREDITOR_FILE', now() - interval '400 days', true),
                  (200003, 'FAX', '+49 30 1234567', NULL, NULL, true),
                  (200004, ' Email ', 'quiet.too@person.example', 'verbal', now(), false)""");
        // the ERP knows the insolvency; its row for Müller says nothing (all null), which must not stop anything
        sql.execute("INSERT INTO erp.rechtsstatus VALUES (200003, true, NULL, NULL, NULL), (200001, NULL, NULL, NULL, NULL)");
        // the hub itself learnt that 200004 asked to cease communication
        sql.execute("INSERT INTO debtor_flag (debtor_id, cease_communication, source) VALUES (200004, true, 'LETTER')");

        MutableClock clock = new MutableClock(NOW);
        try (Hub hub = Hub.over(db, settings(erpSettings()), clock)) {
            assertThat(hub.planner().plan(AS_OF).planned()).isEqualTo(5);
            assertThat(sql.rows("SELECT debtor_id, channel, address, consent_source, origin FROM contact_point ORDER BY debtor_id, address"))
                    .as("the ERP's contact points are imported; an unknown channel is skipped, an unknown consent is none")
                    .containsExactly("200001|email|buchhaltung@mueller.example|CONSUMER_USED|AR",
                            "200001|email|mahnung@mueller.example|CONSUMER_USED|AR",
                            "200002|email|jane@doe.example|CONSUMER_USED|AR",
                            "200003|email|kasse@insolvent.example|CONSUMER_USED|AR",
                            "200004|email|quiet.too@person.example|null|AR",
                            "200004|email|quiet@person.example|CONSUMER_USED|AR",
                            "200005|email|sam@smith.example|CREDITOR_FILE|AR");
            assertThat(sql.rows("SELECT invoice_id, reference FROM invoice_reference ORDER BY invoice_id"))
                    .as("references issued for the invoices without one (an empty one counts as none)")
                    .containsExactly("6001|" + ArSource.issuedReference(6001), "6003|" + ArSource.issuedReference(6003),
                            "6004|" + ArSource.issuedReference(6004), "6005|" + ArSource.issuedReference(6005),
                            "6006|" + ArSource.issuedReference(6006));
            assertThat(ArSource.issuedReference(6001)).isEqualTo("RF646001").matches(CreditorReference::isValid, "valid");

            hub.emailDispatcher().drain();

            assertThat(sql.rows("SELECT debtor_id, status, gate_reason, address FROM communication ORDER BY debtor_id"))
                    .containsExactly("200001|SENT|OK|buchhaltung@mueller.example",
                            "200002|SENT|OK|jane@doe.example",
                            "200003|SUPPRESSED|BANKRUPTCY|kasse@insolvent.example",
                            "200004|SUPPRESSED|CEASE_COMMUNICATION|quiet@person.example",
                            "200005|SUPPRESSED|NO_EMAIL_PROCEDURE|sam@smith.example");
            assertThat(sql.queryString("SELECT gate_detail FROM communication WHERE debtor_id = 200005"))
                    .as("the ERP's consent source reached the gate").contains("source CREDITOR_FILE");
            assertThat(ArContractTest.text(received("buchhaltung@mueller.example")))
                    .contains(ArSource.issuedReference(6001)).contains("RF18539007547034");
            assertThat(ArContractTest.text(received("jane@doe.example"))).contains(ArSource.issuedReference(6003));
            assertThat(sql.rows("SELECT kunde, kanal, adresse, schritt, gesendet IS NOT NULL, belege FROM erp.kontakthistorie ORDER BY kunde"))
                    .as("each sent message is in the ERP's contact history; suppressed ones are not")
                    .containsExactly("200001|email|buchhaltung@mueller.example|follow-up|t|{6001,6002}",
                            "200002|email|jane@doe.example|reminder|t|{6003}");

            // the hub learns an opt-out (one-click link of Müller's message); the ERP then changes that address's
            // consent, drops Jane's address for a new one
            String token = sql.queryString("SELECT token FROM communication WHERE debtor_id = 200001");
            assertThat(hub.optOut().handle("POST", new OptOutLinks(SECRET, "http://localhost").sign(token)).getStatus())
                    .isEqualTo(200);
            sql.execute("UPDATE erp.kontakt SET einwilligung = 'CONSUMER_CONSENT' WHERE adresse = 'buchhaltung@mueller.example'");
            sql.execute("DELETE FROM erp.kontakt WHERE adresse = 'jane@doe.example'");
            sql.execute("INSERT INTO erp.kontakt VALUES (200002, 'EMAIL', 'jane.doe@neu.example', 'CONSUMER_USED', now(), true)");
            clock.set(LATER.atTime(10, 0).toInstant(ZoneOffset.UTC));

            assertThat(hub.planner().plan(LATER).planned()).isEqualTo(5);

            assertThat(sql.rows("SELECT address, consent_source, opted_out_at IS NOT NULL, opt_out_source, retired_at IS NOT NULL "
                    + "FROM contact_point WHERE debtor_id IN (200001, 200002) ORDER BY id"))
                    .as("the opt-out survives the import; the dropped address is retired, not deleted")
                    .containsExactly("buchhaltung@mueller.example|CONSUMER_CONSENT|t|ONE_CLICK|f",
                            "mahnung@mueller.example|CONSUMER_USED|f|null|f",
                            "jane@doe.example|CONSUMER_USED|f|null|t",
                            "jane.doe@neu.example|CONSUMER_USED|f|null|f");
            assertThat(sql.rows("SELECT debtor_id, step_code, address FROM communication WHERE plan_date = ? AND debtor_id < 200003 "
                    + "ORDER BY debtor_id", LATER))
                    .containsExactly("200001|final-notice|mahnung@mueller.example", "200002|follow-up|jane.doe@neu.example");

            hub.emailDispatcher().drain();
            assertThat(sql.rows("SELECT status FROM communication WHERE plan_date = ? AND debtor_id < 200003", LATER))
                    .containsOnly("SENT");
            assertThat(sql.rows("SELECT adresse FROM erp.kontakthistorie ORDER BY gesendet, kunde")).containsExactly(
                    "buchhaltung@mueller.example", "jane@doe.example", "mahnung@mueller.example", "jane.doe@neu.example");

            // a bank file pays invoice 6001 by the reference the hub issued
            Path camt = tmp.resolve("camt054.xml");
            try (Writer w = Files.newBufferedWriter(camt);
                 Camt054Writer file = new Camt054Writer(w, "ERP-1", "DE89370400440532013000", "EUR", LATER)) {
                file.credit(new BigDecimal("1190.00"), "EUR", LATER, "BANK-REF-1", "E2E-1", "Mueller Maschinenbau",
                        "DE02120300000000202051", ArSource.issuedReference(6001), "Zahlung");
            }
            PaymentIngestor.Ingestion posted = hub.payments().ingestFile(camt);

            assertThat(posted.status()).as("%s", posted.summary()).isEqualTo(PaymentIngestor.Status.POSTED);
            assertThat(sql.rows("SELECT match_method, status FROM payment")).containsExactly("REFERENCE|MATCHED");
            assertThat(sql.rows("SELECT kunde, betrag, datum, zahlref, methode FROM erp.zahlung"))
                    .containsExactly("200001|1190.00|2026-03-27|" + ArSource.issuedReference(6001) + "|REFERENCE");
            assertThat(sql.rows("SELECT beleg, betrag, datum FROM erp.ausgleich")).containsExactly("6001|1190.00|2026-03-27");
            assertThat(sql.rows("SELECT belegnr, offen FROM erp.beleg WHERE kunde = 200001 ORDER BY belegnr"))
                    .containsExactly("6001|0.00", "6002|238.00");

            long hold = hub.holds().place(new Holds.Request(200002, 6003L, "dispute", "Kunde bestreitet die Lieferung",
                    LocalDate.of(2026, 4, 30), null));

            assertThat(sql.rows("SELECT debtor_id, invoice_id, kind FROM hold WHERE id = ?", hold))
                    .containsExactly("200002|6003|DISPUTE");
            assertThat(sql.rows("SELECT kunde, beleg, art, grund, bis FROM erp.sperre"))
                    .containsExactly("200002|6003|DISPUTE|Kunde bestreitet die Lieferung|2026-04-30");
        }
    }

    @Test
    void aContactHistoryStatementFailingAtRuntimeKeepsTheMessagesSentAndOpensATask() throws Exception {
        Database db = Database.of(TestDatabase.freshUrl(), "postgres", null, 4).migrate();
        TestBook sql = oneDebtorErp(db);
        // a column the statement does not fill: the check at startup (no rows) passes, the first real row fails
        sql.execute("ALTER TABLE erp.kontakthistorie ADD COLUMN sachbearbeiter text NOT NULL");

        try (Hub hub = Hub.over(db, settings(erpSettings()), new MutableClock(NOW))) {
            hub.planner().plan(AS_OF);
            hub.emailDispatcher().drain();

            assertThat(sql.rows("SELECT status FROM communication")).containsExactly("SENT");
            assertThat(greenMail.getReceivedMessages()).hasSize(1);
            assertThat(sql.queryLong("SELECT count(*) FROM erp.kontakthistorie")).isZero();
            long id = sql.queryLong("SELECT id FROM communication");
            assertThat(sql.rows("SELECT kind, detail FROM task")).singleElement().asString()
                    .startsWith("WRITE_BACK|arrears.ar.write-back.contact-history failed for communications [" + id + "]")
                    .contains("sachbearbeiter");
        }
    }

    @Test
    void aMessageQueuedForAnAddressTheErpDropsIsNotSentThere() throws Exception {
        Database db = Database.of(TestDatabase.freshUrl(), "postgres", null, 4).migrate();
        TestBook sql = oneDebtorErp(db);

        try (Hub hub = Hub.over(db, settings(erpSettings()), new MutableClock(NOW))) {
            hub.planner().plan(AS_OF);
            sql.execute("DELETE FROM erp.kontakt");
            assertThat(hub.ar().refresh(db.dataSource())).isEqualTo(new ArSource.Refresh(0, 1, 0));

            hub.emailDispatcher().drain();

            assertThat(greenMail.getReceivedMessages()).isEmpty();
            assertThat(sql.rows("SELECT status, gate_reason FROM communication")).containsExactly("SUPPRESSED|NO_CONTACT_POINT");
            assertThat(sql.rows("SELECT address, retired_at IS NOT NULL FROM contact_point")).containsExactly("jane@doe.example|t");
        }
    }

    @Test
    void aBrokenWriteBackStatementStopsTheHubAtStartNamingTheSetting() {
        String url = erpDatabaseUrl();
        Map<String, String> broken = erpSettings();
        broken.put("arrears.db.url", url);
        broken.put(ArWriteBack.ALLOCATIONS_KEY, "INSERT INTO erp.ausgleich (beleg, betrag) SELECT invoice_id, amount_paid FROM new_allocations");

        assertThatThrownBy(() -> Hub.start(settings(broken), new MutableClock(NOW)))
                .isInstanceOf(ConfigException.class)
                .message()
                .contains("setting 'arrears.ar.write-back.allocations'")
                .contains("amount_paid")
                .doesNotContain("write-back.payments");

        broken.put(ArWriteBack.ALLOCATIONS_KEY, WRITE_ALLOCATIONS);
        broken.put(ArWriteBack.HOLDS_KEY, "INSERT INTO erp.sperren (kunde) SELECT debtor_id FROM new_holds");
        assertThatThrownBy(() -> Hub.start(settings(broken), new MutableClock(NOW)))
                .isInstanceOf(ConfigException.class)
                .message()
                .contains("setting 'arrears.ar.write-back.holds'")
                .contains("erp.sperren");
    }

    @Test
    void optionalSourcesMissingContractColumnsStopTheHubAtStart() {
        String url = erpDatabaseUrl();
        Map<String, String> s = erpSettings();
        s.put("arrears.db.url", url);
        s.put("arrears.ar.contact-point-source", CONTACT_POINT_SOURCE.replace("bevorzugt AS preferred", "bevorzugt"));

        assertThatThrownBy(() -> Hub.start(settings(s), new MutableClock(NOW)))
                .isInstanceOf(ConfigException.class)
                .message()
                .contains("arrears.ar.contact-point-source").contains("lacks contract columns [preferred]");

        s.put("arrears.ar.contact-point-source", CONTACT_POINT_SOURCE);
        s.put("arrears.ar.legal-flag-source", "SELECT kunde AS debtor_id, insolvenz AS bankruptcy FROM erp.rechtsstatus");
        assertThatThrownBy(() -> Hub.start(settings(s), new MutableClock(NOW)))
                .isInstanceOf(ConfigException.class)
                .message()
                .contains("arrears.ar.legal-flag-source")
                .contains("lacks contract columns [cease_communication, attorney_represented, deceased]");

        s.put("arrears.ar.legal-flag-source", LEGAL_FLAG_SOURCE);
        s.put("arrears.ar.issue-references", "sometimes");
        assertThatThrownBy(() -> Hub.start(settings(s), new MutableClock(NOW)))
                .isInstanceOf(ConfigException.class)
                .message()
                .contains("arrears.ar.issue-references").contains("auto, true or false").contains("sometimes");
    }

    @Test
    void theDefaultInstallationIssuesNoReferencesAndAHubFlagStillStopsMessages() {
        try (HubFixture f = new HubFixture(NOW, Map.of())) {
            ArSource ar = f.hub.ar();
            assertThat(ar.issuesReferences()).isFalse();
            assertThat(ar.invoices()).as("the default invoice SQL is unchanged").isEqualTo("ar_invoice_source");
            assertThat(new ArSource("ar_debtor_source", "erp_beleg").issuesReferences()).isTrue();
            assertThat(new ArSource("ar_debtor_source", "ar_invoice_source", null, null, "true", ArWriteBack.NONE)
                    .invoices()).contains("invoice_reference");

            long debtor = f.book.consumer("Ann Example", "Europe/London", "GB", "ann@example.org");
            f.book.execute("INSERT INTO debtor_flag (debtor_id, bankruptcy, source) VALUES (?, true, 'OPERATOR')", debtor);
            assertThat(f.hub.outbox().debtorProfiles(List.of(debtor)).get(debtor).bankruptcy())
                    .as("a flag the hub recorded merges with the debtor source's").isTrue();
            // a query that reads no flag (the planner's scan of debtor ids) has the merge joins removed
            assertThat(f.book.rows("EXPLAIN SELECT d.debtor_id FROM " + ar.debtors() + " d WHERE d.debtor_id > 0"))
                    .noneMatch(line -> line.contains("debtor_flag"));
            String legal = "SELECT debtor_id, true AS cease_communication, NULL::boolean AS attorney_represented, "
                    + "NULL::boolean AS bankruptcy, NULL::boolean AS deceased FROM task";
            String merged = new ArSource("ar_debtor_source", "ar_invoice_source", null, legal, "auto", ArWriteBack.NONE).debtors();
            assertThat(f.book.rows("EXPLAIN SELECT d.debtor_id, d.kind FROM " + merged + " d WHERE d.debtor_id > 0"))
                    .noneMatch(line -> line.contains("debtor_flag") || line.contains(" task"));
            assertThat(f.book.rows("EXPLAIN SELECT d.cease_communication FROM " + merged + " d WHERE d.debtor_id > 0"))
                    .as("a query that reads a flag joins both").anyMatch(line -> line.contains(" task"))
                    .anyMatch(line -> line.contains("debtor_flag"));
            assertThat(f.book.rows("EXPLAIN SELECT i.invoice_id, i.open_amount FROM "
                    + new ArSource("ar_debtor_source", "ar_invoice_source", null, null, "true", ArWriteBack.NONE).invoices()
                    + " i WHERE i.debtor_id = 1")).noneMatch(line -> line.contains("invoice_reference"));
        }
    }

    /** The ERP's settings: every source and write-back statement, posting open amounts through the ERP's view. */
    private Map<String, String> erpSettings() {
        Map<String, String> m = new HashMap<>(HubFixture.smtp(greenMail.getSmtp().getPort()));
        m.put("arrears.ar.debtor-source", DEBTOR_SOURCE);
        m.put("arrears.ar.invoice-source", INVOICE_SOURCE);
        m.put("arrears.ar.contact-point-source", CONTACT_POINT_SOURCE);
        m.put("arrears.ar.legal-flag-source", LEGAL_FLAG_SOURCE);
        m.put("arrears.payments.invoice-target", "erp.beleg_offen");
        m.put(ArWriteBack.PAYMENTS_KEY, WRITE_PAYMENTS);
        m.put(ArWriteBack.ALLOCATIONS_KEY, WRITE_ALLOCATIONS);
        m.put(ArWriteBack.CONTACT_HISTORY_KEY, WRITE_CONTACTS);
        m.put(ArWriteBack.HOLDS_KEY, WRITE_HOLDS);
        return m;
    }

    private static TestBook erpBook(Database db) {
        TestBook sql = new TestBook(db.dataSource());
        for (String ddl : ERP_SCHEMA.split(";")) {
            sql.execute(ddl);
        }
        return sql;
    }

    /** The ERP schema with one consumer, one open invoice without a reference and one email address. */
    private static TestBook oneDebtorErp(Database db) {
        TestBook sql = erpBook(db);
        sql.execute("INSERT INTO erp.kunde VALUES (200002, 'Jane Doe', 'P', 'en', 'Europe/London', 'GB', 'BS1 4AA')");
        sql.execute("INSERT INTO erp.beleg VALUES (6003, 200002, 'INV-EXT-77', 'GBP', DATE '2026-02-12', DATE '2026-03-14', 80.00, 80.00, NULL)");
        sql.execute("INSERT INTO erp.kontakt VALUES (200002, 'email', 'jane@doe.example', 'CONSUMER_USED', now() - interval '400 days', true)");
        return sql;
    }

    private static String erpDatabaseUrl() {
        String url = TestDatabase.freshUrl();
        try (Database db = Database.of(url, "postgres", null, 2).migrate()) {
            erpBook(db);
        }
        return url;
    }

    private Settings settings(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>();
        all.put("arrears.data-dir", tmp.toString());
        all.put("arrears.token-secret", SECRET);
        all.put("arrears.email.workers", "1");
        all.put("arrears.policies", "src/test/resources/policies/flow");
        all.put("arrears.payments.inbox", tmp.resolve("inbox").toString());
        all.putAll(overrides);
        return Settings.load(Path.of("config/application.properties")).with(all);
    }

    private static MimeMessage received(String to) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> to.equals(ArContractTest.to(m))).findFirst()
                .orElseThrow(() -> new AssertionError("no message to " + to));
    }
}
