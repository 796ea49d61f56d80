package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.arrears.payments.PaymentIngestor.Ingestion;
import org.arrears.payments.PaymentIngestor.Status;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that fails inside the database, or with a value the database cannot hold, is rejected once: quarantined
 * with its report, recorded as QUARANTINED, nothing of it posted, and the next file is posted as usual. Real
 * PostgreSQL.
 */
class PaymentRejectionFlowTest {

    static final String OUR_IBAN = "DE89370400440532013000";
    static final LocalDate DUE = LocalDate.of(2026, 5, 20);

    @TempDir
    Path dir;

    HubFixture f;

    HubFixture start(Map<String, String> more) {
        Map<String, String> s = new HashMap<>(Map.of(
                "arrears.payments.inbox", dir.resolve("inbox").toString(),
                "arrears.policies", "src/test/resources/policies/flow"));
        s.putAll(more);
        f = new HubFixture(Instant.parse("2026-06-05T10:00:00Z"), s);
        return f;
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    Path drop(String name, String content) throws Exception {
        Path p = f.hub.payments().inbox().resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    /** A good file that pays the invoice in full; returns the invoice. */
    long goodFile(String name) throws Exception {
        long d = f.book.debtor("Gina Graf", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = f.book.invoice(d, "EUR", "80.00", DUE);
        String rf = f.book.queryString("SELECT payment_reference FROM invoice WHERE id = ?", inv);
        CamtBuilder good = CamtBuilder.message("GOOD");
        good.statement(OUR_IBAN, "EUR", "0.00").credit("80.00", "G-1").rf(rf);
        good.writeTo(f.hub.payments().inbox().resolve(name));
        return inv;
    }

    void assertQuarantinedOnce(String name, String problem) throws Exception {
        Path quarantined = f.hub.payments().quarantine().resolve(name);
        assertThat(quarantined).exists();
        assertThat(f.hub.payments().inbox().resolve(name)).doesNotExist();
        String report = Files.readString(PaymentInbox.errorReportOf(quarantined));
        assertThat(report).contains("file:      " + name).contains(problem).contains("nothing of it was posted");
        assertThat(report.length()).isLessThan(2000);
        assertThat(f.book.rows("SELECT status FROM bank_file WHERE file_name = ?", name)).containsExactly("QUARANTINED");
        assertThat(f.book.queryLong("SELECT count(*) FROM payment")).isZero();
    }

    @Test
    void anAmountOfTenToTheThirtyIsQuarantinedOnceAndTheNextFileIsPosted() throws Exception {
        start(Map.of());
        Path hostile = drop("overflow.xml", AmountPrecisionTest.camt("1000000000000000000000000000000", "EUR"));
        long inv = goodFile("good.xml");

        assertThat(f.hub.payments().process(hostile.toString())).contains("quarantined");
        assertThat(f.hub.payments().process(f.hub.payments().inbox().resolve("good.xml").toString())).contains("posted");

        assertThat(f.hub.payments().quarantine().resolve("overflow.xml")).exists();
        assertThat(Files.readString(PaymentInbox.errorReportOf(f.hub.payments().quarantine().resolve("overflow.xml"))))
                .contains("is too large: at most 16 digits before the decimal point");
        assertThat(f.book.rows("SELECT file_name, status FROM bank_file ORDER BY id"))
                .containsExactly("overflow.xml|QUARANTINED", "good.xml|POSTED");
        assertThat(f.book.queryString("SELECT open_amount FROM invoice WHERE id = ?", inv)).isEqualTo("0.00");
    }

    @Test
    void aNulByteInAnMt940PurposeIsQuarantinedWithItsLine() throws Exception {
        start(Map.of());
        Path hostile = drop("nul.sta", ":20:STMT-1\n:25:" + OUR_IBAN + "\n:28C:1/1\n:60F:C260601EUR0,00\n"
                + ":61:2606010601CR5,00NTRFNONREF//N-1\n:86:Invoice\u0000 1\n:62F:C260601EUR5,00\n-\n");

        String outcome = f.hub.payments().process(hostile.toString());

        assertThat(outcome).contains("quarantined");
        assertQuarantinedOnce("nul.sta", "location:  line 6 (:86:)");
        assertThat(f.book.queryString("SELECT error FROM bank_file")).contains("control character U+0000");
    }

    @Test
    void aFailureWhilePostingRejectsThatFileOnceAndGivesTheConnectionAndTheLockBack() throws Exception {
        // a write-back statement that passes the startup check (no rows) and fails on the file's first payment
        start(Map.of("arrears.ar.write-back.payments",
                "INSERT INTO task (kind, title, detail) SELECT 'WRITE_BACK', 'x', (1 / (amount - amount))::text FROM new_payments"));
        long first = goodFile("first.xml");
        Path firstFile = f.hub.payments().inbox().resolve("first.xml");

        Ingestion r = f.hub.payments().ingestor().ingest(firstFile);

        assertThat(r.status()).isEqualTo(Status.QUARANTINED);
        assertThat(r.error().problem()).isEqualTo("the database refused the file while posting it: "
                + "arrears.ar.write-back.payments failed: ERROR: division by zero");
        assertThat(f.book.queryString("SELECT open_amount FROM invoice WHERE id = ?", first)).isEqualTo("80.00");
        assertThat(f.book.queryLong("SELECT count(*) FROM payment")).isZero();
        assertThat(f.book.rows("SELECT status, report->>'problem' FROM bank_file"))
                .containsExactly("QUARANTINED|" + r.error().problem());
        // the connection and the posting lock were given back
        assertThat(f.book.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isZero();
        assertThat(f.book.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND state LIKE 'idle in transaction%'")).isZero();
    }

    @Test
    void filesIngestedOneAfterAnotherGoOnAfterARejectedOne() throws Exception {
        start(Map.of());
        Path hostile = drop("overflow.xml", AmountPrecisionTest.camt("1000000000000000000000000000000", "EUR"));
        long inv = goodFile("good.xml");

        Ingestion bad = f.hub.payments().ingestFile(hostile);
        Ingestion good = f.hub.payments().ingestFile(f.hub.payments().inbox().resolve("good.xml"));

        assertThat(bad.status()).isEqualTo(Status.QUARANTINED);
        assertThat(good.status()).isEqualTo(Status.POSTED);
        assertThat(f.book.queryString("SELECT open_amount FROM invoice WHERE id = ?", inv)).isEqualTo("0.00");
        assertThat(f.hub.payments().quarantine().resolve("overflow.xml")).exists();
    }

}
