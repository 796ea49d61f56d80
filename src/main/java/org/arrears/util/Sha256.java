package org.arrears.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex: evidence hashes of sent messages, and short version hashes of policies and templates. */
public final class Sha256 {

    private Sha256() {
    }

    public static String hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The first {@code chars} hex characters of the hash of the text's UTF-8 bytes. */
    public static String shortHex(String text, int chars) {
        return hex(text.getBytes(StandardCharsets.UTF_8)).substring(0, chars);
    }
}
