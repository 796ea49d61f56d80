package org.arrears.outreach;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the data a template sees: plain maps, lists and strings (no Java objects to call into), with
 * money and dates already formatted in the debtor's locale. Documented in README, "Template authoring".
 */
public final class MessageModel {

    private static final Map<Locale, DateTimeFormatter> DATES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, NumberFormat> MONEY = new java.util.concurrent.ConcurrentHashMap<>();

    private final Company company;
    private final OptOutLinks links;

    public MessageModel(Company company, OptOutLinks links) {
        this.company = company;
        this.links = links;
    }

    public OptOutLinks links() {
        return links;
    }

    public Map<String, Object> build(MessageContext ctx, LocalDate today) {
        ClaimedMessage m = ctx.message();
        return model(m.token(), m.stepCode(), ctx.debtorName(), ctx.locale(), m.currency(), ctx.payableInvoices(), today);
    }

    /** A believable sample for validating templates at startup. */
    public Map<String, Object> sample(String step, Locale locale) {
        LocalDate today = LocalDate.of(2026, 3, 15);
        List<InvoiceLine> lines = List.of(
                new InvoiceLine(1, "INV-2026-000101", "EUR", today.minusDays(40), today.minusDays(10),
                        new BigDecimal("1250.00"), new BigDecimal("1250.00"), "RF18539007547034", false),
                new InvoiceLine(2, "INV-2026-000117", "EUR", today.minusDays(30), today.minusDays(2),
                        new BigDecimal("99.90"), new BigDecimal("49.90"), "RF71I4", false));
        return model("sampletoken0000000000000000000000", step, "Sample Debtor", locale, "EUR", lines, today);
    }

    private Map<String, Object> model(String token, String step, String debtorName, Locale locale, String currency,
                                      List<InvoiceLine> invoices, LocalDate today) {
        NumberFormat money = moneyFormat(locale, currency);
        DateTimeFormatter date = DATES.computeIfAbsent(locale,
                l -> DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(l));
        List<Map<String, Object>> rows = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        long maxOverdue = Long.MIN_VALUE;
        for (InvoiceLine i : invoices) {
            long overdue = ChronoUnit.DAYS.between(i.dueDate(), today);
            maxOverdue = Math.max(maxOverdue, overdue);
            Map<String, Object> row = new HashMap<>();
            row.put("number", i.number());
            row.put("issueDate", date.format(i.issueDate()));
            row.put("dueDate", date.format(i.dueDate()));
            row.put("daysOverdue", overdue);
            row.put("amount", money.format(i.amount()));
            row.put("openAmount", money.format(i.openAmount()));
            row.put("paymentReference", i.paymentReference() == null ? "" : i.paymentReference());
            row.put("payUrl", payUrl(i.paymentReference()));
            rows.add(row);
            total = total.add(i.openAmount());
        }
        Map<String, Object> companyMap = new HashMap<>();
        companyMap.put("name", company.name());
        companyMap.put("address", company.postalAddress());
        companyMap.put("email", company.email());
        companyMap.put("phone", company.phone());
        companyMap.put("website", company.website());
        Map<String, Object> model = new HashMap<>();
        model.put("debtor", Map.of("name", debtorName, "locale", locale.toLanguageTag()));
        model.put("company", companyMap);
        model.put("invoices", rows);
        model.put("currency", currency);
        model.put("total", money.format(total));
        model.put("invoiceCount", rows.size());
        model.put("maxDaysOverdue", rows.isEmpty() ? 0 : maxOverdue);
        model.put("step", step);
        model.put("today", date.format(today));
        model.put("optOutUrl", links.url(token));
        model.put("payUrl", rows.isEmpty() ? "" : rows.get(0).get("payUrl"));
        return model;
    }

    /** Building a currency format per message is costly; formats are not thread-safe, so each use gets a clone. */
    private static NumberFormat moneyFormat(Locale locale, String currency) {
        NumberFormat prototype = MONEY.computeIfAbsent(locale.toLanguageTag() + "|" + currency, k -> {
            NumberFormat f = NumberFormat.getCurrencyInstance(locale);
            f.setCurrency(Currency.getInstance(currency));
            return f;
        });
        return (NumberFormat) prototype.clone();
    }

    private String payUrl(String reference) {
        if (company.payUrl() == null || reference == null) {
            return "";
        }
        return company.payUrl().replace("{reference}", reference);
    }
}
