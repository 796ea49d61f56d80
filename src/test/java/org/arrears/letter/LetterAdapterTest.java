package org.arrears.letter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ContactPointProfile;
import org.arrears.compliance.DebtorProfile;
import org.arrears.compliance.ReasonCode;
import org.arrears.config.Settings;
import org.arrears.outreach.ChannelAdapter;
import org.arrears.outreach.ClaimedMessage;
import org.arrears.outreach.Delivery;
import org.arrears.outreach.DeliveryException;
import org.arrears.outreach.InvoiceLine;
import org.arrears.outreach.MessageContext;
import org.arrears.outreach.TemplateException;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.DunningStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The letter channel over a real print outbox folder: letters rendered with openhtmltopdf and read back with PDFBox. */
class LetterAdapterTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    static Settings settings(Path outbox, Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("arrears.letter.outbox", outbox.toString(),
                "arrears.letter.layout.US", "us-10", "arrears.letter.postage-class.US", "first-class"));
        all.putAll(more);
        return Settings.load(Path.of("config/application.properties")).with(all);
    }

    static LetterAdapter adapter(Path outbox, Iterator<String> batchIds) {
        LetterSettings s = LetterSettings.from(settings(outbox, Map.of()));
        return new LetterAdapter(s, new LetterRenderer(LetterRendererTest.TEMPLATES, LetterRendererTest.MODEL, s),
                LetterRendererTest.TEMPLATES, CLOCK, batchIds::next);
    }

    /** A claimed letter message as the dispatcher reads it: debtor, jurisdiction, the contact point's address. */
    static MessageContext context(long id, String name, String jurisdiction, String address) {
        ClaimedMessage m = new ClaimedMessage(id, "tok" + id, 9000 + id, "EUR", 1, "standard", "reminder", 1, "letter",
                "reminder", 70 + id, address, 0, UUID.randomUUID());
        DebtorProfile debtor = new DebtorProfile(9000 + id, true, jurisdiction, ZoneId.of("Europe/Berlin"), null, List.of(),
                false, false, false, false, null, null, null);
        ContactPointProfile cp = new ContactPointProfile(70 + id, Channel.LETTER, address, null, null, null, false, false,
                null, false, null);
        List<InvoiceLine> invoices = List.of(new InvoiceLine(1, "INV-2026-" + id, "EUR", LocalDate.of(2026, 9, 1),
                LocalDate.of(2026, 10, 1), new BigDecimal("120.00"), new BigDecimal("120.00"), "RF18" + id, false));
        return new MessageContext(m, name, Locale.ENGLISH, debtor, cp, invoices, List.of(), List.of());
    }

    @Test
    void threeDeliveredLettersBecomeOnePrintBatchOnlyWhenTheSessionCommits() throws Exception {
        Path outbox = tmp.resolve("print");
        LetterAdapter adapter = adapter(outbox, List.of("b-1").iterator());
        List<Delivery> deliveries = new ArrayList<>();
        try (ChannelAdapter.Session s = adapter.open()) {
            deliveries.add(s.deliver(context(11, "Alice Example", "DE", "Gartenstraße 7\n10115 Berlin")));
            deliveries.add(s.deliver(context(12, "Bob Sample", "US-IL", "1600 Elm Street Apt 4\nSpringfield IL 62704")));
            deliveries.add(s.deliver(context(13, "Carol Jones", "FR", "22 Rue de Rivoli\n75001 Paris\nFRANCE")));
            assertThat(Files.exists(outbox.resolve("b-1.done"))).as("nothing is written before the commit").isFalse();
            s.commit();
        }
        assertThat(deliveries).extracting(Delivery::providerMessageId).containsExactly("b-1#1", "b-1#2", "b-1#3");
        assertThat(deliveries).extracting(Delivery::providerResponse).containsOnly("b-1.pdf");
        assertThat(deliveries.get(0).content()).startsWith("%PDF".getBytes());
        try (Stream<Path> files = Files.list(outbox)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("b-1.csv", "b-1.done", "b-1.json", "b-1.pdf");
        }
        try (PDDocument doc = Loader.loadPDF(outbox.resolve("b-1.pdf").toFile())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(3);
            PDFTextStripper text = new PDFTextStripper();
            text.setStartPage(2);
            text.setEndPage(2);
            assertThat(text.getText(doc)).contains("Bob Sample").contains("Springfield IL 62704")
                    .contains("Northwind Supplies Ltd");
        }
        assertThat(Files.readAllLines(outbox.resolve("b-1.csv"))).containsExactly(
                "communication_id,recipient,country,pages,sheets,postage_class,sides,first_page",
                "11,Alice Example,DE,1,1,standard,simplex,1",
                "12,Bob Sample,US,1,1,first-class,simplex,2",
                "13,Carol Jones,FR,1,1,standard,simplex,3");
        assertThat(Files.readString(outbox.resolve("b-1.done"))).startsWith("letters=3\n");
        JsonNode envelope = new ObjectMapper().readTree(outbox.resolve("b-1.json").toFile()).get("envelope");
        assertThat(envelope.get("return_name").asText()).isEqualTo("Acme Supplies Ltd");
        assertThat(envelope.get("return_address").asText()).isEqualTo("1 Harbour Street, Bristol BS1 4AA, United Kingdom");
    }

    @Test
    void aBatchThatCannotBeWrittenThrowsAndLeavesNoFileOfItBehind() throws Exception {
        Path outbox = tmp.resolve("print");
        Files.createDirectories(outbox);
        // the marker's temporary name is taken by a (removable) folder: the PDF and manifests are in place when the
        // marker fails
        Files.createDirectory(outbox.resolve(".b-1.done.tmp"));
        LetterAdapter adapter = adapter(outbox, List.of("b-1", "b-2").iterator());
        try (ChannelAdapter.Session s = adapter.open()) {
            s.deliver(context(21, "Alice Example", "DE", "Gartenstraße 7\n10115 Berlin"));
            s.deliver(context(22, "Dora Demo", "DE", "Hauptstraße 1\n80331 München"));
            assertThatThrownBy(s::commit).isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("cannot write print batch b-1 of 2 letters")
                    .satisfies(e -> assertThat(((DeliveryException) e).kind()).isEqualTo(DeliveryException.Kind.GATEWAY_DOWN));
            try (Stream<Path> files = Files.list(outbox)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("no PDF, manifest or marker of b-1").isEmpty();
            }
            assertThat(adapter.health().up()).isFalse();

            // the dispatcher retries the letters: they go into the next batch
            Delivery again = s.deliver(context(21, "Alice Example", "DE", "Gartenstraße 7\n10115 Berlin"));
            s.commit();
            assertThat(again.providerMessageId()).isEqualTo("b-2#1");
            assertThat(Files.readString(outbox.resolve("b-2.done"))).startsWith("letters=1\n");
        }
    }

    @Test
    void anOutboxUnderAFileIsNotWritableAndTheCommitThrows() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("not-a-folder"), "x");
        LetterAdapter adapter = adapter(blocker.resolve("print"), List.of("b-1").iterator());
        try (ChannelAdapter.Session s = adapter.open()) {
            s.deliver(context(31, "Alice Example", "DE", "Gartenstraße 7\n10115 Berlin"));
            assertThatThrownBy(s::commit).isInstanceOf(DeliveryException.class).hasMessageContaining("not-a-folder");
        }
        assertThat(Files.readString(blocker)).isEqualTo("x");
    }

    @Test
    void anIncompleteAddressIsRefusedAsUndeliverableWithoutRenderingALetter() throws Exception {
        Path outbox = tmp.resolve("print");
        LetterAdapter adapter = adapter(outbox, List.of("b-1").iterator());
        try (ChannelAdapter.Session s = adapter.open()) {
            assertThatThrownBy(() -> s.deliver(context(41, "Alice Example", "DE", "Gartenstraße 7")))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("letter 41: the postal address has 1 line(s)")
                    .satisfies(e -> {
                        DeliveryException d = (DeliveryException) e;
                        assertThat(d.kind()).isEqualTo(DeliveryException.Kind.RECIPIENT_REFUSED);
                        assertThat(d.addressReason()).isEqualTo(ReasonCode.UNDELIVERABLE);
                    });
            assertThatThrownBy(() -> s.deliver(context(42, "Bob Sample", null, "1 Elm St\nSpringfield IL 62704")))
                    .isInstanceOf(DeliveryException.class).hasMessageContaining("jurisdiction 'null' names no country")
                    .satisfies(e -> assertThat(((DeliveryException) e).addressReason()).isEqualTo(ReasonCode.UNDELIVERABLE));
            assertThatThrownBy(() -> s.deliver(context(43, "Bob Sample", "US", "a\nb\nc\nd\ne\nf")))
                    .isInstanceOf(DeliveryException.class).hasMessageContaining("has 6 lines");
            s.commit();
        }
        assertThat(Files.exists(outbox)).as("a session with no letter writes no batch").isFalse();
    }

    @Test
    void startupRendersEveryLetterTemplateAPolicyNamesAndNamesThePolicyLineOfAMissingOne() {
        LetterAdapter adapter = adapter(tmp.resolve("print"), List.of("b-1").iterator());
        DunningStep ok = new DunningStep(0, "reminder", 7, List.of(Channel.EMAIL, Channel.LETTER), false, "reminder", null, false, null, null, 12);
        adapter.validateTemplates(List.of(policy(ok)));

        DunningStep missing = new DunningStep(1, "final", 30, List.of(Channel.LETTER), false, "no-such-letter", null, false, null, null, 19);
        assertThatThrownBy(() -> adapter.validateTemplates(List.of(policy(ok, missing))))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("letters.yaml:19: step 'final' uses letter template 'no-such-letter'")
                .hasMessageContaining("letter/no-such-letter/letter.ftlh does not exist");
    }

    @Test
    void aLetterTemplateThatCannotRenderStopsStartupNamingThePolicyLineAndTheTemplateLine() throws Exception {
        Path root = tmp.resolve("templates");
        try (Stream<Path> lib = Files.list(Path.of("templates/lib"))) {
            Files.createDirectories(root.resolve("lib"));
            for (Path f : lib.toList()) {
                Files.copy(f, root.resolve("lib").resolve(f.getFileName()));
            }
        }
        Files.createDirectories(root.resolve("letter/broken"));
        Files.writeString(root.resolve("letter/broken/letter.ftlh"), "<html>\n<body>\n<p>${debtor.nickname}</p>\n</body>\n</html>\n");
        org.arrears.outreach.TemplateRenderer templates = new org.arrears.outreach.TemplateRenderer(root);
        LetterSettings s = LetterSettings.from(settings(tmp.resolve("print"), Map.of()));
        LetterAdapter adapter = new LetterAdapter(s, new LetterRenderer(templates, LetterRendererTest.MODEL, s), templates, CLOCK);
        DunningStep broken = new DunningStep(0, "reminder", 7, List.of(Channel.LETTER), false, "broken", null, false, null, null, 8);
        assertThatThrownBy(() -> adapter.validateTemplates(List.of(policy(broken))))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("letters.yaml:8: step 'reminder' uses letter template 'broken'")
                .hasMessageContaining("letter/broken/letter.ftlh:3:");
    }

    static DunningPolicy policy(DunningStep... steps) {
        return new DunningPolicy("standard", "1", Path.of("config/policies/letters.yaml"), "", 1, null, Map.of(),
                BigDecimal.ZERO, 3, DunningPolicy.CatchUp.FIRST_STEP, List.of(steps));
    }
}
