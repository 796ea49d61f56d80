package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BankFormatDetectorTest {

    private static BankFormat detect(String fixture) {
        return BankFormatDetector.detect(Fixtures.bytes(fixture));
    }

    @Test
    void detectsEachFormatFromContent() {
        assertThat(detect("camt053-v02-batch.xml")).isEqualTo(BankFormat.CAMT_053);
        assertThat(detect("camt054-v08.xml")).isEqualTo(BankFormat.CAMT_054);
        assertThat(detect("camt053-doctype.xml")).isEqualTo(BankFormat.CAMT_053);
        assertThat(detect("mt940-sepa-de.sta")).isEqualTo(BankFormat.MT940);
        assertThat(detect("mt940-bad-balance.sta")).isEqualTo(BankFormat.MT940);
        assertThat(detect("bai2-continuation.bai2")).isEqualTo(BankFormat.BAI2);
        assertThat(detect("nacha-returns.ach")).isEqualTo(BankFormat.NACHA);
        assertThat(detect("export-de.csv")).isNull();
    }

    @Test
    void mt942ByBlockOrByItsFields() {
        assertThat(BankFormatDetector.detect(bytes("{1:F01X}{2:O942XN}{4:\n:20:A\n:61:240101C1,NMSC\n-}")))
                .isEqualTo(BankFormat.MT942);
        assertThat(BankFormatDetector.detect(bytes(":20:A\n:25:1\n:34F:EUR0,\n:90D:0EUR0,\n")))
                .isEqualTo(BankFormat.MT942);
    }

    @Test
    void camt052AndByteOrderMarks() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><Document><BkToCstmrAcctRpt/></Document>";
        byte[] utf16 = xml.getBytes(StandardCharsets.UTF_16);
        assertThat(BankFormatDetector.detect(utf16)).isEqualTo(BankFormat.CAMT_052);
        byte[] bom = ("\uFEFF" + ":20:X\n:25:Y\n").getBytes(StandardCharsets.UTF_8);
        assertThat(BankFormatDetector.detect(bom)).isEqualTo(BankFormat.MT940);
    }

    @Test
    void theFileNameIsNeverConsulted() throws Exception {
        CollectingHandler h = new CollectingHandler();
        BankFormat f = BankFiles.parse(new java.io.ByteArrayInputStream(Fixtures.bytes("nacha-returns.ach")),
                "statement.xml", null, h);
        assertThat(f).isEqualTo(BankFormat.NACHA);
    }

    @Test
    void unknownContent() {
        assertThat(BankFormatDetector.detect(bytes("{\"file\": 1}"))).isNull();
        assertThat(BankFormatDetector.detect(bytes("00,0004,1/2/345,06/0321,0829,001,80,1,2/"))).isNull();
        assertThat(BankFormatDetector.detect(new byte[0])).isNull();
        assertThat(BankFormatDetector.detect(bytes("<html><body/></html>"))).isNull();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
