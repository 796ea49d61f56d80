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

    private final Map<String, Object> companyMap;

    public MessageModel(Company company, OptOutLinks links) {
        this.company = company;
        this.links = links;
        Company.Bank b = company.bank();
        Map<String, Object> bank = new HashMap<>();
        bank.put("present", b.present());
        bank.put("holder", b.accountHolder());
        bank.put("name", b.bankName());
        bank.put("iban", b.iban());
        bank.put("bic", b.bic());
        bank.put("accountNumber", b.accountNumber());
        bank.put("routingNumber", b.routingNumber());
        Map<String, Object> c = new HashMap<>();
        c.put("name", company.name());
        c.put("address", company.postalAddress());
        c.put("email", company.email());
        c.put("phone", company.phone());
        c.put("website", company.website());
        c.put("logoUrl", company.logoUrl());
        c.put("bank", java.util.Collections.unmodifiableMap(bank));
        this.companyMap = java.util.Collections.unmodifiableMap(c);
    }

    public Company company() {
        return company;
    }

    public OptOutLinks links() {
        return links;
    }

    public Map<String, Object> build(MessageContext ctx, LocalDate today) {
        ClaimedMessage m = ctx.message();
        return model(m.token(), m.stepCode(), m.debtorId(), ctx.debtorName(), ctx.locale(), m.currency(),
                ctx.payableInvoices(), today, m.stepIndex() == 0);
    }

    /** A believable sample for validating templates at startup (a debt collector's is its first message). */
    public Map<String, Object> sample(String step, Locale locale) {
        return sample(step, locale, true);
    }

    /** A sample as the first message of a cycle ({@code initial}) or a later one. */
    public Map<String, Object> sample(String step, Locale locale, boolean initial) {
        LocalDate today = LocalDate.of(2026, 3, 15);
        List<InvoiceLine> lines = List.of(
                new InvoiceLine(1, "INV-2026-000101", "EUR", today.minusDays(40), today.minusDays(10),
                        new BigDecimal("1250.00"), new BigDecimal("1250.00"), "RF18539007547034", false),
                new InvoiceLine(2, "INV-2026-000117", "EUR", today.minusDays(30), today.minusDays(2),
                        new BigDecimal("99.90"), new BigDecimal("49.90"), "RF71I4", false));
        return model("sampletoken0000000000000000000000", step, 4711, "Sample Debtor", locale, "EUR", lines, today, initial);
    }

    /**
     * The model of one message. {@code initial}: the first message of the debtor's dunning cycle (for a debt
     * collector, the one that carries the validation notice).
     */
    public Map<String, Object> model(String token, String step, long debtorId, String debtorName, Locale locale,
                                     String currency, List<InvoiceLine> invoices, LocalDate today, boolean initial) {
        DateTimeFormatter date = DATES.computeIfAbsent(locale,
                l -> DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(l));
        String customer = company.customerNumber(debtorId);
        List<Map<String, Object>> rows = new ArrayList<>(invoices.size());
        Map<String, BigDecimal[]> byCurrency = new java.util.LinkedHashMap<>();
        StringBuilder references = new StringBuilder();
        BigDecimal total = BigDecimal.ZERO;
        long maxOverdue = Long.MIN_VALUE;
        LocalDate earliestDue = null;
        LocalDate earliestIssue = null;
        for (InvoiceLine i : invoices) {
            String cur = i.currency() == null ? currency : i.currency();
            NumberFormat money = moneyFormat(locale, cur);
            long overdue = ChronoUnit.DAYS.between(i.dueDate(), today);
            maxOverdue = Math.max(maxOverdue, overdue);
            earliestDue = earliestDue == null || i.dueDate().isBefore(earliestDue) ? i.dueDate() : earliestDue;
            earliestIssue = earliestIssue == null || i.issueDate().isBefore(earliestIssue) ? i.issueDate() : earliestIssue;
            String ref = i.paymentReference() == null ? "" : i.paymentReference();
            Map<String, Object> row = new HashMap<>();
            row.put("number", i.number());
            row.put("issueDate", date.format(i.issueDate()));
            row.put("dueDate", date.format(i.dueDate()));
            row.put("daysOverdue", overdue);
            row.put("overdue", overdue > 0);
            row.put("currency", cur);
            row.put("amount", money.format(i.amount()));
            row.put("openAmount", money.format(i.openAmount()));
            row.put("paymentReference", ref);
            row.put("payUrl", payUrl(ref, customer, i.openAmount(), cur));
            rows.add(row);
            if (!ref.isEmpty()) {
                references.append(references.length() == 0 ? "" : ",").append(ref);
            }
            BigDecimal[] sums = byCurrency.computeIfAbsent(cur, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(i.amount());
            sums[1] = sums[1].add(i.openAmount());
            total = total.add(i.openAmount());
        }
        List<Map<String, Object>> totals = new ArrayList<>(byCurrency.size());
        byCurrency.forEach((cur, sums) -> {
            NumberFormat money = moneyFormat(locale, cur);
            totals.add(Map.of("currency", cur, "amount", money.format(sums[0]), "openAmount", money.format(sums[1])));
        });
        NumberFormat money = moneyFormat(locale, currency);
        boolean collector = company.debtCollector();
        LocalDate validationEnd = collector && initial ? ValidationPeriod.end(today) : null;
        LocalDate payBy = earliestDue != null && earliestDue.isAfter(today) && maxOverdue < 0
                ? earliestDue : today.plusDays(company.payWithinDays());
        if (validationEnd != null && payBy.isBefore(validationEnd)) {
            payBy = validationEnd; // no deadline before the validation period ends (R10)
        }
        Map<String, Object> model = new HashMap<>();
        model.put("debtor", Map.of("name", debtorName, "locale", locale.toLanguageTag(), "customerNumber", customer));
        model.put("company", companyMap);
        model.put("invoices", rows);
        model.put("totals", totals);
        model.put("currency", currency);
        model.put("total", money.format(total));
        model.put("invoiceCount", rows.size());
        model.put("maxDaysOverdue", rows.isEmpty() ? 0 : maxOverdue);
        model.put("step", step);
        model.put("today", date.format(today));
        model.put("payBy", date.format(payBy));
        model.put("optOutUrl", links.url(token));
        model.put("payUrl", rows.isEmpty() ? "" : payUrl(references.toString(), customer, total, currency));
        Map<String, Object> c = new HashMap<>();
        c.put("active", collector);
        c.put("initial", collector && initial);
        c.put("creditor", company.creditorName());
        if (validationEnd != null) {
            BigDecimal original = BigDecimal.ZERO;
            for (InvoiceLine i : invoices) {
                original = original.add(i.amount());
            }
            c.put("validationEnd", date.format(validationEnd));
            c.put("itemizationDate", earliestIssue == null ? "" : date.format(earliestIssue));
            c.put("itemizationAmount", money.format(original));
            c.put("interest", money.format(BigDecimal.ZERO));
            c.put("fees", money.format(BigDecimal.ZERO));
            c.put("paymentsAndCredits", money.format(original.subtract(total)));
            c.put("currentAmount", money.format(total));
        }
        model.put("collector", c);
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

    private String payUrl(String references, String customer, BigDecimal amount, String currency) {
        String url = company.payUrl();
        if (url.isEmpty() || references.isEmpty()) {
            return "";
        }
        return url.replace("{reference}", references)
                .replace("{customer}", java.net.URLEncoder.encode(customer, java.nio.charset.StandardCharsets.UTF_8))
                .replace("{amount}", amount.toPlainString()).replace("{currency}", currency);
    }
}
