package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.arrears.payments.PaymentIngestor.Ingestion;
import org.junit.jupiter.api.Test;

/** Cash application on ERP-like data: short invoice numbers, disputed invoices, suspense and credit tasks, the report. */
class CashApplicationFlowTest extends PostingFlowTestBase {

    long invoice(long debtor, String number, String amount) {
        long id = f.book.invoice(debtor, "EUR", amount, DUE);
        f.book.execute("UPDATE invoice SET invoice_number = ? WHERE id = ?", number, id);
        return id;
    }

    @Test
    void aShortInvoiceNumberIsMatchedAsAWholeTokenWhenTheAmountOrThePayerConfirmsIt() throws Exception {
        long acme = f.book.debtor("Acme Tools Ltd", "B2B", "en", "Europe/London", "GB", null);
        long si1001 = invoice(acme, "SI-1001", "150.00");
        long si1002 = invoice(acme, "SI-1002", "120.00");
        long bolt = f.book.debtor("Bolt Supplies", "B2B", "en", "Europe/London", "GB", null);
        long si1003 = invoice(bolt, "SI-1003", "200.00");
        long si1004 = invoice(bolt, "SI-1004", "80.00");

        CamtBuilder file = CamtBuilder.message("SHORT");
        CamtBuilder.Stmt st = file.statement(OUR_IBAN, "EUR", "0.00");
        st.credit("150.00", "K-1").from("Accounts Payable", "GB33BUKB20201555555555").text("SI-1001"); // the amount agrees
        st.credit("99.00", "K-2").from("Accounts Payable", "GB33BUKB20201555555555").text("SI-1002");  // neither confirms
        st.credit("60.00", "K-3").from("BOLT SUPPLIES", "GB94BARC10201530093459").text("Rechnung SI 1003"); // the payer
        st.credit("80.00", "K-4").from("Accounts Payable", "GB33BUKB20201555555555").text("ref 21004"); // not a whole token
        Ingestion r = ingest(file, "short.xml");

        assertThat(f.book.rows("SELECT bank_reference, status, match_method, debtor_id FROM payment ORDER BY entry_no"))
                .containsExactly("K-1|MATCHED|INVOICE_NUMBER|" + acme, "K-2|SUSPENSE|null|null",
                        "K-3|PARTIAL|INVOICE_NUMBER|" + bolt, "K-4|SUSPENSE|null|null");
        assertThat(open(si1001)).isEqualTo("0.00");
        assertThat(open(si1002)).isEqualTo("120.00");
        assertThat(open(si1003)).isEqualTo("140.00");
        assertThat(open(si1004)).isEqualTo("80.00");
        assertThat(r.report().matched("INVOICE_NUMBER")).isEqualTo(2);
    }

    @Test
    void aPaymentAppliedToADisputedInvoiceRaisesATaskAndStaysApplied() throws Exception {
        long dana = f.book.debtor("Dana Dorn", "B2C", "en", "Europe/Berlin", "DE", null);
        long disputed = f.book.invoice(dana, "EUR", "90.00", DUE);
        f.book.execute("INSERT INTO hold (debtor_id, invoice_id, kind, reason) VALUES (?, ?, 'DISPUTE', 'goods damaged')",
                dana, disputed);
        long eli = f.book.debtor("Eli Eck", "B2C", "en", "Europe/Berlin", "DE", null);
        long settled = f.book.invoice(eli, "EUR", "40.00", DUE);
        f.book.execute("INSERT INTO hold (debtor_id, invoice_id, kind, reason, released_at) "
                + "VALUES (?, ?, 'DISPUTE', 'resolved', now())", eli, settled);
        long undisputed = f.book.invoice(dana, "EUR", "10.00", DUE.minusDays(40));

        CamtBuilder file = CamtBuilder.message("DISP");
        CamtBuilder.Stmt st = file.statement(OUR_IBAN, "EUR", "0.00");
        st.credit("90.00", "D-1").rf(rf(disputed)).from("Dana Dorn", "DE44500105175407324931");
        st.credit("40.00", "D-2").rf(rf(settled)).from("Eli Eck", "DE02120300000000202051"); // dispute released
        st.credit("10.00", "D-3").rf(rf(undisputed)).from("Dana Dorn", "DE44500105175407324931");
        Ingestion r = ingest(file, "disp.xml");

        assertThat(open(disputed)).isEqualTo("0.00");
        assertThat(f.book.rows("SELECT t.kind, t.debtor_id, t.invoice_id, p.bank_reference, t.title FROM task t "
                + "JOIN payment p ON p.id = t.payment_id WHERE t.kind = 'DISPUTED_INVOICE_PAID'")).containsExactly(
                "DISPUTED_INVOICE_PAID|" + dana + "|" + disputed + "|D-1|90.00 EUR applied to disputed invoice "
                        + f.book.invoiceNumber(disputed) + ": settle or review the dispute");
        assertThat(f.book.queryString("SELECT detail FROM task WHERE kind = 'DISPUTED_INVOICE_PAID'"))
                .contains("goods damaged").contains("Dana Dorn");
        assertThat(r.report().count("disputeTasks")).isEqualTo(1);
    }

    @Test
    void aPaymentIsNeverAppliedToADisputedInvoiceByAGuessOrTheOldestFirstSpread() throws Exception {
        long hana = f.book.debtor("Hana Hahn", "B2C", "en", "Europe/Berlin", "DE", null);
        long disputed = f.book.invoice(hana, "EUR", "100.00", DUE.minusDays(30));
        long other = f.book.invoice(hana, "EUR", "50.00", DUE);
        f.book.execute("INSERT INTO hold (debtor_id, invoice_id, kind, reason) VALUES (?, ?, 'DISPUTE', 'not ordered')",
                hana, disputed);
        f.book.execute("INSERT INTO debtor_bank_account (debtor_id, account) VALUES (?, 'DE75512108001245126199')", hana);

        CamtBuilder file = CamtBuilder.message("SPREAD");
        CamtBuilder.Stmt st = file.statement(OUR_IBAN, "EUR", "0.00");
        st.credit("150.00", "H-1").rf(rf(other)).from("Hana Hahn", "DE75512108001245126199"); // more than the other invoice
        st.credit("100.00", "H-2").from("Hana Hahn", "DE75512108001245126199"); // the disputed invoice's amount, no reference
        ingest(file, "spread.xml");

        assertThat(open(disputed)).isEqualTo("100.00");
        assertThat(open(other)).isEqualTo("0.00");
        assertThat(f.book.rows("SELECT bank_reference, status FROM payment ORDER BY entry_no"))
                .containsExactly("H-1|CREDIT", "H-2|SUSPENSE");
        assertThat(f.book.rows("SELECT debtor_id, amount FROM debtor_credit")).containsExactly(hana + "|100.00");
        assertThat(count("SELECT count(*) FROM task WHERE kind = 'DISPUTED_INVOICE_PAID'")).isZero();
    }

    @Test
    void aFileOfManyUnmatchedEntriesMakesOneSuspenseTaskListingThem() throws Exception {
        int n = PaymentPoster.LISTED + 50;
        CamtBuilder file = CamtBuilder.message("MANY");
        CamtBuilder.Stmt st = file.statement(OUR_IBAN, "EUR", "0.00");
        for (int i = 1; i <= n; i++) {
            st.credit("1.00", "U-" + i).from("Stranger " + i, null).text("see you");
        }
        Ingestion r = ingest(file, "many.xml");

        assertThat(r.report().count("suspense")).isEqualTo(n);
        assertThat(f.book.rows("SELECT kind, bank_file_id, title FROM task")).containsExactly("SUSPENSE|" + r.bankFileId()
                + "|Apply or return " + n + " entries in suspense (" + n + ".00 EUR) from bank file many.xml");
        String detail = f.book.queryString("SELECT detail FROM task");
        assertThat(detail).startsWith("By reason: UNMATCHED " + n + ".\nentry 1: 1.00 EUR from Stranger 1. UNMATCHED: ")
                .contains("\nentry " + PaymentPoster.LISTED + ": ").doesNotContain("entry " + (PaymentPoster.LISTED + 1) + ":")
                .endsWith("\n... and 50 more: the SUSPENSE payments of bank file " + r.bankFileId());
        assertThat(r.report().count("tasks")).isEqualTo(1);
        assertThat(r.report().count("suspenseTasks")).isEqualTo(1);
    }

    @Test
    void anOverpaymentBecomesACreditShownInTheReportWithATask() throws Exception {
        long finn = f.book.debtor("Finn Falk", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = f.book.invoice(finn, "EUR", "100.00", DUE);
        CamtBuilder file = CamtBuilder.message("OVER");
        file.statement(OUR_IBAN, "EUR", "0.00").credit("150.00", "O-1").rf(rf(inv)).from("Finn Falk", "DE44500105175407324931");
        Ingestion r = ingest(file, "over.xml");

        assertThat(f.book.rows("SELECT debtor_id, amount FROM debtor_credit")).containsExactly(finn + "|50.00");
        assertThat(r.report().amount("credited", "EUR")).isEqualByComparingTo("50.00");
        assertThat(r.report().count("debtorsCredited")).isEqualTo(1);
        assertThat(r.report().count("creditTasks")).isEqualTo(1);
        assertThat(r.report().toText()).contains("overpaid   1 entry, 50.00 EUR credited to 1 debtor");
        assertThat(r.report().toJson()).contains("\"creditTasks\":1").contains("\"credited\":{\"EUR\":\"50.00\"}");
        assertThat(f.book.rows("SELECT kind, debtor_id, title FROM task")).containsExactly("OVERPAYMENT|" + finn
                + "|Refund or keep 50.00 EUR of credit from 1 overpayment in bank file over.xml");
        assertThat(f.book.queryString("SELECT detail FROM task"))
                .contains("entry 1: 150.00 EUR from Finn Falk, 50.00 EUR credited to debtor " + finn);
    }

    @Test
    void everyFigureInTheFileReportSaysWhatItCounts() throws Exception {
        long gus = f.book.debtor("Gus Gold", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = f.book.invoice(gus, "EUR", "100.00", DUE);
        CamtBuilder file = CamtBuilder.message("TEXT");
        CamtBuilder.Stmt st = file.statement(OUR_IBAN, "EUR", "0.00");
        st.credit("60.00", "T-1").rf(rf(inv));
        st.credit("7.00", "T-2").from("Nobody", null);
        String text = ingest(file, "text.xml").report().toText();

        List<String> lines = Arrays.asList(text.split("\n"));
        assertThat(lines).contains("  money in   2 entries, 67.00 EUR",
                "  matched    1 entry: 1 by reference, 0 by invoice number, 0 by account and amount, 0 by name and amount",
                "  applied    60.00 EUR to invoices",
                "  partial    1 entry left an invoice partly open",
                "  suspense   1 entry, 7.00 EUR",
                "  tasks      1: 1 suspense list, 0 overpayments, 0 disputed invoices paid, 0 returns, 0 bank notices");
        // no bare number: each figure is followed by what it counts, or by a currency
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).as(line).doesNotContainPattern("\\d\\s*$").doesNotContainPattern("\\d,? \\d");
        }
    }
}
