package org.arrears.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.arrears.sms.SmsKeywords.Kind;
import org.arrears.sms.smpp.ReceiptText;
import org.arrears.sms.smpp.SmppGateway;
import org.arrears.util.Sha256;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.MessageType;
import org.jsmpp.util.DefaultDecomposer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the public SMS vectors with published answers (kept outside the project, next to it) and compares what the
 * hub's parsers produce with the answers: SMPP delivery-receipt texts and one deliver_sm PDU
 * ({@link ReceiptText}, {@link SmppGateway#receiptOf}), Twilio webhook signatures ({@link WebhookSignatures}) and
 * the providers' opt-out, opt-in and help keywords ({@link SmsKeywords}). Skipped when the folder is absent. Every
 * answer is unambiguous, so each test prints its figures and asserts full agreement.
 *
 * <p>Receipts: a vector whose answer is {@code strict_parse_error} must be refused by
 * {@link ReceiptText#parseStrict}; every other one must be read by it with the answer's fields, and by the
 * gateway's lenient {@link ReceiptText#parse} too.
 */
class SmsCorpusConformanceTest {

    private static final Path ROOT = Paths.get("../shared/corpora-dev/sms");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** -Dconformance.verbose=true lists every differing field. */
    private static final boolean VERBOSE = Boolean.getBoolean("conformance.verbose");

    @BeforeAll
    static void corpusPresent() {
        Assumptions.assumeTrue(Files.isDirectory(ROOT),
                "sample SMS vectors (../shared/corpora-dev/sms) are absent, conformance test skipped");
    }

    /** Agreement counts per field or check, in the order first seen. */
    static final class Tally {
        final String name;
        final Map<String, int[]> checks = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();

        Tally(String name) {
            this.name = name;
        }

        void check(String what, Object expected, Object actual, String where) {
            int[] c = checks.computeIfAbsent(what, k -> new int[2]);
            c[1]++;
            if (Objects.equals(expected, actual)) {
                c[0]++;
            } else {
                notes.add("  differs  " + where + " " + what + ": expected [" + expected + "] got [" + actual + "]");
            }
        }

        int matched() {
            return checks.values().stream().mapToInt(c -> c[0]).sum();
        }

        int compared() {
            return checks.values().stream().mapToInt(c -> c[1]).sum();
        }

        String report() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: %d/%d agree (%.1f%%)%n", name,
                    matched(), compared(), compared() == 0 ? 100.0 : 100.0 * matched() / compared()));
            checks.forEach((k, c) -> b.append(String.format(Locale.ROOT, "  %-28s %d/%d%n", k, c[0], c[1])));
            if (VERBOSE || matched() < compared()) {
                notes.forEach(n -> b.append(n).append('\n'));
            }
            return b.toString();
        }
    }

    // ------------------------------------------------------------------------------------------------ SMPP receipts

    @Test
    void smppReceiptVectorsAgreeWithPublishedAnswers() throws IOException {
        Path file = ROOT.resolve("smpp-dlr/dlr-vectors.json");
        Assumptions.assumeTrue(Files.isRegularFile(file), file + " is absent");
        JsonNode d = JSON.readTree(file.toFile());
        Tally strict = new Tally("dlr-vectors.json text receipts, strict parser");
        Tally lenient = new Tally("dlr-vectors.json text receipts, gateway's parser");
        Tally states = new Tally("dlr-vectors.json states");
        Tally pdus = new Tally("dlr-vectors.json deliver_sm PDUs");
        int i = 0;
        for (JsonNode v : d.path("text_receipts")) {
            String where = "text_receipts[" + i++ + "]";
            String sm = v.path("short_message").asText();
            JsonNode expected = v.path("expected");
            if (expected.path("strict_parse_error").asBoolean(false)) {
                String refusal;
                try {
                    ReceiptText.parseStrict(sm);
                    refusal = null;
                } catch (IllegalArgumentException e) {
                    refusal = e.getMessage();
                }
                strict.check("refused", true, refusal != null, where);
                continue;
            }
            ReceiptText.Parsed s;
            try {
                s = ReceiptText.parseStrict(sm);
            } catch (IllegalArgumentException e) {
                strict.check("read", true, false, where + " (" + e.getMessage() + ")");
                s = null;
            }
            if (s != null) {
                strict.check("read", true, true, where);
                compareFields(strict, expected, s, where);
            }
            compareFields(lenient, expected, ReceiptText.parse(sm), where);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = d.path("stat_values").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean isFinal = !e.getValue().asText().toLowerCase(Locale.ROOT).contains("non-final");
            states.check("stat final or not", isFinal, ReceiptText.isFinal(e.getKey()), "stat " + e.getKey());
            states.check("stat is appendix B", true, ReceiptText.STATES.contains(e.getKey()), "stat " + e.getKey());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = d.path("tlv_message_state_values").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            states.check("message_state TLV name", ReceiptText.abbreviation(e.getValue().asText()),
                    ReceiptText.stateName(Integer.parseInt(e.getKey())), "message_state " + e.getKey());
        }
        i = 0;
        for (JsonNode p : d.path("pdus")) {
            String where = "pdus[" + i++ + "] " + p.path("name").asText();
            comparePdu(pdus, p, where);
        }
        System.out.println(strict.report() + lenient.report() + states.report() + pdus.report());

        for (Tally t : List.of(strict, lenient, states, pdus)) {
            assertThat(t.matched()).as(t.name + "\n" + t.report()).isEqualTo(t.compared());
        }
        assertThat(strict.checks.get("refused")).as("receipts the answers say a strict parser refuses").isNotNull();
        assertThat(pdus.compared()).as("PDU checks").isPositive();
    }

    private static void compareFields(Tally t, JsonNode expected, ReceiptText.Parsed p, String where) {
        if (expected.has("id")) {
            t.check("id", text(expected.get("id")), p.id(), where);
        }
        if (expected.has("sub")) {
            t.check("sub", integer(expected.get("sub")), p.sub(), where);
        }
        if (expected.has("dlvrd")) {
            t.check("dlvrd", integer(expected.get("dlvrd")), p.dlvrd(), where);
        }
        if (expected.has("submit_date")) {
            t.check("submit date", date(expected.get("submit_date")), p.submitDate(), where);
        }
        if (expected.has("done_date")) {
            t.check("done date", date(expected.get("done_date")), p.doneDate(), where);
        }
        if (expected.has("stat")) {
            t.check("stat", text(expected.get("stat")), p.stat(), where);
        }
        if (expected.has("err")) {
            t.check("err", integer(expected.get("err")), p.errorCode(), where);
        }
        if (expected.has("text")) {
            t.check("text", text(expected.get("text")), p.text(), where);
        }
    }

    private static void comparePdu(Tally t, JsonNode p, String where) {
        byte[] bytes = HexFormat.of().parseHex(p.path("hex").asText().strip());
        JsonNode expected = p.path("expected");
        if (p.has("length_check")) {
            int declared = ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
            t.check("command_length", p.path("length_check").asText().equals("ok"), declared == bytes.length, where);
        }
        DeliverSm d;
        try {
            d = new DefaultDecomposer().deliverSm(bytes);
        } catch (Exception e) {
            t.check("decoded", true, false, where + " (" + e + ")");
            return;
        }
        t.check("decoded", true, true, where);
        if (expected.has("command_id")) {
            t.check("command_id", Integer.decode(expected.get("command_id").asText().split("\\s+")[0]), d.getCommandId(), where);
        }
        if (expected.has("esm_class")) {
            t.check("esm_class is a receipt", expected.get("esm_class").asText().toLowerCase(Locale.ROOT).contains("receipt"),
                    MessageType.SMSC_DEL_RECEIPT.containedIn(d.getEsmClass()), where);
        }
        if (expected.has("short_message")) {
            t.check("short_message", expected.get("short_message").asText(),
                    new String(d.getShortMessage(), StandardCharsets.ISO_8859_1), where);
        }
        ReceiptText.Parsed r = SmppGateway.receiptOf(d);
        if (expected.has("tlv_receipted_message_id")) {
            t.check("receipt id (TLV 0x001E)", expected.get("tlv_receipted_message_id").asText(), r.id(), where);
        }
        if (expected.has("tlv_message_state")) {
            t.check("receipt state (TLV 0x0427)", ReceiptText.stateName(expected.get("tlv_message_state").asInt()),
                    r.stat(), where);
        }
        if (expected.has("short_message")) {
            ReceiptText.Parsed fromText = ReceiptText.parse(expected.get("short_message").asText());
            t.check("receipt's other fields", fromText.withIdAndStat(r.id(), r.stat()), r, where);
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Integer integer(JsonNode n) {
        return n == null || n.isNull() ? null : Integer.valueOf(n.asText().strip());
    }

    private static LocalDateTime date(JsonNode n) {
        return n == null || n.isNull() ? null : LocalDateTime.parse(n.asText());
    }

    // ------------------------------------------------------------------------------------------------ Twilio

    @Test
    void twilioSignatureVectorsAgreeWithPublishedAnswers() throws IOException {
        Path file = ROOT.resolve("twilio/signature-vectors.json");
        Assumptions.assumeTrue(Files.isRegularFile(file), file + " is absent");
        Tally t = new Tally("signature-vectors.json");
        int i = 0;
        for (JsonNode v : JSON.readTree(file.toFile()).path("vectors")) {
            String where = "vectors[" + i++ + "] " + v.path("name").asText();
            String token = v.path("auth_token").asText();
            String url = v.path("url").asText();
            List<Map.Entry<String, String>> params = new ArrayList<>();
            v.path("params").fields().forEachRemaining(e -> {
                if (e.getValue().isArray()) {
                    e.getValue().forEach(x -> params.add(Map.entry(e.getKey(), x.asText())));
                } else {
                    params.add(Map.entry(e.getKey(), e.getValue().asText()));
                }
            });
            String signature = v.path("expected_signature").asText();
            boolean valid = v.path("expect_valid").asBoolean();
            if (v.has("signed_url")) {
                t.check("signature", signature, WebhookSignatures.twilioSignature(token, v.get("signed_url").asText(), params), where);
            }
            byte[] body = v.has("raw_body") ? v.get("raw_body").asText().getBytes(StandardCharsets.UTF_8) : null;
            if (body != null && v.has("expected_body_sha256")) {
                t.check("bodySHA256", v.get("expected_body_sha256").asText(), Sha256.hex(body), where);
            }
            Set<String> seen = new HashSet<>();
            WebhookSignatures signatures = new WebhookSignatures(Clock.systemUTC(), Duration.ofDays(1),
                    (key, forgetAfter) -> seen.add(key));
            WebhookSignatures.Check check = body != null
                    ? signatures.verifyTwilioBody(token, url, body, signature)
                    : signatures.verifyTwilio(token, url, params, signature);
            t.check("validity", valid, check.accepted(), where + " (" + check.reason() + ")");
        }
        System.out.println(t.report());
        assertThat(t.compared()).as("checks").isPositive();
        assertThat(t.matched()).as(t.report()).isEqualTo(t.compared());
    }

    // ------------------------------------------------------------------------------------------------ keywords

    @Test
    void documentedKeywordListsClassifyAsTheirList() throws IOException {
        Path file = ROOT.resolve("twilio/opt-keywords.json");
        Assumptions.assumeTrue(Files.isRegularFile(file), file + " is absent");
        JsonNode d = JSON.readTree(file.toFile());
        SmsKeywords keywords = new SmsKeywords();
        Tally t = new Tally("opt-keywords.json");
        Set<String> lists = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Kind kind = kindOfList(e.getKey());
            if (!e.getValue().isArray() || kind == null) {
                continue;
            }
            lists.add(e.getKey());
            for (JsonNode w : e.getValue()) {
                String word = w.asText();
                String where = e.getKey() + " '" + word + "'";
                t.check("as listed", kind, keywords.classify(word), where);
                t.check("lower case, padded", kind, keywords.classify("  " + word.toLowerCase(Locale.ROOT) + " "), where);
            }
        }
        int i = 0;
        for (JsonNode example : d.path("labelled_examples")) {
            String where = "labelled_examples[" + i++ + "]";
            String text = first(example, "text", "message", "body", "input");
            String label = first(example, "expected", "class", "kind", "label", "category");
            Kind kind = label == null ? null : kindOfLabel(label);
            if (text == null || kind == null) {
                t.notes.add("  unread   " + where + ": " + example);
                continue;
            }
            t.check("labelled example", kind, keywords.classify(text), where + " '" + text + "'");
        }
        System.out.println(t.report());
        assertThat(lists).as("keyword lists read").isNotEmpty();
        assertThat(t.matched()).as(t.report()).isEqualTo(t.compared());
    }

    /** The class a list's name says: {@code ..._opt_out...}, {@code ..._opt_in...}, {@code ..._help...}. */
    private static Kind kindOfList(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith("_source") || n.endsWith("_sources") || n.endsWith("_note")) {
            return null;
        }
        if (n.contains("opt_out") || n.contains("optout")) {
            return Kind.OPT_OUT;
        }
        if (n.contains("opt_in") || n.contains("optin")) {
            return Kind.OPT_IN;
        }
        return n.contains("help") ? Kind.HELP : null;
    }

    private static Kind kindOfLabel(String label) {
        String l = label.toUpperCase(Locale.ROOT).replaceAll("[\\s\\-]+", "_");
        return switch (l) {
            case "OPT_OUT", "OPTOUT", "STOP" -> Kind.OPT_OUT;
            case "OPT_IN", "OPTIN", "START" -> Kind.OPT_IN;
            case "HELP", "INFO" -> Kind.HELP;
            case "OTHER", "NONE", "NOT_A_KEYWORD", "NO_KEYWORD", "NULL", "FALSE" -> Kind.OTHER;
            default -> null;
        };
    }

    private static String first(JsonNode n, String... names) {
        if (n.isTextual()) {
            return null;
        }
        for (String name : names) {
            if (n.has(name)) {
                return n.get(name).isNull() ? "NULL" : n.get(name).asText();
            }
        }
        return null;
    }
}
