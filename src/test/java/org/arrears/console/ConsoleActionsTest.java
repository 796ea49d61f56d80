package org.arrears.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arrears.testing.HubFixture;
import org.arrears.testing.TestBook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's forms as plain classes over a real database: what each writes, audits and refuses. */
class ConsoleActionsTest {

    static final Instant NOW = Instant.parse("2026-03-16T10:00:00Z");
    static final LocalDate TODAY = LocalDate.parse("2026-03-16");

    HubFixture fx;
    TestBook book;
    ConsoleServices services;
    ConsoleUser agent;
    long debtor;
    long invoice;

    @BeforeEach
    void setUp() {
        fx = new HubFixture(NOW, Map.of("arrears.policies", "src/test/resources/policies/flow"));
        book = fx.book;
        services = ConsoleServices.of(fx.hub);
        agent = new ConsoleUser(1, "ann", Role.AGENT, List.of(1L));
        debtor = book.consumer("Ivy Invoice", "Europe/London", "GB", "ivy@example.test");
        invoice = book.invoice(debtor, "EUR", "90.00", TODAY.minusDays(40));
        book.invoice(debtor, "EUR", "60.00", TODAY.minusDays(5));
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    String post(Page page, String action, Map<String, String> path, Map<String, String> form) throws Exception {
        Map<String, List<String>> f = new HashMap<>();
        form.forEach((k, v) -> f.put(k, List.of(v.split("\\|", -1))));
        return page.actions().get(action).run().run(new PageRequest(agent, path, Map.of(), f, services));
    }

    String onDebtor(String action, Map<String, String> form) throws Exception {
        return post(new DebtorPage(), action, Map.of("id", String.valueOf(debtor)), form);
    }

    @Test
    void aPaymentPlanIsAHoldUntilTheLastInstalmentWithItsScheduleAndAnAuditRow() throws Exception {
        assertThat(onDebtor("plan", Map.of("total", "150.00", "count", "3", "first", "2026-03-20", "every", "30")))
                .isEqualTo("debtors/" + debtor);
        assertThat(book.queryString("SELECT kind || ' ' || until || ' ' || reason FROM hold WHERE debtor_id = ?", debtor))
                .isEqualTo("PAYMENT_PLAN 2026-05-19 payment plan taken by ann: 2026-03-20 50.00, 2026-04-19 50.00, 2026-05-19 50.00");
        assertThat(book.queryString("SELECT after::text FROM audit_log WHERE action = 'debtor.plan'"))
                .contains("\"instalments\": [\"2026-03-20 50.00\", \"2026-04-19 50.00\", \"2026-05-19 50.00\"]");
    }

    @Test
    void aScheduleSplitsTheTotalAndTheLastInstalmentTakesTheCents() {
        assertThat(Promises.schedule(new BigDecimal("100.00"), 3, TODAY, 7)).extracting(Promises.Instalment::amount)
                .containsExactly(new BigDecimal("33.33"), new BigDecimal("33.33"), new BigDecimal("33.34"));
        assertThatThrownBy(() -> Promises.schedule(new BigDecimal("100.00"), 1, TODAY, 7))
                .hasMessage("instalments 1: between 2 and 60");
    }

    @Test
    void aDisputeHoldsTheChosenInvoiceAndACallIsOnTheTimeline() throws Exception {
        onDebtor("dispute", Map.of("invoice", String.valueOf(invoice), "reason", "goods never arrived"));
        onDebtor("call", Map.of("outcome", "reached", "text", "says the parcel is missing"));
        assertThat(book.queryString("SELECT kind || ' ' || invoice_id || ' ' || reason FROM hold WHERE debtor_id = ?", debtor))
                .isEqualTo("DISPUTE " + invoice + " goods never arrived");
        Map<String, Object> page = new DebtorPage().model(new PageRequest(agent, Map.of("id", String.valueOf(debtor)), Map.of(),
                Map.of(), services));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) page.get("timeline");
        assertThat(timeline).extracting(e -> e.get("summary")).contains("call: reached", "dispute hold");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) page.get("invoices");
        assertThat(invoices).extracting(i -> i.get("bucket")).containsExactly("31-60", "1-30");
    }

    @Test
    void badInputGetsAShortErrorNamingTheFieldAndChangesNothing() {
        assertThatThrownBy(() -> onDebtor("promise", Map.of("date", "2026-03-01", "amount", "10")))
                .hasMessage("date 2026-03-01: a promise to pay cannot be in the past");
        assertThatThrownBy(() -> onDebtor("promise", Map.of("date", "16/03/2026", "amount", "10")))
                .hasMessage("date '16/03/2026': not a date (YYYY-MM-DD)");
        assertThatThrownBy(() -> onDebtor("promise", Map.of("date", "2026-03-30", "amount", "-5")))
                .hasMessage("amount '-5': must be a positive amount with at most 2 decimals");
        assertThatThrownBy(() -> onDebtor("flag", Map.of("flag", "attorney_represented")))
                .hasMessage("attorney_contact: required for an attorney (name, phone, address)");
        assertThatThrownBy(() -> onDebtor("contact", Map.of("channel", "fax", "address", "x", "consent_source", "CONSUMER_USED")))
                .hasMessage("channel 'fax': email, sms, letter or phone");
        assertThat(book.queryLong("SELECT count(*) FROM hold")).isZero();
        assertThat(book.queryLong("SELECT count(*) FROM audit_log")).isZero();
    }

    @Test
    void legalFlagsAndAContactPointAreRecordedForTheDebtor() throws Exception {
        onDebtor("flag", Map.of("flag", "attorney_represented", "attorney_contact", "Mo Law, +44 20 7946 0000"));
        onDebtor("contact", Map.of("channel", "sms", "address", "+447700900123", "consent_source", "CONSUMER_CONSENT"));
        assertThat(book.queryString("SELECT attorney_represented || ' ' || source FROM debtor_flag WHERE debtor_id = ?", debtor))
                .isEqualTo("true OPERATOR");
        assertThat(book.queryString("SELECT attorney_contact FROM debtor WHERE id = ?", debtor)).isEqualTo("Mo Law, +44 20 7946 0000");
        assertThat(book.queryString("SELECT consent_source FROM contact_point WHERE channel = 'sms'")).isEqualTo("CONSUMER_CONSENT");
        assertThatThrownBy(() -> onDebtor("contact", Map.of("channel", "sms", "address", "+447700900123",
                "consent_source", "CONSUMER_CONSENT"))).hasMessage("address: the debtor already has this sms contact point");
    }

    @Test
    void aDebtorOfAnotherCreditorIsNotFoundForAnyForm() {
        ConsoleUser other = new ConsoleUser(2, "olga", Role.AGENT, List.of(2L));
        Map<String, List<String>> form = Map.of("outcome", List.of("reached"));
        assertThatThrownBy(() -> new DebtorPage().actions().get("call").run().run(
                new PageRequest(other, Map.of("id", String.valueOf(debtor)), Map.of(), form, services)))
                .isInstanceOf(Scope.NotFound.class);
        assertThat(book.queryLong("SELECT count(*) FROM debtor_note")).isZero();
    }

    @Test
    void aSuspensePaymentMatchedToADebtorPaysItsOldestInvoicesAndCreditsTheRest() throws Exception {
        long payment = book.queryLong("""
                INSERT INTO payment (amount, currency, booking_date, status, suspense_reason)
                VALUES (200.00, 'EUR', '2026-03-16', 'SUSPENSE', 'UNMATCHED: no reference') RETURNING id""");
        post(new PaymentsPage(), "match", Map.of(), Map.of("payment", String.valueOf(payment), "debtor", String.valueOf(debtor)));
        assertThat(book.queryString("SELECT status || ' ' || match_method FROM payment WHERE id = ?", payment)).isEqualTo("CREDIT MANUAL");
        assertThat(book.queryLong("SELECT count(*) FROM invoice WHERE debtor_id = ? AND open_amount > 0", debtor)).isZero();
        assertThat(book.queryString("SELECT amount FROM debtor_credit WHERE payment_id = ?", payment)).isEqualTo("50.00");
        assertThatThrownBy(() -> post(new PaymentsPage(), "match", Map.of(),
                Map.of("payment", String.valueOf(payment), "debtor", String.valueOf(debtor))))
                .hasMessage("payment " + payment + ": not a payment on the suspense list");
    }
}
