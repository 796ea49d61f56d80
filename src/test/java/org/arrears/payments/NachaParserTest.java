package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class NachaParserTest {

    @Test
    void returnsAndNotificationsOfChange() throws Exception {
        CollectingHandler h = Fixtures.parse("nacha-returns.ach");
        assertThat(h.statements).hasSize(1);
        assertThat(h.statements.get(0).header).isEqualTo(new StatementHeader("1234567890", "USD", null));
        List<PaymentEntry> e = h.entries();
        assertThat(e).hasSize(3);

        PaymentEntry ret = e.get(0);
        assertThat(ret.amount()).isEqualByComparingTo("-125.00");
        assertThat(ret.currency()).isEqualTo("USD");
        assertThat(ret.returnReason()).isEqualTo("R01");
        assertThat(ret.bankReference()).isEqualTo("091000010000001");
        assertThat(ret.endToEndId()).isEqualTo("INV-4001");
        assertThat(ret.payerName()).isEqualTo("JOHN SMITH");
        assertThat(ret.payerAccount()).isEqualTo("1234567");
        assertThat(ret.remittance()).isEqualTo("INSUFFICIENT FUNDS");
        assertThat(ret.valueDate()).isEqualTo(LocalDate.of(2024, 3, 15));
        assertThat(ret.bookingDate()).isEqualTo(LocalDate.of(2024, 3, 15));

        PaymentEntry noc = e.get(1);
        assertThat(noc.amount()).isEqualByComparingTo("0");
        assertThat(noc.returnReason()).isEqualTo("C01");
        assertThat(noc.remittance()).isEqualTo("55443322");

        PaymentEntry debit = e.get(2);
        assertThat(debit.amount()).isEqualByComparingTo("-50.00");
        assertThat(debit.structuredReference()).isEqualTo("RF18539007547034");
        assertThat(debit.payerName()).isEqualTo("ACME HARDWARE LLC");
    }

    @Test
    void recordsWithoutLineEndsAndWithTrimmedBlanksReadTheSame() throws Exception {
        String text = Fixtures.text("nacha-returns.ach");
        String unterminated = text.replace("\n", "");
        String trimmed = text.lines().map(String::stripTrailing).reduce("", (a, b) -> a + b + "\r\n");
        List<PaymentEntry> expected = Fixtures.parseText(text, "a.ach").entries();
        assertThat(Fixtures.parseText(unterminated, "b.ach").entries()).isEqualTo(expected);
        assertThat(Fixtures.parseText(trimmed, "c.ach").entries()).isEqualTo(expected);
    }

    @Test
    void wrongEntryHashIsRejected() {
        BankFileException e = Fixtures.rejection("nacha-bad-entry-hash.ach");
        assertThat(e.location()).isEqualTo("line 9");
        assertThat(e.problem()).contains("entry hash 15840143").contains("15840142");
    }

    @Test
    void wrongFileTotalIsRejected() {
        BankFileException e = Fixtures.rejection("nacha-bad-file-total.ach");
        assertThat(e.location()).isEqualTo("line 10");
        assertThat(e.problem()).contains("total debit 176.00").contains("175.00");
    }

    @Test
    void missingFileControlIsRejectedAsTruncated() {
        String text = Fixtures.text("nacha-returns.ach");
        String cut = text.substring(0, text.lastIndexOf("9000001"));
        BankFileException e = Fixtures.rejectionOfText(cut, "cut.ach");
        assertThat(e.problem()).contains("truncated");
    }

    @Test
    void unknownReturnCodeIsRejected() {
        String text = Fixtures.text("nacha-returns.ach").replace("799R01", "799R96");
        BankFileException e = Fixtures.rejectionOfText(text, "r96.ach");
        assertThat(e.location()).isEqualTo("line 4");
        assertThat(e.problem()).contains("return reason code 'R96'");
    }

    @Test
    void creditInADebitsOnlyBatchIsRejected() {
        String text = Fixtures.text("nacha-returns.ach").replace("5200ARREARS", "5225ARREARS")
                .replace("8200000006", "8225000006");
        BankFileException e = Fixtures.rejectionOfText(text, "svc.ach");
        assertThat(e.location()).isEqualTo("line 5");
        assertThat(e.problem()).contains("credit transaction code 21 in a debits-only batch");
    }

    @Test
    void controlCharactersAreRejected() {
        String text = Fixtures.text("nacha-returns.ach").replace("JOHN SMITH", "JOHN\u001ASMITH");
        BankFileException e = Fixtures.rejectionOfText(text, "ctl.ach");
        assertThat(e.location()).isEqualTo("line 3");
        assertThat(e.problem()).contains("control character");
    }

    @Test
    void checkDigit() {
        assertThat(NachaParser.checkDigitOk("076401251")).isTrue();
        assertThat(NachaParser.checkDigitOk("076401252")).isFalse();
    }

    @Test
    void batchWithoutFileHeaderIsRejected() {
        String text = Fixtures.text("nacha-returns.ach");
        String noHeader = text.substring(text.indexOf('\n') + 1);
        BankFileException e = Fixtures.rejection(noHeader.getBytes(StandardCharsets.US_ASCII), "nohdr.ach");
        assertThat(e.location()).isEqualTo("line 1");
        assertThat(e.problem()).contains("before the file header");
    }

    @Test
    void anAdvTotalBeyondEighteenDigitsIsRefusedNamingTheField() {
        // found by the fuzzer: a 20-position ADV batch total of twenty 9s overflowed a long
        BankFileException e = Fixtures.rejection("fuzz-adv-total-overflow.ach");
        assertThat(e.problem()).contains("total credit amount").contains("more than 18 significant digits");
        assertThat(e.location()).isEqualTo("line 5");
    }
}
