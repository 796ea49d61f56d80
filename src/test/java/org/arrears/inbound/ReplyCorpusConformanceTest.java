package org.arrears.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Reads the public sample replies with published answers (kept outside the project, next to it) in place and
 * prints how far the rules agree: automatic replies (labels.json: is_auto_reply) and the stripped text of human
 * replies (expected.json: the new text once quoted history is stripped, compared exactly after white space is
 * normalised, against {@link ReplyText.Reply#withSignature()}, since the answers keep a device signature). Each part
 * is skipped when its folder is absent.
 */
class ReplyCorpusConformanceTest {

    private static final Path ROOT = Paths.get("../shared/corpora-dev/replies");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Session SESSION = Session.getInstance(new Properties());
    /** The agreement the rules reach on the development sample; the test fails below it. */
    private static final double AUTO_REPLY_TARGET = 1.0;
    private static final double STRIPPED_TEXT_TARGET = 1.0;

    @Test
    void automaticRepliesAgreeWithTheSamplesLabels() throws Exception {
        Path dir = ROOT.resolve("auto-replies/sisimai-rfc3834");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("labels.json")),
                "sample auto-replies (../shared/corpora-dev/replies/auto-replies) are absent, conformance test skipped");
        AutoReplies rules = new AutoReplies();
        JsonNode samples = JSON.readTree(dir.resolve("labels.json").toFile()).path("samples");
        int agree = 0;
        int total = 0;
        List<String> lines = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = samples.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean expected = e.getValue().path("is_auto_reply").asBoolean();
            AutoReplies.Verdict verdict;
            try (InputStream in = Files.newInputStream(dir.resolve(e.getKey()))) {
                verdict = rules.classify(new MimeMessage(SESSION, in));
            }
            total++;
            agree += verdict.automatic() == expected ? 1 : 0;
            lines.add(String.format("  %-28s expected %-5s got %-5s %s", e.getKey(), expected, verdict.automatic(),
                    verdict.reason() == null ? "" : "(" + verdict.reason() + ")"));
        }
        double rate = total == 0 ? 1 : (double) agree / total;
        System.out.printf("replies conformance: auto-reply agreement %d/%d (%.1f%%)%n", agree, total, 100 * rate);
        lines.forEach(System.out::println);
        assertThat(total).isPositive();
        assertThat(rate).isGreaterThanOrEqualTo(AUTO_REPLY_TARGET);
    }

    @Test
    void strippedReplyTextAgreesWithTheSamplesAnswers() throws Exception {
        Path dir = ROOT.resolve("talon-standard-replies");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("expected.json")),
                "sample replies (../shared/corpora-dev/replies/talon-standard-replies) are absent, conformance test skipped");
        ReplyText replies = new ReplyText();
        JsonNode samples = JSON.readTree(dir.resolve("expected.json").toFile()).path("samples");
        int agree = 0;
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = samples.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String expected = e.getValue().path("expected_reply_text").asText();
            ReplyText.Reply reply;
            try (InputStream in = Files.newInputStream(dir.resolve(e.getKey()))) {
                reply = replies.of(new MimeMessage(SESSION, in));
            }
            total++;
            boolean same = normalised(reply.withSignature()).equals(normalised(expected));
            agree += same ? 1 : 0;
            System.out.printf("  %-32s %s%s%n", e.getKey(), same ? "agrees" : "differs",
                    same ? "" : ": expected [" + normalised(expected) + "] got [" + normalised(reply.withSignature()) + "]");
        }
        double rate = total == 0 ? 1 : (double) agree / total;
        System.out.printf("replies conformance: stripped-text agreement %d/%d (%.1f%%)%n", agree, total, 100 * rate);
        printHtmlReplies(dir.resolve("html_replies"), replies);
        assertThat(total).isPositive();
        assertThat(rate).isGreaterThanOrEqualTo(STRIPPED_TEXT_TARGET);
    }

    /** The HTML samples have no answers in expected.json: their stripped text is printed for a person to judge. */
    private static void printHtmlReplies(Path dir, ReplyText replies) throws Exception {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String text = replies.strip(HtmlText.toText(Files.readString(file), 1 << 20)).withSignature();
                System.out.printf("  html_replies/%-20s [%s]%n", file.getFileName(), normalised(text));
            }
        }
    }

    /** White space runs (line ends included) as one space, trimmed. */
    static String normalised(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
