package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.arrears.payments.PaymentIngestor.Ingestion;
import org.arrears.payments.PaymentIngestor.Status;
import org.junit.jupiter.api.Test;

/** Entries without a bank reference are recognised by their content when a later file repeats them. */
class EntryFingerprintFlowTest extends PostingFlowTestBase {

    static final String HEADER = "Date;Amount;Name;IBAN;Text\n";
    /** A bank's CSV export without a bank reference column. */
    static final Map<String, String> CSV_LAYOUT = Map.of(
            "arrears.payments.csv.delimiter", ";",
            "arrears.payments.csv.header", "true",
            "arrears.payments.csv.dateFormat", "yyyy-MM-dd",
            "arrears.payments.csv.account", OUR_IBAN,
            "arrears.payments.csv.currency", "EUR",
            "arrears.payments.csv.column.bookingDate", "Date",
            "arrears.payments.csv.column.amount", "Amount",
            "arrears.payments.csv.column.payerName", "Name",
            "arrears.payments.csv.column.payerAccount", "IBAN",
            "arrears.payments.csv.column.remittance", "Text");

    @Override
    Map<String, String> settings() {
        return CSV_LAYOUT;
    }

    Ingestion csv(String name, String rows) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, HEADER + rows, StandardCharsets.UTF_8);
        return inbox.ingestFile(file);
    }

    @Test
    void twoOverlappingCsvExportsPostEachRowOnce() throws Exception {
        long anna = f.book.debtor("Anna Albers", "B2C", "en", "Europe/Berlin", "DE", null);
        long annaInv = f.book.invoice(anna, "EUR", "300.00", DUE);
        String rf = rf(annaInv);
        String annaRow = ";50.00;Anna Albers;DE44500105175407324931;" + rf + "\n";

        // the first export: June 1 and 2; on June 2 Anna paid 50.00 twice with the same text
        Ingestion first = csv("export-1.csv", "2026-06-01" + annaRow + "2026-06-02" + annaRow + "2026-06-02" + annaRow);
        // the second export overlaps: June 2 again (one more identical payment came in later that day), and June 3
        Ingestion second = csv("export-2.csv", "2026-06-02" + annaRow + "2026-06-02" + annaRow
                + "2026-06-02" + annaRow.replace("Anna Albers", "ANNA  ALBERS ") + "2026-06-03" + annaRow);

        assertThat(first.status()).isEqualTo(Status.POSTED);
        assertThat(second.status()).isEqualTo(Status.POSTED);
        assertThat(first.report().count("received")).isEqualTo(3);
        assertThat(second.report().count("duplicates")).isEqualTo(2);
        assertThat(second.report().count("received")).isEqualTo(2);
        assertThat(f.book.rows("SELECT b.file_name, p.entry_no, p.booking_date FROM payment p "
                + "JOIN bank_file b ON b.id = p.bank_file_id ORDER BY p.id")).containsExactly(
                "export-1.csv|1|2026-06-01", "export-1.csv|2|2026-06-02", "export-1.csv|3|2026-06-02",
                "export-2.csv|3|2026-06-02", "export-2.csv|4|2026-06-03");
        assertThat(open(annaInv)).isEqualTo("50.00");
        assertThat(f.book.queryLong("SELECT count(DISTINCT entry_fingerprint) FROM payment")).isEqualTo(5);
    }

    @Test
    void theSameExportUnderAnotherNameWithOneMoreRowPostsOnlyThatRow() throws Exception {
        long ben = f.book.debtor("Ben Brandt", "B2C", "en", "Europe/Berlin", "DE", null);
        long benInv = f.book.invoice(ben, "EUR", "100.00", DUE);
        String rows = "2026-06-01;10.00;Somebody;FR7630006000011234567890189;no reference\n";
        String benRow = "2026-06-01;25.00;Ben Brandt;DE02120300000000202051;"
                + rf(benInv) + "\n";
        csv("day.csv", rows);

        Ingestion again = csv("day-complete.csv", rows + benRow); // not the same content, so not a duplicate file

        assertThat(again.status()).isEqualTo(Status.POSTED);
        assertThat(again.report().count("duplicates")).isEqualTo(1);
        assertThat(f.book.queryLong("SELECT count(*) FROM payment WHERE payer_name = 'Somebody'")).isEqualTo(1);
        assertThat(f.book.queryLong("SELECT count(*) FROM task WHERE kind = 'SUSPENSE'")).isEqualTo(1);
        assertThat(open(benInv)).isEqualTo("75.00");
    }

    @Test
    void entriesWithABankReferenceAreStillToldApartByItAlone() throws Exception {
        long cara = f.book.debtor("Cara Conti", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = f.book.invoice(cara, "EUR", "100.00", DUE);
        String rf = rf(inv);
        CamtBuilder day1 = CamtBuilder.message("F1");
        day1.statement(OUR_IBAN, "EUR", "0.00").credit("30.00", "R-1").rf(rf);
        CamtBuilder day2 = CamtBuilder.message("F2"); // the same content under another bank reference: a new payment
        day2.statement(OUR_IBAN, "EUR", "30.00").credit("30.00", "R-2").rf(rf);

        inbox.ingestFile(day1.writeTo(dir.resolve("f1.xml")));
        Ingestion r = inbox.ingestFile(day2.writeTo(dir.resolve("f2.xml")));

        assertThat(r.report().count("duplicates")).isZero();
        assertThat(open(inv)).isEqualTo("40.00");
        assertThat(f.book.queryLong("SELECT count(*) FROM payment WHERE entry_fingerprint IS NULL")).isEqualTo(2);
    }
}
