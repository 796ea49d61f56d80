package org.arrears.sms.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.arrears.outreach.Receipt;
import org.junit.jupiter.api.Test;

/** Delivery receipt texts as SMSCs write them, and what their states mean. */
class ReceiptTextTest {

    @Test
    void theAppendixBFormatGivesEveryField() {
        String text = "id:1A2B3C4D sub:001 dlvrd:001 submit date:2612011000 done date:2612011001"
                + " stat:DELIVRD err:007 text:Your invoice: id 4";
        ReceiptText.Parsed expected = new ReceiptText.Parsed("1A2B3C4D", 1, 1, LocalDateTime.of(2026, 12, 1, 10, 0),
                LocalDateTime.of(2026, 12, 1, 10, 1), "DELIVRD", "007", "Your invoice: id 4");
        assertThat(ReceiptText.parse(text)).isEqualTo(expected);
        assertThat(ReceiptText.parseStrict(text)).isEqualTo(expected);
        assertThat(expected.errorCode()).isEqualTo(7);
    }

    @Test
    void fieldsInAnyOrderWithSecondsOrFourDigitYearsAndAnEmptyTextBeforeTheState() {
        ReceiptText.Parsed p = ReceiptText.parseStrict("err:003 Text: sub:1 ID:ab-12 done date:20261201100130"
                + " submit_date:261201100005 stat:undeliv dlvrd:0");
        assertThat(p).isEqualTo(new ReceiptText.Parsed("ab-12", 1, 0, LocalDateTime.of(2026, 12, 1, 10, 0, 5),
                LocalDateTime.of(2026, 12, 1, 10, 1, 30), "UNDELIV", "003", null));
    }

    @Test
    void aStrictReadingRefusesAMisspelledOrMissingFieldOrABadValueNamingIt() {
        String ok = "id:1 sub:001 dlvrd:001 submit date:2612011000 done date:2612011001 stat:DELIVRD err:000 text:x";
        assertThatThrownBy(() -> ReceiptText.parseStrict(ok.replace("stat:", "sta:")))
                .hasMessage("delivery receipt: 'sta:DELIVRD' is not a field of SMPP appendix B");
        assertThatThrownBy(() -> ReceiptText.parseStrict(ok.replace("done date:", "done dat:")))
                .hasMessage("delivery receipt: 'done' is not a field of SMPP appendix B");
        assertThatThrownBy(() -> ReceiptText.parseStrict(ok.replace(" submit date:2612011000", "")))
                .hasMessage("delivery receipt: no 'submit date:' field");
        assertThatThrownBy(() -> ReceiptText.parseStrict(ok.replace("2612011001", "2613011001")))
                .hasMessage("delivery receipt: field 'done date:' value '2613011001': not a calendar date and time");
        assertThatThrownBy(() -> ReceiptText.parseStrict(ok.replace("dlvrd:001", "dlvrd:one")))
                .hasMessage("delivery receipt: field 'dlvrd:' value 'one': not a count in digits");
        assertThatThrownBy(() -> ReceiptText.parseStrict(ok.replace("DELIVRD", "DONE")))
                .hasMessage("delivery receipt: field 'stat:' value 'DONE': not a message state of SMPP appendix B");
        assertThatThrownBy(() -> ReceiptText.parseStrict(ok.replace("sub:001", "sub:001 sub:002")))
                .hasMessage("delivery receipt: field 'sub:' twice");
    }

    @Test
    void theGatewaysReadingSkipsFieldsOfAnSmscsOwnAndValuesThatDoNotRead() {
        ReceiptText.Parsed p = ReceiptText.parse("id:9 mcc:234 submit date:26120110 done date:2612011001 stat:DELIVRD imsi:1 text:hi");
        assertThat(p).isEqualTo(new ReceiptText.Parsed("9", null, null, null, LocalDateTime.of(2026, 12, 1, 10, 1),
                "DELIVRD", null, "hi"));
    }

    @Test
    void caseAndMissingFieldsAreTolerated() {
        assertThat(ReceiptText.parse("ID:77 Stat:undeliv")).isEqualTo(new ReceiptText.Parsed("77", "UNDELIV", null));
        assertThat(ReceiptText.parse("id:77 dlvrd:0")).isEqualTo(new ReceiptText.Parsed("77", null, 0, null, null, null, null, null));
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

    @Test
    void theMessageStateTlvsFullNamesShortenToTheAppendixBStatesAndOnlyEnrouteIsNotFinal() {
        assertThat(ReceiptText.abbreviation("Delivered")).isEqualTo("DELIVRD");
        assertThat(ReceiptText.abbreviation("UNDELIVERABLE")).isEqualTo("UNDELIV");
        assertThat(ReceiptText.abbreviation("ACCEPTED")).isEqualTo("ACCEPTD");
        assertThat(ReceiptText.abbreviation("REJECTED")).isEqualTo("REJECTD");
        assertThat(ReceiptText.isFinal("ENROUTE")).isFalse();
        assertThat(ReceiptText.isFinal("ACCEPTED")).isTrue();
        assertThat(ReceiptText.isFinal("EXPIRED")).isTrue();
        assertThat(ReceiptText.isFinal("WAITING")).isFalse();
    }
}
