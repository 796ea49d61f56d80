package org.arrears.letter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.geom.Rectangle2D;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.PDFTextStripperByArea;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.PDFAIdentificationSchema;
import org.apache.xmpbox.xml.DomXmpParser;
import org.arrears.config.ConfigException;
import org.arrears.outreach.Company;
import org.arrears.outreach.InvoiceLine;
import org.arrears.outreach.MessageModel;
import org.arrears.outreach.OptOutLinks;
import org.arrears.outreach.TemplateRenderer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Letters rendered to PDF and read back with PDFBox: the envelope window, page numbers, PDF/A-2b. */
class LetterRendererTest {

    private static final Logger LOG = LoggerFactory.getLogger(LetterRendererTest.class);
    static final TemplateRenderer TEMPLATES = new TemplateRenderer(Path.of("templates"));
    static final Company COMPANY = new Company("Northwind Supplies Ltd", "12 Harbour Road\nBristol BS1 4DJ",
            "accounts@northwind.example", "+44 117 496 0000", "northwind.example", "");
    static final MessageModel MODEL = model(COMPANY);
    static final Recipient ALICE = new Recipient("Alice Example",
            List.of("Gartenstraße 7", "10115 Berlin", "GERMANY"), "de");
    static final Recipient BOB = new Recipient("Bob Sample", List.of("1600 Elm Street Apt 4", "Springfield IL 62704"), "US");

    static MessageModel model(Company company) {
        return new MessageModel(company, new OptOutLinks("letter-test-secret-0123456789", "https://hub.example"));
    }

    static Letter letter(long id, EnvelopeLayout layout, Recipient to, int invoices) {
        List<InvoiceLine> lines = new ArrayList<>();
        for (int i = 1; i <= invoices; i++) {
            lines.add(new InvoiceLine(i, "INV-2026-" + (4100 + i), "EUR", LocalDate.of(2026, 9, 1),
                    LocalDate.of(2026, 10, 1), new BigDecimal("1234.50"), new BigDecimal("987.65"), "RF18" + i, false));
        }
        return new Letter(id, "reminder", "reminder", Locale.ENGLISH, layout, 700000 + id, to, "EUR", LocalDate.of(2026, 12, 1),
                false, lines);
    }

    static double pt(double mm) {
        return mm * 72 / 25.4;
    }

    static String textIn(PDDocument doc, int pageIndex, double leftMm, double topMm, double widthMm, double heightMm)
            throws Exception {
        PDFTextStripperByArea area = new PDFTextStripperByArea();
        area.addRegion("r", new Rectangle2D.Double(pt(leftMm), pt(topMm), pt(widthMm), pt(heightMm)));
        area.extractRegions(doc.getPage(pageIndex));
        return area.getTextForRegion("r");
    }

    static String windowText(PDDocument doc, EnvelopeLayout l) throws Exception {
        return textIn(doc, 0, l.leftMm(), l.topMm(), l.widthMm(), l.heightMm());
    }

    @Test
    void theDin5008WindowHoldsTheReturnLineAndTheRecipientAndNothingAboutTheDebt() throws Exception {
        LetterRenderer renderer = new LetterRenderer(TEMPLATES, MODEL);
        RenderedLetter rendered = renderer.render(letter(41, EnvelopeLayout.DIN_5008_B, ALICE, 3));
        for (int warmUp = 0; warmUp < 20; warmUp++) {
            renderer.render(letter(100 + warmUp, EnvelopeLayout.DIN_5008_B, ALICE, 3));
        }
        long start = System.nanoTime();
        RenderedLetter warm = renderer.render(letter(42, EnvelopeLayout.DIN_5008_B, ALICE, 3));
        LOG.info("one letter render after 20 warm-up renders (DIN 5008 B, 3 invoices, PDF/A-2b): {} ms, {} bytes",
                (System.nanoTime() - start) / 1_000_000, warm.pdf().length);

        assertThat(rendered.pages()).isEqualTo(1);
        try (PDDocument doc = Loader.loadPDF(rendered.pdf())) {
            String window = windowText(doc, EnvelopeLayout.DIN_5008_B);
            assertThat(window).contains("Northwind Supplies Ltd · 12 Harbour Road, Bristol BS1 4DJ")
                    .contains("Alice Example").contains("Gartenstraße 7").contains("10115 Berlin").contains("GERMANY");
            assertWindowHoldsNothingAboutTheDebt(window);
            // the return line sits in the field's top 5 mm, the recipient below it
            assertThat(textIn(doc, 0, 20, 45, 85, 5)).contains("Northwind Supplies Ltd").doesNotContain("Alice");
            assertThat(textIn(doc, 0, 20, 50, 85, 40)).contains("Alice Example").doesNotContain("Harbour");
            // the debt is on the page, just not in the window
            String page = new PDFTextStripper().getText(doc);
            assertThat(page).contains("INV-2026-4101").contains("987.65").contains("Total open €2,962.95");
            // no recipient line spills out below the window
            assertThat(textIn(doc, 0, 20, 90, 85, 10)).doesNotContain("GERMANY").doesNotContain("Berlin");
        }
    }

    @Test
    void theUsNumber10WindowHoldsOnlyTheRecipientsNameAndAddress() throws Exception {
        RenderedLetter rendered = new LetterRenderer(TEMPLATES, MODEL).render(letter(43, EnvelopeLayout.US_10, BOB, 2));
        try (PDDocument doc = Loader.loadPDF(rendered.pdf())) {
            PDPage first = doc.getPage(0);
            assertThat(first.getMediaBox().getWidth()).isCloseTo(612f, org.assertj.core.data.Offset.offset(0.5f));
            assertThat(first.getMediaBox().getHeight()).isCloseTo(792f, org.assertj.core.data.Offset.offset(0.5f));
            String window = windowText(doc, EnvelopeLayout.US_10);
            assertThat(window).contains("Bob Sample").contains("1600 Elm Street Apt 4").contains("Springfield IL 62704")
                    .doesNotContain("Northwind");
            assertWindowHoldsNothingAboutTheDebt(window);
        }
    }

    private static void assertWindowHoldsNothingAboutTheDebt(String window) {
        assertThat(window.toLowerCase(Locale.ROOT))
                .doesNotContain("debt").doesNotContain("inv-").doesNotContain("eur").doesNotContain("€").doesNotContain("$").doesNotContain("987")
                .doesNotContain("reminder").doesNotContain("700041").doesNotContain("rf18").doesNotContain("invoice").doesNotContain("pay");
        assertThat(window).doesNotContainPattern("[0-9]+[.,][0-9]{2}\\b");
    }

    @Test
    void aLongInvoiceTableRunsOntoASecondPageNumberedPageOneAndTwoOfTwo() throws Exception {
        RenderedLetter rendered = new LetterRenderer(TEMPLATES, MODEL).render(letter(44, EnvelopeLayout.DIN_5008_B, ALICE, 40));
        assertThat(rendered.pages()).isEqualTo(2);
        try (PDDocument doc = Loader.loadPDF(rendered.pdf())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
            PDFTextStripper text = new PDFTextStripper();
            text.setStartPage(1);
            text.setEndPage(1);
            String one = text.getText(doc);
            text.setStartPage(2);
            text.setEndPage(2);
            String two = text.getText(doc);
            assertThat(one).contains("Page 1 of 2").contains("INV-2026-4101").doesNotContain("INV-2026-4140");
            assertThat(two).contains("Page 2 of 2").contains("INV-2026-4140").contains("Total open")
                    .contains("Kind regards");
            // the table's header repeats on the second page
            assertThat(two).contains("Invoice Issued Due Payment reference Amount Open");
        }
    }

    @Test
    void theLetterDeclaresPdfA2bInItsXmpMetadataAndEmbedsItsFonts() throws Exception {
        RenderedLetter rendered = new LetterRenderer(TEMPLATES, MODEL).render(letter(45, EnvelopeLayout.DIN_5008_B, ALICE, 2));
        try (PDDocument doc = Loader.loadPDF(rendered.pdf())) {
            var metadata = doc.getDocumentCatalog().getMetadata();
            assertThat(metadata).as("XMP metadata stream").isNotNull();
            XMPMetadata xmp = new DomXmpParser().parse(new ByteArrayInputStream(metadata.toByteArray()));
            PDFAIdentificationSchema pdfa = xmp.getPDFAIdentificationSchema();
            assertThat(pdfa).as("pdfaid schema").isNotNull();
            assertThat(pdfa.getPart()).isEqualTo(2);
            assertThat(pdfa.getConformance()).isEqualTo("B");
            assertThat(doc.getDocumentCatalog().getOutputIntents()).isNotEmpty();
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                PDFont font = doc.getPage(0).getResources().getFont(name);
                assertThat(font.isEmbedded()).as(font.getName() + " embedded").isTrue();
            }
        }
    }

    @Test
    void aDebtCollectorsFirstLetterCarriesTheValidationNoticeAndNoneOfItShowsThroughTheWindow() throws Exception {
        Company collector = new Company("Harbor Recovery Services", "500 Market St, Suite 9\nPhiladelphia PA 19106",
                "accounts@harbor.example", "+1 215 555 0100", "", "", "", Company.Bank.NONE, 30, "{debtor}", true,
                "Acme Telecom Inc");
        Letter first = new Letter(46, "reminder", "reminder", Locale.US, EnvelopeLayout.US_10, 880046, BOB, "USD",
                LocalDate.of(2026, 12, 1), true, List.of(new InvoiceLine(9, "INV-77", "USD", LocalDate.of(2026, 8, 1),
                LocalDate.of(2026, 9, 1), new BigDecimal("450.00"), new BigDecimal("300.00"), "RF47", false)));
        RenderedLetter rendered = new LetterRenderer(TEMPLATES, model(collector)).render(first);
        try (PDDocument doc = Loader.loadPDF(rendered.pdf())) {
            String all = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(all).contains("Validation notice")
                    .contains("Harbor Recovery Services is a debt collector. This is an attempt to collect a debt")
                    .contains("We are collecting a debt that you owe to Acme Telecom Inc")
                    .contains("www.cfpb.gov/debt-collection");
            String window = windowText(doc, EnvelopeLayout.US_10);
            assertThat(window).contains("Bob Sample").contains("Springfield IL 62704");
            assertWindowHoldsNothingAboutTheDebt(window);
            assertThat(window).doesNotContain("Acme").doesNotContain("880046").doesNotContain("300");
        }
    }

    @Test
    void aCreditorWhoseNameNamesDebtCollectionIsRefusedForTheReturnLine() {
        Company collector = new Company("ABC Collections", "1 Main St", "", "", "", "");
        assertThatThrownBy(() -> new LetterRenderer(TEMPLATES, model(collector)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("arrears.company.name").hasMessageContaining("ABC Collections")
                .hasMessageContaining("R14");
        assertThat(new LetterRenderer(TEMPLATES, model(new Company("ABC Services", "1 Main St", "", "", "", "")))).isNotNull();
    }

    @Test
    void anUnknownEnvelopeLayoutIsRefusedNamingTheAcceptedOnes() {
        assertThat(EnvelopeLayout.parse("din-5008-b")).isEqualTo(EnvelopeLayout.DIN_5008_B);
        assertThat(EnvelopeLayout.parse("US-10")).isEqualTo(EnvelopeLayout.US_10);
        assertThatThrownBy(() -> EnvelopeLayout.parse("c4"))
                .hasMessage("envelope layout 'c4' is not known: use din-5008-b or us-10");
    }
}
