package org.arrears.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.arrears.sms.PhoneNumbers.LineType;
import org.arrears.sms.PhoneNumbers.Number;
import org.junit.jupiter.api.Test;

/** E.164 normalisation, the line type the numbering plan gives, and the reasons for refusing a number. */
class PhoneNumbersTest {

    @Test
    void aGermanMobileInNationalFormatBecomesE164AndIsAMobile() {
        assertThat(PhoneNumbers.normalise("0151 2345 6789", "DE")).isEqualTo(new Number("+4915123456789", "DE", LineType.MOBILE));
    }

    @Test
    void numbersKeptForFictionAreRefusedUnlessADemoAllowsThem() {
        // (the NANP's 555-01xx numbers are valid in the numbering plan and pass either way)
        assertThat(PhoneNumbers.fictional("+12125550142")).isTrue();
        for (String n : new String[] {"+447700900123", "+33639981234"}) {
            assertThat(PhoneNumbers.fictional(n)).as(n).isTrue();
            assertThatThrownBy(() -> PhoneNumbers.normalise(n, null)).as(n)
                    .isInstanceOf(InvalidPhoneNumberException.class).hasMessageContaining("reserved for fiction");
            PhoneNumbers.Number ok = PhoneNumbers.normalise(n, null, true);
            assertThat(ok.e164()).isEqualTo(n);
            assertThat(ok.mobile()).isTrue();
        }
        assertThat(PhoneNumbers.fictional("+447911123456")).isFalse();
    }

    @Test
    void aGermanLandlineIsALandline() {
        Number n = PhoneNumbers.normalise("(030) 123456", "de");
        assertThat(n.e164()).isEqualTo("+4930123456");
        assertThat(n.lineType()).isEqualTo(LineType.LANDLINE);
        assertThat(n.mobile()).isFalse();
    }

    @Test
    void britishMobilesAndLandlinesAreToldApart() {
        assertThat(PhoneNumbers.normalise("07400 123456", "GB").lineType()).isEqualTo(LineType.MOBILE);
        assertThat(PhoneNumbers.normalise("0121 234 5678", "GB")).isEqualTo(new Number("+441212345678", "GB", LineType.LANDLINE));
    }

    @Test
    void aNorthAmericanNumberIsUnknownBecauseThePlanDoesNotTellMobilesFromLandlines() {
        assertThat(PhoneNumbers.normalise("(201) 555-0123", "US")).isEqualTo(new Number("+12015550123", "US", LineType.UNKNOWN));
    }

    @Test
    void aTollFreeNumberIsAServiceNumber() {
        assertThat(PhoneNumbers.normalise("800-234-5678", "US").lineType()).isEqualTo(LineType.SERVICE);
    }

    @Test
    void anInternationalNumberKeepsItsOwnCountryWhateverTheDefaultRegion() {
        assertThat(PhoneNumbers.normalise("+33 6 12 34 56 78", "DE")).isEqualTo(new Number("+33612345678", "FR", LineType.MOBILE));
        assertThat(PhoneNumbers.normalise("0044 7400 123456", "DE").e164()).isEqualTo("+447400123456");
        assertThat(PhoneNumbers.normalise("+447400123456", null).region()).isEqualTo("GB");
    }

    @Test
    void aNumberThatIsTooShortSaysSo() {
        assertThatThrownBy(() -> PhoneNumbers.normalise("201 555", "US"))
                .isInstanceOf(InvalidPhoneNumberException.class).hasMessage("phone number '*** *55': too short for US (+1)");
    }

    @Test
    void aLocalNumberWithoutItsAreaCodeSaysSo() {
        assertThatThrownBy(() -> PhoneNumbers.normalise("555-0123", "US"))
                .isInstanceOf(InvalidPhoneNumberException.class).hasMessageContaining("a local number without its area code");
    }

    @Test
    void aNumberThatIsTooLongSaysSo() {
        assertThatThrownBy(() -> PhoneNumbers.normalise("0151 2345 6789 0123 4567", "DE"))
                .isInstanceOf(InvalidPhoneNumberException.class).hasMessageContaining("too long");
        assertThatThrownBy(() -> PhoneNumbers.normalise("07400 1234567", "GB"))
                .isInstanceOf(InvalidPhoneNumberException.class).hasMessageEndingWith(": too long for GB (+44)");
    }

    @Test
    void textThatIsNoNumberSaysSo() {
        assertThatThrownBy(() -> PhoneNumbers.normalise("call me", "DE"))
                .isInstanceOf(InvalidPhoneNumberException.class).hasMessageContaining("not a phone number");
    }

    @Test
    void anUnknownCountryCodeIsNamed() {
        assertThatThrownBy(() -> PhoneNumbers.normalise("+999 1234 5678", "DE"))
                .isInstanceOf(InvalidPhoneNumberException.class).hasMessageContaining("unknown country code");
    }

    @Test
    void aNationalNumberWithoutADefaultRegionCannotBeRead() {
        assertThatThrownBy(() -> PhoneNumbers.normalise("0151 2345 6789", null))
                .isInstanceOf(InvalidPhoneNumberException.class).hasMessageContaining("no default region");
    }

    @Test
    void aNumberOfTheRightLengthOutsideTheNumberingPlanIsRefused() {
        assertThatThrownBy(() -> PhoneNumbers.normalise("(555) 555-0123", "US"))
                .isInstanceOf(InvalidPhoneNumberException.class).hasMessageContaining("not a number in the numbering plan of US (+1)");
    }

    @Test
    void anEmptyNumberIsRefused() {
        assertThatThrownBy(() -> PhoneNumbers.normalise("  ", "DE"))
                .isInstanceOf(InvalidPhoneNumberException.class).hasMessage("phone number: empty");
        assertThat(PhoneNumbers.valid(null, "DE")).isFalse();
    }

    @Test
    void theReasonShowsTheNumberMaskedButForItsLastTwoDigits() {
        assertThatThrownBy(() -> PhoneNumbers.normalise("0151 2345 67", "DE"))
                .hasMessageStartingWith("phone number '**** **** 67': ")
                .hasMessageNotContaining("2345");
        assertThat(PhoneNumbers.mask("+44 7400 123456")).isEqualTo("'+** **** ****56'");
    }

    @Test
    void anUnknownDefaultRegionIsAConfigurationErrorNotAnInvalidNumber() {
        assertThatThrownBy(() -> PhoneNumbers.normalise("0151 2345 6789", "XX"))
                .isNotInstanceOf(InvalidPhoneNumberException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default region 'XX'");
    }

    @Test
    void validAnswersWithoutThrowing() {
        assertThat(PhoneNumbers.valid("+4915123456789", "DE")).isTrue();
        assertThat(PhoneNumbers.valid("12", "DE")).isFalse();
    }
}
