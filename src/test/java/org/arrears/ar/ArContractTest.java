package org.arrears.ar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.outreach.DispatchStats;
import org.arrears.policy.PlanResult;
import org.arrears.testing.HubFixture;
import org.arrears.testing.MutableClock;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AR contract: a hub pointed at an ERP's own tables (German names, other columns) by configuration
 * alone plans and sends for the ERP's invoices; a source that lacks contract columns stops the hub at start.
 */
class ArContractTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 3, 16);
    /** A Monday, 11:00 in Berlin and 10:00 in London: inside every contact window. */
    static final Instant NOW = AS_OF.atTime(10, 0).toInstant(ZoneOffset.UTC);

    /** The ERP's customers and documents, as an ERP would name them. */
    static final String ERP_SCHEMA = """
            CREATE TABLE public.erp_kunde (
                kdnr      bigint PRIMARY KEY,
                firma     text NOT NULL,
                art       text NOT NULL,          -- F = Firma (business), P = Privatkunde (consumer)
                sprache   text,
                zeitzone  text,
                land      text,
                plz       text
            );
            CREATE TABLE public.erp_beleg (
                belegnr   bigint PRIMARY KEY,
                kunde     bigint NOT NULL REFERENCES public.erp_kunde (kdnr),
                nummer    text NOT NULL,
                waehrung  text NOT NULL,
                datum     date NOT NULL,
                faellig   date NOT NULL,
                betrag    numeric(14, 2) NOT NULL,
                offen     numeric(14, 2) NOT NULL,
                zahlref   text
            )""";

    static final String DEBTOR_SOURCE = """
            SELECT k.kdnr AS debtor_id, k.firma AS name,
                   CASE k.art WHEN 'F' THEN 'B2B' ELSE 'B2C' END AS kind,
                   coalesce(k.sprache, 'en') AS locale, k.zeitzone AS time_zone, k.land AS jurisdiction,
                   k.plz AS postal_code, '{}'::text[] AS phone_area_codes, NULL::text AS policy_code,
                   false AS bankruptcy, false AS deceased, false AS cease_communication, false AS attorney_represented,
                   NULL::timestamptz AS outside_hours_consent_at, NULL::time AS no_contact_before,
                   NULL::time AS no_contact_after
            FROM erp_kunde k""";

    static final String INVOICE_SOURCE = """
            SELECT b.belegnr AS invoice_id, b.kunde AS debtor_id, b.nummer AS invoice_number, b.waehrung AS currency,
                   b.datum AS issue_date, b.faellig AS due_date, b.betrag AS amount, b.offen AS open_amount,
                   b.zahlref AS payment_reference
            FROM erp_beleg b""";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path tmp;

    @Test
    void theHubPlansAndSendsForAnErpMappedByConfigurationAlone() throws Exception {
        String url = TestDatabase.freshUrl();
        Database db = Database.of(url, "postgres", null, 4).migrate();
        TestBook sql = new TestBook(db.dataSource());
        for (String ddl : ERP_SCHEMA.split(";")) {
            sql.execute(ddl);
        }
        sql.execute("""
                INSERT INTO erp_kunde VALUES
                  (100001, 'Müller Maschinenbau GmbH', 'F', 'de', 'Europe/Berlin', 'DE', NULL),
                  (100002, 'Jane Doe', 'P', 'en', 'Europe/London', 'GB', 'BS1 4AA'),
                  (100003, 'Ohne Post KG', 'F', 'de', 'Europe/Berlin', 'DE', NULL)""");
        sql.execute("""
                INSERT INTO erp_beleg VALUES
                  (5001, 100001, 'RE-2026-0042', 'EUR', DATE '2026-02-04', DATE '2026-03-06', 1190.00, 1190.00, 'RF18539007547034'),
                  (5002, 100001, 'RE-2026-0057', 'EUR', DATE '2026-02-11', DATE '2026-03-13', 476.00, 238.00, 'RF712348231'),
                  (5003, 100001, 'RE-2026-0013', 'EUR', DATE '2026-01-10', DATE '2026-02-09', 99.00, 0.00, 'RF6518K5'),
                  (5004, 100002, 'INV-EXT-77', 'GBP', DATE '2026-02-12', DATE '2026-03-14', 80.00, 80.00, NULL),
                  (5005, 100003, 'RE-2026-0099', 'EUR', DATE '2026-04-01', DATE '2026-05-01', 10.00, 10.00, NULL)""");
        // contact_point.debtor_id references the hub's debtor table, so an ERP customer needs a row there before
        // its address can be stored. The rows below are stubs that only satisfy that foreign key: their name,
        // kind and locale deliberately differ from the ERP's, and the hub must never read them as the debtor.
        sql.execute("INSERT INTO debtor (id, name, kind, locale) VALUES (100001, 'stub', 'B2C', 'fr'), (100002, 'stub', 'B2B', 'fr')");
        sql.execute("""
                INSERT INTO contact_point (debtor_id, channel, address, consent_source, consent_at, quality)
                VALUES (100001, 'email', 'buchhaltung@mueller.example', 'CONSUMER_USED', now() - interval '400 days', 'GOOD'),
                       (100002, 'email', 'jane@doe.example', 'CONSUMER_USED', now() - interval '400 days', 'GOOD')""");

        Map<String, String> overrides = new HashMap<>(HubFixture.smtp(greenMail.getSmtp().getPort()));
        overrides.put("arrears.ar.debtor-source", DEBTOR_SOURCE);
        overrides.put("arrears.ar.invoice-source", INVOICE_SOURCE);
        try (Hub hub = Hub.over(db, settings(overrides), new MutableClock(NOW))) {
            PlanResult plan = hub.planner().plan(AS_OF);

            assertThat(plan.planned()).isEqualTo(2);
            assertThat(sql.rows("SELECT debtor_id, currency, step_code, address, total_amount FROM communication ORDER BY debtor_id"))
                    .containsExactly("100001|EUR|follow-up|buchhaltung@mueller.example|1428.00",
                            "100002|GBP|reminder|jane@doe.example|80.00");
            assertThat(sql.rows("SELECT invoice_id, open_amount_at_plan FROM communication_invoice ORDER BY invoice_id"))
                    .containsExactly("5001|1190.00", "5002|238.00", "5004|80.00");
            assertThat(sql.queryLong("SELECT count(*) FROM invoice")).as("the hub's own invoice table is unused").isZero();

            DispatchStats sent = hub.emailDispatcher().drain();

            assertThat(sent.get("SENT")).as("dispatch %s: %s", sent,
                    sql.rows("SELECT debtor_id, status, gate_reason, gate_detail FROM communication")).isEqualTo(2);
            assertThat(sql.rows("SELECT status FROM communication")).containsOnly("SENT");
            MimeMessage[] received = greenMail.getReceivedMessages();
            assertThat(received).hasSize(2);
            Arrays.sort(received, Comparator.comparing(ArContractTest::to));

            MimeMessage firm = received[0];
            assertThat(to(firm)).isEqualTo("buchhaltung@mueller.example");
            assertThat(firm.getSubject()).startsWith("Zweite Erinnerung");
            String firmText = text(firm);
            assertThat(firmText).contains("Guten Tag Müller Maschinenbau GmbH,")
                    .contains("RE-2026-0042").contains("RE-2026-0057").contains("RF18539007547034")
                    .doesNotContain("RE-2026-0013").doesNotContain("INV-EXT-77").doesNotContain("stub");

            MimeMessage consumer = received[1];
            assertThat(to(consumer)).isEqualTo("jane@doe.example");
            assertThat(consumer.getSubject()).startsWith("Payment reminder");
            assertThat(text(consumer)).contains("Dear Jane Doe,").contains("INV-EXT-77")
                    .doesNotContain("RE-2026-0042").doesNotContain("stub");
        }
    }

    @Test
    void aDebtorSourceMissingContractColumnsStopsTheHubAtStart() {
        String url = erpDatabase();
        String source = "SELECT kdnr AS debtor_id, firma AS name, zeitzone AS time_zone FROM erp_kunde";

        assertThatThrownBy(() -> Hub.start(settings(Map.of("arrears.db.url", url,
                "arrears.ar.debtor-source", source, "arrears.ar.invoice-source", INVOICE_SOURCE)), new MutableClock(NOW)))
                .isInstanceOf(ConfigException.class)
                .message()
                .contains("arrears.ar.debtor-source")
                .contains("lacks contract columns [kind, locale, jurisdiction, postal_code, phone_area_codes, policy_code, "
                        + "bankruptcy, deceased, cease_communication, attorney_represented, outside_hours_consent_at, "
                        + "no_contact_before, no_contact_after]");
    }

    @Test
    void anInvoiceSourceMissingAContractColumnStopsTheHubAtStart() {
        String url = erpDatabase();
        String source = INVOICE_SOURCE.replace("b.offen AS open_amount", "b.offen AS offen");

        assertThatThrownBy(() -> Hub.start(settings(Map.of("arrears.db.url", url,
                "arrears.ar.debtor-source", DEBTOR_SOURCE, "arrears.ar.invoice-source", source)), new MutableClock(NOW)))
                .isInstanceOf(ConfigException.class)
                .message()
                .contains("arrears.ar.invoice-source")
                .contains("lacks contract columns [open_amount]")
                .doesNotContain("arrears.ar.debtor-source");
    }

    @Test
    void aSourceThatCannotBeReadStopsTheHubAtStart() {
        String url = erpDatabase();

        assertThatThrownBy(() -> Hub.start(settings(Map.of("arrears.db.url", url,
                "arrears.ar.debtor-source", DEBTOR_SOURCE, "arrears.ar.invoice-source", "erp_rechnung")), new MutableClock(NOW)))
                .isInstanceOf(ConfigException.class)
                .message()
                .startsWith("arrears.ar.invoice-source (erp_rechnung) cannot be read")
                .contains("erp_rechnung");
    }

    @Test
    void theDefaultSourcesMeetTheContract() {
        try (HubFixture f = new HubFixture(NOW, Map.of())) {
            assertThat(f.hub.ar().debtors()).contains(" FROM ar_debtor_source d ").contains("debtor_flag");
            assertThat(f.hub.ar().invoices()).isEqualTo("ar_invoice_source");
        }
        assertThat(new ArSource(" select 1 AS x ", "ar_invoice_source").debtors()).contains(" FROM (select 1 AS x) d ");
        assertThatThrownBy(() -> new ArSource("erp_kunde; DROP TABLE debtor", "ar_invoice_source"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("arrears.ar.debtor-source");
    }

    /** A fresh migrated database holding the (empty) ERP tables; returns its URL. */
    private static String erpDatabase() {
        String url = TestDatabase.freshUrl();
        try (Database db = Database.of(url, "postgres", null, 2).migrate()) {
            TestBook sql = new TestBook(db.dataSource());
            for (String ddl : ERP_SCHEMA.split(";")) {
                sql.execute(ddl);
            }
        }
        return url;
    }

    private Settings settings(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>();
        all.put("arrears.data-dir", tmp.toString());
        all.put("arrears.token-secret", "test-secret-0123456789abcdef");
        all.put("arrears.email.workers", "1");
        all.put("arrears.policies", "src/test/resources/policies/flow");
        all.putAll(overrides);
        return Settings.load(Path.of("config/application.properties")).with(all);
    }

    /** The first To address (also used by {@link ArContractWriteBackTest}). */
    static String to(MimeMessage m) {
        try {
            return m.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/plain alternative (also used by {@link ArContractWriteBackTest}). */
    static String text(MimeMessage m) throws Exception {
        MimeMultipart alternative = (MimeMultipart) m.getContent();
        for (int i = 0; i < alternative.getCount(); i++) {
            if (alternative.getBodyPart(i).isMimeType("text/plain")) {
                return (String) alternative.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no text/plain part in " + List.of(m.getContentType()));
    }
}
