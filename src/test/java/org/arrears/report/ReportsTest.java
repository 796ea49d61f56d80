package org.arrears.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.arrears.db.Database;
import org.arrears.testing.TestDatabase;
import org.arrears.util.Gzip;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Campaign effectiveness, the placement file, the debtor timeline, the worklist and the exports, over
 * {@link FixedBook} plus messages, contact points, holds and tasks written here.
 */
class ReportsTest {

    static Database db;

    @BeforeAll
    static void book() throws Exception {
        db = TestDatabase.fresh();
        FixedBook.write(db.dataSource());
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE debtor SET no_contact_before = '08:00', no_contact_after = '20:00', time_zone = 'Europe/Berlin' WHERE id = 1");
            s.execute("INSERT INTO debtor_flag (debtor_id, attorney_represented, source) VALUES (1, true, 'OPERATOR')");
            s.execute("""
                    INSERT INTO contact_point (id, debtor_id, channel, address, consent_source, creditor_notice_sent_on,
                                               work_email, opted_out_at, opt_out_source, quality, creditor_id) VALUES
                      (1, 1, 'email', 'eve@work.example', 'CREDITOR_NOTICE', '2025-11-01', true, NULL, NULL, 'GOOD', 1),
                      (2, 1, 'sms', '+491701234567', 'CONSUMER_CONSENT', NULL, false, '2026-02-01', 'SMS_KEYWORD', 'GOOD', 1)""");
            s.execute("INSERT INTO hold (debtor_id, invoice_id, kind, reason, created_at) VALUES (1, 2, 'DISPUTE', 'not delivered', '2026-02-10')");
            s.execute("INSERT INTO dunning_cycle (id, debtor_id, currency) VALUES (1, 1, 'EUR'), (2, 2, 'USD')");
            // messages: E-C's reminder on 03-20 (paid 03-25: 5 days later), a follow-up 03-28 (no payment after),
            // and a USD reminder 2026-01-10 long before the USD payment of 03-01
            s.execute("""
                    INSERT INTO communication (id, token, dedupe_key, debtor_id, currency, cycle_id, policy_code, policy_version,
                        step_code, step_index, channel, template, address, status, plan_date, not_before, sent_at,
                        gate_verdict, gate_reason, content_gz, creditor_id) VALUES
                      (1, 't1', 'k1', 1, 'EUR', 1, 'std', '1', 'reminder', 1, 'email', 'reminder-email', 'eve@work.example',
                       'DELIVERED', '2026-03-20', '2026-03-20', '2026-03-20 09:00Z', 'ALLOW', NULL, ?, 1),
                      (2, 't2', 'k2', 1, 'EUR', 1, 'std', '1', 'follow-up', 2, 'email', 'follow-up-email', 'eve@work.example',
                       'SENT', '2026-03-28', '2026-03-28', '2026-03-28 09:00Z', 'ALLOW', NULL, NULL, 1),
                      (3, 't3', 'k3', 2, 'USD', 2, 'std', '1', 'reminder', 1, 'email', 'reminder-email', 'uma@example.test',
                       'SENT', '2026-01-10', '2026-01-10', '2026-01-10 09:00Z', 'ALLOW', NULL, NULL, 2)""".replace("?",
                    "'\\x" + hex(Gzip.compress("Dear Eve, EUR 30,000.00 is overdue.".getBytes(StandardCharsets.UTF_8))) + "'"));
            s.execute("INSERT INTO communication_event (communication_id, at, status) VALUES (1, '2026-03-20 09:05Z', 'DELIVERED')");
            s.execute("""
                    INSERT INTO inbound_event (kind, source, external_id, debtor_id, received_at, payload) VALUES
                      ('REPLY', 'imap', 'm-1', 1, '2026-03-21 10:00Z', '{"intent": {"name": "promise-to-pay", "phrase": "I will pay"}}')""");
            s.execute("""
                    INSERT INTO task (kind, debtor_id, invoice_id, payment_id, title, status, created_at, creditor_id, assigned_to) VALUES
                      ('ESCALATION', 1, NULL, NULL, 'Escalate Eve', 'OPEN', now() - interval '3 days', 1, NULL),
                      ('ATTORNEY', 1, 3, NULL, 'Attorney letter', 'OPEN', now() - interval '1 day', 1, 'sam'),
                      ('SUSPENSE', NULL, NULL, 5, 'Unmatched payment', 'OPEN', now() - interval '2 days', 2, NULL),
                      ('ESCALATION', 2, NULL, NULL, 'Escalate Uma', 'DONE', now() - interval '5 days', 2, NULL)""");
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void aPaymentIsAttributedToTheLastMessageBeforeItWithinTheWindow() {
        ReportTable t = new CampaignEffectiveness(db.dataSource()).report(FixedBook.AS_OF, 30, 7, CreditorScope.all());

        // E-C's 50,000 on 03-25 follows the reminder of 03-20 by 5 days; the follow-up of 03-28 brought nothing
        List<Object> reminder = t.find("step", "reminder", "currency", "EUR");
        assertThat(reminder.subList(4, 9).stream().map(String::valueOf).toList())
                .containsExactly("1", "1", "1", "50000.00", "100.00");
        List<Object> followUp = t.find("step", "follow-up");
        assertThat(followUp.subList(4, 9).stream().map(String::valueOf).toList()).containsExactly("1", "0", "0", "0", "0.00");
        // the USD reminder of 01-10 is outside the 30-day period, so it is not listed
        assertThat(t.find("currency", "USD")).isNull();
    }

    @Test
    void aPaymentLaterThanTheWindowIsNotAttributed() {
        ReportTable t = new CampaignEffectiveness(db.dataSource()).report(FixedBook.AS_OF, 30, 4, CreditorScope.all());

        assertThat(t.find("step", "reminder", "currency", "EUR").get(t.column("payments"))).isEqualTo(0L);
    }

    @Test
    void thePlacementFileCarriesEveryFlagTheItemizationAndTheNoticeEvidence() {
        ReportTable t = new Placement(db.dataSource()).report(FixedBook.AS_OF, 60, CreditorScope.of(List.of(1L)));

        // debtor 1 has E-A at DPD 90: all its open invoices are placed
        assertThat(t.rows()).extracting(r -> r.get(t.column("invoice_number"))).containsExactly("E-A", "E-B", "E-C", "E-D", "E-E");
        List<Object> b = t.find("invoice_number", "E-B");
        assertThat(b.get(t.column("dispute"))).isEqualTo(true);
        assertThat(b.get(t.column("dispute_since"))).isEqualTo(LocalDate.of(2026, 2, 10));
        assertThat(t.find("invoice_number", "E-A").get(t.column("dispute"))).isEqualTo(false);
        assertThat(b.get(t.column("attorney"))).isEqualTo(true);
        assertThat(b.get(t.column("inconvenient_times"))).isEqualTo("not before 08:00, not after 20:00 Europe/Berlin");
        assertThat((String) b.get(t.column("channel_opt_outs"))).isEqualTo("sms +491701234567 opted out 2026-02-01 (SMS_KEYWORD)");
        assertThat(b.get(t.column("employer_email"))).isEqualTo(true);
        assertThat(b.get(t.column("creditor_35_day_notice"))).isEqualTo("eve@work.example 2025-11-01");
        assertThat(b.get(t.column("itemization_date"))).isEqualTo(LocalDate.of(2026, 1, 10));
        assertThat((BigDecimal) b.get(t.column("itemization_amount"))).isEqualByComparingTo("700000");
        assertThat((BigDecimal) b.get(t.column("payments_since"))).isEqualByComparingTo("650000");
        assertThat((BigDecimal) b.get(t.column("amount_due"))).isEqualByComparingTo("50000");
        assertThat(b.get(t.column("scra"))).isEqualTo(Placement.NOT_RECORDED);
    }

    @Test
    void aPlacementFileMissingTheInconvenientTimesOfAnAccountThatHasThemFails() {
        ReportTable t = new Placement(db.dataSource()).report(FixedBook.AS_OF, 60, CreditorScope.of(List.of(1L)));
        int col = t.column("inconvenient_times");
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> r : t.rows()) {
            List<Object> copy = new ArrayList<>(r);
            copy.set(col, null);
            rows.add(copy);
        }
        ReportTable stripped = new ReportTable(t.title(), t.columns(), rows);
        Placement.Facts facts = new Placement.Facts(1, false, true, false, false, true, true, true, true);

        assertThatThrownBy(() -> Placement.verify(stripped, Map.of(1L, facts)))
                .isInstanceOf(Placement.IncompleteException.class)
                .hasMessage("placement file fails its integrity check (R48), missing debtor 1: inconvenient_times");
        Placement.verify(t, Map.of(1L, facts)); // the file as exported passes
    }

    @Test
    void theDebtorTimelineShowsMessagesWithTheirGateDecisionDeliveriesRepliesPaymentsHoldsAndTasks() {
        DebtorTimeline d = new DebtorTimeline(db.dataSource());
        ReportTable t = d.timeline(1, CreditorScope.all(), 100);

        List<String> kinds = t.rows().stream().map(r -> (String) r.get(1)).toList();
        assertThat(kinds).contains("MESSAGE", "MESSAGE_DELIVERED", "INBOUND_REPLY", "PAYMENT", "HOLD_PLACED", "TASK");
        assertThat(t.find("kind", "MESSAGE", "ref", 1L).get(t.column("detail")).toString()).startsWith("gate ALLOW");
        assertThat(t.find("kind", "INBOUND_REPLY").get(t.column("summary")).toString()).contains("intent promise-to-pay");
        assertThat(t.find("kind", "PAYMENT", "ref", 2L).get(t.column("detail"))).isEqualTo("E-B: 650000.00");
        // newest first
        List<java.time.OffsetDateTime> at = t.rows().stream().map(r -> (java.time.OffsetDateTime) r.get(0)).toList();
        assertThat(at).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(d.content(1, CreditorScope.all())).isEqualTo("Dear Eve, EUR 30,000.00 is overdue.");
        assertThat(d.invoices(1, FixedBook.AS_OF, CreditorScope.all()).find("invoice_number", "E-A").get(8)).isEqualTo("61-90");
        assertThat(d.contactPoints(1, CreditorScope.all()).rows()).hasSize(2);
    }

    @Test
    void aDebtorOfACreditorOutOfScopeIsNotFound() {
        DebtorTimeline d = new DebtorTimeline(db.dataSource());

        assertThat(d.visible(1, CreditorScope.of(List.of(2L)))).isFalse();
        assertThat(d.timeline(1, CreditorScope.of(List.of(2L)), 10).rows()).isEmpty();
        assertThat(d.content(1, CreditorScope.of(List.of(2L)))).isNull();
    }

    @Test
    void theWorklistListsOpenTasksByPriorityWithTheAmountAtStake() {
        Worklist w = new Worklist(db.dataSource());
        ReportTable t = w.page(Worklist.Query.firstPage(10), CreditorScope.all());

        // ATTORNEY (90) before SUSPENSE (60) before ESCALATION (50); the DONE task is not listed
        assertThat(t.rows()).extracting(r -> r.get(t.column("kind"))).containsExactly("ATTORNEY", "SUSPENSE", "ESCALATION");
        // the attorney task is about E-C (open 30,000); suspense about payment 5 (USD 5); escalation about the debtor (EUR total)
        assertThat(t.rows()).extracting(r -> r.get(t.column("amount_at_stake")) + " " + r.get(t.column("currency")))
                .containsExactly("30000.00 EUR", "5.00 USD", "580999.00 EUR");
        assertThat(t.rows()).extracting(r -> r.get(t.column("age_days"))).containsExactly(1, 2, 3);
        assertThat(t.find("kind", "ATTORNEY").get(t.column("owner"))).isEqualTo("sam");
        assertThat(w.page(new Worklist.Query("escalation", null, null, false, 0, 10), CreditorScope.of(List.of(2L))).rows()).isEmpty();
        assertThat(w.page(new Worklist.Query(null, null, null, false, 1, 1), CreditorScope.all()).rows())
                .extracting(r -> r.get(1)).containsExactly("SUSPENSE");
        assertThat(w.openByKind(CreditorScope.all()).find("kind", "ESCALATION").get(1)).isEqualTo(1L);
    }

    @Test
    void collectorActivityCountsTasksCreatedClosedAndOpenPerOwnerAndKind() {
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        ReportTable t = new CollectorActivity(db.dataSource()).report(today, 30, CreditorScope.all());

        // the DONE escalation got its closed_at from V14's trigger when it was written
        assertThat(t.find("owner", "(unassigned)", "kind", "ESCALATION").subList(2, 5)).containsExactly(2L, 1L, 1L);
        assertThat(t.find("owner", "sam", "kind", "ATTORNEY").subList(2, 5)).containsExactly(1L, 0L, 1L);
        assertThat(t.find("kind", "PROMISE_TO_PAY").subList(2, 7)).containsExactly(0L, 0L, 0L, 0L, 0L);
        ReportTable acme = new CollectorActivity(db.dataSource()).report(today, 30, CreditorScope.of(List.of(2L)));
        assertThat(acme.find("kind", "ATTORNEY")).isNull();
    }

    @Test
    void csvCellsThatStartLikeAFormulaAreNeutralisedAndNumbersStayNumbers() {
        ReportTable t = new ReportTable("t", List.of("text", "amount"), List.of(
                Arrays.asList("=HYPERLINK(\"http://x\")", new BigDecimal("-12.50")),
                Arrays.asList("+1", null), Arrays.asList("-2", 3L), Arrays.asList("@SUM(A1)", 4L),
                Arrays.asList("\tlead", 5L), Arrays.asList("\rlead", 6L), Arrays.asList("a,b", 7L), Arrays.asList("plain", 8L)));
        StringWriter w = new StringWriter();

        CsvExport.write(t, w);

        assertThat(w.toString()).isEqualTo("text,amount\r\n"
                + "\"'=HYPERLINK(\"\"http://x\"\")\",-12.50\r\n"
                + "'+1,\r\n'-2,3\r\n'@SUM(A1),4\r\n'\tlead,5\r\n\"'\rlead\",6\r\n\"a,b\",7\r\nplain,8\r\n");
    }

    @Test
    void theXlsxExportHoldsTheHeaderAndTheCellsAsTypedValues() throws Exception {
        ReportTable aging = new Aging(db.dataSource()).asOf(FixedBook.AS_OF, CreditorScope.all());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        XlsxExport.write(aging, out);

        String sheet = null;
        String strings = null;
        java.nio.file.Path file = java.nio.file.Files.createTempFile("aging", ".xlsx");
        try {
            java.nio.file.Files.write(file, out.toByteArray());
            try (ZipFile zip = new ZipFile(file.toFile())) {
                sheet = new String(zip.getInputStream(zip.getEntry("xl/worksheets/sheet1.xml")).readAllBytes(), StandardCharsets.UTF_8);
                strings = new String(zip.getInputStream(zip.getEntry("xl/sharedStrings.xml")).readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
        assertThat(strings).contains("creditor", "61-90", "default", "acme", "EUR");
        assertThat(sheet).contains("<v>600000.00</v>").contains("<v>420000.00</v>");
        assertThat(XlsxExport.sheetName("Aging as of 2026-03-31: all [x]")).isEqualTo("Aging as of 2026-03-31  all  x");
    }
}
