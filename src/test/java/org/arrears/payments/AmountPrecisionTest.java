package org.arrears.payments;

import static org.arrears.payments.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * No amount is ever rounded: one with more decimals than its currency's minor unit (ISO 4217: EUR two, JPY none,
 * KWD three), or more than the hub keeps, or too large for the hub's amounts, rejects its file with a clear
 * error before anything reaches the database.
 */
class AmountPrecisionTest {

    static String camt(String amount, String ccy) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\"><BkToCstmrDbtCdtNtfctn>"
                + "<GrpHdr><MsgId>P-1</MsgId></GrpHdr><Ntfctn><Id>N-1</Id>"
                + "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>"
                + "<Ntry><Amt Ccy=\"" + ccy + "\">" + amount + "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
                + "<BookgDt><Dt>2026-06-01</Dt></BookgDt><AcctSvcrRef>R-1</AcctSvcrRef></Ntry>"
                + "</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n";
    }

    static String mt940(String amount, String ccy) {
        return ":20:STMT-1\n:25:DE89370400440532013000\n:28C:1/1\n:60F:C260601" + ccy + "0,\n"
                + ":61:2606010601C" + amount + "NTRFNONREF//B-1\n:86:Invoice 1\n:62F:C260601" + ccy + amount + "\n-\n";
    }

    @Test
    void euroTenPointZeroZeroFiveIsRefusedNotRoundedInCamt() {
        BankFileException e = Fixtures.rejectionOfText(camt("10.005", "EUR"), "eur.xml");

        assertThat(e.problem()).isEqualTo("amount 10.005 has 3 decimals but EUR has 2 (ISO 4217); it would have to be rounded");
        assertThat(e.location()).isEqualTo("/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[1]/Amt");
    }

    @Test
    void euroTenPointZeroZeroFiveIsRefusedNotRoundedInMt940() {
        BankFileException e = Fixtures.rejectionOfText(mt940("10,005", "EUR"), "eur.sta");

        assertThat(e.problem()).contains("amount 10.005 has 3 decimals but EUR has 2");
        assertThat(e.location()).isEqualTo("line 5 (:61:)");
    }

    @Test
    void yenWithDecimalsIsRefusedAndWholeYenAreTakenEvenWithZeroDecimals() throws Exception {
        assertThat(Fixtures.rejectionOfText(camt("1500.5", "JPY"), "jpy.xml").problem())
                .isEqualTo("amount 1500.5 has 1 decimal but JPY has no minor unit; it would have to be rounded");

        CollectingHandler h = Fixtures.parseText(camt("1500.00", "JPY"), "jpy-whole.xml");
        assertThat(h.entries()).singleElement().satisfies(en -> assertThat(en.amount()).isEqualByComparingTo("1500"));
    }

    @Test
    void kuwaitiDinarsHaveThreeDecimalsButTheHubKeepsTwoSoAThirdIsRefused() throws Exception {
        assertThat(Fixtures.rejectionOfText(camt("12.3456", "KWD"), "kwd4.xml").problem())
                .startsWith("amount 12.3456 has 4 decimals but KWD has 3 (ISO 4217)");
        assertThat(Fixtures.rejectionOfText(camt("12.345", "KWD"), "kwd3.xml").problem())
                .isEqualTo("amount 12.345 has 3 decimals; the hub keeps amounts to 2 decimals and does not round");

        CollectingHandler h = Fixtures.parseText(camt("12.340", "KWD"), "kwd-fils.xml");
        assertThat(h.entries().get(0).amount()).isEqualByComparingTo(dec("12.34"));
    }

    @Test
    void anAmountTooLargeForTheHubIsRefusedBeforeTheDatabase() {
        assertThat(Fixtures.rejectionOfText(camt("1000000000000000000000000000000", "EUR"), "huge.xml").problem())
                .isEqualTo("amount 1000000000000000000000000000000 is too large: at most 16 digits before the decimal point");
        assertThat(Fixtures.rejectionOfText(mt940("99999999999999999,00", "EUR"), "huge.sta").problem())
                .contains("is too large");
    }

    @Test
    void moneyTellsEveryCaseApart() {
        assertThat(Money.problem(dec("10.00"), "EUR")).isNull();
        assertThat(Money.problem(dec("10.005"), "EUR")).contains("3 decimals but EUR has 2");
        assertThat(Money.problem(dec("100"), "JPY")).isNull();
        assertThat(Money.problem(dec("1E+30"), "EUR")).contains("too large");
        assertThat(Money.problem(dec("9999999999999999.99"), "EUR")).isNull();
        assertThat(Money.problem(dec("10000000000000000.00"), "EUR")).contains("too large");
    }
}
