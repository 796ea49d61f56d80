package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CsvParserTest {

    static CsvLayout germanLayout() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(Fixtures.text("export-de.properties")));
        return CsvLayout.fromProperties(p, "arrears.payments.csv.");
    }

    @Test
    void layoutFromProperties() throws Exception {
        CsvLayout l = germanLayout();
        assertThat(l.delimiter()).isEqualTo(';');
        assertThat(l.decimalSeparator()).isEqualTo(',');
        assertThat(l.groupingSeparator()).isEqualTo('.');
        assertThat(l.encoding().name()).isEqualTo("windows-1252");
        assertThat(l.skipLines()).isEqualTo(1);
        assertThat(l.columns().get(CsvLayout.Field.AMOUNT)).containsExactly("Betrag");
        assertThat(CsvLayout.fromProperties(new Properties(), "arrears.payments.csv.")).isNull();
    }

    @Test
    void germanBankExport() throws Exception {
        CollectingHandler h = new CollectingHandler();
        BankFormat f = BankFiles.parse(new ByteArrayInputStream(Fixtures.bytes("export-de.csv")), "export.csv",
                germanLayout(), h);
        assertThat(f).isEqualTo(BankFormat.CSV);
        assertThat(h.statements).hasSize(1);
        assertThat(h.statements.get(0).header)
                .isEqualTo(new StatementHeader("DE89370400440532013000", "EUR", null));
        List<PaymentEntry> e = h.entries();
        assertThat(e).hasSize(3);
        assertThat(e.get(0).amount()).isEqualByComparingTo("1250.00");
        assertThat(e.get(0).bookingDate()).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(e.get(0).payerAccount()).isEqualTo("DE44500105175407324931");
        assertThat(e.get(0).endToEndId()).isEqualTo("E2E-INV-1001");
        assertThat(e.get(0).remittance()).isEqualTo("RF18 5390 0754 7034; Rechnung 1001");
        assertThat(e.get(0).structuredReference()).isEqualTo("RF18539007547034");
        assertThat(e.get(1).amount()).isEqualByComparingTo("-75.50");
        assertThat(e.get(1).payerName()).isEqualTo("Jürgen Weiß");
        assertThat(e.get(1).valueDate()).isEqualTo(LocalDate.of(2024, 2, 2));
        assertThat(e.get(1).remittance()).isEqualTo("Teilzahlung\r\nRechnung 1002");
        assertThat(e.get(1).endToEndId()).isNull();
        assertThat(e.get(2).payerName()).isEqualTo("Bank \"Gebühren\"");
        assertThat(e.get(2).amount()).isEqualByComparingTo("-4.90");
    }

    @Test
    void creditAndDebitColumnsByPositionWithoutHeader() throws Exception {
        CsvLayout l = CsvLayout.builder().header(false).delimiter('\t').currency("GBP")
                .column(CsvLayout.Field.BOOKING_DATE, "1")
                .column(CsvLayout.Field.CREDIT_AMOUNT, "2")
                .column(CsvLayout.Field.DEBIT_AMOUNT, "3")
                .column(CsvLayout.Field.ACCOUNT, "4")
                .column(CsvLayout.Field.REMITTANCE, "5", "6")
                .build();
        String csv = "2024-06-01\t10.00\t\tGB1\tinv\t77\n2024-06-02\t\t2.5\tGB1\tfee\t\n2024-06-02\t1\t\tGB2\t\t\n";
        CollectingHandler h = new CollectingHandler();
        BankFiles.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "t.tsv", l, h);
        assertThat(h.statements).hasSize(2);
        assertThat(h.statements.get(0).entries).extracting(PaymentEntry::amount)
                .usingElementComparator(java.math.BigDecimal::compareTo)
                .containsExactly(new java.math.BigDecimal("10.00"), new java.math.BigDecimal("-2.5"));
        assertThat(h.statements.get(0).entries.get(0).remittance()).isEqualTo("inv 77");
        assertThat(h.statements.get(1).header.account()).isEqualTo("GB2");
        assertThat(h.entries().get(0).currency()).isEqualTo("GBP");
    }

    @Test
    void creditDebitIndicatorColumn() throws Exception {
        CsvLayout l = CsvLayout.builder()
                .column(CsvLayout.Field.AMOUNT, "Amount")
                .column(CsvLayout.Field.CREDIT_DEBIT, "CD")
                .build();
        String csv = "Amount,CD\n12.00,C\n12.00,D\n";
        List<PaymentEntry> e = Fixtures.parse(csv.getBytes(StandardCharsets.UTF_8), "cd.csv",
                ParseOptions.defaults().withCsvLayout(l)).entries();
        assertThat(e.get(0).amount()).isEqualByComparingTo("12.00");
        assertThat(e.get(1).amount()).isEqualByComparingTo("-12.00");
    }

    @Test
    void badRowsNameTheirLine() throws Exception {
        CsvLayout l = germanLayout();
        String csv = new String(Fixtures.bytes("export-de.csv"), "windows-1252").replace("02.02.2024;02.02.2024;\"Bank",
                "02.02.2024;32.02.2024;\"Bank");
        BankFileException e = org.assertj.core.api.Assertions.catchThrowableOfType(BankFileException.class,
                () -> BankFiles.parse(new ByteArrayInputStream(csv.getBytes("windows-1252")), "bad.csv", l,
                        new CollectingHandler()));
        assertThat(e.location()).isEqualTo("line 6");
        assertThat(e.problem()).contains("invalid date '32.02.2024'");
    }

    @Test
    void unclosedQuoteIsRejectedAsTruncated() throws Exception {
        CsvLayout l = CsvLayout.builder().column(CsvLayout.Field.AMOUNT, "a").column(CsvLayout.Field.REMITTANCE, "b")
                .build();
        BankFileException e = org.assertj.core.api.Assertions.catchThrowableOfType(BankFileException.class,
                () -> BankFiles.parse(new ByteArrayInputStream("a,b\n1.00,\"open".getBytes(StandardCharsets.UTF_8)),
                        "q.csv", l, new CollectingHandler()));
        assertThat(e.location()).isEqualTo("line 2");
        assertThat(e.problem()).contains("not closed");
    }

    @Test
    void layoutMustNameAnAmount() {
        assertThatThrownBy(() -> CsvLayout.builder().column(CsvLayout.Field.REMITTANCE, "x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount");
        Properties p = new Properties();
        p.setProperty("csv.column.amout", "x");
        assertThatThrownBy(() -> CsvLayout.fromProperties(p, "csv."))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("csv.column.amout");
    }

    @Test
    void csvIsOnlyTriedWithALayout() {
        BankFileException e = Fixtures.rejection("export-de.csv");
        assertThat(e.problem()).contains("unrecognised format");
    }
}
