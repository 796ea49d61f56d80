package org.arrears.payments;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.arrears.db.ConnectionFailures;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one bank file from disk to posted payments, whole or not at all: in one transaction it streams the file
 * through the parser into a staging table ({@code COPY}), hashing it on the way; a file that cannot be read, fails
 * validation or fails while it is posted is rolled back and recorded as QUARANTINED with the location and problem;
 * a file whose content was posted before is recorded as DUPLICATE and posts nothing; otherwise {@link PaymentPoster}
 * matches and posts the staged entries and the file is recorded as POSTED with its report, all in the same
 * transaction.
 *
 * <p>Several hub instances (and the CLI) may ingest at once: parsing and staging run in parallel, posting is
 * serialized by a PostgreSQL advisory lock, and the content check happens under that lock.
 *
 * <p>Files are not moved here; {@link PaymentInbox} does that for the inbox.
 */
public final class PaymentIngestor {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentIngestor.class);

    /** What became of a file. */
    public enum Status { POSTED, DUPLICATE, QUARANTINED }

    /**
     * The outcome of one file.
     *
     * @param bankFileId  the file's bank_file row
     * @param report      what posting did (POSTED only)
     * @param error       why the file was rejected (QUARANTINED only)
     * @param duplicateOf the bank_file row that posted the same content before (DUPLICATE only)
     */
    public record Ingestion(Status status, long bankFileId, String fileName, String sha256, PostingReport report,
                            BankFileException error, Long duplicateOf) {

        /** One line for logs. */
        public String summary() {
            return switch (status) {
                case POSTED -> fileName + ": posted as bank file " + bankFileId + ": " + report.count("entries")
                        + " entries, " + report.matchedTotal() + " matched, " + report.count("suspense")
                        + " in suspense, " + report.count("returned") + " returned";
                case DUPLICATE -> fileName + ": content already posted as bank file " + duplicateOf + "; nothing posted";
                case QUARANTINED -> fileName + ": quarantined: " + error.getMessage();
            };
        }
    }

    private final DataSource ds;
    private final PaymentPoster poster;
    private final ParseOptions options;

    /** The poster, for manual matches of payments on the suspense list. */
    public PaymentPoster poster() {
        return poster;
    }

    public PaymentIngestor(DataSource ds, PaymentPoster poster, ParseOptions options) {
        this.ds = ds;
        this.poster = poster;
        this.options = options;
    }

    public ParseOptions options() {
        return options;
    }

    /**
     * Ingests one file. Whatever goes wrong with the file itself, while it is read or while it is posted (a value
     * the database refuses, a failing write-back statement, even an {@link Error} such as running out of memory),
     * rejects that file: nothing of it is posted, it is recorded as QUARANTINED with the problem, and the
     * connection is given back clean (an unfinished COPY ended, the transaction and its lock rolled back, or the
     * connection closed when that fails), so the next file is posted as usual.
     *
     * @throws SQLException when the database is away or busy (connection lost, out of resources, deadlock):
     *                      nothing of the file is posted and it may be tried again
     * @throws IOException  when the file does not exist or cannot be read (nothing is recorded)
     */
    public Ingestion ingest(Path file) throws SQLException, IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        poster.checkReady();
        BankFileException rejection;
        try (Connection c = ds.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            Attempt a = attempt(c, file, name);
            if (a.usable) {
                c.setAutoCommit(autoCommit);
            }
            if (a.ingestion != null) {
                return a.ingestion;
            }
            rejection = a.rejection;
        }
        return quarantine(file, name, rejection);
    }

    /** What one attempt came to: an outcome, or a rejection still to be recorded; and whether the connection is usable. */
    private record Attempt(Ingestion ingestion, BankFileException rejection, boolean usable) {
    }

    private Attempt attempt(Connection c, Path file, String name) throws SQLException, IOException {
        MessageDigest digest = sha256();
        BankFormat format;
        StagingWriter staging = null;
        long started = System.nanoTime();
        try {
            try (Statement s = c.createStatement()) {
                // room for the joins and sorts over a large file's staging rows, for this transaction only
                s.execute("SET LOCAL work_mem = '256MB'");
                s.execute(StagingWriter.CREATE_TABLE);
            }
            staging = new StagingWriter(c.unwrap(PGConnection.class).getCopyAPI(), name);
            try (InputStream in = new BufferedInputStream(new DigestInputStream(Files.newInputStream(file), digest), 1 << 16)) {
                try {
                    format = BankFiles.parse(new KeepOpen(in), name, staging, options);
                } catch (StagingWriter.StagingException e) {
                    throw e.sqlException();
                } catch (StagingWriter.Rejected e) {
                    throw e.error();
                }
                in.transferTo(OutputStream.nullOutputStream()); // whatever follows the document still counts
            }
            staging.finish();
            LOG.debug("{}: parsed and staged {} entries in {} ms", name, staging.entries(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (BankFileException e) {
            return new Attempt(null, e, cleanUp(c, staging));
        } catch (Throwable e) {
            boolean usable = cleanUp(c, staging);
            if (retryLater(e)) {
                throw e;
            }
            return new Attempt(null, failure(name, "reading", e), usable);
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        try {
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE pay_stage");
            }
            PaymentPoster.lock(c);
            Long previous = postedBefore(c, sha);
            if (previous != null) {
                c.rollback();
                long id = record(c, name, sha, format.name(), "DUPLICATE", null, null, previous);
                c.commit();
                LOG.info("{}: same content as bank file {}; nothing posted", name, previous);
                return new Attempt(new Ingestion(Status.DUPLICATE, id, name, sha, null, null, previous), null, true);
            }
            long id = record(c, name, sha, format.name(), "POSTED", null, null, null);
            PostingReport report = poster.post(c, id, new PostingReport(name, format.name(), sha, id, staging.statements()));
            report.add("entries", staging.entries());
            try (PreparedStatement ps = c.prepareStatement("UPDATE bank_file SET report = ?::jsonb WHERE id = ?")) {
                ps.setString(1, report.toJson());
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            c.commit();
            return new Attempt(new Ingestion(Status.POSTED, id, name, sha, report, null, null), null, true);
        } catch (Throwable e) {
            boolean usable = cleanUp(c, null);
            if (retryLater(e)) {
                throw e;
            }
            return new Attempt(null, failure(name, "posting", e), usable);
        }
    }

    /**
     * Gives the connection back clean: ends an unfinished COPY (the connection accepts nothing else until then) and
     * rolls back, which also releases the posting lock. When that fails the connection is closed, so the pool
     * drops it and the server ends its transaction. Never throws.
     *
     * @return whether the connection can still be used
     */
    private static boolean cleanUp(Connection c, StagingWriter staging) {
        try {
            if (staging == null || staging.abort()) {
                c.rollback();
                return true;
            }
        } catch (Throwable e) {
            LOG.debug("rollback after a failed bank file did not succeed; closing the connection", e);
        }
        try {
            c.abort(Runnable::run);
        } catch (Throwable ignored) {
            // the connection is gone either way
        }
        return false;
    }

    /**
     * A failure that is no fault of the file: the database is away, out of resources or in a deadlock, the file
     * was taken or removed meanwhile, or the hub is stopping. The file is tried again later.
     */
    private static boolean retryLater(Throwable e) {
        if (e instanceof IOException || Thread.currentThread().isInterrupted()
                || ConnectionFailures.isConnectionFailure(e)) {
            return true;
        }
        if (e instanceof SQLException s && s.getSQLState() != null) {
            String state = s.getSQLState();
            return state.startsWith("53") || state.equals("40001") || state.equals("40P01") || state.equals("55P03")
                    || state.equals("57014");
        }
        return false;
    }

    /** A failure while reading or posting a file, as the rejection of that file. */
    private static BankFileException failure(String name, String phase, Throwable e) {
        String problem;
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            problem = "the database refused the file while " + phase + " it: " + m.getMessage()
                    + (m.getWhere() == null ? "" : " (" + m.getWhere() + ")");
        } else if (e instanceof SQLException) {
            problem = "the database refused the file while " + phase + " it: " + e.getMessage();
        } else {
            problem = "the file could not be processed (" + phase + " it failed with " + e + ")";
        }
        LOG.debug("{}: failure while {} it", name, phase, e);
        return new BankFileException(name, "", problem, e);
    }

    /** Parsers may close what they read; the rest of the file must still be hashed after them. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller closes the underlying stream
        }
    }

    /** Records a rejected file as QUARANTINED, on a connection of its own (the file's may have been closed). */
    private Ingestion quarantine(Path file, String name, BankFileException e) throws SQLException {
        String sha = null;
        if (Files.isRegularFile(file)) {
            try {
                sha = hash(file);
            } catch (IOException ignored) {
                // unreadable: recorded without a hash
            }
        }
        String report = "{\"file\": " + quote(name) + ", \"location\": " + quote(e.location()) + ", \"problem\": "
                + quote(e.problem()) + "}";
        long id;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            id = record(c, name, sha == null ? "" : sha, null, "QUARANTINED", report, e.getMessage(), null);
        }
        LOG.warn("{}: rejected, nothing posted: {}", BankFileException.bounded(name, BankFileException.MAX_NAME),
                e.getMessage());
        return new Ingestion(Status.QUARANTINED, id, name, sha, null, e, null);
    }

    private static Long postedBefore(Connection c, String sha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM bank_file WHERE content_sha256 = ? AND status = 'POSTED'")) {
            ps.setString(1, sha);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static long record(Connection c, String name, String sha, String format, String status, String reportJson,
                               String error, Long duplicateOf) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO bank_file (file_name, content_sha256, format, status, report, error, duplicate_of)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?) RETURNING id""")) {
            ps.setString(1, name);
            ps.setString(2, sha);
            ps.setString(3, format);
            ps.setString(4, status);
            ps.setString(5, reportJson);
            ps.setString(6, error);
            ps.setObject(7, duplicateOf);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The SHA-256 of a file's content, in lower-case hex. */
    public static String hash(Path file) throws IOException {
        MessageDigest d = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
