package org.arrears.bench;

import static org.arrears.bench.BenchSupport.check;
import static org.arrears.bench.BenchSupport.deleteTree;
import static org.arrears.bench.BenchSupport.peakHeapBytes;
import static org.arrears.bench.BenchSupport.resetPeaks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.demo.BookSeeder;
import org.arrears.demo.SeedSpec;
import org.arrears.report.Aging;
import org.arrears.report.CampaignEffectiveness;
import org.arrears.report.CollectorActivity;
import org.arrears.report.CreditorScope;
import org.arrears.report.DebtorTimeline;
import org.arrears.report.Kpis;
import org.arrears.report.Placement;
import org.arrears.report.ReportTable;
import org.arrears.report.Worklist;

/**
 * The console's queries over a large book: the worklist's first page over {@code debtors / 10} open tasks, a whole
 * debtor page (debtor, open invoices, contact points, holds, timeline), and each report over {@code debtors}
 * invoices. The book: the demo's realistic book (BookSeeder, 1,000 debtors with holds, flags, payments and the
 * messages the planner plans for them), then set-based bulk rows ({@code generate_series}) for the rest: one invoice
 * per debtor over two creditors and two currencies, due over the last 200 days, a fifth paid (payment and
 * allocation, dated over the last 120 days), one email address each, a hold on one in twenty, and an open task on one
 * in ten. Each figure is the median of several warm runs, timed at the client (so it includes the transfer).
 */
public final class ConsoleBenchmark {

    /** The figures of one run. */
    public record Result(long worklistMs, long debtorMs, long agingMs, long dsoMs, long ceiMs, long peakHeapMb,
                         Map<String, Long> others) {
        public String line() {
            return "worklist_ms=" + worklistMs + " debtor_ms=" + debtorMs + " aging_ms=" + agingMs + " dso_ms=" + dsoMs
                    + " cei_ms=" + ceiMs + " peak_heap_mb=" + peakHeapMb;
        }
    }

    private static final int RUNS = 5;

    private ConsoleBenchmark() {
    }

    public static Result run(Settings base, int debtors, PrintStream out) throws Exception {
        if (debtors < 1_000) {
            throw new IllegalArgumentException("--debtors must be at least 1000 (the realistic part of the book), got " + debtors);
        }
        Path tmp = Files.createTempDirectory("arrears-bench-console-");
        LocalDate asOf = LocalDate.of(2026, 6, 3);
        Clock clock = Clock.fixed(asOf.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        try {
            Settings settings = base.with(Map.of("arrears.data-dir", tmp.toString(), "arrears.db.url", ""));
            try (Hub hub = Hub.start(settings, clock)) {
                DataSource ds = hub.database().dataSource();
                long t = System.nanoTime();
                new BookSeeder().seed(ds, SeedSpec.realistic(7, asOf));
                hub.planner().plan(asOf);
                int bulk = debtors - SeedSpec.DEFAULT_REALISTIC_DEBTORS;
                bulk(ds, bulk, debtors / 10, asOf);
                long openTasks = count(ds, "SELECT count(*) FROM task WHERE status = 'OPEN'");
                long invoices = count(ds, "SELECT count(*) FROM invoice");
                out.printf("seeded %,d debtors, %,d invoices, %,d open tasks in %.1f s (setup, not measured)%n",
                        count(ds, "SELECT count(*) FROM debtor"), invoices, openTasks, (System.nanoTime() - t) / 1e9);
                check(invoices >= debtors, "only " + invoices + " invoices for " + debtors + " debtors");

                CreditorScope all = CreditorScope.all();
                Worklist worklist = new Worklist(ds);
                DebtorTimeline timeline = new DebtorTimeline(ds);
                long[] pageDebtors = sampleDebtors(ds);
                System.gc();
                resetPeaks();
                Map<String, Long> ms = new LinkedHashMap<>();
                ms.put("worklist", median(() -> worklist.page(Worklist.Query.firstPage(50), all), r -> r.rows().size() == 50, "worklist page"));
                int[] next = {0};
                ms.put("debtor", median(() -> {
                    long d = pageDebtors[next[0]++ % pageDebtors.length];
                    ReportTable head = timeline.debtor(d, all);
                    timeline.invoices(d, asOf, all);
                    timeline.contactPoints(d, all);
                    timeline.holds(d, all);
                    timeline.timeline(d, all, 200);
                    return head;
                }, r -> r.rows().size() == 1, "debtor page"));
                ms.put("aging", median(() -> new Aging(ds).asOf(asOf, all), r -> !r.rows().isEmpty(), "aging"));
                ms.put("dso", median(() -> new Kpis(ds).dso(asOf, 90, all), r -> !r.rows().isEmpty(), "dso"));
                ms.put("cei", median(() -> new Kpis(ds).cei(asOf, 90, all), r -> !r.rows().isEmpty(), "cei"));
                ms.put("campaign", median(() -> new CampaignEffectiveness(ds).report(asOf, 30, 7, all), r -> true, "campaign"));
                ms.put("activity", median(() -> new CollectorActivity(ds).report(asOf, 30, all), r -> !r.rows().isEmpty(), "activity"));
                ms.put("placement_195dpd", median(() -> new Placement(ds).report(asOf, 195, all), r -> !r.rows().isEmpty(), "placement"));
                long peak = peakHeapBytes() / (1024 * 1024);
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT"); // so the embedded server's shutdown checkpoint is short
                }
                ms.forEach((k, v) -> out.printf("%-18s %,6d ms (median of %d warm runs)%n", k, v, RUNS));
                Map<String, Long> others = new LinkedHashMap<>(ms);
                for (String k : new String[] {"worklist", "debtor", "aging", "dso", "cei"}) {
                    others.remove(k);
                }
                return new Result(ms.get("worklist"), ms.get("debtor"), ms.get("aging"), ms.get("dso"), ms.get("cei"), peak, others);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** One warm-up run, then the median of {@link #RUNS} timed runs; each result is checked. */
    private static long median(Supplier<ReportTable> query, java.util.function.Predicate<ReportTable> ok, String what) {
        check(ok.test(query.get()), what + " returned " + "an unexpected result");
        long[] ms = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            ReportTable r = query.get();
            ms[i] = (System.nanoTime() - t) / 1_000_000;
            check(ok.test(r), what + " returned an unexpected result");
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }

    /** Debtors whose page has the most in it: the realistic part's, with holds, payments and messages. */
    private static long[] sampleDebtors(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT d.id FROM debtor d
                     WHERE d.id < (SELECT min(id) FROM debtor) + 1000
                     ORDER BY (SELECT count(*) FROM communication c WHERE c.debtor_id = d.id)
                            + (SELECT count(*) FROM hold h WHERE h.debtor_id = d.id) DESC, d.id
                     LIMIT 20""")) {
            long[] ids = new long[20];
            int n = 0;
            while (rs.next()) {
                ids[n++] = rs.getLong(1);
            }
            return Arrays.copyOf(ids, n);
        }
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The bulk of the book, set-based, with ids after the realistic part's. */
    static void bulk(DataSource ds, int n, int tasks, LocalDate asOf) throws SQLException {
        if (n <= 0) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long base = maxId(c, "debtor");
            long invBase = maxId(c, "invoice");
            long payBase = maxId(c, "payment");
            exec(c, "INSERT INTO creditor (id, code, legal_name) VALUES (2, 'bench', 'Bench creditor') ON CONFLICT DO NOTHING");
            exec(c, """
                    INSERT INTO debtor (id, name, kind, locale, time_zone, jurisdiction, creditor_id)
                    SELECT ? + g, 'Bulk debtor ' || g, CASE WHEN g % 3 = 0 THEN 'B2C' ELSE 'B2B' END, 'en', 'Europe/London',
                           'GB', 1 + g % 2
                    FROM generate_series(1, ?) g""", base, n);
            exec(c, """
                    INSERT INTO contact_point (debtor_id, channel, address, consent_source, quality, creditor_id)
                    SELECT ? + g, 'email', 'bulk' || g || '@example.test', 'CONSUMER_USED', 'GOOD', 1 + g % 2
                    FROM generate_series(1, ?) g""", base, n);
            exec(c, """
                    INSERT INTO invoice (id, debtor_id, invoice_number, currency, issue_date, due_date, amount, open_amount, creditor_id)
                    SELECT ? + g, ? + g, 'BULK-' || g, CASE WHEN g % 4 = 0 THEN 'USD' ELSE 'EUR' END,
                           ?::date - (g % 200) - 30, ?::date - (g % 200), 50 + (g % 4950),
                           CASE WHEN g % 5 = 0 THEN 0 ELSE 50 + (g % 4950) END, 1 + g % 2
                    FROM generate_series(1, ?) g""", invBase, base, asOf, asOf, n);
            exec(c, """
                    INSERT INTO payment (id, debtor_id, amount, currency, booking_date, value_date, status, match_method, creditor_id)
                    SELECT ? + g, ? + g, 50 + (g % 4950), CASE WHEN g % 4 = 0 THEN 'USD' ELSE 'EUR' END,
                           ?::date - (g % 120), ?::date - (g % 120), 'MATCHED', 'REFERENCE', 1 + g % 2
                    FROM generate_series(5, ?, 5) g""", payBase, base, asOf, asOf, n);
            exec(c, """
                    INSERT INTO allocation (payment_id, invoice_id, amount)
                    SELECT ? + g, ? + g, 50 + (g % 4950) FROM generate_series(5, ?, 5) g""", payBase, invBase, n);
            exec(c, """
                    INSERT INTO hold (debtor_id, kind, reason, until, creditor_id)
                    SELECT ? + g, CASE WHEN g % 40 = 0 THEN 'DISPUTE' ELSE 'PROMISE_TO_PAY' END, 'bulk', ?::date + 10, 1 + g % 2
                    FROM generate_series(20, ?, 20) g""", base, asOf, n);
            exec(c, """
                    INSERT INTO task (kind, debtor_id, invoice_id, title, status, created_at, creditor_id)
                    SELECT (ARRAY['ESCALATION', 'MAIL_REPLY', 'SUSPENSE', 'ATTORNEY', 'BROKEN_PROMISE', 'DISPUTE', 'RETURNED_LETTER'])[1 + g % 7],
                           ? + 1 + (g * 10) % ?, CASE WHEN g % 2 = 0 THEN ? + 1 + (g * 10) % ? END, 'Bulk task ' || g, 'OPEN',
                           ?::date - (g % 90) * interval '1 day' + (g % 86400) * interval '1 second', 1 + (1 + (g * 10) % ?) % 2
                    FROM generate_series(1, ?) g""", base, n, invBase, n, asOf, n, tasks);
            for (String table : new String[] {"debtor", "invoice", "payment"}) {
                exec(c, "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT max(id) FROM " + table + "))");
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("VACUUM ANALYZE debtor, contact_point, invoice, payment, allocation, hold, task");
            }
        }
    }

    private static long maxId(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = new org.arrears.db.Sql().append(sql, params).prepare(c)) {
            ps.execute();
        }
    }
}
