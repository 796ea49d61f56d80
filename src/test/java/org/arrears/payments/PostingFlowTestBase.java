package org.arrears.payments;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.arrears.payments.PaymentIngestor.Ingestion;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A hub over a fresh real PostgreSQL AR book with a payments inbox, for the flow tests of bank-file posting. */
abstract class PostingFlowTestBase {

    static final String OUR_IBAN = "DE89370400440532013000";
    static final LocalDate DUE = LocalDate.of(2026, 5, 20);

    @TempDir
    Path dir;

    HubFixture f;
    PaymentInbox inbox;

    /** Settings a test class adds to the fixture's. */
    Map<String, String> settings() {
        return Map.of();
    }

    @BeforeEach
    void start() {
        Map<String, String> all = new HashMap<>(settings());
        all.put("arrears.payments.inbox", dir.resolve("inbox").toString());
        all.put("arrears.policies", "src/test/resources/policies/flow");
        f = new HubFixture(Instant.parse("2026-06-05T10:00:00Z"), all);
        inbox = f.hub.payments();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    String rf(long invoiceId) {
        return f.book.queryString("SELECT payment_reference FROM invoice WHERE id = ?", invoiceId);
    }

    String open(long invoiceId) {
        return f.book.queryString("SELECT open_amount FROM invoice WHERE id = ?", invoiceId);
    }

    long count(String sql, Object... params) {
        return f.book.queryLong(sql, params);
    }

    Ingestion ingest(CamtBuilder file, String name) throws Exception {
        return inbox.ingestFile(file.writeTo(dir.resolve(name)));
    }
}
