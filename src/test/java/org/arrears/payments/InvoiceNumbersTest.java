package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvoiceNumbersTest {

    @Test
    void keyDropsSeparatorsThePrefixAndReadsScannerLettersAsDigits() {
        assertThat(InvoiceNumbers.key("INV-2026-000123")).isEqualTo("2026000123");
        assertThat(InvoiceNumbers.key("inv 2026/000123")).isEqualTo("2026000123");
        assertThat(InvoiceNumbers.key("lNV-2026-OOO123")).isEqualTo("2026000123");
        assertThat(InvoiceNumbers.key("100234")).isEqualTo("100234");
        assertThat(InvoiceNumbers.key("INV-T1-2")).isNull(); // too short to be told apart
        assertThat(InvoiceNumbers.key(null)).isNull();
    }

    @Test
    void candidatesFindNumbersSplitByNoiseAndPrefixes() {
        assertThat(InvoiceNumbers.candidates("Inv.no: INV 2026-000123")).contains("2026000123");
        assertThat(InvoiceNumbers.candidates("lNV-2026-OOO123 Mahler")).contains("2026000123");
        assertThat(InvoiceNumbers.candidates("Rechnung Nr. 2026 / 000123, danke")).contains("2026000123");
        assertThat(InvoiceNumbers.candidates("payment for invoice 100234")).contains("100234");
        assertThat(InvoiceNumbers.candidates("thank you")).isEmpty();
        assertThat(InvoiceNumbers.candidates(null)).isEmpty();
    }

    @Test
    void candidatesAreBoundedForLongText() {
        String text = "12345 ".repeat(500);
        assertThat(InvoiceNumbers.candidates(text)).hasSizeLessThanOrEqualTo(InvoiceNumbers.MAX_CANDIDATES);
        StringBuilder shortOnes = new StringBuilder();
        for (int i = 100; i < 600; i++) {
            shortOnes.append("SI-").append(i).append(' ');
        }
        assertThat(InvoiceNumbers.candidates(shortOnes.toString()))
                .hasSizeLessThanOrEqualTo(InvoiceNumbers.MAX_CANDIDATES + InvoiceNumbers.MAX_SHORT_CANDIDATES);
    }

    @Test
    void shortNumbersAreCandidatesOnlyAsWholeTokens() {
        assertThat(InvoiceNumbers.candidates("SI-1001")).containsExactly("1001");
        assertThat(InvoiceNumbers.candidates("Rechnung SI 1001, danke")).contains("1001");
        assertThat(InvoiceNumbers.candidates("SI1001")).containsExactly("1001");
        assertThat(InvoiceNumbers.candidates("ref 21001")).containsExactly("21001");
        assertThat(InvoiceNumbers.candidates("10 01")).isEmpty(); // two tokens are never run together into a short key
        assertThat(InvoiceNumbers.candidates("SI-12")).isEmpty(); // shorter than MIN_SHORT_KEY
        assertThat(InvoiceNumbers.isShort("1001")).isTrue();
        assertThat(InvoiceNumbers.isShort("21001")).isFalse();
        assertThat(InvoiceNumbers.key("SI-1001")).isNull(); // never matched on its own
    }

    @Test
    void theSqlKeyIsTheJavaKey() {
        // the same three steps as key(): letters and digits only, upper case, no leading letters, O/I/L as 0/1/1
        assertThat(InvoiceNumbers.SQL_KEY.formatted("x"))
                .contains("regexp_replace(x, '[^A-Za-z0-9]+', '', 'g')")
                .contains("'^[A-Z]+'")
                .contains("'OIL', '011'");
    }
}
