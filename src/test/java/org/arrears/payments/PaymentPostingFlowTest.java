package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.arrears.ar.CreditorReference;
import org.arrears.payments.PaymentIngestor.Ingestion;
import org.arrears.payments.PaymentIngestor.Status;
import org.junit.jupiter.api.Test;

/** Bank files posted against a real PostgreSQL AR book: whole files, duplicates, quarantine, returns, outreach. */
class PaymentPostingFlowTest extends PostingFlowTestBase {

    @Test
    void statementPaysSomeInvoicesInFullSomeInPartAndOneTwice() throws Exception {
        long anna = f.book.debtor("Anna Albers", "B2C", "en", "Europe/Berlin", "DE", null);
        long annaInv = f.book.invoice(anna, "EUR", "100.00", DUE);
        long ben = f.book.debtor("Ben Brandt", "B2C", "en", "Europe/Berlin", "DE", null);
        long benInv = f.book.invoice(ben, "EUR", "300.00", DUE);
        long cara = f.book.debtor("Cara Conti", "B2C", "en", "Europe/Berlin", "DE", null);
        long caraOld = f.book.invoice(cara, "EUR", "80.00", DUE.minusDays(20));
        long caraNew = f.book.invoice(cara, "EUR", "50.00", DUE);

        CamtBuilder file = CamtBuilder.message("STMT-1");
        CamtBuilder.Stmt st = file.statement(OUR_IBAN, "EUR", "1000.00");
        st.credit("100.00", "B-1").rf(rf(annaInv)).from("Anna Albers", "DE44500105175407324931").e2e("E2E-A1");
        st.credit("120.00", "B-2").rf(rf(benInv)).from("Ben Brandt", "DE02120300000000202051");
        st.credit("100.00", "B-3").rf(rf(annaInv)).from("Anna Albers", "DE44500105175407324931"); // paid twice
        st.credit("50.00", "B-4").rf(rf(caraNew)).from("Cara Conti", "DE75512108001245126199");
        st.credit("50.00", "B-5").rf(rf(caraNew)).from("Cara Conti", "DE75512108001245126199"); // twice: to the older one

        Ingestion r = ingest(file, "stmt-1.xml");

        assertThat(r.status()).isEqualTo(Status.POSTED);
        assertThat(open(annaInv)).isEqualTo("0.00");
        assertThat(open(benInv)).isEqualTo("180.00");
        assertThat(open(caraNew)).isEqualTo("0.00");
        assertThat(open(caraOld)).isEqualTo("30.00");
        assertThat(f.book.rows("SELECT bank_reference, status, match_method, debtor_id FROM payment ORDER BY entry_no"))
                .containsExactly("B-1|MATCHED|REFERENCE|" + anna, "B-2|PARTIAL|REFERENCE|" + ben,
                        "B-3|CREDIT|REFERENCE|" + anna, "B-4|MATCHED|REFERENCE|" + cara, "B-5|PARTIAL|REFERENCE|" + cara);
        assertThat(f.book.rows("SELECT p.bank_reference, a.invoice_id, a.amount FROM allocation a JOIN payment p "
                + "ON p.id = a.payment_id ORDER BY p.entry_no, a.invoice_id")).containsExactly(
                "B-1|" + annaInv + "|100.00", "B-2|" + benInv + "|120.00", "B-4|" + caraNew + "|50.00",
                "B-5|" + caraOld + "|50.00");
        assertThat(f.book.rows("SELECT debtor_id, currency, amount FROM debtor_credit"))
                .containsExactly(anna + "|EUR|100.00");

        PostingReport rep = r.report();
        assertThat(rep.count("entries")).isEqualTo(5);
        assertThat(rep.matched("REFERENCE")).isEqualTo(5);
        assertThat(rep.count("partial")).isEqualTo(2);
        assertThat(rep.count("overpaid")).isEqualTo(1);
        assertThat(rep.count("suspense")).isZero();
        assertThat(rep.count("invoicesPaid")).isEqualTo(2);
        assertThat(rep.count("invoicesPartlyPaid")).isEqualTo(2);
        assertThat(rep.amount("received", "EUR")).isEqualByComparingTo("420.00");
        assertThat(rep.amount("applied", "EUR")).isEqualByComparingTo("320.00");
        assertThat(rep.amount("credited", "EUR")).isEqualByComparingTo("100.00");
        // the database keeps the report
        assertThat(f.book.queryString("SELECT report->>'entries' FROM bank_file WHERE id = ?", r.bankFileId())).isEqualTo("5");
        assertThat(f.book.queryString("SELECT report->'matched'->>'REFERENCE' FROM bank_file WHERE id = ?", r.bankFileId()))
                .isEqualTo("5");
        // payers' accounts are learnt for matching later payments without a reference
        assertThat(count("SELECT count(*) FROM debtor_bank_account")).isEqualTo(3);
    }

    @Test
    void theSameFileDroppedAgainPostsNothing() throws Exception {
        long d = f.book.debtor("Dora Dietz", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = f.book.invoice(d, "EUR", "200.00", DUE);
        CamtBuilder file = CamtBuilder.message("STMT-2");
        file.statement(OUR_IBAN, "EUR", "0.00").credit("150.00", "C-1").rf(rf(inv));
        Path inboxDir = inbox.inbox();

        String first = inbox.process(file.writeTo(inboxDir.resolve("stmt.xml")).toString());
        String again = inbox.process(file.writeTo(inboxDir.resolve("stmt-copy.xml")).toString());

        assertThat(first).contains("posted");
        assertThat(again).contains("already posted");
        assertThat(open(inv)).isEqualTo("50.00");
        assertThat(count("SELECT count(*) FROM payment")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM allocation")).isEqualTo(1);
        assertThat(f.book.rows("SELECT file_name, status, duplicate_of IS NOT NULL FROM bank_file ORDER BY id"))
                .containsExactly("stmt.xml|POSTED|f", "stmt-copy.xml|DUPLICATE|t");
        assertThat(inbox.processed().resolve("stmt.xml")).exists();
        assertThat(inbox.processed().resolve("stmt-copy.xml")).exists();
        assertThat(inboxDir.resolve("stmt.xml")).doesNotExist();
    }

    @Test
    void anEntrySeenBeforeInANewFilePostsNothing() throws Exception {
        long d = f.book.debtor("Emil Ernst", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = f.book.invoice(d, "EUR", "200.00", DUE);
        CamtBuilder day1 = CamtBuilder.message("D1");
        day1.statement(OUR_IBAN, "EUR", "0.00").credit("60.00", "E-1").rf(rf(inv));
        CamtBuilder day2 = CamtBuilder.message("D2"); // an intraday report repeats E-1 and adds E-2
        CamtBuilder.Stmt s2 = day2.statement(OUR_IBAN, "EUR", "0.00");
        s2.credit("60.00", "E-1").rf(rf(inv));
        s2.credit("40.00", "E-2").rf(rf(inv));
        s2.credit("40.00", "E-2").rf(rf(inv)); // and lists E-2 twice

        ingest(day1, "d1.xml");
        Ingestion r = ingest(day2, "d2.xml");

        assertThat(r.status()).isEqualTo(Status.POSTED);
        assertThat(r.report().count("duplicates")).isEqualTo(2);
        assertThat(f.book.rows("SELECT bank_reference, amount FROM payment ORDER BY id")).containsExactly("E-1|60.00", "E-2|40.00");
        assertThat(open(inv)).isEqualTo("100.00");
    }

    @Test
    void aFileWithAWrongClosingBalanceIsQuarantinedAndNothingIsPosted() throws Exception {
        long d = f.book.debtor("Fritz Falk", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = f.book.invoice(d, "EUR", "90.00", DUE);
        CamtBuilder file = CamtBuilder.message("BAD");
        file.statement(OUR_IBAN, "EUR", "0.00").credit("90.00", "F-1").rf(rf(inv)); // a good first statement
        file.statement(OUR_IBAN, "EUR", "90.00").closing("500.00").credit("10.00", "F-2");
        Path dropped = file.writeTo(inbox.inbox().resolve("bad-balance.xml"));

        String outcome = inbox.process(dropped.toString());

        assertThat(outcome).contains("quarantined");
        assertThat(dropped).doesNotExist();
        Path quarantined = inbox.quarantine().resolve("bad-balance.xml");
        assertThat(quarantined).exists();
        assertThat(Files.readString(quarantined)).isEqualTo(file.xml());
        String report = Files.readString(PaymentInbox.errorReportOf(quarantined));
        assertThat(report).contains("file:      bad-balance.xml")
                .contains("location:  /Document/BkToCstmrStmt/Stmt[2]")
                .contains("problem:   balances do not reconcile")
                .contains("nothing of it was posted");
        assertThat(count("SELECT count(*) FROM payment")).isZero();
        assertThat(count("SELECT count(*) FROM allocation")).isZero();
        assertThat(open(inv)).isEqualTo("90.00");
        assertThat(f.book.rows("SELECT file_name, status, report->>'location' FROM bank_file"))
                .containsExactly("bad-balance.xml|QUARANTINED|/Document/BkToCstmrStmt/Stmt[2]");
    }

    @Test
    void anUnreadableFileIsQuarantinedWithItsLine() throws Exception {
        Path dropped = inbox.inbox().resolve("garbage.sta");
        Files.createDirectories(dropped.getParent());
        Files.writeString(dropped, ":20:STMT\n:25:DE89370400440532013000\n:28C:1/1\n:60F:C260604EUR100,00\n"
                + ":61:2606040604CR50,00NTRFNONREF\n:62F:C260604EUR999,00\n-\n");

        inbox.process(dropped.toString());

        Path quarantined = inbox.quarantine().resolve("garbage.sta");
        assertThat(quarantined).exists();
        assertThat(Files.readString(PaymentInbox.errorReportOf(quarantined))).contains("file:      garbage.sta")
                .containsPattern("location:  line \\d+");
        assertThat(count("SELECT count(*) FROM payment")).isZero();
    }

    @Test
    void aReturnReopensThePaidInvoiceAndCreatesATask() throws Exception {
        long d = f.book.debtor("Gerd Gast", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = f.book.invoice(d, "EUR", "75.00", DUE);
        CamtBuilder pay = CamtBuilder.message("P");
        pay.statement(OUR_IBAN, "EUR", "0.00").credit("75.00", "G-1").rf(rf(inv)).e2e("SDD-2026-0042")
                .from("Gerd Gast", "NL20INGB0001234567");
        Ingestion paid = ingest(pay, "pay.xml");
        assertThat(open(inv)).isEqualTo("0.00");
        long original = f.book.queryLong("SELECT id FROM payment");

        CamtBuilder ret = CamtBuilder.message("R");
        ret.statement(OUR_IBAN, "EUR", "75.00").debit("75.00", "RTN-1").e2e("SDD-2026-0042").reversal("AM04")
                .from("Gerd Gast", "NL20INGB0001234567").text("Insufficient funds");
        Ingestion returned = ingest(ret, "return.xml");

        assertThat(paid.status()).isEqualTo(Status.POSTED);
        assertThat(returned.report().count("returned")).isEqualTo(1);
        assertThat(returned.report().count("invoicesReopened")).isEqualTo(1);
        assertThat(open(inv)).isEqualTo("75.00");
        assertThat(f.book.rows("SELECT id = ?, status, return_reason, reverses_payment_id = ?, debtor_id FROM payment ORDER BY id",
                original, original)).containsExactly("t|RETURNED|AM04|null|" + d, "f|REVERSAL|AM04|t|" + d);
        assertThat(f.book.queryString("SELECT sum(amount) FROM allocation WHERE invoice_id = ?", inv)).isEqualTo("0.00");
        assertThat(f.book.rows("SELECT kind, debtor_id, invoice_id, title LIKE '%returned (AM04)%' FROM task"))
                .containsExactly("PAYMENT_RETURNED|" + d + "|" + inv + "|t");
    }

    @Test
    void anAchReturnFileReversesTheCollectedPayment() throws Exception {
        long d = f.book.debtor("John Smith", "B2C", "en", "America/New_York", "US-NY", null);
        long inv = f.book.invoice(d, "USD", "125.00", DUE);
        CamtBuilder pay = CamtBuilder.message("US");
        pay.statement("US-021000021-000123456789", "USD", "0.00").credit("125.00", "U-1").rf(rf(inv)).e2e("INV-4001");
        ingest(pay, "collected.xml");
        assertThat(open(inv)).isEqualTo("0.00");

        Path ach = dir.resolve("returns.ach");
        Files.write(ach, Fixtures.bytes("nacha-returns.ach"));
        Ingestion r = inbox.ingestFile(ach);

        assertThat(r.status()).isEqualTo(Status.POSTED);
        assertThat(open(inv)).isEqualTo("125.00");
        assertThat(r.report().count("returned")).isEqualTo(1);
        assertThat(r.report().count("notices")).isEqualTo(1); // the C01 notification of change
        assertThat(r.report().count("debits")).isEqualTo(1);
        assertThat(f.book.rows("SELECT status, match_method FROM payment WHERE return_reason = 'R01' ORDER BY id"))
                .containsExactly("RETURNED|REFERENCE", "REVERSAL|END_TO_END_ID");
        assertThat(f.book.rows("SELECT kind FROM task ORDER BY kind")).containsExactly("BANK_NOTICE", "PAYMENT_RETURNED");
    }

    @Test
    void aPaidInvoicesPlannedReminderIsCancelledAndAPartlyPaidOneStays() throws Exception {
        long paid = f.book.consumer("Hanna Holm", "Europe/Berlin", "DE", "hanna@example.test");
        long paidInv = f.book.invoice(paid, "EUR", "64.00", LocalDate.of(2026, 6, 1));
        long part = f.book.consumer("Ida Iversen", "Europe/Berlin", "DE", "ida@example.test");
        long partInv = f.book.invoice(part, "EUR", "300.00", LocalDate.of(2026, 6, 1));
        assertThat(f.hub.planner().plan(LocalDate.of(2026, 6, 5)).planned()).isEqualTo(2);

        CamtBuilder file = CamtBuilder.message("PAY");
        CamtBuilder.Stmt st = file.statement(OUR_IBAN, "EUR", "0.00");
        st.credit("64.00", "H-1").rf(rf(paidInv));
        st.credit("100.00", "I-1").rf(rf(partInv));
        Ingestion r = ingest(file, "pay.xml");

        assertThat(r.report().count("communicationsCancelled")).isEqualTo(1);
        assertThat(f.book.rows("SELECT debtor_id, status, gate_reason FROM communication ORDER BY debtor_id"))
                .containsExactly(paid + "|CANCELLED|PAID", part + "|PLANNED|null");
        assertThat(f.book.rows("SELECT status, reason FROM communication_event WHERE status = 'CANCELLED'"))
                .containsExactly("CANCELLED|PAID");
    }

    @Test
    void aPromiseToPayIsKeptWhenPaidInTimeAndNotWhenLate() throws Exception {
        long onTime = f.book.debtor("Jana Jung", "B2C", "en", "Europe/Berlin", "DE", null);
        long onTimeInv = f.book.invoice(onTime, "EUR", "400.00", DUE);
        f.book.execute("INSERT INTO hold (debtor_id, kind, until, promised_amount, promise_status, created_at) "
                + "VALUES (?, 'PROMISE_TO_PAY', '2026-06-02', 150.00, 'OPEN', '2026-05-25')", onTime);
        long late = f.book.debtor("Kai Kurz", "B2C", "en", "Europe/Berlin", "DE", null);
        long lateInv = f.book.invoice(late, "EUR", "400.00", DUE);
        f.book.execute("INSERT INTO hold (debtor_id, kind, until, promised_amount, promise_status, created_at) "
                + "VALUES (?, 'PROMISE_TO_PAY', '2026-05-28', 150.00, 'OPEN', '2026-05-25')", late);

        CamtBuilder file = CamtBuilder.message("PTP");
        CamtBuilder.Stmt st = file.statement(OUR_IBAN, "EUR", "0.00");
        st.credit("100.00", "J-1").rf(rf(onTimeInv)).on("2026-06-01");
        st.credit("50.00", "J-2").rf(rf(onTimeInv)).on("2026-06-04"); // within the two grace days
        st.credit("150.00", "K-1").rf(rf(lateInv)).on("2026-06-04");  // a week after the promised date
        Ingestion r = ingest(file, "ptp.xml");

        assertThat(r.report().count("promisesKept")).isEqualTo(1);
        assertThat(f.book.rows("SELECT debtor_id, promise_status FROM hold ORDER BY debtor_id"))
                .containsExactly(onTime + "|KEPT", late + "|OPEN");
    }

    @Test
    void paymentsAreMatchedByReferenceInvoiceNumberAccountOrNameWithTheAmount() throws Exception {
        long lea = f.book.debtor("Lea Lorenz", "B2C", "en", "Europe/Berlin", "DE", null);
        long leaInv = f.book.invoice(lea, "EUR", "10.00", DUE);
        long max = f.book.debtor("Max Mahler", "B2C", "en", "Europe/Berlin", "DE", null);
        long maxInv1 = f.book.invoice(max, "EUR", "123.00", DUE.minusDays(10));
        long maxInv2 = f.book.invoice(max, "EUR", "124.00", DUE);
        f.book.execute("UPDATE invoice SET invoice_number = 'INV-2026-000123' WHERE id = ?", maxInv1);
        f.book.execute("UPDATE invoice SET invoice_number = 'INV-2026-000124' WHERE id = ?", maxInv2);
        long nina = f.book.debtor("Nina Noll GmbH", "B2B", "de", "Europe/Berlin", "DE", null);
        long ninaOld = f.book.invoice(nina, "EUR", "40.00", DUE.minusDays(30));
        long ninaMid = f.book.invoice(nina, "EUR", "60.00", DUE.minusDays(10));
        long ninaNew = f.book.invoice(nina, "EUR", "75.00", DUE);
        f.book.execute("INSERT INTO debtor_bank_account (debtor_id, account, source) VALUES (?, 'DE02100100109307118603', 'OPERATOR')", nina);
        long otto = f.book.debtor("Otto Olsen", "B2C", "en", "Europe/Berlin", "DE", null);
        long ottoInv = f.book.invoice(otto, "EUR", "55.50", DUE);

        CamtBuilder file = CamtBuilder.message("MIX");
        CamtBuilder.Stmt st = file.statement(OUR_IBAN, "EUR", "0.00");
        st.credit("10.00", "M-1").text("Payment " + CreditorReference.print(rf(leaInv)) + " thanks"); // printed RF in text
        st.credit("123.00", "M-2").text("Inv.no: INV 2026-000123");
        st.credit("124.00", "M-3").text("lNV-2026-OOO124 Mahler");
        st.credit("75.00", "M-4").from("NINA NOLL", "DE02 1001 0010 9307 1186 03"); // one open invoice of the amount
        st.credit("100.00", "M-5").from("Nina Noll", "DE02100100109307118603");    // the two oldest together
        st.credit("55.50", "M-6").from("otto olsen", null).text("thanks");          // by name and amount
        Ingestion r = ingest(file, "mix.xml");

        assertThat(f.book.rows("SELECT bank_reference, status, match_method, debtor_id FROM payment ORDER BY entry_no"))
                .containsExactly("M-1|MATCHED|REFERENCE|" + lea, "M-2|MATCHED|INVOICE_NUMBER|" + max,
                        "M-3|MATCHED|INVOICE_NUMBER|" + max, "M-4|MATCHED|ACCOUNT_AMOUNT|" + nina,
                        "M-5|MATCHED|ACCOUNT_AMOUNT|" + nina, "M-6|MATCHED|NAME_AMOUNT|" + otto);
        assertThat(f.book.rows("SELECT id, open_amount FROM invoice WHERE id IN (?, ?, ?, ?, ?, ?, ?) ORDER BY id",
                leaInv, maxInv1, maxInv2, ninaOld, ninaMid, ninaNew, ottoInv)).allSatisfy(row -> assertThat(row).endsWith("|0.00"));
        assertThat(r.report().matched("REFERENCE")).isEqualTo(1);
        assertThat(r.report().matched("INVOICE_NUMBER")).isEqualTo(2);
        assertThat(r.report().matched("ACCOUNT_AMOUNT")).isEqualTo(2);
        assertThat(r.report().matched("NAME_AMOUNT")).isEqualTo(1);
    }

    @Test
    void ambiguityAndCurrencyMismatchGoToSuspenseWithATaskNeverToAGuess() throws Exception {
        long p1 = f.book.debtor("Paul Peters", "B2C", "en", "Europe/Berlin", "DE", null);
        f.book.invoice(p1, "EUR", "30.00", DUE);
        long p2 = f.book.debtor("Paul Peters", "B2C", "en", "Europe/Berlin", "DE", null);
        f.book.invoice(p2, "EUR", "30.00", DUE);
        long quinn = f.book.debtor("Quinn Quast", "B2C", "en", "Europe/Berlin", "DE", null);
        long q1 = f.book.invoice(quinn, "EUR", "45.00", DUE.minusDays(5));
        long q2 = f.book.invoice(quinn, "EUR", "45.00", DUE);
        f.book.execute("INSERT INTO debtor_bank_account (debtor_id, account) VALUES (?, 'DE27100777770209299700')", quinn);
        long rosa = f.book.debtor("Rosa Roth", "B2C", "en", "Europe/Berlin", "DE", null);
        long rosaInv = f.book.invoice(rosa, "EUR", "99.00", DUE);

        CamtBuilder eur = CamtBuilder.message("AMB");
        CamtBuilder.Stmt st = eur.statement(OUR_IBAN, "EUR", "0.00");
        st.credit("30.00", "N-1").from("Paul Peters", null);                       // two debtors of that name
        st.credit("45.00", "N-2").from("Q. Quast", "DE27100777770209299700");      // two invoices of that amount
        st.credit("12.34", "N-3").from("Somebody Else", "FR7630006000011234567890189").text("for last month");
        CamtBuilder usd = CamtBuilder.message("CCY");
        usd.statement("US-021000021-000123456789", "USD", "0.00").credit("99.00", "N-4").rf(rf(rosaInv));
        ingest(eur, "amb.xml");
        Ingestion r = ingest(usd, "ccy.xml");

        assertThat(f.book.rows("SELECT bank_reference, status, match_method, split_part(suspense_reason, ':', 1) "
                + "FROM payment ORDER BY id")).containsExactly("N-1|SUSPENSE|null|AMBIGUOUS", "N-2|SUSPENSE|null|AMBIGUOUS",
                "N-3|SUSPENSE|null|UNMATCHED", "N-4|SUSPENSE|null|CURRENCY");
        assertThat(count("SELECT count(*) FROM allocation")).isZero();
        assertThat(f.book.rows("SELECT open_amount FROM invoice WHERE id IN (?, ?, ?)", q1, q2, rosaInv))
                .containsExactly("45.00", "45.00", "99.00");
        // one suspense task per file: the three entries of the first, the one of the second
        assertThat(f.book.rows("SELECT b.file_name, t.payment_id IS NOT NULL FROM task t JOIN bank_file b ON b.id = t.bank_file_id "
                + "WHERE t.kind = 'SUSPENSE' ORDER BY t.id")).containsExactly("amb.xml|f", "ccy.xml|t");
        assertThat(f.book.queryString("SELECT detail FROM task t JOIN bank_file b ON b.id = t.bank_file_id WHERE b.file_name = 'amb.xml'"))
                .contains("AMBIGUOUS 2, UNMATCHED 1").contains("entry 1: 30.00 EUR from Paul Peters")
                .contains("entry 2: 45.00 EUR").contains("entry 3: 12.34 EUR from Somebody Else");
        assertThat(f.book.queryString("SELECT detail FROM task t JOIN payment p ON p.id = t.payment_id WHERE p.bank_reference = 'N-4'"))
                .contains("paid in USD").contains("EUR");
        assertThat(r.report().count("suspense")).isEqualTo(1);
        assertThat(r.report().amount("suspense", "USD")).isEqualByComparingTo("99.00");
    }

    @Test
    void anAccountLearntFromAReferencedPaymentMatchesTheNextPaymentWithoutOne() throws Exception {
        long d = f.book.debtor("Sven Stahl", "B2C", "en", "Europe/Berlin", "DE", null);
        long first = f.book.invoice(d, "EUR", "20.00", DUE.minusDays(30));
        long second = f.book.invoice(d, "EUR", "35.00", DUE);
        CamtBuilder day1 = CamtBuilder.message("L1");
        day1.statement(OUR_IBAN, "EUR", "0.00").credit("20.00", "S-1").rf(rf(first)).from("S. Stahl", "DE91100000000123456789");
        CamtBuilder day2 = CamtBuilder.message("L2");
        day2.statement(OUR_IBAN, "EUR", "20.00").credit("35.00", "S-2").from("Stahl Sven", "DE91100000000123456789");

        ingest(day1, "l1.xml");
        ingest(day2, "l2.xml");

        assertThat(f.book.rows("SELECT bank_reference, match_method FROM payment ORDER BY id"))
                .containsExactly("S-1|REFERENCE", "S-2|ACCOUNT_AMOUNT");
        assertThat(open(second)).isEqualTo("0.00");
    }
}
