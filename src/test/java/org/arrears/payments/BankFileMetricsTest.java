package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bank file whose outcome is committed is counted by outcome, with its entries when it was posted. */
class BankFileMetricsTest {

    @TempDir
    Path dir;

    HubFixture f;
    Path inbox;

    @BeforeEach
    void start() {
        inbox = dir.resolve("inbox");
        f = new HubFixture(Instant.parse("2026-06-05T10:00:00Z"), Map.of(
                "arrears.payments.inbox", inbox.toString(),
                "arrears.policies", "src/test/resources/policies/flow"));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    double count(String name, String outcome) {
        MeterRegistry r = f.hub.metrics().registry();
        Counter c = r.find(name).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void postedDuplicateAndRejectedFilesAreCountedByOutcome() throws Exception {
        long d = f.book.debtor("Vera Voss", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = f.book.invoice(d, "EUR", "80.00", LocalDate.of(2026, 5, 20));
        String rf = f.book.queryString("SELECT payment_reference FROM invoice WHERE id = ?", inv);
        CamtBuilder good = CamtBuilder.message("M-1");
        CamtBuilder.Stmt statement = good.statement("DE89370400440532013000", "EUR", "0.00");
        statement.credit("80.00", "V-1").rf(rf).from("Vera Voss", null);
        statement.credit("5.00", "V-2").from("Nobody Known", null);
        Path goodFile = good.writeTo(dir.resolve("good.xml"));

        // the inbox route's path: moved out of the inbox once counted
        Files.createDirectories(inbox);
        f.hub.payments().process(Files.copy(goodFile, inbox.resolve("good.xml")).toString());
        // the CLI's path: the same content again is a duplicate
        f.hub.payments().ingestFile(goodFile);
        CamtBuilder bad = CamtBuilder.message("M-2");
        bad.statement("DE89370400440532013000", "EUR", "80.00").closing("1.00").credit("5.00", "V-3");
        f.hub.payments().ingestFile(bad.writeTo(dir.resolve("bad.xml")));

        assertThat(count("arrears_bank_files", "POSTED")).isEqualTo(1);
        assertThat(count("arrears_bank_entries", "POSTED")).isEqualTo(2);
        assertThat(count("arrears_bank_files", "DUPLICATE")).isEqualTo(1);
        assertThat(count("arrears_bank_files", "QUARANTINED")).isEqualTo(1);
        assertThat(count("arrears_bank_entries", "DUPLICATE")).isZero();
    }
}
