package org.arrears.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.arrears.report.CreditorScope;
import org.arrears.report.CsvExport;
import org.arrears.report.ReportTable;
import org.arrears.report.TextTable;
import org.arrears.report.XlsxExport;
import picocli.CommandLine.Option;

/** The options every report command shares: format, output file and creditor, and writing the table out. */
final class ReportOutput {

    enum Format { TABLE, CSV, XLSX }

    @Option(names = "--format", defaultValue = "table", description = "table, csv or xlsx (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write to this file (default: standard output; "
            + "required for xlsx)")
    Path out;

    @Option(names = "--creditor", paramLabel = "CODE", description = "only this creditor (default: every creditor)")
    String creditor;

    Format format() {
        try {
            return Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format " + format + ": expected table, csv or xlsx");
        }
    }

    /** The scope of --creditor: its id, or every creditor; an unknown code is an error naming it. */
    CreditorScope scope(DataSource ds) {
        if (creditor == null) {
            return CreditorScope.all();
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM creditor WHERE code = ?")) {
            ps.setString(1, creditor.trim());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("--creditor " + creditor + ": no creditor has this code");
                }
                return CreditorScope.of(List.of(rs.getLong(1)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading creditor " + creditor + " failed: " + e.getMessage(), e);
        }
    }

    void write(ReportTable t) {
        Format f = format();
        if (f == Format.XLSX && out == null) {
            throw new IllegalArgumentException("--format xlsx needs --out FILE");
        }
        try (OutputStream os = out == null ? new NonClosing(System.out) : Files.newOutputStream(out)) {
            switch (f) {
                case TABLE -> {
                    PrintStream ps = new PrintStream(os, true, StandardCharsets.UTF_8);
                    TextTable.print(t, ps);
                    ps.flush();
                }
                case CSV -> {
                    Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                    CsvExport.write(t, w);
                }
                case XLSX -> XlsxExport.write(t, os);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--out " + out + ": cannot write (" + e.getMessage() + ")", e);
        }
        if (out != null) {
            System.out.println(t.title() + ": " + t.rows().size() + " rows written to " + out);
        }
    }

    /** Standard output, left open when the report's stream is closed. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
