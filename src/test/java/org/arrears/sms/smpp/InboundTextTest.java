package org.arrears.sms.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.arrears.sms.SmsEncoding;
import org.junit.jupiter.api.Test;

/** How a handset's text is read: its sender as E.164 and its text by data_coding. */
class InboundTextTest {

    @Test
    void anInternationalOrBareDigitSenderGetsAPlusAndOthersStayAsSent() {
        assertThat(SmppGateway.e164((byte) 1, "447911123456")).isEqualTo("+447911123456");
        assertThat(SmppGateway.e164((byte) 0, "15550100123")).isEqualTo("+15550100123");
        assertThat(SmppGateway.e164((byte) 2, "004915112345678")).isEqualTo("+4915112345678");
        assertThat(SmppGateway.e164((byte) 1, "+33612345678")).isEqualTo("+33612345678");
        assertThat(SmppGateway.e164((byte) 2, "07911123456")).as("national: no country to add").isEqualTo("07911123456");
        assertThat(SmppGateway.e164((byte) 5, "Acme")).isEqualTo("Acme");
    }

    @Test
    void theDataCodingDecidesHowTheTextIsRead() {
        assertThat(SmppGateway.decode((byte) 0x00, SmsEncoding.toGsm7("Stop €"))).isEqualTo("Stop €");
        assertThat(SmppGateway.decode((byte) 0x08, "Arrêt".getBytes(StandardCharsets.UTF_16BE))).isEqualTo("Arrêt");
        assertThat(SmppGateway.decode((byte) 0x03, "Arrêt".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("Arrêt");
        assertThat(SmppGateway.decode((byte) 0x01, "STOP".getBytes(StandardCharsets.US_ASCII))).isEqualTo("STOP");
        assertThat(SmppGateway.decode((byte) 0xF0, SmsEncoding.toGsm7("HELP"))).as("class 0, GSM-7").isEqualTo("HELP");
        assertThat(SmppGateway.decode((byte) 0x18, "ß".getBytes(StandardCharsets.UTF_16BE))).as("UCS-2 with class").isEqualTo("ß");
    }
}
