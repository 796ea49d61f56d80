package org.arrears.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.arrears.db.Database;
import org.arrears.testing.RunningHub;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in headless Chromium (Debian's chromium and chromium-driver) on a started hub over a small book: sign
 * in, the worklist, a promise from the debtor page, a suspense payment matched by hand, a held campaign approved, and
 * a viewer who cannot act. Each page's screenshot goes to target/screenshots, and to -Darrears.screenshots.dir
 * (docs/screenshots for the README).
 */
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String PASSWORD = "console browser test";
    static final int WIDTH = 1280;

    static Database db;
    static TestBook book;
    static RunningHub hub;
    static Path userData;
    static ChromeDriver browser;
    static long jane;
    static long fred;
    static long paula;
    static long sam;
    static long samInvoice;
    static long suspensePayment;

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("Debian package chromium (.ci/run installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian package chromium-driver (.ci/run installs it)").isExecutable();
        String url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
        book = new TestBook(db.dataSource());
        // debtors whose local time is early afternoon now, so the gate allows sending whenever the test runs
        int utcHour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        String zone = ZoneOffset.ofHours(Math.floorMod(13 - utcHour + 12, 24) - 12).getId();
        LocalDate today = LocalDate.now(ZoneId.of(zone));
        jane = book.debtor("Jane Example", "B2C", "en", zone, null, "jane@example.test");
        book.execute("UPDATE debtor SET policy_code = 'approved' WHERE id = ?", jane);
        book.invoice(jane, "EUR", "310.00", today.minusDays(9));
        fred = book.debtor("Fred Free", "B2C", "en", zone, null, "fred@example.test");
        book.execute("UPDATE debtor SET policy_code = 'free' WHERE id = ?", fred);
        book.invoice(fred, "EUR", "45.50", today.minusDays(5));
        // not yet due: nothing is planned for these two
        paula = book.debtor("Paula Promise", "B2C", "en", zone, null, "paula@example.test");
        book.invoice(paula, "EUR", "120.00", today.plusDays(20));
        book.invoice(paula, "EUR", "80.00", today.plusDays(25));
        sam = book.debtor("Sam Suspense", "B2B", "en", zone, null, "ap@sam.example");
        samInvoice = book.invoice(sam, "EUR", "80.00", today.plusDays(12));
        long file = book.queryLong("""
                INSERT INTO bank_file (file_name, content_sha256, format, status, report)
                VALUES ('camt053-2026-12-01.xml', 'ab12', 'CAMT053', 'POSTED', '{"received": 1, "suspense": 1}') RETURNING id""");
        suspensePayment = book.queryLong("""
                INSERT INTO payment (amount, currency, booking_date, payer_name, remittance, status, suspense_reason, bank_file_id, entry_no)
                VALUES (80.00, 'EUR', current_date, 'SAM SUSPENSE LTD', 'payment thanks', 'SUSPENSE',
                        'UNMATCHED: no reference, invoice number, known account or name', ?, 1) RETURNING id""", file);
        book.execute("INSERT INTO task (kind, payment_id, bank_file_id, title) VALUES ('SUSPENSE', ?, ?, "
                + "'Apply or return 1 entry in suspense (80.00 EUR) from bank file camt053-2026-12-01.xml')", suspensePayment, file);
        book.execute("INSERT INTO task (kind, debtor_id, title) VALUES ('MAIL_REPLY', ?, 'Reply from the debtor: promise to pay')", paula);
        book.execute("INSERT INTO task (kind, debtor_id, title) VALUES ('DISPUTE', ?, 'Disputes the delivery of order 1182')", sam);
        Users users = new Users(db.dataSource(), Clock.systemUTC(), 5, Duration.ofMinutes(15));
        users.add("ann", Role.AGENT, List.of(), PASSWORD.toCharArray(), "test");
        users.add("max", Role.MANAGER, List.of(), PASSWORD.toCharArray(), "test");
        users.add("vic", Role.VIEWER, List.of(), PASSWORD.toCharArray(), "test");
        hub = RunningHub.start(url, Map.of("arrears.policies", "src/test/resources/policies/approval",
                "arrears.planner.delay", "0", "arrears.email.poll-period", "200"));

        userData = Files.createTempDirectory("arrears-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + userData, "--hide-scrollbars", "--window-size=" + WIDTH + ",900", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (hub != null) {
            hub.close();
        }
        if (db != null) {
            db.close();
        }
        if (userData != null) {
            try (var files = Files.walk(userData)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void signedOut() {
        browser.manage().deleteAllCookies();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + hub.httpPort + "/console/" + path;
    }

    static void signIn(String name) {
        browser.get(url("login"));
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/console/worklist"));
    }

    static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    static void awaitText(String id, String expected) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> text(id).contains(expected));
    }

    /** A screenshot of the whole page at the console's width. */
    static void screenshot(String name) throws IOException {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", (int) Math.min(height, 4000), "deviceScaleFactor", 1, "mobile", false));
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("target/screenshots");
        Files.createDirectories(target);
        Files.write(target.resolve(name + ".png"), png);
        String extra = System.getProperty("arrears.screenshots.dir");
        if (extra != null && !extra.isBlank()) {
            Files.createDirectories(Path.of(extra));
            Files.write(Path.of(extra).resolve(name + ".png"), png);
        }
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    static WebElement row(String tableId, String containing) {
        return browser.findElement(By.id(tableId)).findElements(By.tagName("tr")).stream()
                .filter(r -> r.getText().contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no row with '" + containing + "' in #" + tableId));
    }

    @Test
    void signingInOpensTheWorklistOfOpenTasksWithTheirActions() throws IOException {
        browser.get(url("login"));
        screenshot("console-login");
        signIn("ann");
        assertThat(text("who")).isEqualTo("ann (agent)");
        String tasks = text("tasks");
        assertThat(tasks).contains("Disputes the delivery of order 1182").contains("Sam Suspense")
                .contains("Apply or return 1 entry in suspense").contains("80.00 EUR");
        assertThat(row("tasks", "Disputes the delivery").findElements(By.tagName("button"))).extracting(WebElement::getText)
                .contains("Assign to me", "Done");
        row("tasks", "Disputes the delivery").findElement(By.xpath(".//button[text()='Assign to me']")).click();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                row("tasks", "Disputes the delivery").findElement(By.className("owner")).getText().equals("ann"));
        assertThat(book.queryString("SELECT assigned_to FROM task WHERE kind = 'DISPUTE'")).isEqualTo("ann");
        screenshot("console-worklist");
    }

    @Test
    void aPromiseRecordedOnTheDebtorPageShowsOnItsTimelineAndInTheWorklist() throws IOException {
        signIn("ann");
        assertThat(row("tasks", "Paula Promise").findElement(By.className("holds")).getText()).isEmpty();
        browser.get(url("debtors/" + paula));
        assertThat(text("debtor-name")).isEqualTo("Paula Promise");
        assertThat(text("invoices")).contains("120.00 EUR").contains("current");
        LocalDate by = LocalDate.now(ZoneOffset.UTC).plusDays(10);
        WebElement form = browser.findElement(By.id("promise-form"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]",
                form.findElement(By.name("date")), by.toString());
        form.findElement(By.name("amount")).sendKeys("150.00");
        form.findElement(By.tagName("button")).click();
        awaitText("timeline", "promise to pay hold until " + by);
        assertThat(text("holds")).contains("promise to pay").contains("150.00");
        assertThat(book.queryString("SELECT kind || ' ' || promised_amount || ' ' || until || ' ' || promise_status FROM hold "
                + "WHERE debtor_id = ?", paula)).isEqualTo("PROMISE_TO_PAY 150.00 " + by + " OPEN");
        assertThat(book.queryString("SELECT user_name || ' ' || action FROM audit_log WHERE target = ?", "debtor:" + paula))
                .isEqualTo("ann debtor.promise");
        screenshot("console-debtor");
        browser.get(url("worklist"));
        assertThat(row("tasks", "Paula Promise").findElement(By.className("holds")).getText())
                .isEqualTo("promise to pay 150.00 until " + by);
    }

    @Test
    void aSuspensePaymentMatchedByHandIsAppliedToTheInvoiceAndLeavesTheSuspenseList() throws IOException {
        signIn("ann");
        browser.get(url("payments"));
        assertThat(text("files")).contains("camt053-2026-12-01.xml");
        WebElement entry = row("suspense", "SAM SUSPENSE LTD");
        screenshot("console-payments");
        entry.findElement(By.name("invoice_number")).sendKeys(book.invoiceNumber(samInvoice));
        entry.findElement(By.tagName("button")).click();
        awaitText("suspense", "The suspense list is empty.");
        assertThat(book.queryString("SELECT status || ' ' || match_method || ' ' || debtor_id FROM payment WHERE id = ?",
                suspensePayment)).isEqualTo("MATCHED MANUAL " + sam);
        assertThat(book.queryString("SELECT open_amount FROM invoice WHERE id = ?", samInvoice)).isEqualTo("0.00");
        assertThat(book.queryString("SELECT invoice_id || ' ' || amount FROM allocation WHERE payment_id = ?", suspensePayment))
                .isEqualTo(samInvoice + " 80.00");
        assertThat(book.queryString("SELECT status FROM task WHERE kind = 'SUSPENSE'")).isEqualTo("DONE");
        assertThat(book.queryString("SELECT action FROM audit_log WHERE target = ?", "payment:" + suspensePayment))
                .isEqualTo("payment.manual-match");
    }

    @Test
    void aHeldCampaignIsSentOnlyOnceAManagerApprovesIt() throws IOException {
        // the free policy's message goes out while the approved policy's waits in the same dispatcher's polls
        await().atMost(Duration.ofSeconds(30)).until(() ->
                book.queryLong("SELECT count(*) FROM communication WHERE debtor_id = ? AND status = 'SENT'", fred) == 1);
        assertThat(book.queryString("SELECT status || ' ' || attempts FROM communication WHERE debtor_id = ?", jane))
                .isEqualTo("PLANNED 0");
        signIn("ann");
        browser.get(url("campaign"));
        assertThat(text("pending")).contains("approved").doesNotContain("Approve and release");
        browser.manage().deleteAllCookies();
        signIn("max");
        browser.get(url("campaign"));
        assertThat(row("pending", "approved").getText()).contains(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(text("funnel")).contains("free");
        screenshot("console-campaign");
        row("pending", "approved").findElement(By.tagName("button")).click();
        awaitText("pending", "No run is waiting.");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "SENT".equals(book.queryString("SELECT status FROM communication WHERE debtor_id = ?", jane)));
        assertThat(book.queryString("SELECT status || ' ' || decided_by FROM campaign_approval WHERE policy_code = 'approved'"))
                .isEqualTo("APPROVED max");
        long message = book.queryLong("SELECT id FROM communication WHERE debtor_id = ?", jane);
        browser.get(url("debtors/" + jane));
        browser.findElement(By.id("timeline")).findElement(By.linkText("content")).click();
        awaitText("content", "Jane Example");
        assertThat(browser.getCurrentUrl()).endsWith("/console/messages/" + message);
        screenshot("console-message");
    }

    @Test
    void theDashboardDrawsItsChartsAndTheReportsPageShowsAReportWithItsDownloads() throws IOException {
        signIn("ann");
        browser.get(url("dashboard"));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                browser.findElements(By.cssSelector("canvas.chart[data-drawn='yes']")).size() >= 2);
        assertThat(text("kpis")).contains("EUR");
        assertThat(text("task-kinds")).contains("dispute");
        screenshot("console-dashboard");

        browser.get(url("reports?report=aging"));
        assertThat(text("report")).contains("(total)").contains("EUR");
        assertThat(browser.findElement(By.id("csv")).getAttribute("href")).contains("reports/export?report=aging")
                .contains("format=csv");
        screenshot("console-reports");
    }

    @Test
    void aViewerSeesTheDebtorButNoForm() throws IOException {
        signIn("vic");
        assertThat(text("tasks")).contains("Sam Suspense");
        assertThat(browser.findElements(By.xpath("//button[text()='Assign to me']"))).isEmpty();
        browser.get(url("debtors/" + sam));
        assertThat(text("debtor-name")).isEqualTo("Sam Suspense");
        assertThat(browser.findElements(By.id("promise-form"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("main form"))).isEmpty();
    }
}
