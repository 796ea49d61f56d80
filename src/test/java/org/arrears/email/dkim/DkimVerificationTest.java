package org.arrears.email.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages the hub sends through a real SMTP server (GreenMail), fetched back over IMAP and verified by Apache
 * James jDKIM (RSA-SHA256, with a key retriever that answers from this test's key) and, for the Ed25519-SHA256
 * signature that jDKIM does not know, by an independent check with the JCA's Ed25519.
 */
class DkimVerificationTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

    HubFixture f;
    DkimTestKeys keys;

    @BeforeEach
    void start() throws Exception {
        keys = new DkimTestKeys(Files.createTempDirectory("arrears-dkim-"));
        Map<String, String> o = new HashMap<>(HubFixture.smtp(mail.getSmtp().getPort()));
        o.put("arrears.policies", "src/test/resources/policies/flow");
        o.putAll(keys.settings("acme.example"));
        f = new HubFixture(NOW, o);
        mail.setUser("alice@example.test", "alice", "imap-password");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    byte[] sendAndFetch() throws Exception {
        long alice = f.book.consumer("Alice Archer", "Europe/London", "GB", "alice@example.test");
        f.book.invoice(alice, "EUR", "120.00", TODAY.minusDays(10));
        f.hub.planner().plan(TODAY);
        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(1);
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", mail.getImap().getPort(), "alice", "imap-password");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            assertThat(messages).hasSize(1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            messages[0].writeTo(out);
            return out.toByteArray();
        } finally {
            store.close();
        }
    }

    DKIMVerifier jdkim() {
        return new DKIMVerifier((method, selector, domain) -> {
            if (selector.toString().equals("rsa2026") && domain.toString().equals("acme.example")) {
                return List.of(keys.rsaRecord());
            }
            if (selector.toString().equals("ed2026") && domain.toString().equals("acme.example")) {
                return List.of(keys.edRecord());
            }
            throw new PermFailException("no key for " + selector + "._domainkey." + domain);
        });
    }

    @Test
    void aReminderTheHubSentVerifiesWithJdkimAndItsEd25519SignatureVerifiesIndependently() throws Exception {
        byte[] raw = sendAndFetch();
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("a=rsa-sha256", "a=ed25519-sha256", "d=acme.example", "c=relaxed/relaxed");

        List<SignatureRecord> verified = jdkim().verify(new ByteArrayInputStream(raw));

        assertThat(verified).extracting(r -> r.getSelector().toString()).contains("rsa2026");
        SignatureRecord rsa = verified.stream().filter(r -> r.getSelector().toString().equals("rsa2026")).findFirst().orElseThrow();
        assertThat(rsa.getDToken().toString()).isEqualTo("acme.example");
        assertThat(rsa.getHeaders()).extracting(CharSequence::toString)
                .contains("from", "to", "subject", "date", "message-id", "mime-version", "content-type",
                        "list-unsubscribe", "list-unsubscribe-post");
        assertThat(IndependentEd25519Verifier.verify(raw, keys.ed.getPublic())).isEqualTo("ok");
    }

    @Test
    void aTamperedBodyFailsBothVerifications() throws Exception {
        byte[] raw = sendAndFetch();
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        byte[] tampered = text.replaceFirst("Alice Archer", "Alice Arches").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(tampered).isNotEqualTo(raw);

        assertThatThrownBy(() -> jdkim().verify(new ByteArrayInputStream(tampered))).isInstanceOf(PermFailException.class);
        assertThat(IndependentEd25519Verifier.verify(tampered, keys.ed.getPublic())).isEqualTo("body hash mismatch");
    }

    @Test
    void aTamperedSubjectFailsBothVerifications() throws Exception {
        byte[] raw = sendAndFetch();
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        byte[] tampered = text.replaceFirst("\r\nSubject: ", "\r\nSubject: URGENT ").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(tampered).isNotEqualTo(raw);

        assertThatThrownBy(() -> jdkim().verify(new ByteArrayInputStream(tampered))).isInstanceOf(PermFailException.class);
        assertThat(IndependentEd25519Verifier.verify(tampered, keys.ed.getPublic())).isEqualTo("signature mismatch");
    }
}
