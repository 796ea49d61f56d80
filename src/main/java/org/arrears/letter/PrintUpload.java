package org.arrears.letter;

import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the print-upload route needs besides the SFTP endpoint: which files make up a finished batch (picked by its
 * {@code .done} marker) in the order they are uploaded, the PDF, the CSV and JSON manifests and last the marker; and
 * moving them to {@code sent/} once all four are on the vendor's server. Without {@code arrears.letter.sftp.host}
 * the upload is off and the route is not started.
 */
public final class PrintUpload {

    private static final Logger LOG = LoggerFactory.getLogger(PrintUpload.class);
    private static final List<String> ORDER = List.of(".pdf", ".csv", ".json", ".done");

    private final boolean enabled;
    private final Path outbox;
    private final Path sent;
    private final String host;

    private PrintUpload(boolean enabled, Path outbox, String host) {
        this.enabled = enabled;
        this.outbox = outbox;
        this.sent = outbox.resolve("sent");
        this.host = host;
    }

    /**
     * Reads {@code arrears.letter.sftp.*}: with a host, a user, a known_hosts file holding the vendor's host key, and a
     * password or private key file are required (each missing one fails naming its key).
     */
    public static PrintUpload from(Settings s, LetterSettings letters) {
        String p = "arrears.letter.sftp.";
        String host = s.get(p + "host");
        if (host == null) {
            return new PrintUpload(false, letters.outbox(), null);
        }
        s.getPositiveInt(p + "port", 22);
        s.require(p + "user");
        String knownHosts = s.require(p + "known-hosts");
        if (!Files.isRegularFile(Path.of(knownHosts))) {
            throw new ConfigException(s.origin() + ": setting '" + p + "known-hosts' names " + knownHosts
                    + ", which is not a file: it must be an OpenSSH known_hosts file with the print vendor's host key");
        }
        String key = s.get(p + "private-key-file");
        if (key == null && s.get(p + "password") == null) {
            throw new ConfigException(s.origin() + ": SFTP upload to " + host + " needs '" + p + "password' or '" + p
                    + "private-key-file'");
        }
        if (key != null && !Files.isReadable(Path.of(key))) {
            throw new ConfigException(s.origin() + ": setting '" + p + "private-key-file' names " + key
                    + ", which cannot be read");
        }
        return new PrintUpload(true, letters.outbox(), host);
    }

    public boolean enabled() {
        return enabled;
    }

    public Path outbox() {
        return outbox;
    }

    public Path sent() {
        return sent;
    }

    /** The batch's files in upload order: PDF, CSV, JSON, and last the marker; a missing one throws naming it. */
    public List<File> files(String donePath) {
        List<File> out = new ArrayList<>(4);
        for (Path f : batchFiles(Path.of(donePath))) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalStateException("print batch " + f.getParent().relativize(f) + " is missing beside its "
                        + Path.of(donePath).getFileName() + " marker: the batch is not uploaded");
            }
            out.add(f.toFile());
        }
        return out;
    }

    /** Moves the uploaded batch's files to sent/, the marker last; returns a line for the log. */
    public String sent(String donePath) throws IOException {
        Files.createDirectories(sent);
        List<Path> files = batchFiles(Path.of(donePath));
        for (Path f : files) {
            Path target = sent.resolve(f.getFileName());
            try {
                Files.move(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String line = "print batch " + batchId(Path.of(donePath)) + " uploaded to " + host + " and moved to " + sent;
        LOG.info(line);
        return line;
    }

    private static String batchId(Path done) {
        String n = done.getFileName().toString();
        return n.substring(0, n.length() - ".done".length());
    }

    private static List<Path> batchFiles(Path done) {
        String id = batchId(done);
        return ORDER.stream().map(ext -> done.resolveSibling(id + ext)).toList();
    }
}
