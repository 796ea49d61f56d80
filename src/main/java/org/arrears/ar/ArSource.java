package org.arrears.ar;

import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.arrears.config.ConfigException;

/**
 * The AR contract: the hub reads debtors and invoices only through two relations named in config, so an
 * ERP's own tables can be mapped with a view or a query and nothing in the hub knows their names.
 *
 * <p>Debtor source columns: debtor_id bigint, name, kind ('B2B'|'B2C'), locale, time_zone, jurisdiction,
 * postal_code, phone_area_codes text[], policy_code, bankruptcy, deceased, cease_communication,
 * attorney_represented (booleans), outside_hours_consent_at timestamptz, no_contact_before time,
 * no_contact_after time.
 *
 * <p>Invoice source columns: invoice_id bigint, debtor_id bigint, invoice_number, currency, issue_date,
 * due_date, amount, open_amount (numeric), payment_reference.
 */
public final class ArSource {

    public static final List<String> DEBTOR_COLUMNS = List.of("debtor_id", "name", "kind", "locale", "time_zone",
            "jurisdiction", "postal_code", "phone_area_codes", "policy_code", "bankruptcy", "deceased",
            "cease_communication", "attorney_represented", "outside_hours_consent_at", "no_contact_before",
            "no_contact_after");
    public static final List<String> INVOICE_COLUMNS = List.of("invoice_id", "debtor_id", "invoice_number",
            "currency", "issue_date", "due_date", "amount", "open_amount", "payment_reference");

    private final String debtors;
    private final String invoices;

    public ArSource(String debtorSource, String invoiceSource) {
        this.debtors = relation(debtorSource, "arrears.ar.debtor-source");
        this.invoices = relation(invoiceSource, "arrears.ar.invoice-source");
    }

    /** The debtor source as a FROM item (a relation name or a parenthesised query). */
    public String debtors() {
        return debtors;
    }

    public String invoices() {
        return invoices;
    }

    /** Fails fast, naming the setting and the missing columns, when a source does not meet the contract. */
    public void verify(DataSource ds) {
        check(ds, debtors, DEBTOR_COLUMNS, "arrears.ar.debtor-source");
        check(ds, invoices, INVOICE_COLUMNS, "arrears.ar.invoice-source");
    }

    private static void check(DataSource ds, String source, List<String> required, String key) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            ResultSetMetaData md = s.executeQuery("SELECT * FROM " + source + " src LIMIT 0").getMetaData();
            Set<String> have = new HashSet<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                have.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
            List<String> missing = required.stream().filter(col -> !have.contains(col)).toList();
            if (!missing.isEmpty()) {
                throw new ConfigException(key + " (" + source + ") lacks contract columns " + missing);
            }
        } catch (SQLException e) {
            throw new ConfigException(key + " (" + source + ") cannot be read: " + e.getMessage(), e);
        }
    }

    private static String relation(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new ConfigException("setting '" + key + "' is missing");
        }
        String v = value.trim();
        if (v.regionMatches(true, 0, "select", 0, 6)) {
            return "(" + v + ")";
        }
        if (!v.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?") && !(v.startsWith("(") && v.endsWith(")"))) {
            throw new ConfigException("setting '" + key + "' must be a table or view name or a SELECT query, got '" + v + "'");
        }
        return v;
    }
}
