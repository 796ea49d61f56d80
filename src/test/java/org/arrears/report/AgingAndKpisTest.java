package org.arrears.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.arrears.db.Database;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Aging, DSO, ADD and CEI of {@link FixedBook}, whose figures are worked out by hand in its comment. */
class AgingAndKpisTest {

    static Database db;

    @BeforeAll
    static void book() throws Exception {
        db = TestDatabase.fresh();
        FixedBook.write(db.dataSource());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void agingAsOfAPastDateAddsBackLaterPaymentsAndLeavesOutLaterInvoices() {
        ReportTable t = new Aging(db.dataSource()).asOf(FixedBook.AS_OF, CreditorScope.all());

        List<Object> eur = t.find("creditor", "default", "currency", "EUR");
        // E-E (issued after AS_OF) is left out; E-D's payment of 2026-04-05 is added back: 420,000 current
        assertThat(eur.subList(2, 9).stream().map(String::valueOf).toList())
                .containsExactly("4", "600000.00", "420000.00", "30000.00", "50000.00", "100000.00", "0.00");
        assertThat(t.columns()).containsExactly("creditor", "currency", "invoices", "total", "current", "1-30", "31-60",
                "61-90", "90+");
    }

    @Test
    void agingBucketsFollowR44sInclusiveBounds() {
        ReportTable t = new Aging(db.dataSource()).asOf(FixedBook.AS_OF, CreditorScope.all());

        List<Object> usd = t.find("creditor", "acme", "currency", "USD");
        // DPD 0 current, 30 in 1-30, 31 in 31-60, 90 in 61-90, 91 in 90+; the one paid before AS_OF is not open
        assertThat(usd.subList(2, 9).stream().map(String::valueOf).toList())
                .containsExactly("5", "310.00", "10.00", "20.00", "40.00", "80.00", "160.00");
    }

    @Test
    void agingOnTheDayAPaidInvoiceWasStillOpenCountsIt() {
        ReportTable t = new Aging(db.dataSource()).asOf(java.time.LocalDate.of(2026, 2, 28), CreditorScope.all());

        // on 2026-02-28: U-0, U-30 and U-31 (DPD 0) current; U-90 (DPD 59) and U-91 (DPD 60) in 31-60;
        // U-100 (due 2025-12-21, paid 2026-03-01) still open, DPD 69, in 61-90
        List<Object> usd = t.find("creditor", "acme", "currency", "USD");
        assertThat(usd.subList(2, 9).stream().map(String::valueOf).toList())
                .containsExactly("6", "315.00", "70.00", "0.00", "240.00", "5.00", "0.00");
    }

    @Test
    void dsoBestPossibleDsoAddAndCeiMatchR45sFixture() {
        Kpis.Row r = new Kpis(db.dataSource()).compute(FixedBook.AS_OF, 90, CreditorScope.all()).stream()
                .filter(x -> x.creditor().equals("default") && x.currency().equals("EUR")).findFirst().orElseThrow();

        assertThat(r.beginningAr()).isEqualByComparingTo("500000");
        assertThat(r.creditSales()).isEqualByComparingTo("1200000");
        assertThat(r.endingAr()).isEqualByComparingTo("600000");
        assertThat(r.endingCurrentAr()).isEqualByComparingTo("420000");
        assertThat(r.dso()).isEqualByComparingTo("45.00");
        assertThat(r.bestPossibleDso()).isEqualByComparingTo("31.50");
        assertThat(r.add()).isEqualByComparingTo("13.50");
        assertThat(r.cei()).isEqualByComparingTo("85.94");
        assertThat(r.percentCurrent()).isEqualByComparingTo("70.00");
    }

    @Test
    void eachCurrencyHasATotalRowOverTheCreditorsInScope() {
        Kpis kpis = new Kpis(db.dataSource());
        ReportTable all = kpis.dso(FixedBook.AS_OF, 90, CreditorScope.all());
        ReportTable acmeOnly = kpis.cei(FixedBook.AS_OF, 90, CreditorScope.of(List.of(2L)));

        assertThat(all.find("creditor", Aging.TOTAL, "currency", "EUR").get(all.column("dso")))
                .isEqualTo(new BigDecimal("45.00"));
        assertThat(acmeOnly.rows()).extracting(r -> r.get(0) + "/" + r.get(1)).containsExactly("acme/USD", "(total)/USD");
        // USD: nothing sold in the period, so no CEI (its divisor is the beginning AR 315 less current 10: 305;
        // collected 315 - 310 = 5 -> 1.64)
        assertThat(acmeOnly.find("creditor", "acme").get(acmeOnly.column("cei"))).isEqualTo(new BigDecimal("1.64"));
        assertThat(all.find("creditor", "acme").get(all.column("dso"))).isNull();
    }

    @Test
    void aScopeWithoutTheCreditorSeesNothingOfIt() {
        ReportTable t = new Aging(db.dataSource()).asOf(FixedBook.AS_OF, CreditorScope.of(List.of(1L)));

        assertThat(t.rows()).extracting(r -> r.get(1)).containsOnly("EUR");
    }

    @Test
    void bucketBoundsFromASettingMustAscend() {
        assertThat(Aging.parseBounds("arrears.reports.aging-buckets", "15,45")).containsExactly(15, 45);
        assertThatThrownBy(() -> Aging.parseBounds("arrears.reports.aging-buckets", "60,30"))
                .hasMessageStartingWith("arrears.reports.aging-buckets=60,30: expected ascending whole numbers");
    }
}
