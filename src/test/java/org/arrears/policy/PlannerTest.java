package org.arrears.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ReasonCode;
import org.arrears.compliance.Verdict;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.testing.HubFixture;
import org.arrears.testing.MutableClock;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner against a real database, with the small flow ladder (courtesy -3, reminder +1, follow-up +7,
 * final-notice +20 repeating every 7, escalation task +40) unless a test writes its own policies.
 * Every as-of date is explicit; nothing depends on today's date.
 */
class PlannerTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 3, 16);
    static final Instant START = AS_OF.atTime(9, 0).toInstant(ZoneOffset.UTC);
    static final String FLOW = "src/test/resources/policies/flow";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private HubFixture hub(String policies) {
        return hub(policies, Map.of());
    }

    private HubFixture hub(String policies, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(more);
        settings.put("arrears.policies", policies);
        HubFixture f = new HubFixture(START, settings);
        open.add(f);
        return f;
    }

    private HubFixture flow() {
        return hub(FLOW);
    }

    // ------------------------------------------------------------------ what one message covers

    @Test
    void aDebtorsCurrencyGroupsAreContactedOneADayOldestFirstEachMessageListingItsOwnCurrency() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Ada Lovelace", "Europe/London", "GB", "ada@example.test");
        long eur1 = b.invoice(d, "EUR", "100.00", AS_OF.minusDays(5));
        long eur2 = b.invoice(d, "EUR", "50.00", AS_OF.minusDays(2));
        long usd = b.invoice(d, "USD", "70.00", AS_OF.minusDays(3));

        PlanResult r = f.hub.planner().plan(AS_OF);
        PlanResult sameDay = f.hub.planner().plan(AS_OF);

        assertThat(r.lines()).containsExactly(new PlanResult.Line("flow", "reminder", "email", 1));
        assertThat(sameDay.planned()).as("the second currency waits for the next day").isZero();
        assertThat(f.hub.planner().plan(AS_OF.plusDays(1)).planned()).isEqualTo(1);
        assertThat(b.rows("SELECT debtor_id, currency, step_code, channel, address, total_amount, plan_date "
                + "FROM communication ORDER BY currency"))
                .containsExactly(d + "|EUR|reminder|email|ada@example.test|150.00|2026-03-16",
                        d + "|USD|reminder|email|ada@example.test|70.00|2026-03-17");
        assertThat(b.rows("SELECT ci.invoice_id, ci.open_amount_at_plan FROM communication_invoice ci "
                + "JOIN communication c ON c.id = ci.communication_id WHERE c.currency = 'EUR' ORDER BY ci.invoice_id"))
                .containsExactly(eur1 + "|100.00", eur2 + "|50.00");
        assertThat(b.rows("SELECT ci.invoice_id FROM communication_invoice ci "
                + "JOIN communication c ON c.id = ci.communication_id WHERE c.currency = 'USD'"))
                .containsExactly(String.valueOf(usd));
        assertThat(b.rows("SELECT debtor_id, currency, closed_at FROM dunning_cycle ORDER BY currency"))
                .containsExactly(d + "|EUR|null", d + "|USD|null");
        assertThat(b.queryLong("SELECT count(*) FROM communication c JOIN dunning_cycle cy ON cy.id = c.cycle_id "
                + "WHERE cy.currency = c.currency AND cy.debtor_id = c.debtor_id")).isEqualTo(2);
        assertThat(b.queryLong("SELECT count(*) FROM communication_event WHERE status = 'PLANNED'")).isEqualTo(2);
        assertThat(b.queryLong("SELECT count(*) FROM task")).isZero();
    }

    @Test
    void theStepIsTheHighestWhoseOffsetIsReached() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Grace Hopper", "Europe/London", "GB", "grace@example.test");
        b.invoice(d, "EUR", "80.00", AS_OF.minusDays(10));
        b.invoice(d, "EUR", "20.00", AS_OF.minusDays(1));

        f.hub.planner().plan(AS_OF);

        assertThat(b.rows("SELECT step_code, step_index, repeat_no, template, total_amount FROM communication"))
                .containsExactly("follow-up|2|0|follow-up|100.00");
    }

    @Test
    void courtesyListsAnInvoiceDueWithinItsOffsetAndIgnoresOneDueLater() {
        HubFixture f = flow();
        TestBook b = f.book;
        long soon = b.consumer("Due Soon", "Europe/London", "GB", "soon@example.test");
        long inv = b.invoice(soon, "EUR", "40.00", AS_OF.plusDays(2));
        long edge = b.consumer("Due In Three", "Europe/London", "GB", "edge@example.test");
        b.invoice(edge, "EUR", "30.00", AS_OF.plusDays(3));
        long later = b.consumer("Due Later", "Europe/London", "GB", "later@example.test");
        b.invoice(later, "EUR", "60.00", AS_OF.plusDays(5));

        f.hub.planner().plan(AS_OF);

        assertThat(b.rows("SELECT debtor_id, step_code, total_amount FROM communication ORDER BY debtor_id"))
                .containsExactly(soon + "|courtesy|40.00", edge + "|courtesy|30.00");
        assertThat(b.rows("SELECT ci.invoice_id FROM communication_invoice ci JOIN communication c ON c.id = ci.communication_id "
                + "WHERE c.debtor_id = ?", soon)).containsExactly(String.valueOf(inv));
        assertThat(b.queryLong("SELECT count(*) FROM dunning_cycle WHERE debtor_id = ?", later)).isZero();
    }

    // ------------------------------------------------------------------ idempotence

    @Test
    void planningTwiceOnTheSameDayPlansNothingNew() {
        HubFixture f = flow();
        TestBook b = f.book;
        long a = b.consumer("A", "Europe/London", "GB", "a@example.test");
        b.invoice(a, "EUR", "10.00", AS_OF.minusDays(3));
        b.invoice(a, "USD", "10.00", AS_OF.minusDays(25));
        long e = b.consumer("E", "Europe/London", "GB", "e@example.test");
        b.invoice(e, "EUR", "10.00", AS_OF.minusDays(41));

        PlanResult first = f.hub.planner().plan(AS_OF);
        List<Long> before = counts(b);
        PlanResult second = f.hub.planner().plan(AS_OF);

        // debtor a: its older USD group first, EUR on another day; debtor e: an escalation task
        assertThat(first.planned()).isEqualTo(1);
        assertThat(first.tasksCreated()).isEqualTo(1);
        assertThat(before).containsExactly(1L, 1L, 3L, 1L, 1L);
        assertThat(second.planned()).isZero();
        assertThat(second.tasksCreated()).isZero();
        assertThat(counts(b)).isEqualTo(before);
    }

    @Test
    void aBookPlannedInChunksOfTwoDebtorsGetsTheSameMessagesCyclesAndTasks() {
        HubFixture f = hub(FLOW, Map.of("arrears.planner.chunk-debtors", "2"));
        TestBook b = f.book;
        List<Long> debtors = new ArrayList<>();
        int[] daysOverdue = {3, 10, 25, 41, 2, 9, 1};
        for (int k = 0; k < daysOverdue.length; k++) {
            long d = b.consumer("Debtor " + k, "Europe/London", "GB", "d" + k + "@example.test");
            b.invoice(d, "EUR", "100.00", AS_OF.minusDays(daysOverdue[k]));
            debtors.add(d);
        }
        long twoCurrencies = debtors.get(0);
        b.invoice(twoCurrencies, "USD", "40.00", AS_OF.minusDays(8));

        PlanResult first = f.hub.planner().plan(AS_OF);
        PlanResult again = f.hub.planner().plan(AS_OF);

        // counts from the seven chunks add up per step, one line each
        assertThat(first.lines()).containsExactlyInAnyOrder(
                new PlanResult.Line("flow", "reminder", "email", 2),
                new PlanResult.Line("flow", "follow-up", "email", 3),
                new PlanResult.Line("flow", "final-notice", "email", 1));
        assertThat(first.tasksCreated()).isEqualTo(1);
        assertThat(b.rows("SELECT debtor_id, currency, step_code FROM communication ORDER BY debtor_id, currency"))
                .containsExactly(debtors.get(0) + "|USD|follow-up",
                        debtors.get(1) + "|EUR|follow-up", debtors.get(2) + "|EUR|final-notice",
                        debtors.get(4) + "|EUR|reminder", debtors.get(5) + "|EUR|follow-up", debtors.get(6) + "|EUR|reminder");
        assertThat(b.queryLong("SELECT count(*) FROM communication c JOIN dunning_cycle cy ON cy.id = c.cycle_id "
                + "AND cy.debtor_id = c.debtor_id AND cy.currency = c.currency")).isEqualTo(6);
        assertThat(b.queryLong("SELECT count(*) FROM dunning_cycle")).isEqualTo(8);
        assertThat(again.planned()).isZero();
        assertThat(again.tasksCreated()).isZero();
    }

    @Test
    void twoInstancesPlanningAtOnceOverOneDatabasePlanEachMessageOnce() throws Exception {
        List<LocalDate> days = List.of(AS_OF, AS_OF.plusDays(7), AS_OF.plusDays(21), AS_OF.plusDays(50));

        // The same book planned by one instance, day by day: the expected outcome.
        List<List<String>> expected = new ArrayList<>();
        List<Integer> expectedPlanned = new ArrayList<>();
        List<Integer> expectedTasks = new ArrayList<>();
        HubFixture ref = flow();
        concurrentBook(ref.book);
        for (LocalDate day : days) {
            PlanResult r = ref.hub.planner().plan(day);
            expectedPlanned.add(r.planned());
            expectedTasks.add(r.tasksCreated());
            expected.add(outcome(ref.book));
        }
        for (int i = 0; i < days.size(); i++) {
            assertThat(expectedPlanned.get(i) + expectedTasks.get(i)).as("work on %s", days.get(i)).isPositive();
        }
        assertThat(expectedTasks.stream().mapToInt(Integer::intValue).sum()).isPositive();

        // Two instances, each with its own pool, over one database.
        String url = TestDatabase.freshUrl();
        Database first = Database.of(url, "postgres", null, 4).migrate();
        Database second = Database.of(url, "postgres", null, 4);
        TestBook book = new TestBook(first.dataSource());
        concurrentBook(book);
        Settings settings = Settings.load(Path.of("config/application.properties")).with(Map.of(
                "arrears.data-dir", tmp.toString(), "arrears.token-secret", "test-secret-0123456789abcdef",
                "arrears.email.workers", "1", "arrears.policies", FLOW));
        MutableClock clock = new MutableClock(START);
        Hub one = Hub.over(first, settings, clock);
        open.add(one);
        Hub two = Hub.over(second, settings, clock);
        open.add(two);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < days.size(); i++) {
                LocalDate day = days.get(i);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<PlanResult> r1 = pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return one.planner().plan(day);
                });
                Future<PlanResult> r2 = pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return two.planner().plan(day);
                });
                PlanResult a = r1.get(60, TimeUnit.SECONDS);
                PlanResult b = r2.get(60, TimeUnit.SECONDS);

                assertThat(a.planned() + b.planned()).as("messages planned on %s", day).isEqualTo(expectedPlanned.get(i));
                assertThat(a.tasksCreated() + b.tasksCreated()).as("tasks on %s", day).isEqualTo(expectedTasks.get(i));
                assertThat(outcome(book)).as("rows after %s", day).isEqualTo(expected.get(i));
                assertThat(book.queryLong("SELECT count(*) FROM (SELECT debtor_id, currency, step_code, repeat_no, channel "
                        + "FROM communication GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1) twice")).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** 30 debtors at different points of the ladder, some with a second currency, two due for escalation. */
    private static void concurrentBook(TestBook b) {
        for (int i = 0; i < 30; i++) {
            long d = b.consumer("Debtor " + i, "Europe/London", "GB", "d" + i + "@example.test");
            b.invoice(d, "EUR", (10 + i) + ".00", AS_OF.minusDays(i % 15));
            if (i % 3 == 0) {
                b.invoice(d, "USD", "25.00", AS_OF.minusDays(i % 9 + 1));
            }
            if (i % 14 == 13) {
                b.invoice(d, "GBP", "99.00", AS_OF.minusDays(45));
            }
        }
    }

    /** Messages, links, cycles and tasks by their meaning (not by generated ids or tokens). */
    private static List<String> outcome(TestBook b) {
        List<String> out = new ArrayList<>();
        out.addAll(b.rows("SELECT 'message', debtor_id, currency, step_code, repeat_no, channel, total_amount, "
                + "(SELECT string_agg(ci.invoice_id::text, ',' ORDER BY ci.invoice_id) FROM communication_invoice ci "
                + "WHERE ci.communication_id = c.id) FROM communication c ORDER BY 2, 3, 4, 5"));
        out.addAll(b.rows("SELECT 'cycle', debtor_id, currency, closed_at IS NULL FROM dunning_cycle ORDER BY 2, 3, 4"));
        out.addAll(b.rows("SELECT 'task', t.kind, t.debtor_id, cy.currency, t.step_index FROM task t "
                + "JOIN dunning_cycle cy ON cy.id = t.cycle_id ORDER BY 3, 4"));
        return out;
    }

    // ------------------------------------------------------------------ moving through the ladder

    @Test
    void theNextDayNoStepBelowOneAlreadyPlannedInTheCycleIsPlanned() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Payer", "Europe/London", "GB", "payer@example.test");
        long oldest = b.invoice(d, "EUR", "80.00", AS_OF.minusDays(10));
        long newer = b.invoice(d, "EUR", "20.00", AS_OF.minusDays(1));

        f.hub.planner().plan(AS_OF);
        assertThat(b.rows("SELECT step_code FROM communication")).containsExactly("follow-up");
        long cycle = b.queryLong("SELECT id FROM dunning_cycle");

        b.pay(oldest, "80.00");
        PlanResult nextDay = f.hub.planner().plan(AS_OF.plusDays(1));
        PlanResult week = f.hub.planner().plan(AS_OF.plusDays(6));

        assertThat(nextDay.planned()).isZero();
        assertThat(week.planned()).isZero();
        assertThat(b.rows("SELECT step_code FROM communication")).containsExactly("follow-up");
        assertThat(b.rows("SELECT id, closed_at FROM dunning_cycle")).containsExactly(cycle + "|null");

        // the remaining invoice climbs on to the next step above the one already sent, in the same cycle
        f.hub.planner().plan(AS_OF.plusDays(19));
        assertThat(b.rows("SELECT step_code, cycle_id, total_amount FROM communication ORDER BY id"))
                .containsExactly("follow-up|" + cycle + "|100.00", "final-notice|" + cycle + "|20.00");
        assertThat(b.rows("SELECT ci.invoice_id FROM communication_invoice ci JOIN communication c ON c.id = ci.communication_id "
                + "WHERE c.step_code = 'final-notice'")).containsExactly(String.valueOf(newer));
    }

    @Test
    void aLaterInvoiceStartsItsOwnCycleOnceEverythingOverdueIsPaid() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Steady Buyer", "Europe/London", "GB", "steady@example.test");
        long overdue = b.invoice(d, "EUR", "80.00", AS_OF.minusDays(10));
        long later = b.invoice(d, "EUR", "45.00", AS_OF.plusDays(20));
        f.hub.planner().plan(AS_OF);
        long first = b.queryLong("SELECT id FROM dunning_cycle");

        b.pay(overdue, "80.00");
        f.hub.planner().plan(AS_OF.plusDays(1));
        assertThat(b.rows("SELECT id, closed_at IS NOT NULL FROM dunning_cycle")).containsExactly(first + "|t");

        // the later invoice falls due: its own cycle, from the bottom of the ladder (not the first cycle's next step)
        f.hub.planner().plan(AS_OF.plusDays(21));
        assertThat(b.rows("SELECT step_code, cycle_id <> ? FROM communication ORDER BY id", first))
                .containsExactly("follow-up|f", "reminder|t");
        assertThat(b.rows("SELECT ci.invoice_id FROM communication_invoice ci JOIN communication c ON c.id = ci.communication_id "
                + "WHERE c.step_code = 'reminder'")).containsExactly(String.valueOf(later));
    }

    @Test
    void theRepeatingFinalStepRepeatsEverySevenDays() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Slow Payer", "Europe/London", "GB", "slow@example.test");
        LocalDate due = AS_OF.minusDays(20);
        b.invoice(d, "EUR", "300.00", due);

        PlanResult day20 = f.hub.planner().plan(due.plusDays(20));
        PlanResult day27 = f.hub.planner().plan(due.plusDays(27));
        PlanResult day28 = f.hub.planner().plan(due.plusDays(28));

        assertThat(day20.planned()).isEqualTo(1);
        assertThat(day27.planned()).isEqualTo(1);
        assertThat(day28.planned()).isZero();
        assertThat(b.rows("SELECT step_code, repeat_no, plan_date FROM communication ORDER BY id"))
                .containsExactly("final-notice|0|" + due.plusDays(20), "final-notice|1|" + due.plusDays(27));
        List<String> keys = b.rows("SELECT dedupe_key FROM communication ORDER BY id");
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(keys.get(0)).contains(":final-notice:").endsWith(":0:email");
        assertThat(keys.get(1)).contains(":final-notice:").endsWith(":1:email");
        assertThat(b.queryLong("SELECT count(DISTINCT cycle_id) FROM communication")).isEqualTo(1);
    }

    @Test
    void escalationCreatesOneTaskAndNoMessage() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Escalated", "Europe/London", "GB", "esc@example.test");
        b.invoice(d, "EUR", "500.00", AS_OF.minusDays(40));

        PlanResult first = f.hub.planner().plan(AS_OF);
        PlanResult again = f.hub.planner().plan(AS_OF);
        PlanResult later = f.hub.planner().plan(AS_OF.plusDays(10));

        assertThat(first.tasksCreated()).isEqualTo(1);
        assertThat(first.planned()).isZero();
        assertThat(again.tasksCreated()).isZero();
        assertThat(later.tasksCreated()).isZero();
        assertThat(later.planned()).isZero();
        long cycle = b.queryLong("SELECT id FROM dunning_cycle");
        assertThat(b.rows("SELECT kind, debtor_id, cycle_id, step_index, title, status FROM task"))
                .containsExactly("ESCALATION|" + d + "|" + cycle + "|4|Review for legal action|OPEN");
        assertThat(b.queryString("SELECT detail FROM task")).contains("EUR").contains("500.00").contains("40 days");
        assertThat(b.queryLong("SELECT count(*) FROM communication")).isZero();
    }

    // ------------------------------------------------------------------ holds and balances

    @Test
    void anInvoiceDisputeLeavesThatInvoiceOutOfTheMessage() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Disputer", "Europe/London", "GB", "disp@example.test");
        long disputed = b.invoice(d, "EUR", "900.00", AS_OF.minusDays(10));
        long other = b.invoice(d, "EUR", "100.00", AS_OF.minusDays(3));
        b.hold(d, disputed, "DISPUTE", null);

        f.hub.planner().plan(AS_OF);

        // the disputed invoice neither counts towards the step nor is listed
        assertThat(b.rows("SELECT step_code, total_amount FROM communication")).containsExactly("reminder|100.00");
        assertThat(b.rows("SELECT invoice_id FROM communication_invoice")).containsExactly(String.valueOf(other));
    }

    @Test
    void aDebtorPromiseToPayPlansNothingUntilItsDateHasPassed() {
        HubFixture f = flow();
        TestBook b = f.book;
        long promised = b.consumer("Promiser", "Europe/London", "GB", "prom@example.test");
        b.invoice(promised, "EUR", "100.00", AS_OF.minusDays(3));
        b.hold(promised, null, "PROMISE_TO_PAY", AS_OF.plusDays(2));
        long control = b.consumer("Control", "Europe/London", "GB", "ctl@example.test");
        b.invoice(control, "EUR", "100.00", AS_OF.minusDays(3));

        f.hub.planner().plan(AS_OF);
        assertThat(b.rows("SELECT debtor_id FROM communication")).containsExactly(String.valueOf(control));

        f.hub.planner().plan(AS_OF.plusDays(2));
        assertThat(b.queryLong("SELECT count(*) FROM communication WHERE debtor_id = ?", promised)).isZero();
        assertThat(b.queryLong("SELECT count(*) FROM dunning_cycle WHERE debtor_id = ?", promised)).isZero();

        f.hub.planner().plan(AS_OF.plusDays(3));
        assertThat(b.rows("SELECT step_code, plan_date FROM communication WHERE debtor_id = ?", promised))
                .containsExactly("reminder|" + AS_OF.plusDays(3));
    }

    @Test
    void aReleasedHoldDoesNotBlock() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Released", "Europe/London", "GB", "rel@example.test");
        long inv = b.invoice(d, "EUR", "100.00", AS_OF.minusDays(3));
        b.hold(d, null, "PROMISE_TO_PAY", AS_OF.plusDays(30));
        b.hold(d, inv, "DISPUTE", null);
        b.execute("UPDATE hold SET released_at = now() WHERE debtor_id = ?", d);

        f.hub.planner().plan(AS_OF);

        assertThat(b.rows("SELECT c.step_code, ci.invoice_id FROM communication c "
                + "JOIN communication_invoice ci ON ci.communication_id = c.id")).containsExactly("reminder|" + inv);
    }

    @Test
    void aFullyPaidInvoiceIsNotPlannedAndAPartlyPaidOneWithItsOpenAmount() {
        HubFixture f = flow();
        TestBook b = f.book;
        long paid = b.consumer("Paid Up", "Europe/London", "GB", "paid@example.test");
        long p = b.invoice(paid, "EUR", "100.00", AS_OF.minusDays(10));
        b.pay(p, "100.00");
        long part = b.consumer("Part Paid", "Europe/London", "GB", "part@example.test");
        long q = b.invoice(part, "EUR", "100.00", AS_OF.minusDays(10));
        b.pay(q, "60.00");

        f.hub.planner().plan(AS_OF);

        assertThat(b.rows("SELECT debtor_id, total_amount FROM communication")).containsExactly(part + "|40.00");
        assertThat(b.rows("SELECT invoice_id, open_amount_at_plan FROM communication_invoice")).containsExactly(q + "|40.00");
        assertThat(b.queryLong("SELECT count(*) FROM dunning_cycle WHERE debtor_id = ?", paid)).isZero();
    }

    @Test
    void aTotalBelowThePolicyMinimumPlansNothing() throws IOException {
        Path policies = policies("minbal.yaml", """
                code: minbal
                min-balance:
                  EUR: 100
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                """);
        HubFixture f = hub(policies.toString());
        TestBook b = f.book;
        long below = b.consumer("Below", "Europe/London", "GB", "below@example.test");
        b.invoice(below, "EUR", "60.00", AS_OF.minusDays(4));
        b.invoice(below, "EUR", "39.99", AS_OF.minusDays(2));
        long exact = b.consumer("Exact", "Europe/London", "GB", "exact@example.test");
        b.invoice(exact, "EUR", "60.00", AS_OF.minusDays(4));
        b.invoice(exact, "EUR", "40.00", AS_OF.minusDays(2));
        long dollars = b.consumer("Dollars", "Europe/London", "GB", "usd@example.test");
        b.invoice(dollars, "USD", "5.00", AS_OF.minusDays(2));

        f.hub.planner().plan(AS_OF);

        assertThat(b.rows("SELECT debtor_id, currency, total_amount FROM communication ORDER BY debtor_id"))
                .containsExactly(exact + "|EUR|100.00", dollars + "|USD|5.00");
        assertThat(b.queryLong("SELECT count(*) FROM dunning_cycle WHERE debtor_id = ?", below)).isZero();
    }

    @Test
    void minDaysBetweenContactsHoldsBackAHigherStep() throws IOException {
        Path policies = policies("gap.yaml", """
                code: gap
                min-days-between-contacts: 5
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                  - code: follow-up
                    offset: 7
                    channels: [email]
                    template: follow-up
                  - code: final-notice
                    offset: 20
                    channels: [email]
                    template: final-notice
                """);
        HubFixture f = hub(policies.toString());
        TestBook b = f.book;
        long d = b.consumer("Gap", "Europe/London", "GB", "gap@example.test");
        b.invoice(d, "EUR", "100.00", AS_OF.minusDays(5));

        f.hub.planner().plan(AS_OF);
        assertThat(b.rows("SELECT step_code FROM communication")).containsExactly("reminder");

        for (int day = 1; day <= 4; day++) {
            assertThat(f.hub.planner().plan(AS_OF.plusDays(day)).planned()).as("day +%d", day).isZero();
        }
        assertThat(f.hub.planner().plan(AS_OF.plusDays(5)).planned()).isEqualTo(1);
        assertThat(b.rows("SELECT step_code, plan_date FROM communication ORDER BY id"))
                .containsExactly("reminder|" + AS_OF, "follow-up|" + AS_OF.plusDays(5));
    }

    // ------------------------------------------------------------------ which policy

    @Test
    void segmentsAndExplicitPolicyCodesChooseThePolicy() throws IOException {
        Path dir = policies("b2b.yaml", """
                code: b2b
                priority: 10
                segment:
                  kind: B2B
                steps:
                  - code: b2b-notice
                    offset: 1
                    channels: [email]
                    template: firm
                """);
        Files.writeString(dir.resolve("retail.yaml"), """
                code: retail
                steps:
                  - code: retail-reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                """);
        Files.writeString(dir.resolve("swiss.yaml"), """
                code: swiss
                priority: 5
                segment:
                  sql: d.jurisdiction = 'CH'
                steps:
                  - code: swiss-reminder
                    offset: 1
                    channels: [email]
                    template: follow-up
                """);
        HubFixture f = hub(dir.toString());
        TestBook b = f.book;
        long business = b.debtor("Business Ltd", "B2B", "en", "Europe/London", "GB", "ap@business.test");
        long consumer = b.debtor("Con Sumer", "B2C", "en", "Europe/London", "GB", "con@example.test");
        long assignedB2b = b.debtor("Sole Trader", "B2C", "en", "Europe/London", "GB", "sole@example.test");
        b.execute("UPDATE debtor SET policy_code = 'b2b' WHERE id = ?", assignedB2b);
        long assignedRetail = b.debtor("Tiny Firm", "B2B", "en", "Europe/London", "GB", "tiny@example.test");
        b.execute("UPDATE debtor SET policy_code = 'retail' WHERE id = ?", assignedRetail);
        long swissFirm = b.debtor("Uhren AG", "B2B", "de", "Europe/Zurich", "CH", "ap@uhren.test");
        for (long d : List.of(business, consumer, assignedB2b, assignedRetail, swissFirm)) {
            b.invoice(d, "EUR", "100.00", AS_OF.minusDays(2));
        }

        f.hub.planner().plan(AS_OF);

        Map<String, String> versions = f.hub.policies().stream()
                .collect(Collectors.toMap(DunningPolicy::code, DunningPolicy::version));
        assertThat(b.rows("SELECT debtor_id, policy_code, step_code, template, policy_version FROM communication ORDER BY debtor_id"))
                .containsExactly(
                        business + "|b2b|b2b-notice|firm|" + versions.get("b2b"),
                        consumer + "|retail|retail-reminder|reminder|" + versions.get("retail"),
                        assignedB2b + "|b2b|b2b-notice|firm|" + versions.get("b2b"),
                        assignedRetail + "|retail|retail-reminder|reminder|" + versions.get("retail"),
                        swissFirm + "|swiss|swiss-reminder|follow-up|" + versions.get("swiss"));
    }

    // ------------------------------------------------------------------ dunning cycles

    @Test
    void aCycleClosesWhenEverythingIsPaidAndANewInvoiceStartsANewCycleFromItsOwnStep() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Cycler", "Europe/London", "GB", "cyc@example.test");
        long first = b.invoice(d, "EUR", "100.00", AS_OF.minusDays(10));

        f.hub.planner().plan(AS_OF);
        long cycle1 = b.queryLong("SELECT id FROM dunning_cycle");
        assertThat(b.rows("SELECT step_code, cycle_id FROM communication")).containsExactly("follow-up|" + cycle1);

        b.pay(first, "100.00");
        f.hub.planner().plan(AS_OF.plusDays(1));
        assertThat(b.rows("SELECT id, closed_at IS NOT NULL FROM dunning_cycle")).containsExactly(cycle1 + "|t");

        long second = b.invoice(d, "EUR", "70.00", AS_OF.plusDays(10));
        PlanResult r = f.hub.planner().plan(AS_OF.plusDays(12));

        assertThat(r.planned()).isEqualTo(1);
        long cycle2 = b.queryLong("SELECT id FROM dunning_cycle WHERE closed_at IS NULL");
        assertThat(cycle2).isNotEqualTo(cycle1);
        assertThat(b.rows("SELECT step_code, cycle_id, repeat_no FROM communication ORDER BY id"))
                .containsExactly("follow-up|" + cycle1 + "|0", "reminder|" + cycle2 + "|0");
        assertThat(b.rows("SELECT ci.invoice_id FROM communication_invoice ci JOIN communication c ON c.id = ci.communication_id "
                + "WHERE c.cycle_id = ?", cycle2)).containsExactly(String.valueOf(second));
        assertThat(b.queryLong("SELECT count(*) FROM dunning_cycle")).isEqualTo(2);
    }

    // ------------------------------------------------------------------ preview

    @Test
    void previewShowsWhatPlanThenCreatesAndWritesNothing() {
        HubFixture f = flow();
        TestBook b = f.book;
        long plain = b.consumer("Plain", "Europe/London", "GB", "plain@example.test");
        b.invoice(plain, "EUR", "100.00", AS_OF.minusDays(8));
        b.invoice(plain, "USD", "10.00", AS_OF.minusDays(1));
        long courtesy = b.consumer("Courtesy", "Europe/London", "GB", "court@example.test");
        b.invoice(courtesy, "EUR", "100.00", AS_OF.plusDays(1));
        long escalate = b.consumer("Escalate", "Europe/London", "GB", "escal@example.test");
        b.invoice(escalate, "EUR", "100.00", AS_OF.minusDays(45));
        long disputer = b.consumer("Disputer", "Europe/London", "GB", "disp@example.test");
        long disputed = b.invoice(disputer, "EUR", "100.00", AS_OF.minusDays(25));
        b.invoice(disputer, "EUR", "30.00", AS_OF.minusDays(2));
        b.hold(disputer, disputed, "DISPUTE", null);
        long promiser = b.consumer("Promiser", "Europe/London", "GB", "prom@example.test");
        b.invoice(promiser, "EUR", "100.00", AS_OF.minusDays(5));
        b.hold(promiser, null, "PROMISE_TO_PAY", AS_OF.plusDays(4));
        long small = b.consumer("Small", "Europe/London", "GB", "small@example.test");
        b.invoice(small, "EUR", "0.50", AS_OF.minusDays(5));

        for (LocalDate day : List.of(AS_OF, AS_OF.plusDays(14))) {
            List<Long> before = counts(b);
            Set<String> existing = plannedRows(b);
            PlanPreview preview = f.hub.planner().preview(day);
            assertThat(counts(b)).as("preview writes nothing").isEqualTo(before);
            assertThat(preview.asOf()).isEqualTo(day);

            f.hub.planner().plan(day);

            Set<String> created = plannedRows(b);
            created.removeAll(existing);
            Set<String> previewed = preview.candidates().stream()
                    .map(c -> c.debtorId() + "|" + c.currency() + "|" + c.step() + "|" + c.repeatNo() + "|" + c.channel())
                    .collect(Collectors.toSet());
            assertThat(created).as("planned on %s", day).isNotEmpty();
            assertThat(previewed).as("preview of %s", day).isEqualTo(created);
            assertThat(preview.candidates()).hasSize(created.size());
        }
        assertThat(f.hub.planner().preview(AS_OF.plusDays(14)).candidates()).as("nothing left to plan").isEmpty();
    }

    /** Messages and escalation tasks as debtor|currency|step|repeat|channel (channel 'task' for a task). */
    private static Set<String> plannedRows(TestBook b) {
        Set<String> out = new HashSet<>(b.rows("SELECT debtor_id, currency, step_code, repeat_no, channel FROM communication"));
        out.addAll(b.rows("SELECT t.debtor_id, cy.currency, 'escalation', 0, 'task' FROM task t "
                + "JOIN dunning_cycle cy ON cy.id = t.cycle_id"));
        return out;
    }

    @Test
    void previewCandidatesCarryTheirDetail() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Detail", "Europe/London", "GB", "detail@example.test");
        long i1 = b.invoice(d, "EUR", "100.00", AS_OF.minusDays(8));
        long i2 = b.invoice(d, "EUR", "25.50", AS_OF.minusDays(2));
        long cp = b.queryLong("SELECT id FROM contact_point WHERE debtor_id = ?", d);

        PlanPreview preview = f.hub.planner().preview(AS_OF);

        assertThat(preview.candidates()).containsExactly(new PlanPreview.Candidate("flow", d, "EUR", 8, "follow-up", 7, 0,
                "email", "follow-up", cp, "detail@example.test", new BigDecimal("125.50"),
                b.invoiceNumber(i1) + ", " + b.invoiceNumber(i2), "", null));
        assertThat(preview.candidates().get(0).why())
                .isEqualTo("oldest open invoice 8 days past due; step 'follow-up' starts at +7 days; by email");
        assertThat(preview.heldBack()).isEmpty();
    }

    private HubFixture omnichannel() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("omni"));
        Files.writeString(dir.resolve("omni.yaml"), """
                code: omni
                version: 1
                catch-up: age
                min-balance:
                  default: 1.00
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email, sms, letter]
                    template: reminder
                  - code: formal-demand
                    offset: 30
                    each: [email, letter]
                    template: formal-demand
                """);
        return hub(dir.toString());
    }

    @Test
    void aFallbackListPlansTheFirstChannelTheDebtorCanBeReachedOnAndKeepsTheRest() throws IOException {
        HubFixture f = omnichannel();
        TestBook b = f.book;
        long mailable = b.consumer("Mailable", "Europe/London", "GB", "m@example.test");
        b.invoice(mailable, "EUR", "10.00", AS_OF.minusDays(2));
        long phoneOnly = b.consumer("Phone", "Europe/London", "GB", null);
        b.phone(phoneOnly, "+447700900123", "CONSUMER_CONSENT");
        b.invoice(phoneOnly, "EUR", "10.00", AS_OF.minusDays(2));
        long optedOut = b.consumer("Opted", "Europe/London", "GB", "o@example.test");
        b.execute("UPDATE contact_point SET opted_out_at = now() WHERE debtor_id = ?", optedOut);
        b.postal(optedOut, "Opted\n1 High Street\nBristol BS1 1AA");
        b.invoice(optedOut, "EUR", "10.00", AS_OF.minusDays(2));
        long nowhere = b.consumer("Nowhere", "Europe/London", "GB", null);
        b.invoice(nowhere, "EUR", "10.00", AS_OF.minusDays(2));

        PlanPreview preview = f.hub.planner().preview(AS_OF);
        f.hub.planner().plan(AS_OF);

        assertThat(b.rows("SELECT debtor_id, channel, array_to_string(fallback_channels, ',') FROM communication"))
                .containsExactlyInAnyOrder(mailable + "|email|sms,letter", phoneOnly + "|sms|letter",
                        optedOut + "|letter|", nowhere + "|email|sms,letter");
        Map<Long, String> why = preview.candidates().stream()
                .collect(Collectors.toMap(PlanPreview.Candidate::debtorId, PlanPreview.Candidate::channelWhy));
        assertThat(why.get(mailable)).isEqualTo("by email, then sms, then letter if it cannot reach the debtor");
        assertThat(why.get(phoneOnly)).isEqualTo("by sms because email: no email address, then letter if it cannot reach the debtor");
        assertThat(why.get(optedOut)).isEqualTo("by letter because email: email opted out; sms: no sms address");
        assertThat(why.get(nowhere)).as("reachable nowhere: the first channel, the gate decides")
                .isEqualTo("by email, then sms, then letter if it cannot reach the debtor");
    }

    @Test
    void anAllOfStepPlansOneMessagePerChannelWithoutFallbacks() throws IOException {
        HubFixture f = omnichannel();
        TestBook b = f.book;
        long d = b.consumer("Both", "Europe/London", "GB", "both@example.test");
        b.postal(d, "Both\n1 High Street\nBristol BS1 1AA");
        b.invoice(d, "EUR", "10.00", AS_OF.minusDays(31));

        f.hub.planner().plan(AS_OF);

        assertThat(b.rows("SELECT step_code, channel, cardinality(fallback_channels) FROM communication"))
                .containsExactlyInAnyOrder("formal-demand|email|0", "formal-demand|letter|0");
    }

    @Test
    void theBestQualityAddressOfAChannelIsChosen() throws IOException {
        HubFixture f = omnichannel();
        TestBook b = f.book;
        long d = b.consumer("Two", "Europe/London", "GB", "first@example.test");
        long second = b.emailAddress(d, "second@example.test", "CONSUMER_USED", false);
        b.execute("UPDATE contact_point SET bounced_count = 1, delivered_count = 1 WHERE debtor_id = ? AND id <> ?", d, second);
        b.execute("UPDATE contact_point SET delivered_count = 2 WHERE id = ?", second);
        b.invoice(d, "EUR", "10.00", AS_OF.minusDays(2));

        f.hub.planner().plan(AS_OF);

        assertThat(b.queryString("SELECT address FROM communication WHERE debtor_id = ?", d)).isEqualTo("second@example.test");
    }

    @Test
    void previewListsWhatIsHeldBackAndWhy() {
        HubFixture f = flow();
        TestBook b = f.book;
        long disputer = b.consumer("Disputer", "Europe/London", "GB", "disp@example.test");
        long disputed = b.invoice(disputer, "EUR", "100.00", AS_OF.minusDays(25));
        b.invoice(disputer, "EUR", "30.00", AS_OF.minusDays(2));
        b.hold(disputer, disputed, "DISPUTE", null);
        long promiser = b.consumer("Promiser", "Europe/London", "GB", "prom@example.test");
        b.invoice(promiser, "EUR", "100.00", AS_OF.minusDays(5));
        b.hold(promiser, null, "PROMISE_TO_PAY", AS_OF.plusDays(4));
        long released = b.consumer("Released", "Europe/London", "GB", "rel@example.test");
        b.invoice(released, "EUR", "100.00", AS_OF.minusDays(5));
        b.hold(released, null, "PROMISE_TO_PAY", AS_OF.plusDays(4));
        b.execute("UPDATE hold SET released_at = now() WHERE debtor_id = ?", released);
        long small = b.consumer("Small", "Europe/London", "GB", "small@example.test");
        b.invoice(small, "EUR", "0.50", AS_OF.minusDays(5));

        List<PlanPreview.HeldBack> held = f.hub.planner().preview(AS_OF).heldBack();

        assertThat(held).extracting(PlanPreview.HeldBack::debtorId, PlanPreview.HeldBack::reason)
                .containsExactlyInAnyOrder(
                        tuple(disputer, "DISPUTE"),
                        tuple(promiser, "PROMISE_TO_PAY"),
                        tuple(small, "BELOW_MINIMUM"));
        Map<String, PlanPreview.HeldBack> byReason = new HashMap<>();
        held.forEach(h -> byReason.put(h.reason(), h));
        assertThat(byReason.get("DISPUTE").detail())
                .contains("invoice " + b.invoiceNumber(disputed)).doesNotContain("whole debtor");
        assertThat(byReason.get("DISPUTE").currency()).isEqualTo("EUR");
        assertThat(byReason.get("DISPUTE").daysPastDue()).isEqualTo(25);
        assertThat(byReason.get("PROMISE_TO_PAY").detail()).contains("whole debtor").contains("until " + AS_OF.plusDays(4));
        assertThat(byReason.get("BELOW_MINIMUM").detail()).isEqualTo("open EUR 0.50 is below the policy minimum 1.00");
        assertThat(held).allSatisfy(h -> assertThat(h.policy()).isEqualTo("flow"));
    }

    // ------------------------------------------------------------------ where a late newcomer starts, and when

    /** A ladder with a courtesy step first and a four-day gap; {@code extra} adds top-level keys. */
    private Path ladder(String extra) throws IOException {
        return policies("ladder.yaml", """
                code: ladder
                min-days-between-contacts: 4
                %s
                steps:
                  - code: courtesy
                    offset: -3
                    channels: [email]
                    template: courtesy
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                  - code: follow-up
                    offset: 7
                    channels: [email]
                    template: follow-up
                  - code: final-notice
                    offset: 45
                    channels: [email]
                    template: final-notice
                    repeat-every: 14
                  - code: escalation
                    offset: 75
                    action: task
                    task: Review for legal action
                """.formatted(extra));
    }

    @Test
    void aDebtorWhoEntersSixtyDaysLateGetsTheFirstReminderAndThenOneStepAtATime() throws IOException {
        HubFixture f = hub(ladder("").toString());
        TestBook b = f.book;
        long d = b.consumer("Late Newcomer", "Europe/London", "GB", "late@example.test");
        b.invoice(d, "EUR", "300.00", AS_OF.minusDays(60));

        for (int day = 0; day <= 20; day++) {
            f.hub.planner().plan(AS_OF.plusDays(day));
        }

        // no repeat of the final notice five days after it (on +13, where 73 days past due would count as repeat 2
        // by its offset): a repeat counts from the day the notice first went out, and the escalation (+15) ends the ladder
        assertThat(b.rows("SELECT step_code, repeat_no, plan_date FROM communication ORDER BY id")).containsExactly(
                "reminder|0|" + AS_OF, "follow-up|0|" + AS_OF.plusDays(4), "final-notice|1|" + AS_OF.plusDays(8));
        assertThat(b.rows("SELECT kind, step_index, detail FROM task")).as("escalation at +75 days, after the ladder")
                .containsExactly("ESCALATION|4|EUR 300.00 open, oldest invoice 75 days past due (policy ladder)");
    }

    @Test
    void aFinalNoticeReachedLateRepeatsFourteenDaysAfterItFirstWentOut() throws IOException {
        HubFixture f = hub(policies("repeat.yaml", """
                code: repeat
                min-days-between-contacts: 4
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                  - code: final-notice
                    offset: 45
                    channels: [email]
                    template: final-notice
                    repeat-every: 14
                """).toString());
        TestBook b = f.book;
        long d = b.consumer("Late Newcomer", "Europe/London", "GB", "late@example.test");
        b.invoice(d, "EUR", "300.00", AS_OF.minusDays(60));

        for (int day = 0; day <= 18; day++) {
            f.hub.planner().plan(AS_OF.plusDays(day));
        }

        assertThat(b.rows("SELECT step_code, repeat_no, plan_date FROM communication ORDER BY id")).containsExactly(
                "reminder|0|" + AS_OF, "final-notice|1|" + AS_OF.plusDays(4), "final-notice|2|" + AS_OF.plusDays(18));
    }

    @Test
    void withCatchUpAgeADebtorWhoEntersSixtyDaysLateStartsAtTheStepItsAgeReached() throws IOException {
        HubFixture f = hub(ladder("catch-up: age").toString());
        TestBook b = f.book;
        long d = b.consumer("Late Newcomer", "Europe/London", "GB", "late@example.test");
        b.invoice(d, "EUR", "300.00", AS_OF.minusDays(60));

        f.hub.planner().plan(AS_OF);

        assertThat(b.rows("SELECT step_code, repeat_no FROM communication")).containsExactly("final-notice|1");
    }

    @Test
    void anInvoiceNotYetDueStillGetsTheCourtesyReminderFirst() throws IOException {
        HubFixture f = hub(ladder("").toString());
        TestBook b = f.book;
        long d = b.consumer("Early", "Europe/London", "GB", "early@example.test");
        b.invoice(d, "EUR", "80.00", AS_OF.plusDays(2));

        f.hub.planner().plan(AS_OF);
        f.hub.planner().plan(AS_OF.plusDays(4));

        assertThat(b.rows("SELECT step_code, plan_date FROM communication ORDER BY id"))
                .containsExactly("courtesy|" + AS_OF, "reminder|" + AS_OF.plusDays(4));
    }

    @Test
    void planningForALaterDayMakesItsMessagesDueThatDayNotNow() {
        HubFixture f = flow();
        TestBook b = f.book;
        long today = b.consumer("Today", "Europe/London", "GB", "today@example.test");
        b.invoice(today, "EUR", "100.00", AS_OF.minusDays(5));
        f.hub.planner().plan(AS_OF);
        long tomorrow = b.consumer("Tomorrow", "Europe/London", "GB", "tomorrow@example.test");
        b.invoice(tomorrow, "EUR", "100.00", AS_OF.minusDays(5));

        f.hub.planner().plan(AS_OF.plusDays(1));

        Instant dayStart = AS_OF.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(b.rows("SELECT debtor_id, plan_date, extract(epoch FROM not_before)::bigint FROM communication ORDER BY id"))
                .containsExactly(today + "|" + AS_OF + "|" + START.getEpochSecond(),
                        tomorrow + "|" + AS_OF.plusDays(1) + "|" + dayStart.getEpochSecond());
        assertThat(f.hub.lifecycle().claim(Channel.EMAIL, "test", 10, START.plusSeconds(60)))
                .extracting(m -> m.debtorId()).as("due now: only today's").containsExactly(today);
        assertThat(f.hub.lifecycle().claim(Channel.EMAIL, "test", 10, dayStart))
                .extracting(m -> m.debtorId()).containsExactly(tomorrow);
    }

    // ------------------------------------------------------------------ one contact per debtor across currencies

    @Test
    void aSecondCurrencyGroupWaitsForTheGapTakesItsTurnAndTheDryRunSaysWhy() throws IOException {
        HubFixture f = hub(ladder("").toString());
        TestBook b = f.book;
        long d = b.consumer("Two Currencies", "Europe/London", "GB", "two@example.test");
        b.invoice(d, "EUR", "100.00", AS_OF.minusDays(10));
        b.invoice(d, "USD", "900.00", AS_OF.minusDays(3));

        PlanPreview dry = f.hub.planner().preview(AS_OF);

        assertThat(dry.candidates()).extracting(PlanPreview.Candidate::currency).containsExactly("EUR");
        assertThat(dry.heldBack()).singleElement().satisfies(h -> {
            assertThat(h.currency()).isEqualTo("USD");
            assertThat(h.reason()).isEqualTo("MIN_DAYS_BETWEEN_CONTACTS");
            assertThat(h.detail()).contains("EUR");
        });
        for (int day = 0; day <= 8; day++) {
            f.hub.planner().plan(AS_OF.plusDays(day));
        }
        // EUR (older) first; USD, never contacted, takes the next turn; then EUR's follow-up
        assertThat(b.rows("SELECT currency, step_code, plan_date FROM communication ORDER BY id")).containsExactly(
                "EUR|reminder|" + AS_OF, "USD|reminder|" + AS_OF.plusDays(4), "EUR|follow-up|" + AS_OF.plusDays(8));
    }

    @Test
    void withNoGapInThePolicyTwoCurrencyGroupsAreStillNeverPlannedOnTheSameDay() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Two Currencies", "Europe/London", "GB", "two@example.test");
        b.invoice(d, "EUR", "100.00", AS_OF.minusDays(3));
        b.invoice(d, "USD", "100.00", AS_OF.minusDays(3));
        b.invoice(d, "GBP", "100.00", AS_OF.minusDays(3));

        assertThat(f.hub.planner().preview(AS_OF).heldBack())
                .extracting(PlanPreview.HeldBack::currency, PlanPreview.HeldBack::reason)
                .containsExactlyInAnyOrder(tuple("GBP", "MIN_DAYS_BETWEEN_CONTACTS"), tuple("USD", "MIN_DAYS_BETWEEN_CONTACTS"));
        for (int run = 0; run < 3; run++) {
            f.hub.planner().plan(AS_OF);
        }

        assertThat(b.rows("SELECT currency FROM communication")).containsExactly("EUR");
    }

    // ------------------------------------------------------------------ preview and plan agree

    @Test
    void previewUsesThePlannersAddressCurrencyAndInvoicesAndLeavesHeldInvoicesOut() {
        HubFixture f = flow();
        TestBook b = f.book;
        long d = b.consumer("Moved", "Europe/London", "GB", "old@example.test");
        b.execute("UPDATE contact_point SET preferred = true, opted_out_at = now() WHERE debtor_id = ?", d);
        b.emailAddress(d, "new@example.test", "CONSUMER_USED", false);
        long eurOpen = b.invoice(d, "EUR", "40.00", AS_OF.minusDays(9));
        long eurDisputed = b.invoice(d, "EUR", "60.00", AS_OF.minusDays(8));
        b.hold(d, eurDisputed, "DISPUTE", null);
        b.invoice(d, "USD", "25.00", AS_OF.minusDays(22));

        org.arrears.outreach.PreviewService.Preview first = f.hub.previews().render(d, "final-notice", null);
        org.arrears.outreach.PreviewService.Preview eur = f.hub.previews().render(d, "follow-up", "EUR");
        f.hub.planner().plan(AS_OF);

        assertThat(b.rows("SELECT currency, step_code, address FROM communication"))
                .containsExactly("USD|final-notice|new@example.test");
        assertThat(first.currency()).isEqualTo("USD");
        assertThat(first.contactPoint().address()).isEqualTo("new@example.test");
        assertThat(eur.message().text()).contains(b.invoiceNumber(eurOpen)).doesNotContain(b.invoiceNumber(eurDisputed));
        b.hold(d, null, "PROMISE_TO_PAY", AS_OF.plusDays(3));
        assertThatThrownBy(() -> f.hub.previews().render(d, "follow-up", "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("on hold: DISPUTE (invoice " + eurDisputed + "), PROMISE_TO_PAY (whole debtor)");
    }

    @Test
    void previewSaysWhatTheGateWouldDecideNow() {
        HubFixture f = flow();
        TestBook b = f.book;
        long reachable = b.consumer("Reachable", "Europe/London", "GB", "ok@example.test");
        b.invoice(reachable, "EUR", "40.00", AS_OF.minusDays(3));
        long optedOut = b.consumer("Opted Out", "Europe/London", "GB", "out@example.test");
        b.invoice(optedOut, "EUR", "40.00", AS_OF.minusDays(3));
        b.execute("UPDATE contact_point SET opted_out_at = now() WHERE debtor_id = ?", optedOut);

        assertThat(f.hub.previews().render(reachable, "reminder", null).gate().verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.hub.previews().render(optedOut, "reminder", null).gate())
                .satisfies(g -> assertThat(g.verdict()).isEqualTo(Verdict.DENY))
                .satisfies(g -> assertThat(g.reason()).isEqualTo(ReasonCode.OPTED_OUT));
        f.clock.set(AS_OF.atTime(23, 30).toInstant(ZoneOffset.UTC));
        assertThat(f.hub.previews().render(reachable, "reminder", null).gate())
                .satisfies(g -> assertThat(g.verdict()).isEqualTo(Verdict.DEFER))
                .satisfies(g -> assertThat(g.notBefore()).isAfter(f.clock.instant()));
    }

    // ------------------------------------------------------------------ the policies' SQL

    @Test
    void aSegmentThatRunsPastTheStatementTimeoutStopsThePlanningRunInsteadOfHangingIt() throws IOException {
        Path dir = policies("slow.yaml", """
                code: slow
                segment:
                  sql: "(SELECT count(*) FROM pg_sleep(30)) = 1"
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                """);
        HubFixture f = hub(dir.toString(), Map.of("arrears.planner.statement-timeout", "PT0.3S"));
        long d = f.book.consumer("Slow", "Europe/London", "GB", "slow@example.test");
        f.book.invoice(d, "EUR", "40.00", AS_OF.minusDays(3));

        long started = System.nanoTime();
        assertThatThrownBy(() -> f.hub.planner().plan(AS_OF)).hasMessageContaining("statement timeout");
        assertThatThrownBy(() -> f.hub.planner().preview(AS_OF)).hasMessageContaining("statement timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aSegmentWhoseSqlTheDebtorSourceRejectsStopsStartupWithTheFileAndLine() throws IOException {
        String yaml = """
                code: typo
                segment:
                  kind: B2C
                  sql: "d.jurisdicton LIKE 'US-%'"
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                """;
        Path dir = policies("typo.yaml", yaml);

        assertThatThrownBy(() -> hub(dir.toString()))
                .isInstanceOf(PolicyException.class)
                .message()
                .startsWith(dir.resolve("typo.yaml") + ":4: segment.sql is not a condition the debtor source (alias d) accepts")
                .contains("jurisdicton");
    }

    // ------------------------------------------------------------------ helpers

    /** communication, communication_invoice, communication_event, task, dunning_cycle row counts. */
    private static List<Long> counts(TestBook b) {
        return List.of(b.queryLong("SELECT count(*) FROM communication"),
                b.queryLong("SELECT count(*) FROM communication_invoice"),
                b.queryLong("SELECT count(*) FROM dunning_cycle"),
                b.queryLong("SELECT count(*) FROM task"),
                b.queryLong("SELECT count(*) FROM communication_event"));
    }

    private Path policies(String file, String yaml) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("policies-" + file.replace(".yaml", "")));
        Files.writeString(dir.resolve(file), yaml);
        return dir;
    }
}
