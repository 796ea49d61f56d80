package org.arrears.email.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.email.EmailComposer;
import org.arrears.email.EmailSettings;
import org.arrears.outreach.InvoiceLine;
import org.arrears.outreach.RenderedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signer's configuration (keys from files or the environment, never quoted) and the attachment path. */
class DkimSignerTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T15:00:00Z"), ZoneOffset.UTC);

    Path dir;
    DkimTestKeys keys;

    @BeforeEach
    void keys() throws Exception {
        dir = Files.createTempDirectory("arrears-dkim-");
        keys = new DkimTestKeys(dir);
    }

    static Settings settings(Map<String, String> values) {
        return Settings.of(values::get, () -> new java.util.TreeSet<>(values.keySet()), "config/application.properties");
    }

    @Test
    void anUnreadableKeyFileStopsStartupNamingTheSetting() {
        Map<String, String> s = keys.settings("acme.example");
        s.put("arrears.dkim.acme.example.key-file", dir.resolve("missing.pem").toString());

        assertThatThrownBy(() -> DkimSigner.from(settings(s), CLOCK)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'arrears.dkim.acme.example.key-file'").hasMessageContaining("missing.pem");
    }

    @Test
    void aKeyFileThatIsNotAKeyIsRefusedWithoutQuotingItsContent() throws Exception {
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n");
        Map<String, String> s = keys.settings("acme.example");
        s.put("arrears.dkim.acme.example.ed25519-key-file", bad.toString());

        assertThatThrownBy(() -> DkimSigner.from(settings(s), CLOCK)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'arrears.dkim.acme.example.ed25519-key-file'")
                .hasMessageContaining("is not an Ed25519 private key")
                .hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void aKeyFromTheEnvironmentSignsAndAnUnsetVariableNamesTheSetting() throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("arrears.dkim.domains", "acme.example");
        s.put("arrears.dkim.acme.example.selector", "rsa2026");
        s.put("arrears.dkim.acme.example.key-env", "ACME_DKIM_KEY");
        String pem = Files.readString(keys.rsaFile);

        DkimSigner signer = DkimSigner.from(settings(s), Map.of("ACME_DKIM_KEY", pem)::get, CLOCK);
        assertThat(signer.signs("ACME.example")).isTrue();
        assertThat(signer.toString()).doesNotContain(pem.substring(40, 80));

        assertThatThrownBy(() -> DkimSigner.from(settings(s), k -> null, CLOCK)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'arrears.dkim.acme.example.key-env'").hasMessageContaining("ACME_DKIM_KEY is not set");
    }

    @Test
    void aListedDomainWithoutASelectorIsRefused() {
        Map<String, String> s = keys.settings("acme.example");
        s.remove("arrears.dkim.acme.example.selector");

        assertThatThrownBy(() -> DkimSigner.from(settings(s), CLOCK)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("arrears.dkim.acme.example.selector");
    }

    @Test
    void aShortRsaKeyIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(512);
        Path small = dir.resolve("small.pem");
        Files.writeString(small, DkimTestKeys.pem(g.generateKeyPair().getPrivate().getEncoded()));
        Map<String, String> s = keys.settings("acme.example");
        s.put("arrears.dkim.acme.example.key-file", small.toString());

        assertThatThrownBy(() -> DkimSigner.from(settings(s), CLOCK)).hasMessageContaining("512 bits");
    }

    @Test
    void aMessageWithAnInvoicePdfIsSignedOverTheBytesItIsSentWith() throws Exception {
        Path pdfs = Files.createDirectory(dir.resolve("pdf"));
        Files.write(pdfs.resolve("INV-1.pdf"), "%PDF-1.4 a small invoice".getBytes(StandardCharsets.US_ASCII));
        Map<String, String> s = keys.settings("acme.example");
        s.put("arrears.email.from", "Acme Receivables <receivables@acme.example>");
        s.put("arrears.email.invoice-pdf-dir", pdfs.toString());
        EmailComposer composer = new EmailComposer(EmailSettings.from(settings(s)), DkimSigner.from(settings(s), CLOCK));
        InvoiceLine line = new InvoiceLine(1, "INV-1", "EUR", LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1),
                new java.math.BigDecimal("10.00"), new java.math.BigDecimal("10.00"), "RF18INV1", false);

        EmailComposer.ComposedMessage m = composer.compose(jakarta.mail.Session.getInstance(new Properties()), "tok1",
                "bob@example.test", new RenderedMessage("Your invoice", "Dear Bob,\n\nplease pay.\n", "<p>Dear Bob</p>", "v1"),
                "https://hub.example/o/tok1", List.of(line), CLOCK.instant());
        byte[] raw = m.bytes();

        assertThat(new String(raw, StandardCharsets.US_ASCII)).startsWith("DKIM-Signature: v=1; a=rsa-sha256;")
                .contains("filename=INV-1.pdf");
        List<SignatureRecord> ok = new DKIMVerifier((method, selector, domain) -> List.of(
                selector.toString().equals("rsa2026") ? keys.rsaRecord() : keys.edRecord())).verify(new ByteArrayInputStream(raw));
        assertThat(ok).extracting(r -> r.getSelector().toString()).contains("rsa2026");
        assertThat(IndependentEd25519Verifier.verify(raw, keys.ed.getPublic())).isEqualTo("ok");
    }

    @Test
    void mailOfADomainWithoutAKeyIsLeftAsItIs() throws Exception {
        DkimSigner signer = DkimSigner.from(settings(keys.settings("acme.example")), CLOCK);
        byte[] message = "From: a@other.example\r\nSubject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(signer.sign("other.example", message)).isSameAs(message);
        assertThat(new String(signer.sign("acme.example", message), StandardCharsets.US_ASCII))
                .startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=acme.example; s=rsa2026;")
                .contains("a=ed25519-sha256", "s=ed2026", "h=from:subject;").endsWith("\r\n\r\nbody\r\n");
    }
}
