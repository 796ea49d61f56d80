package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.time.LocalDate;
import org.apache.camel.ServiceStatus;
import org.arrears.db.Database;
import org.arrears.testing.RunningHub;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The payments inbox of a running hub (Camel Main with the YAML routes, as `arrears run` starts it) against real
 * PostgreSQL: a file dropped into the folder is posted and moved to processed; a bad one goes to quarantine with
 * its error report and posts nothing.
 */
class PaymentsInboxRouteTest {

    RunningHub running;
    Database db;
    TestBook book;
    Path inbox;

    @BeforeEach
    void start() throws Exception {
        String url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
        book = new TestBook(db.dataSource());
        running = RunningHub.start(url, Map.of("arrears.payments.poll-delay", "100",
                "arrears.payments.read-lock-interval", "100", "arrears.planner.delay", "3600000",
                "camel.management.enabled", "false"));
        inbox = running.dataDir.resolve("inbox");
    }

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
        db.close();
    }

    @Test
    void aDroppedFileIsPostedAndMovedAndABadOneIsQuarantined() throws Exception {
        assertThat(running.context().getRouteController().getRouteStatus("payments-inbox")).isEqualTo(ServiceStatus.Started);
        long d = book.debtor("Vera Voss", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = book.invoice(d, "EUR", "80.00", LocalDate.of(2026, 5, 20));
        String rf = book.queryString("SELECT payment_reference FROM invoice WHERE id = ?", inv);

        CamtBuilder good = CamtBuilder.message("ROUTE-1");
        good.statement("DE89370400440532013000", "EUR", "0.00").credit("80.00", "V-1").rf(rf).from("Vera Voss", null);
        Path staged = good.writeTo(inbox.resolveSibling("staging").resolve("good.xml"));
        Files.move(staged, inbox.resolve("good.xml"));

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("processed/good.xml")));
        assertThat(inbox.resolve("good.xml")).doesNotExist();
        assertThat(book.queryString("SELECT open_amount FROM invoice WHERE id = ?", inv)).isEqualTo("0.00");
        assertThat(book.rows("SELECT status, match_method FROM payment")).containsExactly("MATCHED|REFERENCE");
        assertThat(book.rows("SELECT file_name, status FROM bank_file")).containsExactly("good.xml|POSTED");

        CamtBuilder bad = CamtBuilder.message("ROUTE-2");
        bad.statement("DE89370400440532013000", "EUR", "80.00").closing("1.00").credit("5.00", "V-2");
        Files.move(bad.writeTo(inbox.resolveSibling("staging").resolve("bad.xml")), inbox.resolve("bad.xml"));

        Path quarantined = inbox.resolve("quarantine/bad.xml");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(PaymentInbox.errorReportOf(quarantined)));
        assertThat(quarantined).exists();
        assertThat(inbox.resolve("bad.xml")).doesNotExist();
        assertThat(Files.readString(PaymentInbox.errorReportOf(quarantined))).contains("bad.xml")
                .contains("/Document/BkToCstmrStmt/Stmt[1]").contains("balances do not reconcile");
        assertThat(book.queryLong("SELECT count(*) FROM payment")).isEqualTo(1);
        assertThat(book.rows("SELECT file_name, status FROM bank_file ORDER BY id"))
                .containsExactly("good.xml|POSTED", "bad.xml|QUARANTINED");

        // the read lock of a finished file is released, so a later file of the same name is taken again
        await().atMost(Duration.ofSeconds(10)).until(() -> book.queryLong("SELECT count(*) FROM CAMEL_MESSAGEPROCESSED") == 0);
        CamtBuilder next = CamtBuilder.message("ROUTE-3");
        next.statement("DE89370400440532013000", "EUR", "80.00").credit("20.00", "V-3").rf(rf).from("Vera Voss", null);
        Files.move(next.writeTo(inbox.resolveSibling("staging").resolve("good.xml")), inbox.resolve("good.xml"));
        await().atMost(Duration.ofSeconds(30)).until(() -> book.queryLong("SELECT count(*) FROM payment") == 2);
        long third = book.queryLong("SELECT max(id) FROM bank_file");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("processed/" + third + "-good.xml")));
        assertThat(book.rows("SELECT bank_reference, status FROM payment ORDER BY id")).containsExactly("V-1|MATCHED", "V-3|CREDIT");
    }
}
