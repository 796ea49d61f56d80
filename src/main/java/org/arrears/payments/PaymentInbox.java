package org.arrears.payments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.arrears.metrics.HubMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payments inbox: ingests a file dropped there and moves it out, to the processed folder when it was posted
 * (or was a duplicate), to the quarantine folder with an error report beside it ({@code <name>.error.txt}: file,
 * location, problem) when it was rejected, whether while it was read or while it was posted. A file that meets a
 * database that is away or busy stays in the inbox and is tried again later; it is never moved before its outcome
 * is committed. {@link #health()} tells what the inbox is doing (the file in hand and since when, the last outcomes).
 *
 * <p>The payments-inbox route calls {@link #process(String)} with the path of each file it picked up; the CLI uses
 * {@link #ingestFile(Path)}, which leaves the given file where it is and copies a rejected one to quarantine.
 */
public final class PaymentInbox {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentInbox.class);

    private final PaymentIngestor ingestor;
    private final Path inbox;
    private final Path processed;
    private final Path quarantine;
    private final Clock clock;
    private final HubMetrics metrics;
    private final PaymentsInboxHealth health;

    public PaymentInbox(PaymentIngestor ingestor, Path inbox, Path processed, Path quarantine, Clock clock,
                        HubMetrics metrics, Duration stuckAfter) {
        this.ingestor = ingestor;
        this.metrics = metrics;
        this.inbox = inbox;
        this.processed = processed;
        this.quarantine = quarantine;
        this.clock = clock;
        this.health = new PaymentsInboxHealth(clock, stuckAfter);
    }

    /** What the inbox is doing, for the health check. */
    public PaymentsInboxHealth health() {
        return health;
    }

    public Path inbox() {
        return inbox;
    }

    public Path processed() {
        return processed;
    }

    public Path quarantine() {
        return quarantine;
    }

    public PaymentIngestor ingestor() {
        return ingestor;
    }

    /**
     * Ingests a file of the inbox and moves it to processed or quarantine; returns a line for the log.
     *
     * @throws SQLException on a database failure: the file stays in the inbox
     */
    public String process(String path) throws SQLException, IOException {
        Path file = Path.of(path);
        String name = file.getFileName() == null ? path : file.getFileName().toString();
        health.started(name);
        PaymentsInboxHealth.Outcome outcome = PaymentsInboxHealth.Outcome.RETRY;
        String detail = "not finished; the file stays in the inbox";
        try {
            PaymentIngestor.Ingestion r;
            try {
                r = counted(ingestor.ingest(file));
            } catch (NoSuchFileException e) {
                detail = "no longer in the inbox (taken by another instance)";
                return path + ": " + detail;
            }
            if (r.status() == PaymentIngestor.Status.QUARANTINED) {
                Path target = moveOut(file, quarantine, "quarantine", r.bankFileId());
                writeErrorReport(target, r);
                outcome = PaymentsInboxHealth.Outcome.QUARANTINED;
                detail = r.error().getMessage();
            } else {
                moveOut(file, processed, "processed", r.bankFileId());
                outcome = r.status() == PaymentIngestor.Status.POSTED ? PaymentsInboxHealth.Outcome.POSTED
                        : PaymentsInboxHealth.Outcome.DUPLICATE;
                detail = null;
            }
            if (r.status() == PaymentIngestor.Status.POSTED) {
                LOG.info(r.summary()); // a duplicate or rejected file has had its line from the ingestor
            }
            return r.summary();
        } catch (SQLException | IOException | RuntimeException | Error e) {
            detail = "not finished, the file stays in the inbox: " + BankFileException.bounded(String.valueOf(
                    e.getMessage()), BankFileException.MAX_PROBLEM);
            throw e;
        } finally {
            health.finished(name, outcome, detail);
        }
    }

    /**
     * Ingests a file from anywhere (the CLI). The file stays where it is; a rejected file is also copied to the
     * quarantine folder with its error report, so the quarantine folder holds every rejected file.
     */
    public PaymentIngestor.Ingestion ingestFile(Path file) throws SQLException, IOException {
        PaymentIngestor.Ingestion r = counted(ingestor.ingest(file));
        if (r.status() == PaymentIngestor.Status.QUARANTINED) {
            Files.createDirectories(quarantine);
            Path target = free(quarantine, file.getFileName().toString(), r.bankFileId());
            Files.copy(file, target);
            writeErrorReport(target, r);
        }
        return r;
    }

    /** Counts a file whose outcome is committed, with its entries when it was posted. */
    private PaymentIngestor.Ingestion counted(PaymentIngestor.Ingestion r) {
        metrics.bankFile(r.status().name(), r.status() == PaymentIngestor.Status.POSTED ? r.report().count("entries") : 0);
        return r;
    }

    /** The error report written beside a quarantined file. */
    public static Path errorReportOf(Path quarantined) {
        return quarantined.resolveSibling(quarantined.getFileName() + ".error.txt");
    }

    private void writeErrorReport(Path target, PaymentIngestor.Ingestion r) throws IOException {
        BankFileException e = r.error();
        String text = "Bank file rejected: nothing of it was posted.\n"
                + "file:      " + e.fileName() + "\n"
                + "location:  " + (e.location() == null || e.location().isEmpty() ? "(the whole file)" : e.location()) + "\n"
                + "problem:   " + e.problem() + "\n"
                + "sha256:    " + (r.sha256() == null ? "(unreadable)" : r.sha256()) + "\n"
                + "bank file: " + r.bankFileId() + " (status QUARANTINED)\n"
                + "received:  " + clock.instant() + "\n"
                + "To post it, fix or replace the file and drop it into the inbox again.\n";
        Files.writeString(errorReportOf(target), text, StandardCharsets.UTF_8);
    }

    /**
     * Moves a file of the inbox into the processed or quarantine folder; a folder that cannot be written makes the
     * inbox DOWN with a clear error naming it, and the file stays in the inbox to be tried again.
     */
    private Path moveOut(Path file, Path folder, String which, long id) throws IOException {
        try {
            Path target = moveInto(file, folder, id);
            health.folder(null);
            return target;
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            String problem = "cannot write to the " + which + " folder " + folder + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + "; " + file.getFileName() + " stays in the inbox";
            health.folder(problem);
            throw new IOException(problem, e);
        }
    }

    /** Moves a file into a folder under its own name, or under "id-name" when that name is taken. */
    private static Path moveInto(Path file, Path folder, long id) throws IOException {
        Files.createDirectories(folder);
        Path target = free(folder, file.getFileName().toString(), id);
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target);
        }
        return target;
    }

    private static Path free(Path folder, String name, long id) {
        Path target = folder.resolve(name);
        if (Files.exists(target) || Files.exists(errorReportOf(target))) {
            target = folder.resolve(id + "-" + name);
        }
        return target;
    }
}
