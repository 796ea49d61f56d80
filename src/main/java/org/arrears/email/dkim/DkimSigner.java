package org.arrears.email.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

/**
 * Signs outgoing messages with DKIM (RFC 6376): an RSA-SHA256 signature and, where configured, a second
 * Ed25519-SHA256 one (RFC 8463), relaxed/relaxed, per sending domain (the domain of the From address). It works on
 * the bytes the email adapter already built: one pass over the body for its hash, the signed headers canonicalised
 * once for both signatures, and the DKIM-Signature fields put in front.
 *
 * <p>Settings: {@code arrears.dkim.domains} (comma-separated), and for each domain {@code arrears.dkim.<domain>.selector},
 * {@code .key-file} or {@code .key-env} (a PEM PKCS#8 RSA key, or the name of the environment variable holding it),
 * optionally {@code .ed25519-selector} with {@code .ed25519-key-file} or {@code .ed25519-key-env}. Keys are read
 * at startup (an unreadable one stops it, naming the setting) and never appear in a log line or message.
 */
public final class DkimSigner {

    /** The header fields signed, each when the message has it, in this order. */
    public static final List<String> SIGNED_HEADERS = List.of("from", "reply-to", "to", "cc", "subject", "date",
            "message-id", "mime-version", "content-type", "content-transfer-encoding", "list-unsubscribe",
            "list-unsubscribe-post", "auto-submitted");

    /** Signs nothing: no domain configured. */
    public static final DkimSigner NONE = new DkimSigner(Map.of(), Clock.systemUTC());

    /** One signing key of a domain. */
    public record Key(DkimKeys.Type type, String selector, PrivateKey privateKey) {
        @Override
        public String toString() {
            return type + " key of selector " + selector;
        }
    }

    private final Map<String, List<Key>> domains;
    private final Clock clock;

    private DkimSigner(Map<String, List<Key>> domains, Clock clock) {
        this.domains = Map.copyOf(domains);
        this.clock = clock;
    }

    public static DkimSigner from(Settings s, Clock clock) {
        return from(s, System::getenv, clock);
    }

    /** @param env reads an environment variable (the process environment outside tests) */
    public static DkimSigner from(Settings s, Function<String, String> env, Clock clock) {
        String list = s.get("arrears.dkim.domains");
        if (list == null) {
            return new DkimSigner(Map.of(), clock);
        }
        Map<String, List<Key>> out = new LinkedHashMap<>();
        for (String raw : list.split(",")) {
            String domain = raw.strip().toLowerCase(Locale.ROOT);
            if (domain.isEmpty()) {
                continue;
            }
            if (!domain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
                throw new ConfigException(s.origin() + ": setting 'arrears.dkim.domains': '" + raw.strip()
                        + "' is not a domain name");
            }
            String p = "arrears.dkim." + domain + ".";
            List<Key> keys = new ArrayList<>();
            String selector = selector(s, p + "selector");
            PrivateKey rsa = DkimKeys.read(s, env, p, DkimKeys.Type.RSA);
            if (selector == null || rsa == null) {
                throw new ConfigException(s.origin() + ": domain " + domain + " is listed in 'arrears.dkim.domains' "
                        + "but '" + (selector == null ? p + "selector" : p + "key-file' or '" + p + "key-env") + "' is not set");
            }
            keys.add(new Key(DkimKeys.Type.RSA, selector, rsa));
            String edSelector = selector(s, p + "ed25519-selector");
            PrivateKey ed = DkimKeys.read(s, env, p + "ed25519-", DkimKeys.Type.ED25519);
            if ((edSelector == null) != (ed == null)) {
                throw new ConfigException(s.origin() + ": domain " + domain + ": '" + p + "ed25519-selector' and '"
                        + p + "ed25519-key-file' (or -key-env) go together: set both or neither");
            }
            if (ed != null) {
                keys.add(new Key(DkimKeys.Type.ED25519, edSelector, ed));
            }
            out.put(domain, List.copyOf(keys));
        }
        return new DkimSigner(out, clock);
    }

    private static String selector(Settings s, String key) {
        String v = s.get(key);
        if (v != null && !v.matches("[A-Za-z0-9]([A-Za-z0-9_-]*)(\\.[A-Za-z0-9][A-Za-z0-9_-]*)*")) {
            throw new ConfigException(s.origin() + ": setting '" + key + "': '" + v + "' is not a DKIM selector "
                    + "(letters, digits, dashes, dots)");
        }
        return v;
    }

    /** The domains this signer signs for. */
    public Set<String> domains() {
        return domains.keySet();
    }

    /** The keys of a domain (empty when it is not signed). */
    public List<Key> keys(String domain) {
        return domains.getOrDefault(domain.toLowerCase(Locale.ROOT), List.of());
    }

    public boolean signs(String domain) {
        return domain != null && domains.containsKey(domain.toLowerCase(Locale.ROOT));
    }

    /**
     * The message with its DKIM-Signature fields in front, or the message itself when its domain has no key.
     *
     * @param domain the sending domain (the From address's), which becomes {@code d=}
     */
    public byte[] sign(String domain, byte[] message) {
        List<Key> keys = domain == null ? List.of() : keys(domain);
        if (keys.isEmpty()) {
            return message;
        }
        // signed as sent: SMTP puts CRLF for every bare LF or CR, so the signature is made over that form (6376 5.3)
        message = crlf(message);
        int headerEnd = Canonical.headerEnd(message);
        if (headerEnd < 0) {
            throw new IllegalArgumentException("the message has no end of headers: it cannot be signed");
        }
        try {
            MessageDigest body = MessageDigest.getInstance("SHA-256");
            Canonical.body(message, headerEnd + 2, body);
            String bh = Base64.getEncoder().encodeToString(body.digest());
            ByteArrayOutputStream signed = new ByteArrayOutputStream(512);
            String h = signedHeaders(message, headerEnd, signed);
            long t = clock.instant().getEpochSecond();
            byte[] canonicalHeaders = signed.toByteArray();
            StringBuilder fields = new StringBuilder(512 * keys.size());
            for (Key k : keys) {
                String value = "v=1; a=" + k.type().a + "; c=relaxed/relaxed; d=" + domain.toLowerCase(Locale.ROOT)
                        + "; s=" + k.selector() + ";\r\n\tt=" + t + "; h=" + h + ";\r\n\tbh=" + bh + ";\r\n\tb=";
                byte[] field = ("DKIM-Signature: " + value).getBytes(StandardCharsets.US_ASCII);
                ByteArrayOutputStream data = new ByteArrayOutputStream(canonicalHeaders.length + field.length);
                data.writeBytes(canonicalHeaders);
                Canonical.header(field, 0, field.length, false, data);
                fields.append("DKIM-Signature: ").append(value).append(fold(signature(k, data.toByteArray()))).append("\r\n");
            }
            byte[] prefix = fields.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[prefix.length + message.length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(message, 0, out, prefix.length, message.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DKIM signing for " + domain + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The message with every line ending CRLF (itself when it already is so, as the hub's own writer makes it). */
    static byte[] crlf(byte[] m) {
        int bare = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\r' && i + 1 < m.length && m[i + 1] == '\n') {
                i++;
            } else if (m[i] == '\r' || m[i] == '\n') {
                bare++;
            }
        }
        if (bare == 0) {
            return m;
        }
        byte[] out = new byte[m.length + bare];
        int n = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\r' && i + 1 < m.length && m[i + 1] == '\n') {
                out[n++] = '\r';
                out[n++] = '\n';
                i++;
            } else if (m[i] == '\r' || m[i] == '\n') {
                out[n++] = '\r';
                out[n++] = '\n';
            } else {
                out[n++] = m[i];
            }
        }
        return out;
    }

    /** The canonical form of the signed fields present (the last of each name), and their h= list. */
    private static String signedHeaders(byte[] m, int headerEnd, ByteArrayOutputStream out) {
        Map<String, int[]> last = new LinkedHashMap<>();
        int start = 0;
        while (start < headerEnd) {
            int end = start;
            // a field runs to the CRLF not followed by white space (folded lines continue it)
            while (end < headerEnd) {
                if (m[end] == '\r' && end + 1 < headerEnd && m[end + 1] == '\n'
                        && (end + 2 >= headerEnd || (m[end + 2] != ' ' && m[end + 2] != '\t'))) {
                    break;
                }
                end++;
            }
            String name = Canonical.name(m, start, end);
            if (SIGNED_HEADERS.contains(name)) {
                last.put(name, new int[] {start, end});
            }
            start = end + 2;
        }
        StringBuilder h = new StringBuilder();
        for (String name : SIGNED_HEADERS) {
            int[] span = last.get(name);
            if (span != null) {
                Canonical.header(m, span[0], span[1], true, out);
                h.append(h.length() == 0 ? "" : ":").append(name);
            }
        }
        return h.toString();
    }

    private static String signature(Key k, byte[] data) throws GeneralSecurityException {
        Signature sig;
        if (k.type() == DkimKeys.Type.RSA) {
            sig = Signature.getInstance("SHA256withRSA");
            sig.initSign(k.privateKey());
            sig.update(data);
        } else {
            // RFC 8463: PureEdDSA over the SHA-256 hash of the data
            sig = Signature.getInstance("Ed25519");
            sig.initSign(k.privateKey());
            sig.update(MessageDigest.getInstance("SHA-256").digest(data));
        }
        return Base64.getEncoder().encodeToString(sig.sign());
    }

    /** The b= value in lines of 72 characters, continued with a tab. */
    private static String fold(String b64) {
        StringBuilder out = new StringBuilder(b64.length() + b64.length() / 24);
        for (int i = 0; i < b64.length(); i += 72) {
            if (i > 0) {
                out.append("\r\n\t");
            }
            out.append(b64, i, Math.min(b64.length(), i + 72));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "DKIM for " + domains.keySet();
    }
}
