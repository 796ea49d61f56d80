package org.arrears.creditor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One creditor (a legal entity, a brand, or an agency's client) the hub collects for, as configured in
 * {@code config/creditors/<code>.yaml}. A single-creditor installation has one, {@code default}, whose details
 * are the {@code arrears.company.*}, {@code arrears.email.*} and {@code arrears.letter.*} settings.
 *
 * <p>Every detail a creditor sets becomes an override of the hub's settings ({@link #overrides()}), so messages,
 * letters and mail headers are built for it by the same code, and validated by the same rules, as for the hub.
 *
 * @param code          stable identifier, lower-case letters, digits, dashes and underscores; the creditor row's key
 * @param legalName     the legal entity's name (validation notices, letters' return name by default)
 * @param brand         the name shown in messages (default: the legal name)
 * @param logo          a logo file (letters), or null
 * @param logoUrl       an absolute https URL of the logo in email, or empty
 * @param postalAddress the creditor's postal address (letterhead)
 * @param email         contact address shown in messages
 * @param phone         contact phone shown in messages
 * @param website       website shown in messages
 * @param payUrl        pay link pattern, as {@code arrears.company.pay-url}
 * @param customerNumber the customer number pattern, as {@code arrears.company.customer-number}, or null
 * @param payWithinDays the pay-by days, as {@code arrears.company.pay-within-days}, or null
 * @param bankAccounts  the accounts debtors pay into: the first is printed in messages; every one assigns an
 *                      incoming bank statement on it to this creditor
 * @param locale        the language of debtors the AR source gives none, or null
 * @param timeZone      the IANA zone of debtors the AR source gives none, or null
 * @param currency      the creditor's usual currency (ISO 4217), or null
 * @param from          the From header of its email, or null for the hub's
 * @param replyTo       the Reply-To header, or null for the hub's
 * @param bounceDomain  the domain of its VERP return paths, or null (then the From domain)
 * @param smsSenderId   the sender id of its texts, or null for the gateway's
 * @param print         print-vendor settings: {@code arrears.letter.*} keys without the prefix, overriding the hub's
 * @param policies      the shared policies its debtors are planned under; empty: every policy no creditor owns
 * @param ownPolicies   policies that belong to this creditor alone
 * @param templates     a template folder searched before the shared one, or null
 * @param role          first-party creditor or third-party collector
 * @param currentCreditor for a collector: the creditor named in the validation notice
 * @param jurisdictions the jurisdictions it serves (ISO country or subdivision codes); empty: not restricted
 * @param source        the file it was read from, or null for the default creditor from the settings
 */
public record Creditor(String code, String legalName, String brand, Path logo, String logoUrl, String postalAddress,
                       String email, String phone, String website, String payUrl, String customerNumber,
                       Integer payWithinDays, List<BankAccount> bankAccounts,
                       Locale locale, String timeZone, String currency, String from, String replyTo,
                       String bounceDomain, String smsSenderId, Map<String, String> print, List<String> policies,
                       List<String> ownPolicies, Path templates, Role role, String currentCreditor,
                       List<String> jurisdictions, Path source) {

    /** The code of the creditor of a single-creditor installation (row id 1 of migration V10). */
    public static final String DEFAULT_CODE = "default";
    /** The id of the default creditor row. */
    public static final long DEFAULT_ID = 1L;

    /** Whether the creditor collects its own receivables or collects as a third party (FDCPA debt collector). */
    public enum Role {
        CREDITOR, COLLECTOR
    }

    /** An account debtors pay into: an IBAN with BIC, or a US account and routing number. */
    public record BankAccount(String holder, String bankName, String iban, String bic, String accountNumber,
                              String routingNumber, String currency) {

        /** The account as the payment poster compares statement accounts: letters and digits only, upper case. */
        public String key() {
            return accountKey(iban.isEmpty() ? accountNumber : iban);
        }
    }

    public Creditor {
        brand = brand == null || brand.isBlank() ? legalName : brand;
        logoUrl = logoUrl == null ? "" : logoUrl;
        postalAddress = postalAddress == null ? "" : postalAddress;
        email = email == null ? "" : email;
        phone = phone == null ? "" : phone;
        website = website == null ? "" : website;
        payUrl = payUrl == null ? "" : payUrl;
        bankAccounts = List.copyOf(bankAccounts);
        print = Map.copyOf(print);
        policies = List.copyOf(policies);
        ownPolicies = List.copyOf(ownPolicies);
        jurisdictions = List.copyOf(jurisdictions);
        role = role == null ? Role.CREDITOR : role;
    }

    /** An IBAN or account number as compared: letters and digits only, upper case (as the poster's SQL does). */
    public static String accountKey(String account) {
        return account.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
    }

    public boolean isDefault() {
        return DEFAULT_CODE.equals(code);
    }

    /** Whether this creditor's debtors may be planned under a policy (owners: see {@link Creditors#mayUse}). */
    boolean names(String policyCode) {
        return policies.contains(policyCode) || ownPolicies.contains(policyCode);
    }

    /**
     * The hub's settings this creditor replaces, by key: brand, letterhead, contact details, pay link, the first
     * bank account, debt-collector role, From / Reply-To / bounce domain, SMS sender id and print settings. The
     * default creditor read from the settings replaces nothing.
     */
    public Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        if (source == null) {
            return o;
        }
        o.put("arrears.company.name", brand);
        o.put("arrears.company.postal-address", postalAddress);
        o.put("arrears.company.email", email);
        o.put("arrears.company.phone", phone);
        o.put("arrears.company.website", website);
        o.put("arrears.company.pay-url", payUrl);
        o.put("arrears.company.logo-url", logoUrl);
        if (customerNumber != null) {
            o.put("arrears.company.customer-number", customerNumber);
        }
        if (payWithinDays != null) {
            o.put("arrears.company.pay-within-days", payWithinDays.toString());
        }
        BankAccount shown = bankAccounts.isEmpty() ? new BankAccount(legalName, "", "", "", "", "", null) : bankAccounts.get(0);
        o.put("arrears.company.bank.account-holder", shown.holder().isEmpty() ? legalName : shown.holder());
        o.put("arrears.company.bank.name", shown.bankName());
        o.put("arrears.company.bank.iban", shown.iban());
        o.put("arrears.company.bank.bic", shown.bic());
        o.put("arrears.company.bank.account-number", shown.accountNumber());
        o.put("arrears.company.bank.routing-number", shown.routingNumber());
        o.put("arrears.company.debt-collector", Boolean.toString(role == Role.COLLECTOR));
        o.put("arrears.company.creditor", currentCreditor == null ? legalName : currentCreditor);
        o.put("arrears.letter.return-name", legalName);
        o.put("arrears.letter.return-address", postalAddress);
        if (from != null) {
            o.put("arrears.email.from", from);
        }
        if (replyTo != null) {
            o.put("arrears.email.reply-to", replyTo);
        }
        if (bounceDomain != null) {
            o.put("arrears.email.bounce-domain", bounceDomain);
        }
        if (smsSenderId != null) {
            o.put("arrears.sms.from", smsSenderId);
        }
        print.forEach((k, v) -> o.put("arrears.letter." + k, v));
        return o;
    }
}
