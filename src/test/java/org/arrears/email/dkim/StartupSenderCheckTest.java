package org.arrears.email.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arrears.config.Settings;
import org.arrears.testing.DnsTestServer;
import org.junit.jupiter.api.Test;

/** The check `run` makes of each sending domain as it starts, against an in-process DNS server. */
class StartupSenderCheckTest {

    @Test
    void eachSendingDomainGetsAWarningPerMissingRecordAndACompleteOneAnInfoLine() throws Exception {
        DkimTestKeys keys = new DkimTestKeys(Files.createTempDirectory("arrears-dkim-"));
        Map<String, String> o = keys.settings("acme.example");
        o.put("arrears.dkim.domains", "acme.example,brand.example");
        o.put("arrears.dkim.brand.example.selector", "b1");
        o.put("arrears.dkim.brand.example.key-file", keys.rsaFile.toString());
        try (DnsTestServer dns = new DnsTestServer()) {
            dns.txt("acme.example", "v=spf1 -all").txt("rsa2026._domainkey.acme.example", keys.rsaRecord())
                    .txt("ed2026._domainkey.acme.example", keys.edRecord())
                    .txt("_dmarc.acme.example", "v=DMARC1; p=reject").mx("acme.example", 5, "mx.acme.example")
                    .txt("brand.example", "v=spf1 -all").mx("brand.example", 5, "mx.brand.example");
            o.put("arrears.mail.dns-server", dns.address());
            Settings s = Settings.load(Path.of("config/application.properties")).with(o);
            List<String> warn = new ArrayList<>();
            List<String> info = new ArrayList<>();

            StartupSenderCheck.check(s, Duration.ofSeconds(2), warn::add, info::add);

            assertThat(info).containsExactly("sending domain acme.example: SPF, DKIM, DMARC and MX in place");
            assertThat(warn).containsExactly(
                    "sending domain brand.example: MISSING DKIM b1._domainkey.brand.example: no such name",
                    "sending domain brand.example: MISSING DMARC _dmarc.brand.example: no such name");
        }
    }
}
