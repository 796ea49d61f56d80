package org.arrears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code arrears report}, {@code arrears tasks} and {@code arrears debtor show} over a database of their own. */
class ReportCliTest {

    @TempDir
    static Path tmp;

    static Path config;

    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = ArrearsCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int status = cli.execute(args);
            return new Result(status, stdout.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    @BeforeAll
    static void database() throws Exception {
        config = tmp.resolve("reports.properties");
        Files.writeString(config, Files.readString(Path.of("config/application.properties"))
                + "\narrears.db.url=" + TestDatabase.freshUrl() + "\narrears.db.user=postgres\narrears.data-dir=" + tmp + "\n");
        try (Database db = Database.open(Settings.load(config)).migrate();
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO creditor (id, code, legal_name) VALUES (2, 'acme', 'Acme Ltd')");
            s.execute("INSERT INTO debtor (id, name, kind, creditor_id) VALUES (1, 'Eve Euro', 'B2C', 1), (2, 'Uma Usd', 'B2B', 2)");
            s.execute("""
                    INSERT INTO invoice (id, debtor_id, invoice_number, currency, issue_date, due_date, amount, open_amount, creditor_id) VALUES
                      (1, 1, 'E-A', 'EUR', '2026-01-01', '2026-02-01', 100, 100, 1),
                      (2, 2, 'U-A', 'USD', '2026-01-01', '2026-03-25', 50, 50, 2)""");
            s.execute("INSERT INTO task (kind, debtor_id, title, creditor_id) VALUES ('ESCALATION', 1, '=cmd|calc', 1), "
                    + "('SUSPENSE', NULL, 'Unmatched', 2)");
        }
    }

    @Test
    void reportAgingPrintsATableAndWritesCsvAndXlsxFilesForOneCreditor() throws Exception {
        Result table = run("--config", config.toString(), "report", "aging", "--as-of", "2026-03-31");
        Path csv = tmp.resolve("aging.csv");
        Result toCsv = run("--config", config.toString(), "report", "aging", "--as-of", "2026-03-31", "--format", "csv",
                "--out", csv.toString(), "--creditor", "acme");
        Path xlsx = tmp.resolve("aging.xlsx");
        Result toXlsx = run("--config", config.toString(), "report", "dso", "--as-of", "2026-03-31", "--format", "xlsx",
                "--out", xlsx.toString());

        assertThat(table.status()).as(table.err()).isZero();
        assertThat(table.out()).contains("Aging as of 2026-03-31").contains("current").contains("31-60")
                .containsPattern("default\\s+EUR\\s+1\\s+100.00\\s+0.00\\s+0.00\\s+100.00");
        assertThat(toCsv.status()).as(toCsv.err()).isZero();
        assertThat(Files.readString(csv)).isEqualTo("creditor,currency,invoices,total,current,1-30,31-60,61-90,90+\r\n"
                + "acme,USD,1,50.00,0.00,50.00,0.00,0.00,0.00\r\n(total),USD,1,50.00,0.00,50.00,0.00,0.00,0.00\r\n");
        assertThat(toXlsx.status()).as(toXlsx.err()).isZero();
        assertThat(Files.readAllBytes(xlsx)).startsWith((byte) 'P', (byte) 'K');
        assertThat(toXlsx.out()).contains("rows written to " + xlsx);
    }

    @Test
    void tasksListsTheOpenTasksAndAsCsvNeutralisesAFormulaTitle() {
        Result r = run("--config", config.toString(), "tasks", "--open", "--format", "csv");
        Result onlySuspense = run("--config", config.toString(), "tasks", "--kind", "suspense");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains(",'=cmd|calc,").contains("SUSPENSE");
        assertThat(onlySuspense.out()).contains("Unmatched").doesNotContain("ESCALATION");
    }

    @Test
    void debtorShowPrintsTheInvoicesContactPointsHoldsAndTimeline() {
        Result r = run("--config", config.toString(), "debtor", "show", "1", "--as-of", "2026-03-31");
        Result missing = run("--config", config.toString(), "debtor", "show", "99");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Eve Euro").contains("Open invoices of debtor 1").contains("E-A").contains("31-60")
                .contains("Contact points of debtor 1").contains("Holds of debtor 1").contains("Timeline of debtor 1")
                .contains("ESCALATION");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("arrears: debtor 99: no such debtor");
    }

    @Test
    void anUnknownReportFormatOrCreditorIsNamedInOneLine() {
        assertThat(run("--config", config.toString(), "report", "ages").err().strip())
                .isEqualTo("arrears: report ages: expected aging, dso, cei, campaign, placement or activity");
        assertThat(run("--config", config.toString(), "report", "aging", "--format", "pdf").err().strip())
                .isEqualTo("arrears: --format pdf: expected table, csv or xlsx");
        assertThat(run("--config", config.toString(), "report", "aging", "--creditor", "nobody").err().strip())
                .isEqualTo("arrears: --creditor nobody: no creditor has this code");
        assertThat(run("--config", config.toString(), "report", "aging", "--format", "xlsx").err().strip())
                .isEqualTo("arrears: --format xlsx needs --out FILE");
    }
}
