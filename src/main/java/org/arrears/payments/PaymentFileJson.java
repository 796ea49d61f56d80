package org.arrears.payments;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.Properties;

/**
 * Prints a bank file as normalized JSON:
 *
 * <pre>
 * {"format": "CAMT_053", "statements": [{"account": ..., "currency": ..., "openingBalance": "123.45",
 *   "entries": [{"amount": "-12.50", "currency": "EUR", "bookingDate": "2024-01-31", "valueDate": ...,
 *                "bankReference": ..., "endToEndId": ..., "payerName": ..., "payerAccount": ...,
 *                "remittance": ..., "structuredReference": ..., "returnReason": ...}],
 *   "closingBalance": "111.95"}]}
 * </pre>
 *
 * <p>Amounts and balances are signed decimal strings, dates ISO dates, absent values null. The closing balance
 * follows the entries because a streaming statement only knows it at its end. The output is streamed to a
 * temporary file and copied to the destination only when the whole file was valid, so memory stays bounded and a
 * rejected file never produces partial output: it prints exactly {@code {"error": "..."}} instead.
 */
public final class PaymentFileJson {

    /** Exit status for a valid file. */
    public static final int OK = 0;
    /** Exit status for a rejected (unreadable or invalid) file. */
    public static final int REJECTED = 2;

    private static final JsonFactory JSON = new JsonFactory();

    private PaymentFileJson() {
    }

    /**
     * Writes the JSON for one file to {@code out}.
     *
     * @param csvLayout layout for delimited files, or null
     * @return {@link #OK} (0) when the file was valid, {@link #REJECTED} (2) when it was rejected
     * @throws IOException when {@code out} or the temporary file cannot be written
     */
    public static int write(Path file, OutputStream out, CsvLayout csvLayout) throws IOException {
        return writeWith(file, out, ParseOptions.forParsing().withCsvLayout(csvLayout));
    }

    /** As {@link #write(Path, OutputStream, CsvLayout)} with explicit options. */
    public static int writeWith(Path file, OutputStream out, ParseOptions options) throws IOException {
        Path tmp = Files.createTempFile("arrears-payments-", ".json");
        try {
            String error = null;
            try (OutputStream tos = Files.newOutputStream(tmp);
                 JsonGenerator g = JSON.createGenerator(tos, JsonEncoding.UTF8)) {
                JsonHandler h = new JsonHandler(g);
                try {
                    BankFiles.parse(file, h, options, format -> h.begin(format));
                    h.finish();
                } catch (BankFileException e) {
                    error = e.getMessage();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            if (error != null) {
                try (JsonGenerator g = JSON.createGenerator(new NonClosingStream(out), JsonEncoding.UTF8)) {
                    g.writeStartObject();
                    g.writeStringField("error", error);
                    g.writeEndObject();
                }
                out.write('\n');
                out.flush();
                return REJECTED;
            }
            Files.copy(tmp, out);
            out.write('\n');
            out.flush();
            return OK;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Command line: {@code PaymentFileJson <bank file> [<layout.properties>]}; the properties file holds a CSV
     * layout under the prefix {@code arrears.payments.csv.}. Exits 0 for a valid file, 2 for a rejected one, 1
     * for a usage or output error.
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: PaymentFileJson <bank file> [<csv-layout.properties>]");
            System.exit(1);
        }
        try {
            CsvLayout layout = null;
            if (args.length == 2) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(Paths.get(args[1]))) {
                    p.load(in);
                }
                layout = CsvLayout.fromProperties(p, "arrears.payments.csv.");
            }
            System.exit(write(Paths.get(args[0]), System.out, layout));
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    private static final class JsonHandler implements PaymentFileHandler {
        private final JsonGenerator g;

        JsonHandler(JsonGenerator g) {
            this.g = g;
        }

        void begin(BankFormat format) {
            try {
                g.writeStartObject();
                g.writeStringField("format", format.name());
                g.writeArrayFieldStart("statements");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish() {
            try {
                g.writeEndArray();
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void startStatement(StatementHeader header) {
            try {
                g.writeStartObject();
                g.writeStringField("account", header.account());
                g.writeStringField("currency", header.currency());
                amount("openingBalance", header.openingBalance());
                g.writeArrayFieldStart("entries");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void entry(PaymentEntry e) {
            try {
                g.writeStartObject();
                amount("amount", e.amount());
                g.writeStringField("currency", e.currency());
                date("bookingDate", e.bookingDate());
                date("valueDate", e.valueDate());
                g.writeStringField("bankReference", e.bankReference());
                g.writeStringField("endToEndId", e.endToEndId());
                g.writeStringField("payerName", e.payerName());
                g.writeStringField("payerAccount", e.payerAccount());
                g.writeStringField("remittance", e.remittance());
                g.writeStringField("structuredReference", e.structuredReference());
                g.writeStringField("returnReason", e.returnReason());
                g.writeEndObject();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public void endStatement(StatementTrailer trailer) {
            try {
                g.writeEndArray();
                amount("closingBalance", trailer.closingBalance());
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void amount(String field, BigDecimal v) throws IOException {
            g.writeStringField(field, v == null ? null : v.toPlainString());
        }

        private void date(String field, LocalDate d) throws IOException {
            g.writeStringField(field, d == null ? null : d.toString());
        }
    }

    /** Keeps the caller's stream open when the generator closes. */
    private static final class NonClosingStream extends OutputStream {
        private final OutputStream out;

        NonClosingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
