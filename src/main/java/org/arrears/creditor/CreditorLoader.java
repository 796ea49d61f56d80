package org.arrears.creditor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.arrears.ar.CreditorReference;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.config.YamlFile;
import org.arrears.email.EmailSettings;
import org.arrears.letter.LetterSettings;
import org.arrears.outreach.Company;
import org.arrears.sms.SmsSettings;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code config/creditors/<code>.yaml} the way {@code policy.PolicyLoader} reads policies: on the YAML node
 * tree, so every problem is reported as {@code file:line: message}; unknown keys are errors. Each creditor's
 * details are then checked by the same rules as the hub's own settings (IBAN check digits, https logo, one-line
 * headers, R14 return address, sender id), with the error placed on the line that set the value.
 */
public final class CreditorLoader {

    private static final Set<String> TOP = Set.of("code", "legal-name", "brand", "logo", "logo-url", "postal-address",
            "contact", "pay-url", "customer-number", "pay-within-days", "bank-accounts", "locale", "sending", "sms",
            "print", "policies", "own-policies", "templates", "compliance");
    private static final Set<String> CONTACT = Set.of("email", "phone", "website");
    private static final Set<String> ACCOUNT = Set.of("holder", "bank", "iban", "bic", "account-number",
            "routing-number", "currency");
    private static final Set<String> LOCALE = Set.of("language", "time-zone", "currency");
    private static final Set<String> SENDING = Set.of("from", "reply-to", "bounce-domain");
    private static final Set<String> SMS = Set.of("sender-id");
    private static final Set<String> COMPLIANCE = Set.of("role", "current-creditor", "jurisdictions");
    /** Print-vendor keys a creditor may set (arrears.letter.* without the prefix); layout.XX and postage.XX too. */
    private static final Set<String> PRINT = Set.of("layout", "sides", "postage-class", "mail-piece", "return-name",
            "return-address");

    private final Settings base;
    private final Set<String> policyCodes;

    /**
     * @param base        the hub's settings, which a creditor's details override
     * @param policyCodes the codes of the loaded policies, which {@code policies} and {@code own-policies} may name
     */
    public CreditorLoader(Settings base, Set<String> policyCodes) {
        this.base = base;
        this.policyCodes = Set.copyOf(policyCodes);
    }

    /**
     * Every {@code *.yaml} / {@code *.yml} of the folder, sorted by file name; none (or no folder) gives an empty list.
     * Checks across files: codes and bank accounts appear once, and a policy is owned by one creditor.
     */
    public List<Creditor> loadFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(folder + ": cannot list creditors: " + e.getMessage());
        }
        List<Creditor> out = new ArrayList<>();
        Map<String, String> accounts = new HashMap<>();
        Map<String, String> owners = new HashMap<>();
        Map<String, Path> codes = new HashMap<>();
        List<Parsed> parsed = new ArrayList<>();
        for (Path f : files) {
            Parsed p = parse(f);
            parsed.add(p);
            Creditor c = p.creditor;
            Path first = codes.putIfAbsent(c.code(), f);
            if (first != null) {
                throw new ConfigException(f + ":" + p.lines.get("code") + ": creditor code '" + c.code()
                        + "' is used by " + first + " too");
            }
            for (int i = 0; i < c.bankAccounts().size(); i++) {
                String other = accounts.putIfAbsent(c.bankAccounts().get(i).key(), c.code());
                if (other != null) {
                    throw new ConfigException(f + ":" + p.lines.get("bank-accounts." + i) + ": bank account "
                            + c.bankAccounts().get(i).key() + " belongs to creditor '" + other
                            + "' already: a bank account belongs to one creditor");
                }
            }
            for (int i = 0; i < c.ownPolicies().size(); i++) {
                String other = owners.putIfAbsent(c.ownPolicies().get(i), c.code());
                if (other != null) {
                    throw new ConfigException(f + ":" + p.lines.get("own-policies." + i) + ": policy '"
                            + c.ownPolicies().get(i) + "' is owned by creditor '" + other + "' already");
                }
            }
            out.add(c);
        }
        for (Parsed p : parsed) {
            // a creditor may not name another's own policy among its shared ones
            Path f = p.creditor.source();
            for (int i = 0; i < p.creditor.policies().size(); i++) {
                String owner = owners.get(p.creditor.policies().get(i));
                if (owner != null && !owner.equals(p.creditor.code())) {
                    throw new ConfigException(f + ":" + p.lines.get("policies." + i) + ": policy '"
                            + p.creditor.policies().get(i) + "' belongs to creditor '" + owner + "' (own-policies)");
                }
            }
        }
        return List.copyOf(out);
    }

    private record Parsed(Creditor creditor, Map<String, Integer> lines) {
    }

    /** Reads and checks one file. */
    public Creditor load(Path file) {
        return parse(file).creditor;
    }

    private Parsed parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        YamlFile yaml = new YamlFile(file, ConfigException::new);
        Node root = yaml.root(text, "a creditor file");
        Ctx c = new Ctx(yaml, new LinkedHashMap<>());
        Map<String, Node> top = c.mapping(root, "creditor", TOP, "");
        String code = c.required(top, root, "code");
        if (!code.matches("[a-z0-9][a-z0-9_-]*")) {
            throw c.error(top.get("code"), "code must be lower-case letters, digits, dashes and underscores, got '" + code + "'");
        }
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!stem.equals(code)) {
            throw c.error(top.get("code"), "code '" + code + "' must match the file name (" + code + ".yaml)");
        }
        String legalName = c.required(top, root, "legal-name");
        Path logo = null;
        if (top.containsKey("logo")) {
            logo = file.toAbsolutePath().getParent().resolve(c.string(top.get("logo"), "logo")).normalize();
            if (!Files.isRegularFile(logo)) {
                throw c.error(top.get("logo"), "logo file " + logo.getFileName() + " not found next to " + file.getFileName());
            }
        }
        Map<String, Node> contact = top.containsKey("contact") ? c.mapping(top.get("contact"), "contact", CONTACT, "contact.") : Map.of();
        List<Creditor.BankAccount> accounts = new ArrayList<>();
        if (top.containsKey("bank-accounts")) {
            if (!(top.get("bank-accounts") instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                throw c.error(top.get("bank-accounts"), "bank-accounts must be a non-empty list of accounts");
            }
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node n = seq.getValue().get(i);
                c.lines.put("bank-accounts." + i, line(n));
                Map<String, Node> a = c.mapping(n, "bank-accounts[" + i + "]", ACCOUNT, "bank-accounts." + i + ".");
                accounts.add(account(c, n, a, i));
            }
        }
        Map<String, Node> loc = top.containsKey("locale") ? c.mapping(top.get("locale"), "locale", LOCALE, "locale.") : Map.of();
        Locale language = null;
        if (loc.containsKey("language")) {
            try {
                language = new Locale.Builder().setLanguageTag(c.string(loc.get("language"), "locale.language")).build();
            } catch (IllformedLocaleException e) {
                throw c.error(loc.get("language"), "locale.language must be a language tag such as de-DE, got '"
                        + c.string(loc.get("language"), "locale.language") + "'");
            }
        }
        String zone = opt(c, loc, "time-zone");
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw c.error(loc.get("time-zone"), "locale.time-zone must be an IANA zone such as Europe/Berlin, got '" + zone + "'");
            }
        }
        String currency = currency(c, loc.get("currency"), "locale.currency");
        Map<String, Node> sending = top.containsKey("sending") ? c.mapping(top.get("sending"), "sending", SENDING, "sending.") : Map.of();
        Map<String, Node> sms = top.containsKey("sms") ? c.mapping(top.get("sms"), "sms", SMS, "sms.") : Map.of();
        Map<String, String> print = new LinkedHashMap<>();
        if (top.containsKey("print")) {
            Map<String, Node> pm = c.mapping(top.get("print"), "print", null, "print.");
            for (Map.Entry<String, Node> e : pm.entrySet()) {
                String k = e.getKey();
                if (!PRINT.contains(k) && !k.matches("(layout|postage)\\.[A-Za-z]{2}")) {
                    throw c.error(e.getValue(), "unknown print setting '" + k + "' (allowed: " + PRINT.stream().sorted().toList()
                            + ", layout.XX and postage.XX for a country XX)");
                }
                print.put(k, c.string(e.getValue(), "print." + k));
            }
        }
        List<String> policies = policyList(c, top, "policies");
        List<String> own = policyList(c, top, "own-policies");
        Path templates = null;
        if (top.containsKey("templates")) {
            templates = Path.of(c.string(top.get("templates"), "templates"));
            if (!Files.isDirectory(templates)) {
                throw c.error(top.get("templates"), "templates folder " + templates + " not found");
            }
        }
        Map<String, Node> comp = top.containsKey("compliance") ? c.mapping(top.get("compliance"), "compliance", COMPLIANCE, "compliance.") : Map.of();
        Creditor.Role role = Creditor.Role.CREDITOR;
        if (comp.containsKey("role")) {
            String r = c.string(comp.get("role"), "compliance.role").toLowerCase(Locale.ROOT);
            role = switch (r) {
                case "creditor", "first-party" -> Creditor.Role.CREDITOR;
                case "collector", "third-party" -> Creditor.Role.COLLECTOR;
                default -> throw c.error(comp.get("role"), "compliance.role must be creditor (first party) or collector "
                        + "(third-party debt collector), got '" + r + "'");
            };
        }
        String currentCreditor = opt(c, comp, "current-creditor");
        if (currentCreditor != null && role != Creditor.Role.COLLECTOR) {
            throw c.error(comp.get("current-creditor"), "compliance.current-creditor names the creditor a collector "
                    + "collects for: set role: collector, or remove it");
        }
        List<String> jurisdictions = new ArrayList<>();
        if (comp.containsKey("jurisdictions")) {
            for (Node n : c.sequence(comp.get("jurisdictions"), "compliance.jurisdictions")) {
                String j = c.string(n, "compliance.jurisdictions").toUpperCase(Locale.ROOT);
                if (!j.matches("[A-Z]{2}(-[A-Z0-9]{1,3})?")) {
                    throw c.error(n, "compliance.jurisdictions: '" + j + "' is not a country or subdivision code such as DE or US-CA");
                }
                jurisdictions.add(j);
            }
        }
        Creditor creditor = new Creditor(code, legalName, opt(c, top, "brand"), logo, opt(c, top, "logo-url"),
                opt(c, top, "postal-address"), opt(c, contact, "email"), opt(c, contact, "phone"), opt(c, contact, "website"),
                opt(c, top, "pay-url"), opt(c, top, "customer-number"), payWithinDays(c, top), accounts, language, zone, currency, opt(c, sending, "from"),
                opt(c, sending, "reply-to"), opt(c, sending, "bounce-domain"), opt(c, sms, "sender-id"), print, policies,
                own, templates, role, currentCreditor, jurisdictions, file);
        check(c, top, root, creditor);
        return new Parsed(creditor, c.lines);
    }

    /** The creditor's details through the hub's own setting checks, each error placed on the line that set it. */
    private void check(Ctx c, Map<String, Node> top, Node root, Creditor creditor) {
        Settings s = base.with(creditor.overrides());
        Map<String, String> keyToPath = new LinkedHashMap<>();
        keyToPath.put("arrears.company.logo-url", "logo-url");
        keyToPath.put("arrears.company.customer-number", "customer-number");
        keyToPath.put("arrears.company.pay-within-days", "pay-within-days");
        keyToPath.put("arrears.company.bank.iban", "bank-accounts.0.iban");
        keyToPath.put("arrears.company.bank.bic", "bank-accounts.0.bic");
        keyToPath.put("arrears.company.bank.routing-number", "bank-accounts.0.routing-number");
        keyToPath.put("arrears.company.bank.account-number", "bank-accounts.0.account-number");
        keyToPath.put("arrears.email.from", "sending.from");
        keyToPath.put("arrears.email.reply-to", "sending.reply-to");
        keyToPath.put("arrears.email.bounce-domain", "sending.bounce-domain");
        keyToPath.put("arrears.sms.from", "sms.sender-id");
        keyToPath.put("arrears.letter.return-name", "legal-name");
        keyToPath.put("arrears.letter.return-address", "postal-address");
        creditor.print().keySet().forEach(k -> keyToPath.put("arrears.letter." + k, "print." + k));
        try {
            Company.from(s);
            EmailSettings.from(s);
            LetterSettings.from(s);
            SmsSettings.from(s);
        } catch (ConfigException e) {
            String m = e.getMessage();
            String setting = keyToPath.keySet().stream().filter(k -> m.contains("'" + k + "'") || m.contains(k + " "))
                    .findFirst().orElse(null);
            int line = setting == null ? line(root) : c.lines.getOrDefault(keyToPath.get(setting), line(root));
            String problem = m.startsWith(s.origin() + ": ") ? m.substring(s.origin().length() + 2) : m;
            if (setting != null) {
                problem = problem.replace("setting '" + setting + "'", keyToPath.get(setting))
                        .replace("settings '" + setting + "'", keyToPath.get(setting));
            }
            throw new ConfigException(c.file() + ":" + line + ": " + problem, e);
        }
    }

    private static Integer payWithinDays(Ctx c, Map<String, Node> top) {
        if (!top.containsKey("pay-within-days")) {
            return null;
        }
        String v = c.string(top.get("pay-within-days"), "pay-within-days");
        if (!v.matches("[0-9]{1,4}") || Integer.parseInt(v) < 1) {
            throw c.error(top.get("pay-within-days"), "pay-within-days must be a whole number of days of at least 1, got '" + v + "'");
        }
        return Integer.parseInt(v);
    }

    private Creditor.BankAccount account(Ctx c, Node n, Map<String, Node> a, int i) {
        String iban = opt(c, a, "iban");
        String number = opt(c, a, "account-number");
        if ((iban == null) == (number == null)) {
            throw c.error(n, "bank-accounts[" + i + "] needs an iban, or an account-number (with routing-number), not both");
        }
        if (iban != null && !Company.validIban(iban)) {
            throw c.error(a.get("iban"), "bank-accounts[" + i + "].iban is not a valid IBAN (country code, check digits, "
                    + "account; the check digits must match), got '" + iban + "'");
        }
        String routing = opt(c, a, "routing-number");
        if (routing != null && !Company.validRoutingNumber(routing)) {
            throw c.error(a.get("routing-number"), "bank-accounts[" + i + "].routing-number must be a 9-digit ABA routing "
                    + "number with a valid check digit, got '" + routing + "'");
        }
        return new Creditor.BankAccount(orEmpty(opt(c, a, "holder")), orEmpty(opt(c, a, "bank")),
                iban == null ? "" : CreditorReference.print(iban), orEmpty(opt(c, a, "bic")).toUpperCase(Locale.ROOT),
                orEmpty(number), orEmpty(routing), currency(c, a.get("currency"), "bank-accounts[" + i + "].currency"));
    }

    private List<String> policyList(Ctx c, Map<String, Node> top, String key) {
        List<String> out = new ArrayList<>();
        if (!top.containsKey(key)) {
            return out;
        }
        List<Node> items = c.sequence(top.get(key), key);
        for (int i = 0; i < items.size(); i++) {
            Node n = items.get(i);
            c.lines.put(key + "." + i, line(n));
            String p = c.string(n, key);
            if (!policyCodes.contains(p)) {
                throw c.error(n, key + ": no policy '" + p + "' (loaded: " + policyCodes.stream().sorted().toList() + ")");
            }
            out.add(p);
        }
        return out;
    }

    private static String currency(Ctx c, Node n, String what) {
        if (n == null) {
            return null;
        }
        String v = c.string(n, what).toUpperCase(Locale.ROOT);
        try {
            Currency.getInstance(v);
        } catch (IllegalArgumentException e) {
            throw c.error(n, what + " must be an ISO 4217 currency code such as EUR, got '" + v + "'");
        }
        return v;
    }

    private static String opt(Ctx c, Map<String, Node> m, String key) {
        return m.containsKey(key) ? c.string(m.get(key), key) : null;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static int line(Node n) {
        return YamlFile.line(n);
    }

    /** Node-reading helpers (YamlFile) that also note the line of each key, by its dotted path. */
    private record Ctx(YamlFile yaml, Map<String, Integer> lines) {

        Path file() {
            return yaml.file();
        }

        RuntimeException error(Node n, String message) {
            return yaml.error(n, message);
        }

        Map<String, Node> mapping(Node n, String what, Set<String> allowed, String path) {
            return yaml.mapping(n, what, allowed, (key, value) -> lines.put(path + key, line(value)));
        }

        List<Node> sequence(Node n, String what) {
            if (!(n instanceof SequenceNode s)) {
                throw error(n, what + " must be a list such as [a, b]");
            }
            return s.getValue();
        }

        String string(Node n, String what) {
            return yaml.string(n, what);
        }

        String required(Map<String, Node> m, Node parent, String key) {
            return yaml.required(m, parent, key);
        }
    }
}
