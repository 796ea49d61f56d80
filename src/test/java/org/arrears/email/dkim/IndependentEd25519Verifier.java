package org.arrears.email.dkim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An Ed25519-SHA256 DKIM check (RFC 8463) written apart from the signer, on strings with regular expressions: the
 * relaxed canonical forms are built here from the message text, the hash checked against bh=, and the signature
 * verified with the JCA's Ed25519. jDKIM 0.3 knows only rsa-sha256, so the second signature is checked this way.
 */
final class IndependentEd25519Verifier {

    private IndependentEd25519Verifier() {
    }

    /** "ok", or why the Ed25519 signature of the message does not verify. */
    static String verify(byte[] raw, PublicKey key) throws Exception {
        String m = new String(raw, StandardCharsets.ISO_8859_1);
        int split = m.indexOf("\r\n\r\n");
        String head = m.substring(0, split + 2);
        String body = m.substring(split + 4);
        List<String> fields = new ArrayList<>(List.of(head.split("\r\n(?![ \t])")));
        String sig = fields.stream().filter(f -> f.toLowerCase(Locale.ROOT).startsWith("dkim-signature:")
                && f.contains("a=ed25519-sha256")).findFirst().orElse(null);
        if (sig == null) {
            return "no ed25519-sha256 signature";
        }
        Map<String, String> tags = new HashMap<>();
        for (String t : sig.substring(sig.indexOf(':') + 1).split(";")) {
            String[] kv = t.replaceAll("[ \t\r\n]", "").split("=", 2);
            if (kv.length == 2) {
                tags.put(kv[0], kv[1]);
            }
        }
        if (!"relaxed/relaxed".equals(tags.get("c"))) {
            return "canonicalisation " + tags.get("c");
        }
        List<String> lines = new ArrayList<>(List.of(body.split("\r\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            lines.set(i, lines.get(i).replaceAll("[ \t]+", " ").replaceAll(" $", ""));
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        String canonicalBody = lines.isEmpty() ? "" : String.join("\r\n", lines) + "\r\n";
        String bh = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(canonicalBody.getBytes(StandardCharsets.ISO_8859_1)));
        if (!bh.equals(tags.get("bh"))) {
            return "body hash mismatch";
        }
        StringBuilder data = new StringBuilder();
        List<String> pool = new ArrayList<>(fields);
        for (String name : tags.get("h").split(":")) {
            for (int i = pool.size() - 1; i >= 0; i--) {
                String f = pool.get(i);
                if (f.substring(0, f.indexOf(':')).strip().equalsIgnoreCase(name)) {
                    data.append(relaxed(f)).append("\r\n");
                    pool.remove(i);
                    break;
                }
            }
        }
        data.append(relaxed(sig.replaceAll("(?<=[;:\\s])b=[^;]*", "b=")));
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(key);
        v.update(MessageDigest.getInstance("SHA-256").digest(data.toString().getBytes(StandardCharsets.ISO_8859_1)));
        return v.verify(Base64.getDecoder().decode(tags.get("b"))) ? "ok" : "signature mismatch";
    }

    private static String relaxed(String field) {
        int colon = field.indexOf(':');
        return field.substring(0, colon).strip().toLowerCase(Locale.ROOT) + ":"
                + field.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").strip();
    }
}
