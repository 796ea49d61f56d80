package org.arrears.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.arrears.config.ConfigException;
import org.arrears.creditor.Creditor;
import org.arrears.db.Sql;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.demo.BookSeeder;
import org.arrears.demo.SeedReport;
import org.arrears.demo.SeedSpec;
import org.arrears.payments.Camt054Writer;
import org.arrears.policy.PlanPreview;
import org.arrears.policy.PlanResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Seed a realistic AR book in a fresh embedded database, plan today's campaign, "
        + "send it to the outbox folder, ingest a bank file that pays some of it, and print what happened and why.")
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    ArrearsCli cli;

    @Option(names = "--debtors", defaultValue = "1000", description = "book size (default ${DEFAULT-VALUE})")
    int debtors;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--serve", description = "then keep the hub running on the demo's data, with the console, until stopped")
    boolean serve;

    @Override
    public Integer call() throws Exception {
        Settings base = cli.settings();
        Path dir = Path.of(base.get("arrears.data-dir", "data")).resolve("demo");
        Integer running = Database.runningPort(dir.resolve("postgres"));
        if (running != null) {
            throw new ConfigException("a hub is running on the demo's data in " + dir + " (embedded PostgreSQL on port "
                    + running + "): stop it before starting the demo again, which starts from scratch");
        }
        wipe(dir);
        Path outbox = dir.resolve("outbox").resolve("email");
        // The demo never touches a configured database or mail server: embedded PostgreSQL, outbox folder.
        Map<String, String> demo = demoSettings(dir, outbox);
        demo.put("arrears.creditors", demoCreditors(dir).toString());
        Settings settings = base.with(demo);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (Hub hub = Hub.start(settings, Clock.systemUTC())) {
            SeedReport book = new BookSeeder().seed(hub.database().dataSource(),
                    new SeedSpec(debtors, seed, today, SeedSpec.Profile.REALISTIC));
            assignCreditors(hub);
            PlanPreview preview = hub.planner().preview(today);
            PlanResult plan = hub.planner().plan(today);
            hub.drainAll();
            print(hub, book, preview, plan, outbox);
            inboundMail(hub, today);
            Path file = null;
            for (Creditor payee : payees(hub)) {
                Path f = bankFile(hub, dir, today, payee, file == null);
                file = file == null ? f : file;
            }
            printCreditors(hub);
            printNext(dir, file);
            org.arrears.console.DemoUser.Login login = org.arrears.console.DemoUser.create(hub);
            System.out.println();
            System.out.println("Console: " + login.url() + (serve ? "" : " (with --serve, or " + "./arrears --data-dir " + dir
                    + " run)"));
            System.out.println("  sign in as " + login.name() + " (" + login.role() + "), password " + login.password());
        }
        if (serve) {
            org.apache.camel.main.Main main = org.arrears.HubRunner.create(cli.configFile(), dir);
            demoSettings(dir, outbox).forEach(main::addOverrideProperty);
            System.out.println("Serving the demo's hub until stopped (Ctrl-C).");
            return main.run(new String[0]);
        }
        return 0;
    }

    /** The demo's account when it runs without creditors: the statement account of its bank file. */
    static final String DEMO_ACCOUNT = "GB29NWBK60161331926819";

    /**
     * The demo's two creditors, of two countries and brands (a German GmbH in EUR, a US company in USD): the shipped
     * examples of config/examples/creditors, copied into the demo's own folder (which {@code --data-dir} then reads).
     * Without the examples the demo is a single-creditor installation.
     */
    static Path demoCreditors(Path dir) throws IOException {
        Path target = dir.resolve("creditors");
        Files.createDirectories(target);
        Path examples = Path.of("config", "examples", "creditors");
        if (Files.isDirectory(examples)) {
            try (Stream<Path> files = Files.list(examples)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
        }
        return target;
    }

    /**
     * Gives the seeded book to the demo's creditors: debtors in the United States to the US creditor (the one whose
     * jurisdictions are American), the others to the first creditor, with their invoices, contact points and holds.
     */
    private static void assignCreditors(Hub hub) throws SQLException {
        List<Creditor> own = hub.creditors().all().stream().filter(c -> c.source() != null).toList();
        if (own.isEmpty()) {
            return;
        }
        long us = own.stream().filter(c -> c.jurisdictions().stream().anyMatch(j -> j.startsWith("US")))
                .map(c -> hub.creditors().idOf(c)).findFirst().orElse(hub.creditors().idOf(own.get(0)));
        long rest = own.stream().map(c -> hub.creditors().idOf(c)).filter(id -> id != us).findFirst().orElse(us);
        try (Connection c = hub.database().dataSource().getConnection()) {
            try (var ps = new Sql().append("UPDATE debtor SET creditor_id = CASE WHEN jurisdiction LIKE 'US%' THEN ?::bigint "
                    + "ELSE ?::bigint END", us, rest).prepare(c)) {
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                for (String table : List.of("invoice", "contact_point", "hold")) {
                    st.executeUpdate("UPDATE " + table + " t SET creditor_id = d.creditor_id FROM debtor d WHERE d.id = t.debtor_id");
                }
            }
        }
    }

    /** The creditors the demo's bank files pay: each creditor of the demo with an account, or the single one. */
    private static List<Creditor> payees(Hub hub) {
        List<Creditor> own = hub.creditors().all().stream().filter(c -> c.source() != null && !c.bankAccounts().isEmpty()).toList();
        return own.isEmpty() ? List.of(hub.creditors().all().get(0)) : own;
    }

    /** Each creditor of the demo by name, with its share of the book, of today's messages and of the payments. */
    private static void printCreditors(Hub hub) throws SQLException {
        System.out.println();
        System.out.println("Creditors:");
        try (Connection c = hub.database().dataSource().getConnection()) {
            for (Creditor cr : hub.creditors().all()) {
                long id = hub.creditors().idOf(cr);
                try (var ps = new Sql().append("""
                        SELECT (SELECT count(*) FROM debtor WHERE creditor_id = ?),
                               (SELECT count(*) FROM communication WHERE creditor_id = ? AND status IN ('SENT', 'DELIVERED')),
                               (SELECT count(*) FROM payment WHERE creditor_id = ? AND status IN ('MATCHED', 'PARTIAL', 'CREDIT')),
                               (SELECT count(*) FROM payment WHERE creditor_id = ? AND status = 'SUSPENSE'),
                               (SELECT count(*) FROM task WHERE creditor_id = ?)""", id, id, id, id, id).prepare(c);
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0 && cr.source() == null && !hub.creditors().single()) {
                        continue; // the settings' default creditor, which the demo gave no debtors
                    }
                    String from = cr.from() == null ? hub.settings().get("arrears.email.from", "") : cr.from();
                    System.out.printf("  %-13s %s (%s%s): %d debtors, %d messages sent, %d payments posted, %d in suspense, "
                                    + "%d tasks; mail from %s%n", cr.code(), cr.legalName(),
                            cr.jurisdictions().isEmpty() ? "-" : String.join(", ", cr.jurisdictions()),
                            cr.currency() == null ? "" : ", " + cr.currency(), rs.getLong(1), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), from);
                }
            }
        }
    }

    /**
     * The demo never touches a configured database, mail server, SMS gateway or print vendor: embedded PostgreSQL and
     * outbox folders; its books' phone numbers come from the ranges kept for fiction.
     */
    static Map<String, String> demoSettings(Path dir, Path emailOutbox) {
        Map<String, String> m = new java.util.HashMap<>();
        m.put("arrears.data-dir", dir.toString());
        m.put("arrears.db.url", "");
        m.put("arrears.smtp.host", "");
        m.put("arrears.email.outbox", emailOutbox.toString());
        m.put("arrears.sms.gateway", "outbox");
        m.put("arrears.sms.outbox", dir.resolve("outbox").resolve("sms").toString());
        m.put("arrears.sms.fictional-numbers", "true");
        m.put("arrears.smpp.host", "");
        m.put("arrears.letter.outbox", dir.resolve("outbox").resolve("print").toString());
        m.put("arrears.letter.sftp.host", "");
        m.put("arrears.payments.inbox", "");
        m.put("arrears.payments.processed", "");
        m.put("arrears.payments.quarantine", "");
        return m;
    }

    /** The commands that continue on the demo's data, exactly as they are typed. */
    private static void printNext(Path dir, Path bankFile) {
        String cmd = "./arrears --data-dir " + dir;
        System.out.println();
        System.out.println("Next, on the demo's data:");
        System.out.println("  " + cmd + " plan --dry-run");
        System.out.println("      what would go out now, and why; what is held back");
        System.out.println("  " + cmd + " payments ingest " + bankFile);
        System.out.println("      the same bank file again: recognised as a duplicate, nothing is posted twice");
        System.out.println("  " + cmd + " run");
        System.out.println("      the hub: deferred messages go out as each debtor's contact window opens; bank files");
        System.out.println("      dropped into " + dir.resolve("inbox").resolve("payments") + " are posted");
    }

    private void print(Hub hub, SeedReport book, PlanPreview preview, PlanResult plan, Path outbox) throws SQLException, IOException {
        System.out.println();
        System.out.println("Arrears demo, " + plan.asOf());
        System.out.println("Book: " + book);
        System.out.printf("Planned: %d messages, %d escalation tasks%n", plan.planned(), plan.tasksCreated());
        plan.lines().forEach(l -> System.out.printf("  %-10s %-14s %-6s %6d%n", l.policy(), l.step(), l.channel(), l.planned()));
        Map<String, Integer> held = preview.heldBackByReason();
        System.out.println("Held back by the planner (not planned): " + preview.heldBack().size());
        held.forEach((k, v) -> System.out.printf("  %-28s %6d%n", k, v));
        try (Connection c = hub.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            System.out.println("After dispatch, by channel:");
            try (ResultSet rs = s.executeQuery("""
                    SELECT channel, status, coalesce(gate_reason, ''), count(*), min(not_before) FILTER (WHERE status = 'DEFERRED')
                    FROM communication GROUP BY 1, 2, 3
                    ORDER BY array_position(ARRAY['email', 'sms', 'letter'], channel), 2, 4 DESC""")) {
                String last = "";
                while (rs.next()) {
                    String head = rs.getString(1) + " " + rs.getString(2);
                    if (!head.equals(last)) {
                        System.out.printf("  %s%n", head);
                        last = head;
                    }
                    String next = rs.getString(5) == null ? "" : "  (earliest retry " + rs.getObject(5, java.time.OffsetDateTime.class) + ")";
                    String reason = rs.getString(3);
                    System.out.printf("    %-26s %6d%s%n", reason.equals("OK") || reason.isEmpty() ? "-" : reason, rs.getInt(4), next);
                }
            }
            System.out.println("Fallbacks (a message that could not reach its debtor, moved to the step's next channel):");
            try (ResultSet rs = s.executeQuery("""
                    SELECT o.channel, n.channel, e.reason, count(*) FROM communication n
                    JOIN communication o ON o.id = n.fallback_of
                    JOIN communication_event e ON e.communication_id = n.id AND e.status = 'PLANNED'
                    GROUP BY 1, 2, 3 ORDER BY 4 DESC""")) {
                boolean any = false;
                while (rs.next()) {
                    any = true;
                    System.out.printf("  %-6s -> %-6s %-20s %6d%n", rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4));
                }
                if (!any) {
                    System.out.println("  none");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT kind, count(*) FROM task GROUP BY kind ORDER BY kind")) {
                System.out.println("Tasks for specialists:");
                while (rs.next()) {
                    System.out.printf("  %-28s %6d%n", rs.getString(1), rs.getInt(2));
                }
            }
        }
        long files;
        try (Stream<Path> f = Files.exists(outbox) ? Files.list(outbox) : Stream.empty()) {
            files = f.filter(p -> p.toString().endsWith(".eml")).count();
        }
        System.out.printf("Outbox: %s (%d .eml files; open any with a mail client)%n", outbox, files);
        Path sms = outbox.resolveSibling("sms");
        long texts = 0;
        try (Stream<Path> f = Files.exists(sms) ? Files.list(sms) : Stream.empty()) {
            for (Path p : f.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                try (Stream<String> lines = Files.lines(p)) {
                    texts += lines.count();
                }
            }
        }
        System.out.printf("        %s (%d texts as JSON lines)%n", sms, texts);
        Path print = outbox.resolveSibling("print");
        long batches;
        try (Stream<Path> f = Files.exists(print) ? Files.list(print) : Stream.empty()) {
            batches = f.filter(p -> p.toString().endsWith(".done")).count();
        }
        System.out.printf("        %s (%d print batches: one PDF with its CSV and JSON manifest each)%n", print, batches);
    }

    /**
     * The mail that comes back: for a few of the reminders just sent, the demo writes a hard bounce, a mailbox-full
     * bounce, an out-of-office, a complaint and two replies (a promise with a date and an amount, a dispute) into the
     * mail drop folder, and the hub takes them the way the drop-folder route does; the fallbacks they plan are sent.
     */
    private void inboundMail(Hub hub, LocalDate today) throws IOException, SQLException {
        List<String[]> sent = new java.util.ArrayList<>();
        try (Connection c = hub.database().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT token, address, total_amount, currency FROM communication
                     WHERE channel = 'email' AND status = 'SENT' ORDER BY id LIMIT 6""")) {
            while (rs.next()) {
                sent.add(new String[] {rs.getString(1), rs.getString(2), rs.getBigDecimal(3).toPlainString(), rs.getString(4)});
            }
        }
        if (sent.size() < 6) {
            return;
        }
        String domain = hub.settings().get("arrears.email.from", "x@acme.example").replaceAll(".*@([^>]+)>?.*", "$1");
        LocalDate payDay = today.plusDays(10);
        String[] mails = {
            dsn(sent.get(0), domain, "5.1.1", "550 5.1.1 <%s>: Recipient address rejected: User unknown"),
            dsn(sent.get(1), domain, "4.2.2", "452 4.2.2 <%s>: Mailbox full"),
            "From: <" + sent.get(2)[1] + ">\nTo: receivables@" + domain + "\nSubject: Automatic reply: Payment reminder\n"
                    + "Auto-Submitted: auto-replied\nMessage-ID: <demo-ooo@" + domain + ".example>\nIn-Reply-To: <"
                    + sent.get(2)[0] + "@" + domain + ">\n\nI am out of the office until next week.\n",
            "From: Feedback Loop <fbl@isp.example>\nTo: bounces+" + sent.get(3)[0] + "@" + domain + "\nSubject: Abuse report\n"
                    + "Message-ID: <demo-arf@isp.example>\nMIME-Version: 1.0\nContent-Type: multipart/report; "
                    + "report-type=feedback-report; boundary=\"F\"\n\n--F\nContent-Type: text/plain\n\nAn abuse report.\n\n"
                    + "--F\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nVersion: 1\n\n--F\n"
                    + "Content-Type: text/rfc822-headers\n\nMessage-ID: <" + sent.get(3)[0] + "@" + domain + ">\n\n--F--\n",
            "From: <" + sent.get(4)[1] + ">\nTo: receivables@" + domain + "\nSubject: Re: Payment reminder\nMessage-ID: <demo-promise@"
                    + domain + ".example>\nIn-Reply-To: <" + sent.get(4)[0] + "@" + domain + ">\nDate: "
                    + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(today.atTime(10, 0).atOffset(ZoneOffset.UTC))
                    + "\n\nHello, I will pay " + sent.get(4)[2] + " on " + payDay.getDayOfMonth() + "/" + payDay.getMonthValue()
                    + "/" + payDay.getYear() + ". Sorry for the delay.\n\nOn " + today + ", Receivables wrote:\n> Your account shows "
                    + sent.get(4)[2] + " overdue.\n",
            "From: <" + sent.get(5)[1] + ">\nTo: receivables@" + domain + "\nSubject: Re: Payment reminder\nMessage-ID: <demo-dispute@"
                    + domain + ".example>\nIn-Reply-To: <" + sent.get(5)[0] + "@" + domain + ">\n\nThis is not my invoice, "
                    + "I never ordered anything from you.\n\n> Your account shows " + sent.get(5)[2] + " overdue.\n",
        };
        Path drop = hub.inboundMail().drop();
        Files.createDirectories(drop);
        System.out.println();
        System.out.println("Inbound mail (written by the demo into " + drop + " and taken as the drop-folder route does):");
        for (int i = 0; i < mails.length; i++) {
            Path f = drop.resolve(String.format(java.util.Locale.ROOT, "demo-%02d.eml", i + 1));
            Files.writeString(f, mails[i].replace("\n", "\r\n"));
            String line = hub.inboundMail().intake().ingest(Files.readAllBytes(f), "demo").line();
            Files.delete(f);
            System.out.println("  " + f.getFileName() + ": " + line);
        }
        hub.drainAll();
    }

    private static String dsn(String[] sent, String domain, String status, String reply) {
        String rcpt = sent[1];
        return "From: Mail Delivery System <MAILER-DAEMON@mx.example>\nTo: bounces+" + sent[0] + "@" + domain + "\n"
                + "Subject: Undelivered Mail Returned to Sender\nMessage-ID: <demo-dsn-" + sent[0] + "@mx.example>\n"
                + "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n"
                + "--B\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n--B\n"
                + "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; " + rcpt
                + "\nAction: failed\nStatus: " + status + "\nDiagnostic-Code: smtp; " + reply.formatted(rcpt) + "\n\n--B\n"
                + "Content-Type: text/rfc822-headers\n\nMessage-ID: <" + sent[0] + "@" + domain + ">\nTo: " + rcpt + "\n\n--B--\n";
    }

    /**
     * Closes the loop: the bank notifies incoming transfers for some of the invoices just reminded (most quoting
     * the RF reference, some only a mangled invoice number, some short, one from a stranger); the hub matches and
     * posts them, and the reminders still waiting for those debtors are cancelled.
     */
    private Path bankFile(Hub hub, Path dir, LocalDate today, Creditor payee, boolean first) throws IOException, SQLException {
        Path file = dir.resolve("inbox").resolve("camt054-" + today + (first ? "" : "-" + payee.code()) + ".xml");
        Files.createDirectories(file.getParent());
        long creditor = hub.creditors().idOf(payee);
        String account = payee.source() == null ? DEMO_ACCOUNT : payee.bankAccounts().get(0).key();
        String currency = payee.currency() == null ? "EUR" : payee.currency();
        long openBefore;
        long waitingBefore;
        try (Connection c = hub.database().dataSource().getConnection(); Statement s = c.createStatement();
             Camt054Writer camt = new Camt054Writer(Files.newBufferedWriter(file), "DEMO-" + today + "-" + payee.code(), account,
                     currency, today)) {
            openBefore = count(s, "SELECT count(*) FROM invoice WHERE open_amount > 0");
            waitingBefore = count(s, "SELECT count(*) FROM communication WHERE status IN ('PLANNED', 'DEFERRED')");
            // a third of the creditor's invoices in today's messages, sent or still waiting, are paid overnight
            try (var ps = new Sql().append("""
                    SELECT i.id, i.invoice_number, i.currency, i.open_amount, i.payment_reference, d.name
                    FROM communication c JOIN communication_invoice ci ON ci.communication_id = c.id
                    JOIN invoice i ON i.id = ci.invoice_id JOIN debtor d ON d.id = i.debtor_id
                    WHERE c.status IN ('SENT', 'DEFERRED') AND i.open_amount > 0 AND i.id % 3 = 0 AND i.creditor_id = ?
                    ORDER BY i.id""", creditor).prepare(c); ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                    BigDecimal open = rs.getBigDecimal(4);
                    String ref = "DEMO" + rs.getLong(1);
                    if (n % 10 == 0) {
                        // pays half, quoting only the invoice number, as a person types it
                        camt.credit(open.divide(BigDecimal.valueOf(2), 2, java.math.RoundingMode.DOWN), rs.getString(3), today,
                                ref, ref, rs.getString(6), null, null, "Inv " + rs.getString(2).replace("-", " "));
                    } else {
                        camt.credit(open, rs.getString(3), today, ref, ref, rs.getString(6), null, rs.getString(5), null);
                    }
                }
                camt.credit(new BigDecimal("123.45"), currency, today, "DEMO-STRANGER", "DEMO-STRANGER", "Someone Unknown", null, null,
                        "thanks");
            }
        }
        var result = hub.payments().ingestFile(file);
        System.out.println();
        System.out.println("Bank file " + file + " (" + result.status() + ")" + (payee.source() == null ? ""
                : ", on the account of " + payee.legalName()) + ":");
        System.out.print(result.report() == null ? result.summary() + "\n" : result.report().toText());
        try (Connection c = hub.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            System.out.printf("Open invoices: %d before, %d after; messages waiting to be sent: %d before, %d after%n",
                    openBefore, count(s, "SELECT count(*) FROM invoice WHERE open_amount > 0"), waitingBefore,
                    count(s, "SELECT count(*) FROM communication WHERE status IN ('PLANNED', 'DEFERRED')"));
        }
        return file;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Removes the previous demo's folder (only the demo's own). */
    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
