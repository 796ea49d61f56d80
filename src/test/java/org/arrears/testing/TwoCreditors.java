package org.arrears.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * A hub over a fresh real PostgreSQL with two creditors besides the default one: Alpha Handel GmbH (Germany, EUR,
 * an IBAN) and Bravo Supply Inc. (United States, USD, an account and routing number), each with its own brand,
 * sending identity and bank account; Bravo owns a policy of its own ({@code bravo-first}) that comes before the
 * shared {@code flow}; Alpha's template folder gives the follow-up step a subject of its own. Seeding helpers give debtors and invoices to either creditor, with the invoice numbers,
 * references and names a test chooses, so two creditors can have the same ones.
 */
public final class TwoCreditors implements AutoCloseable {

    public static final String ALPHA_IBAN = "DE89370400440532013000";
    public static final String BRAVO_ACCOUNT = "000123456789";
    public static final String ALPHA_FROM = "Alpha Handel Forderungen <forderungen@alpha-handel.example>";
    public static final String BRAVO_FROM = "Bravo Supply Billing <billing@bravo-supply.example>";

    public final HubFixture f;
    public final long alpha;
    public final long bravo;

    /** @param overrides settings the test adds (SMTP, payments inbox, ...) */
    public TwoCreditors(Path dir, Instant start, Map<String, String> overrides) {
        Path creditors = dir.resolve("creditors");
        Path policies = dir.resolve("policies");
        try {
            Files.createDirectories(creditors);
            Files.createDirectories(policies);
            Files.writeString(creditors.resolve("alpha.yaml"), """
                    code: alpha
                    legal-name: Alpha Handel GmbH
                    brand: Alpha Handel
                    postal-address: Hafenstrasse 1, 20457 Hamburg, Deutschland
                    contact:
                      email: forderungen@alpha-handel.example
                      phone: +49 40 555 0100
                      website: https://alpha-handel.example
                    pay-url: https://pay.alpha-handel.example/?ref={reference}
                    bank-accounts:
                      - holder: Alpha Handel GmbH
                        bank: Hamburger Bank
                        iban: %s
                        bic: COBADEFFXXX
                    sending:
                      from: %s
                      reply-to: buchhaltung@alpha-handel.example
                      bounce-domain: bounces.alpha-handel.example
                    policies: [flow]
                    templates: %s
                    compliance:
                      jurisdictions: [DE]
                    """.formatted(ALPHA_IBAN, ALPHA_FROM, dir.resolve("alpha-templates")));
            // Alpha's own subject line for the follow-up step; everything else comes from the shared templates
            Path subject = dir.resolve("alpha-templates/email/follow-up/subject.ftl");
            Files.createDirectories(subject.getParent());
            Files.writeString(subject, "Alpha Handel: ${invoiceCount} invoice(s) overdue\n");
            Files.writeString(creditors.resolve("bravo.yaml"), """
                    code: bravo
                    legal-name: Bravo Supply Inc.
                    brand: Bravo Supply
                    postal-address: 200 East Randolph Street, Chicago, IL 60601, USA
                    contact:
                      email: billing@bravo-supply.example
                      website: https://bravo-supply.example
                    pay-url: https://pay.bravo-supply.example/?ref={reference}
                    bank-accounts:
                      - holder: Bravo Supply Inc.
                        bank: First Lakeshore Bank
                        account-number: "%s"
                        routing-number: "021000021"
                    sending:
                      from: %s
                      reply-to: ar@bravo-supply.example
                      bounce-domain: bounces.bravo-supply.example
                    own-policies: [bravo-first]
                    compliance:
                      jurisdictions: [US-IL]
                    """.formatted(BRAVO_ACCOUNT, BRAVO_FROM));
            String flow = Files.readString(Path.of("src/test/resources/policies/flow/flow.yaml"));
            Files.writeString(policies.resolve("flow.yaml"), flow);
            Files.writeString(policies.resolve("bravo-first.yaml"), flow.replace("code: flow", "code: bravo-first\npriority: 10"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>();
        all.put("arrears.creditors", creditors.toString());
        all.put("arrears.policies", policies.toString());
        all.putAll(overrides);
        this.f = new HubFixture(start, all);
        this.alpha = f.hub.creditors().idOf("alpha");
        this.bravo = f.hub.creditors().idOf("bravo");
    }

    /** A consumer of the creditor, with an email address when one is given; returns the debtor id. */
    public long debtor(long creditor, String name, String locale, String zone, String jurisdiction, String email) {
        long id = f.book.debtor(name, "B2C", locale, zone, jurisdiction, null);
        f.book.execute("UPDATE debtor SET creditor_id = ? WHERE id = ?", creditor, id);
        if (email != null) {
            f.book.emailAddress(id, email, "CONSUMER_USED", false);
        }
        return id;
    }

    /** An open invoice with the number and payment reference given (the creditor is its debtor's); returns its id. */
    public long invoice(long debtor, String number, String reference, String currency, String amount, LocalDate due) {
        return f.book.queryLong("""
                INSERT INTO invoice (debtor_id, invoice_number, currency, issue_date, due_date, amount, open_amount,
                                     payment_reference)
                VALUES (?, ?, ?, ?, ?, ?::numeric, ?::numeric, ?) RETURNING id""",
                debtor, number, currency, due.minusDays(30), due, amount, amount, reference);
    }

    public String open(long invoiceId) {
        return f.book.queryString("SELECT open_amount FROM invoice WHERE id = ?", invoiceId);
    }

    @Override
    public void close() {
        f.close();
    }
}
