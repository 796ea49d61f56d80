package org.arrears.email.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

/**
 * DKIM keys: private keys read from a PEM (PKCS#8) file or environment variable, and the public keys of DKIM DNS
 * records ({@code k=rsa}: a SubjectPublicKeyInfo; {@code k=ed25519}: the raw 32 bytes, RFC 8463). Error messages
 * name the setting and the file or variable, never a byte of the key.
 */
public final class DkimKeys {

    /** The DKIM key types. */
    public enum Type {
        RSA("rsa", "rsa-sha256", "RSA"), ED25519("ed25519", "ed25519-sha256", "Ed25519");

        final String k;
        final String a;
        final String jca;

        Type(String k, String a, String jca) {
            this.k = k;
            this.a = a;
            this.jca = jca;
        }

        /** The {@code k=} tag of the DNS record. */
        public String tag() {
            return k;
        }
    }

    /** The DER prefix that makes a raw Ed25519 public key a SubjectPublicKeyInfo (RFC 8410). */
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");

    private DkimKeys() {
    }

    /**
     * The private key of {@code prefix + "key-file"} or {@code prefix + "key-env"} (exactly one set), or null when
     * neither is.
     */
    static PrivateKey read(Settings s, Function<String, String> env, String prefix, Type type) {
        String fileKey = prefix + "key-file";
        String envKey = prefix + "key-env";
        String file = s.get(fileKey);
        String var = s.get(envKey);
        if (file != null && var != null) {
            throw new ConfigException(s.origin() + ": settings '" + fileKey + "' and '" + envKey
                    + "' are both set: give the DKIM key one way");
        }
        if (file == null && var == null) {
            return null;
        }
        String pem;
        String where;
        String setting;
        if (file != null) {
            setting = fileKey;
            where = "file " + file;
            try {
                pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(s.origin() + ": setting '" + fileKey + "': cannot read the DKIM key file "
                        + file + " (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            setting = envKey;
            where = "environment variable " + var;
            pem = env.apply(var);
            if (pem == null || pem.isBlank()) {
                throw new ConfigException(s.origin() + ": setting '" + envKey + "': environment variable " + var
                        + " is not set or empty");
            }
        }
        try {
            return parse(pem, type);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin() + ": setting '" + setting + "': the " + where + " " + e.getMessage());
        }
    }

    /** A PEM PKCS#8 private key of the type; the message of the exception never quotes the text. */
    static PrivateKey parse(String pem, Type type) {
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN OPENSSH PRIVATE KEY")
                || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalArgumentException("holds a key in a legacy format: convert it to PKCS#8 "
                    + "(openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem)");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("is not a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not valid base64 inside its PEM markers");
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(type.jca).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("is not an " + type.jca + " private key");
        }
        if (key instanceof RSAPrivateCrtKey rsa && rsa.getModulus().bitLength() < 1024) {
            throw new IllegalArgumentException("is an RSA key of " + rsa.getModulus().bitLength()
                    + " bits: DKIM needs at least 1024 (RFC 8301), 2048 is usual");
        }
        return key;
    }

    /** A private key's PKCS#8 encoding as PEM text, the form {@link #read} takes. */
    public static String pem(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** The public key of a DKIM record's {@code p=} value. */
    public static PublicKey publicKey(Type type, String p) throws GeneralSecurityException {
        byte[] raw = Base64.getMimeDecoder().decode(p.replaceAll("\\s", ""));
        if (type == Type.ED25519) {
            if (raw.length != 32) {
                throw new GeneralSecurityException("an Ed25519 DKIM key is 32 bytes, this one is " + raw.length);
            }
            byte[] spki = new byte[ED25519_SPKI.length + 32];
            System.arraycopy(ED25519_SPKI, 0, spki, 0, ED25519_SPKI.length);
            System.arraycopy(raw, 0, spki, ED25519_SPKI.length, 32);
            raw = spki;
        }
        return KeyFactory.getInstance(type.jca).generatePublic(new X509EncodedKeySpec(raw));
    }

    /** The {@code p=} value to publish for a public key (as it is for RSA; its last 32 bytes for Ed25519). */
    public static String dnsValue(PublicKey key) {
        byte[] spki = key.getEncoded();
        if ("Ed25519".equalsIgnoreCase(key.getAlgorithm()) || "EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
            byte[] raw = new byte[32];
            System.arraycopy(spki, spki.length - 32, raw, 0, 32);
            return Base64.getEncoder().encodeToString(raw);
        }
        return Base64.getEncoder().encodeToString(spki);
    }

    /** The RSA public key of an RSA private key (for printing the record to publish); null for other keys. */
    public static PublicKey rsaPublic(PrivateKey key) throws GeneralSecurityException {
        if (key instanceof RSAPrivateCrtKey rsa) {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        }
        return null;
    }

    /** True when a signature made with the private key verifies with the public key: the two are one pair. */
    public static boolean pair(Type type, PrivateKey privateKey, PublicKey publicKey) {
        byte[] probe = "arrears dkim key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(type == Type.RSA ? "SHA256withRSA" : "Ed25519");
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(type == Type.RSA ? "SHA256withRSA" : "Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
