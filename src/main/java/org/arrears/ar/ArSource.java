package org.arrears.ar;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ConsentSource;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.db.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AR contract: the hub reads debtors and invoices only through relations named in config, so an ERP's own
 * tables can be mapped with a view or a query and nothing in the hub knows their names. Optional sources add the
 * ERP's contact points and legal flags; {@link ArWriteBack} writes outcomes back.
 *
 * <p>Debtor source columns: debtor_id bigint, name, kind ('B2B'|'B2C'), locale, time_zone, jurisdiction,
 * postal_code, phone_area_codes text[], policy_code, bankruptcy, deceased, cease_communication,
 * attorney_represented (booleans), outside_hours_consent_at timestamptz, no_contact_before time,
 * no_contact_after time; and which creditor the debtor belongs to: a {@code creditor_id} column (the hub's
 * creditor ids), a {@code creditor} column (a creditor code, or an ERP value mapped by
 * {@code arrears.ar.creditor-map.<value>=<code>}), or for the whole source {@code arrears.ar.creditor=<code>};
 * none of these: the default creditor. {@link #debtors()} and {@link #invoices()} expose it as {@code creditor_id}
 * (an invoice source without its own creditor column takes its debtor's).
 *
 * <p>Invoice source columns: invoice_id bigint, debtor_id bigint, invoice_number, currency, issue_date,
 * due_date, amount, open_amount (numeric), payment_reference.
 *
 * <p>Contact-point source columns (optional source): debtor_id, channel, address, consent_source, consent_at,
 * preferred, and optionally work_email. Imported into the hub's contact_point table by {@link #refresh}.
 *
 * <p>Legal-flag source columns (optional source): debtor_id, cease_communication, attorney_represented,
 * bankruptcy, deceased, each nullable. {@link #debtors()} merges them by OR with the debtor source's own flags
 * and with the flags the hub records in debtor_flag.
 */
public final class ArSource {

    private static final Logger LOG = LoggerFactory.getLogger(ArSource.class);

    public static final List<String> DEBTOR_COLUMNS = List.of("debtor_id", "name", "kind", "locale", "time_zone",
            "jurisdiction", "postal_code", "phone_area_codes", "policy_code", "bankruptcy", "deceased",
            "cease_communication", "attorney_represented", "outside_hours_consent_at", "no_contact_before",
            "no_contact_after");
    public static final List<String> INVOICE_COLUMNS = List.of("invoice_id", "debtor_id", "invoice_number",
            "currency", "issue_date", "due_date", "amount", "open_amount", "payment_reference");
    public static final List<String> CONTACT_POINT_COLUMNS = List.of("debtor_id", "channel", "address",
            "consent_source", "consent_at", "preferred");
    public static final List<String> LEGAL_FLAGS = List.of("cease_communication", "attorney_represented",
            "bankruptcy", "deceased");
    /** The hub's own invoice view: its invoices carry the references the demo and seeder issue. */
    public static final String OWN_INVOICE_SOURCE = "ar_invoice_source";

    static final String DEBTOR_KEY = "arrears.ar.debtor-source";
    static final String INVOICE_KEY = "arrears.ar.invoice-source";
    static final String CONTACT_POINT_KEY = "arrears.ar.contact-point-source";
    static final String LEGAL_FLAG_KEY = "arrears.ar.legal-flag-source";
    static final String ISSUE_REFERENCES_KEY = "arrears.ar.issue-references";
    static final String CREDITOR_KEY = "arrears.ar.creditor";
    static final String CREDITOR_MAP_KEY = "arrears.ar.creditor-map.";
    /** The id of the default creditor (migration V10). */
    public static final long DEFAULT_CREDITOR = 1L;

    /** What one {@link #refresh} did. */
    public record Refresh(int contactPointsImported, int contactPointsRetired, int referencesIssued) {
    }

    private final String debtorSource;
    private final String invoiceSource;
    private final String contactPointSource;
    private final String legalFlagSource;
    private final boolean issueReferences;
    private volatile String debtors;
    private volatile String invoices;
    private final ArWriteBack writeBack;
    /** arrears.ar.creditor: the creditor code of every row of the sources, or null. */
    private String creditorCode;
    /** arrears.ar.creditor-map.*: the ERP's values of the creditor column, mapped to creditor codes. */
    private Map<String, String> creditorMap = Map.of();
    /** The creditor_id of a debtor row d (and its joins), of an invoice row i (null: its debtor's). */
    private String debtorCreditor;
    private String debtorCreditorJoin = "";
    private String invoiceCreditor;
    private String invoiceCreditorJoin = "";
    /** Whether the contact-point source has the optional work_email column (known after {@link #verify}). */
    private volatile boolean contactPointsHaveWorkEmail;

    /** Debtor and invoice sources only: no optional sources, references issued by the rule of "auto", no write-back. */
    public ArSource(String debtorSource, String invoiceSource) {
        this(debtorSource, invoiceSource, null, null, null, ArWriteBack.NONE);
    }

    /**
     * @param contactPointSource null for none
     * @param legalFlagSource    null for none
     * @param issueReferences    "auto" (or null), "true" or "false"
     */
    public ArSource(String debtorSource, String invoiceSource, String contactPointSource, String legalFlagSource,
                    String issueReferences, ArWriteBack writeBack) {
        this.debtorSource = relation(debtorSource, DEBTOR_KEY);
        this.invoiceSource = relation(invoiceSource, INVOICE_KEY);
        this.contactPointSource = contactPointSource == null ? null : relation(contactPointSource, CONTACT_POINT_KEY);
        this.legalFlagSource = legalFlagSource == null ? null : relation(legalFlagSource, LEGAL_FLAG_KEY);
        String issue = issueReferences == null ? "auto" : issueReferences.trim().toLowerCase(Locale.ROOT);
        this.issueReferences = switch (issue) {
            case "auto" -> !this.invoiceSource.equals(OWN_INVOICE_SOURCE);
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException("setting '" + ISSUE_REFERENCES_KEY + "' must be auto, true or false, got '"
                    + issueReferences + "'");
        };
        this.writeBack = writeBack;
        // until verify() has seen the sources' columns: the hub's own views carry creditor_id, others the default
        this.debtorCreditor = this.debtorSource.equals("ar_debtor_source") ? "d.creditor_id" : DEFAULT_CREDITOR + "::bigint";
        this.invoiceCreditor = this.invoiceSource.equals(OWN_INVOICE_SOURCE) ? "i.creditor_id" : null;
        build();
    }

    private void build() {
        this.debtors = mergedDebtors();
        this.invoices = this.issueReferences || !"i.creditor_id".equals(invoiceCreditor) || !invoiceCreditorJoin.isEmpty()
                ? referencedInvoices() : this.invoiceSource;
    }

    /**
     * Sets how rows name their creditor (arrears.ar.creditor, arrears.ar.creditor-map.*); {@link #verify} then
     * resolves it against the sources' columns and the creditor table.
     */
    public ArSource withCreditor(String code, Map<String, String> map) {
        this.creditorCode = code == null || code.isBlank() ? null : code.trim().toLowerCase(Locale.ROOT);
        this.creditorMap = Map.copyOf(map);
        return this;
    }

    /** Every AR setting: the sources, reference issuing and the write-back statements. */
    public static ArSource from(Settings s) {
        try {
            Map<String, String> map = new LinkedHashMap<>();
            java.util.Properties mapped = s.withPrefix(CREDITOR_MAP_KEY);
            for (String k : mapped.stringPropertyNames()) {
                map.put(k.substring(CREDITOR_MAP_KEY.length()), mapped.getProperty(k));
            }
            return new ArSource(s.get(DEBTOR_KEY, "ar_debtor_source"), s.get(INVOICE_KEY, OWN_INVOICE_SOURCE),
                    s.get(CONTACT_POINT_KEY), s.get(LEGAL_FLAG_KEY), s.get(ISSUE_REFERENCES_KEY, "auto"),
                    ArWriteBack.from(s)).withCreditor(s.get(CREDITOR_KEY), map);
        } catch (ConfigException e) {
            throw e.getMessage().startsWith(s.origin()) ? e : new ConfigException(s.origin() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The debtors as a FROM item: the debtor source's contract columns, with each legal flag true when the debtor
     * source, the legal-flag source or the hub's debtor_flag table says so.
     */
    public String debtors() {
        return debtors;
    }

    /**
     * The invoices as a FROM item: the invoice source, and when the hub issues references, with the reference
     * the hub issued wherever the source has none.
     */
    public String invoices() {
        return invoices;
    }

    /** The invoice source as configured (a relation name, or a parenthesised query), without the issued references. */
    public String invoiceRelation() {
        return invoiceSource;
    }

    /** Whether the hub issues RF references for invoices the source gives none. */
    public boolean issuesReferences() {
        return issueReferences;
    }

    public boolean importsContactPoints() {
        return contactPointSource != null;
    }

    public ArWriteBack writeBack() {
        return writeBack;
    }

    /** Fails fast, naming the setting and the missing columns, when a source or write-back statement does not fit. */
    public void verify(DataSource ds) {
        Set<String> debtorCols = check(ds, debtorSource, DEBTOR_COLUMNS, DEBTOR_KEY);
        Set<String> invoiceCols = check(ds, invoiceSource, INVOICE_COLUMNS, INVOICE_KEY);
        resolveCreditors(ds, debtorCols, invoiceCols);
        if (contactPointSource != null) {
            contactPointsHaveWorkEmail = check(ds, contactPointSource, CONTACT_POINT_COLUMNS, CONTACT_POINT_KEY)
                    .contains("work_email");
        }
        if (legalFlagSource != null) {
            List<String> cols = new ArrayList<>(List.of("debtor_id"));
            cols.addAll(LEGAL_FLAGS);
            check(ds, legalFlagSource, cols, LEGAL_FLAG_KEY);
        }
        writeBack.verify(ds);
    }

    /**
     * How each source names its creditor: its own creditor_id column, a creditor column of codes or mapped ERP
     * values (the map written to creditor_alias), the arrears.ar.creditor constant, or the default creditor. An
     * unknown code in the constant or the map fails startup; so do debtors whose creditor value maps to no creditor,
     * naming up to five of the values.
     */
    private void resolveCreditors(DataSource ds, Set<String> debtorCols, Set<String> invoiceCols) {
        try (Connection c = ds.getConnection()) {
            Long constant = creditorCode == null ? null : creditorId(c, creditorCode, CREDITOR_KEY);
            for (Map.Entry<String, String> e : creditorMap.entrySet()) {
                long id = creditorId(c, e.getValue().trim().toLowerCase(Locale.ROOT), CREDITOR_MAP_KEY + e.getKey());
                try (PreparedStatement ps = new Sql().append("""
                        INSERT INTO creditor_alias (ar_value, creditor_id) VALUES (?, ?)
                        ON CONFLICT (ar_value) DO UPDATE SET creditor_id = EXCLUDED.creditor_id""", e.getKey(), id).prepare(c)) {
                    ps.executeUpdate();
                }
            }
            String fallback = (constant == null ? DEFAULT_CREDITOR : constant) + "::bigint";
            debtorCreditorJoin = "";
            boolean debtorsName = true;
            if (debtorCols.contains("creditor_id")) {
                debtorCreditor = "d.creditor_id";
            } else if (debtorCols.contains("creditor")) {
                debtorCreditor = "coalesce(ca.creditor_id, cc.id)";
                debtorCreditorJoin = " LEFT JOIN creditor_alias ca ON ca.ar_value = d.creditor::text"
                        + " LEFT JOIN creditor cc ON cc.code = d.creditor::text";
                List<String> unknown = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT d.creditor::text FROM "
                        + debtorSource + " d" + debtorCreditorJoin + " WHERE " + debtorCreditor + " IS NULL LIMIT 5")) {
                    while (rs.next()) {
                        unknown.add(String.valueOf(rs.getString(1)));
                    }
                }
                if (!unknown.isEmpty()) {
                    throw new ConfigException(DEBTOR_KEY + " (" + debtorSource + "): the creditor column holds values that "
                            + "name no creditor: " + unknown + " (use a creditor code of arrears.creditors, or map them with "
                            + CREDITOR_MAP_KEY + "<value>=<code>)");
                }
            } else {
                debtorCreditor = fallback;
                debtorsName = false;
            }
            invoiceCreditorJoin = "";
            if (invoiceCols.contains("creditor_id")) {
                invoiceCreditor = "i.creditor_id";
            } else if (invoiceCols.contains("creditor")) {
                invoiceCreditor = "coalesce(ica.creditor_id, icc.id)";
                invoiceCreditorJoin = " LEFT JOIN creditor_alias ica ON ica.ar_value = i.creditor::text"
                        + " LEFT JOIN creditor icc ON icc.code = i.creditor::text";
            } else {
                invoiceCreditor = debtorsName ? null : fallback; // null: the debtor's
            }
        } catch (SQLException e) {
            throw new ConfigException(CREDITOR_KEY + ": cannot resolve creditors: " + e.getMessage(), e);
        }
        build();
    }

    private static long creditorId(Connection c, String code, String key) throws SQLException {
        try (PreparedStatement ps = new Sql().append("SELECT id FROM creditor WHERE code = ?", code).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new ConfigException("setting '" + key + "' names creditor '" + code + "', which has no file in "
                        + "arrears.creditors (config/creditors/" + code + ".yaml)");
            }
            return rs.getLong(1);
        }
    }

    /**
     * Brings the hub's copies up to date with the ERP, in one transaction: imports the contact-point source (when
     * configured) and issues RF references for open invoices without one (when on). The planner runs this before
     * each plan; {@code ./arrears ar refresh} runs it on demand.
     */
    public Refresh refresh(DataSource ds) {
        if (contactPointSource == null && !issueReferences) {
            return new Refresh(0, 0, 0);
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                int[] points = contactPointSource == null ? new int[2] : importContactPoints(c);
                int issued = issueReferences ? issueReferences(c) : 0;
                c.commit();
                return new Refresh(points[0], points[1], issued);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("refreshing from the AR database failed: " + firstLine(e), e);
        }
    }

    /**
     * The contact-point import: one upsert keyed by (debtor_id, channel, address) that sets only what the ERP owns
     * (consent, preferred, work_email) and never what the hub learnt (opted_out_at, opt_out_source, quality), then
     * retires the AR points the source no longer yields. A row with an unknown channel is skipped; an unknown
     * consent source is imported as none (the gate then finds no consent procedure). Returns {imported or changed,
     * retired, skipped, unknown consent}.
     */
    private int[] importContactPoints(Connection c) throws SQLException {
        boolean work = contactPointsHaveWorkEmail;
        String workCol = work ? ", work_email" : "";
        String sql = """
                WITH raw AS (
                  SELECT s.debtor_id, lower(btrim(s.channel)) AS channel, btrim(s.address) AS address,
                         upper(btrim(s.consent_source)) AS consent_given, s.consent_at,
                         coalesce(s.preferred, false) AS preferred%1$s
                  FROM %2$s s
                  WHERE s.debtor_id IS NOT NULL AND nullif(btrim(s.address), '') IS NOT NULL
                ), src AS (
                  SELECT DISTINCT ON (debtor_id, channel, address) debtor_id, channel, address,
                         CASE WHEN consent_given = ANY(?::text[]) THEN consent_given END AS consent_source, consent_at,
                         preferred%3$s
                  FROM raw WHERE channel = ANY(?::text[])
                  ORDER BY debtor_id, channel, address, preferred DESC, consent_at DESC NULLS LAST
                ), upserted AS (
                  INSERT INTO contact_point AS cp (debtor_id, channel, address, consent_source, consent_at, preferred%3$s, origin)
                  SELECT debtor_id, channel, address, consent_source, consent_at, preferred%3$s, 'AR' FROM src
                  ON CONFLICT (debtor_id, channel, address) DO UPDATE
                     SET consent_source = EXCLUDED.consent_source, consent_at = EXCLUDED.consent_at,
                         preferred = EXCLUDED.preferred%4$s, origin = 'AR', retired_at = NULL
                     WHERE (cp.consent_source, cp.consent_at, cp.preferred%5$s, cp.origin, cp.retired_at)
                           IS DISTINCT FROM (EXCLUDED.consent_source, EXCLUDED.consent_at, EXCLUDED.preferred%6$s, 'AR', NULL::timestamptz)
                  RETURNING 1
                ), retired AS (
                  UPDATE contact_point cp SET retired_at = now()
                  WHERE cp.origin = 'AR' AND cp.retired_at IS NULL
                    AND NOT EXISTS (SELECT 1 FROM src WHERE src.debtor_id = cp.debtor_id AND src.channel = cp.channel
                                      AND src.address = cp.address)
                  RETURNING 1
                )
                SELECT (SELECT count(*) FROM upserted), (SELECT count(*) FROM retired),
                       count(*) FILTER (WHERE channel IS NULL OR NOT channel = ANY(?::text[])),
                       count(*) FILTER (WHERE consent_given IS NOT NULL AND NOT consent_given = ANY(?::text[]))
                FROM raw
                """.formatted(work ? ", coalesce(s.work_email, false) AS work_email" : "", contactPointSource, workCol,
                work ? ", work_email = EXCLUDED.work_email" : "", work ? ", cp.work_email" : "",
                work ? ", EXCLUDED.work_email" : "");
        String[] consents = Arrays.stream(ConsentSource.values()).map(Enum::name).toArray(String[]::new);
        String[] channels = Arrays.stream(Channel.values()).map(Channel::code).toArray(String[]::new);
        try (PreparedStatement ps = new Sql().append(sql, consents, channels, channels, consents).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            int skipped = rs.getInt(3);
            int unknownConsent = rs.getInt(4);
            if (skipped > 0 || unknownConsent > 0) {
                LOG.warn("{}: {} rows skipped (channel not one of {}), {} imported without consent (consent_source "
                        + "not one of {})", CONTACT_POINT_KEY, skipped, List.of(channels), unknownConsent, List.of(consents));
            }
            return new int[] {rs.getInt(1), rs.getInt(2)};
        } catch (SQLException e) {
            throw new SQLException(CONTACT_POINT_KEY + " cannot be imported: " + firstLine(e), e.getSQLState(), e);
        }
    }

    /**
     * Issues an ISO 11649 reference ("RF", check digits, the invoice id) for every open invoice of the source that
     * has no payment_reference and no reference issued yet. One query finds them, one insert stores them all.
     */
    private int issueReferences(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT i.invoice_id FROM %s i
                WHERE nullif(btrim(i.payment_reference), '') IS NULL AND i.open_amount > 0 AND i.invoice_id > 0
                  AND NOT EXISTS (SELECT 1 FROM invoice_reference r WHERE r.invoice_id = i.invoice_id)
                """.formatted(invoiceSource))) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        String[] refs = ids.stream().map(ArSource::issuedReference).toArray(String[]::new);
        try (PreparedStatement ps = new Sql().append("""
                INSERT INTO invoice_reference (invoice_id, reference)
                SELECT * FROM unnest(?::bigint[], ?::text[]) ON CONFLICT DO NOTHING
                """, ids.toArray(Long[]::new), refs).prepare(c)) {
            return ps.executeUpdate();
        }
    }

    /** The reference the hub issues for an invoice: "RF", the check digits and the invoice id. */
    public static String issuedReference(long invoiceId) {
        return CreditorReference.create(Long.toString(invoiceId));
    }

    private String mergedDebtors() {
        List<String> cols = new ArrayList<>();
        for (String col : DEBTOR_COLUMNS) {
            if (LEGAL_FLAGS.contains(col)) {
                cols.add("(coalesce(d." + col + ", false)" + (legalFlagSource == null ? "" : " OR coalesce(l." + col + ", false)")
                        + " OR coalesce(f." + col + ", false)) AS " + col);
            } else {
                cols.add("d." + col);
            }
        }
        // debtor_flag is keyed by debtor_id and the legal flags are grouped by it, so a query that reads no flag
        // (the planner's debtor scan) has both joins removed by PostgreSQL
        String legal = legalFlagSource == null ? "" : " LEFT JOIN (SELECT l.debtor_id, "
                + LEGAL_FLAGS.stream().map(f -> "bool_or(l." + f + ") AS " + f).collect(Collectors.joining(", "))
                + " FROM " + legalFlagSource + " l GROUP BY l.debtor_id) l ON l.debtor_id = d.debtor_id";
        return "(SELECT " + String.join(", ", cols) + ", " + debtorCreditor + " AS creditor_id FROM " + debtorSource + " d"
                + legal + " LEFT JOIN debtor_flag f ON f.debtor_id = d.debtor_id" + debtorCreditorJoin + ")";
    }

    private String referencedInvoices() {
        // invoice_reference is keyed by invoice_id: a query that reads no reference has the join removed; the
        // creditor's lookup is a scalar subquery, evaluated only by queries that read creditor_id
        String reference = issueReferences ? "coalesce(nullif(btrim(i.payment_reference), ''), r.reference)" : "i.payment_reference";
        String creditor = invoiceCreditor != null ? invoiceCreditor
                : "(SELECT dd.creditor_id FROM " + debtors + " dd WHERE dd.debtor_id = i.debtor_id)";
        return "(SELECT i.invoice_id, i.debtor_id, i.invoice_number, i.currency, i.issue_date, i.due_date, i.amount, "
                + "i.open_amount, " + reference + " AS payment_reference, " + creditor + " AS creditor_id "
                + "FROM " + invoiceSource + " i"
                + (issueReferences ? " LEFT JOIN invoice_reference r ON r.invoice_id = i.invoice_id" : "")
                + invoiceCreditorJoin + ")";
    }

    /** Checks the source has the required columns; returns the columns it has. */
    private static Set<String> check(DataSource ds, String source, List<String> required, String key) {
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
            return have;
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

    /** The first line of a database error: the problem, without the detail lines that may quote row values. */
    static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
