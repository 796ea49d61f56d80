package org.arrears.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void aHashIsArgon2idInThePhcFormatAndVerifiesOnlyItsPassword() {
        String hash = Passwords.hash("correct horse battery".toCharArray());
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Passwords.verify("correct horse battery".toCharArray(), hash)).isTrue();
        assertThat(Passwords.verify("correct horse batterz".toCharArray(), hash)).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        assertThat(Passwords.hash("correct horse battery".toCharArray()))
                .isNotEqualTo(Passwords.hash("correct horse battery".toCharArray()));
    }

    @Test
    void aMalformedStoredHashVerifiesNothing() {
        assertThat(Passwords.verify("x".toCharArray(), "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA")).isFalse();
        assertThat(Passwords.verify("x".toCharArray(), "plain")).isFalse();
        assertThat(Passwords.verify("x".toCharArray(), null)).isFalse();
    }

    @Test
    void aShortPasswordIsRefusedWithAClearError() {
        assertThatThrownBy(() -> Passwords.checkStrength("short".toCharArray()))
                .hasMessage("password: must be at least 12 characters");
    }
}
