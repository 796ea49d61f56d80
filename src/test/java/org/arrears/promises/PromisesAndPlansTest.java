package org.arrears.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.arrears.ar.Holds;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Promises to pay decided by the sweep (R46) and payment plans with instalments (R47). */
class PromisesAndPlansTest {

    HubFixture f;
    long debtor;
    long invoice;

    @BeforeEach
    void start() {
        f = new HubFixture(Instant.parse("2026-07-01T10:00:00Z"), Map.of());
        debtor = f.book.debtor("Pat Promise", "B2C", "en", "Europe/Berlin", "DE", "pat@example.test");
        invoice = f.book.invoice(debtor, "EUR", "500.00", LocalDate.of(2026, 6, 1));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    PromiseSweep.Result sweepOn(String day) {
        Clock clock = Clock.fixed(LocalDate.parse(day).atTime(6, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        return new PromiseSweep(f.db.dataSource(), f.hub.ar().invoices(), 2, clock).sweep();
    }

    long promise(String amount, String until) {
        return f.hub.holds().place(new Holds.Request(debtor, null, "PROMISE_TO_PAY", "promised on the phone",
                LocalDate.parse(until), new BigDecimal(amount)));
    }

    void payment(String amount, String valueDate) {
        f.book.execute("INSERT INTO payment (debtor_id, amount, currency, booking_date, value_date, status) "
                + "VALUES (?, ?::numeric, 'EUR', ?::date, ?::date, 'PARTIAL')", debtor, amount, valueDate, valueDate);
    }

    @Test
    void aPromiseOf200Due0710WithOnly150By0712IsBrokenOn0713WithATaskAndItsHoldLifted() {
        long hold = promise("200.00", "2026-07-10");
        payment("150.00", "2026-07-12");

        PromiseSweep.Result onGraceDay = sweepOn("2026-07-12");
        assertThat(onGraceDay.promisesBroken()).isZero();
        assertThat(f.book.queryString("SELECT promise_status || '/' || (released_at IS NULL) FROM hold WHERE id = ?", hold))
                .isEqualTo("OPEN/true");

        PromiseSweep.Result next = sweepOn("2026-07-13");

        assertThat(next.promisesBroken()).isEqualTo(1);
        assertThat(f.book.queryString("SELECT promise_status || '/' || (released_at IS NOT NULL) FROM hold WHERE id = ?", hold))
                .isEqualTo("BROKEN/true");
        assertThat(f.book.rows("SELECT kind, debtor_id, status, title FROM task WHERE kind = 'BROKEN_PROMISE'"))
                .containsExactly("BROKEN_PROMISE|" + debtor + "|OPEN|Broken promise: 200.00 promised by 2026-07-10, 150.00 paid");
        assertThat(f.book.queryString("SELECT detail FROM task WHERE kind = 'BROKEN_PROMISE'"))
                .contains("Earlier broken promises of this debtor: 0").contains("dunning resumes");
        // no hold in force any more: the planner's hold filter lets the debtor's invoice through again
        assertThat(f.book.queryLong("SELECT count(*) FROM hold WHERE debtor_id = ? AND released_at IS NULL", debtor)).isZero();
        // a second run decides nothing twice
        assertThat(sweepOn("2026-07-14").promisesBroken()).isZero();
        assertThat(f.book.queryLong("SELECT count(*) FROM task WHERE kind = 'BROKEN_PROMISE'")).isEqualTo(1);
    }

    @Test
    void aPromiseOf200PaidInFullOnTheLastGraceDayIsClosedAsKeptWithoutATask() {
        long hold = promise("200.00", "2026-07-10");
        payment("200.00", "2026-07-12");

        PromiseSweep.Result r = sweepOn("2026-07-13");

        assertThat(r.promisesKept()).isEqualTo(1);
        assertThat(f.book.queryString("SELECT promise_status || '/' || (released_at IS NOT NULL) FROM hold WHERE id = ?", hold))
                .isEqualTo("KEPT/true");
        assertThat(f.book.queryLong("SELECT count(*) FROM task")).isZero();
    }

    @Test
    void aPaymentPostedBeforeThePromiseWasMadeDoesNotKeepIt() {
        payment("200.00", "2026-07-09");
        long hold = promise("200.00", "2026-07-10");
        f.book.execute("UPDATE payment SET created_at = (SELECT created_at FROM hold WHERE id = ?) - interval '1 minute'", hold);

        assertThat(sweepOn("2026-07-13").promisesBroken()).isEqualTo(1);
    }

    @Test
    void r47sScheduleOf1000InThreeInstalmentsIs33333And33333And33334() {
        List<PaymentPlans.Instalment> s = PaymentPlans.schedule(new BigDecimal("1000.00"), 3, LocalDate.of(2026, 8, 1), 1);

        assertThat(s).extracting(i -> i.due() + " " + i.amount())
                .containsExactly("2026-08-01 333.33", "2026-09-01 333.33", "2026-10-01 333.34");
        assertThatThrownBy(() -> PaymentPlans.parse("--instalments", "2026-08-01:100,2026-09-01"))
                .hasMessageStartingWith("--instalments '2026-09-01': expected DATE:AMOUNT");
    }

    @Test
    void aMissedInstalmentMakesThePlanDelinquentWithATaskAndASecondMissDefaultsItAndLiftsTheHold() {
        PaymentPlans plans = new PaymentPlans(f.db.dataSource(), f.hub.holds());
        long plan = plans.create(new PaymentPlans.Request(debtor, "eur",
                PaymentPlans.schedule(new BigDecimal("1000.00"), 3, LocalDate.of(2026, 8, 1), 1), 3, "agent-1", null));
        assertThat(f.book.rows("SELECT kind, released_at IS NULL FROM hold WHERE debtor_id = ?", debtor))
                .containsExactly("PAYMENT_PLAN|t");

        payment("333.33", "2026-07-30");
        PromiseSweep.Result first = sweepOn("2026-08-05");
        assertThat(first.instalmentsPaid()).isEqualTo(1);
        assertThat(status(plan)).isEqualTo("ACTIVE");

        // R47: the instalment due 09-01 with 3 grace days, unpaid through 09-04, is missed on 09-05
        assertThat(sweepOn("2026-09-04").instalmentsMissed()).isZero();
        PromiseSweep.Result missed = sweepOn("2026-09-05");

        assertThat(missed.instalmentsMissed()).isEqualTo(1);
        assertThat(status(plan)).isEqualTo("DELINQUENT");
        assertThat(f.book.rows("SELECT seq, status, paid_amount FROM payment_plan_instalment WHERE plan_id = ? ORDER BY seq", plan))
                .containsExactly("1|PAID|333.33", "2|MISSED|0.00", "3|DUE|0.00");
        assertThat(f.book.rows("SELECT kind, title FROM task WHERE debtor_id = ?", debtor))
                .containsExactly("MISSED_INSTALMENT|Missed instalment of payment plan " + plan);
        assertThat(f.book.queryLong("SELECT count(*) FROM hold WHERE debtor_id = ? AND released_at IS NULL", debtor)).isEqualTo(1);

        PromiseSweep.Result defaulted = sweepOn("2026-10-05");

        assertThat(defaulted.plansDefaulted()).isEqualTo(1);
        assertThat(status(plan)).isEqualTo("DEFAULTED");
        assertThat(f.book.queryLong("SELECT count(*) FROM hold WHERE debtor_id = ? AND released_at IS NULL", debtor)).isZero();
        assertThat(f.book.rows("SELECT kind FROM task WHERE debtor_id = ? ORDER BY id", debtor))
                .containsExactly("MISSED_INSTALMENT", "PLAN_DEFAULTED");
    }

    @Test
    void aPlanPaidInFullIsCompletedAndItsHoldLifted() {
        long plan = new PaymentPlans(f.db.dataSource(), f.hub.holds()).create(new PaymentPlans.Request(debtor, "EUR",
                PaymentPlans.parse("--instalments", "2026-08-01:100.00,2026-09-01:150.00"), 0, null, "forbearance noted"));
        payment("250.00", "2026-07-20");

        PromiseSweep.Result r = sweepOn("2026-07-21");

        assertThat(r.plansCompleted()).isEqualTo(1);
        assertThat(status(plan)).isEqualTo("COMPLETED");
        assertThat(f.book.queryLong("SELECT count(*) FROM hold WHERE debtor_id = ? AND released_at IS NULL", debtor)).isZero();
    }

    @Test
    void aPlanForAnUnknownDebtorIsRefusedNamingIt() {
        PaymentPlans plans = new PaymentPlans(f.db.dataSource(), f.hub.holds());

        assertThatThrownBy(() -> plans.create(new PaymentPlans.Request(9999, "EUR",
                PaymentPlans.parse("--instalments", "2026-08-01:100.00"), 0, null, null)))
                .hasMessage("debtor 9999: no such debtor");
        assertThat(f.book.queryLong("SELECT count(*) FROM hold")).isZero();
    }

    String status(long plan) {
        return f.book.queryString("SELECT status FROM payment_plan WHERE id = ?", plan);
    }
}
