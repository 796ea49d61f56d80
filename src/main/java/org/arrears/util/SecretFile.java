package org.arrears.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** A random secret generated once and kept in a file readable by its owner only (mode 600). */
public final class SecretFile {

    private SecretFile() {
    }

    /** The secret in the file, or null when there is none yet. */
    public static String read(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.US_ASCII).strip() : null;
    }

    /** A new random secret of 32 bytes, URL-safe base64 (no quotes, spaces or backslashes). */
    public static String generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Writes the secret to the file, owner-only where the file system has POSIX permissions. */
    public static void write(Path file, String secret) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.writeString(tmp, secret, StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The secret in the file, generated and written first if the file does not exist. */
    public static String readOrCreate(Path file) throws IOException {
        String existing = read(file);
        if (existing != null) {
            return existing;
        }
        String secret = generate();
        write(file, secret);
        return secret;
    }
}
