package org.arrears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.testing.TestBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code retention purge} and {@code erase} on the embedded database of a data folder, next to a running hub. */
class DataProtectionCommandsTest {

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = ArrearsCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int status = cli.execute(args);
            return new String[] {String.valueOf(status), stdout.toString(StandardCharsets.UTF_8).strip(), err.toString()};
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void erasePrintsTheOutcomeAndItsExitStatusAndRetentionPurgeDryRunChangesNothing() {
        Settings settings = Settings.load(Path.of("config/application.properties"))
                .with(Map.of("arrears.data-dir", tmp.toString(), "arrears.db.embedded-shared-buffers", "32MB"));
        try (Hub hub = Hub.start(settings, Clock.systemUTC())) {
            TestBook book = new TestBook(hub.database().dataSource());
            long paid = book.consumer("Nora North", "Europe/London", "GB", "nora@example.test");
            long owing = book.consumer("Owen Owing", "Europe/London", "GB", "owen@example.test");
            book.invoice(owing, "GBP", "120.00", LocalDate.of(2026, 3, 1));

            String[] dry = run("--data-dir", tmp.toString(), "erase", String.valueOf(paid), "--dry-run");
            assertThat(dry[0]).isEqualTo("0");
            assertThat(dry[1]).startsWith("debtor " + paid + ": would be erased contact_point=1").endsWith("(dry run, nothing changed)");
            assertThat(book.queryString("SELECT name FROM debtor WHERE id = ?", paid)).isEqualTo("Nora North");

            String[] erased = run("--data-dir", tmp.toString(), "erase", String.valueOf(paid));
            assertThat(erased[0]).isEqualTo("0");
            assertThat(book.queryString("SELECT name FROM debtor WHERE id = ?", paid)).isEqualTo("(erased " + paid + ")");

            String[] restricted = run("--data-dir", tmp.toString(), "erase", String.valueOf(owing));
            assertThat(restricted[0]).isEqualTo("3");
            assertThat(restricted[1]).isEqualTo("debtor " + owing + ": restricted, not erased: open balance 120.00 hold=1");

            assertThat(run("--data-dir", tmp.toString(), "erase", "424242")[0]).isEqualTo("2");

            String[] purge = run("--data-dir", tmp.toString(), "retention", "purge", "--dry-run");
            assertThat(purge[2]).isEmpty();
            assertThat(purge[0]).isEqualTo("0");
            assertThat(purge[1]).startsWith("retention purge (dry run, nothing removed): message_content=0");
            assertThat(book.queryLong("SELECT count(*) FROM data_protection_log WHERE action = 'PURGE'")).isZero();
        }
    }
}
