package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the shipped templates say, in text and HTML, with the details a finance team expects in a reminder. */
class ReminderContentTest {

    static final LocalDate TODAY = LocalDate.of(2026, 3, 16);
    static final TemplateRenderer RENDERER = new TemplateRenderer(Path.of("templates"));
    static final OptOutLinks LINKS = new OptOutLinks("test-secret-0123456789abcdef", "https://hub.example");

    static Company company(Company.Bank bank, boolean debtCollector) {
        return new Company("Acme Supplies Ltd", "1 Harbour Street, Bristol BS1 4AA", "receivables@acme.example",
                "+44 117 496 0000", "https://acme.example", "https://pay.acme.example/?ref={reference}&c={customer}&a={amount}",
                "", bank, 14, "C-{debtor}", debtCollector, "Harbour Lighting Co");
    }

    static final Company.Bank SEPA = new Company.Bank("Acme Supplies Ltd", "Harbour Bank plc",
            "GB33 BUKB 2020 1555 5555 55", "BUKBGB22", "", "");
    static final Company.Bank US = new Company.Bank("Acme Supplies Inc", "First Harbor Bank", "", "", "000123456789",
            "021000021");

    static final List<InvoiceLine> OVERDUE = List.of(
            new InvoiceLine(1, "INV-101", "USD", TODAY.minusDays(40), TODAY.minusDays(10),
                    new BigDecimal("100.00"), new BigDecimal("100.00"), "RF18539007547034", false),
            new InvoiceLine(2, "INV-117", "USD", TODAY.minusDays(30), TODAY.minusDays(2),
                    new BigDecimal("50.00"), new BigDecimal("23.75"), "RF762026000068", false));

    static RenderedMessage render(Company c, String step, Locale locale, List<InvoiceLine> invoices, boolean initial) {
        Map<String, Object> m = new MessageModel(c, LINKS).model("tok", step, 1042, "Jane Example", locale, "USD",
                invoices, TODAY, initial);
        return RENDERER.renderEmail(step, locale, m);
    }

    @Test
    void theReminderNamesTheCustomerNumberDaysOverdueAndAnAbsolutePayByDate() {
        RenderedMessage r = render(company(SEPA, false), "reminder", Locale.US, OVERDUE, true);

        assertThat(r.text()).contains("Customer number: C-1042")
                .contains("Invoice INV-101\n  Issued Feb 4, 2026, Due Mar 6, 2026, 10 days overdue\n  Amount $100.00, Open $100.00\n"
                        + "  Payment reference: RF18539007547034")
                .contains("Total USD: $123.75")
                .contains("Please pay $123.75 by Mar 30, 2026.")
                .doesNotContain("$23.75RF");
        assertThat(r.html()).contains(">C-1042<").contains(">10<").contains(">2<").contains("Mar 30, 2026");
    }

    @Test
    void theBankDetailsStandBesideThePaymentReferences() {
        RenderedMessage sepa = render(company(SEPA, false), "reminder", Locale.UK, OVERDUE, true);
        assertThat(sepa.text()).contains("Or pay by bank transfer:\n  Account holder: Acme Supplies Ltd\n  Bank: Harbour Bank plc\n"
                + "  IBAN: GB33 BUKB 2020 1555 5555 55\n  BIC: BUKBGB22\n");
        assertThat(sepa.html()).contains("GB33 BUKB 2020 1555 5555 55").contains("BUKBGB22")
                .contains("RF18539007547034<br>RF762026000068");

        RenderedMessage us = render(company(US, false), "reminder", Locale.US, OVERDUE, true);
        assertThat(us.text()).contains("  Account number: 000123456789\n  Routing number: 021000021\n").doesNotContain("IBAN");

        RenderedMessage none = render(company(Company.Bank.NONE, false), "reminder", Locale.US, OVERDUE, true);
        assertThat(none.text()).doesNotContain("bank transfer");
    }

    @Test
    void thePayLinkCoversTheWholeGroupAndEachInvoiceKeepsItsOwn() {
        Map<String, Object> m = new MessageModel(company(SEPA, false), LINKS).model("tok", "reminder", 1042, "Jane",
                Locale.US, "USD", OVERDUE, TODAY, true);

        assertThat(m.get("payUrl")).isEqualTo("https://pay.acme.example/?ref=RF18539007547034,RF762026000068&c=C-1042&a=123.75");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("invoices");
        assertThat(rows.get(1).get("payUrl")).isEqualTo("https://pay.acme.example/?ref=RF762026000068&c=C-1042&a=23.75");
        assertThat(RENDERER.renderEmail("reminder", Locale.US, m).html())
                .contains("href=\"https://pay.acme.example/?ref=RF18539007547034,RF762026000068&amp;c=C-1042&amp;a=123.75\"");
    }

    @Test
    void aGroupInTwoCurrenciesShowsATotalPerCurrency() {
        List<InvoiceLine> mixed = List.of(OVERDUE.get(0), new InvoiceLine(3, "INV-200", "EUR", TODAY.minusDays(20),
                TODAY.minusDays(5), new BigDecimal("80.00"), new BigDecimal("80.00"), "RF45INV200", false));

        RenderedMessage r = render(company(SEPA, false), "reminder", Locale.US, mixed, true);

        assertThat(r.text()).contains("Total USD: $100.00\nTotal EUR: €80.00\n").contains("Open €80.00");
    }

    @Test
    void aCourtesyNoteAsksForPaymentByTheDueDateAndDoesNotReadLikeAFinalNotice() {
        List<InvoiceLine> dueSoon = List.of(new InvoiceLine(4, "INV-300", "USD", TODAY.minusDays(27), TODAY.plusDays(3),
                new BigDecimal("480.00"), new BigDecimal("480.00"), "RF45INV300", false));

        RenderedMessage courtesy = render(company(SEPA, false), "courtesy", Locale.US, dueSoon, true);
        RenderedMessage last = render(company(SEPA, false), "final-notice", Locale.US, OVERDUE, true);

        assertThat(courtesy.text()).contains("Please pay $480.00 by Mar 19, 2026.").contains("not yet due")
                .doesNotContain("FINAL NOTICE").doesNotContain("overdue");
        assertThat(courtesy.html()).contains("data-tone=\"courtesy\"").contains("A friendly note about your account")
                .contains("#2e7d5b").doesNotContain("#b3261e");
        assertThat(last.text()).contains("*** FINAL NOTICE ***");
        assertThat(last.html()).contains("data-tone=\"final\"").contains("#b3261e").contains("border:2px solid #b3261e");
        assertThat(render(company(SEPA, false), "reminder", Locale.US, OVERDUE, true).html()).contains("data-tone=\"reminder\"");
    }

    @Test
    void theFormalDemandGivesADateInsteadOfANumberOfDaysInEveryLanguage() {
        for (String tag : List.of("en", "de", "fr", "es")) {
            Locale locale = Locale.forLanguageTag(tag);
            Map<String, Object> m = new MessageModel(company(SEPA, false), LINKS).model("tok", "formal-demand", 1042, "Jane",
                    locale, "USD", OVERDUE, TODAY, true);
            String intro = RENDERER.renderEmail("formal-demand", locale, m).text().split("\n\n")[2];
            assertThat(intro).as(tag).doesNotContainPattern("14 (days|Tagen|jours|días)").endsWith(m.get("payBy") + ".");
        }
    }

    @Test
    void theLogoReplacesTheNameAtTheTopWhenOneIsConfigured() {
        Company withLogo = new Company("Acme Supplies Ltd", "1 Harbour Street", "receivables@acme.example", "", "", "",
                "https://acme.example/logo.png", SEPA, 14, "{debtor}", false, "");

        assertThat(render(withLogo, "reminder", Locale.US, OVERDUE, true).html())
                .contains("<img src=\"https://acme.example/logo.png\" alt=\"Acme Supplies Ltd\" height=\"40\"");
        assertThat(render(company(SEPA, false), "reminder", Locale.US, OVERDUE, true).html()).doesNotContain("<img")
                .contains("font-size:20px;font-weight:bold;color:#1f2933;\">Acme Supplies Ltd</span>");
    }

    @Test
    void theConfiguredPhoneNumberIsInEveryMessage() {
        for (String step : TemplateRendererTest.STEPS) {
            RenderedMessage r = render(company(SEPA, false), step, Locale.US, OVERDUE, true);
            assertThat(r.text()).as(step).contains("+44 117 496 0000");
            assertThat(r.html()).as(step).contains("href=\"tel:+441174960000\"");
        }
    }

    @Test
    void aFirstPartyCreditorsMessagesCarryNoDebtCollectorDisclosure() {
        RenderedMessage r = render(company(SEPA, false), "reminder", Locale.US, OVERDUE, true);

        assertThat(r.text() + r.html()).doesNotContainIgnoringCase("debt collector").doesNotContain("Validation notice");
    }

    @Test
    void aDebtCollectorsFirstMessageCarriesTheValidationNoticeAndTheMiniMiranda() {
        RenderedMessage r = render(company(US, true), "reminder", Locale.US, OVERDUE, true);

        for (String part : List.of(r.text(), r.html())) {
            assertThat(part).containsPattern("attempt(ing)? to collect a debt").contains("information obtained will be used")
                    .contains("Validation notice")
                    .contains("We are collecting a debt that you owe to Harbour Lighting Co. Account number: C-1042.")
                    .contains("As of Feb 4, 2026, you owed:").contains("$150.00").contains("$26.25")
                    .contains("Total amount of the debt now:")
                    // sent Mon 2026-03-16: assumed received Mon 03-23, period ends 30 days later
                    .contains("Call or write to us by Apr 22, 2026 to dispute all or part of the debt")
                    .contains("www.cfpb.gov/debt-collection").contains("receivables@acme.example");
        }
        // no deadline before the validation period ends (R10)
        assertThat(r.text()).contains("Please pay $123.75 by Apr 22, 2026.");
    }

    @Test
    void aDebtCollectorsLaterMessagesSayTheyAreFromADebtCollector() {
        RenderedMessage r = render(company(US, true), "follow-up", Locale.US, OVERDUE, false);

        assertThat(r.text()).contains("This communication is from a debt collector.").doesNotContain("Validation notice")
                .contains("Please pay $123.75 by Mar 30, 2026.");
        assertThat(r.html()).contains("This communication is from a debt collector.");
    }

    @Test
    void theDebtCollectorDisclosuresAreInTheLanguageOfTheMessage() {
        RenderedMessage first = render(company(US, true), "reminder", Locale.forLanguageTag("es-US"), OVERDUE, true);
        RenderedMessage later = render(company(US, true), "reminder", Locale.forLanguageTag("es-US"), OVERDUE, false);

        assertThat(first.text()).contains("Este es un intento de cobrar una deuda y cualquier información obtenida se utilizará")
                .contains("Aviso de validación").doesNotContain("attempt to collect").doesNotContain("information obtained");
        assertThat(later.text()).contains("Esta comunicación proviene de un cobrador de deudas.")
                .doesNotContain("from a debt collector");
        for (String tag : List.of("de", "fr")) {
            RenderedMessage r = render(company(US, true), "reminder", Locale.forLanguageTag(tag), OVERDUE, true);
            assertThat(r.text()).as(tag).doesNotContain("attempt to collect").contains("www.cfpb.gov/debt-collection");
        }
    }

    @Test
    void theModelOfAClaimedMessageTreatsTheFirstStepOfTheLadderAsTheFirstMessage() {
        MessageModel model = new MessageModel(company(US, true), LINKS);
        ClaimedMessage first = new ClaimedMessage(1, "tok", 1042, "USD", 7, "standard", "courtesy", 0, "email", "courtesy",
                null, "jane@example.com", 0, java.util.UUID.randomUUID());
        ClaimedMessage later = new ClaimedMessage(2, "tok2", 1042, "USD", 7, "standard", "reminder", 1, "email", "reminder",
                null, "jane@example.com", 0, java.util.UUID.randomUUID());

        assertThat(((Map<?, ?>) model.build(context(first), TODAY).get("collector")).get("initial")).isEqualTo(true);
        assertThat(((Map<?, ?>) model.build(context(later), TODAY).get("collector")).get("initial")).isEqualTo(false);
    }

    static MessageContext context(ClaimedMessage m) {
        return new MessageContext(m, "Jane Example", Locale.US, null, null, OVERDUE, List.of(), List.of());
    }
}
