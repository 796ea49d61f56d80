package org.arrears.payments;

import static org.arrears.payments.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class Mt940ParserTest {

    @Test
    void germanSepaStatement() throws Exception {
        CollectingHandler h = new CollectingHandler();
        BankFormat f = BankFiles.parse(new ByteArrayInputStream(Fixtures.bytes("mt940-sepa-de.sta")), "de.sta",
                null, h);
        assertThat(f).isEqualTo(BankFormat.MT940);
        assertThat(h.statements).hasSize(1);
        assertThat(h.statements.get(0).header)
                .isEqualTo(new StatementHeader("37040044/0532013000", "EUR", dec("1000.00")));
        assertThat(h.statements.get(0).trailer.closingBalance()).isEqualByComparingTo("1295.50");

        List<PaymentEntry> e = h.entries();
        assertThat(e).hasSize(3);

        PaymentEntry credit = e.get(0);
        assertThat(credit.amount()).isEqualByComparingTo("250.00");
        assertThat(credit.currency()).isEqualTo("EUR");
        assertThat(credit.valueDate()).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(credit.bookingDate()).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(credit.bankReference()).isEqualTo("2024013100123");
        assertThat(credit.endToEndId()).isEqualTo("E2E-INV-2001");
        assertThat(credit.payerName()).isEqualTo("Schmidt, Anna Maria und Peter");
        assertThat(credit.payerAccount()).isEqualTo("DE44500105175407324931");
        assertThat(credit.remittance()).isEqualTo("RF18 5390 0754 7034 Rechnung 2001 Danke");
        assertThat(credit.structuredReference()).isEqualTo("RF18539007547034");
        assertThat(credit.returnReason()).isNull();

        PaymentEntry returned = e.get(1);
        assertThat(returned.amount()).isEqualByComparingTo("-75.00");
        assertThat(returned.endToEndId()).isEqualTo("SDD-2024-0042");
        assertThat(returned.remittance()).isEqualTo("Termin 3 von 6");
        assertThat(returned.payerName()).isEqualTo("Bernd Mueller");
        assertThat(returned.payerAccount()).isEqualTo("DE02120300000000202051");
        assertThat(returned.returnReason()).isEqualTo("901");

        PaymentEntry plain = e.get(2);
        assertThat(plain.amount()).isEqualByComparingTo("120.50");
        assertThat(plain.bookingDate()).isNull();
        assertThat(plain.valueDate()).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(plain.remittance()).isEqualTo("Rechnung 1005 Kundennr 7781");
        assertThat(plain.payerName()).isEqualTo("Dieter Klein");
        assertThat(plain.endToEndId()).isNull();
        assertThat(plain.bankReference()).isNull();
    }

    @Test
    void swiftCodeWordDetails() throws Exception {
        CollectingHandler h = Fixtures.parse(Fixtures.bytes("mt940-bad-balance.sta"), "nl.sta",
                ParseOptions.defaults().withReconcile(false));
        PaymentEntry e = h.entries().get(0);
        assertThat(e.endToEndId()).isEqualTo("E2E-77");
        assertThat(e.payerName()).isEqualTo("Jan de Vries");
        assertThat(e.remittance()).isEqualTo("Invoice 77");
        assertThat(e.bankReference()).isEqualTo("B240302001");
        assertThat(h.entries().get(1).remittance()).isEqualTo("Bank charges");
        assertThat(h.entries().get(1).bankReference()).as("NONREF means no reference").isNull();
    }

    @Test
    void balancesThatDoNotReconcileAreRejected() {
        BankFileException e = Fixtures.rejection("mt940-bad-balance.sta");
        assertThat(e.location()).isEqualTo("line 9 (:62F:)");
        assertThat(e.problem()).contains("do not reconcile").contains("580.00").contains("590.00");
    }

    @Test
    void reversalMarksWrappedLinesAndGermanInterestDates() throws Exception {
        String sta = """
                :20:REV
                :25:DE89370400440532013000
                :28C:1/1
                :60F:C240226EUR100,00
                :61:2402300301RC10,00NRTINONREF//R1
                :86:/RTRN/AC04/EREF/X-1/REMI/USTD//returned/
                :61:240301RD5,
                NMSCNONREF
                :
                86:/REMI/USTD//wrapped tag/
                :62F:C240301EUR95,00
                -
                """;
        List<PaymentEntry> e = Fixtures.parseText(sta, "rev.sta").entries();
        assertThat(e.get(0).amount()).isEqualByComparingTo("-10.00");
        assertThat(e.get(0).valueDate()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(e.get(0).bookingDate()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(e.get(0).returnReason()).isEqualTo("AC04");
        assertThat(e.get(0).endToEndId()).isEqualTo("X-1");
        assertThat(e.get(1).amount()).isEqualByComparingTo("5");
        assertThat(e.get(1).remittance()).isEqualTo("wrapped tag");
    }

    @Test
    void entryDateAcrossTheYearEnd() throws Exception {
        String sta = ":20:Y\n:25:1\n:28C:1\n:60F:C231231EUR0,\n:61:2312310102C1,NMSCNONREF\n:62F:C240102EUR1,\n";
        PaymentEntry e = Fixtures.parseText(sta, "y.sta").entries().get(0);
        assertThat(e.valueDate()).isEqualTo(LocalDate.of(2023, 12, 31));
        assertThat(e.bookingDate()).isEqualTo(LocalDate.of(2024, 1, 2));
    }

    @Test
    void mt942WithDeclaredTotals() throws Exception {
        String sta = """
                :20:INTRADAY1
                :25:PL29114010810000267002001002
                :28C:1/1
                :34F:PLN0,00
                :13D:2404021815+0100
                :61:2404020402CN0,01NTRFNONREF//MB1
                :86:PAYMENT ONE
                :61:2404020402DN2,50NTRFNONREF//MB2
                :86:PAYMENT TWO
                :90D:1PLN2,50
                :90C:1PLN0,01
                -
                """;
        CollectingHandler h = new CollectingHandler();
        BankFormat f = BankFiles.parse(new ByteArrayInputStream(sta.getBytes(StandardCharsets.UTF_8)), "i.sta",
                null, h);
        assertThat(f).isEqualTo(BankFormat.MT942);
        assertThat(h.statements.get(0).header.currency()).isEqualTo("PLN");
        assertThat(h.entries()).hasSize(2);
        assertThat(h.entries().get(1).remittance()).isEqualTo("PAYMENT TWO");

        BankFileException e = Fixtures.rejectionOfText(sta.replace(":90D:1PLN2,50", ":90D:1PLN2,40"), "i.sta");
        assertThat(e.location()).isEqualTo("line 10 (:90D:)");
        assertThat(e.problem()).contains("declared 1 debit entries totalling 2.40");
    }

    @Test
    void malformedStatementLineIsRejectedWithItsLine() {
        String sta = ":20:X\n:25:1\n:60F:C240101EUR0,\n:61:240102X5,00NTRF\n:62F:C240102EUR5,\n";
        BankFileException e = Fixtures.rejectionOfText(sta, "x.sta");
        assertThat(e.location()).isEqualTo("line 4 (:61:)");
        assertThat(e.problem()).contains("debit/credit mark");
    }

    @Test
    void invalidBalanceIsRejected() {
        String sta = ":20:X\n:25:1\n:60F:C2401011000,00\n:62F:C240102EUR5,\n";
        BankFileException e = Fixtures.rejectionOfText(sta, "x.sta");
        assertThat(e.location()).isEqualTo("line 3 (:60F:)");
        assertThat(e.problem()).contains("invalid balance");
    }

    @Test
    void accountAfterTransactionsIsRejected() {
        String sta = ":20:X\n:25:1\n:60F:C240101EUR0,\n:61:240102C5,00NTRF\n:25:2\n:62F:C240102EUR5,\n";
        BankFileException e = Fixtures.rejectionOfText(sta, "x.sta");
        assertThat(e.location()).isEqualTo("line 5 (:25:)");
    }

    @Test
    void truncatedStatementIsRejected() {
        byte[] full = Fixtures.bytes("mt940-sepa-de.sta");
        String text = new String(full, StandardCharsets.UTF_8);
        // cut inside the last statement line's amount
        String cut = text.substring(0, text.indexOf(":61:240201CR") + ":61:240201CR".length());
        BankFileException e = Fixtures.rejectionOfText(cut, "cut.sta");
        assertThat(e.location()).startsWith("line 14");
        assertThat(e.problem()).contains("no amount");
    }

    @Test
    void statementWithoutClosingBalanceIsRejectedAsIncomplete() {
        String sta = ":20:X\n:25:1\n:60F:C240101EUR0,\n:61:240102C5,00NTRF\n-\n";
        BankFileException e = Fixtures.rejectionOfText(sta, "x.sta");
        assertThat(e.location()).isEqualTo("line 1 (:20:)");
        assertThat(e.problem()).contains("no closing balance");
    }

    @Test
    void fileCutAfterATransactionIsRejected() {
        String text = Fixtures.text("mt940-sepa-de.sta");
        String cut = text.substring(0, text.indexOf(":62F:"));
        BankFileException e = Fixtures.rejectionOfText(cut, "cut.sta");
        assertThat(e.problem()).contains("truncated");
    }
}
