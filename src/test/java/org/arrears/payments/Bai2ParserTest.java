package org.arrears.payments;

import static org.arrears.payments.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class Bai2ParserTest {

    @Test
    void accountsDetailsAndContinuations() throws Exception {
        CollectingHandler h = Fixtures.parse("bai2-continuation.bai2");
        assertThat(h.statements).hasSize(2);
        CollectingHandler.Statement first = h.statements.get(0);
        assertThat(first.header).isEqualTo(new StatementHeader("4711000012", "USD", dec("15000.00")));
        assertThat(first.trailer.closingBalance()).isEqualByComparingTo("16325.75");

        List<PaymentEntry> e = first.entries;
        assertThat(e).hasSize(3);
        assertThat(e.get(0).amount()).isEqualByComparingTo("1000.00");
        assertThat(e.get(0).currency()).isEqualTo("USD");
        assertThat(e.get(0).bookingDate()).isEqualTo(LocalDate.of(2024, 3, 14));
        assertThat(e.get(0).bankReference()).isEqualTo("ACH240314001");
        assertThat(e.get(0).endToEndId()).isEqualTo("INV-3001");
        // the text of a 16 record continues in its 88 records
        assertThat(e.get(0).remittance())
                .isEqualTo("ACH CREDIT RECEIVED SENDER: ACME SUPPLIES INC REMITTANCE: RF18539007547034 INVOICE 3001");
        assertThat(e.get(0).structuredReference()).isEqualTo("RF18539007547034");

        assertThat(e.get(1).amount()).isEqualByComparingTo("450.75");
        assertThat(e.get(1).valueDate()).isEqualTo(LocalDate.of(2024, 3, 15));
        assertThat(e.get(1).remittance()).isEqualTo("INCOMING WIRE FROM GLOBEX CORPORATION REF INV-3002");

        // type 451 is a debit
        assertThat(e.get(2).amount()).isEqualByComparingTo("-125.00");
        assertThat(e.get(2).endToEndId()).isNull();
        assertThat(e.get(2).returnReason()).isEqualTo("R01");

        CollectingHandler.Statement second = h.statements.get(1);
        assertThat(second.header).isEqualTo(new StatementHeader("4711000020", "USD", dec("2500.00")));
        assertThat(second.entries).isEmpty();
    }

    @Test
    void wrongAccountTrailerTotalIsRejected() {
        BankFileException e = Fixtures.rejection("bai2-bad-account-total.bai2");
        assertThat(e.location()).isEqualTo("line 11 (record 49)");
        assertThat(e.problem()).contains("4711000012").contains("5080400").contains("5080300");
    }

    @Test
    void wrongRecordCountIsRejected() {
        String text = Fixtures.text("bai2-continuation.bai2").replace("98,5580300,2,13/", "98,5580300,2,12/");
        BankFileException e = Fixtures.rejectionOfText(text, "count.bai2");
        assertThat(e.location()).isEqualTo("line 14 (record 98)");
        assertThat(e.problem()).contains("declared 12 records but the group has 13");
    }

    @Test
    void truncatedFileIsRejected() {
        String text = Fixtures.text("bai2-continuation.bai2");
        String cut = text.substring(0, text.indexOf("98,"));
        BankFileException e = Fixtures.rejectionOfText(cut, "cut.bai2");
        assertThat(e.problem()).contains("truncated");
    }

    @Test
    void recordsOutOfOrderAreRejected() {
        String text = "01,A,B,240101,0000,1,,,2/\n02,B,A,1,240101,,USD,2/\n16,165,100,,R,C,text\n";
        BankFileException e = Fixtures.rejectionOfText(text, "order.bai2");
        assertThat(e.location()).isEqualTo("line 3 (record 16)");
        assertThat(e.problem()).contains("out of order");
    }

    @Test
    void impliedDecimalsFollowTheCurrency() throws Exception {
        String text = String.join("\n",
                "01,A,B,240101,0000,1,,,2/",
                "02,B,A,1,240101,,JPY,2/",
                "03,998877,,010,500000,,/",
                "16,399,1200,,BR1,,credit in yen",
                "49,501200,3/",
                "98,501200,1,5/",
                "99,501200,1,7/", "");
        CollectingHandler h = Fixtures.parse(text.getBytes(StandardCharsets.US_ASCII), "jpy.bai2");
        assertThat(h.statements.get(0).header.currency()).isEqualTo("JPY");
        assertThat(h.statements.get(0).header.openingBalance()).isEqualByComparingTo("500000");
        assertThat(h.entries().get(0).amount()).isEqualByComparingTo("1200");
    }

    @Test
    void aFieldWrappedOverHalfAMillionLinesIsReadInLinearTimeAndRefusedAtTheRecordLimit() {
        // found by the fuzzer: each wrapped line copied the whole field so far (a megabyte field took seconds)
        StringBuilder text = new StringBuilder("01,ARREARS,BANK,260105,1000,1,,,2/\n");
        for (int i = 0; i < 600_000; i++) {
            text.append("x\n");
        }
        long start = System.nanoTime();
        BankFileException e = Fixtures.rejectionOfText(text.toString(), "wrapped.bai2");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(e.problem()).isEqualTo("record too long");
        assertThat(millis).isLessThan(8_000); // well under a second; copying the field per line took minutes
    }
}
