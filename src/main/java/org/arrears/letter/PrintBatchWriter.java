package org.arrears.letter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.arrears.util.Sha256;

/**
 * Writes a print batch to the print vendor's outbox folder: {@code <batch>.pdf} (every letter, in order),
 * {@code <batch>.csv} and {@code <batch>.json} (the manifest: one row per letter) and last {@code <batch>.done}
 * (counts and the PDF's SHA-256). Each file is written under a temporary name ({@code .<name>.tmp}) and renamed
 * into place, the marker after the rest, so a vendor that picks up batches by their {@code .done} file never
 * reads a partial one. A batch that fails part way removes the files it had already renamed into place, so it
 * leaves nothing behind and never a marker.
 *
 * <p>Duplex batches start every letter on a new sheet: a letter with an odd number of pages is followed by a
 * blank page in the batch PDF, which the manifest's {@code first_page} accounts for.
 */
public final class PrintBatchWriter {

    /** Printed on one side of each sheet or on both. */
    public enum Sides {
        SIMPLEX, DUPLEX;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One letter of a batch, with the postage class the vendor applies (for instance {@code first-class}). */
    public record Entry(Recipient recipient, RenderedLetter letter, String postageClass) {
        public Entry {
            if (postageClass == null || !postageClass.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("print batch: letter " + (letter == null ? "?" : letter.communicationId())
                        + " has postage class '" + postageClass + "': use lower-case letters, digits and dashes");
            }
        }
    }

    /** A manifest row. {@code firstPage} is the letter's first page in the batch PDF, counting from 1. */
    public record Row(long communicationId, String recipient, String country, int pages, int sheets,
                      String postageClass, String sides, int firstPage) {
    }

    /** What was written: the four files, the manifest rows and the batch's totals. */
    public record Batch(String id, Path pdf, Path csv, Path json, Path done, List<Row> rows, int pages, int sheets) {
    }

    static final List<String> COLUMNS = List.of("communication_id", "recipient", "country", "pages", "sheets",
            "postage_class", "sides", "first_page");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What the vendor prints on the envelope besides the recipient (COMPLIANCE R14: a name that does not indicate
     * debt collection, checked by {@link LetterSettings#from}), listed in the JSON manifest as {@code envelope}.
     */
    public record Envelope(String returnName, String returnAddress) {
    }

    private final Path outbox;
    private final Sides sides;
    private final Envelope envelope;

    public PrintBatchWriter(Path outbox, Sides sides) {
        this(outbox, sides, null);
    }

    /** @param envelope the return name and address for the manifest, or null for none */
    public PrintBatchWriter(Path outbox, Sides sides, Envelope envelope) {
        this.outbox = outbox;
        this.sides = sides;
        this.envelope = envelope;
    }

    public Path outbox() {
        return outbox;
    }

    /**
     * Writes the batch. The id becomes the file names: letters, digits, dots, dashes and underscores, not starting
     * with a dot. A batch whose files already exist is refused, so a batch is never overwritten.
     */
    public Batch write(String batchId, List<Entry> letters) throws IOException {
        if (batchId == null || !batchId.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("print batch id '" + batchId
                    + "' must be letters, digits, dots, dashes and underscores, not starting with a dot");
        }
        if (letters.isEmpty()) {
            throw new IllegalArgumentException("print batch " + batchId + " has no letters");
        }
        Path pdf = outbox.resolve(batchId + ".pdf");
        Path csv = outbox.resolve(batchId + ".csv");
        Path json = outbox.resolve(batchId + ".json");
        Path done = outbox.resolve(batchId + ".done");
        for (Path p : List.of(pdf, csv, json, done)) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString(), null, "print batch " + batchId + " is already in the outbox");
            }
        }
        Files.createDirectories(outbox);

        List<Row> rows = new ArrayList<>(letters.size());
        byte[] pdfBytes = merge(letters, rows);
        int pages = rows.stream().mapToInt(Row::pages).sum();
        int sheets = rows.stream().mapToInt(Row::sheets).sum();

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("batch", batchId);
        manifest.put("pdf", pdf.getFileName().toString());
        manifest.put("pdf_sha256", Sha256.hex(pdfBytes));
        manifest.put("sides", sides.label());
        manifest.put("letter_count", rows.size());
        manifest.put("pages", pages);
        manifest.put("sheets", sheets);
        if (envelope != null) {
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("return_name", envelope.returnName());
            env.put("return_address", envelope.returnAddress() == null ? "" : envelope.returnAddress());
            manifest.put("envelope", env);
        }
        List<Map<String, Object>> jsonRows = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("communication_id", r.communicationId());
            m.put("recipient", r.recipient());
            m.put("country", r.country());
            m.put("pages", r.pages());
            m.put("sheets", r.sheets());
            m.put("postage_class", r.postageClass());
            m.put("sides", r.sides());
            m.put("first_page", r.firstPage());
            jsonRows.add(m);
        }
        manifest.put("letters", jsonRows);

        List<Path> written = new ArrayList<>(4);
        try {
            writeAtomically(pdf, pdfBytes, written);
            writeAtomically(csv, csv(rows).getBytes(StandardCharsets.UTF_8), written);
            writeAtomically(json, JSON.writeValueAsBytes(manifest), written);
            writeAtomically(done, ("letters=" + rows.size() + "\npages=" + pages + "\nsheets=" + sheets
                    + "\npdf_sha256=" + manifest.get("pdf_sha256") + "\n").getBytes(StandardCharsets.US_ASCII), written);
        } catch (IOException | RuntimeException e) {
            for (Path p : written) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return new Batch(batchId, pdf, csv, json, done, List.copyOf(rows), pages, sheets);
    }

    /**
     * Appends each letter to the batch document and closes it at once: the merger copies every object it takes
     * (content streams, fonts) into the batch, so a batch of 200 letters never holds 200 parsed letters at a time.
     */
    private byte[] merge(List<Entry> letters, List<Row> rows) throws IOException {
        try (PDDocument batch = new PDDocument()) {
            PDFMergerUtility merger = new PDFMergerUtility();
            int nextPage = 1;
            for (Entry e : letters) {
                int pages;
                int padded;
                try (PDDocument src = load(e)) {
                    pages = src.getNumberOfPages();
                    PDPage last = src.getPage(pages - 1);
                    merger.appendDocument(batch, src);
                    padded = pages;
                    if (sides == Sides.DUPLEX && pages % 2 == 1) {
                        batch.addPage(new PDPage(last.getMediaBox()));
                        padded++;
                    }
                }
                int sheets = sides == Sides.DUPLEX ? padded / 2 : pages;
                rows.add(new Row(e.letter().communicationId(), e.recipient().name(), e.recipient().country(), pages,
                        sheets, e.postageClass(), sides.label(), nextPage));
                nextPage += padded;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            batch.save(out);
            return out.toByteArray();
        }
    }

    private static PDDocument load(Entry e) throws IOException {
        try {
            return Loader.loadPDF(e.letter().pdf());
        } catch (IOException ex) {
            throw new IOException("print batch: letter " + e.letter().communicationId() + " is not a readable PDF: "
                    + ex.getMessage(), ex);
        }
    }

    static String csv(List<Row> rows) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (Row r : rows) {
            out.append(r.communicationId()).append(',').append(field(r.recipient())).append(',').append(r.country())
                    .append(',').append(r.pages()).append(',').append(r.sheets()).append(',').append(r.postageClass())
                    .append(',').append(r.sides()).append(',').append(r.firstPage()).append("\r\n");
        }
        return out.toString();
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    private static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static void writeAtomically(Path target, byte[] content, List<Path> written) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            written.add(target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
