package org.arrears.sms.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.arrears.outreach.Receipt;
import org.junit.jupiter.api.Test;

/** Delivery receipt texts as SMSCs write them, and what their states mean. */
class ReceiptTextTest {

    @Test
    void theAppendixBFormatGivesIdStatAndErr() {
        ReceiptText.Parsed p = ReceiptText.parse("id:1A2B3C4D sub:001 dlvrd:001 submit date:2612011000 done date:2612011001"
                + " stat:DELIVRD err:000 text:Your invoice");
        assertThat(p).isEqualTo(new ReceiptText.Parsed("1A2B3C4D", "DELIVRD", "000"));
    }

    @Test
    void caseAndMissingFieldsAreTolerated() {
        assertThat(ReceiptText.parse("ID:77 Stat:undeliv")).isEqualTo(new ReceiptText.Parsed("77", "UNDELIV", null));
        assertThat(ReceiptText.parse("id:77 dlvrd:0")).isEqualTo(new ReceiptText.Parsed("77", null, null));
    }

    @Test
    void aTextWithoutAnIdIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ReceiptText.parse("sub:001 stat:DELIVRD")).hasMessage("delivery receipt: no 'id:' field");
        assertThatThrownBy(() -> ReceiptText.parse(" ")).hasMessage("delivery receipt: empty text");
    }

    @Test
    void deliveredIsDeliveredUndelivAndRejectedAreUndeliverableAndExpiredIsOnlyHistory() {
        assertThat(ReceiptText.kindOf("DELIVRD")).isEqualTo(Receipt.Kind.DELIVERED);
        assertThat(ReceiptText.kindOf("UNDELIV")).isEqualTo(Receipt.Kind.UNDELIVERABLE);
        assertThat(ReceiptText.kindOf("REJECTD")).isEqualTo(Receipt.Kind.UNDELIVERABLE);
        assertThat(ReceiptText.kindOf("EXPIRED")).isEqualTo(Receipt.Kind.PENDING);
        assertThat(ReceiptText.kindOf("DELETED")).isEqualTo(Receipt.Kind.PENDING);
        assertThat(ReceiptText.kindOf("ENROUTE")).isEqualTo(Receipt.Kind.PENDING);
        assertThat(ReceiptText.kindOf("ACCEPTD")).isEqualTo(Receipt.Kind.PENDING);
        assertThat(ReceiptText.kindOf("UNKNOWN")).isEqualTo(Receipt.Kind.PENDING);
        assertThat(ReceiptText.kindOf(null)).isEqualTo(Receipt.Kind.PENDING);
    }

    @Test
    void theMessageStateTlvNamesTheSameStates() {
        assertThat(ReceiptText.stateName(2)).isEqualTo("DELIVRD");
        assertThat(ReceiptText.stateName(5)).isEqualTo("UNDELIV");
        assertThat(ReceiptText.stateName(8)).isEqualTo("REJECTD");
        assertThat(ReceiptText.stateName(42)).isNull();
    }
}
