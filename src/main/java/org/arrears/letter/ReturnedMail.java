package org.arrears.letter;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.arrears.compliance.Channel;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.outreach.Receipt;
import org.arrears.outreach.ReceiptSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returned mail: a print vendor's CSV file of letters it could not deliver becomes one UNDELIVERABLE
 * {@link Receipt} per row (channel LETTER, source RETURNED_MAIL, the vendor's reason as detail), applied by the
 * {@link ReceiptSink} in one transaction: the letter becomes BOUNCED, its contact point RETURNED, and its step falls
 * back to the next channel. The whole file is read before anything is applied, so a malformed file changes nothing:
 * it is moved to the quarantine folder with {@code <name>.error.txt} naming the line and the problem. A processed
 * file is moved to the processed folder. A database failure leaves the file in the inbox for the next poll.
 */
public final class ReturnedMail {

    private static final Logger LOG = LoggerFactory.getLogger(ReturnedMail.class);
    static final String SOURCE = "RETURNED_MAIL";
    private static final int MAX_DETAIL = 200;

    /** Where the fields are: a header name each (header=true), or a column number from 1 (header=false). */
    public record Layout(char delimiter, boolean header, DateTimeFormatter dateFormat, String communicationId,
                         String batch, String sequence, String reason, String date) {

        /** Reads {@code arrears.letter.returned-mail.*}; a layout that names no message column fails naming the key. */
        public static Layout from(Settings s) {
            String p = "arrears.letter.returned-mail.";
            String delimiter = s.get(p + "delimiter", ",");
            if (delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab")) {
                delimiter = "\t";
            }
            if (delimiter.length() != 1 || delimiter.equals("\"")) {
                throw new ConfigException(s.origin() + ": setting '" + p + "delimiter' must be one character (or tab), got '"
                        + delimiter + "'");
            }
            DateTimeFormatter date;
            try {
                date = DateTimeFormatter.ofPattern(s.get(p + "date-format", "yyyy-MM-dd"), Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.origin() + ": setting '" + p + "date-format' is not a date pattern: " + e.getMessage(), e);
            }
            boolean header = s.getBoolean(p + "header", true);
            String comm = s.get(p + "column.communication-id");
            String batch = s.get(p + "column.batch");
            String seq = s.get(p + "column.sequence");
            if (comm == null && (batch == null || seq == null)) {
                throw new ConfigException(s.origin() + ": setting '" + p + "column.communication-id' is empty: a returned "
                        + "letter is named by its communication id, or by '" + p + "column.batch' and '" + p
                        + "column.sequence' together");
            }
            if ((batch == null) != (seq == null)) {
                throw new ConfigException(s.origin() + ": settings '" + p + "column.batch' and '" + p
                        + "column.sequence' go together: set both or neither");
            }
            Layout l = new Layout(delimiter.charAt(0), header, date, comm, batch, seq, s.get(p + "column.reason"),
                    s.get(p + "column.date"));
            if (!header) {
                for (Map.Entry<String, String> c : l.columns().entrySet()) {
                    if (c.getValue() != null && !c.getValue().matches("[1-9][0-9]{0,2}")) {
                        throw new ConfigException(s.origin() + ": setting '" + p + "column." + c.getKey() + "' must be a column "
                                + "number from 1 when " + p + "header is false, got '" + c.getValue() + "'");
                    }
                }
            }
            return l;
        }

        private Map<String, String> columns() {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            m.put("communication-id", communicationId);
            m.put("batch", batch);
            m.put("sequence", sequence);
            m.put("reason", reason);
            m.put("date", date);
            return m;
        }
    }

    /** A file that cannot be read as the layout says: the line (from 1) and the problem. */
    public static final class MalformedFileException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedFileException(String file, long line, String problem) {
            super(file + ": line " + line + ": " + problem);
        }
    }

    private final Layout layout;
    private final ReceiptSink sink;
    private final Path inbox;
    private final Path processed;
    private final Path quarantine;
    private final Clock clock;

    public ReturnedMail(Layout layout, ReceiptSink sink, Path inbox, Clock clock) {
        this.layout = layout;
        this.sink = sink;
        this.inbox = inbox;
        this.processed = inbox.resolve("processed");
        this.quarantine = inbox.resolve("quarantine");
        this.clock = clock;
    }

    /** The returned-mail inbox as configured (empty: {@code ${arrears.data-dir}/inbox/returned-mail}). */
    public static ReturnedMail from(Settings s, ReceiptSink sink, Clock clock) {
        Path inbox = s.get("arrears.letter.returned-mail.inbox") != null ? Path.of(s.get("arrears.letter.returned-mail.inbox"))
                : Path.of(s.get("arrears.data-dir", "data"), "inbox", "returned-mail");
        return new ReturnedMail(Layout.from(s), sink, inbox, clock);
    }

    public Path inbox() {
        return inbox;
    }

    /** Applies a file of the inbox and moves it to processed (or quarantine); returns a line for the log. */
    public String process(String path) throws IOException {
        Path file = Path.of(path);
        String name = file.getFileName().toString();
        List<Receipt> receipts;
        try {
            receipts = read(name, Files.readAllBytes(file));
        } catch (MalformedFileException e) {
            Path target = moveInto(file, quarantine);
            Files.writeString(target.resolveSibling(target.getFileName() + ".error.txt"), e.getMessage() + "\n",
                    StandardCharsets.UTF_8);
            LOG.warn("returned mail {} quarantined, nothing applied: {}", name, e.getMessage());
            return "returned mail " + name + ": quarantined (" + e.getMessage() + ")";
        }
        ReceiptSink.Applied applied = sink.apply(receipts);
        moveInto(file, processed);
        String line = "returned mail " + name + ": " + receipts.size() + " letters, " + applied.undeliverable()
                + " bounced, " + (receipts.size() - applied.undeliverable() - applied.unmatched())
                + " already bounced, " + applied.unmatched() + " naming no letter";
        if (applied.unmatched() > 0) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
        return line;
    }

    /** The file's receipts; the first problem throws naming the line. */
    List<Receipt> read(String name, byte[] content) throws MalformedFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFileException(name, 1, "the file is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Record> records = records(name, text);
        int comm;
        int batch;
        int seq;
        int reason;
        int date;
        int first = 0;
        if (layout.header()) {
            if (records.isEmpty()) {
                throw new MalformedFileException(name, 1, "the file has no header line");
            }
            List<String> header = records.get(0).fields().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
            long hl = records.get(0).line();
            comm = column(name, hl, header, layout.communicationId());
            batch = column(name, hl, header, layout.batch());
            seq = column(name, hl, header, layout.sequence());
            reason = column(name, hl, header, layout.reason());
            date = column(name, hl, header, layout.date());
            first = 1;
        } else {
            comm = index(layout.communicationId());
            batch = index(layout.batch());
            seq = index(layout.sequence());
            reason = index(layout.reason());
            date = index(layout.date());
        }
        List<Receipt> out = new ArrayList<>();
        for (Record r : records.subList(first, records.size())) {
            List<String> f = r.fields();
            if (f.stream().allMatch(String::isBlank)) {
                continue;
            }
            long line = r.line();
            String commValue = field(f, comm);
            Long communicationId = null;
            String providerId = null;
            if (commValue != null && !commValue.isBlank()) {
                if (!commValue.strip().matches("[0-9]{1,18}")) {
                    throw new MalformedFileException(name, line, "communication id '" + shorten(commValue) + "' is not a number");
                }
                communicationId = Long.parseLong(commValue.strip());
            } else if (batch >= 0) {
                String b = field(f, batch);
                String s = field(f, seq);
                if (b == null || b.isBlank() || s == null || !s.strip().matches("[1-9][0-9]{0,8}")) {
                    throw new MalformedFileException(name, line, "the letter is named neither by a communication id nor by a "
                            + "batch and a sequence number from 1 (got batch '" + shorten(b) + "', sequence '" + shorten(s) + "')");
                }
                providerId = b.strip() + "#" + Integer.parseInt(s.strip());
            } else {
                throw new MalformedFileException(name, line, "the communication id is empty");
            }
            String why = reason < 0 ? null : field(f, reason);
            why = why == null || why.isBlank() ? "returned by the print vendor" : shorten(why.strip());
            Instant at = clock.instant();
            if (date >= 0) {
                String d = field(f, date);
                if (d == null || d.isBlank()) {
                    throw new MalformedFileException(name, line, "the return date is empty");
                }
                try {
                    at = LocalDate.parse(d.strip(), layout.dateFormat()).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e) {
                    throw new MalformedFileException(name, line, "return date '" + shorten(d) + "' does not match the "
                            + "configured date format");
                }
            }
            out.add(new Receipt(Channel.LETTER, communicationId, providerId, Receipt.Kind.UNDELIVERABLE, at, SOURCE, why));
        }
        if (out.isEmpty()) {
            throw new MalformedFileException(name, records.isEmpty() ? 1 : records.get(records.size() - 1).line(),
                    "the file lists no returned letter");
        }
        return out;
    }

    private static int column(String name, long line, List<String> header, String column) throws MalformedFileException {
        if (column == null) {
            return -1;
        }
        int i = header.indexOf(column.strip().toLowerCase(Locale.ROOT));
        if (i < 0) {
            throw new MalformedFileException(name, line, "the header has no column '" + column + "' (it has " + header + ")");
        }
        return i;
    }

    private static int index(String column) {
        return column == null ? -1 : Integer.parseInt(column) - 1;
    }

    private static String field(List<String> fields, int i) {
        return i < 0 || i >= fields.size() ? null : fields.get(i);
    }

    private static String shorten(String v) {
        if (v == null) {
            return "";
        }
        String s = v.replaceAll("\\p{Cntrl}", " ");
        return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "…" : s;
    }

    private record Record(long line, List<String> fields) {
    }

    /** RFC 4180 records: quoted fields may hold the delimiter, doubled quotes and line breaks. */
    private List<Record> records(String name, String text) throws MalformedFileException {
        List<Record> out = new ArrayList<>();
        char d = layout.delimiter();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        long line = 1;
        long recordLine = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == d) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                out.add(new Record(recordLine, List.copyOf(fields)));
                fields.clear();
                field.setLength(0);
                wasQuoted = false;
                line++;
                recordLine = line;
            } else if (wasQuoted) {
                throw new MalformedFileException(name, line, "text after a closing quote");
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new MalformedFileException(name, recordLine, "a quoted field is not closed");
        }
        if (field.length() > 0 || !fields.isEmpty() || wasQuoted) {
            fields.add(field.toString());
            out.add(new Record(recordLine, List.copyOf(fields)));
        }
        return out;
    }

    private static Path moveInto(Path file, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(file.getFileName());
        for (int i = 1; Files.exists(target) || Files.exists(target.resolveSibling(target.getFileName() + ".error.txt")); i++) {
            target = folder.resolve(i + "-" + file.getFileName());
        }
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target);
        }
        return target;
    }
}
