package org.arrears.ar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CreditorReferenceTest {

    @Test
    void knownReferencesAreValid() {
        assertThat(CreditorReference.isValid("RF18539007547034")).isTrue();
        assertThat(CreditorReference.isValid("RF18 5390 0754 7034")).isTrue();
        assertThat(CreditorReference.isValid("rf18 5390 0754 7034")).isTrue();
        assertThat(CreditorReference.isValid("RF18000000000539007547034")).isTrue();
        assertThat(CreditorReference.isValid("RF45G72UUR")).isTrue();
        assertThat(CreditorReference.isValid("RF6518K5")).isTrue();
        assertThat(CreditorReference.isValid("RF712348231")).isTrue();
    }

    @Test
    void createsKnownReferences() {
        assertThat(CreditorReference.create("539007547034")).isEqualTo("RF18539007547034");
        assertThat(CreditorReference.create("g72uur")).isEqualTo("RF45G72UUR");
        assertThat(CreditorReference.create("18K5")).isEqualTo("RF6518K5");
        assertThat(CreditorReference.create("2348231")).isEqualTo("RF712348231");
        assertThat(CreditorReference.create(" 5390 0754 7034 ")).isEqualTo("RF18539007547034");
    }

    @Test
    void aChangedCharacterIsInvalid() {
        assertThat(CreditorReference.isValid("RF18539007547035")).isFalse();
        assertThat(CreditorReference.isValid("RF19539007547034")).isFalse();
        assertThat(CreditorReference.isValid("RF18539007547304")).isFalse(); // transposition
        assertThat(CreditorReference.isValid("RF45G72UUS")).isFalse();
    }

    @Test
    void malformedReferencesAreInvalid() {
        assertThat(CreditorReference.isValid(null)).isFalse();
        assertThat(CreditorReference.isValid("")).isFalse();
        assertThat(CreditorReference.isValid("RF18")).isFalse();
        assertThat(CreditorReference.isValid("XX18539007547034")).isFalse();
        assertThat(CreditorReference.isValid("RFAB539007547034")).isFalse();
        assertThat(CreditorReference.isValid("RF18-5390-0754-7034")).isFalse();
        assertThat(CreditorReference.isValid("RF18" + "1".repeat(22))).isFalse(); // body longer than 21
    }

    @Test
    void checkDigitsOutsideTwoToNinetyEightAreRejected() {
        // "54" + "RF00" leaves remainder 0, so both 01 and 98 satisfy the modulus; only 98 is allowed
        assertThat(CreditorReference.create("54")).isEqualTo("RF9854");
        assertThat(CreditorReference.isValid("RF9854")).isTrue();
        assertThat(CreditorReference.isValid("RF0154")).isFalse();
        // "72" + "RF00" leaves remainder 1: 97 is the check, 00 would pass the modulus alone
        assertThat(CreditorReference.create("72")).isEqualTo("RF9772");
        assertThat(CreditorReference.isValid("RF0072")).isFalse();
    }

    @Test
    void rejectsBadBodies() {
        assertThatThrownBy(() -> CreditorReference.create("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CreditorReference.create("   ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CreditorReference.create("1".repeat(22))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CreditorReference.create("INV-2026")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CreditorReference.create("ÄB12")).isInstanceOf(IllegalArgumentException.class);
        assertThat(CreditorReference.create("1".repeat(21))).hasSize(25);
    }

    @Test
    void everyCreatedReferenceIsValidAndEverySingleSubstitutionIsCaught() {
        // a digit replaced by a digit, or a letter by a letter, always changes the remainder modulo 97
        String digits = "0123456789";
        String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        SplittableRandom rng = new SplittableRandom(11649);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int round = 0; round < 2_000; round++) {
            StringBuilder body = new StringBuilder();
            int len = 1 + rng.nextInt(21);
            for (int i = 0; i < len; i++) {
                body.append(alphabet.charAt(rng.nextInt(alphabet.length())));
            }
            String ref = CreditorReference.create(body.toString());
            assertThat(CreditorReference.isValid(ref)).as(ref).isTrue();
            int pos = 2 + rng.nextInt(ref.length() - 2);
            char original = ref.charAt(pos);
            char other;
            do {
                String same = Character.isDigit(original) ? digits : letters;
                other = same.charAt(rng.nextInt(same.length()));
            } while (other == original);
            String broken = ref.substring(0, pos) + other + ref.substring(pos + 1);
            assertThat(CreditorReference.isValid(broken)).as(broken).isFalse();
        }
    }

    @Test
    void normalizesAndPrints() {
        assertThat(CreditorReference.normalize(" rf18 5390\t0754 7034 ")).isEqualTo("RF18539007547034");
        assertThat(CreditorReference.print("RF18539007547034")).isEqualTo("RF18 5390 0754 7034");
        assertThat(CreditorReference.print("rf45g72uur")).isEqualTo("RF45 G72U UR");
    }
}
