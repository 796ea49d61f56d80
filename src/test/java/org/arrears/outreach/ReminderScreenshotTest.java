package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Renders the reminders in headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs) and
 * checks what a debtor sees: the invoice table, the totals, the bank details, the pay-by date and each step's tone.
 * Screenshots go to target/screenshots, and to -Darrears.screenshots.dir (docs/screenshots for the README).
 */
class ReminderScreenshotTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final LocalDate TODAY = LocalDate.of(2026, 3, 15);

    static final Company ACME = new Company("Acme Supplies Ltd", "1 Harbour Street, Bristol BS1 4AA, United Kingdom",
            "receivables@acme.example", "+44 117 496 0000", "https://acme.example",
            "https://pay.acme.example/?ref={reference}&customer={customer}", "",
            new Company.Bank("Acme Supplies Ltd", "Harbour Bank plc", "GB33 BUKB 2020 1555 5555 55", "BUKBGB22", "", ""),
            14, "C-{debtor}", false, "Acme Supplies Ltd");

    static Path userData;
    static ChromeDriver browser;
    static Path pages;

    @BeforeAll
    static void startChromium() throws IOException {
        assertThat(CHROMIUM).as("Debian package chromium (.ci/run installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian package chromium-driver (.ci/run installs it)").isExecutable();
        userData = Files.createTempDirectory("arrears-chromium-");
        pages = Files.createTempDirectory("arrears-pages-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + userData, "--hide-scrollbars", "--window-size=760,1000", "--lang=en-GB");
        // the system driver, so that Selenium Manager never looks for (or downloads) one
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        for (Path dir : new Path[] {userData, pages}) {
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    static List<InvoiceLine> overdue() {
        return List.of(
                new InvoiceLine(1, "INV-2026-000101", "EUR", TODAY.minusDays(40), TODAY.minusDays(10),
                        new BigDecimal("1250.00"), new BigDecimal("1250.00"), "RF18539007547034", false),
                new InvoiceLine(2, "INV-2026-000117", "EUR", TODAY.minusDays(30), TODAY.minusDays(2),
                        new BigDecimal("99.90"), new BigDecimal("23.75"), "RF762026000068", false));
    }

    static List<InvoiceLine> dueSoon() {
        return List.of(
                new InvoiceLine(3, "INV-2026-000240", "EUR", TODAY.minusDays(27), TODAY.plusDays(3),
                        new BigDecimal("480.00"), new BigDecimal("480.00"), "RF45INV2026000240", false));
    }

    /** Renders the step's HTML part, opens it in Chromium at its full height and saves a screenshot. */
    static WebElement show(String step, List<InvoiceLine> invoices, int width) throws IOException {
        return show(ACME, Locale.UK, "EUR", step, invoices, width, step + (width < 600 ? "-narrow" : ""));
    }

    static WebElement show(Company company, Locale locale, String currency, String step, List<InvoiceLine> invoices, int width,
                           String name) throws IOException {
        MessageModel model = new MessageModel(company, new OptOutLinks("test-secret-0123456789abcdef", "https://hub.example"));
        Map<String, Object> m = model.model("token" + step, step, 1042, "Jane Example", locale, currency, invoices, TODAY, true);
        String html = new TemplateRenderer(Path.of("templates")).renderEmail(step, locale, m).html();
        Path page = pages.resolve(name + ".html");
        Files.writeString(page, html);
        viewport(width, 200);
        browser.get(page.toUri().toString());
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        viewport(width, (int) height);
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).as("screenshot width").isEqualTo(width);
        assertThat(image.getHeight()).as("screenshot height: the whole message").isEqualTo((int) height);
        save(name + ".png", png);
        return browser.findElement(By.tagName("body"));
    }

    /** The page's viewport, exactly (a window size would include the browser's frame and be capped by the screen). */
    static void viewport(int width, int height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    static void save(String name, byte[] png) throws IOException {
        Path target = Path.of("target/screenshots");
        Files.createDirectories(target);
        Files.write(target.resolve(name), png);
        String extra = System.getProperty("arrears.screenshots.dir");
        if (extra != null && !extra.isBlank()) {
            Files.createDirectories(Path.of(extra));
            Files.write(Path.of(extra).resolve(name), png);
        }
    }

    static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    static WebElement rowOf(String invoiceNumber) {
        return browser.findElement(By.xpath("//tr[td[normalize-space(.)='" + invoiceNumber + "']]"));
    }

    @Test
    void theReminderShowsTheInvoiceTableTotalsBankDetailsAndAPayByDateInChromium() throws IOException {
        WebElement body = show("reminder", overdue(), 760);
        String visible = body.getText();

        assertThat(cells(rowOf("INV-2026-000101")))
                .containsExactly("INV-2026-000101", "3 Feb 2026", "5 Mar 2026", "10", "€1,250.00", "€1,250.00", "RF18539007547034");
        assertThat(cells(rowOf("INV-2026-000117")))
                .containsExactly("INV-2026-000117", "13 Feb 2026", "13 Mar 2026", "2", "€99.90", "€23.75", "RF762026000068");
        assertThat(visible).doesNotContain("€23.75RF").contains("Customer number: C-1042");
        assertThat(cells(browser.findElement(By.xpath("//tr[td[normalize-space(.)='Total EUR']]"))))
                .containsExactly("Total EUR", "", "€1,349.90", "€1,273.75", "");
        assertThat(visible).contains("Please pay €1,273.75 by 29 Mar 2026.")
                .contains("Account holder Acme Supplies Ltd").contains("IBAN GB33 BUKB 2020 1555 5555 55")
                .contains("BIC BUKBGB22").contains("Payment reference RF18539007547034\nRF762026000068")
                .contains("Phone: +44 117 496 0000");
        WebElement pay = browser.findElement(By.linkText("Pay online"));
        assertThat(pay.getAttribute("href"))
                .isEqualTo("https://pay.acme.example/?ref=RF18539007547034,RF762026000068&customer=C-1042");
    }

    @Test
    void eachStepHasItsOwnToneColourAndBannerInChromium() throws IOException {
        String courtesy = show("courtesy", dueSoon(), 760).getText();
        String courtesyColour = browser.findElement(By.cssSelector("[data-tone]")).getCssValue("border-top-color");
        assertThat(courtesy).contains("A friendly note about your account").contains("not yet due")
                .contains("Please pay €480.00 by 18 Mar 2026.").doesNotContain("FINAL NOTICE");

        String reminder = show("reminder", overdue(), 760).getText();
        String reminderColour = browser.findElement(By.cssSelector("[data-tone]")).getCssValue("border-top-color");
        assertThat(reminder).contains("Payment reminder").doesNotContain("A friendly note").doesNotContain("FINAL NOTICE");

        String finalNotice = show("final-notice", overdue(), 760).getText();
        String finalColour = browser.findElement(By.cssSelector("[data-tone]")).getCssValue("border-top-color");
        assertThat(finalNotice).contains("FINAL NOTICE").contains("This is our final notice");

        assertThat(List.of(courtesyColour, reminderColour, finalColour)).doesNotHaveDuplicates();
    }

    @Test
    void onANarrowScreenTheTableDropsTheIssueDateAndOriginalAmountColumns() throws IOException {
        show("reminder", overdue(), 390);

        assertThat(cells(rowOf("INV-2026-000117"))).containsExactly("INV-2026-000117", "", "13 Mar 2026", "2", "", "€23.75",
                "RF762026000068");
        assertThat(browser.findElement(By.xpath("//th[normalize-space(.)='Issued' or normalize-space(.)='ISSUED']")).isDisplayed())
                .isFalse();
        assertThat((Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth"))
                .as("nothing wider than the screen").isLessThanOrEqualTo(390L);
        WebElement openTotal = browser.findElement(By.xpath("//tr[td[normalize-space(.)='Total EUR']]/td[4]"));
        assertThat(openTotal.getText()).isEqualTo("€1,273.75");
        assertThat(openTotal.getRect().getX() + openTotal.getRect().getWidth()).as("the open total is on the screen")
                .isLessThanOrEqualTo(390);
    }

    @Test
    void aDebtCollectorsFirstMessageShowsTheValidationNoticeInChromium() throws IOException {
        Company collector = new Company("Harbor Recovery LLC", "200 Dock Street, Baltimore, MD 21202", "disputes@harbor.example",
                "+1 410 555 0100", "", "https://pay.harbor.example/?ref={reference}", "",
                new Company.Bank("Harbor Recovery LLC", "First Harbor Bank", "", "", "000123456789", "021000021"),
                14, "{debtor}", true, "Acme Lighting Inc");
        List<InvoiceLine> debt = List.of(new InvoiceLine(5, "INV-2025-009120", "USD", TODAY.minusDays(130), TODAY.minusDays(100),
                new BigDecimal("640.00"), new BigDecimal("590.00"), "RF57INV2025009120", false));

        String visible = show(collector, Locale.US, "USD", "reminder", debt, 760, "debt-collector-first").getText();

        assertThat(visible).contains("Validation notice")
                .contains("Harbor Recovery LLC is a debt collector. This is an attempt to collect a debt, and any information"
                        + " obtained will be used for that purpose.")
                .contains("We are collecting a debt that you owe to Acme Lighting Inc. Account number: 1042.")
                // sent Sunday 2026-03-15: assumed received Friday 03-20, the period ends 30 days later
                .contains("Call or write to us by Apr 19, 2026 to dispute all or part of the debt")
                .contains("Please pay $590.00 by Apr 19, 2026.")
                .contains("Account number 000123456789").contains("Routing number 021000021");
    }
}
