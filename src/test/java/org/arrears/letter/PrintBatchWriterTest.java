package org.arrears.letter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.arrears.util.Sha256;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Print batches written to a real folder and read back: the batch PDF with PDFBox, the manifests, the marker. */
class PrintBatchWriterTest {

    static final Recipient CAROL = new Recipient("Carol \"CJ\" Jones, MD", List.of("22 Rue de Rivoli", "75001 Paris", "FRANCE"), "FR");
    static List<PrintBatchWriter.Entry> letters;

    @TempDir
    Path tmp;

    @BeforeAll
    static void renderThreeLetters() {
        LetterRenderer renderer = new LetterRenderer(LetterRendererTest.TEMPLATES, LetterRendererTest.MODEL);
        letters = List.of(
                new PrintBatchWriter.Entry(LetterRendererTest.ALICE,
                        renderer.render(LetterRendererTest.letter(501, EnvelopeLayout.DIN_5008_B, LetterRendererTest.ALICE, 2)), "standard"),
                new PrintBatchWriter.Entry(CAROL,
                        renderer.render(LetterRendererTest.letter(502, EnvelopeLayout.DIN_5008_B, CAROL, 40)), "priority"),
                new PrintBatchWriter.Entry(LetterRendererTest.BOB,
                        renderer.render(LetterRendererTest.letter(503, EnvelopeLayout.US_10, LetterRendererTest.BOB, 1)), "first-class"));
        assertThat(letters).extracting(e -> e.letter().pages()).containsExactly(1, 2, 1);
    }

    @Test
    void threeLettersMakeOnePdfAManifestWhoseRowsMatchAndADoneMarkerWithNoTemporaryFileLeft() throws Exception {
        Path outbox = tmp.resolve("print");
        PrintBatchWriter.Batch batch = new PrintBatchWriter(outbox, PrintBatchWriter.Sides.SIMPLEX).write("batch-2026-12-01-1", letters);

        assertThat(batch.pages()).isEqualTo(4);
        assertThat(batch.sheets()).isEqualTo(4);
        try (Stream<Path> files = Files.list(outbox)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("batch-2026-12-01-1.csv", "batch-2026-12-01-1.done", "batch-2026-12-01-1.json",
                            "batch-2026-12-01-1.pdf");
        }
        byte[] pdf = Files.readAllBytes(batch.pdf());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(4);
            assertThat(pageText(doc, 1)).contains("Alice Example");
            assertThat(pageText(doc, 2)).contains("Carol \"CJ\" Jones, MD").contains("Page 1 of 2");
            assertThat(pageText(doc, 3)).contains("Page 2 of 2");
            assertThat(pageText(doc, 4)).contains("Bob Sample");
        }

        List<String> csv = Files.readAllLines(batch.csv());
        assertThat(csv).containsExactly(
                "communication_id,recipient,country,pages,sheets,postage_class,sides,first_page",
                "501,Alice Example,DE,1,1,standard,simplex,1",
                "502,\"Carol \"\"CJ\"\" Jones, MD\",FR,2,2,priority,simplex,2",
                "503,Bob Sample,US,1,1,first-class,simplex,4");

        JsonNode json = new ObjectMapper().readTree(batch.json().toFile());
        assertThat(json.get("batch").asText()).isEqualTo("batch-2026-12-01-1");
        assertThat(json.get("pdf").asText()).isEqualTo("batch-2026-12-01-1.pdf");
        assertThat(json.get("pdf_sha256").asText()).isEqualTo(Sha256.hex(pdf));
        assertThat(json.get("pages").asInt()).isEqualTo(4);
        JsonNode rows = json.get("letters");
        assertThat(rows).hasSize(3);
        for (int i = 0; i < 3; i++) {
            PrintBatchWriter.Row row = batch.rows().get(i);
            JsonNode r = rows.get(i);
            assertThat(r.get("communication_id").asLong()).isEqualTo(row.communicationId());
            assertThat(r.get("recipient").asText()).isEqualTo(row.recipient());
            assertThat(r.get("country").asText()).isEqualTo(row.country());
            assertThat(r.get("pages").asInt()).isEqualTo(row.pages());
            assertThat(r.get("sheets").asInt()).isEqualTo(row.sheets());
            assertThat(r.get("postage_class").asText()).isEqualTo(row.postageClass());
            assertThat(r.get("sides").asText()).isEqualTo("simplex");
            assertThat(r.get("first_page").asInt()).isEqualTo(row.firstPage());
        }
        assertThat(rows.get(1).get("recipient").asText()).isEqualTo("Carol \"CJ\" Jones, MD");

        assertThat(Files.readString(batch.done())).isEqualTo("letters=3\npages=4\nsheets=4\npdf_sha256=" + Sha256.hex(pdf) + "\n");
    }

    @Test
    void aDuplexBatchStartsEveryLetterOnANewSheet() throws Exception {
        PrintBatchWriter.Batch batch = new PrintBatchWriter(tmp, PrintBatchWriter.Sides.DUPLEX).write("duplex-1", letters);

        assertThat(batch.rows()).extracting(PrintBatchWriter.Row::pages).containsExactly(1, 2, 1);
        assertThat(batch.rows()).extracting(PrintBatchWriter.Row::sheets).containsExactly(1, 1, 1);
        assertThat(batch.rows()).extracting(PrintBatchWriter.Row::firstPage).containsExactly(1, 3, 5);
        assertThat(batch.sheets()).isEqualTo(3);
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(batch.pdf()))) {
            assertThat(doc.getNumberOfPages()).isEqualTo(6);
            assertThat(pageText(doc, 2).strip()).isEmpty();
            assertThat(pageText(doc, 3)).contains("Carol");
            assertThat(pageText(doc, 5)).contains("Bob Sample");
        }
        assertThat(Files.readAllLines(batch.csv()).get(2)).endsWith(",FR,2,1,priority,duplex,3");
    }

    @Test
    void aBatchAlreadyInTheOutboxIsRefusedAndKeepsItsFiles() throws Exception {
        PrintBatchWriter writer = new PrintBatchWriter(tmp, PrintBatchWriter.Sides.SIMPLEX);
        PrintBatchWriter.Batch first = writer.write("b1", letters.subList(0, 1));
        byte[] before = Files.readAllBytes(first.pdf());

        assertThatThrownBy(() -> writer.write("b1", letters.subList(1, 2)))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("print batch b1 is already in the outbox");
        assertThat(Files.readAllBytes(first.pdf())).isEqualTo(before);
        assertThat(Files.exists(first.done())).isTrue();
    }

    @Test
    void aLetterThatIsNotAPdfFailsTheBatchNamingItAndLeavesNothingInTheOutbox() throws Exception {
        Path outbox = tmp.resolve("print");
        List<PrintBatchWriter.Entry> broken = List.of(letters.get(0), new PrintBatchWriter.Entry(CAROL,
                new RenderedLetter(777, "not a pdf".getBytes(), 1, "v"), "standard"));

        assertThatThrownBy(() -> new PrintBatchWriter(outbox, PrintBatchWriter.Sides.SIMPLEX).write("b2", broken))
                .hasMessageStartingWith("print batch: letter 777 is not a readable PDF");
        try (Stream<Path> files = Files.list(outbox)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aBatchIdThatIsNotAFileNameAndAPostageClassWithSpacesAreRefused() {
        PrintBatchWriter writer = new PrintBatchWriter(tmp, PrintBatchWriter.Sides.SIMPLEX);
        assertThatThrownBy(() -> writer.write("../elsewhere", letters))
                .hasMessage("print batch id '../elsewhere' must be letters, digits, dots, dashes and underscores, not starting with a dot");
        assertThatThrownBy(() -> new PrintBatchWriter.Entry(CAROL, letters.get(0).letter(), "First Class"))
                .hasMessage("print batch: letter 501 has postage class 'First Class': use lower-case letters, digits and dashes");
    }

    private static String pageText(PDDocument doc, int page) throws Exception {
        PDFTextStripper text = new PDFTextStripper();
        text.setStartPage(page);
        text.setEndPage(page);
        return text.getText(doc);
    }
}
