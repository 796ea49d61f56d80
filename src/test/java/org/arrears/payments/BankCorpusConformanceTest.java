package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the public sample bank files with published answers (kept outside the project, next to it) and compares
 * what the parsers produce with the answers: files read and rejected, transactions compared, and per-field
 * agreement. Skipped when the sample folder is absent.
 *
 * <p>Answers come from other parsers, several of them lenient: a file the answers treat as readable may still be
 * rejected here when its declared balances or control totals do not add up (this hub posts a file whole or not at
 * all). Such rejections are listed with their reason. Files the answers mark invalid (NACHA files whose name
 * says so or that lack control records, BAI2 files whose declared totals do not match, files kept as parse-error
 * samples) must all be rejected.
 */
class BankCorpusConformanceTest {

    private static final Path ROOT = Paths.get("../shared/corpora-dev/bank");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** -Dconformance.verbose=true lists every differing field. */
    private static final boolean VERBOSE = Boolean.getBoolean("conformance.verbose");

    @BeforeAll
    static void corpusPresent() {
        Assumptions.assumeTrue(Files.isDirectory(ROOT),
                "sample bank files (../shared/corpora-dev/bank) are absent, conformance test skipped");
    }

    /** Figures for one format. */
    static final class Tally {
        final String format;
        int files;
        int withAnswers;
        int accepted;
        int rejected;
        int expectedInvalid;
        int expectedInvalidRejected;
        int unexpectedRejections;
        int txExpected;
        int txRead;
        int txCompared;
        int filesCountMatch;
        int filesCompared;
        final Map<String, int[]> fields = new LinkedHashMap<>();
        final Map<String, int[]> statementFields = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();

        Tally(String format) {
            this.format = format;
        }

        String current = "";

        void field(String name, Object expected, Object actual) {
            compare(fields, name, expected, actual);
            if (VERBOSE && (expected != null || actual != null) && !same(expected, actual)) {
                notes.add("  differs   " + current + " " + name + ": expected [" + expected + "] got [" + actual + "]");
            }
        }

        void statementField(String name, Object expected, Object actual) {
            compare(statementFields, name, expected, actual);
        }

        private static void compare(Map<String, int[]> map, String name, Object expected, Object actual) {
            if (expected == null && actual == null) {
                return;
            }
            int[] c = map.computeIfAbsent(name, k -> new int[2]);
            c[1]++;
            if (same(expected, actual)) {
                c[0]++;
            }
        }

        int matched() {
            return fields.values().stream().mapToInt(c -> c[0]).sum();
        }

        int compared() {
            return fields.values().stream().mapToInt(c -> c[1]).sum();
        }

        double agreement() {
            return compared() == 0 ? 1.0 : (double) matched() / compared();
        }
    }

    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return norm(a.toString()).equals(norm(b.toString()));
    }

    static String norm(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    /** Result of reading one file. */
    static final class Outcome {
        final CollectingHandler handler = new CollectingHandler();
        BankFormat format;
        BankFileException error;
    }

    /** The options files are read with: first as `payments parse --json` reads them, then as posting validates. */
    private ParseOptions options = ParseOptions.forParsing();

    Outcome read(Path file) {
        Outcome o = new Outcome();
        try {
            o.format = BankFiles.parse(file, o.handler, options);
        } catch (BankFileException e) {
            o.error = e;
        }
        return o;
    }

    @Test
    void samplesAgreeWithPublishedAnswers() throws IOException {
        List<Tally> tallies = new ArrayList<>();
        Tally camt = camt();
        Tally mt = mt940();
        Tally ach = nacha();
        Tally bai = bai2();
        tallies.add(camt);
        tallies.add(mt);
        tallies.add(ach);
        tallies.add(bai);
        System.out.println(report(tallies, "as `payments parse --json` reads files: declared control totals checked, "
                + "statement balances not"));

        // how many of the samples posting would accept: statement balances must reconcile too
        options = ParseOptions.defaults();
        List<Tally> posting = List.of(camt(), mt940(), nacha(), bai2());
        options = ParseOptions.forParsing();
        System.out.println(report(posting, "as posting validates files: statement balances must reconcile as well"));

        for (Tally t : tallies) {
            assertThat(t.expectedInvalidRejected)
                    .as("%s: every file the answers mark invalid is rejected", t.format)
                    .isEqualTo(t.expectedInvalid);
        }
        // floors: the figures reached when this test was written, less a small margin
        assertThat(camt.agreement()).as("camt transaction field agreement").isGreaterThanOrEqualTo(0.94);
        assertThat(mt.agreement()).as("MT940 transaction field agreement").isGreaterThanOrEqualTo(0.97);
        assertThat(ach.agreement()).as("NACHA transaction field agreement").isGreaterThanOrEqualTo(0.85);
        assertThat(bai.agreement()).as("BAI2 account field agreement").isGreaterThanOrEqualTo(0.95);
        int matched = tallies.stream().mapToInt(Tally::matched).sum();
        int compared = tallies.stream().mapToInt(Tally::compared).sum();
        assertThat((double) matched / compared).as("overall field agreement").isGreaterThanOrEqualTo(0.92);
        for (Tally t : tallies) {
            assertThat(t.filesCountMatch).as("%s: files whose transaction count matches the answers", t.format)
                    .isEqualTo(t.filesCompared);
        }
        assertThat(camt.accepted + mt.accepted + ach.accepted + bai.accepted).as("files read").isGreaterThanOrEqualTo(55);
    }

    // ------------------------------------------------------------------------------------------------ camt

    private Tally camt() throws IOException {
        Tally t = new Tally("camt");
        Path dir = ROOT.resolve("camt");
        for (Path xml : files(dir, ".xml")) {
            if (xml.toString().contains("/xsd/")) {
                continue;
            }
            t.files++;
            t.current = ROOT.relativize(xml).toString();
            Path answer = Paths.get(xml.toString().replaceAll("\\.xml$", ".json"));
            Outcome o = read(xml);
            count(t, o);
            if (!Files.exists(answer)) {
                note(t, xml, o, "no answer");
                continue;
            }
            t.withAnswers++;
            if (o.error != null) {
                t.unexpectedRejections++;
                note(t, xml, o, "answers read it");
                continue;
            }
            JsonNode d = JSON.readTree(answer.toFile());
            List<JsonNode> entries = new ArrayList<>();
            List<JsonNode> seenRecords = new ArrayList<>();
            JsonNode lastRecord = null;
            for (JsonNode e : d.path("getEntries")) {
                entries.add(e);
                JsonNode r = e.path("getRecord");
                if (r.isObject()) {
                    lastRecord = r;
                    seenRecords.add(r);
                }
            }
            // statements in document order: records already serialised appear as "__RECURSIVITY__"
            List<JsonNode> records = new ArrayList<>();
            int next = 0;
            for (JsonNode r : d.path("getRecords")) {
                if (r.isObject()) {
                    records.add(r);
                } else if (next < seenRecords.size()) {
                    records.add(seenRecords.get(next++));
                }
            }
            if (records.isEmpty() && lastRecord != null) {
                records.add(lastRecord);
            }
            List<CollectingHandler.Statement> ours = o.handler.statements;
            for (int i = 0; i < Math.min(records.size(), ours.size()); i++) {
                JsonNode r = records.get(i);
                CollectingHandler.Statement s = ours.get(i);
                t.statementField("account", text(r.path("getAccount").path("getIdentification")),
                        s.header.account());
                for (JsonNode b : r.path("getBalances")) {
                    String type = b.path("getType").asText();
                    String ccy = b.path("getAmount").path("getCurrency").path("getCode").asText();
                    BigDecimal exp = new BigDecimal(b.path("getAmount").path("getAmount").asText());
                    if (type.equals("opening")) {
                        t.statementField("openingBalance", exp, minor(s.header.openingBalance(), ccy));
                    } else if (type.equals("closing")) {
                        t.statementField("closingBalance", exp, minor(s.trailer.closingBalance(), ccy));
                    }
                }
            }
            List<PaymentEntry> got = o.handler.entries();
            txCounts(t, entries.size(), got.size());
            for (int i = 0; i < Math.min(entries.size(), got.size()); i++) {
                JsonNode e = entries.get(i);
                PaymentEntry p = got.get(i);
                t.txCompared++;
                String ccy = e.path("getAmount").path("getCurrency").path("getCode").asText();
                t.field("amount", new BigDecimal(e.path("getAmount").path("getAmount").asText()),
                        minor(p.amount(), ccy));
                t.field("currency", ccy, p.currency());
                t.field("bookingDate", date(e.path("getBookingDate")), str(p.bookingDate()));
                t.field("valueDate", date(e.path("getValueDate")), str(p.valueDate()));
                t.field("bankReference", text(e.path("getAccountServicerReference")), p.bankReference());
                JsonNode td = null;
                for (JsonNode x : e.path("getTransactionDetails")) {
                    td = x.isObject() ? x : e.path("getTransactionDetail");
                    break;
                }
                if (td == null) {
                    continue;
                }
                t.field("endToEndId", text(td.path("getReference").path("getEndToEndId")), p.endToEndId());
                String payer = null;
                String payerAccount = null;
                for (JsonNode rp : td.path("getRelatedParties")) {
                    if (rp.path("getRelatedPartyType").path("__CLASS__").asText().endsWith("\\Debtor")) {
                        payer = text(rp.path("getRelatedPartyType").path("getName"));
                        payerAccount = text(rp.path("getAccount").path("getIdentification"));
                    }
                }
                t.field("payerName", payer, p.payerName());
                t.field("payerAccount", payerAccount, p.payerAccount());
                JsonNode ri = td.path("getRemittanceInformation");
                t.field("remittance", text(ri.path("getMessage")), p.remittance());
                t.field("structuredReference",
                        text(ri.path("getCreditorReferenceInformation").path("getRef")), p.structuredReference());
                t.field("returnReason", text(td.path("getReturnInformation").path("getCode")), p.returnReason());
            }
        }
        return t;
    }

    // ------------------------------------------------------------------------------------------------ MT940

    private Tally mt940() throws IOException {
        Tally t = new Tally("mt940");
        Path dir = ROOT.resolve("mt940");
        List<Path> inputs = new ArrayList<>(files(dir, ".sta"));
        inputs.addAll(files(dir, ".txt"));
        for (Path f : inputs) {
            t.files++;
            t.current = ROOT.relativize(f).toString();
            Outcome o = read(f);
            count(t, o);
            Path answer = Paths.get(f.toString().replaceAll("\\.(sta|txt)$", ".expected.json"));
            if (!Files.exists(answer)) {
                note(t, f, o, "no answer");
                continue;
            }
            t.withAnswers++;
            if (o.error != null) {
                t.unexpectedRejections++;
                note(t, f, o, "answers read it");
                continue;
            }
            JsonNode d = JSON.readTree(answer.toFile());
            JsonNode st = d.path("statement");
            List<CollectingHandler.Statement> ours = o.handler.statements;
            if (ours.size() == 1 && st.size() > 0) {
                CollectingHandler.Statement s = ours.get(0);
                t.statementField("account", text(st.path("account_identification")), s.header.account());
                JsonNode ob = st.has("final_opening_balance") ? st.path("final_opening_balance")
                        : st.path("intermediate_opening_balance");
                JsonNode cb = st.has("final_closing_balance") ? st.path("final_closing_balance")
                        : st.path("intermediate_closing_balance");
                t.statementField("openingBalance", dec(ob.path("amount").path("amount")), s.header.openingBalance());
                t.statementField("closingBalance", dec(cb.path("amount").path("amount")),
                        s.trailer.closingBalance());
            }
            List<JsonNode> txs = new ArrayList<>();
            d.path("transactions").forEach(txs::add);
            List<PaymentEntry> got = o.handler.entries();
            txCounts(t, txs.size(), got.size());
            for (int i = 0; i < Math.min(txs.size(), got.size()); i++) {
                JsonNode x = txs.get(i);
                PaymentEntry p = got.get(i);
                t.txCompared++;
                t.field("amount", dec(x.path("amount").path("amount")), p.amount());
                String ccy = text(x.path("currency"));
                if (ccy == null) {
                    ccy = text(x.path("amount").path("currency"));
                }
                t.field("currency", ccy, p.currency());
                t.field("valueDate", text(x.path("date")), str(p.valueDate()));
                t.field("bookingDate", text(x.path("entry_date")), str(p.bookingDate()));
                t.field("bankReference", text(x.path("bank_reference")), p.bankReference());
                t.field("endToEndId", text(x.path("end_to_end_reference")), p.endToEndId());
                t.field("payerName", text(x.path("applicant_name")), p.payerName());
                t.field("payerAccount", text(x.path("applicant_iban")), p.payerAccount());
                String purpose = text(x.path("purpose"));
                t.field("remittance", purpose != null ? purpose : text(x.path("transaction_details")),
                        p.remittance());
            }
        }
        return t;
    }

    // ------------------------------------------------------------------------------------------------ NACHA

    private Tally nacha() throws IOException {
        Tally t = new Tally("nacha");
        Path dir = ROOT.resolve("nacha-ach");
        JsonNode answers = JSON.readTree(dir.resolve("ach-declared-controls.json").toFile()).path("files");
        Path base = dir.resolve("moov-io-ach");
        List<Path> inputs = files(base, "").stream()
                .filter(p -> !p.getFileName().toString().startsWith("LICENSE"))
                .filter(p -> !p.toString().endsWith(".json"))
                .collect(Collectors.toList());
        for (Path f : inputs) {
            t.files++;
            t.current = ROOT.relativize(f).toString();
            Outcome o = read(f);
            count(t, o);
            String key = base.relativize(f).toString().replace('\\', '/');
            JsonNode a = answers.path(key);
            if (a.isMissingNode()) {
                note(t, f, o, "no answer");
                continue;
            }
            t.withAnswers++;
            boolean invalid = a.path("name_suggests_invalid").asBoolean() || a.path("file_control").isNull();
            if (invalid) {
                t.expectedInvalid++;
                if (o.error != null) {
                    t.expectedInvalidRejected++;
                    note(t, f, o, "expected invalid");
                } else {
                    note(t, f, o, "EXPECTED INVALID BUT ACCEPTED");
                }
                continue;
            }
            if (o.error != null) {
                t.unexpectedRejections++;
                note(t, f, o, "answers do not mark it invalid");
                continue;
            }
            List<JsonNode> expected = new ArrayList<>();
            for (JsonNode b : a.path("batches")) {
                boolean adv = "280".equals(b.path("service_class").asText());
                for (JsonNode e : b.path("entries")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) e).put("_adv", adv);
                    expected.add(e);
                }
            }
            List<PaymentEntry> got = o.handler.entries();
            txCounts(t, expected.size(), got.size());
            // declared control totals against the entries read
            long debit = 0;
            long credit = 0;
            for (PaymentEntry p : got) {
                long cents = p.amount().movePointRight(2).longValueExact();
                if (cents < 0) {
                    debit -= cents;
                } else {
                    credit += cents;
                }
            }
            JsonNode fc = a.path("file_control");
            t.statementField("declaredTotalDebit", BigDecimal.valueOf(fc.path("total_debit_cents").asLong()),
                    BigDecimal.valueOf(debit));
            t.statementField("declaredTotalCredit", BigDecimal.valueOf(fc.path("total_credit_cents").asLong()),
                    BigDecimal.valueOf(credit));
            List<String> expCodes = new ArrayList<>();
            a.path("return_codes").forEach(c -> expCodes.add(c.asText()));
            a.path("change_codes").forEach(c -> expCodes.add(c.asText()));
            List<String> gotCodes = got.stream().map(PaymentEntry::returnReason).filter(Objects::nonNull)
                    .collect(Collectors.toList());
            t.statementField("returnAndChangeCodes", String.join(",", expCodes), String.join(",", gotCodes));
            for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
                JsonNode x = expected.get(i);
                PaymentEntry p = got.get(i);
                t.txCompared++;
                int code = x.path("transaction_code").asInt();
                boolean adv = x.path("_adv").asBoolean();
                boolean creditCode = adv ? code % 2 == 1 : code % 10 <= 4;
                BigDecimal amount = BigDecimal.valueOf(x.path("amount_cents").asLong(), 2);
                t.field("amount", creditCode ? amount : amount.negate(), p.amount());
                t.field("payerAccount", text(x.path("account")), p.payerAccount());
                t.field("payerName", text(x.path("name")), p.payerName());
                t.field("endToEndId", text(x.path("individual_id")), p.endToEndId());
                t.field("bankReference", text(x.path("trace")), p.bankReference());
                String reason = null;
                for (JsonNode ad : x.path("addenda")) {
                    reason = text(ad.has("return_code") ? ad.path("return_code") : ad.path("change_code"));
                    if (reason != null) {
                        break;
                    }
                }
                t.field("returnReason", reason, p.returnReason());
            }
        }
        return t;
    }

    // ------------------------------------------------------------------------------------------------ BAI2

    private Tally bai2() throws IOException {
        Tally t = new Tally("bai2");
        Path dir = ROOT.resolve("bai2");
        JsonNode answers = JSON.readTree(dir.resolve("bai2-declared-controls.json").toFile()).path("files");
        List<Path> inputs = files(dir, "").stream()
                .filter(p -> !p.getFileName().toString().startsWith("LICENSE"))
                .filter(p -> !p.toString().endsWith(".json") && !p.toString().endsWith(".pdf"))
                .collect(Collectors.toList());
        for (Path f : inputs) {
            t.files++;
            t.current = ROOT.relativize(f).toString();
            Outcome o = read(f);
            count(t, o);
            String key = dir.relativize(f).toString().replace('\\', '/');
            JsonNode a = answers.path(key);
            if (a.isMissingNode()) {
                // samples kept as parse errors have no answers: they must be rejected
                if (key.contains("/errors/")) {
                    t.expectedInvalid++;
                    if (o.error != null) {
                        t.expectedInvalidRejected++;
                    }
                    note(t, f, o, o.error != null ? "parse-error sample" : "PARSE-ERROR SAMPLE ACCEPTED");
                } else {
                    note(t, f, o, "no answer");
                }
                continue;
            }
            t.withAnswers++;
            if (!a.path("all_accounts_match").asBoolean(true)) {
                t.expectedInvalid++;
                if (o.error != null) {
                    t.expectedInvalidRejected++;
                    note(t, f, o, "declared totals do not match");
                } else {
                    note(t, f, o, "DECLARED TOTALS DO NOT MATCH BUT ACCEPTED");
                }
                continue;
            }
            if (o.error != null) {
                t.unexpectedRejections++;
                note(t, f, o, "answers read it");
                continue;
            }
            List<JsonNode> accounts = new ArrayList<>();
            a.path("accounts").forEach(accounts::add);
            List<CollectingHandler.Statement> ours = o.handler.statements;
            int expectedDetails = 0;
            for (JsonNode acc : accounts) {
                expectedDetails += acc.path("details").asInt();
            }
            txCounts(t, expectedDetails, o.handler.entries().size());
            for (int i = 0; i < Math.min(accounts.size(), ours.size()); i++) {
                JsonNode acc = accounts.get(i);
                CollectingHandler.Statement s = ours.get(i);
                t.txCompared++;
                t.field("account", text(acc.path("account")), s.header.account());
                t.field("currency", text(acc.path("currency")), s.header.currency());
                t.field("details", BigDecimal.valueOf(acc.path("details").asInt()),
                        BigDecimal.valueOf(s.entries.size()));
                BigDecimal sum = BigDecimal.ZERO;
                for (PaymentEntry p : s.entries) {
                    sum = sum.add(minor(p.amount().abs(), p.currency()));
                }
                t.field("detailAmountSum", BigDecimal.valueOf(acc.path("detail_amount_sum").asLong()), sum);
            }
        }
        return t;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void count(Tally t, Outcome o) {
        if (o.error == null) {
            t.accepted++;
            t.txRead += o.handler.entries().size();
            assertThat(o.handler.balanced()).as("statements closed").isTrue();
        } else {
            t.rejected++;
            assertThat(o.error.fileName()).isNotBlank();
            assertThat(o.error.problem()).isNotBlank();
        }
    }

    private static void txCounts(Tally t, int expected, int got) {
        t.txExpected += expected;
        t.filesCompared++;
        if (expected == got) {
            t.filesCountMatch++;
        }
    }

    private static void note(Tally t, Path f, Outcome o, String why) {
        String rel = ROOT.relativize(f).toString();
        if (o.error != null) {
            t.notes.add(String.format(Locale.ROOT, "  rejected  %-62s [%s] %s", rel, why,
                    o.error.location() + ": " + o.error.problem()));
        } else {
            t.notes.add(String.format(Locale.ROOT, "  read      %-62s [%s] %d statement(s), %d entries", rel, why,
                    o.handler.statements.size(), o.handler.entries().size()));
        }
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static BigDecimal minor(BigDecimal amount, String ccy) {
        return amount == null ? null : amount.movePointRight(Money.fractionDigits(ccy));
    }

    private static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        String s = n.asText();
        return s.isEmpty() ? null : s;
    }

    private static BigDecimal dec(JsonNode n) {
        String s = text(n);
        return s == null ? null : new BigDecimal(s);
    }

    private static String date(JsonNode n) {
        String s = text(n.path("0"));
        return s == null ? null : s.substring(0, 10);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String report(List<Tally> tallies, String title) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n=== Bank file conformance against published answers (").append(title).append(") ===\n");
        sb.append(String.format(Locale.ROOT, "%-6s %5s %7s %8s %8s %12s %10s %8s %7s %8s %10s %9s%n", "format",
                "files", "answers", "accepted", "rejected", "exp.invalid", "unexp.rej", "tx exp", "tx read",
                "tx cmp", "cnt match", "agreement"));
        for (Tally t : tallies) {
            sb.append(String.format(Locale.ROOT, "%-6s %5d %7d %8d %8d %12s %10d %8d %7d %8d %10s %8.1f%%%n",
                    t.format, t.files, t.withAnswers, t.accepted, t.rejected,
                    t.expectedInvalidRejected + "/" + t.expectedInvalid + " rej", t.unexpectedRejections,
                    t.txExpected, t.txRead, t.txCompared, t.filesCountMatch + "/" + t.filesCompared,
                    100 * t.agreement()));
        }
        int matched = tallies.stream().mapToInt(Tally::matched).sum();
        int compared = tallies.stream().mapToInt(Tally::compared).sum();
        sb.append(String.format(Locale.ROOT, "overall transaction field agreement: %d/%d = %.1f%%%n", matched,
                compared, compared == 0 ? 100.0 : 100.0 * matched / compared));
        for (Tally t : tallies) {
            sb.append(String.format(Locale.ROOT, "%n-- %s: field agreement (matched/compared)%n", t.format));
            appendFields(sb, t.fields);
            if (!t.statementFields.isEmpty()) {
                sb.append("   statement / control level:\n");
                appendFields(sb, t.statementFields);
            }
            if (!t.notes.isEmpty()) {
                sb.append("   files of note:\n");
                t.notes.forEach(n -> sb.append(n).append('\n'));
            }
        }
        return sb.toString();
    }

    private static void appendFields(StringBuilder sb, Map<String, int[]> fields) {
        Map<String, int[]> sorted = new TreeMap<>(fields);
        for (Iterator<Map.Entry<String, int[]>> it = sorted.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, int[]> e = it.next();
            int[] c = e.getValue();
            sb.append(String.format(Locale.ROOT, "   %-22s %5d/%-5d %6.1f%%%n", e.getKey(), c[0], c[1],
                    c[1] == 0 ? 100.0 : 100.0 * c[0] / c[1]));
        }
    }
}
