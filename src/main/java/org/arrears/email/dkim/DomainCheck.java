package org.arrears.email.dkim;

import java.io.IOException;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What the mailbox providers look up for a sending domain (COMPLIANCE R31): SPF (a TXT {@code v=spf1} record, on the
 * From domain and on the envelope sender's bounce domain), the DKIM key of each selector ({@code S._domainkey.DOMAIN},
 * and that it is the public half of the configured key), DMARC ({@code _dmarc.DOMAIN}: its policy and the alignment
 * of DKIM and SPF with the From domain), and MX. Asks the system resolver or one given server, each question with a
 * timeout; a question that gets no answer is a finding, never a hang.
 */
public final class DomainCheck {

    /** How a finding stands. */
    public enum Status { OK, WARN, MISSING }

    /** One line of the report. */
    public record Finding(Status status, String check, String detail) {
        public String line() {
            return String.format(Locale.ROOT, "%-7s %-6s %s", status, check, detail);
        }
    }

    /** The findings; {@link #ok()} when nothing is missing. */
    public record Report(String domain, List<Finding> findings) {
        public boolean ok() {
            return findings.stream().noneMatch(f -> f.status() == Status.MISSING);
        }
    }

    private final Resolver resolver;

    private DomainCheck(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @param server {@code HOST} or {@code HOST:PORT} of one DNS server, or null for the system's resolvers
     */
    public static DomainCheck using(String server, Duration timeout) {
        Resolver r;
        try {
            if (server == null) {
                r = new ExtendedResolver();
            } else {
                int colon = server.lastIndexOf(':');
                boolean withPort = colon > 0 && server.indexOf(':') == colon;
                SimpleResolver s = new SimpleResolver(withPort ? server.substring(0, colon) : server);
                if (withPort) {
                    s.setPort(port(server.substring(colon + 1), server));
                }
                r = s;
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--server " + server + ": unknown host");
        }
        r.setTimeout(timeout);
        // DKIM keys of 2048 bits do not fit the classic 512 bytes: ask for larger UDP answers
        r.setEDNS(0, 1232, 0, List.of());
        if (r instanceof ExtendedResolver e) {
            e.setRetries(1);
        }
        return new DomainCheck(r);
    }

    private static int port(String p, String server) {
        try {
            int port = Integer.parseInt(p);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--server " + server + ": the port must be a number from 1 to 65535");
        }
    }

    /**
     * @param selectors the DKIM selectors to look up (given on the command line or configured)
     * @param signer    the configured keys, to compare with the published ones (may sign nothing)
     * @param envelopeDomain the bounce domain of the envelope sender (SPF is checked there too), or null
     */
    public Report check(String domain, List<String> selectors, DkimSigner signer, String envelopeDomain) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        if (!d.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
            throw new IllegalArgumentException("'" + domain + "' is not a domain name");
        }
        List<Finding> out = new ArrayList<>();
        spf(d, "SPF", out);
        if (envelopeDomain != null && !envelopeDomain.equalsIgnoreCase(d)) {
            spf(envelopeDomain.toLowerCase(Locale.ROOT), "SPF", out);
        }
        if (selectors.isEmpty()) {
            out.add(new Finding(Status.MISSING, "DKIM", "no selector given (--selector) or configured "
                    + "(arrears.dkim." + d + ".selector): nothing to look up"));
        }
        for (String s : selectors) {
            dkim(d, s, signer, out);
        }
        dmarc(d, envelopeDomain, out);
        mx(d, out);
        return new Report(d, List.copyOf(out));
    }

    private void spf(String domain, String check, List<Finding> out) {
        Answer a = txt(domain);
        if (a.error != null) {
            out.add(new Finding(Status.MISSING, check, domain + ": " + a.error));
            return;
        }
        List<String> spf = a.values.stream().filter(v -> v.toLowerCase(Locale.ROOT).startsWith("v=spf1")).toList();
        if (spf.isEmpty()) {
            out.add(new Finding(Status.MISSING, check, domain + ": no TXT record \"v=spf1 ...\""));
        } else if (spf.size() > 1) {
            out.add(new Finding(Status.MISSING, check, domain + ": " + spf.size() + " SPF records (RFC 7208 allows one: "
                    + "receivers treat this as an error)"));
        } else if (spf.get(0).matches("(?i).*\\s[+?]?all\\b.*") && !spf.get(0).matches("(?i).*\\s[~-]all\\b.*")) {
            out.add(new Finding(Status.WARN, check, domain + ": \"" + spf.get(0) + "\" lets any server send (end it in -all or ~all)"));
        } else {
            out.add(new Finding(Status.OK, check, domain + ": \"" + spf.get(0) + "\""));
        }
    }

    private void dkim(String domain, String selector, DkimSigner signer, List<Finding> out) {
        String name = selector + "._domainkey." + domain;
        Answer a = txt(name);
        if (a.error != null) {
            out.add(new Finding(Status.MISSING, "DKIM", name + ": " + a.error));
            return;
        }
        String record = a.values.stream().filter(v -> v.contains("p=")).findFirst().orElse(null);
        if (record == null) {
            out.add(new Finding(Status.MISSING, "DKIM", name + ": no TXT record with a key (p=)"));
            return;
        }
        Map<String, String> tags = tags(record);
        String p = tags.getOrDefault("p", "");
        if (p.isEmpty()) {
            out.add(new Finding(Status.MISSING, "DKIM", name + ": the key is revoked (empty p=)"));
            return;
        }
        DkimKeys.Type type = "ed25519".equalsIgnoreCase(tags.getOrDefault("k", "rsa")) ? DkimKeys.Type.ED25519 : DkimKeys.Type.RSA;
        PublicKey published;
        try {
            published = DkimKeys.publicKey(type, p);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            out.add(new Finding(Status.MISSING, "DKIM", name + ": the published key (k=" + type.tag() + ") cannot be read"));
            return;
        }
        DkimSigner.Key configured = signer.keys(domain).stream().filter(k -> k.selector().equals(selector)).findFirst().orElse(null);
        if (configured == null) {
            out.add(new Finding(Status.WARN, "DKIM", name + ": k=" + type.tag() + " key published; this hub has no key "
                    + "configured for that selector to compare"));
        } else if (configured.type() != type || !DkimKeys.pair(type, configured.privateKey(), published)) {
            out.add(new Finding(Status.MISSING, "DKIM", name + ": the published key does not match the configured "
                    + configured.type().tag() + " key: signatures will fail"));
        } else {
            out.add(new Finding(Status.OK, "DKIM", name + ": k=" + type.tag() + " key published and it matches the configured key"));
        }
    }

    private void dmarc(String domain, String envelopeDomain, List<Finding> out) {
        String name = "_dmarc." + domain;
        Answer a = txt(name);
        String record = a.error != null ? null
                : a.values.stream().filter(v -> v.toUpperCase(Locale.ROOT).startsWith("V=DMARC1")).findFirst().orElse(null);
        if (record == null) {
            out.add(new Finding(Status.MISSING, "DMARC", name + ": " + (a.error != null ? a.error
                    : "no TXT record \"v=DMARC1; p=...\" (bulk senders need one)")));
            return;
        }
        Map<String, String> tags = tags(record);
        String p = tags.getOrDefault("p", "").toLowerCase(Locale.ROOT);
        if (!List.of("none", "quarantine", "reject").contains(p)) {
            out.add(new Finding(Status.MISSING, "DMARC", name + ": no valid policy (p=none, quarantine or reject)"));
            return;
        }
        String adkim = tags.getOrDefault("adkim", "r").toLowerCase(Locale.ROOT);
        String aspf = tags.getOrDefault("aspf", "r").toLowerCase(Locale.ROOT);
        String detail = name + ": p=" + p + ", DKIM alignment " + (adkim.equals("s") ? "strict" : "relaxed")
                + ", SPF alignment " + (aspf.equals("s") ? "strict" : "relaxed")
                + (tags.containsKey("rua") ? ", reports to " + tags.get("rua") : ", no aggregate reports (rua=)");
        out.add(new Finding(p.equals("none") ? Status.WARN : Status.OK, "DMARC", detail
                + (p.equals("none") ? " (p=none only monitors; move to quarantine once reports are clean)" : "")));
        // the hub signs with d= the From domain: DKIM is aligned either way; SPF passes for the envelope domain
        if (envelopeDomain != null && !envelopeDomain.equalsIgnoreCase(domain)) {
            String env = envelopeDomain.toLowerCase(Locale.ROOT);
            boolean relaxedOk = env.endsWith("." + domain) || domain.endsWith("." + env);
            if (aspf.equals("s") || !relaxedOk) {
                out.add(new Finding(Status.WARN, "DMARC", "the envelope domain " + env + " is not aligned with " + domain
                        + " for SPF (" + (aspf.equals("s") ? "strict alignment" : "not the same organisational domain")
                        + "): DMARC then rests on DKIM alone"));
            }
        }
    }

    private void mx(String domain, List<Finding> out) {
        Answer a = lookup(domain, Type.MX);
        if (a.error != null) {
            out.add(new Finding(Status.MISSING, "MX", domain + ": " + a.error + " (replies and bounces need somewhere to go)"));
            return;
        }
        out.add(new Finding(Status.OK, "MX", domain + ": " + String.join(", ", a.values)));
    }

    /** Tag=value pairs of a DKIM or DMARC record. */
    static Map<String, String> tags(String record) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : record.split(";")) {
            int eq = t.indexOf('=');
            if (eq > 0) {
                out.put(t.substring(0, eq).strip().toLowerCase(Locale.ROOT), t.substring(eq + 1).replaceAll("\\s", ""));
            }
        }
        return out;
    }

    private record Answer(List<String> values, String error) {
    }

    private Answer txt(String name) {
        return lookup(name, Type.TXT);
    }

    private Answer lookup(String name, int type) {
        Message response;
        try {
            Message query = Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
            response = resolver.send(query);
        } catch (TextParseException e) {
            return new Answer(List.of(), "not a valid DNS name");
        } catch (IOException e) {
            return new Answer(List.of(), "the DNS server did not answer (" + e.getClass().getSimpleName() + ")");
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new Answer(List.of(), "no such name");
        }
        if (rcode != Rcode.NOERROR) {
            return new Answer(List.of(), "the DNS server answered " + Rcode.string(rcode));
        }
        List<String> values = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof TXTRecord t && type == Type.TXT) {
                values.add(String.join("", t.getStrings()));
            } else if (r instanceof MXRecord m && type == Type.MX) {
                values.add(m.getPriority() + " " + m.getTarget().toString(true));
            }
        }
        return values.isEmpty() ? new Answer(List.of(), "no " + Type.string(type) + " record") : new Answer(values, null);
    }
}
