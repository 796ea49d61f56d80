package org.arrears.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.AddressException;
import org.junit.jupiter.api.Test;

/** Addresses stay what they are: encoded for sending where they must be, refused where they are not one address. */
class RecipientTest {

    @Test
    void anInternationalisedDomainIsSentInItsIdnaFormAndAnAsciiLocalPartNeedsNoSmtpUtf8() throws Exception {
        assertThat(Recipient.parse("anna@exämple.de")).isEqualTo(new Recipient("anna@xn--exmple-cua.de", false));
    }

    @Test
    void aNonAsciiLocalPartIsKeptAsItIsAndNeedsSmtpUtf8() throws Exception {
        assertThat(Recipient.parse("jürgen@exämple.de")).isEqualTo(new Recipient("jürgen@xn--exmple-cua.de", true));
    }

    @Test
    void aPlainAddressIsUnchangedApartFromTheDomainsCase() throws Exception {
        assertThat(Recipient.parse(" Frank.O'Neil+bills@Example.TEST ")).isEqualTo(
                new Recipient("Frank.O'Neil+bills@example.test", false));
    }

    @Test
    void aStoredValueWithADisplayNameIsRefusedNotPassedIntoTheHeader() {
        assertThatThrownBy(() -> Recipient.parse("\"victim@example.com\" <evil@evil.example>"))
                .isInstanceOf(AddressException.class).hasMessageContaining("not a bare address");
        assertThatThrownBy(() -> Recipient.parse("Victim <evil@evil.example>")).isInstanceOf(AddressException.class);
    }

    @Test
    void lineBreaksSeveralAddressesAndMalformedDomainsAreRefused() {
        for (String bad : new String[] {"a@example.test\r\nBcc: x@evil.example", "a@example.test,b@example.test",
                "a@@example.test", "a@example", "a@-example.test", ".a@example.test", "a..b@example.test", "@example.test",
                "a@exa mple.test", "a@ex_ample.test"}) {
            assertThatThrownBy(() -> Recipient.parse(bad)).as(bad).isInstanceOf(AddressException.class);
        }
    }
}
