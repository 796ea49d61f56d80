package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RfReferenceTest {

    @Test
    void knownValidReferences() {
        assertThat(RfReference.isValid("RF18539007547034")).isTrue();
        assertThat(RfReference.isValid("RF18 5390 0754 7034")).isTrue();
        assertThat(RfReference.isValid("rf18 5390 0754 7034")).isTrue();
        assertThat(RfReference.isValid("RF71 2348 231")).isTrue();
        assertThat(RfReference.isValid("RF45G72UUR")).isTrue();
        assertThat(RfReference.isValid("RF6518K5")).isTrue();
    }

    @Test
    void invalidReferences() {
        assertThat(RfReference.isValid("RF19539007547034")).isFalse();
        assertThat(RfReference.isValid("RF18539007547035")).isFalse();
        assertThat(RfReference.isValid("RF71 4")).isFalse();
        assertThat(RfReference.isValid("RF18")).isFalse();
        assertThat(RfReference.isValid("XX18539007547034")).isFalse();
        assertThat(RfReference.isValid("RF18-5390")).isFalse();
        assertThat(RfReference.isValid("RF001234567890123456789012")).isFalse();
        assertThat(RfReference.isValid(null)).isFalse();
    }

    @Test
    void createComputesCheckDigits() {
        assertThat(RfReference.create("539007547034")).isEqualTo("RF18539007547034");
        assertThat(RfReference.create("2348 231")).isEqualTo("RF712348231");
        assertThat(RfReference.create("g72uur")).isEqualTo("RF45G72UUR");
        assertThat(RfReference.create("1")).isEqualTo("RF741");
        for (String body : new String[] {"INV20240117", "A", "123456789012345678901", "ZZZZ"}) {
            assertThat(RfReference.isValid(RfReference.create(body))).as(body).isTrue();
        }
        assertThatThrownBy(() -> RfReference.create("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RfReference.create("1234567890123456789012"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RfReference.create("AB-12")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatInGroupsOfFour() {
        assertThat(RfReference.format("RF18539007547034")).isEqualTo("RF18 5390 0754 7034");
        assertThat(RfReference.format("rf71 2348231")).isEqualTo("RF71 2348 231");
    }

    @Test
    void findsReferencesInFreeText() {
        assertThat(RfReference.find("Payment RF18 5390 0754 7034 Invoice 7")).isEqualTo("RF18539007547034");
        assertThat(RfReference.find("ref:RF18539007547034, thanks")).isEqualTo("RF18539007547034");
        assertThat(RfReference.find("for RF71 2348 231")).isEqualTo("RF712348231");
        assertThat(RfReference.find("SVWZ+RF45G72UUR Teil 2")).isEqualTo("RF45G72UUR");
        assertThat(RfReference.find("RF19539007547034")).isNull();
        assertThat(RfReference.find("no reference here")).isNull();
        assertThat(RfReference.find(null)).isNull();
    }
}
