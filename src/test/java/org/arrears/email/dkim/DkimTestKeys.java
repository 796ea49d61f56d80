package org.arrears.email.dkim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.Map;

/** A fresh RSA and Ed25519 key pair for a test, the private keys written as PEM PKCS#8 files. */
public final class DkimTestKeys {

    public final KeyPair rsa;
    public final KeyPair ed;
    public final Path rsaFile;
    public final Path edFile;

    public DkimTestKeys(Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
        ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        rsaFile = dir.resolve("rsa.pem");
        edFile = dir.resolve("ed25519.pem");
        Files.writeString(rsaFile, pem(rsa.getPrivate().getEncoded()));
        Files.writeString(edFile, pem(ed.getPrivate().getEncoded()));
    }

    static String pem(byte[] der) {
        return DkimKeys.pem(der);
    }

    /** The settings that sign mail of the domain with both keys. */
    public Map<String, String> settings(String domain) {
        Map<String, String> s = new HashMap<>();
        s.put("arrears.dkim.domains", domain);
        s.put("arrears.dkim." + domain + ".selector", "rsa2026");
        s.put("arrears.dkim." + domain + ".key-file", rsaFile.toString());
        s.put("arrears.dkim." + domain + ".ed25519-selector", "ed2026");
        s.put("arrears.dkim." + domain + ".ed25519-key-file", edFile.toString());
        return s;
    }

    /** The TXT record to publish for the RSA selector. */
    public String rsaRecord() {
        return "v=DKIM1; k=rsa; p=" + DkimKeys.dnsValue(rsa.getPublic());
    }

    public String edRecord() {
        return "v=DKIM1; k=ed25519; p=" + DkimKeys.dnsValue(ed.getPublic());
    }
}
