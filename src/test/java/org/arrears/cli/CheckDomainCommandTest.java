package org.arrears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.arrears.email.dkim.DkimKeys;
import org.arrears.email.dkim.DkimTestKeys;
import org.arrears.testing.DnsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `mail check-domain` against an in-process DNS server: what is present, what is missing, and the exit status. */
class CheckDomainCommandTest {

    @TempDir
    Path tmp;

    DnsTestServer dns;
    DkimTestKeys keys;
    Path config;

    record Result(int status, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        dns = new DnsTestServer();
        keys = new DkimTestKeys(tmp);
        StringBuilder props = new StringBuilder(Files.readString(Path.of("config/application.properties"))).append('\n');
        for (Map.Entry<String, String> e : keys.settings("acme.example").entrySet()) {
            props.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        config = Files.writeString(tmp.resolve("application.properties"), props);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    Result run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = ArrearsCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int status = cli.execute(args);
            return new Result(status, stdout.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void aDomainWithEveryRecordAndTheConfiguredKeysPublishedPassesWithExitZero() {
        dns.txt("acme.example", "v=spf1 ip4:192.0.2.10 -all").txt("acme.example", "google-site-verification=x")
                .txt("rsa2026._domainkey.acme.example", keys.rsaRecord())
                .txt("ed2026._domainkey.acme.example", keys.edRecord())
                .txt("_dmarc.acme.example", "v=DMARC1; p=quarantine; rua=mailto:dmarc@acme.example")
                .mx("acme.example", 10, "mx1.acme.example");

        Result r = run("--config", config.toString(), "mail", "check-domain", "acme.example", "--server", dns.address());

        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("OK      SPF    acme.example: \"v=spf1 ip4:192.0.2.10 -all\"")
                .contains("OK      DKIM   rsa2026._domainkey.acme.example: k=rsa key published and it matches the configured key")
                .contains("OK      DKIM   ed2026._domainkey.acme.example: k=ed25519 key published and it matches")
                .contains("OK      DMARC  _dmarc.acme.example: p=quarantine, DKIM alignment relaxed, SPF alignment relaxed")
                .contains("OK      MX     acme.example: 10 mx1.acme.example")
                .contains("acme.example: nothing missing");
    }

    @Test
    void missingDmarcAndMxAndAKeyThatIsNotTheConfiguredOneAreReportedWithExitOne() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String other = DkimKeys.dnsValue(g.generateKeyPair().getPublic());
        dns.txt("acme.example", "v=spf1 include:_spf.mailer.example ~all")
                .txt("rsa2026._domainkey.acme.example", "v=DKIM1; k=rsa; p=" + other);

        Result r = run("--config", config.toString(), "mail", "check-domain", "acme.example", "--server", dns.address(),
                "--selector", "rsa2026");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("OK      SPF    acme.example")
                .contains("MISSING DKIM   rsa2026._domainkey.acme.example: the published key does not match the configured rsa key")
                .contains("MISSING DMARC  _dmarc.acme.example: no such name")
                .contains("MISSING MX     acme.example: no MX record")
                .contains("acme.example: 3 missing");
    }

    @Test
    void aDomainWithNothingPublishedAndNoKeyConfiguredSaysSo() {
        Result r = run("--config", config.toString(), "mail", "check-domain", "other.example", "--server", dns.address());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("MISSING SPF    other.example: no such name")
                .contains("MISSING DKIM   no selector given (--selector) or configured (arrears.dkim.other.example.selector)");
    }

    @Test
    void aServerWithABadPortIsAOneLineErrorWithExitTwo() {
        Result r = run("--config", config.toString(), "mail", "check-domain", "acme.example", "--server", "127.0.0.1:99999");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("arrears: --server 127.0.0.1:99999: the port must be a number from 1 to 65535");
    }
}
