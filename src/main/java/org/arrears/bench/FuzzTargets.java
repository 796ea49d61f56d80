package org.arrears.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.arrears.compliance.Channel;
import org.arrears.config.Settings;
import org.arrears.inbound.BounceParser;
import org.arrears.inbound.HtmlText;
import org.arrears.inbound.MailClassifier;
import org.arrears.inbound.ReplyText;
import org.arrears.outreach.DeliveryException;
import org.arrears.payments.BankFileException;
import org.arrears.payments.BankFiles;
import org.arrears.payments.CsvLayout;
import org.arrears.payments.ParseOptions;
import org.arrears.payments.PaymentEntry;
import org.arrears.payments.PaymentFileHandler;
import org.arrears.payments.StatementHeader;
import org.arrears.payments.StatementTrailer;
import org.arrears.policy.PolicyException;
import org.arrears.policy.PolicyLoader;
import org.arrears.sms.SmsEncoding;
import org.arrears.sms.SmsMessage;
import org.arrears.sms.http.HttpSmsGateway;
import org.arrears.sms.smpp.ReceiptText;
import org.arrears.sms.webhook.SmsWebhooks;
import org.arrears.sms.webhook.WebhookProfile;

/**
 * The parsers the fuzzer runs, each with its own error type and the seed files it takes from a seed folder (the
 * project's test resources, a folder of real samples), plus a small built-in seed so that it runs without any.
 */
public final class FuzzTargets implements AutoCloseable {

    /** A target, the files it takes as seeds (path relative to a seed folder, with / separators) and built-in seeds. */
    public record Spec(Fuzzer.Target target, Predicate<String> seedFiles, List<byte[]> builtIn, SeedReader reader) {
    }

    /** Turns a seed file into seeds: by default its bytes. */
    @FunctionalInterface
    public interface SeedReader {
        List<byte[]> read(Path file) throws IOException;
    }

    private static final String CSV_PREFIX = "arrears.payments.csv.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Spec> specs = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    public FuzzTargets() throws IOException {
        CsvLayout csv = CsvLayout.fromProperties(properties(CSV_LAYOUT), CSV_PREFIX);
        bank("camt", p -> under(p, "bank") && p.endsWith(".xml"), null, CAMT);
        bank("mt940", p -> under(p, "bank") && (p.endsWith(".sta") || p.endsWith(".mt940") || p.endsWith(".940")
                || (p.contains("mt940") && p.endsWith(".txt"))), null, MT940);
        bank("bai2", p -> under(p, "bank") && (p.endsWith(".bai2") || p.endsWith(".bai") || (p.contains("bai2")
                && p.endsWith(".txt"))), null, BAI2);
        bank("nacha", p -> under(p, "bank") && p.endsWith(".ach"), null, NACHA);
        bank("csv", p -> under(p, "bank") && p.endsWith(".csv"), csv, CSV);
        Settings none = settings(Map.of());
        MailClassifier classifier = MailClassifier.from(none);
        Predicate<String> mail = p -> p.endsWith(".eml") || (under(p, "bounces") || under(p, "replies"))
                && !p.endsWith(".json") && !p.endsWith(".md");
        add(new Plain("mail-classifier", raw -> classifier.classify(raw)), mail, List.of(bytes(BOUNCE), bytes(REPLY)));
        BounceParser bounces = BounceParser.from(none);
        add(new Plain("bounce-parser", raw -> bounces.parse(raw)), mail, List.of(bytes(BOUNCE)));
        ReplyText replies = ReplyText.from(none);
        add(new Plain("reply-text", raw -> {
            String s = new String(raw, StandardCharsets.UTF_8);
            replies.strip(s);
            HtmlText.toText(s, ReplyText.DEFAULT_MAX_CHARS);
        }), p -> under(p, "replies") && !p.endsWith(".json"), List.of(bytes(REPLY_BODY), bytes("<p>Paid.<br><blockquote>x</blockquote>")));
        webhook();
        smsHttp();
        specs.add(new Spec(new Typed("smpp-receipt", raw -> {
            String s = new String(raw, StandardCharsets.ISO_8859_1);
            try {
                ReceiptText.parse(s);
            } finally {
                ReceiptText.parseStrict(s);
            }
        }, t -> t instanceof IllegalArgumentException && !(t instanceof NumberFormatException)),
                p -> under(p, "sms") && p.contains("dlr") && p.endsWith(".json"), dlrSeeds(), FuzzTargets::receiptStrings));
        PolicyLoader policies = new PolicyLoader(EnumSet.allOf(Channel.class));
        Path policyDir = Files.createTempDirectory("arrears-fuzz-policy");
        resources.add(() -> BenchSupport.deleteTree(policyDir));
        Path policyFile = policyDir.resolve("fuzzed.yaml");
        add(new Typed("policy", raw -> {
            Files.write(policyFile, raw);
            policies.load(policyFile);
        }, t -> t instanceof PolicyException), p -> under(p, "policies") && (p.endsWith(".yaml") || p.endsWith(".yml")),
                List.of(bytes(POLICY)));
        add(new Typed("csv-layout", raw -> {
            Properties p = new Properties();
            p.load(new ByteArrayInputStream(raw));
            CsvLayout.fromProperties(p, CSV_PREFIX);
        }, t -> t instanceof IllegalArgumentException && !(t instanceof NumberFormatException)),
                p -> under(p, "bank") && p.endsWith(".properties"), List.of(bytes(CSV_LAYOUT)));
    }

    public List<Spec> specs() {
        return List.copyOf(specs);
    }

    /** The target's seeds: its built-in ones, then the files under each folder that it takes, in path order. */
    public static List<byte[]> seeds(Spec spec, List<Path> folders) throws IOException {
        List<byte[]> out = new ArrayList<>(spec.builtIn());
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String rel = "/" + folder.relativize(f).toString().replace('\\', '/').toLowerCase(Locale.ROOT);
                    if (spec.seedFiles().test(rel) && Files.size(f) <= Fuzzer.MAX_INPUT) {
                        out.addAll(spec.reader().read(f));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    // ---- targets -----------------------------------------------------------------------------------------------

    private void add(Fuzzer.Target t, Predicate<String> files, List<byte[]> builtIn) {
        specs.add(new Spec(t, files, builtIn, f -> List.of(Files.readAllBytes(f))));
    }

    private void bank(String name, Predicate<String> files, CsvLayout layout, String seed) {
        ParseOptions options = ParseOptions.defaults().withCsvLayout(layout);
        add(new Typed("bank-" + name, raw -> BankFiles.parse(new ByteArrayInputStream(raw), name, IGNORE, options),
                // the catch-all for a runtime exception that slipped past the parser's checks: a crash, not a clear error
                t -> t instanceof BankFileException b && !b.problem().startsWith("unreadable ")), files, List.of(bytes(seed)));
    }

    /** A generic (JSON) webhook profile's status callbacks and inbound texts. */
    private void webhook() {
        WebhookProfile profile = WebhookProfile.from(settings(Map.of(
                "arrears.sms.webhook.acme.type", "generic",
                "arrears.sms.webhook.acme.secret", "fuzz",
                "arrears.sms.webhook.acme.status-map", "delivered:DELIVERED,failed:UNDELIVERABLE",
                "arrears.sms.webhook.acme.status.id-path", "data.id",
                "arrears.sms.webhook.acme.status.detail-path", "/data/error",
                "arrears.sms.webhook.acme.inbound.to-path", "/to")), "acme");
        Instant at = Instant.parse("2026-01-05T10:00:00Z");
        add(new Typed("sms-webhook", raw -> {
            try {
                SmsWebhooks.receipts(profile, null, raw, at);
            } finally {
                SmsWebhooks.inboundText(profile, null, raw);
            }
        }, t -> t instanceof SmsWebhooks.BadRequest), p -> under(p, "sms") && p.endsWith(".json"), List.of(
                bytes("{\"data\":{\"id\":\"m-1\",\"error\":\"none\"},\"status\":\"delivered\"}"),
                bytes("[{\"data\":{\"id\":\"m-1\"},\"status\":\"failed\"},{\"data\":{\"id\":\"m-2\"},\"status\":\"x\"}]"),
                bytes("{\"id\":\"in-1\",\"from\":\"+447700900123\",\"to\":\"+447700900001\",\"text\":\"STOP\"}")));
    }

    /**
     * The HTTP gateway's reading of answers, against a local server that answers with the fuzzed input: its first byte
     * picks the status code, the rest of the first line is the Retry-After header, the rest the body.
     */
    private void smsHttp() throws IOException {
        int[] codes = {200, 201, 202, 204, 302, 400, 401, 403, 404, 422, 429, 500, 502, 503};
        AtomicReference<byte[]> answer = new AtomicReference<>(new byte[0]);
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else each answer waits for a delayed ACK
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] in = answer.get();
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                int code = in.length == 0 ? 200 : codes[(in[0] & 0xff) % codes.length];
                int nl = indexOf(in, (byte) '\n');
                String retry = in.length <= 1 ? "" : new String(in, 1, (nl < 0 ? in.length : nl) - 1, StandardCharsets.ISO_8859_1);
                if (!retry.isBlank() && retry.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    exchange.getResponseHeaders().add("Retry-After", retry);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                byte[] body = nl < 0 ? new byte[0] : java.util.Arrays.copyOfRange(in, nl + 1, in.length);
                boolean empty = code == 204 || code == 304;
                exchange.sendResponseHeaders(code, empty || body.length == 0 ? -1 : body.length);
                if (!empty && body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
            }
        });
        server.start();
        resources.add(() -> server.stop(0));
        Map<String, String> s = new HashMap<>();
        s.put("arrears.sms.twilio.base-url", "http://127.0.0.1:" + server.getAddress().getPort());
        s.put("arrears.sms.twilio.account-sid", "AC00000000000000000000000000000000");
        s.put("arrears.sms.twilio.auth-token", "fuzz-token");
        s.put("arrears.sms.from", "+447700900001");
        s.put("arrears.sms.rate-limit", "0");
        s.put("arrears.sms.circuit.failure-rate", "100");
        s.put("arrears.sms.circuit.min-calls", "1000000");
        s.put("arrears.sms.circuit.window", "1000000");
        HttpSmsGateway gateway = HttpSmsGateway.twilio(settings(s), Clock.systemUTC(), 1);
        resources.add(0, gateway::close);
        SmsMessage message = new SmsMessage(1, "t0k3n", "+447700900123", "+447700900001", "Your balance is due.",
                SmsEncoding.count("Your balance is due."));
        add(new Typed("sms-http", raw -> {
            answer.set(raw);
            gateway.send(message);
        }, t -> t instanceof DeliveryException), p -> false, List.of(
                bytes("\0\n{\"sid\":\"SM1\",\"status\":\"queued\"}"),
                bytes("\5\n{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\",\"status\":400}"),
                bytes("\12120\n{\"message\":\"Too many requests\"}"),
                bytes("\13Wed, 21 Oct 2026 07:28:00 GMT\nUpstream error")));
    }

    private static List<byte[]> dlrSeeds() {
        List<byte[]> out = new ArrayList<>();
        out.add(bytes("id:0123456789 sub:001 dlvrd:001 submit date:2601051000 done date:2601051001 stat:DELIVRD err:000 "
                + "text:Your balance"));
        out.add(bytes("id:abc sub:001 dlvrd:000 submit date:260105100000 done date:2601051001 stat:UNDELIV err:0x0b"));
        return out;
    }

    /** DLR texts from a JSON file of vectors: every string value that reads like a receipt. */
    static List<byte[]> receiptStrings(Path json) throws IOException {
        List<byte[]> out = new ArrayList<>();
        collect(JSON.readTree(json.toFile()), out);
        return out;
    }

    private static void collect(JsonNode n, List<byte[]> out) {
        if (n.isTextual() && n.asText().contains("stat:")) {
            out.add(bytes(n.asText()));
        }
        n.forEach(c -> collect(c, out));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static boolean under(String rel, String folder) {
        return rel.contains("/" + folder + "/");
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    static Settings settings(Map<String, String> values) {
        return Settings.of(values::get, values::keySet, "fuzz settings");
    }

    private static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.StringReader(text));
        return p;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    interface Body {
        void run(byte[] input) throws Exception;
    }

    /** A target that must never throw. */
    private record Plain(String name, Body body) implements Fuzzer.Target {
        @Override
        public void run(byte[] input) throws Exception {
            body.run(input);
        }

        @Override
        public boolean expected(Throwable t) {
            return false;
        }
    }

    /** A target whose own error type is allowed. */
    private record Typed(String name, Body body, Predicate<Throwable> own) implements Fuzzer.Target {
        @Override
        public void run(byte[] input) throws Exception {
            body.run(input);
        }

        @Override
        public boolean expected(Throwable t) {
            return own.test(t);
        }
    }

    private static final PaymentFileHandler IGNORE = new PaymentFileHandler() {
        @Override
        public void startStatement(StatementHeader header) {
        }

        @Override
        public void entry(PaymentEntry entry) {
        }

        @Override
        public void endStatement(StatementTrailer trailer) {
        }
    };

    // ---- built-in seeds ----------------------------------------------------------------------------------------

    static final String CSV_LAYOUT = """
            arrears.payments.csv.delimiter=;
            arrears.payments.csv.decimalSeparator=,
            arrears.payments.csv.groupingSeparator=.
            arrears.payments.csv.dateFormat=dd.MM.yyyy
            arrears.payments.csv.header=true
            arrears.payments.csv.account=DE89370400440532013000
            arrears.payments.csv.column.bookingDate=Buchungstag
            arrears.payments.csv.column.payerName=Name
            arrears.payments.csv.column.remittance=Verwendungszweck
            arrears.payments.csv.column.currency=Waehrung
            arrears.payments.csv.column.amount=Betrag
            """;

    private static final String CSV = """
            Buchungstag;Name;Verwendungszweck;Waehrung;Betrag
            31.01.2024;Anna Schmidt;"RF18 5390 0754 7034; Rechnung 1001";EUR;1.250,00
            01.02.2024;Ben Ott;Rechnung 1002;EUR;-12,50
            """;

    private static final String CAMT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
            <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-01-05T10:00:00</CreDtTm></GrpHdr>
            <Ntfctn><Id>N1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
            <Ntry><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
            <BookgDt><Dt>2026-01-05</Dt></BookgDt><ValDt><Dt>2026-01-05</Dt></ValDt>
            <NtryDtls><TxDtls><Refs><EndToEndId>E2E-1</EndToEndId></Refs><Amt Ccy="EUR">100.00</Amt>
            <RmtInf><Ustrd>INV-1001</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Ntfctn>
            </BkToCstmrDbtCdtNtfctn></Document>
            """;

    private static final String MT940 = """
            :20:STMT1
            :25:DE89370400440532013000
            :28C:1/1
            :60F:C260104EUR1000,00
            :61:2601050105CR100,00NTRFNONREF//E2E-1
            :86:166?00SEPA-GUTSCHRIFT?20INV-1001?32ANNA SCHMIDT
            :62F:C260105EUR1100,00
            -
            """;

    private static final String BAI2 = """
            01,ARREARS,BANK,260105,1000,1,,,2/
            02,ARREARS,BANK,1,260105,1000,USD,2/
            03,123456789,USD,010,100000,,,015,110000,,/
            16,165,10000,,REF1,,INV-1001/
            49,220000,3/
            98,220000,1,5/
            99,220000,1,7/
            """;

    private static final String NACHA = String.join("\n",
            "101 091000019 1234567892601051000A094101BANK                   ARREARS                        ",
            "5200ARREARS                             1234567890PPDPAYMENT         260105   1091000010000001",
            "622091000019123456789        0000010000INV-1001       ANNA SCHMIDT            0091000010000001",
            "820000000100091000010000000000000000000100001234567890                         091000010000001",
            "9000001000001000000010009100001000000000000000000010000                                       ");

    private static final String POLICY = """
            code: fuzz
            version: 1
            min-balance:
              default: 1.00
            steps:
              - code: reminder
                offset: 1
                channels: [email]
                template: reminder
              - code: escalation
                offset: 40
                action: task
                task: Review
            """;

    private static final String BOUNCE = """
            From: MAILER-DAEMON@mx.example.net
            To: bounces+c-1@arrears.example
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <b1@mx.example.net>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: text/plain

            The mail could not be delivered.
            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; anna@example.com
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 user unknown
            --b
            Content-Type: text/rfc822-headers

            Message-ID: <c-1@arrears.example>
            --b--
            """.replace("\n", "\r\n");

    private static final String REPLY_BODY = """
            I paid this last week, see the attached receipt.

            Thanks, Anna
            --
            Anna Schmidt

            On Mon, 5 Jan 2026 at 10:00, Accounts <ar@arrears.example> wrote:
            > Your invoice INV-1001 is overdue.
            """;

    private static final String REPLY = "From: Anna <anna@example.com>\r\nTo: ar@arrears.example\r\nSubject: Re: Invoice"
            + "\r\nIn-Reply-To: <c-1@arrears.example>\r\nMessage-ID: <r1@example.com>\r\nContent-Type: text/plain; charset=utf-8"
            + "\r\n\r\n" + REPLY_BODY.replace("\n", "\r\n");
}
