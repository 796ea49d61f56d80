package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.arrears.payments.PaymentIngestor.Status;
import org.arrears.promises.PaymentPlans;
import org.junit.jupiter.api.Test;

/** The payment poster matches a payment plan's instalments as it posts a bank file (V14). */
class PaymentPlanPostingTest extends PostingFlowTestBase {

    @Test
    void aBankFilePayingAnInstalmentMarksItPaidAsItIsPosted() throws Exception {
        long d = f.book.debtor("Ines Instalment", "B2C", "en", "Europe/Berlin", "DE", null);
        long inv = f.book.invoice(d, "EUR", "600.00", DUE);
        long plan = new PaymentPlans(f.db.dataSource(), f.hub.holds()).create(new PaymentPlans.Request(d, "EUR",
                PaymentPlans.schedule(new BigDecimal("600.00"), 3, LocalDate.of(2026, 6, 10), 1), 3, "agent", null));
        CamtBuilder file = CamtBuilder.message("STMT-PLAN");
        file.statement(OUR_IBAN, "EUR", "0.00").credit("250.00", "P-1").rf(rf(inv));

        assertThat(ingest(file, "plan.xml").status()).isEqualTo(Status.POSTED);

        assertThat(f.book.rows("SELECT seq, status, paid_amount FROM payment_plan_instalment WHERE plan_id = ? ORDER BY seq", plan))
                .containsExactly("1|PAID|200.00", "2|DUE|50.00", "3|DUE|0.00");
    }
}
