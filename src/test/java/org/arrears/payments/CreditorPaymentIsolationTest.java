package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.arrears.ar.CreditorReference;
import org.arrears.payments.PaymentIngestor.Ingestion;
import org.arrears.testing.TwoCreditors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bank files for two creditors with overlapping invoice numbers, references and payer names: a statement's
 * account decides the creditor, and a payment never settles another creditor's invoice.
 */
class CreditorPaymentIsolationTest {

    static final LocalDate DUE = LocalDate.of(2026, 5, 20);

    @TempDir
    Path dir;

    TwoCreditors two;
    long alphaPaul;
    long bravoPaul;

    @BeforeEach
    void start() {
        two = new TwoCreditors(dir, Instant.parse("2026-06-05T10:00:00Z"),
                Map.of("arrears.payments.inbox", dir.resolve("inbox").toString()));
        alphaPaul = two.debtor(two.alpha, "Paul Peters", "de", "Europe/Berlin", "DE", null);
        bravoPaul = two.debtor(two.bravo, "Paul Peters", "en", "America/Chicago", "US-IL", null);
    }

    @AfterEach
    void stop() {
        two.close();
    }

    Ingestion ingest(CamtBuilder file, String name) throws Exception {
        return two.f.hub.payments().ingestFile(file.writeTo(dir.resolve(name)));
    }

    @Test
    void aPaymentOnAlphasAccountNamingBravosInvoiceNumberGoesToAlphasSuspenseNotToBravosInvoice() throws Exception {
        long bravoInvoice = two.invoice(bravoPaul, "INV-7001", null, "EUR", "99.00", DUE);

        CamtBuilder file = CamtBuilder.message("A-1");
        file.statement(TwoCreditors.ALPHA_IBAN, "EUR", "0.00").credit("99.00", "E-1")
                .from("Somebody", "FR7630006000011234567890189").text("Invoice INV-7001");
        Ingestion r = ingest(file, "alpha.xml");

        assertThat(two.open(bravoInvoice)).isEqualTo("99.00");
        assertThat(two.f.book.rows("SELECT status, creditor_id, split_part(suspense_reason, ':', 1) FROM payment"))
                .containsExactly("SUSPENSE|" + two.alpha + "|UNMATCHED");
        assertThat(two.f.book.queryLong("SELECT count(*) FROM allocation")).isZero();
        assertThat(two.f.book.rows("SELECT kind, creditor_id FROM task")).containsExactly("SUSPENSE|" + two.alpha);
        assertThat(two.f.book.queryLong("SELECT creditor_id FROM bank_file WHERE id = ?", r.bankFileId())).isEqualTo(two.alpha);
    }

    @Test
    void aReferenceBothCreditorsIssuedSettlesOnlyTheInvoiceOfTheCreditorWhoseAccountReceivedIt() throws Exception {
        String rf = CreditorReference.create("1001");
        long alphaInvoice = two.invoice(alphaPaul, "INV-1001", rf, "EUR", "50.00", DUE);
        long bravoInvoice = two.invoice(bravoPaul, "INV-1001", rf, "USD", "50.00", DUE);

        CamtBuilder file = CamtBuilder.message("B-1");
        file.statement(TwoCreditors.BRAVO_ACCOUNT, "USD", "0.00").credit("50.00", "E-1").from("Paul Peters", null).rf(rf);
        ingest(file, "bravo.xml");

        assertThat(two.open(bravoInvoice)).isEqualTo("0.00");
        assertThat(two.open(alphaInvoice)).isEqualTo("50.00");
        assertThat(two.f.book.rows("SELECT status, match_method, debtor_id, creditor_id FROM payment"))
                .containsExactly("MATCHED|REFERENCE|" + bravoPaul + "|" + two.bravo);
    }

    @Test
    void anInvoiceNumberBothCreditorsUseIsMatchedWithinTheReceivingCreditorOnly() throws Exception {
        long alphaInvoice = two.invoice(alphaPaul, "INV-2026-0042", null, "EUR", "75.00", DUE);
        long bravoInvoice = two.invoice(bravoPaul, "INV-2026-0042", null, "EUR", "75.00", DUE);

        CamtBuilder file = CamtBuilder.message("A-2");
        file.statement(TwoCreditors.ALPHA_IBAN, "EUR", "0.00").credit("75.00", "E-1")
                .from("P. Peters", "DE02120300000000202051").text("INV-2026-0042");
        ingest(file, "alpha-number.xml");

        assertThat(two.open(alphaInvoice)).isEqualTo("0.00");
        assertThat(two.open(bravoInvoice)).isEqualTo("75.00");
        assertThat(two.f.book.rows("SELECT match_method, creditor_id FROM payment"))
                .containsExactly("INVOICE_NUMBER|" + two.alpha);
    }

    @Test
    void aPayerNameBothCreditorsKnowIdentifiesOnlyTheReceivingCreditorsDebtor() throws Exception {
        long alphaInvoice = two.invoice(alphaPaul, "A-30", null, "EUR", "30.00", DUE);
        long bravoInvoice = two.invoice(bravoPaul, "B-30", null, "EUR", "30.00", DUE);

        CamtBuilder file = CamtBuilder.message("A-3");
        file.statement(TwoCreditors.ALPHA_IBAN, "EUR", "0.00").credit("30.00", "E-1").from("Paul Peters", null)
                .text("thanks");
        ingest(file, "alpha-name.xml");

        assertThat(two.open(alphaInvoice)).isEqualTo("0.00");
        assertThat(two.open(bravoInvoice)).isEqualTo("30.00");
        assertThat(two.f.book.rows("SELECT match_method, debtor_id FROM payment")).containsExactly("NAME_AMOUNT|" + alphaPaul);
    }

    @Test
    void aFileWithStatementsOfBothCreditorsGivesEachItsOwnSuspenseTask() throws Exception {
        CamtBuilder file = CamtBuilder.message("AB-1");
        file.statement(TwoCreditors.ALPHA_IBAN, "EUR", "0.00").credit("12.00", "E-1").from("Nobody", null).text("?");
        file.statement(TwoCreditors.BRAVO_ACCOUNT, "USD", "0.00").credit("13.00", "E-2").from("Nobody", null).text("?");
        Ingestion r = ingest(file, "both.xml");

        assertThat(two.f.book.rows("SELECT creditor_id, title LIKE 'Apply or return 1 entry%' FROM task WHERE kind = 'SUSPENSE' "
                + "ORDER BY creditor_id")).containsExactly(two.alpha + "|t", two.bravo + "|t");
        // a file whose accounts span creditors belongs to none of them
        assertThat(two.f.book.queryString("SELECT coalesce(creditor_id::text, 'none') FROM bank_file WHERE id = ?",
                r.bankFileId())).isEqualTo("none");
    }
}
