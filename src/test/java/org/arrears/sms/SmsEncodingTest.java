package org.arrears.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.arrears.sms.SmsEncoding.Count;
import org.arrears.sms.SmsEncoding.Encoding;
import org.junit.jupiter.api.Test;

/** GSM 03.38 and UCS-2 detection and segment counts at every boundary. */
class SmsEncodingTest {

    @Test
    void plainAsciiIsGsm7AndFitsOneSegmentUpTo160Characters() {
        assertThat(SmsEncoding.count("Your invoice is overdue. Reply STOP to opt out."))
                .isEqualTo(new Count(Encoding.GSM_7, 47, 1));
        assertThat(SmsEncoding.count("a".repeat(160))).isEqualTo(new Count(Encoding.GSM_7, 160, 1));
    }

    @Test
    void the161stSeptetMakesTwoSegmentsOf153() {
        assertThat(SmsEncoding.count("a".repeat(161))).isEqualTo(new Count(Encoding.GSM_7, 161, 2));
        assertThat(SmsEncoding.split("a".repeat(161))).extracting(String::length).containsExactly(153, 8);
        assertThat(SmsEncoding.count("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsEncoding.count("a".repeat(307)).segments()).isEqualTo(3);
    }

    @Test
    void anAcuteEIsInGsm7ButACircumflexEIsNot() {
        assertThat(SmsEncoding.encodingOf("Café à Genève, Müller, Ñoño? ¿Año? Ça va")).isEqualTo(Encoding.GSM_7);
        assertThat(SmsEncoding.encodingOf("Vous êtes en retard")).isEqualTo(Encoding.UCS_2);
        assertThat(SmsEncoding.encodingOf("garçon")).as("only the capital Ç is in the basic table").isEqualTo(Encoding.UCS_2);
        assertThat(SmsEncoding.encodingOf("Información")).as("ó is not in GSM-7").isEqualTo(Encoding.UCS_2);
    }

    @Test
    void greekCapitalsInTheBasicTableAreGsm7ButGreekSmallLettersAreNot() {
        assertThat(SmsEncoding.count("ΔΦΓΛΩΠΨΣΘΞ")).isEqualTo(new Count(Encoding.GSM_7, 10, 1));
        assertThat(SmsEncoding.encodingOf("ΑΒΓ")).as("Α and Β look like A and B but are other characters").isEqualTo(Encoding.UCS_2);
        assertThat(SmsEncoding.encodingOf("Καλημέρα")).isEqualTo(Encoding.UCS_2);
    }

    @Test
    void theEuroSignAndTheExtensionCharactersCountTwoSeptetsEach() {
        assertThat(SmsEncoding.count("€")).isEqualTo(new Count(Encoding.GSM_7, 2, 1));
        assertThat(SmsEncoding.count("[]{}~^|\\")).isEqualTo(new Count(Encoding.GSM_7, 16, 1));
        assertThat(SmsEncoding.count("€".repeat(80))).isEqualTo(new Count(Encoding.GSM_7, 160, 1));
        assertThat(SmsEncoding.count("a".repeat(159) + "€")).isEqualTo(new Count(Encoding.GSM_7, 161, 2));
    }

    @Test
    void aConcatenatedSegmentNeverEndsBetweenAnEscapeAndItsCode() {
        String text = "a".repeat(152) + "€" + "b".repeat(10);
        List<String> parts = SmsEncoding.split(text);
        assertThat(parts).containsExactly("a".repeat(152), "€" + "b".repeat(10));
        assertThat(SmsEncoding.count(text)).isEqualTo(new Count(Encoding.GSM_7, 164, 2));
    }

    @Test
    void anEscapePairMovedToTheNextPartCanCostASegment() {
        // 306 septets would fill two parts exactly, but the euro sign cannot straddle the first boundary
        String text = "a".repeat(152) + "€" + "a".repeat(152);
        assertThat(SmsEncoding.count(text)).isEqualTo(new Count(Encoding.GSM_7, 306, 3));
        assertThat(SmsEncoding.split(text)).containsExactly("a".repeat(152), "€" + "a".repeat(151), "a");
    }

    @Test
    void ucs2FitsSeventyUnitsInOneSegmentAndSixtySevenInEachPartOfALongerOne() {
        assertThat(SmsEncoding.count("ê".repeat(70))).isEqualTo(new Count(Encoding.UCS_2, 70, 1));
        assertThat(SmsEncoding.count("ê".repeat(71))).isEqualTo(new Count(Encoding.UCS_2, 71, 2));
        assertThat(SmsEncoding.split("ê".repeat(71))).extracting(String::length).containsExactly(67, 4);
        assertThat(SmsEncoding.count("ê".repeat(134)).segments()).isEqualTo(2);
        assertThat(SmsEncoding.count("ê".repeat(135)).segments()).isEqualTo(3);
    }

    @Test
    void anEmojiForcesUcs2AndCountsAsTwoUnits() {
        assertThat(SmsEncoding.count("Thanks 😀")).isEqualTo(new Count(Encoding.UCS_2, 9, 1));
        assertThat(SmsEncoding.count("a".repeat(68) + "😀")).isEqualTo(new Count(Encoding.UCS_2, 70, 1));
        assertThat(SmsEncoding.count("a".repeat(69) + "😀")).isEqualTo(new Count(Encoding.UCS_2, 71, 2));
    }

    @Test
    void aSurrogatePairIsNeverSplitAcrossSegments() {
        String text = "a".repeat(66) + "😀" + "b".repeat(10);
        assertThat(SmsEncoding.split(text)).containsExactly("a".repeat(66), "😀" + "b".repeat(10));
    }

    @Test
    void oneCharacterOutsideGsm7TurnsTheWholeTextIntoUcs2() {
        String gsm = "a".repeat(100);
        assertThat(SmsEncoding.count(gsm).segments()).isEqualTo(1);
        assertThat(SmsEncoding.count(gsm + "ê")).isEqualTo(new Count(Encoding.UCS_2, 101, 2));
    }

    @Test
    void anEmptyTextIsOneEmptySegment() {
        assertThat(SmsEncoding.count("")).isEqualTo(new Count(Encoding.GSM_7, 0, 1));
    }

    @Test
    void gsm7SeptetsAreTheBasicTableCodesAndAnEscapePairForExtensionCharacters() {
        assertThat(SmsEncoding.toGsm7("A@£$\n")).containsExactly(0x41, 0x00, 0x01, 0x02, 0x0A);
        assertThat(SmsEncoding.toGsm7("Ä€[")).containsExactly(0x5B, 0x1B, 0x65, 0x1B, 0x3C);
        assertThat(SmsEncoding.toGsm7("ΔΩ_")).containsExactly(0x10, 0x15, 0x11);
        assertThat(SmsEncoding.toGsm7("{}\\^~]|")).containsExactly(0x1B, 0x28, 0x1B, 0x29, 0x1B, 0x2F, 0x1B, 0x14,
                0x1B, 0x3D, 0x1B, 0x3E, 0x1B, 0x40);
    }

    @Test
    void gsm7SeptetsReadBackAsTheSameText() {
        String text = "Pay 12,50€ by [Friday] {ref ^~|\\} Ça va? ¿Año? ÄÖÑÜ§ äöñüà @£$¥";
        assertThat(SmsEncoding.fromGsm7(SmsEncoding.toGsm7(text))).isEqualTo(text);
    }

    @Test
    void aCharacterOutsideGsm7IsNamedWithItsPosition() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SmsEncoding.toGsm7("Vous êtes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("text: character U+00EA at 5 is not in the GSM-7 alphabet");
    }
}
