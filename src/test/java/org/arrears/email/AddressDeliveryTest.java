package org.arrears.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.arrears.testing.HubFixture;
import org.arrears.testing.RecordingSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Addresses stay what they are on the wire: `jürgen@exämple.de` once went out as `To: j|rgen@exdmple.de` and was
 * recorded as SENT; a stored value with a display name reached the To: header.
 */
class AddressDeliveryTest {

    static final Instant NOON_LONDON = Instant.parse("2026-06-03T11:00:00Z");

    RecordingSmtpServer smtp;
    HubFixture f;

    @AfterEach
    void stop() throws Exception {
        f.close();
        smtp.close();
    }

    void start(boolean smtpUtf8) throws Exception {
        smtp = new RecordingSmtpServer().smtpUtf8(smtpUtf8);
        Map<String, String> o = new HashMap<>(HubFixture.smtp(smtp.port()));
        o.put("arrears.policies", "src/test/resources/policies/flow");
        f = new HubFixture(NOON_LONDON, o);
    }

    long debtor(String email) {
        long d = f.book.consumer("Jürgen Jäger", "Europe/London", "GB", email);
        f.book.invoice(d, "GBP", "75.00", LocalDate.of(2026, 5, 30));
        return d;
    }

    @Test
    void anInternationalisedAddressGoesOutWithSmtpUtf8AndAnIdnaDomainUncorrupted() throws Exception {
        start(true);
        long d = debtor("jürgen@exämple.de");
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));

        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(1);

        assertThat(smtp.envelope()).anyMatch(l -> l.startsWith("MAIL FROM:") && l.endsWith(" SMTPUTF8"));
        assertThat(smtp.envelope()).contains("RCPT TO:<jürgen@xn--exmple-cua.de>");
        assertThat(smtp.toHeaders()).containsExactly("jürgen@xn--exmple-cua.de");
        assertThat(f.book.queryString("SELECT status FROM communication WHERE debtor_id = ?", d)).isEqualTo("SENT");
    }

    @Test
    void anAsciiAddressAtAnInternationalisedDomainNeedsNoSmtpUtf8() throws Exception {
        start(false);
        debtor("anna@exämple.de");
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));

        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(1);

        assertThat(smtp.envelope()).contains("RCPT TO:<anna@xn--exmple-cua.de>");
        assertThat(smtp.toHeaders()).containsExactly("anna@xn--exmple-cua.de");
    }

    @Test
    void aNonAsciiLocalPartIsRefusedWithAReasonWhenTheServerDoesNotOfferSmtpUtf8() throws Exception {
        start(false);
        long d = debtor("jürgen@exämple.de");
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));

        assertThat(f.hub.emailDispatcher().drain().get("FAILED")).isEqualTo(1);

        assertThat(smtp.accepted()).isEmpty();
        assertThat(f.book.queryString("SELECT last_error FROM communication WHERE debtor_id = ?", d))
                .contains("non-ASCII local part").contains("does not offer SMTPUTF8");
    }

    @Test
    void aStoredAddressWithADisplayNameIsRefusedAndNothingIsSent() throws Exception {
        start(true);
        long d = debtor("\"victim@example.com\" <evil@evil.example>");
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));

        assertThat(f.hub.emailDispatcher().drain().get("FAILED")).isEqualTo(1);

        assertThat(smtp.envelope()).isEmpty();
        assertThat(f.book.queryString("SELECT last_error FROM communication WHERE debtor_id = ?", d))
                .isEqualTo("invalid address: the address is not a bare address (display names, brackets and quoting are not sent)");
    }
}
