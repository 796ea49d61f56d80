package org.arrears.payments;

import static org.arrears.payments.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What banks transmit, written from the specifications (SWIFT FIN block structure and the file transfer framing
 * of SWIFT messages, MT940/MT942 field rules, BAI2 version 2 record layouts): accepted where the standards and
 * the common banks' output allow it, refused with a clear error where they forbid it.
 */
class RealBankOutputTest {

    static final String SOH = "\u0001";
    static final String ETX = "\u0003";

    static final String BLOCKS = "{1:F01BANKDEFFAXXX0000000000}{2:O9401200260601BANKDEFFAXXX00000000002606011200N}"
            + "{3:{108:STMT0601}}{4:";

    static String statementFields(String ref, String opening, String amount, String closing) {
        return ":20:" + ref + "\r\n:25:DE89370400440532013000\r\n:28C:00123/001\r\n:60F:C260531EUR" + opening + "\r\n"
                + ":61:2606010601CR" + amount + "NTRFNONREF//B-" + ref + "\r\n"
                + ":86:166?00GUTSCHRIFT?20EREF+E2E-1?21SVWZ+Invoice INV-1001?32Anna Albers\r\n"
                + ":62F:C260601EUR" + closing + "\r\n";
    }

    @Test
    void mt940MessagesInTheirTransferFramingAreRead() throws Exception {
        // SOH before and ETX after each message (PC connect files), with blocks 1 to 3 before the text block and
        // block 5 after it, or without blocks and ended by a bare '-'; '$' lines between messages (RJE files); a
        // message with its header blocks and no statement; blank padding and a DOS end-of-file mark at the end
        String file = SOH + BLOCKS + "\r\n" + statementFields("STMT-1", "1000,00", "250,00", "1250,00")
                + "-}{5:{CHK:0123456789AB}}" + ETX + "\r\n$\r\n"
                + SOH + statementFields("STMT-2", "1250,00", "10,50", "1260,50") + "-" + ETX + "\r\n"
                + SOH + BLOCKS + "\r\n-}" + ETX + "\r\n"
                + " ".repeat(80) + "\r\n\u001a";

        CollectingHandler h = Fixtures.parseText(file, "framed.sta");

        assertThat(h.statements).hasSize(2);
        assertThat(h.entries()).extracting(PaymentEntry::amount).containsExactly(dec("250.00"), dec("10.50"));
        assertThat(h.entries().get(0).remittance()).isEqualTo("Invoice INV-1001");
        assertThat(h.entries().get(0).payerName()).isEqualTo("Anna Albers");
        assertThat(h.entries().get(1).bankReference()).isEqualTo("B-STMT-2");
        assertThat(h.statements.get(1).trailer.closingBalance()).isEqualByComparingTo("1260.50");
    }

    @Test
    void aNulCharacterInsideAnMt940FieldIsRefusedNamingTheLine() {
        String file = BLOCKS + "\r\n" + statementFields("STMT-1", "0,00", "5,00", "5,00")
                .replace("SVWZ+Invoice", "SVWZ+In\u0000voice") + "-}";

        BankFileException e = Fixtures.rejectionOfText(file, "nul.sta");

        assertThat(e.location()).isEqualTo("line 7 (:86:)");
        assertThat(e.problem()).isEqualTo("control character U+0000 at column 44: SWIFT fields may hold printable"
                + " characters only");
    }

    @Test
    void bai2RecordsWithOptionalFieldsLeftBlankOrPaddedAreRead() throws Exception {
        String file = ""
                + "01,SENDR,RECVR,260601,0800,,,,2/\n"
                // as-of time and currency left blank: the currency defaults to USD
                + "02,RECVR,SENDR,1,260601,,,2/\n"
                // account currency blank, signed and zero-padded summary amounts, item counts and funds types blank
                + "03, 0001234567 ,,010,+000000100000,,,015, 000000150000 ,,/                     \n"
                + "16,165,50000,,BR1,,/\n"
                + "16, 399 , 000000050000 ,0, BR2 , CR2 ,Invoice INV-2   /\n"
                // type 890 carries non-monetary information and no amount
                + "16,890,,,,,Account maintenance notice/\n"
                + "49,+000000350000,5/\n"
                + "98,350000,1,7/\n"
                + "99,350000,1,9/\n";

        CollectingHandler h = Fixtures.parseText(file, "blanks.bai2");

        assertThat(h.statements).hasSize(1);
        assertThat(h.statements.get(0).header.account()).isEqualTo("0001234567");
        assertThat(h.statements.get(0).header.currency()).isEqualTo("USD");
        assertThat(h.statements.get(0).header.openingBalance()).isEqualByComparingTo("1000.00");
        assertThat(h.entries()).extracting(PaymentEntry::amount).containsExactly(dec("500.00"), dec("500.00"));
        assertThat(h.entries().get(1).bankReference()).isEqualTo("BR2");
        assertThat(h.entries().get(1).endToEndId()).isEqualTo("CR2");
        assertThat(h.entries().get(1).remittance()).isEqualTo("Invoice INV-2");
    }

    @Test
    void aBai2MoneyDetailWithoutAnAmountIsRefused() {
        String file = "01,SENDR,RECVR,260601,0800,1,80,,2/\n02,RECVR,SENDR,1,260601,0800,USD,2/\n"
                + "03,123456789,USD,010,100000,,,015,100000,,/\n16,165,,0,BR1,CR1,Invoice INV-1/\n"
                + "49,200000,3/\n98,200000,1,5/\n99,200000,1,7/\n";

        BankFileException e = Fixtures.rejectionOfText(file, "no-amount.bai2");

        assertThat(e.location()).isEqualTo("line 4 (record 16)");
        assertThat(e.problem()).isEqualTo("transaction detail of type 165 has no amount");
    }
}
