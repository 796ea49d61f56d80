package org.arrears.outreach;

import java.math.BigInteger;
import java.util.Locale;
import org.arrears.ar.CreditorReference;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;

/**
 * The creditor as it appears in messages (arrears.company.* settings).
 *
 * @param payUrl         pay link; {@code {reference}} becomes the invoice's RF reference (for the whole group: the
 *                       group's references, comma-separated), {@code {customer}} the customer number,
 *                       {@code {amount}} and {@code {currency}} the group's open total
 * @param logoUrl        an absolute https URL of the logo image, or empty for the name as a word mark
 * @param bank           the account the debtor pays into
 * @param payWithinDays  the pay-by date of an overdue group is this many days after the message
 * @param customerNumber the customer number shown, {@code {debtor}} being the debtor id
 * @param debtCollector  the creditor collects as a third party (FDCPA debt collector): the first message carries
 *                       the validation notice and the mini-Miranda, later ones the mini-Miranda (COMPLIANCE R8, R13)
 * @param creditorName   the current creditor, named in the validation notice (for a debt collector)
 */
public record Company(String name, String postalAddress, String email, String phone, String website, String payUrl,
                      String logoUrl, Bank bank, int payWithinDays, String customerNumber, boolean debtCollector,
                      String creditorName) {

    public static final int DEFAULT_PAY_WITHIN_DAYS = 14;

    /** Account details printed beside the payment reference: an IBAN with BIC, or an account and routing number. */
    public record Bank(String accountHolder, String bankName, String iban, String bic, String accountNumber,
                       String routingNumber) {

        public static final Bank NONE = new Bank("", "", "", "", "", "");

        public boolean present() {
            return !iban.isEmpty() || !accountNumber.isEmpty();
        }
    }

    /** The creditor with only the basic contact settings (no bank details, first-party creditor). */
    public Company(String name, String postalAddress, String email, String phone, String website, String payUrl) {
        this(name, postalAddress, email, phone, website, payUrl, "", Bank.NONE, DEFAULT_PAY_WITHIN_DAYS, "{debtor}",
                false, name);
    }

    public Company {
        payUrl = payUrl == null ? "" : payUrl;
        logoUrl = logoUrl == null ? "" : logoUrl;
        bank = bank == null ? Bank.NONE : bank;
        customerNumber = customerNumber == null || customerNumber.isBlank() ? "{debtor}" : customerNumber;
        creditorName = creditorName == null || creditorName.isBlank() ? name : creditorName;
    }

    /** The customer number shown for a debtor: the debtor id where the AR contract has no number of its own. */
    public String customerNumber(long debtorId) {
        return customerNumber.replace("{debtor}", Long.toString(debtorId));
    }

    /** Reads arrears.company.*, failing with the setting's name on a malformed value. */
    public static Company from(Settings s) {
        String origin = s.origin();
        String logo = s.get("arrears.company.logo-url", "");
        if (!logo.isEmpty() && !logo.startsWith("https://")) {
            throw new ConfigException(origin + ": setting 'arrears.company.logo-url' must be an absolute https:// URL"
                    + " (mail clients block other images), got '" + logo + "'");
        }
        String customer = s.get("arrears.company.customer-number", "{debtor}");
        if (!customer.contains("{debtor}")) {
            throw new ConfigException(origin + ": setting 'arrears.company.customer-number' must contain {debtor}"
                    + " (the debtor id), got '" + customer + "'");
        }
        int days = s.getPositiveInt("arrears.company.pay-within-days", DEFAULT_PAY_WITHIN_DAYS);
        String name = s.require("arrears.company.name");
        return new Company(name, s.get("arrears.company.postal-address", ""), s.get("arrears.company.email", ""),
                s.get("arrears.company.phone", ""), s.get("arrears.company.website", ""), s.get("arrears.company.pay-url", ""),
                logo, bank(s), days, customer, s.getBoolean("arrears.company.debt-collector", false),
                s.get("arrears.company.creditor", name));
    }

    private static Bank bank(Settings s) {
        String origin = s.origin();
        String iban = s.get("arrears.company.bank.iban", "");
        String bic = s.get("arrears.company.bank.bic", "").toUpperCase(Locale.ROOT);
        String account = s.get("arrears.company.bank.account-number", "");
        String routing = s.get("arrears.company.bank.routing-number", "");
        if (!iban.isEmpty() && !validIban(iban)) {
            throw new ConfigException(origin + ": setting 'arrears.company.bank.iban' is not a valid IBAN"
                    + " (country code, check digits, account; the check digits must match), got '" + iban + "'");
        }
        if (!bic.isEmpty() && !bic.matches("[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")) {
            throw new ConfigException(origin + ": setting 'arrears.company.bank.bic' must be a BIC of 8 or 11 letters"
                    + " and digits, got '" + bic + "'");
        }
        if (!routing.isEmpty() && !validRoutingNumber(routing)) {
            throw new ConfigException(origin + ": setting 'arrears.company.bank.routing-number' must be a 9-digit ABA"
                    + " routing number with a valid check digit, got '" + routing + "'");
        }
        if (account.isEmpty() != routing.isEmpty() && iban.isEmpty()) {
            throw new ConfigException(origin + ": settings 'arrears.company.bank.account-number' and"
                    + " 'arrears.company.bank.routing-number' go together: set both or neither");
        }
        return new Bank(s.get("arrears.company.bank.account-holder", s.get("arrears.company.name", "")),
                s.get("arrears.company.bank.name", ""), iban.isEmpty() ? "" : CreditorReference.print(iban), bic, account, routing);
    }

    /** ISO 13616: two letters, two check digits, up to 30 letters or digits; the MOD 97-10 check leaves 1. */
    public static boolean validIban(String iban) {
        String n = CreditorReference.normalize(iban);
        if (!n.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")) {
            return false;
        }
        StringBuilder digits = new StringBuilder();
        for (char c : (n.substring(4) + n.substring(0, 4)).toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    /** An ABA routing number: 9 digits whose weighted sum (3, 7, 1, ...) is a multiple of 10. */
    public static boolean validRoutingNumber(String routing) {
        if (!routing.matches("[0-9]{9}")) {
            return false;
        }
        int[] w = {3, 7, 1};
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (routing.charAt(i) - '0') * w[i % 3];
        }
        return sum % 10 == 0;
    }
}
