package org.arrears.creditor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.db.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The creditors this hub collects for: the files of {@code arrears.creditors} (default {@code config/creditors}),
 * plus the default creditor of the settings ({@code arrears.company.*}) unless a file named {@code default.yaml}
 * replaces it. With no files the hub is a single-creditor installation and nothing here changes its behaviour.
 *
 * <p>{@link #sync} writes the registry into the {@code creditor} table, keeping each code's id (the default is 1),
 * so every row the hub writes can name its creditor by a stable id.
 */
public final class Creditors {

    private static final Logger LOG = LoggerFactory.getLogger(Creditors.class);

    /** Serializes the id assignment of two hubs starting at once. */
    private static final long SYNC_LOCK = 0x4372656469746f72L;

    private final List<Creditor> creditors;
    private final Map<String, Creditor> byCode = new LinkedHashMap<>();
    private final Map<Long, Creditor> byId = new LinkedHashMap<>();
    private final Map<String, Long> ids = new LinkedHashMap<>();

    public Creditors(List<Creditor> creditors) {
        this.creditors = List.copyOf(creditors);
        for (Creditor c : creditors) {
            if (byCode.put(c.code(), c) != null) {
                throw new ConfigException("creditor code '" + c.code() + "' appears twice");
            }
        }
        if (!byCode.containsKey(Creditor.DEFAULT_CODE)) {
            throw new IllegalArgumentException("the registry needs the default creditor");
        }
        ids.put(Creditor.DEFAULT_CODE, Creditor.DEFAULT_ID);
        byId.put(Creditor.DEFAULT_ID, byCode.get(Creditor.DEFAULT_CODE));
    }

    /**
     * The creditors of {@code arrears.creditors} (a folder; default {@code config/creditors}) checked against the
     * loaded policies, with the default creditor of the settings first.
     */
    public static Creditors load(Settings s, Set<String> policyCodes) {
        Path folder = Path.of(s.get("arrears.creditors", "config/creditors"));
        List<Creditor> files = new CreditorLoader(s, policyCodes).loadFolder(folder);
        List<Creditor> all = new ArrayList<>();
        if (files.stream().noneMatch(Creditor::isDefault)) {
            all.add(fromSettings(s));
        }
        all.addAll(files);
        return new Creditors(all);
    }

    /** The single creditor of the settings: arrears.company.* and the hub's sending identity. */
    public static Creditor fromSettings(Settings s) {
        String name = s.get("arrears.company.name", "Default creditor");
        List<Creditor.BankAccount> accounts = new ArrayList<>();
        String iban = s.get("arrears.company.bank.iban", "");
        String number = s.get("arrears.company.bank.account-number", "");
        if (!iban.isEmpty() || !number.isEmpty()) {
            accounts.add(new Creditor.BankAccount(s.get("arrears.company.bank.account-holder", name),
                    s.get("arrears.company.bank.name", ""), iban, s.get("arrears.company.bank.bic", ""), number,
                    s.get("arrears.company.bank.routing-number", ""), null));
        }
        return new Creditor(Creditor.DEFAULT_CODE, name, name, null, s.get("arrears.company.logo-url", ""),
                s.get("arrears.company.postal-address", ""), s.get("arrears.company.email", ""),
                s.get("arrears.company.phone", ""), s.get("arrears.company.website", ""), s.get("arrears.company.pay-url", ""),
                null, null, accounts, null, null, null, s.get("arrears.email.from"), s.get("arrears.email.reply-to"),
                s.get("arrears.email.bounce-domain"), s.get("arrears.sms.from"), Map.of(), List.of(), List.of(), null,
                s.getBoolean("arrears.company.debt-collector", false) ? Creditor.Role.COLLECTOR : Creditor.Role.CREDITOR,
                s.get("arrears.company.creditor"), List.of(), null);
    }

    /**
     * Writes every creditor into the {@code creditor} table: an existing code keeps its id and gets its legal name
     * updated, a new one gets the next id. Rows of creditors no longer configured stay (their debtors, messages and
     * payments still name them) and are reported once.
     */
    public Creditors sync(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = new Sql().append("SELECT pg_advisory_xact_lock(?)", SYNC_LOCK).prepare(c)) {
                    ps.executeQuery().close();
                }
                for (Creditor cr : creditors) {
                    try (PreparedStatement ps = new Sql().append("""
                            INSERT INTO creditor (id, code, legal_name)
                            VALUES ((SELECT coalesce(max(id), 0) + 1 FROM creditor), ?, ?)
                            ON CONFLICT (code) DO UPDATE SET legal_name = EXCLUDED.legal_name
                            RETURNING id""", cr.code(), cr.legalName()).prepare(c); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        ids.put(cr.code(), rs.getLong(1));
                        byId.put(rs.getLong(1), cr);
                    }
                }
                List<String> stale = new ArrayList<>();
                try (PreparedStatement ps = new Sql().append("SELECT code FROM creditor WHERE NOT code = ANY(?) ORDER BY id",
                        (Object) byCode.keySet().toArray(String[]::new)).prepare(c); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stale.add(rs.getString(1));
                    }
                }
                c.commit();
                if (!stale.isEmpty()) {
                    LOG.warn("creditors {} are in the database but have no file in arrears.creditors: their messages are "
                            + "rendered for the default creditor", stale);
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing the creditors into the creditor table failed: " + e.getMessage(), e);
        }
        if (creditors.size() > 1) {
            LOG.info("{} creditors: {}", creditors.size(), ids);
        }
        return this;
    }

    public List<Creditor> all() {
        return creditors;
    }

    /** Only the default creditor: a single-creditor installation. */
    public boolean single() {
        return creditors.size() == 1;
    }

    public Optional<Creditor> byCode(String code) {
        return Optional.ofNullable(byCode.get(code == null ? null : code.toLowerCase(Locale.ROOT)));
    }

    /** The creditor of a row's creditor_id; an id without a configured creditor is the default's. */
    public Creditor byId(long id) {
        Creditor c = byId.get(id);
        return c == null ? byCode.get(Creditor.DEFAULT_CODE) : c;
    }

    /** The id of a code (after {@link #sync}). */
    public long idOf(String code) {
        Long id = ids.get(code);
        if (id == null) {
            throw new IllegalArgumentException("no creditor '" + code + "'" + (byCode.containsKey(code) ? " synced yet" : ""));
        }
        return id;
    }

    public long idOf(Creditor c) {
        return idOf(c.code());
    }

    /** Every creditor id (after {@link #sync}). */
    public Collection<Long> ids() {
        return ids.values();
    }

    /**
     * The creditor a bank statement on an account belongs to: the one whose bank-accounts list it, else none (the
     * poster then assigns the statement to the default creditor).
     */
    public Optional<Long> creditorOfAccount(String account) {
        if (account == null) {
            return Optional.empty();
        }
        String key = Creditor.accountKey(account);
        for (Creditor c : creditors) {
            for (Creditor.BankAccount a : c.bankAccounts()) {
                if (a.key().equals(key)) {
                    return Optional.of(idOf(c));
                }
            }
        }
        return Optional.empty();
    }

    /** Every creditor's accounts as (account key, creditor id) pairs, for the poster's set-based assignment. */
    public Map<String, Long> accounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Creditor c : creditors) {
            for (Creditor.BankAccount a : c.bankAccounts()) {
                out.put(a.key(), idOf(c));
            }
        }
        return out;
    }

    /**
     * The creditors whose debtors may be planned under a policy, or null for every creditor. A policy in a
     * creditor's {@code own-policies} belongs to it alone; a creditor with a {@code policies} list uses those (and
     * its own); a creditor without one uses every policy no creditor owns.
     */
    public Long[] mayUse(String policyCode) {
        List<Long> out = new ArrayList<>();
        for (Creditor c : creditors) {
            if (allows(c, policyCode)) {
                out.add(idOf(c));
            }
        }
        return out.size() == creditors.size() ? null : out.toArray(Long[]::new);
    }

    private boolean allows(Creditor c, String policyCode) {
        if (c.ownPolicies().contains(policyCode)) {
            return true;
        }
        boolean owned = creditors.stream().anyMatch(o -> o.ownPolicies().contains(policyCode));
        if (owned) {
            return false;
        }
        return c.policies().isEmpty() || c.names(policyCode);
    }

    /** The hub's settings as this creditor's messages, letters and texts see them. */
    public static Settings settingsFor(Creditor c, Settings base) {
        return c.overrides().isEmpty() ? base : base.with(c.overrides());
    }
}
